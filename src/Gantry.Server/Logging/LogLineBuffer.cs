using System.Buffers;
using System.Globalization;

namespace Gantry.Server.Logging;

/// <summary>
/// A reused byte buffer that request log lines are formatted into, as UTF-8, with no string in between: the request
/// log writes a line per request, and formatting a string, then encoding it, then a write(2) per line cost a fifth of
/// a hello's throughput. Also an <see cref="IBufferWriter{T}"/>, for the JSON line's writer.
/// </summary>
internal sealed class LogLineBuffer : IBufferWriter<byte>
{
    private byte[] _bytes;
    private int _length;

    public LogLineBuffer(int capacity = 16 * 1024) => _bytes = new byte[capacity];

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>What was written since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Drops what was written after <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => _length = Math.Min(_length, length);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    public void Append(byte value)
    {
        GetSpan(1)[0] = value;
        _length++;
    }

    /// <summary>Text (UTF-8 encoded).</summary>
    public void Append(ReadOnlySpan<char> text)
    {
        var span = GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += System.Text.Encoding.UTF8.GetBytes(text, span);
    }

    /// <summary>An integer in decimal.</summary>
    public void Append(long value)
    {
        var writer = new LogLineWriter(GetSpan(LogLineWriter.MaxDecimalLength));
        writer.Put(value);
        _length += writer.Length;
    }

    /// <summary>A value in any format whose text is at most <paramref name="maxLength"/> bytes.</summary>
    public void Append<T>(T value, ReadOnlySpan<char> format, int maxLength) where T : IUtf8SpanFormattable
    {
        if (value.TryFormat(GetSpan(maxLength), out var written, format, CultureInfo.InvariantCulture))
        {
            _length += written;
        }
    }

    /// <summary>A request field as uWSGI's log writes it (<see cref="LogLineWriter.PutField"/>: control bytes as <c>\xHH</c>).</summary>
    public void AppendField(ReadOnlySpan<byte> value)
    {
        var writer = new LogLineWriter(GetSpan(value.Length * LogLineWriter.MaxFieldExpansion));
        writer.PutField(value);
        _length += writer.Length;
    }

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _bytes.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _bytes.AsSpan(_length);
    }

    private void Reserve(int sizeHint)
    {
        var needed = _length + Math.Max(sizeHint, 1);
        if (needed > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
        }
    }
}
