using System.Collections.Concurrent;
using Gantry.Application;
using Gantry.Application.WebSocket;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>
/// A host that serves WebSocket through <see cref="IWebSocketSession"/> as the ASGI host does, without Python: <c>/reject</c>
/// is answered 403, <c>/wait</c> is neither accepted nor refused (its abort is recorded as "aborted"), any other upgrade is accepted (with an <c>X-Test</c> header) and each message echoed until the client
/// closes; the close status it saw is recorded. A request that is no upgrade gets 200 "plain". With
/// <c>accepts: false</c> it is a WSGI-like host: upgrades stay ordinary requests.
/// </summary>
internal sealed class WebSocketEchoApplication(bool accepts = true) : IApplicationThread
{
    /// <summary>"closed STATUS" per ended WebSocket, "upgrade=BOOL" per request.</summary>
    public BlockingCollection<string> Events { get; } = [];

    public bool AcceptsWebSocket(RequestContext request) => accepts;

    public bool StreamsRequestBody(RequestContext request) => false;

    public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation)
    {
        continuation = null;
        Events.Add($"upgrade={request.WebSocket is not null}");
        if (request.WebSocket is not { } webSocket)
        {
            return PlainTextResponse.Write(response, "200 plain"u8);
        }
        request.Variables.TryGetValue("PATH_INFO"u8, out var path);
        if (path.SequenceEqual("/reject"u8))
        {
            return PlainTextResponse.Write(response, "403 Forbidden"u8);
        }
        if (path.SequenceEqual("/wait"u8))
        {
            continuation = new Waiting(this);
            return ApplicationStep.Pending;
        }
        response.AddHeader("X-Test"u8, "yes"u8);
        webSocket.Accept(default);
        var echo = new Echo(this, webSocket, response);
        var step = echo.Resume(response);
        continuation = step == ApplicationStep.Completed ? null : echo;
        return step;
    }

    public void EnterWait()
    {
    }

    public void LeaveWait()
    {
    }

    public void Dispose()
    {
    }

    private sealed class Waiting(WebSocketEchoApplication owner) : IResponseContinuation
    {
        public ApplicationStep Resume(IResponseSink response) => ApplicationStep.Pending;

        public void Abort() => owner.Events.Add("aborted");
    }

    private sealed class Echo(WebSocketEchoApplication owner, IWebSocketSession webSocket, IResponseSink sink) : IResponseContinuation, IWebSocketListener
    {
        public ApplicationStep Resume(IResponseSink response)
        {
            while (true)
            {
                var kind = webSocket.Peek(out var payload);
                switch (kind)
                {
                    case WebSocketInput.None:
                        webSocket.NotifyWhenInputArrives(this);
                        return ApplicationStep.Pending;
                    case WebSocketInput.Closed:
                        owner.Events.Add($"closed {webSocket.CloseStatus}");
                        return ApplicationStep.Completed;
                    default:
                        var accepted = webSocket.Send(kind == WebSocketInput.Text, payload);
                        webSocket.Advance();
                        if (!accepted)
                        {
                            return ApplicationStep.Suspended;
                        }
                        break;
                }
            }
        }

        public void OnWebSocketInput() => sink.Continue();

        public void Abort() => owner.Events.Add("aborted");
    }
}
