using Gantry.Protocols.Http;
using Gantry.Server.Connections;
using Gantry.Server.Logging;

namespace Gantry.Server.Http;

internal sealed partial class HttpConnection
{
    private static ReadOnlySpan<byte> ContinueResponse => "HTTP/1.1 100 Continue\r\n\r\n"u8;

    private static ReadOnlySpan<byte> Http2Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    private HttpChunkedDecoder _chunked;
    private long _bodyRemaining;
    private int _requestsServed;

    // The host asked for this request's body streamed: it is invoked once the bytes that came with the head are in.
    private bool _streamBody;

    // The response ended before the body: the rest of the body is read and dropped, then the next request follows.
    private bool _discardingBody;

    /// <inheritdoc />
    protected override bool ProcessInput()
    {
        try
        {
            return State switch
            {
                ConnectionState.ReadingRequest => ProcessHead(),
                ConnectionState.ReadingBody => ProcessBody(),
                ConnectionState.Responding => BodyArriving && (Upgraded ? ProcessFrames() : ProcessBody()),
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
        if (_requestsServed == 0 && buffered[0] == (byte)'P' && Services.Options.Http2Handoff is { } http2
            && Listener.Address.Protocol == Listeners.ListenerProtocol.Http)
        {
            // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" (RFC 9113 §3.4) as the first bytes: an h2c client with prior knowledge.
            var length = Math.Min(buffered.Length, Http2Preface.Length);
            if (buffered[..length].SequenceEqual(Http2Preface[..length]))
            {
                if (length < Http2Preface.Length)
                {
                    // A prefix of it so far: wait for the rest (it cannot be an HTTP/1.1 method anyway).
                    if (InputClosed)
                    {
                        RejectRequest(400);
                        return true;
                    }
                    return false;
                }
                HandOff(http2);
                return true;
            }
        }
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
        if (Listener.Address.Protocol == Listeners.ListenerProtocol.HttpToHttps)
        {
            RedirectToHttps();
            return true;
        }
        if (_head.HasUpgrade && OfferWebSocket(buffered))
        {
            return true;
        }
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
        _streamBody = expectsBody && Services.Application.StreamsRequestBody(Request);
        _discardingBody = false;
        if (expectsBody && _head.ExpectContinue && InputBuffered == 0)
        {
            Output.Write(ContinueResponse);
        }
        State = ConnectionState.ReadingBody;
        return true;
    }

    /// <summary>
    /// Takes the body bytes that are buffered: before the application runs (the whole body, or for a streaming host
    /// what came with the head), while a streaming host runs (<see cref="Connection.BodyArriving"/>), or, after a
    /// response that ended before its body, to drop them. True when it did something the pump must follow up.
    /// </summary>
    private bool ProcessBody()
    {
        bool complete;
        if (_bodyRemaining >= 0)
        {
            var available = (int)Math.Min(InputBuffered, _bodyRemaining);
            if (!_discardingBody)
            {
                Request.Body.Append(BufferedInput[..available]);
            }
            ConsumeInput(available);
            _bodyRemaining -= available;
            complete = _bodyRemaining == 0;
        }
        else if (!TakeChunks(out complete))
        {
            return true;
        }
        if (complete)
        {
            return OnBodyComplete();
        }
        if (State == ConnectionState.Responding)
        {
            // More is needed; the pump receives it (and ends the response if the client stops sending).
            return false;
        }
        if (InputClosed)
        {
            return OnBodyCut();
        }
        if (_streamBody && !_discardingBody)
        {
            InvokeWhileBodyArrives();
            return true;
        }
        return false;
    }

    /// <summary>Decodes the buffered chunked bytes; false when the body went over --limit-post (answered 413).</summary>
    private bool TakeChunks(out bool complete)
    {
        var body = Request.Body;
        var limit = Services.Options.LimitPost;
        while (true)
        {
            var source = BufferedInput;
            complete = _chunked.Decode(source, out var consumed, out var dataOffset, out var dataLength);
            if (dataLength > 0 && !_discardingBody)
            {
                body.Append(source.Slice(dataOffset, dataLength));
            }
            ConsumeInput(consumed);
            if (limit > 0 && body.Length > limit)
            {
                RejectRequest(413);
                return false;
            }
            if (complete || consumed == 0)
            {
                return true;
            }
        }
    }

    private bool OnBodyComplete()
    {
        if (_discardingBody)
        {
            _discardingBody = false;
            State = ConnectionState.ReadingRequest;
            return true;
        }
        if (State == ConnectionState.Responding)
        {
            EndBodyArrival();
            return true;
        }
        if (_bodyRemaining < 0)
        {
            // A chunked body received whole reaches the application with its length, as a Content-Length one does.
            Span<byte> length = stackalloc byte[20];
            System.Buffers.Text.Utf8Formatter.TryFormat(Request.Body.Length, length, out var written);
            Request.Variables.Set("CONTENT_LENGTH"u8, length[..written]);
        }
        InvokeApplication();
        return true;
    }

    /// <summary>The client closed before sending the whole body (RFC 9112 §8: incomplete message).</summary>
    private bool OnBodyCut()
    {
        if (_discardingBody)
        {
            // Its response was answered already: nothing is left to say.
            State = ConnectionState.Closing;
            return true;
        }
        RejectRequest(400);
        return true;
    }

    /// <inheritdoc />
    protected override void DropRestOfBody()
    {
        _discardingBody = true;
        State = ConnectionState.ReadingBody;
    }

    /// <summary>
    /// Answers a request that never reaches the application, then closes (RFC 9112 §9.6). A streamed body refused
    /// while its host runs ends that host's response first: answered the same way if its head has not left, else cut.
    /// </summary>
    /// <inheritdoc />
    /// <remarks>408 Request Timeout, then the connection closes (RFC 9110 §15.5.9).</remarks>
    protected override void OnRequestTimedOut() => RejectRequest(408);

    private void RejectRequest(int statusCode)
    {
        if (_discardingBody)
        {
            // The body being dropped is broken: its response was answered already, so the connection just ends.
            State = ConnectionState.Closing;
            return;
        }
        if (State == ConnectionState.Responding && !AbortStreamedResponse(statusCode))
        {
            return;
        }
        Output.Write(HttpErrorResponses.For(statusCode));
        CloseAfterRefusal();
    }
}
