namespace Gantry.Protocols.Http;

public partial struct HttpChunkedDecoder
{
    private const int HexBits = 4;

    // One framing byte. Framing is a few bytes per chunk, so a byte at a time is cheap; data and
    // extensions are skipped in bulk by the callers.
    private void Step(byte b)
    {
        switch (_state)
        {
            case State.Size:
                StepSize(b);
                break;
            case State.SizeWhitespace:
                // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ): whitespace must lead to ';'.
                if (b == HttpSyntax.Semicolon)
                {
                    _state = State.Extension;
                }
                else if (b is not (HttpSyntax.Space or HttpSyntax.HorizontalTab))
                {
                    Reject(b, HttpRejectionReason.InvalidChunkExtension);
                }

                CountExtension(1);
                break;
            case State.SizeLineFeed:
                ExpectLineFeed(b);
                _state = _chunkRemaining == 0 ? State.TrailerLineStart : State.Data;
                _sizeDigits = 0;
                _extensionLength = 0;
                break;
            case State.DataCarriageReturn:
                if (b != HttpSyntax.CarriageReturn)
                {
                    HttpRequestRejectedException.Throw(HttpRejectionReason.MissingChunkDataTerminator);
                }

                _state = State.DataLineFeed;
                break;
            case State.DataLineFeed:
                if (b != HttpSyntax.LineFeed)
                {
                    HttpRequestRejectedException.Throw(HttpRejectionReason.MissingChunkDataTerminator);
                }

                _state = State.Size;
                break;
            default:
                StepTrailer(b);
                break;
        }
    }

    private void StepSize(byte b)
    {
        int digit = HttpSyntax.HexValue(b);
        if (digit >= 0)
        {
            if (++_sizeDigits > MaxChunkSizeDigits || _chunkRemaining > long.MaxValue >> HexBits)
            {
                HttpRequestRejectedException.Throw(HttpRejectionReason.ChunkSizeOverflow);
            }

            _chunkRemaining = (_chunkRemaining << HexBits) | (long)digit;
            return;
        }

        if (_sizeDigits == 0)
        {
            Reject(b, HttpRejectionReason.InvalidChunkSize);
        }

        _state = b switch
        {
            HttpSyntax.CarriageReturn => State.SizeLineFeed,
            HttpSyntax.Semicolon => State.Extension,
            HttpSyntax.Space or HttpSyntax.HorizontalTab => State.SizeWhitespace,
            _ => Reject(b, HttpRejectionReason.InvalidChunkSize),
        };
        if (_state != State.SizeLineFeed)
        {
            CountExtension(1);
        }
    }

    // Extensions are not used by anything Gantry serves (RFC 9112 §7.1.1 lets a recipient ignore them): they
    // are checked for control bytes, counted against the limit and dropped.
    private int SkipExtension(ReadOnlySpan<byte> source, int index)
    {
        var rest = source[index..];
        int stop = rest.IndexOfAny(HttpSyntax.InvalidValueCharacters);
        int length = stop < 0 ? rest.Length : stop;
        CountExtension(length);
        if (stop < 0)
        {
            return source.Length;
        }

        if (rest[stop] != HttpSyntax.CarriageReturn)
        {
            Reject(rest[stop], HttpRejectionReason.InvalidChunkExtension);
        }

        _state = State.SizeLineFeed;
        return index + stop + 1;
    }

    // trailer-section = *( field-line CRLF ) CRLF; fields are validated like header fields, then dropped.
    private void StepTrailer(byte b)
    {
        if (++_trailerLength > MaxTrailerSectionLength)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.TrailerSectionTooLarge);
        }

        switch (_state)
        {
            case State.TrailerLineStart:
                _state = b == HttpSyntax.CarriageReturn ? State.FinalLineFeed
                    : b is HttpSyntax.Space or HttpSyntax.HorizontalTab ? Reject(b, HttpRejectionReason.ObsoleteLineFolding)
                    : HttpSyntax.TokenCharacters.Contains(b) ? State.TrailerName
                    : Reject(b, HttpRejectionReason.InvalidTrailerField);
                break;
            case State.TrailerName:
                if (b == HttpSyntax.Colon)
                {
                    _state = State.TrailerValue;
                }
                else if (!HttpSyntax.TokenCharacters.Contains(b))
                {
                    Reject(b, HttpRejectionReason.InvalidTrailerField);
                }

                break;
            case State.TrailerValue:
                if (b == HttpSyntax.CarriageReturn)
                {
                    _state = State.TrailerLineFeed;
                }
                else if (HttpSyntax.InvalidValueCharacters.Contains(b))
                {
                    Reject(b, HttpRejectionReason.InvalidTrailerField);
                }

                break;
            case State.TrailerLineFeed:
                ExpectLineFeed(b);
                _state = State.TrailerLineStart;
                break;
            case State.FinalLineFeed:
                ExpectLineFeed(b);
                _state = State.Done;
                break;
        }
    }

    private void CountExtension(int length)
    {
        _extensionLength += length;
        if (_extensionLength > MaxChunkExtensionLength)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.ChunkExtensionTooLong);
        }
    }

    private static void ExpectLineFeed(byte b)
    {
        if (b != HttpSyntax.LineFeed)
        {
            HttpRequestRejectedException.Throw(HttpRejectionReason.BareCarriageReturn);
        }
    }

    // A bare LF where a CR was due gets its own reason, as in the head parser.
    private static State Reject(byte b, HttpRejectionReason reason)
    {
        HttpRequestRejectedException.Throw(b == HttpSyntax.LineFeed ? HttpRejectionReason.BareLineFeed : reason);
        return default;
    }
}
