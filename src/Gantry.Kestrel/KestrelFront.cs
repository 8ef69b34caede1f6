using System.Collections.Concurrent;
using System.Net;
using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Server;
using Gantry.Server.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gantry.Kestrel;

/// <summary>
/// The second listener kind: Kestrel terminates TLS (1.2, 1.3; ALPN http/1.1 and, with --http2, h2) on HTTPS sockets
/// that Gantry bound itself (or a worker inherited from its master: <c>ListenHandle</c> on a duplicate of the
/// descriptor), turns each request into CGI variables and a body, and posts it to one of the process's loop threads
/// (round robin), whose application thread answers it as any other request (router: static files, CGI, PHP, Python).
/// Kestrel never runs the host; the loops never wait for Kestrel. One per process; owns Kestrel and its descriptor copies.
/// </summary>
public sealed class KestrelFront : IAsyncDisposable
{
    private const int PooledExchanges = 256;

    private readonly IReadOnlyList<HttpsEndpoint> _endpoints;
    private readonly KestrelFrontOptions _options;
    private TlsHandshakes _handshakes;
    private readonly H2cTransport? _h2c;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<KestrelExchange> _idle = new();
    private readonly Lock _loopsGate = new();
    private LoopTarget[] _loops = [];
    private int _next;
    private int _idleCount;
    private WebApplication? _app;
    private readonly ConcurrentDictionary<KestrelExchange, bool> _webSockets = new();

    private KestrelFront(IReadOnlyList<HttpsEndpoint> endpoints, TlsHandshakes handshakes, KestrelFrontOptions options,
        ServerOptions server, ILoggerFactory loggers)
    {
        _endpoints = endpoints;
        _handshakes = handshakes;
        _h2c = options.PlainHttp2 ? new H2cTransport(loggers.CreateLogger("Kestrel.h2c")) : null;
        _options = options;
        Server = server;
        _loggers = loggers;
        _logger = loggers.CreateLogger("gantry");
    }

    /// <summary>The loops' limits and timeouts, which HTTPS requests get too.</summary>
    internal ServerOptions Server { get; }

    /// <summary>The Strict-Transport-Security value for HTTPS responses without one, or null.</summary>
    internal string? Hsts => _options.Hsts;

    /// <summary>True when it serves HTTPS sockets (not only h2c for the plain ones).</summary>
    public bool ServesTls => _endpoints.Count > 0;

    /// <summary>Where the loops hand plain connections that open with the HTTP/2 preface (null without <c>--http2</c>).</summary>
    public Server.Http.IHttp2PriorKnowledgeHandoff? Http2Handoff => _h2c;

    /// <summary>Gantry's own log (WebSocket failures and timeouts, as the HTTP front logs them).</summary>
    internal ILogger Logger => _logger;

    /// <summary>An HTTP/2 WebSocket is being served (Kestrel's side): a graceful stop closes it with 1001.</summary>
    internal void TrackWebSocket(KestrelExchange exchange) => _webSockets.TryAdd(exchange, true);

    /// <summary>The WebSocket's stream ended (Kestrel's side).</summary>
    internal void UntrackWebSocket(KestrelExchange exchange) => _webSockets.TryRemove(exchange, out _);

    /// <summary>The clock request times are taken from.</summary>
    internal TimeProvider Time { get; } = TimeProvider.System;

    /// <summary>
    /// Reads every certificate, key and CA file; throws <see cref="TlsSetupException"/> naming the first bad file and
    /// why. A master calls it before spawning workers so a bad file stops the start, not each worker.
    /// </summary>
    public static void CheckFiles(IEnumerable<TlsFiles> files)
    {
        foreach (var file in files)
        {
            TlsCredentials.Load(file);
        }
    }

    /// <summary>Loads the TLS files of every endpoint (throws <see cref="TlsSetupException"/>); nothing listens before <see cref="Start"/>.</summary>
    public static KestrelFront Create(IReadOnlyList<HttpsEndpoint> endpoints, KestrelFrontOptions options, ServerOptions server, ILoggerFactory loggers)
    {
        var front = new KestrelFront(endpoints, TlsHandshakes.Load(endpoints, options), options, server, loggers);
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Tls.Ciphers is { } ciphers)
            {
                front._logger.LogWarning("https {Address}: cipher list \"{Ciphers}\" ignored: .NET's TLS takes the system OpenSSL's suites for TLS 1.2 and 1.3 (see docs/tls.md)",
                    endpoint.Listener.DisplayAddress, ciphers);
            }
        }
        front.WarnUnusable();
        return front;
    }

    private void WarnUnusable()
    {
        // One snapshot for both warnings (a reload may swap it meanwhile).
        var handshakes = Volatile.Read(ref _handshakes);
        foreach (var problem in handshakes.StaplingProblems)
        {
            _logger.LogWarning("ssl-stapling: {Problem}", problem);
        }
        var credentials = handshakes.Credentials;
        for (var i = 0; i < _endpoints.Count; i++)
        {
            if (credentials[i].Certificate.NotAfter < DateTime.Now)
            {
                _logger.LogWarning("https {Address}: certificate {File} expired on {Date:u}; clients will refuse it",
                    _endpoints[i].Listener.DisplayAddress, _endpoints[i].Tls.CertificateFile, credentials[i].Certificate.NotAfter.ToUniversalTime());
            }
        }
    }

    /// <summary>
    /// Reads every certificate, key and CA file again (SIGHUP without a master): handshakes from now on get the new
    /// certificates, connections already up keep theirs, nothing is dropped. A bad file is logged (file and reason) and
    /// the certificates in use stay. Any thread.
    /// </summary>
    public bool ReloadCertificates()
    {
        try
        {
            Volatile.Write(ref _handshakes, TlsHandshakes.Load(_endpoints, _options));
        }
        catch (TlsSetupException failure)
        {
            _logger.LogError("https: certificates not reloaded, the ones in use stay: {Reason}", failure.Message);
            return false;
        }
        _logger.LogWarning("https: certificates reloaded from {Files}", string.Join(", ", _endpoints.Select(endpoint => endpoint.Tls.CertificateFile).Distinct()));
        WarnUnusable();
        return true;
    }

    /// <summary>
    /// A loop thread takes HTTPS requests from now on: called on that loop's thread once it attached
    /// <paramref name="application"/> (the same object its own connections use), before it runs. Its requests go to
    /// the loop's own request log.
    /// </summary>
    public void AddLoop(int index, LoopServer server, IApplicationThread application)
    {
        lock (_loopsGate)
        {
            _loops = [.. _loops, new LoopTarget(index, server.Loop, application, server.RequestLog)];
        }
    }

    /// <summary>Starts Kestrel on the endpoints (blocks until it listens).</summary>
    public void Start()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        if (_h2c is not null)
        {
            builder.Services.AddSingleton<Microsoft.AspNetCore.Connections.IConnectionListenerFactory>(_h2c);
        }
        builder.Logging.AddProvider(new ForwardingLoggerProvider(_loggers));
        // Kestrel's own lines (one per refused stream or failed handshake, so an attacker could fill the log with them)
        // only with --ssl-verbose; errors always.
        builder.Logging.SetMinimumLevel(_options.Verbose ? LogLevel.Debug : LogLevel.Error);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.AllowSynchronousIO = false;
            // WSGI headers are latin-1 (PEP 3333); Kestrel refuses non-ASCII unless told the encoding.
            kestrel.ResponseHeaderEncodingSelector = static _ => System.Text.Encoding.Latin1;
            KestrelLimits.Apply(kestrel.Limits, Server);
            if (_h2c is not null)
            {
                // Kestrel speaks h2c only on an endpoint that speaks nothing else: the loops pick the connections.
                kestrel.Listen(_h2c.EndPoint, listen => listen.Protocols = HttpProtocols.Http2);
            }
            for (var i = 0; i < _endpoints.Count; i++)
            {
                var endpoint = _endpoints[i];
                var index = i;
                var fd = LibC.fcntl(endpoint.Listener.Fd, LibC.F_DUPFD_CLOEXEC, 3);
                if (fd < 0)
                {
                    throw new IOException($"https {endpoint.Listener.DisplayAddress}: cannot duplicate the listening socket (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
                }
                kestrel.ListenHandle((ulong)fd, listen =>
                {
                    listen.Protocols = _options.Http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                    listen.UseHttps(new TlsHandshakeCallbackOptions
                    {
                        // Per handshake, from the current snapshot: a reload swaps it without touching live connections.
                        OnConnection = context => ValueTask.FromResult(Volatile.Read(ref _handshakes).For(index, context.ClientHelloInfo.ServerName)),
                        HandshakeTimeout = TimeSpan.FromSeconds(10),
                    });
                });
            }
        });
        _app = builder.Build();
        _app.Run(Serve);
        _app.StartAsync().GetAwaiter().GetResult();
    }

    private Task Serve(HttpContext context)
    {
        var plain = context.Features.Get<PlainListenerFeature>();
        var listener = plain?.Listener ?? ListenerOf(context);
        var exchange = Rent();
        var loops = Volatile.Read(ref _loops);
        var target = loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)loops.Length)];
        exchange.Begin(target, https: plain is null);
        return exchange.ServeAsync(context, listener);
    }

    private Server.Listeners.Listener ListenerOf(HttpContext context)
    {
        if (_endpoints.Count > 1)
        {
            var port = context.Connection.LocalPort;
            foreach (var endpoint in _endpoints)
            {
                if (endpoint.Listener.BoundEndpoint?.Port == port)
                {
                    return endpoint.Listener;
                }
            }
        }
        return _endpoints[0].Listener;
    }

    private KestrelExchange Rent()
    {
        if (_idle.TryDequeue(out var exchange))
        {
            Interlocked.Decrement(ref _idleCount);
            return exchange;
        }
        return new KestrelExchange(this);
    }

    /// <summary>An exchange both sides are done with.</summary>
    internal void Return(KestrelExchange exchange)
    {
        if (Interlocked.Increment(ref _idleCount) <= PooledExchanges)
        {
            _idle.Enqueue(exchange);
        }
        else
        {
            Interlocked.Decrement(ref _idleCount);
            exchange.Request.Dispose();
        }
    }

    /// <summary>A host threw out of Invoke or Resume (hosts log their own failures; this is the last resort).</summary>
    internal void LogHostFailure(Exception failure) =>
        _logger.LogError("https: the application failed: {Message}", failure.Message);

    /// <summary>
    /// Stops accepting, lets requests in flight finish within <paramref name="mercy"/> (the loops must still run),
    /// then cuts the rest.
    /// </summary>
    public async Task StopAsync(TimeSpan mercy)
    {
        if (_app is null)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(mercy);
        using (var closing = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token))
        {
            // The clients' close frames come within websocket-pong-tolerance, or they are taken as gone (as on HTTP/1.1).
            closing.CancelAfter(TimeSpan.FromSeconds(Server.WebSocketPongToleranceSeconds + 2));
            try
            {
                await CloseWebSocketsAsync(closing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Open HTTP/2 WebSockets end with 1001 (the app sees the disconnect), as on HTTP/1.1, so they do not hold the stop
    /// until its mercy; Kestrel is stopped once their streams ended (the close frames leave before its GOAWAY).
    /// </summary>
    private async Task CloseWebSocketsAsync(CancellationToken mercy)
    {
        if (_webSockets.IsEmpty)
        {
            return;
        }
        foreach (var exchange in _webSockets.Keys)
        {
            exchange.PostWebSocketShutdown();
        }
        while (!_webSockets.IsEmpty)
        {
            await Task.Delay(20, mercy).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
        _h2c?.Dispose();
    }
}
