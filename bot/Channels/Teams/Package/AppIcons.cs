using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace LeadBot.Channels.Teams.Package;

/// <summary>
/// LeadBot's Teams icons, drawn by code so they can be regenerated and checked: a white "lead handed on" symbol
/// (a dot and an arrow). Colour icon: 192×192 on the opaque accent colour with the symbol in the middle 96×96;
/// outline icon: 32×32, the symbol alone in white on transparent, as Teams requires.
/// </summary>
public static class AppIcons
{
    public static readonly (byte R, byte G, byte B) Accent = (0x1F, 0x6F, 0x5C);
    public const int ColorSize = 192, OutlineSize = 32;

    public static byte[] Color() => Png(ColorSize, (x, y) =>
    {
        // The symbol sits in the 96×96 middle, leaving the 48 px padding Teams asks for.
        var c = Coverage((x - 48) / 96.0, (y - 48) / 96.0, 1 / 96.0);
        return (Mix(Accent.R, c), Mix(Accent.G, c), Mix(Accent.B, c), 255);
    });

    public static byte[] Outline() => Png(OutlineSize, (x, y) =>
        (255, 255, 255, (byte)Math.Round(255 * Coverage(x / 32.0, y / 32.0, 1 / 32.0))));

    private static byte Mix(byte background, double white) => (byte)Math.Round(background + (255 - background) * white);

    /// <summary>How much of the pixel whose top-left corner is (u, v) in the unit box the symbol covers (4×4 samples).</summary>
    private static double Coverage(double u, double v, double pixel)
    {
        var hits = 0;
        for (var i = 0; i < 4; i++)
            for (var j = 0; j < 4; j++)
                if (Inside(u + (i + 0.5) * pixel / 4, v + (j + 0.5) * pixel / 4)) hits++;
        return hits / 16.0;
    }

    private static bool Inside(double u, double v)
    {
        var dot = (u - 0.2) * (u - 0.2) + (v - 0.5) * (v - 0.5) <= 0.17 * 0.17;
        var shaft = u is >= 0.40 and <= 0.70 && v is >= 0.41 and <= 0.59;
        // Arrow head: apex at (1.0, 0.5), base from (0.62, 0.16) to (0.62, 0.84).
        var head = u >= 0.62 && u <= 1.0 && Math.Abs(v - 0.5) <= 0.34 * (1.0 - u) / 0.38;
        return dot || shaft || head;
    }

    /// <summary>An 8-bit RGBA PNG, unfiltered rows, zlib-compressed.</summary>
    public static byte[] Png(int size, Func<int, int, (byte R, byte G, byte B, byte A)> pixel)
    {
        var raw = new byte[size * (1 + 4 * size)];
        for (var y = 0; y < size; y++)
        {
            var row = y * (1 + 4 * size);
            raw[row] = 0; // filter: none
            for (var x = 0; x < size; x++)
            {
                var (r, g, b, a) = pixel(x, y);
                raw[row + 1 + 4 * x] = r; raw[row + 2 + 4 * x] = g; raw[row + 3 + 4 * x] = b; raw[row + 4 + 4 * x] = a;
            }
        }
        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(raw);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; header[9] = 6; // 8 bits per channel, RGBA
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
