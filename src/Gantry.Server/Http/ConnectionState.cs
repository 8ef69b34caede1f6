namespace Gantry.Server.Http;

/// <summary>Where an HTTP connection is in its request/response cycle.</summary>
internal enum ConnectionState
{
    /// <summary>Waiting for (more of) a request head; idle between keep-alive requests.</summary>
    ReadingHead,

    /// <summary>Receiving the body of a parsed request.</summary>
    ReadingBody,

    /// <summary>The application is producing the response (paused while the client catches up).</summary>
    Responding,

    /// <summary>The last response is being flushed; the connection closes afterwards.</summary>
    Closing,
}
