using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>
/// A raw HTTP/1.1 client for tests that need control of the bytes: sends exactly what it is given, and reads
/// complete responses (Content-Length, chunked or close-delimited bodies, 1xx interim responses) from one
/// connection, so keep-alive, pipelining and malformed requests can be tested.
/// </summary>
/// <example>
/// <code>
/// var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
/// Assert.Equal(200, response.StatusCode);
/// </code>
/// </example>
public sealed partial class HttpProbe : IAsyncDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxBodyBytes = 64 * 1024 * 1024;

    // A local connect completes at once or fails; a full backlog would otherwise retry SYNs for about two minutes.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private bool _peerClosed;

    private HttpProbe(Socket socket) => _socket = socket;

    /// <summary>How long one read operation may wait in all before a <see cref="TimeoutException"/>; 10 s by default.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one send may go without the server taking a byte before a <see cref="TimeoutException"/>; 30 s by
    /// default. Per step, not in all, so large bodies are not limited.
    /// </summary>
    public TimeSpan SendStallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The connected socket, for what the probe does not wrap (socket options, abrupt close).</summary>
    public Socket Socket => _socket;

    /// <summary>Connects to a TCP or unix socket endpoint.</summary>
    public static async Task<HttpProbe> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken = default)
    {
        var socket = endPoint switch
        {
            UnixDomainSocketEndPoint => new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified),
            IPEndPoint ip => new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true },
            _ => new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true },
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(endPoint, timeout.Token);
            return new HttpProbe(socket);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"could not connect to {endPoint} within {ConnectTimeout.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects to one of gantry's listeners.</summary>
    public static Task<HttpProbe> ConnectAsync(GantryAddress address, CancellationToken cancellationToken = default) =>
        ConnectAsync(address.ToEndPoint(), cancellationToken);

    /// <summary>Opens a connection, sends <paramref name="request"/> (Latin-1), reads one response and closes.</summary>
    public static async Task<HttpProbeResponse> ExchangeAsync(EndPoint endPoint, string request, CancellationToken cancellationToken = default)
    {
        await using var probe = await ConnectAsync(endPoint, cancellationToken);
        await probe.SendAsync(request, cancellationToken);
        return await probe.ReadResponseAsync(MethodOf(request), cancellationToken);
    }

    /// <summary>Opens a connection to one of gantry's listeners, sends <paramref name="request"/>, reads one response.</summary>
    public static Task<HttpProbeResponse> ExchangeAsync(GantryAddress address, string request, CancellationToken cancellationToken = default) =>
        ExchangeAsync(address.ToEndPoint(), request, cancellationToken);

    /// <summary>Sends all of <paramref name="bytes"/>; a server that stops taking them fails it after <see cref="SendStallTimeout"/>.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        var total = bytes.Length;
        while (!bytes.IsEmpty)
        {
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stall.CancelAfter(SendStallTimeout);
            try
            {
                var sent = await _socket.SendAsync(bytes, SocketFlags.None, stall.Token);
                bytes = bytes[sent..];
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"the server took no byte for {SendStallTimeout.TotalSeconds:0.#} s; {total - bytes.Length} of {total} bytes sent");
            }
        }
    }

    /// <summary>Sends <paramref name="text"/> encoded as Latin-1 (one byte per char, as HTTP heads are).</summary>
    public Task SendAsync(string text, CancellationToken cancellationToken = default) =>
        SendAsync(Encoding.Latin1.GetBytes(text), cancellationToken);

    /// <summary>Half-closes the connection: the server reads end-of-file, responses can still arrive.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads every byte until the server closes the connection (bytes already buffered first).</summary>
    public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            while (await FillAsync(timeout.Token))
            {
                if (_end - _start > MaxBodyBytes)
                {
                    throw new InvalidDataException($"more than {MaxBodyBytes} bytes before the connection closed");
                }
            }

            return Take(_end - _start);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut("the server to close the connection");
        }
    }

    /// <summary>
    /// Waits until the bytes received so far contain <paramref name="marker"/> (within <see cref="ReadTimeout"/>),
    /// without consuming them: a later read still sees the whole response.
    /// </summary>
    public async Task WaitForBytesAsync(string marker, CancellationToken cancellationToken = default)
    {
        var wanted = Encoding.Latin1.GetBytes(marker);
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            while (_buffer.AsSpan(_start, _end - _start).IndexOf(wanted) < 0)
            {
                if (!await FillAsync(timeout.Token))
                {
                    throw new EndOfStreamException($"the connection closed before \"{Escape(marker)}\" arrived");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut($"\"{Escape(marker)}\"");
        }
    }

    /// <summary>True when the server has closed the connection (end-of-file, or a reset) within <paramref name="timeout"/>.</summary>
    /// <remarks>Bytes that arrive meanwhile stay buffered for the next read.</remarks>
    public async Task<bool> IsClosedByServerAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            while (await FillAsync(cancellation.Token))
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>Closes the connection.</summary>
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string MethodOf(string request)
    {
        var space = request.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? request[..space] : "GET";
    }

    private CancellationTokenSource StartTimeout(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        return timeout;
    }

    private TimeoutException TimedOut(string what)
    {
        var pending = Encoding.Latin1.GetString(_buffer, _start, Math.Min(_end - _start, 2048));
        return new TimeoutException($"waited {ReadTimeout.TotalSeconds:0.#} s for {what}; unconsumed bytes received: \"{Escape(pending)}\"");
    }

    private static string Escape(string text) =>
        text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Receives more bytes into the buffer; false at end-of-file.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_peerClosed)
        {
            return false;
        }

        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }

        if (_end == _buffer.Length)
        {
            var size = _end - _start;
            var target = size * 2 > _buffer.Length ? new byte[_buffer.Length * 2] : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, size);
            _buffer = target;
            _start = 0;
            _end = size;
        }

        var received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        _end += received;
        _peerClosed = received == 0;
        return received > 0;
    }

    /// <summary>Removes and returns the next <paramref name="count"/> buffered bytes.</summary>
    private byte[] Take(int count)
    {
        var bytes = _buffer.AsSpan(_start, count).ToArray();
        _start += count;
        return bytes;
    }
}
