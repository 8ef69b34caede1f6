using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Gantry.FunctionalTests.Support;

/// <summary>
/// A request body of unknown length, so HttpClient sends it with Transfer-Encoding: chunked (RFC 9112 §7.1), written
/// in small pieces; frameworks that insist on CONTENT_LENGTH (Django) rely on the server having buffered it.
/// </summary>
internal sealed class ChunkedContent : HttpContent
{
    private const int PieceSize = 7;
    private readonly byte[] _bytes;

    /// <summary>A UTF-8 body of type <paramref name="mediaType"/>.</summary>
    public ChunkedContent(string text, string mediaType)
    {
        _bytes = Encoding.UTF8.GetBytes(text);
        Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
    }

    /// <inheritdoc/>
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < _bytes.Length; offset += PieceSize)
        {
            await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(PieceSize, _bytes.Length - offset)));
            await stream.FlushAsync();
        }
    }

    /// <inheritdoc/>
    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
