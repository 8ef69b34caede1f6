using System.Text;

namespace Gantry.Protocols.Http;

public static partial class HttpRequestHeadParser
{
    //   field-line  = field-name ":" OWS field-value OWS              (RFC 9112 §5)
    //                 | Content-Length |:| SP | 42 | SP* |CRLF|
    //   field-name  = token                                          no whitespace before ':' (§5.1)
    //   field-value = *( field-vchar / SP / HTAB / obs-text )        no NUL, CR, LF, CTL (RFC 9110 §5.5)
    //   obs-fold    = a line starting with SP / HTAB                 rejected (§5.2)
    private static void ParseFieldLine(ReadOnlySpan<byte> view, int start, int end, HttpRequestHead head)
    {
        var line = view[start..end];
        if (line[0] is HttpSyntax.Space or HttpSyntax.HorizontalTab)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.ObsoleteLineFolding);
        }

        int colon = line.IndexOf(HttpSyntax.Colon);
        if (colon < 0)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.MissingFieldColon);
        }

        var name = line[..colon];
        if (!HttpSyntax.IsToken(name))
        {
            HttpRequestRejectedException.Throw(
                colon > 0 && name[^1] is HttpSyntax.Space or HttpSyntax.HorizontalTab
                    ? HttpRejectionReason.WhitespaceBeforeColon
                    : HttpRejectionReason.InvalidFieldName);
        }

        int valueStart = colon + 1;
        int valueEnd = line.Length;
        while (valueStart < valueEnd && line[valueStart] is HttpSyntax.Space or HttpSyntax.HorizontalTab)
        {
            valueStart++;
        }

        while (valueEnd > valueStart && line[valueEnd - 1] is HttpSyntax.Space or HttpSyntax.HorizontalTab)
        {
            valueEnd--;
        }

        var value = line[valueStart..valueEnd];
        if (value.ContainsAny(HttpSyntax.InvalidValueCharacters))
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidFieldValue);
        }

        if (head.HeaderCount == MaxHeaderCount)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.TooManyHeaderFields);
        }

        head.AddField(start..(start + colon), (start + valueStart)..(start + valueEnd));
        ApplyKnownField(name, value, head);
    }

    // Only the fields that decide framing and connection handling; the rest pass through untouched.
    // The switch on the name's length keeps most names to a single integer compare.
    private static void ApplyKnownField(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HttpRequestHead head)
    {
        switch (name.Length)
        {
            case 4 when Ascii.EqualsIgnoreCase(name, "Host"u8):
                ApplyHost(value, head);
                break;
            case 7 when Ascii.EqualsIgnoreCase(name, "Upgrade"u8):
                head.HasUpgrade = true;
                break;
            case 6 when Ascii.EqualsIgnoreCase(name, "Expect"u8):
                head.ExpectsContinue |= Ascii.EqualsIgnoreCase(value, "100-continue"u8);
                break;
            case 10 when Ascii.EqualsIgnoreCase(name, "Connection"u8):
                ApplyConnection(value, head);
                break;
            case 14 when Ascii.EqualsIgnoreCase(name, "Content-Length"u8):
                HttpFieldValues.ApplyContentLength(value, head);
                break;
            case 17 when Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8):
                HttpFieldValues.ApplyTransferEncoding(value, head);
                break;
        }
    }

    // RFC 9112 §3.2: 400 for a missing Host in HTTP/1.1, for more than one, and for an invalid value.
    // Host may be empty (a URI without authority), otherwise uri-host [ ":" port ].
    private static void ApplyHost(ReadOnlySpan<byte> value, HttpRequestHead head)
    {
        if (++head.HostCount > 1)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.DuplicateHost);
        }

        if (value.ContainsAnyExcept(HttpSyntax.HostCharacters))
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidHost);
        }
    }

    // Connection = #connection-option (RFC 9110 §7.6.1); only "close" and "keep-alive" matter here.
    private static void ApplyConnection(ReadOnlySpan<byte> value, HttpRequestHead head)
    {
        foreach (var range in value.Split(HttpSyntax.Comma))
        {
            var option = HttpSyntax.TrimWhitespace(value[range]);
            if (Ascii.EqualsIgnoreCase(option, "close"u8))
            {
                head.ConnectionClose = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "keep-alive"u8))
            {
                head.ConnectionKeepAlive = true;
            }
        }
    }

    // Checks that need the whole head: Host presence and the framing rules of RFC 9112 §6.1 and §6.3.
    private static void FinishHead(HttpRequestHead head)
    {
        bool http11 = head.Version == HttpVersion.Http11;
        if (http11 && head.HostCount == 0)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.MissingHost);
        }

        if (head.HasTransferEncoding)
        {
            HttpFieldValues.CheckTransferEncoding(head);
            head.IsChunked = true;
        }

        head.KeepAlive = !head.ConnectionClose && (http11 || head.ConnectionKeepAlive);

        // RFC 9110 §10.1.1: a server MUST ignore a 100-continue expectation in an HTTP/1.0 request.
        head.ExpectContinue = http11 && head.ExpectsContinue;
    }
}
