using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>Master, workers and threads, their lifetimes and reloads (uWSGI core/uwsgi.c, core/master.c).</summary>
internal static class ProcessRows
{
    private const string HarakiriExtras = "Gantry's harakiri sends SIGKILL once; the graceful variants and queue threshold are not implemented";
    private const string Recycling = "this recycling rule is not implemented; Gantry supports max-requests, min/max-worker-lifetime, reload-on-rss and evil-reload-on-rss";
    private const string CheapMode = "cheap/idle mode (no workers until the first request, or after idling) is not implemented; use cheaper = 1 to keep one worker running";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Processes;
        t.Supported("master -M", Flag, "run a master process that starts, watches and restarts the workers",
            (o, v) => o.Master = v.Flag, defaultValue: "false");
        t.Supported("processes workers -p", Integer, "number of worker processes",
            (o, v) => o.Processes = v.Int32, defaultValue: "1", minimum: 1, maximum: 4096, maximumReason: "more workers than that is a typo");
        t.Supported("threads", Integer, "threads per worker (more than 1 also enables Python threads)",
            (o, v) => o.Threads = v.Int32, defaultValue: "1", minimum: 1, maximum: 4096, maximumReason: "more threads than that is a typo");
        t.Supported("enable-threads -T", Flag, "let the application start its own Python threads",
            (o, v) => o.EnableThreads = v.Flag, defaultValue: "false");
        t.Supported("die-on-term", Flag, "shut down on SIGTERM instead of reloading; Gantry drains first: workers stop accepting and finish their requests (at most reload-mercy)", (o, v) => o.DieOnTerm = v.Flag, defaultValue: "false");
        t.Supported("harakiri -t", Integer, "seconds a request may run before its worker is killed (0: never)",
            (o, v) => o.Harakiri = v.Int32, defaultValue: "0", maximum: int.MaxValue);
        t.Supported("harakiri-verbose", Flag, "log the killed worker's current syscall and wait channel",
            (o, v) => o.HarakiriVerbose = v.Flag, defaultValue: "false");
        t.Supported("max-requests -R", Integer, "recycle a worker after this many requests (0: never)",
            (o, v) => o.MaxRequests = v.Number, defaultValue: "0");
        t.Supported("min-worker-lifetime", Integer, "seconds a worker runs before max-requests or reload-on-rss may recycle it",
            (o, v) => o.MinWorkerLifetime = v.Int32, defaultValue: "10", maximum: int.MaxValue);
        t.Supported("max-worker-lifetime", Integer, "recycle a worker after this many seconds (0: never)",
            (o, v) => o.MaxWorkerLifetime = v.Int32, defaultValue: "0", maximum: int.MaxValue);
        t.Supported("reload-on-rss", Megabytes, "recycle a worker whose resident memory exceeds N MB after a request",
            (o, v) => o.ReloadOnRss = v.Number, defaultValue: "0");
        t.Supported("evil-reload-on-rss", Megabytes, "let the master kill a worker whose resident memory exceeds N MB",
            (o, v) => o.EvilReloadOnRss = v.Number, defaultValue: "0");
        t.Supported("worker-reload-mercy", Integer, "seconds a worker asked to stop gets before it is killed",
            (o, v) => o.WorkerReloadMercy = v.Int32, defaultValue: "60", maximum: int.MaxValue);
        t.Supported("reload-mercy", Integer, "seconds workers get during a reload or shutdown before they are killed",
            (o, v) => { o.ReloadMercy = v.Int32; o.Emperor.Scalars = o.Emperor.Scalars with { ReloadMercy = v.Int32 }; }, defaultValue: "60", maximum: int.MaxValue);
        t.Supported("touch-reload *", Text, "reload gracefully when this file's mtime changes",
            (o, v) => o.TouchReload.Add(v.Text));
        t.Supported("touch-workers-reload *", Text, "reload the workers when this file's mtime changes",
            (o, v) => o.TouchWorkersReload.Add(v.Text));
        t.Supported("touch-chain-reload *", Text, "reload the workers one by one when this file's mtime changes",
            (o, v) => o.TouchChainReload.Add(v.Text));

        t.Ignored(HarakiriExtras,
            ("harakiri-graceful-timeout", Integer, "seconds between the graceful signal and SIGKILL"),
            ("harakiri-graceful-signal", Integer, "signal sent before the SIGKILL"),
            ("harakiri-queue-threshold", Integer, "only kill when the listen queue is longer than this"),
            ("harakiri-no-arh no-harakiri-arh no-harakiri-after-req-hook", Flag, "no harakiri during after-request hooks"),
            ("backtrace-depth", Integer, "frames shown in backtraces"));
        t.Ignored(Recycling,
            ("max-requests-delta", Integer, "add a per-worker offset to max-requests"),
            ("max-worker-lifetime-delta", Integer, "add a per-worker offset to max-worker-lifetime"),
            ("reload-on-as", Megabytes, "restart a worker whose address space exceeds N MB"),
            ("reload-on-uss", Megabytes, "restart a worker whose unique memory exceeds N MB"),
            ("reload-on-pss", Megabytes, "restart a worker whose proportional memory exceeds N MB"),
            ("evil-reload-on-as", Megabytes, "let the master kill a worker whose address space exceeds N MB"),
            ("mem-collector-freq", Integer, "how often the memory collector runs"),
            ("reload-on-exception", Flag, "restart a worker after an unhandled exception"),
            ("reload-on-exception-type *", Text, "restart a worker after an exception of this type"),
            ("reload-on-exception-value *", Text, "restart a worker after an exception with this value"),
            ("reload-on-exception-repr *", Text, "restart a worker after an exception with this repr"));
        t.Ignored("Gantry has no mules and always waits for application threads",
            ("mule-reload-mercy", Integer, "seconds a mule gets to finish before it is killed"),
            ("no-threads-wait", Flag, "do not wait for threads on shutdown"),
            ("exit-on-reload", Flag, "exit instead of reloading"));
        t.Ignored("Gantry does not change process titles",
            ("auto-procname", Flag, "give processes readable titles"),
            ("procname-prefix", Text, "prefix of process titles"),
            ("procname-prefix-spaced", Text, "prefix of process titles, followed by a space"),
            ("procname-append", Text, "suffix of process titles"),
            ("procname", Text, "title of the processes"),
            ("procname-master", Text, "title of the master"));
        t.Ignored("Gantry's workers already exit when their parent dies",
            ("no-orphans", Flag, "workers exit when the master dies"));
        t.Ignored("Gantry decides itself when to exit; that policy is not configurable yet",
            ("die-on-no-workers", Flag, "exit when every worker has died"));
        t.Ignored("Gantry's event loop accepts without a cross-process lock",
            ("thunder-lock", Flag, "serialize accept() across workers"),
            ("thunder-lock-watchdog", Flag, "watch the accept lock for broken robust mutexes"));
        t.Ignored("the kernel reaps Gantry's children; there is nothing to configure",
            ("reaper -r", Flag, "reap zombie processes from the master"),
            ("forkbomb-delay", Integer, "sleep when too many processes are respawned"));
        t.Ignored("Gantry sets thread stacks itself",
            ("thread-stacksize threads-stacksize thread-stack-size threads-stack-size", Integer, "stack size of worker threads in KB"));
        t.Supported("cheaper", Integer, "cheaper mode: keep at least this many workers running and start more, up to processes, under load (0: off)",
            (o, v) => o.Cheaper = v.Int32, defaultValue: "0", maximum: 4095, maximumReason: "it must be lower than processes");
        t.Supported("cheaper-initial", Integer, "workers started at boot in cheaper mode (between cheaper and processes; default: cheaper)",
            (o, v) => o.CheaperInitial = v.Int32, defaultValue: "0", maximum: 4096, maximumReason: "it must not exceed processes");
        t.Supported("cheaper-algo", Text, "algorithm deciding how many workers run: spare (uWSGI's default, the only one gantry has)",
            (o, v) => o.CheaperAlgo = v.Text, defaultValue: "spare");
        t.Supported("cheaper-step", Integer, "most workers started at once when all are busy",
            (o, v) => o.CheaperStep = v.Int32, defaultValue: "1", maximum: 4096, maximumReason: "more than processes is a typo");
        t.Supported("cheaper-overload", Integer, "seconds with every worker busy before more start; also the pace of stopping idle ones",
            (o, v) => o.CheaperOverload = v.Int32, defaultValue: "3", minimum: 1, maximum: int.MaxValue);
        t.Ignored("only the spare2 and busyness algorithms read it; spare (gantry's only algorithm) paces by cheaper-overload",
            ("cheaper-idle", Integer, "seconds of idle workers before some are stopped"));
        t.Supported("cheaper-rss-limit-soft", Bytes, "cheaper mode starts no more workers while the running ones use this many resident bytes in total",
            (o, v) => o.CheaperRssLimitSoft = v.Number, defaultValue: "0");
        t.Supported("cheaper-rss-limit-hard", Bytes, "cheaper mode stops one idle worker a second while the running ones use this many resident bytes (needs the soft limit)",
            (o, v) => o.CheaperRssLimitHard = v.Number, defaultValue: "0");
        t.Rejected(CheapMode,
            ("cheap", Flag, "start workers only on the first request"),
            ("idle", Integer, "put the instance to sleep after N idle seconds"),
            ("die-on-idle", Flag, "exit instead of sleeping when idle"));
        t.Supported("daemonize -d", Text,
            "detach into the background (new session, stdin /dev/null, umask 0 as uWSGI) and log to this file; the command returns 0 at once",
            (o, v) => o.Daemonize = v.Text);
        t.Supported("daemonize2", Text,
            "daemonize, but the command waits until the daemon serves and fails with its exit code if it stops before",
            (o, v) => o.Daemonize2 = v.Text);
        t.Rejected("Gantry's workers do not fork from a loaded master",
            ("lazy", Flag, "lazy-apps, with SIGHUP reloading only the workers"),
            ("refork re-fork", Flag, "fork the master again after setup"),
            ("refork-as-root re-fork-as-root", Flag, "refork while still root"),
            ("refork-post-jail re-fork-post-jail", Flag, "refork after jailing"),
            ("fork-socket", Text, "wait for fork requests on this socket"),
            ("fork-server", Text, "serve fork requests on this socket"),
            ("worker-exec", Text, "run this command as the worker"),
            ("worker-exec2", Text, "run this command as the worker, after the hooks"));
        t.Rejected("only touch-reload, touch-workers-reload and touch-chain-reload are implemented",
            ("touch-mules-reload *", Text, "reload the mules when this file's mtime changes"),
            ("touch-spoolers-reload *", Text, "reload the spoolers when this file's mtime changes"),
            ("touch-exec *", Text, "run a command when a file's mtime changes: file command"),
            ("touch-signal *", Text, "raise a uWSGI signal when a file's mtime changes"),
            ("fs-reload *", Text, "reload gracefully when a file system object changes"),
            ("fs-brutal-reload *", Text, "reload brutally when a file system object changes"),
            ("fs-signal *", Text, "raise a uWSGI signal when a file system object changes"),
            ("reload-on-fd *", Text, "reload when a file descriptor becomes readable"),
            ("brutal-reload-on-fd *", Text, "reload brutally when a file descriptor becomes readable"),
            ("propagate-touch", Flag, "send touch events to the children"));
        t.Rejected("CPU pinning and scheduling priorities are not supported; use taskset or nice",
            ("cpu-affinity", Integer, "pin each worker to N CPUs"),
            ("prio", Integer, "scheduling priority of the processes"));
        t.Rejected("async cores and alternative loops are not supported; use --threads",
            ("async", Integer, "run N async cores per worker"),
            ("loop", Text, "event loop engine of the workers"),
            ("disable-async-warn-on-queue-full", Flag, "no warning when the async queue is full"),
            ("gevent", Integer, "gevent loop with N async cores"),
            ("gevent-monkey-patch", Flag, "monkey-patch the standard library for gevent"),
            ("gevent-early-monkey-patch", Flag, "monkey-patch for gevent before the app loads"),
            ("gevent-wait-for-hub", Flag, "wait for the gevent hub to exit on shutdown"),
            ("greenlet", Flag, "greenlet suspend engine"),
            ("ugreen", Flag, "uGreen suspend engine"),
            ("ugreen-stacksize", Integer, "stack size of uGreen cores in pages"),
            ("asyncio", Integer, "asyncio loop with N async cores"),
            ("tornado", Integer, "tornado loop with N async cores"));
    }
}
