namespace Gantry.Protocols.Http;

/// <summary>
/// One parsed request head, as offsets into the caller's buffer (no strings, no copies). Reused from request
/// to request: <see cref="HttpRequestHeadParser.TryParse"/> resets it when a new head begins, and a connection
/// calls <see cref="Reset"/> when it starts. The ranges are only valid while the buffer still holds the head
/// at the position it was parsed from.
/// </summary>
public sealed class HttpRequestHead
{
    private const int InitialFieldCapacity = 16;

    private Range[] _names = new Range[InitialFieldCapacity];
    private Range[] _values = new Range[InitialFieldCapacity];

    /// <summary>Creates an empty head.</summary>
    public HttpRequestHead() => Reset();

    /// <summary>The method token, case-sensitive as received (RFC 9110 §9.1).</summary>
    public Range Method;

    /// <summary>The whole request-target as received.</summary>
    public Range Target;

    /// <summary>
    /// The path part of the target: up to the first '?'. For absolute-form it is the path after the authority,
    /// and empty when the URI has none (which means "/"). For asterisk-form it is the "*".
    /// </summary>
    public Range Path;

    /// <summary>The query after the first '?', excluding the '?'; empty when there is none.</summary>
    public Range Query;

    /// <summary>The authority of an absolute-form target (which RFC 9112 §3.2.2 says wins over Host); empty otherwise.</summary>
    public Range Authority;

    /// <summary>The protocol version from the request line.</summary>
    public HttpVersion Version;

    /// <summary>How many field lines the head holds, in order of arrival.</summary>
    public int HeaderCount;

    /// <summary>The Content-Length value, or -1 when the request has none.</summary>
    public long ContentLength;

    /// <summary>Whether the body is chunked (Transfer-Encoding whose final and only coding is chunked).</summary>
    public bool IsChunked;

    /// <summary>Whether the connection may serve another request: from the version and the Connection options.</summary>
    public bool KeepAlive;

    /// <summary>Whether an HTTP/1.1 client sent <c>Expect: 100-continue</c> (ignored for HTTP/1.0, RFC 9110 §10.1.1).</summary>
    public bool ExpectContinue;

    /// <summary>Whether the method is HEAD, whose response carries no body.</summary>
    public bool IsHead;

    /// <summary>Whether the target was absolute-form (<c>http://host/path</c>, RFC 9112 §3.2.2).</summary>
    public bool IsAbsoluteForm;

    /// <summary>Whether the target was asterisk-form (<c>OPTIONS *</c>, RFC 9112 §3.2.4).</summary>
    public bool IsAsteriskForm;

    /// <summary>
    /// Whether an <c>Upgrade</c> field was sent (RFC 9110 §7.8): only then does a front look at the upgrade headers
    /// (<see cref="WebSocket.WebSocketUpgradeValidator"/>), so requests without one pay nothing for WebSocket.
    /// </summary>
    public bool HasUpgrade;

    // Parse progress, so a head that arrives in pieces is scanned once: each complete line is validated and
    // applied exactly once, and the next call resumes at the first incomplete line.
    internal int ScannedLength;
    internal bool RequestLineParsed;
    internal bool IsComplete;
    internal bool IsRejected;
    internal int HostCount;
    internal int TransferCodingCount;
    internal int ChunkedCount;
    internal bool LastCodingIsChunked;
    internal bool HasUnsupportedCoding;
    internal bool HasTransferEncoding;
    internal bool ConnectionClose;
    internal bool ConnectionKeepAlive;
    internal bool ExpectsContinue;

    /// <summary>The name of field line <paramref name="index"/>, as received.</summary>
    public Range HeaderName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)HeaderCount, nameof(index));
        return _names[index];
    }

    /// <summary>The value of field line <paramref name="index"/>, without leading and trailing whitespace.</summary>
    public Range HeaderValue(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)HeaderCount, nameof(index));
        return _values[index];
    }

    /// <summary>Forgets the previous request; the field arrays are kept for the next one.</summary>
    public void Reset()
    {
        Method = Target = Path = Query = Authority = default;
        Version = HttpVersion.Http11;
        HeaderCount = 0;
        ContentLength = -1;
        IsChunked = KeepAlive = ExpectContinue = IsHead = IsAbsoluteForm = IsAsteriskForm = HasUpgrade = false;
        ScannedLength = 0;
        RequestLineParsed = IsComplete = IsRejected = false;
        HostCount = TransferCodingCount = ChunkedCount = 0;
        LastCodingIsChunked = HasUnsupportedCoding = HasTransferEncoding = false;
        ConnectionClose = ConnectionKeepAlive = ExpectsContinue = false;
    }

    internal void AddField(Range name, Range value)
    {
        if (HeaderCount == _names.Length)
        {
            // Grows once, straight to the cap the parser enforces.
            Array.Resize(ref _names, HttpRequestHeadParser.MaxHeaderCount);
            Array.Resize(ref _values, HttpRequestHeadParser.MaxHeaderCount);
        }

        _names[HeaderCount] = name;
        _values[HeaderCount] = value;
        HeaderCount++;
    }
}
