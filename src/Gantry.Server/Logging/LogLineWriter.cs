namespace Gantry.Server.Logging;

/// <summary>
/// Writes one log line into a span reserved for it beforehand (its length bounded by the caller), with no growth check
/// and no culture per piece: uWSGI's default line is written for every request, and a check and a formatter call per
/// piece (twenty-odd of them) were most of what the line cost. Integers are written with a digit loop (invariant ASCII).
/// </summary>
internal ref struct LogLineWriter(Span<byte> destination)
{
    /// <summary>Longest decimal text of a long ("-9223372036854775808").</summary>
    public const int MaxDecimalLength = 20;

    /// <summary>Bytes a field can take at most per byte of its value (a control byte becomes <c>\xHH</c>).</summary>
    public const int MaxFieldExpansion = 4;

    private readonly Span<byte> _destination = destination;
    private int _length;

    /// <summary>Bytes written.</summary>
    public readonly int Length => _length;

    public void Put(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[_length..]);
        _length += bytes.Length;
    }

    public void Put(byte value) => _destination[_length++] = value;

    /// <summary>Writes again the <paramref name="length"/> bytes written at <paramref name="start"/> (a number the line says twice).</summary>
    public void Repeat(int start, int length)
    {
        _destination.Slice(start, length).CopyTo(_destination[_length..]);
        _length += length;
    }

    /// <summary>An integer in decimal.</summary>
    public void Put(long value)
    {
        if ((ulong)value < 10)
        {
            _destination[_length++] = (byte)('0' + (int)value);
            return;
        }
        if ((ulong)value < 100)
        {
            _destination[_length + 1] = TwoDigits[((int)value * 2) + 1];
            _destination[_length] = TwoDigits[(int)value * 2];
            _length += 2;
            return;
        }
        var magnitude = (ulong)value;
        if (value < 0)
        {
            _destination[_length++] = (byte)'-';
            magnitude = (ulong)(-(value + 1)) + 1;
        }
        var end = _length + CountDigits(magnitude);
        var position = end;
        // Two digits a division, from a table: the line's numbers are mostly of two to six digits.
        while (magnitude >= 100)
        {
            var quotient = magnitude / 100;
            var pair = (int)(magnitude - (quotient * 100)) * 2;
            _destination[--position] = TwoDigits[pair + 1];
            _destination[--position] = TwoDigits[pair];
            magnitude = quotient;
        }
        if (magnitude >= 10)
        {
            _destination[--position] = TwoDigits[((int)magnitude * 2) + 1];
            _destination[--position] = TwoDigits[(int)magnitude * 2];
        }
        else
        {
            _destination[--position] = (byte)('0' + (int)magnitude);
        }
        _length = end;
    }

    /// <summary>"00" to "99", each number's two digits.</summary>
    private static ReadOnlySpan<byte> TwoDigits => "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    private static int CountDigits(ulong value)
    {
        var digits = 1;
        while (value >= 10_000)
        {
            value /= 10_000;
            digits += 4;
        }
        return digits + (value >= 1000 ? 3 : value >= 100 ? 2 : value >= 10 ? 1 : 0);
    }

    /// <summary>
    /// A request field as uWSGI's log writes it: its bytes as they came, except control characters other than tab,
    /// which are written as <c>\xHH</c> so that no field can end a log line and forge the next one.
    /// </summary>
    public void PutField(ReadOnlySpan<byte> value)
    {
        var control = FirstControl(value);
        if (control < 0)
        {
            Put(value);
            return;
        }
        Put(value[..control]);
        foreach (var b in value[control..])
        {
            if (IsControl(b))
            {
                Put((byte)'\\');
                Put((byte)'x');
                Put((byte)"0123456789abcdef"[b >> 4]);
                Put((byte)"0123456789abcdef"[b & 0xF]);
            }
            else
            {
                Put(b);
            }
        }
    }

    private static bool IsControl(byte b) => (b < 0x20 && b != (byte)'\t') || b == 0x7F;

    /// <summary>
    /// Where the first byte to escape is, or -1. A byte loop for the short fields of most lines (an address, a method, a
    /// protocol): a vectorised search costs more to start than it saves there.
    /// </summary>
    private static int FirstControl(ReadOnlySpan<byte> value)
    {
        if (value.Length >= 64)
        {
            var low = value.IndexOfAnyInRange((byte)0, (byte)0x1F);
            var delete = value.IndexOf((byte)0x7F);
            // A tab found by the range search is not escaped: PutField's loop writes it as it is.
            return low < 0 ? delete : delete < 0 ? low : Math.Min(low, delete);
        }
        for (var i = 0; i < value.Length; i++)
        {
            if (IsControl(value[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
