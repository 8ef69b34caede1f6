using Gantry.Application;

namespace Gantry.Kestrel;

/// <summary>
/// One HTTPS request on its way through Gantry: Kestrel's side received it (<c>.Transfer</c>: head, body, then the
/// response as it is produced), one loop thread runs the host for it (<c>.Steps</c>) and writes into this object as
/// its <see cref="IResponseSink"/> (<c>.Sink</c>). Only completed requests and queued response pieces cross threads,
/// under <see cref="_gate"/>: the host never waits for Kestrel, and Kestrel never calls the host. Backpressure: the
/// sink says no above <see cref="HighWater"/> queued bytes and the host is resumed once Kestrel wrote them.
/// Two owners (the Kestrel request and the loop side); the last to finish resets it and gives it back to the pool.
/// </summary>
internal sealed partial class KestrelExchange
{
    /// <summary>Queued bytes above which <see cref="Write"/> says no (the HTTP front's mark).</summary>
    internal const int HighWater = 256 * 1024;

    /// <summary>A pooled block of response bytes.</summary>
    private const int BlockSize = 16 * 1024;

    private readonly object _gate = new();
    private readonly KestrelFront _front;
    private readonly Queue<OutputSegment> _queue = new();
    private int _owners;

    public KestrelExchange(KestrelFront front)
    {
        _front = front;
        Request = new RequestContext(front.Server.BodyMemoryLimit, front.Server.TemporaryDirectory);
        _invokeWork = new StepWork(this, StepKind.Invoke);
        _resumeWork = new StepWork(this, StepKind.Resume);
        _continueWork = new StepWork(this, StepKind.Continue);
        _abortWork = new StepWork(this, StepKind.Abort);
        _decideWork = new StepWork(this, StepKind.Decide);
        _bodyWork = new StepWork(this, StepKind.Body);
        _webSocketDataWork = new StepWork(this, StepKind.WebSocketData);
        _webSocketShutdownWork = new StepWork(this, StepKind.WebSocketShutdown);
    }

    private readonly StepWork _webSocketDataWork;
    private readonly StepWork _webSocketShutdownWork;

    /// <summary>A graceful stop (any thread): an open HTTP/2 WebSocket closes with 1001 on its loop.</summary>
    /// <remarks>The exchange may have ended meanwhile: the step is posted only while a side still owns it (a posted step is an owner).</remarks>
    internal void PostWebSocketShutdown()
    {
        var owners = Volatile.Read(ref _owners);
        while (owners > 0)
        {
            var seen = Interlocked.CompareExchange(ref _owners, owners + 1, owners);
            if (seen == owners)
            {
                _target.Loop.Post(_webSocketShutdownWork);
                return;
            }
            owners = seen;
        }
    }

    /// <summary>The request as the host sees it; filled on Kestrel's thread before it is posted.</summary>
    public RequestContext Request { get; }

    private readonly TlsConnectionInfo _tls = new();

    /// <summary>What this request's TLS connection negotiated (for ASGI's TLS extension); the exchange's reused object.</summary>
    private TlsConnectionInfo DescribeTls(Microsoft.AspNetCore.Http.HttpContext context)
    {
        var handshake = context.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>();
        _tls.Version = handshake?.Protocol switch
        {
            System.Security.Authentication.SslProtocols.Tls13 => 0x0304,
            System.Security.Authentication.SslProtocols.Tls12 => 0x0303,
            _ => 0,
        };
        _tls.CipherSuite = handshake?.NegotiatedCipherSuite is { } suite ? (int)suite : 0;
        _tls.ServerCertificate = context.Features.Get<System.Net.Security.SslStream>()?.LocalCertificate;
        _tls.ClientCertificate = context.Connection.ClientCertificate;
        return _tls;
    }

    /// <summary>The loop this request was posted to.</summary>
    private LoopTarget _target = null!;

    /// <summary>Gets the exchange ready for a request that will run on <paramref name="target"/>.</summary>
    public void Begin(LoopTarget target, bool https)
    {
        _target = target;
        _owners = 2;
        Request.IsHttps = https;
    }

    /// <summary>One side finished with the exchange; the second one recycles it.</summary>
    private void Release()
    {
        if (Interlocked.Decrement(ref _owners) != 0)
        {
            return;
        }
        ResetSink();
        Request.Reset();
        _front.Return(this);
    }
}
