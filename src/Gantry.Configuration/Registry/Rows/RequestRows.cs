using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>Request buffers, limits and timeouts (uWSGI core/uwsgi.c).</summary>
internal static class RequestRows
{
    private const string OwnLoop = "Gantry's event loop manages its sockets and buffers itself";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Requests;
        t.Supported("buffer-size -b", Bytes, "largest request header block or uwsgi packet, in bytes (Gantry's default is larger than uWSGI's 4096)",
            (o, v) => o.BufferSize = v.Int32, defaultValue: "65535", minimum: 1, maximum: 65535,
            maximumReason: "the uwsgi packet header's 16-bit size");
        t.Supported("post-buffering", Bytes, "spool request bodies larger than this many bytes to a temporary file (0: Gantry's 1 MiB)",
            (o, v) => o.PostBuffering = v.Number, defaultValue: "0");
        t.Supported("limit-post", Bytes, "largest request body accepted, in bytes (0: unlimited)",
            (o, v) => o.LimitPost = v.Number, defaultValue: "0");
        t.Supported("socket-timeout -z", Integer, "seconds a socket read or write may stall",
            (o, v) => o.SocketTimeout = v.Int32, defaultValue: "4", minimum: 1, maximum: int.MaxValue);
        t.Supported("http-headers-timeout request-head-timeout", Integer,
            "seconds a whole request head (HTTP head, uwsgi packet, FastCGI PARAMS) may take to arrive, however it trickles; HTTP clients then get 408",
            (o, v) => o.RequestHeadTimeout = v.Int32, defaultValue: "30", minimum: 1, maximum: int.MaxValue);
        t.Supported("min-body-rate", Integer,
            "slowest average request body accepted, in bytes per second, judged after 5 s (0: none); slower clients get 408 (HTTP) or are closed",
            (o, v) => o.MinBodyRate = v.Int32, defaultValue: "240", minimum: 0, maximum: int.MaxValue, gantryOnly: true);
        t.Supported("max-connections", Integer,
            "most connections one process holds at once; beyond it new clients wait in the listen backlog (0: only the open-file limit)",
            (o, v) => o.MaxConnections = v.Int32, defaultValue: "0", minimum: 0, maximum: int.MaxValue, gantryOnly: true);
        t.Supported("max-fd", Integer,
            "set the open-file limit (soft and hard) at start-up, before binding; workers inherit it (raising the hard limit needs root)",
            (o, v) => o.MaxFd = v.Int32, defaultValue: "0", minimum: 0, maximum: int.MaxValue);
        t.Supported("no-defer-accept", Flag,
            "turn off TCP_DEFER_ACCEPT on TCP sockets (on by default: accept once the first bytes arrived)",
            (o, v) => o.NoDeferAccept = v.Flag, defaultValue: "false");

        t.Ignored(OwnLoop,
            ("post-buffering-bufsize", Bytes, "chunk size used while spooling a request body"),
            ("body-read-warning", Megabytes, "warn when the application reads more than N MB of body into memory"),
            ("max-vars -v", Integer, "number of request variables a worker can hold"),
            ("no-fd-passing", Flag, "do not pass descriptors between processes"),
            ("so-keepalive", Flag, "turn on TCP keepalive"),
            ("tcp-nodelay", Flag, "turn off Nagle's algorithm on accepted sockets"),
            ("so-send-timeout socket-send-timeout so-write-timeout socket-write-timeout", Integer, "kernel send timeout of sockets"),
            ("socket-sndbuf", Bytes, "kernel send buffer size"),
            ("socket-rcvbuf", Bytes, "kernel receive buffer size"),
            ("tcp-fast-open tcp-fastopen", Integer, "queue length of TCP fast open"),
            ("tcp-fast-open-client tcp-fastopen-client", Flag, "use TCP fast open for outgoing connections"),
            ("freebind", Flag, "bind addresses not yet configured on the host"),
            ("abstract-socket -a", Flag, "create unix sockets in the abstract namespace"),
            ("chunked-input-limit", Bytes, "largest chunk of a chunked request body"),
            ("chunked-input-timeout", Integer, "seconds to wait for a chunk of a chunked request body"),
            ("response-headers-limit", Integer, "maximum number of response headers"));
        t.Ignored("Gantry reports write errors once, quietly",
            ("ignore-sigpipe", Flag, "do not log SIGPIPE"),
            ("ignore-write-errors", Flag, "do not log failed writes"),
            ("write-errors-tolerance", Integer, "failed writes allowed before the request is dropped"),
            ("write-errors-exception-only", Flag, "only raise an exception on failed writes"),
            ("disable-write-exception", Flag, "do not raise an exception on failed writes"));
        t.Rejected("socket options that change what the server accepts are not supported yet",
            ("reuse-port", Flag, "bind with SO_REUSEPORT"),
            ("enable-proxy-protocol", Flag, "read the client address from a PROXY protocol header"),
            ("map-socket *", Text, "serve a socket from some workers only: index:worker,worker"),
            ("shared-socket *", Address, "open a socket before privileges are dropped, for later use"),
            ("undeferred-shared-socket *", Address, "shared-socket, opened immediately"),
            ("upload-progress", Text, "write upload progress files to this directory"));
        t.Ignored("Gantry picks who answers by path (static files, then the cgi mountpoints, then the Python app), not by modifier",
            ("http-socket-modifier1", Integer, "modifier1 given to requests of HTTP sockets"),
            ("http-socket-modifier2", Integer, "modifier2 given to requests of HTTP sockets"),
            ("https-socket-modifier1", Integer, "modifier1 given to requests of HTTPS sockets"),
            ("https-socket-modifier2", Integer, "modifier2 given to requests of HTTPS sockets"),
            ("fastcgi-modifier1", Integer, "modifier1 given to requests of FastCGI sockets"),
            ("fastcgi-modifier2", Integer, "modifier2 given to requests of FastCGI sockets"));
        t.Rejected("modifiers are fixed by protocol in Gantry (a Python request is modifier1 0); remapping them is not supported",
            ("scgi-modifier1", Integer, "modifier1 given to requests of SCGI sockets"),
            ("scgi-modifier2", Integer, "modifier2 given to requests of SCGI sockets"),
            ("raw-modifier1", Integer, "modifier1 given to requests of raw sockets"),
            ("raw-modifier2", Integer, "modifier2 given to requests of raw sockets"),
            ("allowed-modifiers", Text, "modifiers a request may use"),
            ("remap-modifier", Text, "translate one modifier into another: from:to"),
            ("http-path-info-no-decode-slashes", Flag, "keep %2F encoded in PATH_INFO"));
    }
}
