using System.Text;

namespace Gantry.Server.FastCgi;

/// <summary>
/// CGI responses (RFC 3875 §6.2: a Status header instead of a status line) for requests the FastCGI front answers
/// itself: a body over --limit-post, an application that failed before sending headers.
/// </summary>
internal static class FastCgiErrorResponses
{
    private static readonly byte[] BadRequest = Build(400, "Bad Request");
    private static readonly byte[] ContentTooLarge = Build(413, "Content Too Large");
    private static readonly byte[] InternalError = Build(500, "Internal Server Error");

    /// <summary>The CGI response for <paramref name="statusCode"/> (400 for codes without their own text).</summary>
    public static byte[] For(int statusCode) => statusCode switch
    {
        413 => ContentTooLarge,
        500 => InternalError,
        _ => BadRequest,
    };

    private static byte[] Build(int code, string reason)
    {
        var body = $"{code} {reason}\n";
        return Encoding.ASCII.GetBytes($"Status: {code} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\n\r\n{body}");
    }
}
