using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Gantry.Server.Http;
using Gantry.Server.Listeners;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Gantry.Kestrel;

/// <summary>
/// h2c with prior knowledge on Gantry's plain HTTP sockets (<c>--http2</c>): the loops accept every plain connection
/// and serve HTTP/1.1 themselves; one that opens with the HTTP/2 preface is handed here (<see cref="Adopt"/>), becomes a
/// Kestrel connection (its socket transport, the preface replayed in front) and is accepted by an HTTP/2-only Kestrel
/// endpoint bound to <see cref="H2cEndPoint"/>. Kestrel offers h2c only on an endpoint that speaks nothing else, which
/// is why the loops sort the connections out first. Owned by the <see cref="KestrelFront"/>.
/// </summary>
internal sealed class H2cTransport : IConnectionListenerFactory, IConnectionListenerFactorySelector, IConnectionListener, IHttp2PriorKnowledgeHandoff, IDisposable
{
    private readonly Channel<ConnectionContext> _adopted = Channel.CreateUnbounded<ConnectionContext>(new UnboundedChannelOptions { SingleReader = false });
    private readonly SocketConnectionContextFactory _contexts;

    public H2cTransport(ILogger logger)
    {
        _contexts = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions(), logger);
    }

    public EndPoint EndPoint { get; } = new H2cEndPoint();

    public bool CanBind(EndPoint endpoint) => endpoint is H2cEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IConnectionListener>(this);

    /// <inheritdoc />
    public void Adopt(int fd, byte[] received, Listener listener)
    {
        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        var connection = _contexts.Create(socket);
        connection.Transport = new DuplexPipe(new PrefixedPipeReader(received, connection.Transport.Input), connection.Transport.Output);
        connection.Features.Set(new PlainListenerFeature(listener));
        if (!_adopted.Writer.TryWrite(connection))
        {
            // Kestrel stopped accepting (a stop is under way): the client sees the connection close.
            _ = connection.DisposeAsync();
        }
    }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _adopted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception stop) when (stop is ChannelClosedException or OperationCanceledException)
        {
            return null;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _adopted.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _adopted.Writer.TryComplete();
        while (_adopted.Reader.TryRead(out var connection))
        {
            _ = connection.DisposeAsync();
        }
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _contexts.Dispose();

    /// <summary>The address Kestrel binds the h2c endpoint to: nothing listens on it, connections arrive through <see cref="Adopt"/>.</summary>
    private sealed class H2cEndPoint : EndPoint
    {
        public override string ToString() => "h2c (plain HTTP sockets, prior knowledge)";
    }

    private sealed class DuplexPipe(System.IO.Pipelines.PipeReader input, System.IO.Pipelines.PipeWriter output) : System.IO.Pipelines.IDuplexPipe
    {
        public System.IO.Pipelines.PipeReader Input { get; } = input;

        public System.IO.Pipelines.PipeWriter Output { get; } = output;
    }
}

/// <summary>Marks a Kestrel connection as one of Gantry's plain HTTP sockets (h2c), with the listener it came from.</summary>
internal sealed record PlainListenerFeature(Listener Listener);
