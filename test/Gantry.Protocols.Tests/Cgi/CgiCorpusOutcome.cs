using System.Text;
using Gantry.Protocols.Cgi;
using Gantry.Protocols.Tests.Http;

namespace Gantry.Protocols.Tests.Cgi;

/// <summary>
/// The canonical text of what the parser made of a script's output, in a fixed key order, absent parts left out,
/// so an expectation file and a replay compare as plain strings. The status is what <see cref="CgiStatusWriter"/>
/// writes, so every case checks the writer too.
/// </summary>
internal static class CgiCorpusOutcome
{
    public static readonly string[] KeyOrder =
    [
        "kind", "status", "location", "content-type", "header", "body", "reject", "incomplete",
    ];

    public static string DescribeHead(ReadOnlySpan<byte> buffer, CgiResponseHead head, ReadOnlySpan<byte> body)
    {
        var text = new StringBuilder();
        text.Append("kind: ").Append(head.Kind).Append('\n');
        Span<byte> status = stackalloc byte[CgiStatusWriter.GetLength(head, buffer)];
        Line(text, "status", status[..CgiStatusWriter.Write(head, buffer, status)]);
        if (head.HasLocation)
        {
            Line(text, "location", buffer[head.Location]);
        }

        if (head.HasContentType)
        {
            Line(text, "content-type", buffer[head.ContentType]);
        }

        for (int i = 0; i < head.HeaderCount; i++)
        {
            var value = buffer[head.HeaderValue(i)];
            text.Append("header: ").Append(CorpusText.Encode(buffer[head.HeaderName(i)])).Append(':')
                .Append(value.IsEmpty ? string.Empty : " " + CorpusText.Encode(value)).Append('\n');
        }

        if (!body.IsEmpty)
        {
            Line(text, "body", body);
        }

        return text.ToString();
    }

    public static string DescribeRejection(CgiResponseRejectedException rejection) => $"reject: {rejection.Reason}\n";

    public const string Incomplete = "incomplete: head\n";

    private static void Line(StringBuilder text, string key, ReadOnlySpan<byte> value) =>
        text.Append(key).Append(": ").Append(CorpusText.Encode(value)).Append('\n');
}
