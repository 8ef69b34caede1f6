using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Gantry.Protocols.Cgi;

/// <summary>
/// Thrown by the CGI parsers for script output that cannot become an HTTP response. The host answers
/// <see cref="StatusCode"/> (nothing of the script's output has reached the client yet), logs the message, which
/// names the reason, and stops reading the script.
/// </summary>
public sealed class CgiResponseRejectedException : Exception
{
    /// <summary>502: the gateway received an invalid response from the script (RFC 9110 §15.6.3, RFC 9112 §5.2).</summary>
    public const int BadGatewayStatusCode = 502;

    /// <summary>Creates a rejection for <paramref name="reason"/>.</summary>
    public CgiResponseRejectedException(CgiResponseRejectionReason reason)
        : base($"invalid CGI output ({reason}): {Describe(reason)}")
    {
        Reason = reason;
    }

    /// <summary>The rule the output broke.</summary>
    public CgiResponseRejectionReason Reason { get; }

    /// <summary>The status to answer the client with: always 502.</summary>
    public int StatusCode => BadGatewayStatusCode;

    // Kept out of line so the parsers' loops stay small.
    [DoesNotReturn]
    [StackTraceHidden]
    internal static void Throw(CgiResponseRejectionReason reason) => throw new CgiResponseRejectedException(reason);

    private static string Describe(CgiResponseRejectionReason reason) => reason switch
    {
        CgiResponseRejectionReason.EmptyOutput => "the script wrote nothing",
        CgiResponseRejectionReason.EmptyHead => "the output starts with a blank line, so its head has no field",
        CgiResponseRejectionReason.TruncatedHead => "the output ended before the blank line that ends the head",
        CgiResponseRejectionReason.HeadTooLarge => "no blank line ends the head within the head limit",
        CgiResponseRejectionReason.TooManyHeaderFields => $"more than {CgiResponseHeadParser.MaxHeaderCount} header lines",
        CgiResponseRejectionReason.BinaryOutput => "a control byte where a header name belongs: binary output without a head?",
        CgiResponseRejectionReason.MissingFieldColon => "a head line without a colon: output printed before the head?",
        CgiResponseRejectionReason.StatusLineWithoutNph => "an HTTP status line: write 'Status: NNN reason', or name the script nph-*",
        CgiResponseRejectionReason.InvalidFieldName => "a header name that is empty or holds characters other than token characters",
        CgiResponseRejectionReason.ObsoleteLineFolding => "a head line starting with whitespace (folded header)",
        CgiResponseRejectionReason.InvalidFieldValue => "a header value with a control character",
        CgiResponseRejectionReason.InvalidStatus => "a Status that is not a code from 200 to 599 and an optional reason phrase",
        CgiResponseRejectionReason.ConflictingStatus => "two different Status headers",
        CgiResponseRejectionReason.InvalidLocation => "an empty Location, or one with whitespace",
        CgiResponseRejectionReason.ConflictingLocation => "two different Location headers",
        CgiResponseRejectionReason.ConflictingContentType => "two different Content-Type headers",
        CgiResponseRejectionReason.InvalidNphStatusLine => "an NPH script's first line is not 'HTTP/1.x NNN reason'",
        _ => reason.ToString(),
    };
}
