using Gantry.Protocols.Http;
using Gantry.Server.Connections;
using Gantry.Server.Logging;

namespace Gantry.Server.Http;

internal sealed partial class HttpConnection
{
    private static ReadOnlySpan<byte> ContinueResponse => "HTTP/1.1 100 Continue\r\n\r\n"u8;

    private HttpChunkedDecoder _chunked;
    private long _bodyRemaining;
    private int _requestsServed;

    /// <inheritdoc />
    protected override bool ProcessInput()
    {
        try
        {
            return State switch
            {
                ConnectionState.ReadingRequest => ProcessHead(),
                ConnectionState.ReadingBody => ProcessBody(),
                _ => false,
            };
        }
        catch (HttpRequestRejectedException rejection)
        {
            Services.Logger.RequestRejected(Listener.DisplayAddress, rejection.StatusCode, rejection.Reason.ToString());
            RejectRequest(rejection.StatusCode);
            return true;
        }
    }

    private bool ProcessHead()
    {
        if (InputBuffered == 0)
        {
            return false;
        }
        var buffered = BufferedInput;
        if (!HttpRequestHeadParser.TryParse(buffered, Services.Options.BufferSize, _head, out var consumed))
        {
            if (InputClosed)
            {
                // The client sent part of a head and then closed its side: nothing can complete it.
                RejectRequest(400);
                return true;
            }
            return false;
        }
        Request.Reset();
        HttpCgiBuilder.Build(buffered, _head, Listener, Peer, Request.Variables);
        ConsumeInput(consumed);
        IsHeadRequest = _head.IsHead;
        CloseAfterResponse = false;
        _chunkedResponse = false;

        if (_head.IsChunked)
        {
            _chunked.Reset();
            _bodyRemaining = -1;
        }
        else
        {
            _bodyRemaining = Math.Max(0, _head.ContentLength);
            var limit = Services.Options.LimitPost;
            if (limit > 0 && _bodyRemaining > limit)
            {
                RejectRequest(413);
                return true;
            }
        }
        var expectsBody = _head.IsChunked || _bodyRemaining > 0;
        if (expectsBody && _head.ExpectContinue && InputBuffered == 0)
        {
            Output.Write(ContinueResponse);
        }
        State = ConnectionState.ReadingBody;
        return true;
    }

    private bool ProcessBody()
    {
        var body = Request.Body;
        if (_bodyRemaining >= 0)
        {
            var available = (int)Math.Min(InputBuffered, _bodyRemaining);
            body.Append(BufferedInput[..available]);
            ConsumeInput(available);
            _bodyRemaining -= available;
            if (_bodyRemaining > 0)
            {
                return NeedBodyBytes();
            }
        }
        else
        {
            while (true)
            {
                var source = BufferedInput;
                var done = _chunked.Decode(source, out var consumed, out var dataOffset, out var dataLength);
                if (dataLength > 0)
                {
                    body.Append(source.Slice(dataOffset, dataLength));
                }
                ConsumeInput(consumed);
                if (Services.Options.LimitPost > 0 && body.Length > Services.Options.LimitPost)
                {
                    RejectRequest(413);
                    return true;
                }
                if (done)
                {
                    break;
                }
                if (consumed == 0)
                {
                    return NeedBodyBytes();
                }
            }
            Span<byte> length = stackalloc byte[20];
            System.Buffers.Text.Utf8Formatter.TryFormat(body.Length, length, out var written);
            Request.Variables.Set("CONTENT_LENGTH"u8, length[..written]);
        }
        InvokeApplication();
        return true;
    }

    private bool NeedBodyBytes()
    {
        if (InputClosed)
        {
            // The client closed before sending the whole body (RFC 9112 §8: incomplete message).
            RejectRequest(400);
            return true;
        }
        return false;
    }

    /// <summary>Answers a request that never reaches the application, then closes (RFC 9112 §9.6).</summary>
    private void RejectRequest(int statusCode)
    {
        Output.Write(HttpErrorResponses.For(statusCode));
        CloseAfterRefusal();
    }
}
