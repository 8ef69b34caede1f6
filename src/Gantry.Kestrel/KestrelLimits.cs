using Gantry.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gantry.Kestrel;

/// <summary>
/// Kestrel's limits, set explicitly from Gantry's options instead of relying on Kestrel's defaults, so an operator reads
/// them in one place: uWSGI's buffer-size bounds the head, limit-post the body, http-timeout keep-alive, and HTTP/2's
/// defences (RFC 9113 §10.5: stream count, HPACK table, header list, frame size, flow-control windows) are fixed here.
/// </summary>
internal static class KestrelLimits
{
    /// <summary>Concurrent streams a client may open on one HTTP/2 connection (SETTINGS_MAX_CONCURRENT_STREAMS).</summary>
    public const int Http2Streams = 100;

    public static void Apply(KestrelServerLimits limits, ServerOptions server)
    {
        limits.MaxRequestBodySize = server.LimitPost > 0 ? server.LimitPost : null;
        limits.MaxRequestHeadersTotalSize = Math.Max(server.BufferSize, 8192);
        limits.MaxRequestLineSize = Math.Max(server.BufferSize, 8192);
        limits.MaxRequestHeaderCount = 100;
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(Math.Max(1, server.KeepAliveTimeoutSeconds));
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(Math.Max(1, server.RequestHeadTimeoutSeconds));
        limits.MaxConcurrentConnections = server.MaxConnections > 0 ? server.MaxConnections : null;
        limits.Http2.MaxStreamsPerConnection = Http2Streams;
        // HPACK bombs: the dynamic table a client may make us keep, and the decoded header list per request.
        limits.Http2.HeaderTableSize = 4096;
        limits.Http2.MaxRequestHeaderFieldSize = Math.Max(server.BufferSize, 8192);
        limits.Http2.MaxFrameSize = 16 * 1024;
        limits.Http2.InitialConnectionWindowSize = 1024 * 1024;
        limits.Http2.InitialStreamWindowSize = 768 * 1024;
        limits.Http2.KeepAlivePingDelay = TimeSpan.MaxValue;
    }
}
