using Gantry.Application;
using Gantry.Protocols.Http;
using Gantry.Server.Connections;
using Gantry.Server.Listeners;

namespace Gantry.Server.Http;

/// <summary>
/// Turns a parsed HTTP request head into CGI variables (RFC 3875 §4.1 as PEP 3333 uses them): the same
/// keys nginx's uwsgi_params would send, so the application sees one request shape whichever front carried it.
/// </summary>
internal static class HttpCgiBuilder
{
    private static ReadOnlySpan<byte> Http11 => "HTTP/1.1"u8;
    private static ReadOnlySpan<byte> Http10 => "HTTP/1.0"u8;

    public static void Build(ReadOnlySpan<byte> buffer, HttpRequestHead head, Listener listener, PeerAddress peer, CgiVariables variables)
    {
        variables.Add("REQUEST_METHOD"u8, buffer[head.Method]);
        variables.Add("REQUEST_URI"u8, buffer[head.Target]);
        // An absolute-form target without a path means "/" (RFC 9112 §3.2.2).
        AddDecodedPath(variables, head.Path.GetOffsetAndLength(buffer.Length).Length == 0 ? "/"u8 : buffer[head.Path]);
        variables.Add("QUERY_STRING"u8, buffer[head.Query]);
        variables.Add("SERVER_PROTOCOL"u8, head.Version == HttpVersion.Http11 ? Http11 : Http10);
        variables.Add("SCRIPT_NAME"u8, default);
        variables.Add("SERVER_NAME"u8, listener.ServerName);
        variables.Add("SERVER_PORT"u8, listener.ServerPort);
        variables.Add("REMOTE_ADDR"u8, peer.Address);
        if (peer.PortLength > 0)
        {
            variables.Add("REMOTE_PORT"u8, peer.Port);
        }
        for (var i = 0; i < head.HeaderCount; i++)
        {
            var name = buffer[head.HeaderName(i)];
            var value = buffer[head.HeaderValue(i)];
            if (name.Length == 12 && System.Text.Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
            {
                variables.Set("CONTENT_TYPE"u8, value);
            }
            else if (name.Length == 14 && System.Text.Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                variables.Set("CONTENT_LENGTH"u8, value);
            }
            else if (IsDropped(name))
            {
                continue;
            }
            else
            {
                variables.AddHttpHeader(name, value);
            }
        }
    }

    /// <summary>
    /// Headers that never become HTTP_* variables: Transfer-Encoding (the body arrives de-chunked, with a
    /// CONTENT_LENGTH unless it streams to its host), Proxy (the "httpoxy" hole: HTTP_PROXY would pose as the proxy environment variable),
    /// and names with '_' (they would collide with the '-' spelling after mapping; nginx and gunicorn drop them).
    /// </summary>
    private static bool IsDropped(ReadOnlySpan<byte> name) =>
        name.Contains((byte)'_')
        || (name.Length == 17 && System.Text.Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        || (name.Length == 5 && System.Text.Ascii.EqualsIgnoreCase(name, "Proxy"u8));

    /// <summary>
    /// PATH_INFO is the percent-decoded path (PEP 3333: bytes, later read as latin-1). A "%00" is refused
    /// with 400, as nginx does: a NUL in PATH_INFO truncates paths in any C call the app makes with it.
    /// </summary>
    private static void AddDecodedPath(CgiVariables variables, ReadOnlySpan<byte> path)
    {
        if (!PercentDecoder.SetDecodedPath(variables, "PATH_INFO"u8, path))
        {
            throw new HttpRequestRejectedException(HttpRejectionReason.InvalidRequestTarget);
        }
    }
}
