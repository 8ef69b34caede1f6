using Gantry.Application;

namespace Gantry.Cgi;

/// <summary>The CGI host's own short answers, worded as uWSGI's (core/errors.c): a status, text/plain, the phrase.</summary>
internal static class CgiErrorResponse
{
    public static readonly byte[] NotFound = "404 Not Found"u8.ToArray();
    public static readonly byte[] Forbidden = "403 Forbidden"u8.ToArray();
    public static readonly byte[] InternalServerError = "500 Internal Server Error"u8.ToArray();
    public static readonly byte[] BadGateway = "502 Bad Gateway"u8.ToArray();
    public static readonly byte[] GatewayTimeout = "504 Gateway Timeout"u8.ToArray();

    /// <summary>Answers <paramref name="status"/> ("404 Not Found") with its phrase as the body (<see cref="PlainTextResponse"/>).</summary>
    public static ApplicationStep Write(IResponseSink sink, ReadOnlySpan<byte> status) => PlainTextResponse.Write(sink, status);
}
