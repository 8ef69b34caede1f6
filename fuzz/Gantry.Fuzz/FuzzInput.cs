namespace Gantry.Fuzz;

/// <summary>
/// One fuzz input as a target sees it: the first byte says how the rest arrives, the rest is what a peer sends.
/// Byte 0 below 0x80 splits the payload once, at <c>byte × length / 127</c> (0 = all at once, as a seed arrives);
/// from 0x80 up the payload arrives in pieces of <c>byte − 0x7F</c> bytes (1 to 128), as a slow or unlucky peer's
/// bytes reach a front's read loop.
/// </summary>
public readonly ref struct FuzzInput
{
    private readonly byte _control;

    /// <summary>Splits a raw afl input into its control byte and payload.</summary>
    public FuzzInput(ReadOnlySpan<byte> raw)
    {
        _control = raw.IsEmpty ? (byte)0 : raw[0];
        Payload = raw.IsEmpty ? raw : raw[1..];
    }

    /// <summary>The bytes a peer sends.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The control byte, for targets that take one more choice from it (the high bit is the split mode).</summary>
    public byte Control => _control;

    /// <summary>
    /// How many bytes have arrived after each read, ascending, the last one being the whole payload. Never empty,
    /// never longer than the payload plus one.
    /// </summary>
    public List<int> ArrivalPoints()
    {
        var length = Payload.Length;
        var points = new List<int>();
        if (_control < 0x80)
        {
            var split = _control * length / 127;
            if (split > 0 && split < length)
            {
                points.Add(split);
            }
        }
        else
        {
            var step = _control - 0x7F;
            for (var end = step; end < length; end += step)
            {
                points.Add(end);
            }
        }
        points.Add(length);
        return points;
    }
}
