using System.Text;
using Gantry.Protocols.WebSocket;

namespace Gantry.Protocols.Tests.WebSocket;

/// <summary>permessage-deflate (RFC 7692): the RFC's own examples (§7.2.3), round trips with and without context takeover, and a bomb held at the caller's bound.</summary>
public sealed class WebSocketDeflateTests
{
    // §7.2.3.1: "Hello" compressed, the sync flush's tail removed.
    private static readonly byte[] Hello = [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00];

    // §7.2.3.2: a second "Hello" in the same context refers back to the first.
    private static readonly byte[] HelloAgain = [0xf2, 0x00, 0x11, 0x00, 0x00];

    [Fact]
    public void Inflate_Rfc7692Examples_WithContextTakeover_BothHello()
    {
        using var inflater = new WebSocketInflater();

        Assert.Equal("Hello", InflateAll(inflater, Hello));
        Assert.Equal("Hello", InflateAll(inflater, HelloAgain));
    }

    [Fact]
    public void Inflate_NotDeflate_Fails1007()
    {
        using var inflater = new WebSocketInflater();

        var failure = Assert.Throws<WebSocketProtocolException>(() => InflateAll(inflater, [0xff, 0xff, 0xff, 0xff, 0xff]));

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, failure.CloseStatus);
    }

    [Fact]
    public void DeflateThenInflate_ContextTakeover_LaterRepeatsShrinkAndRoundTrip()
    {
        using var deflater = new WebSocketDeflater(noContextTakeover: false);
        using var inflater = new WebSocketInflater();
        var message = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 50).Select(i => $"héllo {i} wörld ")));

        var first = deflater.Deflate(message).ToArray();
        var second = deflater.Deflate(message).ToArray();

        Assert.True(second.Length < first.Length, $"{second.Length} < {first.Length}");
        Assert.Equal(Encoding.UTF8.GetString(message), InflateAll(inflater, first));
        Assert.Equal(Encoding.UTF8.GetString(message), InflateAll(inflater, second));
    }

    [Fact]
    public void DeflateThenInflate_NoContextTakeover_EachMessageInflatesAlone()
    {
        using var deflater = new WebSocketDeflater(noContextTakeover: true);
        var message = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("abcdefgh", 100)));

        var first = deflater.Deflate(message).ToArray();
        var second = deflater.Deflate(message).ToArray();

        Assert.Equal(first, second);
        using var fresh = new WebSocketInflater();
        Assert.Equal(Encoding.UTF8.GetString(message), InflateAll(fresh, second));
    }

    [Fact]
    public void DeflateThenInflate_EmptyAndLarge_RoundTrip()
    {
        using var deflater = new WebSocketDeflater(noContextTakeover: false);
        using var inflater = new WebSocketInflater();
        var large = new byte[300_000];
        new Random(7).NextBytes(large);

        Assert.Equal("", InflateAll(inflater, deflater.Deflate([]).ToArray()));
        Assert.Equal(Convert.ToHexString(large), Convert.ToHexString(InflateBytes(inflater, deflater.Deflate(large).ToArray())));
    }

    [Fact]
    public void Inflate_Bomb_ReadsNoMoreThanTheCallerAsks()
    {
        var bomb = Bomb(16 * 1024 * 1024);
        using var inflater = new WebSocketInflater();
        var bounded = new byte[1024 * 1024 + 1];

        inflater.Begin(bomb, bomb.Length);
        var total = 0;
        int read;
        while (total < bounded.Length && (read = inflater.Read(bounded.AsSpan(total))) > 0)
        {
            total += read;
        }

        Assert.True(bomb.Length < 64 * 1024, $"the bomb is {bomb.Length} bytes");
        Assert.Equal(bounded.Length, total);
    }

    /// <summary>Zeros at zlib's best ratio (about 1000:1), as an attacker would send them.</summary>
    internal static byte[] Bomb(int size)
    {
        var output = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(output, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(new byte[size]);
            deflate.Flush();
        }
        return output.ToArray();
    }

    private static string InflateAll(WebSocketInflater inflater, byte[] compressed) =>
        Encoding.UTF8.GetString(InflateBytes(inflater, compressed));

    private static byte[] InflateBytes(WebSocketInflater inflater, byte[] compressed)
    {
        inflater.Begin(compressed, compressed.Length);
        var output = new MemoryStream();
        var chunk = new byte[1000];
        int read;
        while ((read = inflater.Read(chunk)) > 0)
        {
            output.Write(chunk, 0, read);
        }
        return output.ToArray();
    }
}
