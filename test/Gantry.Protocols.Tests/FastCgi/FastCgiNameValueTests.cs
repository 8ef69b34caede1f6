using Gantry.Protocols.FastCgi;
using static Gantry.Protocols.Tests.FastCgi.FastCgiBytes;

namespace Gantry.Protocols.Tests.FastCgi;

public class FastCgiNameValueTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(127, 1)]
    [InlineData(128, 4)]
    [InlineData(70000, 4)]
    public void WritePair_ValueLength_UsesOneOrFourByteField(int valueLength, int fieldSize)
    {
        var value = new byte[valueLength];
        var buffer = new byte[FastCgiNameValueWriter.GetPairSize(1, valueLength)];

        var written = FastCgiNameValueWriter.WritePair(buffer, "N"u8, value);

        Assert.Equal(1 + fieldSize + 1 + valueLength, written);
        Assert.Equal(Pair("N", new string('\0', valueLength)), buffer);
    }

    [Fact]
    public void WritePair_FourByteLength_HighBitSetBigEndian()
    {
        var buffer = new byte[FastCgiNameValueWriter.GetPairSize(1, 300)];

        FastCgiNameValueWriter.WritePair(buffer, "N"u8, new byte[300]);

        Assert.Equal([1, 0x80, 0x00, 0x01, 0x2c], buffer[..5]);
    }

    [Fact]
    public void Read_WrittenPairs_RoundTrip()
    {
        var pairs = NginxFastCgiParams.ForPhpGet(debian: true, fastcgiConf: true);
        pairs.Add(("HTTP_COOKIE", new string('c', 1000)));
        var content = WritePairs(pairs);
        var handler = new PairCollector();

        var count = FastCgiNameValueReader.Read(content, ref handler);

        Assert.Equal(pairs.Count, count);
        Assert.Equal(pairs, handler.Pairs);
    }

    [Fact]
    public void Read_TruncatedLastPair_HandlerSeesNothing()
    {
        var content = Concat(Pair("A", "1"), Pair("B", "22")[..^1]);
        var handler = new PairCollector();

        var error = Assert.Throws<FastCgiProtocolException>(() => FastCgiNameValueReader.Read(content, ref handler));

        Assert.Equal(FastCgiRejectionReason.TruncatedNameValue, error.Reason);
        Assert.Empty(handler.Pairs);
    }

    [Fact]
    public void Append_StreamCutAtEveryOffset_SamePairs()
    {
        var pairs = new List<(string, string)> { ("SHORT", "1"), ("EMPTY", ""), ("HTTP_X_LONG", new string('v', 300)), ("Z", "z") };
        var content = WritePairs(pairs);
        for (var first = 0; first <= content.Length; first++)
        {
            for (var second = first; second <= content.Length; second += 7)
            {
                var reader = new FastCgiNameValueStreamReader(4096, 128);
                var handler = new PairCollector();

                reader.Append(content.AsSpan(0, first), ref handler);
                reader.Append(content.AsSpan(first, second - first), ref handler);
                reader.Append(content.AsSpan(second), ref handler);
                var count = reader.Complete();

                Assert.Equal(pairs, handler.Pairs);
                Assert.Equal(pairs.Count, count);
            }
        }
    }

    [Fact]
    public void Append_PairInOneRecord_DeliveredBeforeTheStreamEnds()
    {
        var reader = new FastCgiNameValueStreamReader(4096, 128);
        var handler = new PairCollector();

        reader.Append(Concat(Pair("A", "1"), Pair("B", "2")[..2]), ref handler);

        Assert.Equal([("A", "1")], handler.Pairs);
        Assert.Equal(6, reader.StreamBytes);
    }

    [Fact]
    public void Complete_InsideAPair_RejectedAndReaderReusable()
    {
        var reader = new FastCgiNameValueStreamReader(4096, 128);
        var handler = new PairCollector();
        reader.Append(Pair("A", "1")[..2], ref handler);

        var error = Assert.Throws<FastCgiProtocolException>(() => reader.Complete());
        reader.Append(Pair("B", "2"), ref handler);

        Assert.Equal(FastCgiRejectionReason.TruncatedNameValue, error.Reason);
        Assert.Equal(1, reader.Complete());
        Assert.Equal([("B", "2")], handler.Pairs);
    }

    [Fact]
    public void Append_BeyondMaxStreamBytes_RejectedNamingBufferSize()
    {
        var reader = new FastCgiNameValueStreamReader(16, 128);
        var handler = new PairCollector();
        reader.Append(Pair("A", "123456789"), ref handler);

        var error = Assert.Throws<FastCgiProtocolException>(() => reader.Append(Pair("B", "12345"), ref handler));

        Assert.Equal(FastCgiRejectionReason.ParamsTooLarge, error.Reason);
        Assert.Contains("--buffer-size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WritePair_EmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => FastCgiNameValueWriter.WritePair(new byte[8], ""u8, "v"u8));
    }

    internal static byte[] WritePairs(IEnumerable<(string Name, string Value)> pairs)
    {
        var encoded = pairs.Select(p => (Name: Latin1(p.Name), Value: Latin1(p.Value))).ToList();
        var content = new byte[encoded.Sum(p => FastCgiNameValueWriter.GetPairSize(p.Name.Length, p.Value.Length))];
        var offset = 0;
        foreach (var (name, value) in encoded)
        {
            offset += FastCgiNameValueWriter.WritePair(content.AsSpan(offset), name, value);
        }
        return content;
    }

    private sealed class PairCollector : IFastCgiNameValueHandler
    {
        public List<(string, string)> Pairs { get; } = [];

        public void OnNameValue(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
            Pairs.Add((System.Text.Encoding.Latin1.GetString(name), System.Text.Encoding.Latin1.GetString(value)));
    }
}
