using Gantry.Application;
using Gantry.Posix.Native;

namespace Gantry.Cgi;

/// <summary>
/// The request body to the script's stdin, as fast as the script takes it (and, for a streamed body, as it arrives
/// from the client), never blocking the loop.
/// </summary>
internal sealed unsafe partial class CgiExchange : IRequestBodyListener
{
    /// <summary>More of a streamed body arrived (or it ended): stdin is watched again.</summary>
    public void OnRequestBodyData()
    {
        if (_stdinOpen && _stdinWatch is not null && !_released)
        {
            _stdinWatch.Change(LoopReadiness.Writable);
            RestartTimeout();
        }
    }

    /// <summary>
    /// stdin is writable: write what is left of the body. Once all of it went, stdin is closed with cgi-close-stdin-on-eof
    /// and otherwise kept open until the response ends, as uWSGI does. A script that exits (or closes stdin) without
    /// reading it all is no error: the rest is dropped.
    /// </summary>
    private void WriteBody()
    {
        var body = _request.Body;
        var progressed = false;
        while (_stdinOpen)
        {
            var data = body.Peek();
            if (data.IsEmpty && !body.IsComplete)
            {
                // A streamed body: the rest is still on its way from the client.
                _stdinWatch?.Change(LoopReadiness.None);
                body.NotifyWhenMoreArrives(this);
                break;
            }
            if (data.IsEmpty)
            {
                _stdinWatch?.Dispose();
                _stdinWatch = null;
                if (_thread.Options.CloseStdinOnEof)
                {
                    CloseStdin();
                }
                break;
            }
            nint written;
            fixed (byte* start = data)
            {
                written = LibC.write(_process.Stdin, start, data.Length);
            }
            if (written > 0)
            {
                body.Advance((int)written);
                progressed = true;
                continue;
            }
            if (written < 0 && LibC.Errno == LibC.EINTR)
            {
                continue;
            }
            if (written < 0 && LibC.Errno == LibC.EAGAIN)
            {
                break;
            }
            CloseStdin();
        }
        if (progressed)
        {
            RestartTimeout();
        }
    }
}
