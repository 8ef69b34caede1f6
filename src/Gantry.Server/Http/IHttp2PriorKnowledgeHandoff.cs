using Gantry.Server.Listeners;

namespace Gantry.Server.Http;

/// <summary>
/// Takes over a plain HTTP connection whose client opened with the HTTP/2 connection preface (h2c with prior
/// knowledge, RFC 9113 §3.3), which the loop's HTTP/1.1 front does not speak: Gantry's <c>--http2</c> hands it to
/// Kestrel's HTTP/2. Set in <see cref="ServerOptions.Http2Handoff"/>; null keeps such a client refused (400).
/// </summary>
public interface IHttp2PriorKnowledgeHandoff
{
    /// <summary>
    /// Owns <paramref name="fd"/> from now on (already out of the loop's epoll); <paramref name="received"/> are the
    /// bytes the loop read from it (the preface and what followed), to be served first. Called on the loop thread:
    /// must not block.
    /// </summary>
    void Adopt(int fd, byte[] received, Listener listener);
}
