namespace Gantry.Protocols.WebSocket;

/// <summary>
/// The stream a <see cref="WebSocketInflater"/>'s DeflateStream reads from: one message's compressed payload, then the
/// sync flush's tail (§7.2.2), then nothing (0 bytes, which ends the DeflateStream's read, not the stream: the next
/// message is fed through <see cref="Begin"/>).
/// </summary>
internal sealed class WebSocketInflateSource : Stream
{
    private byte[] _payload = [];
    private int _length;
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The next message: <paramref name="payload"/>[..<paramref name="length"/>], then the tail.</summary>
    public void Begin(byte[] payload, int length)
    {
        _payload = payload;
        _length = length;
        _position = 0;
    }

    public override int Read(Span<byte> buffer)
    {
        var count = 0;
        if (_position < _length)
        {
            count = Math.Min(buffer.Length, _length - _position);
            _payload.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
        }
        var tail = WebSocketInflater.FlushTail;
        var inTail = _position - _length;
        if (count < buffer.Length && inTail < tail.Length)
        {
            var n = Math.Min(buffer.Length - count, tail.Length - inTail);
            tail.Slice(inTail, n).CopyTo(buffer[count..]);
            _position += n;
            count += n;
        }
        if (_position == _length + tail.Length)
        {
            // The caller's buffer goes back to its pool after the message; hold no reference to it.
            _payload = [];
        }
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
