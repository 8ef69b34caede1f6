using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Gantry.Protocols.WebSocket;
using Gantry.Server.Listeners;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.Kestrel;

/// <summary>
/// WebSocket on Kestrel's listeners, Kestrel's side: over HTTP/2 (RFC 8441) and, on HTTPS, over HTTP/1.1 (RFC 6455's
/// upgrade, as browsers and the websockets library open <c>wss://</c> without h2). HTTP/2: Kestrel advertises SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 on every
/// HTTP/2 connection (.NET 7 and later, nothing to enable) and gives an extended CONNECT to the request delegate with
/// <see cref="IHttpExtendedConnectFeature"/>. A <c>:protocol</c> other than websocket is answered 501 and a CONNECT
/// without one (a tunnel, RFC 9113 §8.5) 405 as on the HTTP front: Gantry is an origin server, not a proxy. A WebSocket
/// CONNECT is posted to the loop like any request; once the host accepted (<c>.WebSocket</c>),
/// <see cref="IHttpExtendedConnectFeature.AcceptAsync"/> sends the 200 and yields the stream: its DATA go to the loop one
/// read at a time (the next read only once the loop's channel wants more, so a host that does not receive holds the
/// client back through HTTP/2 flow control), and the queued frames are written to it by the ordinary response loop.
/// HTTP/1.1: a request with an <c>Upgrade</c> field, for a host that serves WebSocket, is judged by the HTTP front's
/// strict rules (<see cref="WebSocketUpgradeFields"/>: 400 and a log line when smuggled or ambiguous); a valid one is
/// offered the same way, and accepting sends the 101 through <see cref="IHttpUpgradeFeature.UpgradeAsync"/>, whose
/// stream (the TLS connection itself) then carries the frames exactly as an HTTP/2 WebSocket's stream does, TCP's flow
/// control holding the client back.
/// </summary>
internal sealed partial class KestrelExchange
{
    private const string WebSocketProtocol = "websocket";

    // Kestrel's side hands these to the loop (StepKind.WebSocketData); the loop answers through _webSocketTaken once
    // its channel wants more (false: stop reading).
    // A copy, not Kestrel's own buffer: a read cancelled while the step is queued completes the reader, whose memory the
    // step would otherwise read after it went back to Kestrel's pool. Exchange-owned, returned in ResetSink.
    private byte[] _webSocketHandover = [];
    private int _webSocketHandoverLength;
    private bool _webSocketEnds;
    private TaskCompletionSource<bool>? _webSocketTaken;
    private TaskCompletionSource<bool>? _webSocketOwed;
    private Task? _webSocketPump;
    private CancellationTokenSource? _webSocketStop;
    private string _displayAddress = "";

    /// <summary>How the stream is had once the host accepted: an extended CONNECT (200) or an HTTP/1.1 upgrade (101, with its accept value).</summary>
    private readonly record struct WebSocketOpening(IHttpExtendedConnectFeature? Connect, IHttpUpgradeFeature? Upgrade, string? AcceptValue);

    /// <summary>
    /// An HTTP/1.1 request with an <c>Upgrade</c> field for a host that serves WebSocket: <see cref="WebSocketUpgradeCheck.Valid"/>
    /// with the opening, <see cref="WebSocketUpgradeCheck.Rejected"/> with the reason (the HTTP front's checks), or
    /// <see cref="WebSocketUpgradeCheck.NotWebSocket"/> (another protocol, or not HTTP/1.x): an ordinary request.
    /// </summary>
    private WebSocketUpgradeCheck CheckUpgrade(HttpContext context, out WebSocketOpening opening, out string? reason)
    {
        opening = default;
        reason = null;
        var request = context.Request;
        var http1 = HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol);
        if (!http1 || !request.Headers.ContainsKey("Upgrade") || !_target.Application.AcceptsWebSocket(Request))
        {
            return WebSocketUpgradeCheck.NotWebSocket;
        }
        var fields = new WebSocketUpgradeFields();
        string? key = null;
        Span<byte> name = stackalloc byte[64];
        foreach (var (headerName, values) in request.Headers)
        {
            if (headerName.Length > name.Length)
            {
                continue;
            }
            var nameBytes = name[..Encoding.Latin1.GetBytes(headerName, name)];
            foreach (var value in values)
            {
                if (fields.Add(nameBytes, Encoding.Latin1.GetBytes(value ?? "")))
                {
                    key = value;
                }
            }
        }
        var check = fields.Judge(HttpProtocol.IsHttp11(request.Protocol), HttpMethods.IsGet(request.Method), out reason);
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (check == WebSocketUpgradeCheck.Valid && upgrade is not { IsUpgradableRequest: true })
        {
            (check, reason) = (WebSocketUpgradeCheck.Rejected, "Kestrel does not take this request as an upgrade");
        }
        if (check == WebSocketUpgradeCheck.Valid)
        {
            Span<byte> accept = stackalloc byte[WebSocketHandshake.AcceptLength];
            WebSocketHandshake.WriteAccept(Encoding.Latin1.GetBytes(key!), accept);
            opening = new WebSocketOpening(null, upgrade, Encoding.ASCII.GetString(accept));
        }
        return check;
    }

    /// <summary>
    /// A CONNECT (HTTP/1.1 authority-form, HTTP/2 with or without <c>:protocol</c>): true when answered here (405, 501,
    /// 400); false for a WebSocket offer, which the caller then posts as <see cref="OfferWebSocket"/> prepared it.
    /// </summary>
    private static bool AnswerConnect(HttpContext context, IHttpExtendedConnectFeature? connect)
    {
        if (connect is not { IsExtendedConnect: true })
        {
            // RFC 9110 §9.3.6: CONNECT asks for a tunnel; the HTTP front answers the same (HttpRejectionReason.Connect).
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
            return true;
        }
        if (!string.Equals(connect.Protocol, WebSocketProtocol, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status501NotImplemented;
            return true;
        }
        if (context.Request.Headers.SecWebSocketVersion != "13")
        {
            // RFC 8441 §5 keeps RFC 6455 §4.2.1's version check: 13 only (§4.4: a 426 would name it; 400 as the HTTP front).
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return true;
        }
        return false;
    }

    /// <summary>Serves a WebSocket opened by an extended CONNECT or an HTTP/1.1 upgrade; true once the response ended whole.</summary>
    private async Task<bool> ServeWebSocketAsync(HttpContext context, WebSocketOpening opening, Listener listener, CancellationToken aborted)
    {
        _displayAddress = listener.DisplayAddress;
        _webSocketUpgrade = opening.Upgrade is not null;
        _front.TrackWebSocket(this);
        try
        {
            return await ServeAcceptedWebSocketAsync(context, opening, aborted).ConfigureAwait(false);
        }
        finally
        {
            _front.UntrackWebSocket(this);
        }
    }

    private async Task<bool> ServeAcceptedWebSocketAsync(HttpContext context, WebSocketOpening opening, CancellationToken aborted)
    {
        OfferWebSocket(context.Request.Headers.SecWebSocketExtensions.ToString() is { Length: > 0 } offer ? offer : null);
        using var registration = aborted.UnsafeRegister(static state => ((KestrelExchange)state!).OnClientGone(), this);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        _webSocketStop = stop;
        PostInvoke();
        var ended = await SendAsync(context, aborted, opening).ConfigureAwait(false);
        if (_webSocketPump is { } pump)
        {
            // RFC 6455 §7.1.1: the client answers the server's close frame before the stream ends; give it the
            // websocket-pong-tolerance to do so, as the HTTP front lingers, then stop reading.
            var linger = TimeSpan.FromSeconds(Math.Max(1, _front.Server.WebSocketPongToleranceSeconds));
            await Task.WhenAny(pump, Task.Delay(linger, aborted)).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
        _webSocketStop = null;
        _webSocketPump = null;
        if (!ended)
        {
            context.Abort();
        }
        return ended;
    }

    /// <summary>The host accepted: 200 or 101 (with the head the loop published), then the stream's bytes go to the loop.</summary>
    private async Task<PipeWriter> AcceptWebSocketAsync(HttpContext context, WebSocketOpening opening)
    {
        ApplyHead(context, -1);
        Stream stream;
        if (opening.Upgrade is { } upgrade)
        {
            // Kestrel writes 101 and "Connection: Upgrade" itself; ApplyHead leaves hop-by-hop fields out.
            context.Response.Headers.Upgrade = WebSocketProtocol;
            context.Response.Headers.SecWebSocketAccept = opening.AcceptValue;
            stream = await upgrade.UpgradeAsync().ConfigureAwait(false);
        }
        else
        {
            stream = await opening.Connect!.AcceptAsync().ConfigureAwait(false);
        }
        _webSocketPump = PumpWebSocketAsync(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), _webSocketStop!.Token);
        return PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    private void ReturnHandover()
    {
        if (_webSocketHandover.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_webSocketHandover);
        }
        _webSocketHandover = [];
        _webSocketHandoverLength = 0;
    }

    /// <summary>Reads the stream and hands each buffer to the loop until it ends, the loop stops taking, or the exchange ends.</summary>
    private async Task PumpWebSocketAsync(PipeReader reader, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(stop).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    return;
                }
                var length = (int)result.Buffer.Length;
                if (length > _webSocketHandover.Length)
                {
                    ReturnHandover();
                    _webSocketHandover = ArrayPool<byte>.Shared.Rent(length);
                }
                result.Buffer.CopyTo(_webSocketHandover);
                _webSocketHandoverLength = length;
                _webSocketEnds = result.IsCompleted;
                reader.AdvanceTo(result.Buffer.End);
                _webSocketTaken = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                var taken = _webSocketTaken.Task;
                Post(_webSocketDataWork);
                // The loop answers only when its channel wants more input: until then Kestrel reads nothing more and
                // HTTP/2 flow control holds the client back.
                var more = await taken.WaitAsync(stop).ConfigureAwait(false);
                if (result.IsCompleted || !more)
                {
                    return;
                }
            }
        }
        catch (Exception failure) when (failure is OperationCanceledException or IOException or ConnectionAbortedException
            or ConnectionResetException)
        {
            if (!stop.IsCancellationRequested)
            {
                OnClientGone();
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }
}
