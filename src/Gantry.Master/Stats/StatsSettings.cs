namespace Gantry.Master.Stats;

/// <summary>The stats and metrics servers' settings (uWSGI's stats, stats-http, stats-minified, stats-no-cores; Gantry's metrics).</summary>
public sealed record StatsSettings
{
    /// <summary>
    /// Where the stats server listens: host:port (":port" is loopback), a unix path, or "@name" (abstract); null = none.
    /// uWSGI <c>stats</c>.
    /// </summary>
    public string? Address { get; init; }

    /// <summary>Where the Prometheus metrics server listens (same forms); null = none. Gantry <c>metrics</c>.</summary>
    public string? MetricsAddress { get; init; }

    /// <summary>Read an HTTP request and answer with an HTTP/1.0 response. uWSGI <c>stats-http</c>.</summary>
    public bool Http { get; init; }

    /// <summary>No indentation. uWSGI <c>stats-minified</c>.</summary>
    public bool Minified { get; init; }

    /// <summary>No per-core lists. uWSGI <c>stats-no-cores</c>.</summary>
    public bool NoCores { get; init; }

    /// <summary>Seconds a stats client may take to send its request and read the answer (socket-timeout).</summary>
    public int TimeoutSeconds { get; init; } = 4;

    /// <summary>The document's "version".</summary>
    public string Version { get; init; } = "";

    /// <summary>The mountpoints of the applications each worker serves ("" for a single app).</summary>
    public IReadOnlyList<string> Mountpoints { get; init; } = [""];
}
