using System.Text;
using Gantry.Protocols.Http;

namespace Gantry.Protocols.Cgi;

public static partial class CgiResponseHeadParser
{
    // "HTTP/" at the start of a line without a colon: a status line, written by a script that is not NPH.
    private static ReadOnlySpan<byte> HttpVersionPrefix => "HTTP/"u8;

    //   header-field = field-name ":" [ field-value ]                (RFC 3875 §6.3)
    //                  | Content-Type |SP*| : |OWS| text/html |OWS|
    //   field-name   = token                    whitespace before ':' removed (RFC 9112 §5.1, proxy rule)
    //   field-value  = no CTL but HTAB          (RFC 9110 §5.5)
    //   obs-fold     = a line starting with SP / HTAB; refused (RFC 9112 §5.2)
    private static void ParseFieldLine(ReadOnlySpan<byte> view, int start, int end, CgiResponseHead head)
    {
        var line = view[start..end];
        CheckLinePrefix(line, line[0]);
        int colon = line.IndexOf(HttpSyntax.Colon);
        if (colon < 0)
        {
            CgiResponseRejectedException.Throw(head.FieldLineCount == 0 && line.StartsWith(HttpVersionPrefix)
                ? CgiResponseRejectionReason.StatusLineWithoutNph
                : CgiResponseRejectionReason.MissingFieldColon);
        }

        int nameEnd = colon;
        while (nameEnd > 0 && line[nameEnd - 1] is HttpSyntax.Space or HttpSyntax.HorizontalTab)
        {
            nameEnd--;
        }

        var name = line[..nameEnd];
        if (!HttpSyntax.IsToken(name))
        {
            CgiResponseRejectedException.Throw(CgiResponseRejectionReason.InvalidFieldName);
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

        if (head.FieldLineCount == MaxHeaderCount)
        {
            CgiResponseRejectedException.Throw(CgiResponseRejectionReason.TooManyHeaderFields);
        }

        head.FieldLineCount++;
        var nameRange = start..(start + nameEnd);
        var valueRange = (start + valueStart)..(start + valueEnd);
        if (ApplyCgiField(view, name, valueRange, head))
        {
            head.AddField(nameRange, valueRange);
        }
    }

    // The CGI fields of RFC 3875 §6.3 (names are case-insensitive); the switch on the name's length keeps most
    // names to one integer compare. Returns whether the field goes on to the client as a header.
    private static bool ApplyCgiField(ReadOnlySpan<byte> view, ReadOnlySpan<byte> name, Range value, CgiResponseHead head)
    {
        switch (name.Length)
        {
            case 6 when Ascii.EqualsIgnoreCase(name, "Status"u8):
                ApplyStatus(view, value, head);
                return false;
            case 8 when Ascii.EqualsIgnoreCase(name, "Location"u8):
                return ApplyLocation(view, value, head);
            case 12 when Ascii.EqualsIgnoreCase(name, "Content-Type"u8):
                if (head.HasContentType)
                {
                    CheckRepeat(view, head.ContentType, value, CgiResponseRejectionReason.ConflictingContentType);
                    return false;
                }

                head.HasContentType = true;
                head.ContentType = value;
                return true;
            default:
                return true;
        }
    }

    //   Location        = local-Location | client-Location             (RFC 3875 §6.3.2)
    //   local-Location  = "/" path [ "?" query ]     a URI-reference either way: never empty, no whitespace
    private static bool ApplyLocation(ReadOnlySpan<byte> view, Range value, CgiResponseHead head)
    {
        var location = view[value];
        if (location.IsEmpty || location.ContainsAny(HttpSyntax.Whitespace))
        {
            CgiResponseRejectedException.Throw(CgiResponseRejectionReason.InvalidLocation);
        }

        if (head.HasLocation)
        {
            CheckRepeat(view, head.Location, value, CgiResponseRejectionReason.ConflictingLocation);
            return false;
        }

        head.HasLocation = true;
        head.Location = value;
        return true;
    }

    // A field that must appear once, given again: the same bytes are a harmless repeat (dropped), others conflict.
    private static void CheckRepeat(ReadOnlySpan<byte> view, Range first, Range again, CgiResponseRejectionReason conflict)
    {
        if (!view[first].SequenceEqual(view[again]))
        {
            CgiResponseRejectedException.Throw(conflict);
        }
    }
}
