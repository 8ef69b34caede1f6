using System.Globalization;
using System.Text;

namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>Reading one response: status line, fields, then the body as RFC 9112 §6.3 delimits it.</summary>
public sealed partial class HttpProbe
{
    private const int SwitchingProtocols = 101;

    /// <summary>
    /// Reads the next complete response, skipping (and recording) 1xx interim responses other than 101.
    /// </summary>
    /// <param name="requestMethod">The method of the request it answers: a response to HEAD has no body.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="TimeoutException">Incomplete after <see cref="ReadTimeout"/>; the message shows what arrived.</exception>
    /// <exception cref="EndOfStreamException">The server closed the connection in the middle of a response.</exception>
    /// <exception cref="InvalidDataException">The response is malformed.</exception>
    public async Task<HttpProbeResponse> ReadResponseAsync(string requestMethod = "GET", CancellationToken cancellationToken = default)
    {
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            var interim = new List<int>();
            while (true)
            {
                var response = await ReadOneAsync(requestMethod, interim, timeout.Token);
                if (response is not null)
                {
                    return response;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut("a complete response");
        }
    }

    /// <summary>Reads one response; null for a 1xx interim one (recorded in <paramref name="interim"/>).</summary>
    private async Task<HttpProbeResponse?> ReadOneAsync(string requestMethod, List<int> interim, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var statusLine = await ReadLineAsync(head, "a status line", cancellationToken);

        // status-line = HTTP-version SP status-code SP [ reason-phrase ]   (RFC 9112 §4)
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || parts[1].Length != 3
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidDataException($"malformed status line \"{Escape(statusLine)}\"");
        }

        var headers = await ReadFieldsAsync(head, cancellationToken);
        if (status is >= 100 and < 200 && status != SwitchingProtocols)
        {
            interim.Add(status);
            return null;
        }

        var framing = FramingOf(requestMethod, status, headers, out var contentLength);
        var chunkSizes = new List<int>();
        IReadOnlyList<KeyValuePair<string, string>> trailers = [];
        byte[] body;
        switch (framing)
        {
            case HttpBodyFraming.ContentLength:
                body = await ReadExactlyAsync(contentLength, cancellationToken);
                break;
            case HttpBodyFraming.Chunked:
                (body, trailers) = await ReadChunkedAsync(chunkSizes, cancellationToken);
                break;
            case HttpBodyFraming.CloseDelimited:
                while (await FillAsync(cancellationToken))
                {
                }

                body = Take(_end - _start);
                break;
            default:
                body = [];
                break;
        }

        return new HttpProbeResponse
        {
            Version = parts[0],
            StatusCode = status,
            ReasonPhrase = parts.Length > 2 ? parts[2] : "",
            Headers = headers,
            Trailers = trailers,
            Head = head.ToString(),
            Body = body,
            Framing = framing,
            ChunkSizes = chunkSizes,
            InterimStatusCodes = interim,
        };
    }

    private static HttpBodyFraming FramingOf(
        string requestMethod, int status, List<KeyValuePair<string, string>> headers, out int contentLength)
    {
        contentLength = 0;
        if (requestMethod == "HEAD" || status < 200 || status is 204 or 304)
        {
            return HttpBodyFraming.None;
        }

        var codings = Values(headers, "Transfer-Encoding").SelectMany(value => value.Split(',')).Select(v => v.Trim()).ToArray();
        if (codings.Length > 0)
        {
            return codings[^1].Equals("chunked", StringComparison.OrdinalIgnoreCase)
                ? HttpBodyFraming.Chunked
                : HttpBodyFraming.CloseDelimited;
        }

        var lengths = Values(headers, "Content-Length").SelectMany(value => value.Split(',')).Select(v => v.Trim()).Distinct().ToArray();
        if (lengths.Length == 0)
        {
            return HttpBodyFraming.CloseDelimited;
        }

        if (lengths.Length > 1 || !int.TryParse(lengths[0], NumberStyles.None, CultureInfo.InvariantCulture, out contentLength))
        {
            throw new InvalidDataException($"invalid Content-Length: {string.Join(", ", lengths)}");
        }
        if (contentLength > MaxBodyBytes)
        {
            throw new InvalidDataException($"Content-Length {contentLength} is over the probe's {MaxBodyBytes}-byte limit for bodies");
        }

        return HttpBodyFraming.ContentLength;
    }

    private static IEnumerable<string> Values(List<KeyValuePair<string, string>> fields, string name) =>
        fields.Where(field => field.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(field => field.Value);

    /// <summary>field-line = field-name ":" OWS field-value OWS, up to the empty line (RFC 9112 §5).</summary>
    private async Task<List<KeyValuePair<string, string>>> ReadFieldsAsync(StringBuilder raw, CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var line = await ReadLineAsync(raw, "a header field", cancellationToken);
            if (line.Length == 0)
            {
                return fields;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t' || line[colon - 1] is ' ' or '\t')
            {
                throw new InvalidDataException($"malformed header field \"{Escape(line)}\"");
            }

            fields.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }
    }

    /// <summary>chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF; last-chunk; trailer-section; CRLF (RFC 9112 §7.1).</summary>
    private async Task<(byte[] Body, List<KeyValuePair<string, string>> Trailers)> ReadChunkedAsync(
        List<int> chunkSizes, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        var ignored = new StringBuilder();
        while (true)
        {
            var sizeLine = await ReadLineAsync(ignored, "a chunk size", cancellationToken);
            var sizeText = sizeLine.Split(';', 2)[0].Trim(' ', '\t');
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new InvalidDataException($"malformed chunk size line \"{Escape(sizeLine)}\"");
            }
            if (body.Length + size > MaxBodyBytes)
            {
                throw new InvalidDataException($"chunked body over the probe's {MaxBodyBytes}-byte limit for bodies");
            }

            if (size == 0)
            {
                return (body.ToArray(), await ReadFieldsAsync(ignored, cancellationToken));
            }

            chunkSizes.Add(size);
            body.Write(await ReadExactlyAsync(size, cancellationToken));
            if ((await ReadLineAsync(ignored, "the CRLF after a chunk", cancellationToken)).Length != 0)
            {
                throw new InvalidDataException($"chunk of {size} bytes is not followed by CRLF");
            }
        }
    }

    /// <summary>Reads a line ending in LF (a preceding CR is dropped), appending it raw to <paramref name="raw"/>.</summary>
    private async Task<string> ReadLineAsync(StringBuilder raw, string what, CancellationToken cancellationToken)
    {
        // Bytes after _start already searched: the buffer may move them when it fills, their offset stays.
        var searched = 0;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start + searched, _end - _start - searched);
            if (newline >= 0)
            {
                var line = Encoding.Latin1.GetString(_buffer, _start, newline - _start);
                raw.Append(line).Append('\n');
                _start = newline + 1;
                return line.EndsWith('\r') ? line[..^1] : line;
            }

            if (_end - _start > MaxHeadBytes)
            {
                throw new InvalidDataException($"no line end within {MaxHeadBytes} bytes while reading {what}");
            }

            searched = _end - _start;
            if (!await FillAsync(cancellationToken))
            {
                var pending = Encoding.Latin1.GetString(_buffer, _start, _end - _start);
                throw new EndOfStreamException(
                    $"the server closed the connection while the probe waited for {what}; unconsumed bytes: \"{Escape(pending)}\"");
            }
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        while (_end - _start < count)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException($"the server closed the connection {_end - _start} bytes into a body of {count}");
            }
        }

        return Take(count);
    }
}
