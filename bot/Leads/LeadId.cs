using System.Security.Cryptography;

namespace LeadBot.Leads;

/// <summary>
/// Short, time-ordered ids ("L0M8JP1NGT4ZQAB") that reps can read in chat, where a GUID would be hostile.
/// 45 bits of milliseconds keep them sortable for a thousand years; a per-process counter that starts at a random
/// point keeps every id of this process unique (a batch of a thousand leads shares one millisecond) and makes a clash
/// with another instance in the same millisecond a 1-in-33-million event.
/// </summary>
public static class LeadId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32: no I, L, O, U
    private const int TimeChars = 9, CounterChars = 5;
    private static long _counter = RandomNumberGenerator.GetInt32(1 << 25);

    public static string New(DateTimeOffset now)
    {
        Span<char> chars = stackalloc char[1 + TimeChars + CounterChars];
        chars[0] = 'L';
        var ms = now.ToUnixTimeMilliseconds();
        for (var i = TimeChars; i >= 1; i--) { chars[i] = Alphabet[(int)(ms & 31)]; ms >>= 5; }
        var n = Interlocked.Increment(ref _counter);
        for (var i = TimeChars + CounterChars; i > TimeChars; i--) { chars[i] = Alphabet[(int)(n & 31)]; n >>= 5; }
        return new string(chars);
    }
}
