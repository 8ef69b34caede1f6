using System.Text;

namespace Gantry.Protocols.Http;

/// <summary>The framing fields of a request: Content-Length and Transfer-Encoding (RFC 9112 §6).</summary>
internal static class HttpFieldValues
{
    private const int DecimalBase = 10;

    //   Content-Length = 1*DIGIT                                        (RFC 9110 §8.6)
    //   A list of identical values ("42, 42") or identical repeated lines may be taken as one value
    //   (RFC 9112 §6.3 rule 5); anything that differs is a smuggling attempt or a broken proxy.
    public static void ApplyContentLength(ReadOnlySpan<byte> value, HttpRequestHead head)
    {
        foreach (var range in value.Split(HttpSyntax.Comma))
        {
            long length = ParseDecimal(HttpSyntax.TrimWhitespace(value[range]));
            if (head.ContentLength >= 0 && head.ContentLength != length)
            {
                HttpRequestRejectedException.Throw(HttpRejectionReason.ConflictingContentLength);
            }

            head.ContentLength = length;
        }
    }

    //   Transfer-Encoding = #transfer-coding                              (RFC 9112 §6.1)
    //   transfer-coding   = token *( OWS ";" OWS transfer-parameter )
    //   Codings from several lines form one list, in order; names are case-insensitive. Empty list
    //   elements are skipped (RFC 9110 §5.6.1). What the list means is decided once the head is complete.
    public static void ApplyTransferEncoding(ReadOnlySpan<byte> value, HttpRequestHead head)
    {
        head.HasTransferEncoding = true;
        foreach (var range in value.Split(HttpSyntax.Comma))
        {
            var element = HttpSyntax.TrimWhitespace(value[range]);
            if (element.IsEmpty)
            {
                continue;
            }

            int semicolon = element.IndexOf(HttpSyntax.Semicolon);
            var name = semicolon < 0 ? element : HttpSyntax.TrimWhitespace(element[..semicolon]);
            if (!HttpSyntax.IsToken(name))
            {
                HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidTransferEncoding);
            }

            head.TransferCodingCount++;
            bool chunked = Ascii.EqualsIgnoreCase(name, "chunked"u8);
            if (chunked)
            {
                // chunked defines no parameters (RFC 9112 §7.1); one would only hide it from a stricter proxy.
                if (semicolon >= 0)
                {
                    HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidTransferEncoding);
                }

                head.ChunkedCount++;
            }
            else
            {
                head.HasUnsupportedCoding = true;
            }

            head.LastCodingIsChunked = chunked;
        }
    }

    // RFC 9112 §6.1 and §6.3 rules 3 and 4, in the order that names the most dangerous fault first.
    public static void CheckTransferEncoding(HttpRequestHead head)
    {
        if (head.ContentLength >= 0)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.ContentLengthWithTransferEncoding);
        }

        if (head.Version == HttpVersion.Http10)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.TransferEncodingInHttp10);
        }

        if (head.TransferCodingCount == 0)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidTransferEncoding);
        }

        if (head.ChunkedCount > 1)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.ChunkedAppliedMoreThanOnce);
        }

        if (!head.LastCodingIsChunked)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.TransferEncodingNotChunked);
        }

        if (head.HasUnsupportedCoding)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.UnsupportedTransferCoding);
        }
    }

    private static long ParseDecimal(ReadOnlySpan<byte> digits)
    {
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidContentLength);
        }

        long result = 0;
        foreach (byte digit in digits)
        {
            int value = digit - '0';
            if (result > (long.MaxValue - value) / DecimalBase)
            {
                HttpRequestRejectedException.Throw(HttpRejectionReason.ContentLengthOverflow);
            }

            result = (result * DecimalBase) + value;
        }

        return result;
    }
}
