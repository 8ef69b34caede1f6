namespace Gantry.Protocols.Cgi;

/// <summary>
/// One parsed CGI response head, as offsets into the caller's buffer (no strings, no copies). Reused from response
/// to response: <see cref="CgiResponseHeadParser.TryParse"/> resets it when a new head begins. The ranges are only
/// valid while the buffer still holds the head at the position it was parsed from.
/// </summary>
public sealed class CgiResponseHead
{
    private const int InitialFieldCapacity = 16;

    private Range[] _names = new Range[InitialFieldCapacity];
    private Range[] _values = new Range[InitialFieldCapacity];

    /// <summary>Creates an empty head.</summary>
    public CgiResponseHead() => Reset();

    /// <summary>Which of the RFC 3875 §6.2 responses this is.</summary>
    public CgiResponseKind Kind;

    /// <summary>The status: from the Status field, else 302 with a Location, else 200.</summary>
    public int StatusCode;

    /// <summary>The reason phrase the Status field gave; empty when it gave none (the standard phrase then applies).</summary>
    public Range ReasonPhrase;

    /// <summary>Whether the head has a Location field (also listed among the headers).</summary>
    public bool HasLocation;

    /// <summary>The Location value, without surrounding whitespace; never empty when <see cref="HasLocation"/>.</summary>
    public Range Location;

    /// <summary>Whether the head has a Content-Type field (also listed among the headers).</summary>
    public bool HasContentType;

    /// <summary>The Content-Type value, without surrounding whitespace.</summary>
    public Range ContentType;

    /// <summary>
    /// How many headers the head carries, in the script's order: every field except Status (which becomes the status
    /// line, RFC 3875 §6.3.3) and except the repeat of a Location or Content-Type given twice with the same value.
    /// </summary>
    public int HeaderCount;

    // Parse progress, so a head that arrives in pieces is scanned once: each complete line is validated and
    // applied exactly once, and the next call resumes at the first incomplete line.
    internal int ScannedLength;
    internal bool IsComplete;
    internal bool IsRejected;
    internal int FieldLineCount;
    internal bool HasStatus;
    internal Range StatusValue;

    /// <summary>The name of header <paramref name="index"/>, as the script wrote it (whitespace before the colon removed).</summary>
    public Range HeaderName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)HeaderCount, nameof(index));
        return _names[index];
    }

    /// <summary>The value of header <paramref name="index"/>, without leading and trailing whitespace.</summary>
    public Range HeaderValue(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)HeaderCount, nameof(index));
        return _values[index];
    }

    /// <summary>Forgets the previous response; the field arrays are kept for the next one.</summary>
    public void Reset()
    {
        Kind = CgiResponseKind.Document;
        StatusCode = 0;
        ReasonPhrase = Location = ContentType = StatusValue = default;
        HasLocation = HasContentType = HasStatus = false;
        HeaderCount = 0;
        ScannedLength = FieldLineCount = 0;
        IsComplete = IsRejected = false;
    }

    internal void AddField(Range name, Range value)
    {
        if (HeaderCount == _names.Length)
        {
            // Grows once, straight to the cap the parser enforces.
            Array.Resize(ref _names, CgiResponseHeadParser.MaxHeaderCount);
            Array.Resize(ref _values, CgiResponseHeadParser.MaxHeaderCount);
        }

        _names[HeaderCount] = name;
        _values[HeaderCount] = value;
        HeaderCount++;
    }
}
