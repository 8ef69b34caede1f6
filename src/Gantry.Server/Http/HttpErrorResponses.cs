using System.Text;

namespace Gantry.Server.Http;

/// <summary>
/// The complete responses Gantry itself sends when a request cannot reach the application (or the
/// application failed before sending headers). Each closes the connection: after a framing error the rest
/// of the stream cannot be trusted (RFC 9112 §9.6).
/// </summary>
internal static class HttpErrorResponses
{
    private static readonly byte[] BadRequest = Build(400, "Bad Request");
    private static readonly byte[] Forbidden = Build(403, "Forbidden");
    private static readonly byte[] MethodNotAllowed = Build(405, "Method Not Allowed", "Allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n");
    private static readonly byte[] RequestTimeout = Build(408, "Request Timeout");
    private static readonly byte[] ContentTooLarge = Build(413, "Content Too Large");
    private static readonly byte[] HeadersTooLarge = Build(431, "Request Header Fields Too Large");
    private static readonly byte[] InternalError = Build(500, "Internal Server Error");
    private static readonly byte[] NotImplemented = Build(501, "Not Implemented");
    private static readonly byte[] VersionNotSupported = Build(505, "HTTP Version Not Supported");
    private static readonly byte[] ServiceUnavailable = Build(503, "Service Unavailable");

    /// <summary>The canned response for <paramref name="statusCode"/>.</summary>
    public static byte[] For(int statusCode) => statusCode switch
    {
        403 => Forbidden,
        405 => MethodNotAllowed,
        408 => RequestTimeout,
        413 => ContentTooLarge,
        431 => HeadersTooLarge,
        500 => InternalError,
        501 => NotImplemented,
        503 => ServiceUnavailable,
        505 => VersionNotSupported,
        _ => BadRequest,
    };

    private static byte[] Build(int code, string reason, string extraHeaders = "")
    {
        var body = $"{code} {reason}\n";
        return Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\n{extraHeaders}Connection: close\r\n\r\n{body}");
    }
}
