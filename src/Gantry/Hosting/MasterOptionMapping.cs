using Gantry.Configuration;
using Gantry.Master;
using Gantry.Master.Stats;
using Gantry.Server.Listeners;

namespace Gantry.Hosting;

/// <summary>From the uWSGI-shaped configuration to the master's options (next to <see cref="OptionMapping"/>, which maps the rest).</summary>
internal static class MasterOptionMapping
{
    public static MasterOptions ToMaster(GantryOptions options, IReadOnlyList<Listener> listeners) => new()
    {
        Workers = options.Processes,
        Threads = options.Threads,
        Cheaper = options.Cheaper,
        CheaperInitial = options.CheaperInitial,
        CheaperStep = options.CheaperStep,
        CheaperOverload = options.CheaperOverload,
        CheaperRssLimitSoft = options.CheaperRssLimitSoft,
        CheaperRssLimitHard = options.CheaperRssLimitHard,
        Harakiri = options.Harakiri,
        HarakiriVerbose = options.HarakiriVerbose,
        MinWorkerLifetime = options.MinWorkerLifetime,
        MaxWorkerLifetime = options.MaxWorkerLifetime,
        EvilReloadOnRssBytes = options.EvilReloadOnRss,
        WorkerReloadMercy = options.WorkerReloadMercy,
        ReloadMercy = options.ReloadMercy,
        DieOnTerm = options.DieOnTerm,
        MasterFifos = options.MasterFifos,
        TouchReload = options.TouchReload,
        TouchChainReload = options.TouchChainReload,
        TouchWorkersReload = options.TouchWorkersReload,
        ListenerUrls = string.Join(' ', listeners.Select(l => l.Url)),
        ListenBacklog = options.Listen,
        Stats = options.Stats is not null || options.Metrics is not null
            ? new StatsSettings
            {
                Address = options.Stats,
                MetricsAddress = options.Metrics,
                Http = options.StatsHttp,
                Minified = options.StatsMinified,
                NoCores = options.StatsNoCores,
                TimeoutSeconds = options.SocketTimeout,
                Version = CommandLine.Version,
                Mountpoints = options.Mounts.Count == 0 ? [""] : [.. options.Mounts.Select(mount => mount.Key)],
            }
            : null,
    };
}
