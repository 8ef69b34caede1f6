namespace Gantry.Master.Stats;

/// <summary>What a stats server answers.</summary>
public enum StatsServerRole
{
    /// <summary>--stats: the JSON document at once, nothing read (uwsgitop, netcat).</summary>
    PlainStats,

    /// <summary>--stats --stats-http: HTTP; /metrics, /healthz, /readyz, and the JSON document for any other path.</summary>
    HttpStats,

    /// <summary>--metrics (Gantry-only): HTTP; /metrics (and /), /healthz, /readyz.</summary>
    Metrics,
}
