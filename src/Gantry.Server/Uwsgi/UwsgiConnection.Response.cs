using Gantry.Server.Http;

namespace Gantry.Server.Uwsgi;

/// <summary>
/// The response side: raw HTTP as uWSGI writes it to nginx. The status line echoes the request's SERVER_PROTOCOL;
/// a staged response gets a Content-Length, a streamed one is delimited by the close that ends every uwsgi
/// connection (nginx re-frames it for its client, so chunked encoding is never sent upstream of nginx).
/// </summary>
internal sealed partial class UwsgiConnection
{
    private static ReadOnlySpan<byte> DefaultProtocol => "HTTP/1.0"u8;

    /// <inheritdoc />
    protected override void WriteHead(bool lengthKnown)
    {
        var protocol = ResponseProtocol();
        var head = Output.GetSpan(protocol.Length + Status.Length + ResponseHeaders.Length + 64);
        var n = 0;
        Append(head, ref n, protocol);
        Append(head, ref n, " "u8);
        Append(head, ref n, Status);
        Append(head, ref n, "\r\n"u8);
        Append(head, ref n, ResponseHeaders);
        if (lengthKnown && AppContentLength < 0 && !IsBodylessStatus)
        {
            AppendContentLength(head, ref n, KnownContentLength);
        }
        Append(head, ref n, "\r\n"u8);
        Output.Commit(n);
        CloseAfterResponse = true;
    }

    /// <inheritdoc />
    protected override void FrameBody(ReadOnlySpan<byte> data) => Output.Write(data);

    /// <inheritdoc />
    protected override void CompleteResponse()
    {
    }

    /// <inheritdoc />
    protected override void WriteErrorResponse(int statusCode) => Output.Write(HttpErrorResponses.For(statusCode));

    /// <summary>SERVER_PROTOCOL when it looks like "HTTP/x.y" (it is echoed into the status line), else HTTP/1.0.</summary>
    private ReadOnlySpan<byte> ResponseProtocol()
    {
        if (!Request.Variables.TryGetValue("SERVER_PROTOCOL"u8, out var protocol) || protocol.Length is < 6 or > 10
            || !protocol.StartsWith("HTTP/"u8) || protocol[5..].IndexOfAnyExcept("0123456789."u8) >= 0)
        {
            return DefaultProtocol;
        }
        return protocol;
    }
}
