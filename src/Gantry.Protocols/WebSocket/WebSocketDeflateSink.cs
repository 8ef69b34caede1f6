using System.Buffers;

namespace Gantry.Protocols.WebSocket;

/// <summary>
/// The stream a <see cref="WebSocketDeflater"/>'s DeflateStream writes into: one buffer rented from the shared pool,
/// grown as a message needs, emptied before each message.
/// </summary>
internal sealed class WebSocketDeflateSink : Stream
{
    private byte[] _buffer = [];
    private int _length;

    /// <summary>What was written since the last <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>Empties the buffer (keeping it) for the next message.</summary>
    public void Reset() => _length = 0;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_buffer.Length - _length < buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + buffer.Length, Math.Max(4096, _buffer.Length * 2)));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ReturnBuffer();
            _buffer = larger;
        }
        buffer.CopyTo(_buffer.AsSpan(_length));
        _length += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        ReturnBuffer();
        _length = 0;
        base.Dispose(disposing);
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
