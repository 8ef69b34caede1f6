using Gantry.Protocols.Http;

namespace Gantry.Protocols.Cgi;

public static partial class CgiResponseHeadParser
{
    private const int StatusCodeLength = 3;
    private const int LowestFinalStatus = 200;
    private const int HighestStatus = 599;
    private const int LowestRedirectStatus = 300;
    private const int LowestClientErrorStatus = 400;
    private const int DocumentStatus = 200;
    private const int RedirectStatus = 302;
    private const byte Backslash = (byte)'\\';

    //   Status        = "Status:" status-code SP reason-phrase NL    (RFC 3875 §6.3.3)
    //                   | Status |:|SP| 404 |SP| Not Found |LF|
    //   status-code   = 3digit         a final status, 200-599 (RFC 9110 §15): a 1xx cannot end a response
    //   reason-phrase = *TEXT          may be left out ("Status: 404"): the standard phrase then applies
    private static void ApplyStatus(ReadOnlySpan<byte> view, Range value, CgiResponseHead head)
    {
        if (head.HasStatus)
        {
            CheckRepeat(view, head.StatusValue, value, CgiResponseRejectionReason.ConflictingStatus);
            return;
        }

        var status = view[value];
        if (status.Length < StatusCodeLength
            || (status.Length > StatusCodeLength && status[StatusCodeLength] is not (HttpSyntax.Space or HttpSyntax.HorizontalTab)))
        {
            CgiResponseRejectedException.Throw(CgiResponseRejectionReason.InvalidStatus);
        }

        int code = 0;
        foreach (byte digit in status[..StatusCodeLength])
        {
            if (!char.IsAsciiDigit((char)digit))
            {
                CgiResponseRejectedException.Throw(CgiResponseRejectionReason.InvalidStatus);
            }

            code = (code * 10) + (digit - '0');
        }

        if (code is < LowestFinalStatus or > HighestStatus)
        {
            CgiResponseRejectedException.Throw(CgiResponseRejectionReason.InvalidStatus);
        }

        // The value is trimmed already, so the phrase ends where it does; only the separator is skipped.
        var (offset, length) = value.GetOffsetAndLength(view.Length);
        int reasonStart = offset + StatusCodeLength;
        int end = offset + length;
        while (reasonStart < end && view[reasonStart] is HttpSyntax.Space or HttpSyntax.HorizontalTab)
        {
            reasonStart++;
        }

        head.HasStatus = true;
        head.StatusValue = value;
        head.StatusCode = code;
        head.ReasonPhrase = reasonStart..end;
    }

    // RFC 3875 §6.2: which response the complete head is, and the status it has when Status did not say.
    private static void FinishHead(ReadOnlySpan<byte> view, CgiResponseHead head)
    {
        if (head.FieldLineCount == 0)
        {
            CgiResponseRejectedException.Throw(CgiResponseRejectionReason.EmptyHead);
        }

        if (!head.HasLocation)
        {
            head.Kind = CgiResponseKind.Document;
            head.StatusCode = head.HasStatus ? head.StatusCode : DocumentStatus;
            return;
        }

        // §6.2.2: local-redir-response = local-Location NL; "MUST NOT return any other header fields".
        if (head.FieldLineCount == 1 && IsLocalPath(view[head.Location]))
        {
            head.Kind = CgiResponseKind.LocalRedirect;
            head.StatusCode = RedirectStatus;
            return;
        }

        // §6.2.3, §6.2.4: the server sends 302 unless the script chose its status.
        head.StatusCode = head.HasStatus ? head.StatusCode : RedirectStatus;
        head.Kind = head.StatusCode is >= LowestRedirectStatus and < LowestClientErrorStatus
            ? CgiResponseKind.ClientRedirect
            : CgiResponseKind.Document;
    }

    //   local-pathquery = abs-path [ "?" query-string ]                 (RFC 3875 §6.2.2)
    //   "//host/…" (and "/\host", which browsers read alike) is a network-path reference to another host
    //   (RFC 3986 §4.2), so it goes to the client as a client redirect rather than being served here.
    private static bool IsLocalPath(ReadOnlySpan<byte> location) =>
        location[0] == HttpSyntax.Slash && (location.Length == 1 || location[1] is not (HttpSyntax.Slash or Backslash));
}
