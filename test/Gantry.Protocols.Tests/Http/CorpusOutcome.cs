using System.Globalization;
using System.Text;
using Gantry.Protocols.Http;

namespace Gantry.Protocols.Tests.Http;

/// <summary>
/// The canonical text of what the parsers made of a corpus input: one section per request, in a fixed key
/// order, defaults left out, so an expectation file and a replay compare as plain strings.
/// </summary>
internal static class CorpusOutcome
{
    public const string SectionSeparator = "---";

    public static readonly string[] KeyOrder =
    [
        "method", "target", "path", "query", "authority", "version", "form", "header", "content-length",
        "chunked", "keep-alive", "expect-continue", "head", "body", "reject", "status", "incomplete",
    ];

    public static string DescribeHead(ReadOnlySpan<byte> buffer, HttpRequestHead head)
    {
        var text = new StringBuilder();
        Line(text, "method", buffer[head.Method]);
        Line(text, "target", buffer[head.Target]);
        Line(text, "path", buffer[head.Path]);
        if (!buffer[head.Query].IsEmpty)
        {
            Line(text, "query", buffer[head.Query]);
        }

        if (!buffer[head.Authority].IsEmpty)
        {
            Line(text, "authority", buffer[head.Authority]);
        }

        if (head.Version == HttpVersion.Http10)
        {
            text.Append("version: 1.0\n");
        }

        if (head.IsAbsoluteForm || head.IsAsteriskForm)
        {
            text.Append(head.IsAbsoluteForm ? "form: absolute\n" : "form: asterisk\n");
        }

        for (int i = 0; i < head.HeaderCount; i++)
        {
            var value = buffer[head.HeaderValue(i)];
            text.Append("header: ").Append(CorpusText.Encode(buffer[head.HeaderName(i)])).Append(':')
                .Append(value.IsEmpty ? string.Empty : " " + CorpusText.Encode(value)).Append('\n');
        }

        if (head.ContentLength >= 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"content-length: {head.ContentLength}\n");
        }

        Flag(text, "chunked", head.IsChunked);
        text.Append(head.KeepAlive ? "keep-alive: true\n" : "keep-alive: false\n");
        Flag(text, "expect-continue", head.ExpectContinue);
        Flag(text, "head", head.IsHead);
        return text.ToString();
    }

    public static string DescribeBody(ReadOnlySpan<byte> body) =>
        body.IsEmpty ? string.Empty : $"body: {CorpusText.Encode(body)}\n";

    public static string DescribeRejection(HttpRequestRejectedException rejection) =>
        $"reject: {rejection.Reason}\nstatus: {rejection.StatusCode}\n";

    private static void Line(StringBuilder text, string key, ReadOnlySpan<byte> value) =>
        text.Append(key).Append(": ").Append(CorpusText.Encode(value)).Append('\n');

    private static void Flag(StringBuilder text, string key, bool value)
    {
        if (value)
        {
            text.Append(key).Append(": true\n");
        }
    }
}
