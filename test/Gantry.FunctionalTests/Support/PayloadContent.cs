using System.Net;

namespace Gantry.FunctionalTests.Support;

/// <summary>
/// An HttpClient request body that streams <see cref="Payload"/> as it is sent: with a Content-Length, or chunked
/// (Transfer-Encoding: chunked, RFC 9112 §7.1) when <c>chunked</c> is true.
/// </summary>
internal sealed class PayloadContent(long length, bool chunked) : HttpContent
{
    /// <inheritdoc/>
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => Payload.WriteAsync(stream, length);

    /// <inheritdoc/>
    protected override bool TryComputeLength(out long length1)
    {
        length1 = length;
        return !chunked;
    }
}
