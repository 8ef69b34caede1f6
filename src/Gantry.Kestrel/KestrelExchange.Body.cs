using System.Buffers;
using System.IO.Pipelines;
using Gantry.Application;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Gantry.Kestrel;

/// <summary>
/// A request body streamed to its host (<see cref="IApplicationThread.StreamsRequestBody"/>: CGI, php-fpm, ASGI), as
/// the loop's own fronts do. The host is asked on its loop (<see cref="StepKind.Decide"/>: the question is the loop
/// thread's, like every call into the application) and, when it says yes, invoked there and then with an incomplete
/// <see cref="RequestBody"/>. Kestrel's side then hands each buffer its body reader returns to the loop
/// (<see cref="StepKind.Body"/>), which appends it (spooled past --post-buffering, as on plain HTTP) and tells the
/// host's listener; Kestrel's side reads on only once the loop took the buffer, so at most one of Kestrel's buffers
/// is in flight and nothing waits on a loop thread. A response that ends first stops the reading (Kestrel drains or
/// resets the rest its way); a client that leaves or a body refused mid-way (--limit-post, a broken chunked body)
/// aborts the host's response.
/// </summary>
internal sealed partial class KestrelExchange
{
    private readonly StepWork _decideWork;
    private readonly StepWork _bodyWork;

    // Kestrel's side hands these to the loop; the loop side reads them in the Body step and answers through _bodyTaken.
    private ReadOnlySequence<byte> _bodyBuffer;
    private bool _bodyEnds;
    private TaskCompletionSource<bool>? _bodyTaken;
    private TaskCompletionSource<bool>? _decided;

    // A body Kestrel refused after the host ran (413, 400): the status to answer if nothing left yet.
    private int _bodyRefusal;

    /// <summary>True when the request carries a body (a Content-Length above 0, chunked, or h2 DATA frames).</summary>
    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength is not 0
        && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: false };

    /// <summary>Asks the request's loop whether its host streams the body; if so the host is already invoked.</summary>
    private Task<bool> DecideAsync()
    {
        _decided = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(_decideWork);
        return _decided.Task;
    }

    /// <summary>The loop side of <see cref="DecideAsync"/>.</summary>
    private void Decide()
    {
        bool streams;
        try
        {
            streams = _target.Application.StreamsRequestBody(Request);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            _front.LogHostFailure(failure);
            streams = false;
        }
        if (!streams)
        {
            _decided!.SetResult(false);
            return;
        }
        Request.Body.MarkIncomplete();
        Volatile.Write(ref _posted, 1);
        _decided!.SetResult(true);
        Invoke();
    }

    /// <summary>
    /// Kestrel's side: reads the body and hands each buffer to the loop until it ends, the response ended (the read is
    /// cancelled) or the client left.
    /// </summary>
    private async Task PumpBodyAsync(PipeReader reader, CancellationToken stop)
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
                var more = await HandToLoopAsync(result.Buffer, result.IsCompleted).ConfigureAwait(false);
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || !more)
                {
                    return;
                }
            }
        }
        catch (BadHttpRequestException refused)
        {
            // Past --limit-post (413), a broken chunked body (400): the host's response is aborted.
            _bodyRefusal = refused.StatusCode;
            OnClientGone();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !_clientGone)
        {
            // The response ended first: stop reading (a client that left was told above or by the abort registration).
            if (!Volatile.Read(ref _ended))
            {
                OnClientGone();
            }
        }
        catch (Exception failure) when (failure is OperationCanceledException or IOException or ConnectionAbortedException
            or ConnectionResetException)
        {
            OnClientGone();
        }
    }

    /// <summary>Posts one buffer of the body to the loop; true while the host still takes it.</summary>
    private Task<bool> HandToLoopAsync(ReadOnlySequence<byte> buffer, bool ends)
    {
        _bodyBuffer = buffer;
        _bodyEnds = ends;
        _bodyTaken = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var taken = _bodyTaken.Task;
        Post(_bodyWork);
        return taken;
    }

    /// <summary>The loop side: appends the buffer Kestrel handed over and tells the host's listener.</summary>
    private void TakeBody()
    {
        var taken = _bodyTaken!;
        var buffer = _bodyBuffer;
        _bodyBuffer = default;
        if (_loopDone)
        {
            // The response ended (or was aborted) before the body: the rest is Kestrel's to drain or reset.
            taken.SetResult(false);
            return;
        }
        var body = Request.Body;
        foreach (var segment in buffer)
        {
            body.Append(segment.Span);
        }
        if (_bodyEnds)
        {
            body.MarkComplete();
        }
        // Kestrel may reuse the buffer from here on: everything was copied (or written to the spool file).
        taken.SetResult(true);
        try
        {
            body.NotifyListener();
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            _front.LogHostFailure(failure);
            if (_continuation is { } continuation)
            {
                _continuation = null;
                continuation.Abort();
            }
            _lastStep = ApplicationStep.Failed;
            After(ApplicationStep.Failed, null);
        }
    }
}
