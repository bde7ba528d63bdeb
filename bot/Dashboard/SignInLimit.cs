using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using static LeadBot.Dashboard.DashboardResponses;

namespace LeadBot.Dashboard;

/// <summary>
/// Sign-in attempts per client address (<c>Dashboard:SignInAttemptsPerMinute</c>, a fixed one-minute window): enough
/// for a person who mistypes, far too few to guess a key. The client address is the edge's when a known proxy forwards
/// it; an IPv6 client counts by its /64, which one machine usually holds whole.
/// </summary>
public static class SignInLimit
{
    public const string Policy = "dashboard-sign-in";

    public static IServiceCollection AddSignInLimit(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.AddPolicy(Policy, http =>
        {
            var perMinute = http.RequestServices.GetRequiredService<IOptionsMonitor<DashboardOptions>>().CurrentValue.SignInAttemptsPerMinute;
            // The limit is part of the key, so a changed setting applies at once instead of to new addresses only.
            return RateLimitPartition.GetFixedWindowLimiter(Client(http.Connection.RemoteIpAddress) + "|" + perMinute.ToString(CultureInfo.InvariantCulture),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        });
        o.OnRejected = (context, cancel) =>
        {
            var http = context.HttpContext;
            var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInLimit))
                .LogWarning("Too many dashboard sign-in attempts from {Remote}; refused for {Seconds} s", http.Connection.RemoteIpAddress, seconds);
            var page = Page(http, Message("Too many attempts",
                $"Too many sign-in attempts from your network. Wait {seconds} seconds, then try again; ask your LeadBot admin if you have lost the key.",
                "<p><a href=\"/signin\">Back to the sign-in page</a></p>"), StatusCodes.Status429TooManyRequests);
            return new ValueTask(page.ExecuteAsync(http));
        };
    });

    private static string Client(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
