using System.Buffers;
using Gantry.Posix.Memory;
using Gantry.Posix.Native;

namespace Gantry.Server.Connections;

/// <summary>
/// Bytes waiting to be sent on one connection: one contiguous block with a send cursor, so a typical response (head and
/// body) leaves in a single send(). Owned by its connection. The block is native memory (<see cref="NativeBytes"/>):
/// a connection that closes with a block a large response grew gives it back to the operating system, so memory
/// follows the responses in flight rather than the largest burst ever seen (a pooled managed array stayed on the
/// large-object heap). The block is made at the first write and <see cref="ReleaseIfEmpty"/> frees it, so a connection
/// that waits with nothing to send (an idle WebSocket; thousands are common) holds none.
/// </summary>
internal sealed unsafe class OutputBuffer : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 4096;

    // The largest block a closed connection keeps for its next client; a larger one is freed (see Clear).
    private const int KeptSize = 16 * 1024;

    private byte* _buffer;
    private int _capacity;
    private int _start;
    private int _end;

    /// <summary>Bytes not yet sent.</summary>
    public int Pending => _end - _start;

    /// <summary>Room to write at least <paramref name="size"/> bytes; follow with <see cref="Commit"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (_capacity - _end < size)
        {
            MakeRoom(size);
        }
        return new Span<byte>(_buffer + _end, _capacity - _end);
    }

    /// <summary>Marks <paramref name="count"/> bytes written into <see cref="GetSpan"/>'s span.</summary>
    public void Commit(int count) => _end += count;

    /// <inheritdoc />
    public void Advance(int count) => _end += count;

    /// <inheritdoc />
    /// <remarks>No writer of ours asks for memory rather than a span; this one wraps the free space (valid until the next write).</remarks>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        GetSpan(Math.Max(sizeHint, 1));
        return new FreeSpace(_buffer + _end, _capacity - _end).Memory;
    }

    /// <inheritdoc />
    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint) => GetSpan(Math.Max(sizeHint, 1));

    /// <summary>
    /// The unsent bytes from <paramref name="offset"/> (counted from the first unsent byte), for patching a frame
    /// header written before its length was known. Offsets stay valid until the next <see cref="Send"/>.
    /// </summary>
    public Span<byte> PendingSpan(int offset, int length) => new(_buffer + _start + offset, length);

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
            var sent = LibC.send(fd, _buffer + _start, _end - _start, LibC.MSG_NOSIGNAL);
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

    /// <summary>Empties the buffer (the connection closed); a block a large response grew goes back to the system.</summary>
    public void Clear()
    {
        _start = _end = 0;
        if (_capacity > KeptSize)
        {
            NativeBytes.Free(_buffer, _capacity);
            _buffer = null;
            _capacity = 0;
        }
    }

    /// <summary>Frees the block when nothing waits to be sent; the next write makes a new one (malloc's free lists make that cheap).</summary>
    public void ReleaseIfEmpty()
    {
        if (_start == _end && _buffer != null)
        {
            NativeBytes.Free(_buffer, _capacity);
            _buffer = null;
            _capacity = 0;
            _start = _end = 0;
        }
    }

    private void MakeRoom(int size)
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            Buffer.MemoryCopy(_buffer + _start, _buffer, _capacity, pending);
            _start = 0;
            _end = pending;
            if (_capacity - pending >= size)
            {
                return;
            }
        }
        var capacity = (int)Math.Min(int.MaxValue, Math.Max(Math.Max(2L * _capacity, InitialSize), (long)pending + size));
        _buffer = _buffer == null ? NativeBytes.Allocate(capacity) : NativeBytes.Resize(_buffer, _capacity, capacity);
        _capacity = capacity;
    }

    public void Dispose()
    {
        NativeBytes.Free(_buffer, _capacity);
        _buffer = null;
        _capacity = 0;
    }

    /// <summary>The free space of the block as <see cref="Memory{T}"/>, for <see cref="IBufferWriter{T}.GetMemory"/>.</summary>
    private sealed class FreeSpace(byte* start, int length) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => new(start, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(start + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
