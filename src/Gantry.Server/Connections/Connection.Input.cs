using System.Buffers;
using Gantry.Posix.Native;

namespace Gantry.Server.Connections;

/// <summary>The receive side: one contiguous input buffer the front parses in place.</summary>
internal abstract unsafe partial class Connection
{
    private byte[] _input = [];
    private int _inputStart;
    private int _inputEnd;

    /// <summary>Bytes received and not yet consumed by the front.</summary>
    protected int InputBuffered => _inputEnd - _inputStart;

    /// <summary>The received, unconsumed bytes (valid until the next receive or consume).</summary>
    protected ReadOnlySpan<byte> BufferedInput => _input.AsSpan(_inputStart, _inputEnd - _inputStart);

    /// <summary>
    /// Largest input buffer: the front's largest unit that must be whole before it can be parsed (an HTTP head, a
    /// uwsgi vars block, a FastCGI record) plus room for body bytes behind it.
    /// </summary>
    protected virtual int InputLimit => Services.Options.BufferSize + InitialInputSize;

    /// <summary>
    /// Makes progress on buffered input: parses, refuses, or invokes the application. Returns true when it did
    /// something (the pump then calls it again), false when more bytes are needed. Also called while a response is
    /// paused when <see cref="ReadsWhileSuspended"/> is set.
    /// </summary>
    protected abstract bool ProcessInput();

    /// <summary>Marks <paramref name="count"/> buffered bytes as consumed.</summary>
    protected void ConsumeInput(int count)
    {
        _inputStart += count;
        if (_inputStart == _inputEnd)
        {
            _inputStart = _inputEnd = 0;
        }
    }

    /// <summary>
    /// Reads what the socket has. Returns false when the connection closed or nothing more can be read now.
    /// A short read means the kernel queue is empty; with edge-triggered epoll the next arrival raises a new
    /// event, so no second recv is spent to hear EAGAIN (nginx does the same). Once the peer hung up (EPOLLRDHUP)
    /// no further event comes, so reading goes on until recv reports the end.
    /// </summary>
    private bool Receive()
    {
        RentInputIfReleased();
        if (_inputEnd == _input.Length && !MakeInputRoom())
        {
            return false;
        }
        nint received;
        fixed (byte* buffer = &_input[_inputEnd])
        {
            received = LibC.recv(_fd, buffer, _input.Length - _inputEnd, 0);
        }
        if (received > 0)
        {
            _awaitingFirstBytes = false;
            if (received < _input.Length - _inputEnd && !_peerHungUp)
            {
                _readable = false;
            }
            _inputEnd += (int)received;
            return true;
        }
        return OnReceiveEnd(received);
    }

    /// <summary>Reads and drops input while lingering; false when nothing more can be read now (or it closed).</summary>
    private bool DiscardInput()
    {
        if (!_readable)
        {
            return false;
        }
        RentInputIfReleased();
        nint received;
        fixed (byte* buffer = _input)
        {
            received = LibC.recv(_fd, buffer, _input.Length, 0);
        }
        if (received > 0)
        {
            _inputStart = _inputEnd = 0;
            return true;
        }
        var retry = OnReceiveEnd(received);
        if (InputClosed)
        {
            Close();
            return false;
        }
        return retry && _fd >= 0;
    }

    private bool OnReceiveEnd(nint received)
    {
        if (received == 0)
        {
            InputClosed = true;
            _readable = false;
            return true;
        }
        var errno = LibC.Errno;
        if (errno == LibC.EAGAIN)
        {
            _readable = false;
            ReleaseIdleBuffers();
            return false;
        }
        if (errno == LibC.EINTR)
        {
            return true;
        }
        _clientGone = true;
        Close();
        return false;
    }

    /// <summary>Compacts or grows the input buffer (up to <see cref="InputLimit"/>).</summary>
    private bool MakeInputRoom()
    {
        if (_inputStart > 0)
        {
            _input.AsSpan(_inputStart, _inputEnd - _inputStart).CopyTo(_input);
            _inputEnd -= _inputStart;
            _inputStart = 0;
            return true;
        }
        var limit = InputLimit;
        if (_input.Length >= limit)
        {
            return false;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, _input.Length * 2));
        _input.AsSpan(0, _inputEnd).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_input);
        _input = larger;
        return true;
    }
}
