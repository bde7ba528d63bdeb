using System.Security.Cryptography;

namespace LeadBot.Leads;

/// <summary>
/// Short, time-ordered, human-typable ids ("L0KX3M9QZ7AB"): reps read them in chat and paste them in commands,
/// so a GUID would be hostile. 48 bits of milliseconds keep them sortable; 20 random bits keep a batch unique.
/// </summary>
public static class LeadId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32: no I, L, O, U

    private static readonly Lock Gate = new();
    private static long _lastMs = -1;
    private static int _next;

    /// <summary>
    /// An intake batch shares one "now": 100 independent random suffixes would collide in about one batch of 200.
    /// Ids of one millisecond take consecutive suffixes from a random start instead, so they never collide in this process.
    /// </summary>
    private static int Suffix(long ms)
    {
        lock (Gate)
        {
            if (ms != _lastMs) (_lastMs, _next) = (ms, RandomNumberGenerator.GetInt32(1 << 20));
            var suffix = _next;
            _next = (_next + 1) & ((1 << 20) - 1);
            return suffix;
        }
    }

    public static string New(DateTimeOffset now)
    {
        Span<char> chars = stackalloc char[13];
        chars[0] = 'L';
        var ms = (ulong)now.ToUnixTimeMilliseconds();
        for (var i = 8; i >= 1; i--) { chars[i] = Alphabet[(int)(ms & 31)]; ms >>= 5; }
        var random = Suffix(now.ToUnixTimeMilliseconds());
        for (var i = 12; i >= 9; i--) { chars[i] = Alphabet[random & 31]; random >>= 5; }
        return new string(chars);
    }
}
