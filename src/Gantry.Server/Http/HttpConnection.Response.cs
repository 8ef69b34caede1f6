using System.Buffers;
using System.Buffers.Text;
using Gantry.Protocols.Http;

namespace Gantry.Server.Http;

/// <summary>
/// HTTP/1.1 response framing (RFC 9112 §6): a staged response leaves with a Content-Length; a larger or streamed
/// one is chunked (HTTP/1.1) or close-delimited (HTTP/1.0). Keep-alive unless the request or a shutdown says close.
/// </summary>
internal sealed partial class HttpConnection
{
    private bool _chunkedResponse;

    /// <inheritdoc />
    protected override void WriteHead(bool lengthKnown)
    {
        var head = Output.GetSpan(Status.Length + ResponseHeaders.Length + 128);
        var n = 0;
        Append(head, ref n, "HTTP/1.1 "u8);
        Append(head, ref n, Status);
        Append(head, ref n, "\r\n"u8);
        Append(head, ref n, ResponseHeaders);
        if (AppContentLength < 0 && !IsBodylessStatus)
        {
            if (lengthKnown)
            {
                AppendContentLength(head, ref n, KnownContentLength);
            }
            else if (_head.IsHead)
            {
                // No body follows a HEAD response whatever the headers say, so no framing is needed.
            }
            else if (_head.Version == HttpVersion.Http11)
            {
                Append(head, ref n, "Transfer-Encoding: chunked\r\n"u8);
                _chunkedResponse = true;
            }
            else
            {
                CloseAfterResponse = true;
            }
        }
        if (!_head.KeepAlive || Services.ShuttingDown || InputClosed)
        {
            CloseAfterResponse = true;
        }
        if (CloseAfterResponse)
        {
            Append(head, ref n, "Connection: close\r\n"u8);
        }
        else if (_head.Version == HttpVersion.Http10)
        {
            Append(head, ref n, "Connection: keep-alive\r\n"u8);
        }
        Append(head, ref n, "\r\n"u8);
        Output.Commit(n);
    }

    /// <inheritdoc />
    protected override bool BodyFramingHasEnd => _chunkedResponse;

    /// <inheritdoc />
    protected override void FrameBody(ReadOnlySpan<byte> data)
    {
        if (_chunkedResponse)
        {
            WriteChunkSize(data.Length);
            Output.Write(data);
            Output.Write("\r\n"u8);
        }
        else
        {
            Output.Write(data);
        }
    }

    /// <inheritdoc />
    protected override void BeginFileSegment(long count)
    {
        if (_chunkedResponse)
        {
            WriteChunkSize(count);
        }
    }

    /// <inheritdoc />
    protected override void EndFileSegment()
    {
        if (_chunkedResponse)
        {
            Output.Write("\r\n"u8);
        }
    }

    /// <inheritdoc />
    protected override void CompleteResponse()
    {
        if (Upgraded)
        {
            CompleteWebSocket();
        }
        if (_chunkedResponse)
        {
            Output.Write("0\r\n\r\n"u8);
        }
        _requestsServed++;
    }

    /// <inheritdoc />
    protected override void WriteErrorResponse(int statusCode) => Output.Write(HttpErrorResponses.For(statusCode));

    private void WriteChunkSize(long size)
    {
        var line = Output.GetSpan(20);
        Utf8Formatter.TryFormat(size, line, out var digits, new StandardFormat('x'));
        "\r\n"u8.CopyTo(line[digits..]);
        Output.Commit(digits + 2);
    }
}
