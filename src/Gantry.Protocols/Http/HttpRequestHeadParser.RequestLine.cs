using System.Text;

namespace Gantry.Protocols.Http;

public static partial class HttpRequestHeadParser
{
    // "HTTP/" DIGIT "." DIGIT
    private const int VersionLength = 8;
    private const int VersionMajor = 5;
    private const int VersionDot = 6;
    private const int VersionMinor = 7;

    //   [CRLF] method SP request-target SP HTTP-version CRLF          (RFC 9112 §2.2, §3)
    //
    //   request-target = origin-form      /path?query
    //                  / absolute-form    http://authority/path?query  (proxies; servers must accept it)
    //                  / authority-form   host:port                    (CONNECT only: refused, 405)
    //                  / asterisk-form    *                            (OPTIONS only)
    //   HTTP-version   = "HTTP/" DIGIT "." DIGIT
    private static bool TryParseRequestLine(ReadOnlySpan<byte> view, HttpRequestHead head)
    {
        if (view.IsEmpty)
        {
            return false;
        }

        int start = 0;
        if (view[0] == HttpSyntax.CarriageReturn)
        {
            if (view.Length == 1)
            {
                return false;
            }

            if (view[1] != HttpSyntax.LineFeed)
            {
                HttpRequestRejectedException.Throw(HttpRejectionReason.BareCarriageReturn);
            }

            start = LineEndingLength;
        }
        else if (view[0] == HttpSyntax.LineFeed)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.BareLineFeed);
        }

        if (start == view.Length)
        {
            return false;
        }

        if (view[start] is HttpSyntax.CarriageReturn or HttpSyntax.LineFeed)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.TooManyLeadingEmptyLines);
        }

        // Decided as soon as the first non-token byte arrives, so garbage (a TLS hello, say) is refused at once.
        int methodLength = view[start..].IndexOfAnyExcept(HttpSyntax.TokenCharacters);
        if (methodLength < 0)
        {
            return false;
        }

        int methodEnd = start + methodLength;
        if (methodLength == 0 || view[methodEnd] != HttpSyntax.Space)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidMethod);
        }

        int lineEnd = FindLineEnd(view, methodEnd);
        if (lineEnd < 0)
        {
            return false;
        }

        int versionStart = view[..lineEnd].LastIndexOf(HttpSyntax.Space) + 1;
        if (versionStart - 1 == methodEnd)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidRequestLine);
        }

        // The version first: "GET / HTTP/1.1 " is a bad version, not a target with a space in it.
        head.Version = ParseVersion(view[versionStart..lineEnd]);
        int targetStart = methodEnd + 1;
        int targetEnd = versionStart - 1;
        var target = view[targetStart..targetEnd];
        if (target.IsEmpty || target.ContainsAny(HttpSyntax.InvalidTargetCharacters))
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidRequestTarget);
        }

        head.Method = start..methodEnd;
        head.Target = targetStart..targetEnd;
        var method = view[start..methodEnd];
        head.IsHead = method.SequenceEqual("HEAD"u8);
        if (method.SequenceEqual("CONNECT"u8))
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.ConnectMethodNotAllowed);
        }

        ParseTarget(target, targetStart, method, head);
        head.RequestLineParsed = true;
        head.ScannedLength = lineEnd + LineEndingLength;
        return true;
    }

    private static HttpVersion ParseVersion(ReadOnlySpan<byte> version)
    {
        if (version.Length != VersionLength || !version.StartsWith("HTTP/"u8) || version[VersionDot] != (byte)'.'
            || !char.IsAsciiDigit((char)version[VersionMajor]) || !char.IsAsciiDigit((char)version[VersionMinor]))
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidHttpVersion);
        }

        if (version[VersionMajor] == (byte)'1' && version[VersionMinor] == (byte)'1')
        {
            return HttpVersion.Http11;
        }

        if (version[VersionMajor] == (byte)'1' && version[VersionMinor] == (byte)'0')
        {
            return HttpVersion.Http10;
        }

        // RFC 9110 §15.6.6: a well-formed version we do not speak (HTTP/2.0, HTTP/1.2, HTTP/0.9).
        HttpRequestRejectedException.Throw(HttpRejectionReason.HttpVersionNotSupported);
        return default;
    }

    private static void ParseTarget(ReadOnlySpan<byte> target, int offset, ReadOnlySpan<byte> method, HttpRequestHead head)
    {
        if (target[0] == HttpSyntax.Slash)
        {
            SplitPathAndQuery(target, offset, head);
            return;
        }

        if (target.Length == 1 && target[0] == HttpSyntax.Asterisk)
        {
            if (!method.SequenceEqual("OPTIONS"u8))
            {
                HttpRequestRejectedException.Throw(HttpRejectionReason.AsteriskFormRequiresOptions);
            }

            head.IsAsteriskForm = true;
            head.Path = offset..(offset + 1);
            head.Query = (offset + 1)..(offset + 1);
            return;
        }

        ParseAbsoluteForm(target, offset, head);
    }

    //   absolute-form = scheme "://" authority path-abempty [ "?" query ]   (RFC 9112 §3.2.2, RFC 3986 §3)
    //                   | http |://| example.com:8080 |/path|?|query|
    private static void ParseAbsoluteForm(ReadOnlySpan<byte> target, int offset, HttpRequestHead head)
    {
        int separator = target.IndexOf("://"u8);
        if (separator < 0)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidRequestTarget);
        }

        var scheme = target[..separator];
        if (!Ascii.EqualsIgnoreCase(scheme, "http"u8) && !Ascii.EqualsIgnoreCase(scheme, "https"u8))
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidRequestTarget);
        }

        int authorityStart = separator + "://"u8.Length;
        int authorityLength = target[authorityStart..].IndexOfAny(HttpSyntax.Slash, HttpSyntax.QuestionMark);
        int authorityEnd = authorityLength < 0 ? target.Length : authorityStart + authorityLength;
        var authority = target[authorityStart..authorityEnd];

        // RFC 9110 §4.2.1: an http URI needs a host; §4.2.4: userinfo ('@') is to be treated as an error.
        if (authority.IsEmpty || authority.ContainsAnyExcept(HttpSyntax.HostCharacters))
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.InvalidRequestTarget);
        }

        head.IsAbsoluteForm = true;
        head.Authority = (offset + authorityStart)..(offset + authorityEnd);
        SplitPathAndQuery(target[authorityEnd..], offset + authorityEnd, head);
    }

    private static void SplitPathAndQuery(ReadOnlySpan<byte> pathAndQuery, int offset, HttpRequestHead head)
    {
        int end = offset + pathAndQuery.Length;
        int question = pathAndQuery.IndexOf(HttpSyntax.QuestionMark);
        if (question < 0)
        {
            head.Path = offset..end;
            head.Query = end..end;
            return;
        }

        head.Path = offset..(offset + question);
        head.Query = (offset + question + 1)..end;
    }
}
