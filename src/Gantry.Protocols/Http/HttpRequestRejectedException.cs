using System.Diagnostics.CodeAnalysis;

namespace Gantry.Protocols.Http;

/// <summary>
/// Thrown by the HTTP parsers for input that must be refused. The connection answers with
/// <see cref="StatusCode"/> and closes, because the framing of whatever follows can no longer be trusted
/// (RFC 9112 §6.3, §9.6).
/// </summary>
public sealed class HttpRequestRejectedException : Exception
{
    /// <summary>Creates a rejection for <paramref name="reason"/>; the status code follows from it.</summary>
    public HttpRequestRejectedException(HttpRejectionReason reason)
        : base($"HTTP request rejected: {reason}")
    {
        Reason = reason;
        StatusCode = GetStatusCode(reason);
    }

    /// <summary>The rule the request broke.</summary>
    public HttpRejectionReason Reason { get; }

    /// <summary>The status to answer with: 400, 405, 413, 431, 501 or 505.</summary>
    public int StatusCode { get; }

    /// <summary>The response status for a rejection reason.</summary>
    public static int GetStatusCode(HttpRejectionReason reason) => reason switch
    {
        HttpRejectionReason.ConnectMethodNotAllowed => 405,
        HttpRejectionReason.RequestBodyTooLarge => 413,
        HttpRejectionReason.HeadTooLarge
            or HttpRejectionReason.TooManyHeaderFields
            or HttpRejectionReason.TrailerSectionTooLarge => 431,
        HttpRejectionReason.UnsupportedTransferCoding => 501,
        HttpRejectionReason.HttpVersionNotSupported => 505,
        _ => 400,
    };

    // Kept out of line so the parsers' hot loops stay small.
    [DoesNotReturn]
    internal static void Throw(HttpRejectionReason reason) => throw new HttpRequestRejectedException(reason);
}
