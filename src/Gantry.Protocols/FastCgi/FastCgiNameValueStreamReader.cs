namespace Gantry.Protocols.FastCgi;

/// <summary>
/// Reads the name-value pairs of a stream split into records (PARAMS), where a pair may straddle two or more records
/// (spec §3.4, §5.2). Whole pairs are handed over straight from each record's content; only the start of a pair
/// that a record boundary cuts is copied, into a carry buffer that grows up to the stream limit and is then reused.
/// nginx sends all params in one record, so its requests are never copied.
/// </summary>
/// <remarks>
/// Pairs are delivered as they complete, so a handler may have seen some pairs of a stream that is later refused;
/// a refusal closes the connection, which discards them.
/// </remarks>
public sealed class FastCgiNameValueStreamReader
{
    private const int MinimumCarryCapacity = 256;
    private const byte LongLengthFlag = 0x80;
    private const int LongLengthSize = sizeof(uint);

    private byte[] _carry = [];
    private int _carryLength;

    /// <summary>Creates a reader with limits on the stream's total size and number of pairs.</summary>
    /// <param name="maxStreamBytes">Largest stream accepted (the server passes <c>--buffer-size</c>).</param>
    /// <param name="maxPairs">Largest number of pairs accepted.</param>
    public FastCgiNameValueStreamReader(int maxStreamBytes, int maxPairs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxStreamBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPairs);
        MaxStreamBytes = maxStreamBytes;
        MaxPairs = maxPairs;
    }

    /// <summary>Largest stream accepted, in bytes.</summary>
    public int MaxStreamBytes { get; }

    /// <summary>Largest number of pairs accepted.</summary>
    public int MaxPairs { get; }

    /// <summary>Bytes of the current stream so far.</summary>
    public int StreamBytes { get; private set; }

    /// <summary>Pairs delivered from the current stream so far.</summary>
    public int PairCount { get; private set; }

    /// <summary>Adds one record's content (not the empty end-of-stream record) and delivers every pair it completes.</summary>
    /// <exception cref="FastCgiProtocolException">The stream exceeds a limit or a pair has an empty name.</exception>
    public void Append<THandler>(ReadOnlySpan<byte> content, ref THandler handler)
        where THandler : IFastCgiNameValueHandler, allows ref struct
    {
        if (content.Length > MaxStreamBytes - StreamBytes)
        {
            FastCgiProtocolException.ThrowParamsTooLarge(MaxStreamBytes);
        }
        StreamBytes += content.Length;

        // Finish the pair cut by the previous record, copying only the bytes it still lacks.
        while (_carryLength > 0 && !content.IsEmpty)
        {
            var take = (int)Math.Min(content.Length, KnownPairSize(_carry.AsSpan(0, _carryLength)) - _carryLength);
            EnsureCarryCapacity(_carryLength + take);
            content[..take].CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += take;
            content = content[take..];
            if (FastCgiNameValueReader.TryReadPair(_carry.AsSpan(0, _carryLength), out var name, out var value, out _))
            {
                _carryLength = 0;
                Deliver(name, value, ref handler);
            }
        }

        var offset = 0;
        while (FastCgiNameValueReader.TryReadPair(content[offset..], out var name, out var value, out var consumed))
        {
            offset += consumed;
            Deliver(name, value, ref handler);
        }
        if (offset < content.Length)
        {
            EnsureCarryCapacity(content.Length - offset);
            content[offset..].CopyTo(_carry);
            _carryLength = content.Length - offset;
        }
    }

    /// <summary>
    /// Ends the stream (the empty record arrived) and makes the reader ready for the next stream.
    /// Returns the number of pairs the stream held.
    /// </summary>
    /// <exception cref="FastCgiProtocolException">The stream ended inside a pair.</exception>
    public int Complete()
    {
        var pairs = PairCount;
        var truncated = _carryLength > 0;
        Reset();
        if (truncated)
        {
            FastCgiProtocolException.Throw(FastCgiRejectionReason.TruncatedNameValue);
        }
        return pairs;
    }

    /// <summary>Forgets the current stream, keeping the carry buffer.</summary>
    public void Reset()
    {
        _carryLength = 0;
        StreamBytes = 0;
        PairCount = 0;
    }

    private void Deliver<THandler>(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, ref THandler handler)
        where THandler : IFastCgiNameValueHandler, allows ref struct
    {
        if (++PairCount > MaxPairs)
        {
            FastCgiProtocolException.ThrowTooManyParams(MaxPairs);
        }
        handler.OnNameValue(name, value);
    }

    // How long the pair that starts with `partial` is, as far as its bytes so far tell: the whole pair once both
    // length fields are in, else the length fields' size (which is more than `partial` holds).
    private static long KnownPairSize(ReadOnlySpan<byte> partial)
    {
        var nameFieldSize = (partial[0] & LongLengthFlag) == 0 ? 1 : LongLengthSize;
        if (partial.Length <= nameFieldSize)
        {
            return nameFieldSize + 1;
        }
        var valueFieldSize = (partial[nameFieldSize] & LongLengthFlag) == 0 ? 1 : LongLengthSize;
        var fieldsSize = nameFieldSize + valueFieldSize;
        if (partial.Length < fieldsSize)
        {
            return fieldsSize;
        }
        return fieldsSize + (long)ReadLength(partial, nameFieldSize) + ReadLength(partial[nameFieldSize..], valueFieldSize);
    }

    private static int ReadLength(ReadOnlySpan<byte> field, int size) =>
        size == 1 ? field[0] : ((field[0] & ~LongLengthFlag) << 24) | (field[1] << 16) | (field[2] << 8) | field[3];

    private void EnsureCarryCapacity(int size)
    {
        if (size > _carry.Length)
        {
            var grown = new byte[Math.Min(Math.Max(Math.Max(size, MinimumCarryCapacity), _carry.Length * 2), Math.Max(size, MaxStreamBytes))];
            _carry.AsSpan(0, _carryLength).CopyTo(grown);
            _carry = grown;
        }
    }
}
