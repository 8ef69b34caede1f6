using Gantry.Application;
using Gantry.Configuration;
using Gantry.Posix.Native;
using Gantry.Protocols.FastCgi;

namespace Gantry.Php.FastCgi;

/// <summary>
/// A client that left before its response ended (php-fpm-client-abort). With a kept connection whose request went
/// out whole, the exchange outlives the client: it reads php-fpm's answer to END_REQUEST, discarding STDOUT (STDERR
/// is still logged), and gives the connection back to the pool, so the next request reuses it instead of connecting
/// again; in <c>abort</c> mode it first sends FCGI_ABORT_REQUEST (FastCGI 1.0 §5.4). The drain is bounded by
/// php-fpm-read-timeout from the client's departure; then, or on anything unexpected, the connection is closed, as it
/// is at once in <c>close</c> mode, without keep-alive, or while the request is still being sent.
/// </summary>
/// <remarks>
/// php-fpm does not act on FCGI_ABORT_REQUEST: a child reads its connection only for STDIN, so the script runs to
/// its end, and the record, still unread, is taken as the next request's first record, which php-fpm refuses by
/// closing the connection (php-src main/fastcgi.c, fcgi_read_request). Measured with php-fpm 8.2: after an abort the
/// kept connection ends; after a drain it serves the next request. Hence drain is the default.
/// </remarks>
internal sealed unsafe partial class PhpFpmExchange
{
    private bool _draining;

    /// <inheritdoc />
    public void Abort()
    {
        if (_released || _draining)
        {
            return;
        }
        if (!TryBeginDrain())
        {
            _thread.Site.Logger.ClientGone(_pool?.Upstream.Name ?? "?", _script.ScriptFileName, "the php-fpm connection is closed");
            Release(reusable: false);
        }
    }

    /// <summary>
    /// Starts draining when the mode and the connection allow it (a kept connection, the whole request sent, nothing
    /// failed); the records already read are handled on the loop's next turn. False: the caller closes.
    /// </summary>
    private bool TryBeginDrain()
    {
        var mode = _thread.Site.Options.ClientAbort;
        if (mode == PhpClientAbort.Close || _draining || _phase != Phase.Exchanging || _fd < 0 || !_pool!.KeepsConnections
            || !_stdinDone || _outStart != _outEnd || _eof || _writeFailed)
        {
            return false;
        }
        if (mode == PhpClientAbort.Abort && !SendAbortRequest())
        {
            return false;
        }
        _draining = true;
        _clientHolding = false;
        _timedOut = false;
        _timer.Restart(_thread.Site.ReadTimeout);
        _thread.Site.Logger.ClientGone(_pool.Upstream.Name, _script.ScriptFileName,
            mode == PhpClientAbort.Abort ? "FCGI_ABORT_REQUEST sent, php-fpm's answer is drained" : "php-fpm's answer is drained to keep the connection");
        _thread.Loop.Post(new DrainStep(this));
        return true;
    }

    /// <summary>The 8-byte FCGI_ABORT_REQUEST record, in one send (the socket's buffer is empty: the request went out whole).</summary>
    private bool SendAbortRequest()
    {
        var record = stackalloc byte[FastCgiRecordHeader.Size];
        var length = FastCgiRecordWriter.WriteAbortRequest(new Span<byte>(record, FastCgiRecordHeader.Size), RequestId);
        nint written;
        do
        {
            written = LibC.send(_fd, record, length, LibC.MSG_NOSIGNAL);
        }
        while (written < 0 && LibC.Errno == LibC.EINTR);
        return written == length;
    }

    /// <summary>Handles what was read while draining: discarded to END_REQUEST (the connection kept), or closed on anything else.</summary>
    private void Drain()
    {
        if (!_released)
        {
            Process();
        }
    }

    /// <summary>The drain did not reach END_REQUEST within php-fpm-read-timeout: the connection is closed.</summary>
    private void DrainTimedOut()
    {
        _thread.Site.Logger.DrainTimedOut(_pool!.Upstream.Name, _script.ScriptFileName, (int)_thread.Site.ReadTimeout.TotalSeconds);
        Release(reusable: false);
    }

    /// <summary>The drain's first step, on the loop's next turn (never inside the connection's own step).</summary>
    private sealed class DrainStep(PhpFpmExchange exchange) : ILoopWork
    {
        public void Run() => exchange.Drain();
    }
}
