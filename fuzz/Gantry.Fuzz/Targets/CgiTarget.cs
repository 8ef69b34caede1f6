using Gantry.Protocols.Cgi;

namespace Gantry.Fuzz.Targets;

/// <summary>The CGI and PHP fronts' response head parser, and the NPH status line parser.</summary>
public static class CgiTarget
{
    // --buffer-size's default, which CgiExchange passes as the longest head.
    private const int HeadLimit = 4096;

    /// <summary>
    /// Feeds a script's stdout as CgiExchange.TryCommitHead does: after each arrival the parser sees the grown
    /// buffer, and after the last one it is told the output ended. Control byte bit 0x40 (in the single-split half)
    /// or 0x01 (in the pieces half) makes the script an NPH one. A complete head is then written out as the
    /// exchange does (status line and fields).
    /// </summary>
    public static void Run(ReadOnlySpan<byte> raw)
    {
        var input = new FuzzInput(raw);
        var output = input.Payload;
        var nph = input.Control < 0x80 ? (input.Control & 0x40) != 0 : (input.Control & 0x01) != 0;
        var head = new CgiResponseHead();
        var points = input.ArrivalPoints();
        try
        {
            foreach (var available in points)
            {
                var ended = available == output.Length && available == points[^1];
                if (TryCommitHead(output[..available], ended, nph, head))
                {
                    return;
                }
            }
            // The parser must refuse an incomplete head once the output ended, never wait for more.
            throw new FuzzFailure("the output ended and the parser still waits for the head");
        }
        catch (CgiResponseRejectedException rejected)
        {
            FuzzFailure.Check(rejected.StatusCode == CgiResponseRejectedException.BadGatewayStatusCode, $"a refusal with status {rejected.StatusCode}");
        }
    }

    private static bool TryCommitHead(ReadOnlySpan<byte> output, bool ended, bool nph, CgiResponseHead head)
    {
        var fieldsStart = 0;
        int consumed;
        if (nph)
        {
            if (!CgiNphStatusLineParser.TryParse(output, HeadLimit, ended, out var statusLine, out fieldsStart))
            {
                return false;
            }
            FuzzFailure.Check(fieldsStart > 0 && fieldsStart <= output.Length, $"the status line took {fieldsStart} of {output.Length} bytes");
            FuzzFailure.Check(statusLine.StatusCode is >= 100 and <= 999, $"NPH status {statusLine.StatusCode}");
            _ = output[..fieldsStart][statusLine.ReasonPhrase];
            var fields = output[fieldsStart..];
            if (fields.StartsWith("\r\n"u8) || fields.StartsWith("\n"u8))
            {
                return true;
            }
            if (fields.IsEmpty || (fields.Length == 1 && fields[0] == (byte)'\r'))
            {
                if (ended)
                {
                    throw new CgiResponseRejectedException(CgiResponseRejectionReason.TruncatedHead);
                }
                return false;
            }
            if (!CgiResponseHeadParser.TryParse(fields, HeadLimit, ended, head, out consumed))
            {
                return false;
            }
        }
        else if (!CgiResponseHeadParser.TryParse(output, HeadLimit, ended, head, out consumed))
        {
            return false;
        }
        var parsed = output[fieldsStart..];
        FuzzFailure.Check(consumed > 0 && consumed <= parsed.Length && consumed <= HeadLimit,
            $"the head took {consumed} of {parsed.Length} bytes (limit {HeadLimit})");
        FuzzFailure.Check(head.HeaderCount is >= 0 and <= CgiResponseHeadParser.MaxHeaderCount, $"{head.HeaderCount} fields");
        for (var i = 0; i < head.HeaderCount; i++)
        {
            FuzzFailure.Check(!parsed[head.HeaderName(i)].IsEmpty, $"field {i} has an empty name");
            _ = parsed[head.HeaderValue(i)];
        }
        if (head.HasLocation)
        {
            _ = parsed[head.Location];
        }
        if (head.HasContentType)
        {
            _ = parsed[head.ContentType];
        }
        if (!nph)
        {
            FuzzFailure.Check(head.StatusCode is >= 100 and <= 999, $"status {head.StatusCode}");
            Span<byte> status = stackalloc byte[CgiStatusWriter.MinDestinationLength + 64];
            var written = CgiStatusWriter.Write(head, parsed, status);
            FuzzFailure.Check(written >= CgiStatusWriter.MinDestinationLength && written <= status.Length, $"a status of {written} bytes");
        }
        return true;
    }
}
