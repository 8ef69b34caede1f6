using System.Buffers;
using System.IO.Pipelines;
using Gantry.Protocols.WebSocket;
using Gantry.Server.Listeners;
using Gantry.Server.Logging;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Win32.SafeHandles;

namespace Gantry.Kestrel;

/// <summary>
/// Kestrel's side (its thread pool, async): receive the whole body (as the HTTP front does for WSGI: wsgi.input never
/// waits on the network), post the request, then write what the host queued, in order, until it ended.
/// </summary>
internal sealed partial class KestrelExchange
{
    private const int FileBlock = 64 * 1024;

    private bool _signaled;
    private TaskCompletionSource? _waiter;

    /// <summary>Serves one request; returns when the response ended or the client left.</summary>
    public async Task ServeAsync(HttpContext context, Listener listener)
    {
        var aborted = context.RequestAborted;
        var ended = false;
        try
        {
            NoteLocalAddress(context.Connection.LocalIpAddress);
            if (!KestrelCgiBuilder.Build(context, listener, Request.Variables))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            if (Request.IsHttps)
            {
                Request.Tls = DescribeTls(context);
            }
            if (HttpMethods.IsConnect(context.Request.Method))
            {
                var connect = context.Features.Get<IHttpExtendedConnectFeature>();
                ended = AnswerConnect(context, connect) || await ServeWebSocketAsync(context, new WebSocketOpening(connect, null, null), listener, aborted).ConfigureAwait(false);
                return;
            }
            switch (CheckUpgrade(context, out var opening, out var refusal))
            {
                case WebSocketUpgradeCheck.Rejected:
                    _front.Logger.RequestRejected(listener.DisplayAddress, StatusCodes.Status400BadRequest, "WebSocket upgrade: " + refusal);
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    ended = true;
                    return;
                case WebSocketUpgradeCheck.Valid:
                    ended = await ServeWebSocketAsync(context, opening, listener, aborted).ConfigureAwait(false);
                    return;
            }
            if (HasBody(context) && await DecideAsync().ConfigureAwait(false))
            {
                // The host runs already and reads the body as it arrives (.Body).
                ended = await ServeStreamedAsync(context, aborted).ConfigureAwait(false);
                return;
            }
            try
            {
                await ReceiveBodyAsync(context, aborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException refused)
            {
                // Past --limit-post (413), a broken chunked body (400): Kestrel's own answer, before the host ran.
                context.Response.StatusCode = refused.StatusCode;
                ended = true;
                return;
            }
            using var registration = aborted.UnsafeRegister(static state => ((KestrelExchange)state!).OnClientGone(), this);
            PostInvoke();
            ended = await SendAsync(context, aborted).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is OperationCanceledException or IOException or ConnectionAbortedException
            or ConnectionResetException or InvalidOperationException)
        {
            // The client left, or Kestrel refused what the host sent (a Content-Length the body did not match).
            context.Abort();
        }
        finally
        {
            if (!ended)
            {
                OnClientGone();
            }
            if (Interlocked.Exchange(ref _posted, 0) == 0)
            {
                // Never posted (a bad path, a body that failed): the loop side has nothing to do.
                Interlocked.Decrement(ref _owners);
            }
            Release();
        }
    }

    private int _posted;

    /// <summary>
    /// The response of a host invoked before its body arrived: the body is read (<see cref="PumpBodyAsync"/>) while the
    /// response is written, both in full duplex; true once the response ended whole.
    /// </summary>
    private async Task<bool> ServeStreamedAsync(HttpContext context, CancellationToken aborted)
    {
        using var registration = aborted.UnsafeRegister(static state => ((KestrelExchange)state!).OnClientGone(), this);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var pump = PumpBodyAsync(context.Request.BodyReader, stop.Token);
        var ended = await SendAsync(context, aborted).ConfigureAwait(false);
        // A response that ended before its body stops the reading (a cancelled read leaves no stale state in the
        // reader, unlike CancelPendingRead): the rest of the body is Kestrel's to drain or reset.
        await stop.CancelAsync().ConfigureAwait(false);
        await pump.ConfigureAwait(false);
        if (!ended && _bodyRefusal != 0 && !context.Response.HasStarted)
        {
            context.Response.StatusCode = _bodyRefusal;
            return true;
        }
        if (!ended)
        {
            context.Abort();
        }
        return ended;
    }

    private async Task ReceiveBodyAsync(HttpContext context, CancellationToken aborted)
    {
        var request = context.Request;
        if (request.ContentLength is 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return;
        }
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(aborted).ConfigureAwait(false);
            foreach (var segment in result.Buffer)
            {
                Request.Body.Append(segment.Span);
            }
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }
        if (!Request.Variables.TryGetValue("CONTENT_LENGTH"u8, out _))
        {
            // A chunked (HTTP/1.1) or DATA-framed (HTTP/2) body was received whole: WSGI reads CONTENT_LENGTH bytes.
            Request.Variables.Set("CONTENT_LENGTH"u8, System.Text.Encoding.ASCII.GetBytes(Request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Writes the head and the queued body as the host produces them; true once the response ended whole.</summary>
    /// <remarks>For a WebSocket (<paramref name="opening"/>) an accepted head is sent by accepting the extended CONNECT or the upgrade, and what follows goes to its stream.</remarks>
    private async Task<bool> SendAsync(HttpContext context, CancellationToken aborted, WebSocketOpening? opening = null)
    {
        var batch = new List<OutputSegment>();
        var writer = context.Response.BodyWriter;
        var headSent = false;
        while (true)
        {
            await WaitAsync().ConfigureAwait(false);
            if (aborted.IsCancellationRequested || (_clientGone && !Volatile.Read(ref _ended)))
            {
                // Gone, or given up on (a streamed body refused, a drain that timed out): nothing more is sent.
                return false;
            }
            bool sendHead, ended, cut, accepted;
            lock (_gate)
            {
                sendHead = _headReady && !headSent;
                accepted = _webSocketAccepted;
                while (_queue.TryDequeue(out var segment))
                {
                    batch.Add(segment);
                }
                _queueTail = null;
                _unsignaled = 0;
                ended = _ended;
                cut = _cut;
            }
            if (sendHead && accepted && opening is { } webSocket)
            {
                writer = await AcceptWebSocketAsync(context, webSocket).ConfigureAwait(false);
                headSent = true;
            }
            else if (sendHead)
            {
                ApplyHead(context, ended && !cut ? BatchLength(batch) : -1);
                headSent = true;
            }
            long written = 0;
            foreach (var segment in batch)
            {
                written += segment.Bytes is { } bytes
                    ? Copy(writer, bytes.AsSpan(0, segment.Length))
                    : await CopyFileAsync(writer, segment, aborted).ConfigureAwait(false);
                if (segment.Bytes is { } used)
                {
                    ArrayPool<byte>.Shared.Return(used);
                }
            }
            batch.Clear();
            if (cut)
            {
                await writer.FlushAsync(aborted).ConfigureAwait(false);
                context.Abort();
                return true;
            }
            if (headSent && (sendHead || written > 0))
            {
                var flushed = await writer.FlushAsync(aborted).ConfigureAwait(false);
                if (flushed.IsCanceled)
                {
                    return false;
                }
            }
            lock (_gate)
            {
                _queued -= written;
                if (_resumeBelow >= 0 && _queued <= _resumeBelow)
                {
                    _resumeBelow = -1;
                    Post(_resumeWork);
                }
                Monitor.PulseAll(_gate);
                if (ended && _queue.Count == 0)
                {
                    return true;
                }
            }
        }
    }

    private static long BatchLength(List<OutputSegment> batch)
    {
        long total = 0;
        foreach (var segment in batch)
        {
            total += segment.Size;
        }
        return total;
    }

    /// <summary>Status, reason and headers; hop-by-hop fields are Kestrel's to write (and forbidden in HTTP/2).</summary>
    private void ApplyHead(HttpContext context, long wholeLength)
    {
        var response = context.Response;
        response.StatusCode = _statusCode;
        if (context.Features.Get<IHttpResponseFeature>() is { } feature && _reason.Length > 0)
        {
            feature.ReasonPhrase = _reason;
        }
        var headers = response.Headers;
        foreach (var (name, value) in _headers)
        {
            if (IsConnectionSpecific(name))
            {
                continue;
            }
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (_appContentLength >= 0)
                {
                    response.ContentLength = _appContentLength;
                }
                continue;
            }
            headers.Append(name, value);
        }
        if (_front.Hsts is { } hsts && Request.IsHttps && !headers.ContainsKey("Strict-Transport-Security"))
        {
            // RFC 6797 §7.1: on secure responses only (never on h2c); the application's own value wins.
            headers.StrictTransportSecurity = hsts;
        }
        if (_appContentLength < 0 && wholeLength >= 0 && _bodyAllowed)
        {
            // The whole response is here: a Content-Length instead of chunks, as the HTTP front stages small responses.
            response.ContentLength = wholeLength;
        }
    }

    private static bool IsConnectionSpecific(string name) =>
        name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase);

    private static long Copy(PipeWriter writer, ReadOnlySpan<byte> data)
    {
        writer.Write(data);
        return data.Length;
    }

    private static async ValueTask<long> CopyFileAsync(PipeWriter writer, OutputSegment segment, CancellationToken aborted)
    {
        using var handle = new SafeFileHandle(segment.Fd, ownsHandle: false);
        long done = 0;
        while (done < segment.Count)
        {
            var memory = writer.GetMemory(FileBlock);
            var want = (int)Math.Min(memory.Length, segment.Count - done);
            var read = RandomAccess.Read(handle, memory.Span[..want], segment.Offset + done);
            if (read <= 0)
            {
                // The file shrank under us: the client cannot be given what the head promised.
                throw new IOException("the file ended before the range sent");
            }
            writer.Advance(read);
            done += read;
            var flushed = await writer.FlushAsync(aborted).ConfigureAwait(false);
            if (flushed.IsCanceled)
            {
                throw new OperationCanceledException();
            }
        }
        return done;
    }

    /// <summary>The connection went away: the host's next write says so, and a held response is aborted on its loop.</summary>
    private void OnClientGone()
    {
        lock (_gate)
        {
            if (_clientGone || _ended)
            {
                SignalLocked();
                return;
            }
            _clientGone = true;
            SignalLocked();
            Monitor.PulseAll(_gate);
        }
        if (Volatile.Read(ref _posted) == 1)
        {
            Post(_abortWork);
        }
    }

    /// <summary>Wakes Kestrel's side (caller holds <see cref="_gate"/>).</summary>
    private void SignalLocked()
    {
        _unsignaled = 0;
        if (_waiter is { } waiter)
        {
            _waiter = null;
            waiter.TrySetResult();
        }
        else
        {
            _signaled = true;
        }
    }

    private Task WaitAsync()
    {
        lock (_gate)
        {
            if (_signaled)
            {
                _signaled = false;
                return Task.CompletedTask;
            }
            _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task;
        }
    }
}
