using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>
/// Running many instances together: emperor and vassals, zerg mode, subscriptions, legions and the master FIFO
/// (core/emperor.c, core/zerg.c, core/subscription.c, core/legion.c, core/fifo.c).
/// </summary>
internal static class ClusteringRows
{
    private const string NoEmperorFeature =
        "this emperor feature is not implemented (Gantry's emperor watches directories and globs of ini vassals; see docs/emperor.md)";
    private const string NoZergForSos =
        "uWSGI's emperor answers a vassal's call for help only by starting broodlord zergs, and Gantry has no zerg mode";
    private const string NoSubscriptions = "subscriptions and legions are not implemented; configure the proxy statically";
    private const string NoZerg = "zerg mode is not implemented; raise --processes instead";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Clustering;
        t.Supported("emperor *", Text, "run the emperor: one vassal (a gantry of that ini file) per .ini file of this directory or glob",
            (o, v) => o.Emperor.Monitors.Add(v.Text));
        t.Supported("emperor-freq", Integer, "seconds between scans of the vassal directories",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { Frequency = v.Int32 }, defaultValue: "3", minimum: 1, maximum: 3600);
        t.Supported("emperor-throttle", Integer, "milliseconds added to the respawn delay of a vassal that dies before it is loyal",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { Throttle = v.Int32 }, defaultValue: "1000", maximum: int.MaxValue / 1000);
        t.Supported("emperor-max-throttle", Integer, "largest respawn delay of a bad-behaving vassal, in milliseconds",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { MaxThrottle = v.Int32 }, defaultValue: "180000", maximum: int.MaxValue / 1000);
        t.Supported("emperor-curse-tolerance", Integer, "seconds a stopping or silent vassal may take to die before SIGKILL",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { CurseTolerance = v.Int32 }, defaultValue: "30", maximum: int.MaxValue);
        t.Supported("emperor-required-heartbeat", Integer, "seconds of silence after which a vassal that sends heartbeats is killed and respawned",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { RequiredHeartbeat = v.Int32 }, defaultValue: "30", maximum: int.MaxValue);
        t.Supported("emperor-tyrant", Flag, "run each vassal as the owner of its file (emperor running as root); root-owned files are refused",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { Tyrant = v.Flag }, defaultValue: "false");
        t.Supported("emperor-tyrant-nofollow", Flag, "tyrant mode takes the owner of a symlink, not of its target",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { TyrantNoFollow = v.Flag }, defaultValue: "false");
        t.Supported("emperor-nofollow", Flag, "do not follow symlinks when checking mtimes",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { NoFollow = v.Flag }, defaultValue: "false");
        t.Supported("emperor-stats emperor-stats-server", Address, "stats server of the emperor (uWSGI's emperor JSON, as uwsgitop reads it)",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { StatsAddress = v.Text });
        t.Supported("emperor-no-blacklist", Flag, "never throttle vassals that die before they are loyal",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { NoBlacklist = v.Flag }, defaultValue: "false");
        t.Supported("emperor-graceful-shutdown", Flag, "stop vassals gracefully (they finish their requests)",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { GracefulShutdown = v.Flag }, defaultValue: "false");
        t.Supported("emperor-extra-extension emperor-extra-ext *", Text, "more file-name endings taken as vassals (read as ini files)",
            (o, v) => o.Emperor.ExtraExtensions.Add(v.Text));
        t.Supported("emperor-wrapper", Text, "program run as each vassal instead of gantry itself (e.g. /usr/bin/uwsgi)",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { Wrapper = v.Text });
        t.Supported("emperor-pidfile", Text, "write the emperor's pid to this file",
            (o, v) => o.Emperor.Scalars = o.Emperor.Scalars with { PidFile = o.ResolvePath(v.Text) });
        t.Supported("vassals-inherit *", Text, "ini file added to every vassal after its own (--inherit)",
            (o, v) => o.Emperor.Inherit.Add(v.Text));
        t.Supported("vassals-include *", Text, "ini file included in every vassal after its own (--include)",
            (o, v) => o.Emperor.Include.Add(v.Text));
        t.Supported("vassals-inherit-before *", Text, "ini file added to every vassal before its own (--inherit)",
            (o, v) => o.Emperor.InheritBefore.Add(v.Text));
        t.Supported("vassals-include-before *", Text, "ini file included in every vassal before its own (--include)",
            (o, v) => o.Emperor.IncludeBefore.Add(v.Text));
        t.Supported("vassals-set vassal-set *", KeyValue, "option set in every vassal (--set key=value)",
            (o, v) => o.Emperor.Set.Add(v.Text));
        t.Supported("heartbeat", Integer, "as a vassal, send a heartbeat to the emperor every N seconds",
            (o, v) => o.Heartbeat = v.Int32, defaultValue: "0", maximum: int.MaxValue);
        t.Ignored(NoZergForSos,
            ("vassal-sos", Integer, "ask the emperor for help after N seconds of overload"),
            ("vassal-sos-backlog", Integer, "ask the emperor for help when the backlog exceeds N"));
        t.Ignored("Gantry sets no process titles",
            ("emperor-procname", Text, "process title of the emperor"));
        t.Rejected(NoEmperorFeature,
            ("early-emperor", Flag, "start the emperor before anything else"),
            ("emperor-proxy-socket", Text, "make this vassal a proxy of the emperor"),
            ("emperor-wrapper-override *", Text, "binary tried first to start vassals"),
            ("emperor-wrapper-fallback *", Text, "binary tried last to start vassals"),
            ("emperor-tyrant-initgroups", Flag, "load supplementary groups in tyrant mode"),
            ("emperor-trigger-socket", Text, "socket that triggers vassal events"),
            ("emperor-command-socket", Text, "socket accepting emperor commands"),
            ("emperor-wait-for-command", Flag, "start vassals only on command"),
            ("emperor-wait-for-command-ignore *", Text, "vassal that starts without a command"),
            ("emperor-broodlord", Integer, "allow N extra vassals in broodlord mode"),
            ("emperor-magic-exec", Flag, "run executable config files and read their output"),
            ("emperor-on-demand-extension emperor-on-demand-ext", Text, "start vassals on demand through this socket file extension"),
            ("emperor-on-demand-directory emperor-on-demand-dir", Text, "start vassals on demand through sockets in this directory"),
            ("emperor-on-demand-exec", Text, "command returning the on-demand socket of a vassal"),
            ("emperor-use-fork-server", Text, "start vassals through a fork server"),
            ("vassal-fork-base *", Text, "make this vassal a fork server"),
            ("emperor-subreaper", Flag, "make the emperor a subreaper"),
            ("emperor-cap vassals-cap vassal-cap", Text, "capabilities given to vassals"),
            ("emperor-collect-attribute emperor-collect-attr *", Text, "read this attribute from vassal configs"),
            ("emperor-fork-server-attr", Text, "attribute naming a vassal's fork server"),
            ("emperor-wrapper-attr", Text, "attribute naming a vassal's wrapper"),
            ("emperor-chdir-attr", Text, "attribute naming a vassal's directory"),
            ("vassals-start-hook", Text, "command run when a vassal starts"),
            ("vassals-stop-hook", Text, "command run when a vassal stops"),
            ("zeus", Text, "run the zeus process manager"));
        t.Rejected(NoZerg,
            ("zerg *", Text, "take sockets from a zerg server"),
            ("zerg-fallback", Flag, "bind own sockets when the zerg server is missing"),
            ("zerg-server", Text, "give this instance's sockets to zergs"));
        t.Rejected(NoSubscriptions,
            ("subscribe-to st subscribe *", Text, "subscribe to a router: server:key"),
            ("subscribe2 *", Text, "subscribe to a router, key=value syntax"),
            ("subscribe-freq", Integer, "seconds between subscriptions"),
            ("subscription-tolerance", Integer, "seconds a subscription stays valid"),
            ("subscription-tolerance-inactive", Integer, "seconds an inactive subscription stays"),
            ("unsubscribe-on-graceful-reload", Flag, "unsubscribe during a graceful reload"),
            ("start-unsubscribed", Flag, "start without subscribing"),
            ("subscription-clear-on-shutdown", Flag, "unsubscribe on shutdown"),
            ("subscribe-with-modifier1", Text, "modifier1 sent with subscriptions"),
            ("subscription-notify-socket", Text, "socket notified of subscriptions"),
            ("subscription-mountpoints subscription-mountpoint", Integer, "how mount points appear in subscription keys"),
            ("subscription-vassal-required", Flag, "require a vassal for subscriptions"),
            ("subscriptions-sign-check", Text, "check subscription signatures: algo:dir"),
            ("subscriptions-sign-check-tolerance", Integer, "seconds of clock skew allowed in signatures"),
            ("subscriptions-sign-skip-uid *", Text, "uid whose subscriptions are not checked"),
            ("subscriptions-credentials-check *", Text, "directory of credentials for subscriptions"),
            ("subscriptions-use-credentials", Flag, "check subscription credentials"),
            ("subscription-algo", Text, "load-balancing algorithm for subscribers"),
            ("subscription-dotsplit", Flag, "match subscription keys by domain parts"),
            ("legion *", Text, "join a legion: name address weight algo:secret"),
            ("legion-mcast *", Text, "join a legion through multicast"),
            ("legion-node *", Text, "add a node to a legion"),
            ("legion-freq", Integer, "seconds between legion packets"),
            ("legion-tolerance", Integer, "seconds of silence before a node is dead"),
            ("legion-death-on-lord-error", Integer, "leave the legion after N seconds of lord errors"),
            ("legion-skew-tolerance", Integer, "seconds of clock skew allowed in a legion"),
            ("legion-lord *", Text, "action run when this node becomes lord"),
            ("legion-unlord *", Text, "action run when this node stops being lord"),
            ("legion-setup *", Text, "action run when the legion is set up"),
            ("legion-death *", Text, "action run when the legion dies"),
            ("legion-join *", Text, "action run when this node joins"),
            ("legion-node-joined *", Text, "action run when a node joins"),
            ("legion-node-left *", Text, "action run when a node leaves"),
            ("legion-quorum *", Text, "quorum of a legion"),
            ("legion-scroll *", Text, "scroll of a legion"),
            ("legion-scroll-max-size", Integer, "largest legion scroll"),
            ("legion-scroll-list-max-size", Bytes, "largest list of legion scrolls"),
            ("weight", Integer, "weight of this instance in subscriptions"),
            ("auto-weight", Flag, "compute the subscription weight automatically"));
        t.Supported("master-fifo *", Text, "read one-letter commands (r R c w W q Q s) from this FIFO; the first one is active",
            (o, v) => o.MasterFifos.Add(v.Text));
        t.Ignored("Gantry has no UDP or multicast listener",
            ("udp", Address, "listen for UDP messages (logs, SNMP) on this address"),
            ("multicast", Text, "join this multicast group"),
            ("multicast-ttl", Integer, "TTL of multicast packets"),
            ("multicast-loop", Integer, "loop multicast packets back"));
        t.Ignored("Gantry does not notify a supervisor over a socket yet; it prints a readiness line",
            ("notify-socket", Text, "send status notifications to this datagram socket"));
    }
}
