using System.Buffers;
using Gantry.Posix.Native;

namespace Gantry.Server.Connections;

/// <summary>
/// Bytes waiting to be sent on one connection: one contiguous array with a send cursor, so a typical
/// response (head and body) leaves in a single send(). Owned by its connection; the array comes from the
/// shared pool and goes back when the connection closes.
/// </summary>
internal sealed unsafe class OutputBuffer : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 4096;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _start;
    private int _end;

    /// <summary>Bytes not yet sent.</summary>
    public int Pending => _end - _start;

    /// <summary>Room to write at least <paramref name="size"/> bytes; follow with <see cref="Commit"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _end < size)
        {
            MakeRoom(size);
        }
        return _buffer.AsSpan(_end);
    }

    /// <summary>Marks <paramref name="count"/> bytes written into <see cref="GetSpan"/>'s span.</summary>
    public void Commit(int count) => _end += count;

    /// <inheritdoc />
    public void Advance(int count) => _end += count;

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        GetSpan(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_end);
    }

    /// <inheritdoc />
    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint) => GetSpan(Math.Max(sizeHint, 1));

    /// <summary>
    /// The unsent bytes from <paramref name="offset"/> (counted from the first unsent byte), for patching a frame
    /// header written before its length was known. Offsets stay valid until the next <see cref="Send"/>.
    /// </summary>
    public Span<byte> PendingSpan(int offset, int length) => _buffer.AsSpan(_start + offset, length);

    /// <summary>Appends bytes.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetSpan(data.Length));
        _end += data.Length;
    }

    /// <summary>
    /// Sends what it can without blocking. Returns the errno of a failed send (0 = all sent or would block);
    /// <paramref name="wouldBlock"/> tells whether bytes remain because the socket is full.
    /// </summary>
    public int Send(int fd, out bool wouldBlock)
    {
        wouldBlock = false;
        while (_start < _end)
        {
            nint sent;
            fixed (byte* data = &_buffer[_start])
            {
                sent = LibC.send(fd, data, _end - _start, LibC.MSG_NOSIGNAL);
            }
            if (sent < 0)
            {
                var errno = LibC.Errno;
                if (errno == LibC.EINTR)
                {
                    continue;
                }
                if (errno == LibC.EAGAIN)
                {
                    wouldBlock = true;
                    return 0;
                }
                return errno;
            }
            _start += (int)sent;
        }
        _start = _end = 0;
        return 0;
    }

    /// <summary>Empties the buffer, shrinking it back if a large response grew it.</summary>
    public void Clear()
    {
        _start = _end = 0;
        if (_buffer.Length > 256 * 1024)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    private void MakeRoom(int size)
    {
        var pending = _end - _start;
        if (_start > 0 && _buffer.Length - pending >= size)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }
        else
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, pending + size));
            _buffer.AsSpan(_start, pending).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        _start = 0;
        _end = pending;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
