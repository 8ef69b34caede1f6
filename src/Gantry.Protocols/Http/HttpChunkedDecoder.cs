namespace Gantry.Protocols.Http;

/// <summary>
/// Sans-IO decoder of a chunked request body (RFC 9112 §7.1): a state machine fed any split of the bytes,
/// which hands back where the body data lies in what it was given and never copies it.
/// </summary>
/// <remarks>Keep it in a field and call it through that field: it is a mutable struct.</remarks>
public partial struct HttpChunkedDecoder
{
    /// <summary>The most hex digits a chunk size may have, leading zeros included.</summary>
    public const int MaxChunkSizeDigits = 16;

    /// <summary>The most bytes of chunk extensions accepted on one chunk line; they are read and discarded.</summary>
    public const int MaxChunkExtensionLength = 4096;

    /// <summary>The most bytes the trailer section may take; trailers are read and discarded.</summary>
    public const int MaxTrailerSectionLength = 8192;

    private State _state;
    private long _chunkRemaining;
    private int _sizeDigits;
    private int _extensionLength;
    private int _trailerLength;

    //   chunked-body = *chunk last-chunk trailer-section CRLF
    //   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
    //                  | 1a |;name=value| CRLF | 26 bytes of data | CRLF |
    //   last-chunk   = 1*("0") [ chunk-ext ] CRLF
    //                  | 0 | CRLF |
    //   trailer-section = *( field-line CRLF )
    //                  | Checksum: abc | CRLF | ... | CRLF |
    private enum State : byte
    {
        Size,
        SizeWhitespace,
        Extension,
        SizeLineFeed,
        Data,
        DataCarriageReturn,
        DataLineFeed,
        TrailerLineStart,
        TrailerName,
        TrailerValue,
        TrailerLineFeed,
        FinalLineFeed,
        Done,
    }

    /// <summary>Whether the last chunk and the trailer section have been consumed.</summary>
    public readonly bool IsComplete => _state == State.Done;

    /// <summary>Starts over for a new body.</summary>
    public void Reset() => this = default;

    /// <summary>
    /// Consumes a prefix of <paramref name="source"/>: framing bytes, then at most one run of body data, which
    /// is <c>source.Slice(dataOffset, dataLength)</c>. Call again with the rest while it consumes bytes.
    /// </summary>
    /// <param name="source">Bytes received after what was consumed before.</param>
    /// <param name="consumed">How many bytes of <paramref name="source"/> were used.</param>
    /// <param name="dataOffset">Where the body data starts in <paramref name="source"/>.</param>
    /// <param name="dataLength">How many body bytes there are; 0 when none.</param>
    /// <returns>true once the whole body, trailers included, is consumed; what follows is the next request.</returns>
    /// <exception cref="HttpRequestRejectedException">The chunked framing is invalid.</exception>
    public bool Decode(ReadOnlySpan<byte> source, out int consumed, out int dataOffset, out int dataLength)
    {
        dataOffset = 0;
        dataLength = 0;
        int index = 0;
        while (index < source.Length && _state != State.Done)
        {
            if (_state == State.Data)
            {
                int length = (int)Math.Min(_chunkRemaining, source.Length - index);
                dataOffset = index;
                dataLength = length;
                _chunkRemaining -= length;
                if (_chunkRemaining == 0)
                {
                    _state = State.DataCarriageReturn;
                }

                consumed = index + length;
                return false;
            }

            if (_state == State.Extension)
            {
                index = SkipExtension(source, index);
                continue;
            }

            Step(source[index]);
            index++;
        }

        consumed = index;
        return _state == State.Done;
    }
}
