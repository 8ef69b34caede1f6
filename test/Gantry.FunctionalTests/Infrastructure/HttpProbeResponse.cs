using System.Text;

namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>One complete HTTP/1.x response as <see cref="HttpProbe"/> read it off the wire.</summary>
public sealed class HttpProbeResponse
{
    /// <summary>The protocol version of the status line, e.g. "HTTP/1.1".</summary>
    public required string Version { get; init; }

    /// <summary>The status code.</summary>
    public required int StatusCode { get; init; }

    /// <summary>The reason phrase (may be empty).</summary>
    public required string ReasonPhrase { get; init; }

    /// <summary>The header fields in wire order, names as sent.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>Trailer fields after a chunked body, in wire order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Trailers { get; init; } = [];

    /// <summary>The status line and header fields exactly as received (Latin-1), up to and including the blank line.</summary>
    public required string Head { get; init; }

    /// <summary>The body, de-chunked.</summary>
    public required byte[] Body { get; init; }

    /// <summary>How the body was delimited.</summary>
    public required HttpBodyFraming Framing { get; init; }

    /// <summary>The sizes of the chunks of a chunked body, in order (without the last, empty one).</summary>
    public IReadOnlyList<int> ChunkSizes { get; init; } = [];

    /// <summary>Status codes of 1xx interim responses (e.g. 100 Continue) received before this one.</summary>
    public IReadOnlyList<int> InterimStatusCodes { get; init; } = [];

    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The first value of header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(field => string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Every value of header <paramref name="name"/> (case-insensitive), in wire order.</summary>
    public IReadOnlyList<string> HeaderValues(string name) =>
        Headers.Where(field => string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase)).Select(field => field.Value).ToArray();

    /// <summary>The status line, headers and body as text, for failure messages.</summary>
    public override string ToString() => Head + BodyText;
}
