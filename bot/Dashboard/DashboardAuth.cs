using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeadBot.Access;
using LeadBot.Insights;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace LeadBot.Dashboard;

public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>The key people type on the sign-in form. Unset: the dashboard answers only on this machine (local mode).</summary>
    public string? SignInKey { get; set; }
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(7);
    /// <summary>Key sign-in attempts allowed per client address per minute (<see cref="SignInLimit"/>).</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;
    /// <summary>
    /// True when the dashboard is a Teams tab: the cookie must then travel inside Teams' frame (SameSite=None; Secure, so
    /// HTTPS only). False keeps SameSite=Lax, which is safer when the dashboard is only opened in a browser. See <see cref="DashboardCookies"/>.
    /// </summary>
    public bool EmbeddedInTeams { get; set; }
    /// <summary>Sign-in with Microsoft Entra ID instead of (or beside) the key; see <see cref="DashboardEntraId"/>.</summary>
    public EntraIdSignInOptions EntraId { get; set; } = new();
}

/// <summary>
/// Who may see the dashboard: anyone with a session cookie made from the sign-in key, or, with no key configured,
/// callers on this machine only. The cookie holds an expiry and an HMAC of it, never the key itself.
/// </summary>
public sealed class DashboardAuth(IOptionsMonitor<DashboardOptions> options, DashboardCookies cookies, TimeProvider clock)
{
    public const string CookieName = "leadbot_dashboard";

    public bool KeyConfigured => !string.IsNullOrWhiteSpace(options.CurrentValue.SignInKey);
    public bool EntraIdConfigured => options.CurrentValue.EntraId.Enabled;

    /// <summary>A valid key session, or (nothing configured at all: local mode) a caller on this machine.</summary>
    public bool IsAllowed(HttpContext http) => KeyConfigured
        ? http.Request.Cookies[CookieName] is { } cookie && ValidSession(cookie)
        : !EntraIdConfigured && ThisMachine.Sent(http);

    /// <summary>True (and the session cookie set) when <paramref name="presented"/> is the sign-in key.</summary>
    public bool SignIn(HttpContext http, string? presented)
    {
        var key = options.CurrentValue.SignInKey;
        if (string.IsNullOrWhiteSpace(key) || string.IsNullOrEmpty(presented)) return false;
        // Hashing first makes the comparison independent of the content and the length of the real key.
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), SHA256.HashData(Encoding.UTF8.GetBytes(presented))))
            return false;
        var expires = clock.GetUtcNow() + options.CurrentValue.SessionLifetime;
        http.Response.Cookies.Append(CookieName, Session(expires.ToUnixTimeSeconds()), new CookieOptions
        {
            HttpOnly = true,
            SameSite = cookies.SameSite,
            Secure = cookies.Secure(http.Request),
            Expires = expires,
            Path = "/",
            IsEssential = true,
        });
        return true;
    }

    public static void SignOut(HttpContext http) => http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });

    private bool ValidSession(string cookie)
    {
        var dot = cookie.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(cookie.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var exp)) return false;
        if (exp < clock.GetUtcNow().ToUnixTimeSeconds()) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Session(exp)), Encoding.ASCII.GetBytes(cookie));
    }

    // Keyed by the sign-in key: changing the key signs everybody out.
    private string Session(long exp)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes("leadbot-dashboard-session\n" + options.CurrentValue.SignInKey));
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(exp.ToString(CultureInfo.InvariantCulture)));
        return exp.ToString(CultureInfo.InvariantCulture) + "." + WebEncoders.Base64UrlEncode(mac);
    }
}
