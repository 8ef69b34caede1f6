namespace Gantry.Application.WebSocket;

/// <summary>Told once, on the loop thread, that a WebSocket message (or the close) arrived (<see cref="IWebSocketSession.NotifyWhenInputArrives"/>).</summary>
public interface IWebSocketListener
{
    /// <summary>Input arrived: <see cref="IWebSocketSession.Peek"/> has something. A <see cref="IResponseSink.Continue"/> made here resumes the host once this returns.</summary>
    void OnWebSocketInput();
}
