using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Eco.Host.Load;

/// <summary>Draws simple bar and line charts into PNG files (no drawing library on this platform): axes, bars, lines, 3×5-pixel text.</summary>
internal sealed class PngChart
{
    private const int Width = 800, Height = 420, Left = 70, Right = 20, Top = 40, Bottom = 50;
    private readonly byte[] _pixels = new byte[Width * Height * 3];

    public PngChart()
    {
        Array.Fill(_pixels, (byte)255);
    }

    /// <summary>A bar chart: one bar per value, labelled axes and title.</summary>
    public static void Bars(string path, string title, string xLabel, string yLabel, IReadOnlyList<double> values, double xMin, double xMax, IReadOnlyList<(double X, string Label)> markers)
    {
        var chart = new PngChart();
        var yMax = Math.Max(1, values.DefaultIfEmpty(0).Max());
        var plotWidth = Width - Left - Right;
        var bar = plotWidth / Math.Max(1, values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var h = (int)((Height - Top - Bottom) * values[i] / yMax);
            chart.Fill(Left + i * bar + 1, Height - Bottom - h, Math.Max(1, bar - 1), h, 60, 120, 200);
        }
        for (var m = 0; m < markers.Count; m++)
        {
            var (x, label) = markers[m];
            var px = Left + (int)(plotWidth * (x - xMin) / Math.Max(1e-9, xMax - xMin));
            chart.Fill(px, Top, 2, Height - Top - Bottom, 220, 60, 60);
            chart.Text(px + 4, Top + 4 + m * 14, label, 220, 60, 60); // staggered: close markers keep readable labels
        }
        chart.Axes(title, xLabel, yLabel, xMin, xMax, yMax);
        chart.Save(path);
    }

    /// <summary>A line chart of (x, y) points.</summary>
    public static void Line(string path, string title, string xLabel, string yLabel, IReadOnlyList<(double X, double Y)> points)
    {
        var chart = new PngChart();
        var xMax = Math.Max(1, points.Select(p => p.X).DefaultIfEmpty(0).Max());
        var yMax = Math.Max(1, points.Select(p => p.Y).DefaultIfEmpty(0).Max());
        (int X, int Y) At((double X, double Y) p) =>
            (Left + (int)((Width - Left - Right) * p.X / xMax), Height - Bottom - (int)((Height - Top - Bottom) * p.Y / yMax));
        for (var i = 1; i < points.Count; i++)
        {
            chart.Segment(At(points[i - 1]), At(points[i]), 40, 150, 90);
        }
        chart.Axes(title, xLabel, yLabel, 0, xMax, yMax);
        chart.Save(path);
    }

    private void Axes(string title, string xLabel, string yLabel, double xMin, double xMax, double yMax)
    {
        Fill(Left, Top, 1, Height - Top - Bottom, 0, 0, 0);
        Fill(Left, Height - Bottom, Width - Left - Right, 1, 0, 0, 0);
        Text(Left, 12, title, 0, 0, 0, scale: 3);
        Text(Left, Height - 22, xLabel, 60, 60, 60);
        Text(4, Top - 16, yLabel, 60, 60, 60);
        for (var i = 0; i <= 4; i++)
        {
            var y = Height - Bottom - (Height - Top - Bottom) * i / 4;
            Fill(Left - 4, y, 4, 1, 0, 0, 0);
            Text(4, y - 5, Number(yMax * i / 4), 0, 0, 0);
            var x = Left + (Width - Left - Right) * i / 4;
            Fill(x, Height - Bottom, 1, 4, 0, 0, 0);
            Text(x - 10, Height - Bottom + 8, Number(xMin + (xMax - xMin) * i / 4), 0, 0, 0);
        }
    }

    private static string Number(double value) => value >= 10_000 ? $"{value / 1000:0}K" : value >= 100 ? $"{value:0}" : $"{value:0.#}";

    private void Fill(int x, int y, int w, int h, byte r, byte g, byte b)
    {
        for (var yy = Math.Max(0, y); yy < Math.Min(Height, y + h); yy++)
        {
            for (var xx = Math.Max(0, x); xx < Math.Min(Width, x + w); xx++)
            {
                var i = (yy * Width + xx) * 3;
                (_pixels[i], _pixels[i + 1], _pixels[i + 2]) = (r, g, b);
            }
        }
    }

    private void Segment((int X, int Y) a, (int X, int Y) b, byte r, byte g, byte bl)
    {
        var steps = Math.Max(Math.Abs(b.X - a.X), Math.Abs(b.Y - a.Y)) + 1;
        for (var s = 0; s <= steps; s++)
        {
            Fill(a.X + (b.X - a.X) * s / steps, a.Y + (b.Y - a.Y) * s / steps, 2, 2, r, g, bl);
        }
    }

    private void Text(int x, int y, string text, byte r, byte g, byte b, int scale = 2)
    {
        foreach (var c in text.ToUpperInvariant())
        {
            if (Font.TryGetValue(c, out var rows))
            {
                for (var row = 0; row < 5; row++)
                {
                    for (var col = 0; col < 3; col++)
                    {
                        if (rows[row * 3 + col] == '1')
                        {
                            Fill(x + col * scale, y + row * scale, scale, scale, r, g, b);
                        }
                    }
                }
            }
            x += 4 * scale;
        }
    }

    private void Save(string path)
    {
        using var file = File.Create(path);
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        Chunk(file, "IHDR", header);
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < Height; y++)
            {
                zlib.WriteByte(0); // no filter
                zlib.Write(_pixels, y * Width * 3, Width * 3);
            }
        }
        Chunk(file, "IDAT", raw.ToArray());
        Chunk(file, "IEND", []);
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        stream.Write(crc);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return c;
    }).ToArray();

    private static uint Crc32(byte[] data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }
        return c ^ 0xFFFFFFFFu;
    }

    // 3×5 glyphs, row by row.
    private static readonly Dictionary<char, string> Font = new()
    {
        ['0'] = "111101101101111",
        ['1'] = "010110010010111",
        ['2'] = "111001111100111",
        ['3'] = "111001111001111",
        ['4'] = "101101111001001",
        ['5'] = "111100111001111",
        ['6'] = "111100111101111",
        ['7'] = "111001010010010",
        ['8'] = "111101111101111",
        ['9'] = "111101111001111",
        ['A'] = "010101111101101",
        ['B'] = "110101110101110",
        ['C'] = "011100100100011",
        ['D'] = "110101101101110",
        ['E'] = "111100110100111",
        ['F'] = "111100110100100",
        ['G'] = "011100101101011",
        ['H'] = "101101111101101",
        ['I'] = "111010010010111",
        ['J'] = "001001001101010",
        ['K'] = "101110100110101",
        ['L'] = "100100100100111",
        ['M'] = "101111111101101",
        ['N'] = "110101101101101",
        ['O'] = "010101101101010",
        ['P'] = "110101110100100",
        ['Q'] = "010101101110011",
        ['R'] = "110101110101101",
        ['S'] = "011100010001110",
        ['T'] = "111010010010010",
        ['U'] = "101101101101111",
        ['V'] = "101101101101010",
        ['W'] = "101101111111101",
        ['X'] = "101101010101101",
        ['Y'] = "101101010010010",
        ['Z'] = "111001010100111",
        ['.'] = "000000000000010",
        ['-'] = "000000111000000",
        ['/'] = "001001010100100",
        [':'] = "000010000010000",
        ['%'] = "101001010100101",
        ['('] = "010100100100010",
        [')'] = "010001001001010",
        ['='] = "000111000111000",
        ['÷'] = "010000111000010",
    };
}
