namespace Gantry.Server.Connections;

/// <summary>Where a connection is in its request/response cycle (every front goes through the same phases).</summary>
internal enum ConnectionState
{
    /// <summary>Waiting for (more of) a request's start: HTTP head, uwsgi packet, FastCGI BEGIN/PARAMS; idle between requests.</summary>
    ReadingRequest,

    /// <summary>
    /// Receiving the body of a request whose variables are complete (or, on HTTP, dropping the rest of one whose
    /// response ended before it did).
    /// </summary>
    ReadingBody,

    /// <summary>
    /// The application is producing the response (paused while the peer catches up, or while the host waits); the
    /// body of a request streamed to its host is still being received meanwhile.
    /// </summary>
    Responding,

    /// <summary>The last response is being flushed; the connection closes afterwards.</summary>
    Closing,

    /// <summary>
    /// After a refusal: our side is shut down for writing and what the peer still sends is read and dropped, so the
    /// kernel does not answer it with a reset that could destroy the refusal before the peer read it (RFC 9112 §9.6).
    /// </summary>
    Lingering,
}
