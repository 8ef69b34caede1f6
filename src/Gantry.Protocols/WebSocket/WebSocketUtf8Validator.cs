namespace Gantry.Protocols.WebSocket;

/// <summary>
/// Checks a text message's UTF-8 across its frames (RFC 6455 §8.1: a message that is not UTF-8 fails the connection
/// with 1007): a code point may be split between frames, so up to three trailing bytes wait for the next piece.
/// </summary>
/// <remarks>A mutable struct: keep it in a field.</remarks>
public struct WebSocketUtf8Validator
{
    private uint _pending;
    private int _pendingLength;

    /// <summary>Starts over for a new message.</summary>
    public void Reset() => this = default;

    /// <summary>False when the bytes so far cannot be UTF-8 (or, with <paramref name="final"/>, end inside a code point).</summary>
    public bool Append(ReadOnlySpan<byte> piece, bool final)
    {
        if (_pendingLength > 0)
        {
            // Complete the waiting code point with the first bytes of this piece.
            Span<byte> joined = stackalloc byte[4];
            var pending = _pendingLength;
            for (var i = 0; i < pending; i++)
            {
                joined[i] = (byte)(_pending >> (8 * i));
            }
            var need = SequenceLength(joined[0]);
            var take = Math.Min(need - pending, piece.Length);
            piece[..take].CopyTo(joined[pending..]);
            if (pending + take < need)
            {
                Keep(joined[..(pending + take)]);
                return !final && IsValidPrefix(joined[..(pending + take)]);
            }
            if (!System.Text.Unicode.Utf8.IsValid(joined[..need]))
            {
                return false;
            }
            _pendingLength = 0;
            piece = piece[take..];
        }
        var complete = CompleteLength(piece);
        if (!System.Text.Unicode.Utf8.IsValid(piece[..complete]))
        {
            return false;
        }
        var tail = piece[complete..];
        if (tail.IsEmpty)
        {
            return true;
        }
        Keep(tail);
        return !final && IsValidPrefix(tail);
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        _pending = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            _pending |= (uint)bytes[i] << (8 * i);
        }
        _pendingLength = bytes.Length;
    }

    /// <summary>The length of <paramref name="piece"/> without a code point it ends inside of (at most 3 bytes off).</summary>
    private static int CompleteLength(ReadOnlySpan<byte> piece)
    {
        for (var back = 1; back <= Math.Min(3, piece.Length); back++)
        {
            var b = piece[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }
            var length = SequenceLength(b);
            return length > back ? piece.Length - back : piece.Length;
        }
        return piece.Length;
    }

    /// <summary>1 for ASCII and invalid lead bytes (Utf8.IsValid refuses those), else what the lead byte announces.</summary>
    private static int SequenceLength(byte lead) => lead switch
    {
        >= 0xC2 and <= 0xDF => 2,
        >= 0xE0 and <= 0xEF => 3,
        >= 0xF0 and <= 0xF4 => 4,
        _ => 1,
    };

    /// <summary>Whether an incomplete sequence could still become a valid code point (fail fast, as Autobahn expects).</summary>
    private static bool IsValidPrefix(ReadOnlySpan<byte> prefix)
    {
        Span<byte> padded = stackalloc byte[4];
        prefix.CopyTo(padded);
        var need = SequenceLength(prefix[0]);
        // Complete it with the smallest continuation bytes that keep the second byte in its allowed range (RFC 3629 §4).
        for (var i = prefix.Length; i < need; i++)
        {
            padded[i] = 0x80;
        }
        if (prefix.Length == 1)
        {
            padded[1] = prefix[0] switch { 0xE0 => 0xA0, 0xF0 => 0x90, _ => 0x80 };
        }
        return System.Text.Unicode.Utf8.IsValid(padded[..need]);
    }
}
