using System.Globalization;
using System.Text;
using Gantry.Protocols.Cgi;
using Gantry.Protocols.Http;
using Gantry.Protocols.Tests.Http;
using Gantry.Protocols.Tests.Uwsgi;

namespace Gantry.Protocols.Tests.Cgi;

/// <summary>
/// The first line of NPH output (in <see cref="CorpusText"/> notation), each replayed whole, byte by byte and in
/// random chunks like the response corpus, each with the outcome every chunking must give.
/// </summary>
public sealed class CgiNphStatusLineParserTests
{
    private const int Limit = 40;

    public static TheoryData<string, string, string> LinesAndPlans()
    {
        (string Output, string Expected)[] lines =
        [
            (@"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhi", "1.1 200 'OK' consumed=17"),
            (@"HTTP/1.0 404 Not Found\n\nmissing", "1.0 404 'Not Found' consumed=23"),
            (@"HTTP/1.1 204\r\n\r\n", "1.1 204 '' consumed=14"),
            (@"HTTP/1.1 204 \r\n\r\n", "1.1 204 '' consumed=15"),
            (@"HTTP/1.1 101 Switching Protocols\r\n", "1.1 101 'Switching Protocols' consumed=34"),
            (@"HTTP/1.1 599 Whatever\tElse\n", "1.1 599 'Whatever\\x09Else' consumed=27"),
            (@"HTTP/1.1 200 OK", "incomplete"),
            (@"", "reject EmptyOutput"),
            (@"HTTP/1.1 200 OK\r", "reject TruncatedHead"),
            (@"HTTP/2 200 OK\r\n", "reject InvalidNphStatusLine"),
            (@"HTTP/1.2 200 OK\r\n", "reject InvalidNphStatusLine"),
            (@"http/1.1 200 OK\r\n", "reject InvalidNphStatusLine"),
            (@"Status: 200 OK\n\n", "reject InvalidNphStatusLine"),
            (@"\x1F\x8B\x08\x00{{100*a}}", "reject InvalidNphStatusLine"),
            (@"HTTP/1.1 20 OK\r\n", "reject InvalidNphStatusLine"),
            (@"HTTP/1.1 2000\r\n", "reject InvalidNphStatusLine"),
            (@"HTTP/1.1 099 Low\r\n", "reject InvalidNphStatusLine"),
            (@"HTTP/1.1 600 High\r\n", "reject InvalidNphStatusLine"),
            (@"HTTP/1.1  200 OK\r\n", "reject InvalidNphStatusLine"),
            (@"HTTP/1.1 200\tOK\r\n", "reject InvalidNphStatusLine"),
            (@"HTTP/1.1 200 O\0K\r\n", "reject InvalidNphStatusLine"),
            (@"HTTP/1.1\r\n", "reject InvalidNphStatusLine"),
            (@"HTTP/1.1 200 {{40*a}}\r\n", "reject HeadTooLarge"),
        ];
        var data = new TheoryData<string, string, string>();
        foreach (var (output, expected) in lines)
        {
            foreach (var plan in ChunkPlan.All())
            {
                data.Add(output, expected, plan);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LinesAndPlans))]
    public void TryParse_LineReplayedInChunks_SameOutcomeAsExpected(string output, string expected, string plan)
    {
        byte[] input = CorpusText.Decode(output, keepNewlines: false);
        bool eof = expected != "incomplete";

        Assert.Equal(expected, Replay(input, plan, eof));
    }

    private static string Replay(byte[] input, string plan, bool endOfOutput)
    {
        var held = new byte[input.Length];
        int length = 0;
        try
        {
            foreach (var chunk in ChunkPlan.Cut(input, plan))
            {
                chunk.AsSpan().CopyTo(held.AsSpan(length));
                length += chunk.Count;
                if (CgiNphStatusLineParser.TryParse(held.AsSpan(0, length), Limit, endOfOutput: false, out var line, out int consumed))
                {
                    return Describe(held, line, consumed);
                }
            }

            if (!endOfOutput)
            {
                return "incomplete";
            }

            return CgiNphStatusLineParser.TryParse(held.AsSpan(0, length), Limit, endOfOutput: true, out var last, out int used)
                ? Describe(held, last, used)
                : "not rejected at end of output";
        }
        catch (CgiResponseRejectedException rejection)
        {
            return "reject " + rejection.Reason;
        }
    }

    private static string Describe(byte[] held, CgiNphStatusLine line, int consumed) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(line.Version == HttpVersion.Http10 ? "1.0" : "1.1")} {line.StatusCode} '{CorpusText.Encode(held[line.ReasonPhrase])}' consumed={consumed}");

    [Fact]
    public void TryParse_NonPositiveLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CgiNphStatusLineParser.TryParse(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\n"), 0, false, out _, out _));
    }
}
