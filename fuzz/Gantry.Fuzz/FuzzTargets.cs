using Gantry.Fuzz.Targets;

namespace Gantry.Fuzz;

/// <summary>Every fuzz target, by name (fuzz/run.sh, the CI smoke and the corpus replay tests list them from here).</summary>
public static class FuzzTargets
{
    // The parsers allocate nothing per byte; the harness keeps a transcript. 16 MiB per input stops only a runaway.
    private const long ProtocolAllocationLimit = 16L << 20;

    // The configuration reader builds strings, lists and the options object: 64 MiB stops only a runaway.
    private const long ConfigurationAllocationLimit = 64L << 20;

    /// <summary>All targets, in the order the CI smoke runs them.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("http-head", "HTTP/1.1 request heads, then Content-Length or chunked bodies and pipelined requests, as the HTTP front reads them",
            HttpTargets.Head, ProtocolAllocationLimit),
        new("http-chunked", "a chunked request body alone, through HttpChunkedDecoder", HttpTargets.Chunked, ProtocolAllocationLimit),
        new("uwsgi", "a uwsgi request packet (header and vars block), as the uwsgi front reads it", UwsgiTarget.Run, ProtocolAllocationLimit),
        new("fastcgi-records", "FastCGI records through FastCgiRequestReader, as the FastCGI front hands them over",
            FastCgiTargets.Records, ProtocolAllocationLimit),
        new("fastcgi-params", "a PARAMS stream of name-value pairs, split across records, against the whole-buffer reader",
            FastCgiTargets.Params, ProtocolAllocationLimit),
        new("cgi-response", "a CGI script's output head (RFC 3875 §6) or NPH status line and fields, as CgiExchange parses it",
            CgiTarget.Run, ProtocolAllocationLimit),
        new("websocket-frames", "client WebSocket frames: headers, unmasking, text UTF-8 and close payloads, as the HTTP front reads them",
            WebSocketTargets.Frames, ProtocolAllocationLimit),
        new("websocket-utf8", "the incremental UTF-8 validator, in pieces, against the runtime's validator",
            WebSocketTargets.Utf8, ProtocolAllocationLimit),
        new("config-ini", "an ini file read through ConfigurationLoader.Load(--ini FILE)", ConfigurationTargets.Ini, ConfigurationAllocationLimit),
        new("config-cli", "command-line arguments (NUL-separated) read through ConfigurationLoader.Load", ConfigurationTargets.CommandLine,
            ConfigurationAllocationLimit),
    ];

    /// <summary>The target of that name, or null.</summary>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(target => target.Name == name);
}
