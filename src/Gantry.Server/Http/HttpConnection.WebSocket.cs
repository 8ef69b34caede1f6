using Gantry.Application.WebSocket;
using Gantry.Protocols.WebSocket;
using Gantry.Server.Logging;
using Gantry.Server.WebSocket;

namespace Gantry.Server.Http;

/// <summary>
/// WebSocket on the HTTP front (RFC 6455): the upgrade is checked strictly (<see cref="WebSocketUpgradeValidator"/>) only
/// for a host that serves WebSocket and only when the head had an Upgrade field; the host accepts or refuses it through
/// <see cref="IWebSocketSession"/>, which this connection is. After the 101 the framing, the closing handshake and the
/// timers are the <see cref="WebSocketChannel"/>'s, over this connection's buffers (<see cref="IWebSocketTransport"/>);
/// the connection keeps the socket.
/// </summary>
internal sealed partial class HttpConnection : IWebSocketSession, IWebSocketTransport
{
    private static ReadOnlySpan<byte> SwitchingProtocols => "101 Switching Protocols"u8;

    private readonly byte[] _acceptValue = new byte[WebSocketHandshake.AcceptLength];
    private WebSocketChannel? _webSocket;

    private WebSocketChannel Channel => _webSocket ??= new WebSocketChannel(this, Services.Options, Services.Loop.Time, Services.Logger);

    /// <inheritdoc />
    public bool IsAccepted => _webSocket?.IsAccepted == true;

    /// <inheritdoc />
    public bool IsClosed => Channel.IsClosed;

    /// <inheritdoc />
    public int CloseStatus => Channel.CloseStatus;

    /// <inheritdoc />
    public ReadOnlySpan<byte> CloseReason => Channel.CloseReason;

    /// <summary>
    /// For a request with an Upgrade field: offers it as a WebSocket to a host that serves them. False when the request
    /// goes on as an ordinary one (offered or not); true when it was refused with 400 (daphne's CVE-2026-44546: a
    /// smuggled or ambiguous upgrade is never guessed at).
    /// </summary>
    private bool OfferWebSocket(ReadOnlySpan<byte> buffered)
    {
        if (!Services.Application.AcceptsWebSocket(Request))
        {
            return false;
        }
        var check = WebSocketUpgradeValidator.Check(buffered, _head, out var key, out var reason);
        if (check == WebSocketUpgradeCheck.NotWebSocket)
        {
            return false;
        }
        if (check == WebSocketUpgradeCheck.Rejected)
        {
            Services.Logger.RequestRejected(Listener.DisplayAddress, 400, "WebSocket upgrade: " + reason);
            RejectRequest(400);
            return true;
        }
        WebSocketHandshake.WriteAccept(buffered[key], _acceptValue);
        var offered = WebSocketDeflateNegotiation.TryAccept(buffered, _head, out var deflate);
        Channel.Offer(offered, deflate);
        Request.WebSocket = this;
        return false;
    }

    /// <inheritdoc />
    public void Accept(ReadOnlySpan<byte> subprotocol)
    {
        if (HeadersCommitted)
        {
            throw new InvalidOperationException("the WebSocket was already accepted or answered");
        }
        Span<byte> extensions = stackalloc byte[WebSocketDeflateNegotiation.MaxResponseHeaderLength];
        extensions = extensions[..Channel.MarkAccepted(extensions)];
        CommitUpgrade(SwitchingProtocols);
        var head = Output.GetSpan(160 + extensions.Length + subprotocol.Length + ResponseHeaders.Length);
        var n = 0;
        Append(head, ref n, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "u8);
        Append(head, ref n, _acceptValue);
        Append(head, ref n, "\r\n"u8);
        if (!subprotocol.IsEmpty)
        {
            Append(head, ref n, "Sec-WebSocket-Protocol: "u8);
            Append(head, ref n, subprotocol);
            Append(head, ref n, "\r\n"u8);
        }
        Append(head, ref n, extensions);
        Append(head, ref n, ResponseHeaders);
        Append(head, ref n, "\r\n"u8);
        Output.Commit(n);
        // The WebSocket may stay open for hours, idle: its CGI variables (read by the request log at the end) keep no spare room.
        Request.Variables.TrimExcess();
    }

    /// <inheritdoc />
    public bool Send(bool text, ReadOnlySpan<byte> payload) => Channel.Send(text, payload);

    /// <inheritdoc />
    public void Close(int status, ReadOnlySpan<byte> reasonUtf8) => Channel.Close(status, reasonUtf8);

    /// <inheritdoc />
    public WebSocketInput Peek(out ReadOnlySpan<byte> payload) => Channel.Peek(out payload);

    /// <inheritdoc />
    public void Advance() => Channel.Advance();

    /// <inheritdoc />
    public void NotifyWhenInputArrives(IWebSocketListener listener) => Channel.NotifyWhenInputArrives(listener);

    /// <inheritdoc />
    protected override void NotifyArrival() => _webSocket?.NotifyArrival();

    /// <summary>Frames in, while the upgraded response lasts.</summary>
    private bool ProcessFrames() => Channel.ProcessFrames();

    /// <inheritdoc />
    protected override void OnUpgradedShutdown() => _webSocket?.Shutdown();

    /// <inheritdoc />
    protected override bool OnUpgradedTick(long now) => _webSocket?.Tick(now) == true;

    /// <inheritdoc />
    /// <remarks>
    /// A WebSocket the host neither accepted nor refused within websocket-connect-timeout is refused as daphne does:
    /// 403, the host's response aborted (the app receives websocket.disconnect 1006), the connection closed after it.
    /// </remarks>
    protected override bool OnRespondingTick(long now)
    {
        if (!ReferenceEquals(Request.WebSocket, this) || HeadersCommitted || _webSocket?.ConnectTimedOut(now) != true)
        {
            return false;
        }
        RejectRequest(403);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>A WebSocket whose host was aborted (the client left) never completed its response: its buffers and zlib's state go here.</remarks>
    protected override void OnClosed() => _webSocket?.Release();

    /// <inheritdoc />
    protected override bool PeerOwesClosingAnswer => _webSocket?.PeerOwesClosingAnswer == true;

    /// <summary>The response of an accepted WebSocket completed: a close frame (1000) unless one left already.</summary>
    private void CompleteWebSocket() => _webSocket?.Complete();

    ReadOnlySpan<byte> IWebSocketTransport.BufferedInput => BufferedInput;

    void IWebSocketTransport.ConsumeInput(int count) => ConsumeInput(count);

    void IWebSocketTransport.Write(ReadOnlySpan<byte> bytes) => Output.Write(bytes);

    bool IWebSocketTransport.OutputBelowMark() => OutputBelowMark();

    void IWebSocketTransport.SignalArrival() => SignalArrival();

    bool IWebSocketTransport.ClientGone => ClientGone;

    string IWebSocketTransport.DisplayAddress => Listener.DisplayAddress;
}
