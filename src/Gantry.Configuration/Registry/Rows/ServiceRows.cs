using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>
/// Services uWSGI runs beside the application: caches, queues, spooler, mules, signals, cron, attached daemons
/// (core/cache.c, core/queue.c, core/spooler.c, core/mule.c, core/signal.c, core/cron.c, core/daemons.c).
/// The application calls most of them through the uwsgi module, so they are rejected rather than ignored.
/// </summary>
internal static class ServiceRows
{
    private const string NoCache = "the uWSGI cache is not implemented; use Redis or memcached from the application";
    private const string NoSpooler = "the spooler and mules are not implemented; use a task queue such as Celery or RQ";
    private const string NoSignals = "uWSGI signals, timers and cron are not implemented; use cron or systemd timers";
    private const string NoDaemons = "attached daemons are not implemented; run them under your supervisor";
    private const string NoLocks = "uWSGI's user locks are not implemented";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Services;
        t.Rejected(NoCache,
            ("cache2 *", Text, "create a named cache: name=...,items=..."),
            ("cache", Integer, "create the legacy cache with N items"),
            ("cache-blocksize", Bytes, "block size of the legacy cache"),
            ("cache-store", Text, "persist the legacy cache to this file"),
            ("cache-store-sync", Integer, "seconds between cache syncs to disk"),
            ("cache-no-expire", Flag, "never expire cache items"),
            ("cache-expire-freq", Integer, "seconds between cache expiry sweeps"),
            ("cache-report-freed-items", Flag, "log expired cache items"),
            ("cache-udp-server *", Address, "accept cache updates on this UDP address"),
            ("cache-udp-node *", Address, "send cache updates to this UDP address"),
            ("cache-sync", Text, "copy the cache from another instance at startup"),
            ("cache-use-last-modified", Flag, "send Last-Modified for cached items"),
            ("add-cache-item *", KeyValue, "put an item in the cache at startup: key=value"),
            ("load-file-in-cache *", Text, "put a file in the cache at startup"),
            ("load-file-in-cache-gzip *", Text, "put a gzipped file in the cache at startup"),
            ("queue", Integer, "create a shared queue of N items"),
            ("queue-blocksize", Integer, "block size of the shared queue"),
            ("queue-store", Text, "persist the queue to this file"),
            ("queue-store-sync", Integer, "seconds between queue syncs to disk"),
            ("sharedarea -A *", Text, "create a shared memory area"),
            ("rpc-max", Integer, "maximum number of RPC functions"));
        t.Rejected(NoSpooler,
            ("spooler -Q *", Text, "run a spooler on this directory"),
            ("spooler-external *", Text, "use a spooler directory managed by another instance"),
            ("spooler-ordered", Flag, "run spool files in name order"),
            ("spooler-chdir", Text, "directory the spooler changes into"),
            ("spooler-processes", Integer, "spooler processes per spool"),
            ("spooler-quiet", Flag, "do not log spooler tasks"),
            ("spooler-max-tasks", Integer, "restart a spooler after N tasks"),
            ("spooler-signal-as-task", Flag, "treat signals to the spooler as tasks"),
            ("spooler-harakiri", Integer, "harakiri timeout of spooler tasks"),
            ("spooler-frequency spooler-freq", Integer, "seconds between spool directory scans"),
            ("spooler-cheap", Flag, "start the spooler only when there is work"),
            ("mule *", Text, "add a mule process (optionally running a script)"),
            ("mules", Integer, "add N mule processes"),
            ("farm *", Text, "group mules into a farm: name:1,2"),
            ("mule-msg-size", Bytes, "largest message sent to a mule"),
            ("mule-msg-recv-size", Bytes, "receive buffer of mule messages"),
            ("mule-harakiri", Integer, "harakiri timeout of mule tasks"));
        t.Rejected(NoSignals,
            ("signal *", Text, "raise a uWSGI signal at startup"),
            ("signal-bufsize signals-bufsize", Bytes, "buffer size of the signal queue"),
            ("signal-timer timer *", Text, "raise a signal every N seconds: signum seconds"),
            ("signal-rbtimer rbtimer *", Text, "raise a signal every N seconds from a red-black tree timer"),
            ("cron *", Text, "run a command on a cron schedule"),
            ("cron2 *", Text, "run a command on a cron schedule (key=value syntax)"),
            ("unique-cron *", Text, "run a cron command unless the previous run is still going"),
            ("cron-harakiri", Integer, "kill cron commands after N seconds"),
            ("legion-cron cron-legion *", Text, "run a cron command on the legion lord only"),
            ("unique-legion-cron unique-cron-legion *", Text, "unique-cron on the legion lord only"));
        t.Rejected(NoDaemons,
            ("attach-daemon *", Text, "run a command under the master and restart it when it dies"),
            ("attach-control-daemon *", Text, "attach-daemon, stopping the instance when it dies"),
            ("smart-attach-daemon *", Text, "attach a daemon tracked through its pid file"),
            ("smart-attach-daemon2 *", Text, "smart-attach-daemon that does not daemonize itself"),
            ("legion-attach-daemon *", Text, "attach-daemon on the legion lord only"),
            ("legion-smart-attach-daemon *", Text, "smart-attach-daemon on the legion lord only"),
            ("legion-smart-attach-daemon2 *", Text, "smart-attach-daemon2 on the legion lord only"),
            ("attach-daemon2 *", KeyValue, "attach a daemon described with key=value pairs"),
            ("daemons-honour-stdin", Flag, "keep stdin for attached daemons"));
        t.Rejected(NoLocks,
            ("locks", Integer, "create N user locks"),
            ("lock-engine", Text, "lock implementation"),
            ("ftok", Text, "key file for SysV IPC"),
            ("persistent-ipcsem", Flag, "keep SysV semaphores after exit"),
            ("flock *", Text, "lock a file before starting"),
            ("flock-wait *", Text, "wait for a file lock before starting"),
            ("flock2 *", Text, "lock a file after loading the apps"),
            ("flock-wait2 *", Text, "wait for a file lock after loading the apps"));
        t.Supported("websockets-ping-freq websocket-ping-freq", Integer, "seconds between the server's pings on an open WebSocket (0: none; daphne's --ping-interval, uvicorn's --ws-ping-interval)",
            (o, v) => o.WebSocketPingFrequency = v.Int32, defaultValue: "30");
        t.Supported("websockets-pong-tolerance websocket-pong-tolerance", Integer, "seconds a client may take to answer a ping (a pong or any frame) before its WebSocket is closed with 1011 (daphne's --ping-timeout, uvicorn's --ws-ping-timeout)",
            (o, v) => o.WebSocketPongTolerance = v.Int32, defaultValue: "3", minimum: 1);
        t.Supported("websocket-timeout websockets-timeout", Integer, "seconds a WebSocket may stay open, counted from its upgrade request; then the server closes it with 1000 (daphne's --websocket_timeout; -1: for ever; gantry asgi defaults to daphne's 86400)",
            (o, v) => o.WebSocketTimeout = v.Int32, defaultValue: "-1", minimum: -1, gantryOnly: true);
        t.Supported("websocket-connect-timeout websockets-connect-timeout", Integer, "seconds the app has to accept or refuse a WebSocket after its upgrade request; then the handshake is refused with 403 and the app receives websocket.disconnect (daphne's --websocket_connect_timeout; -1: no bound; gantry asgi defaults to daphne's 5)",
            (o, v) => o.WebSocketConnectTimeout = v.Int32, defaultValue: "-1", minimum: -1, gantryOnly: true);
        t.Supported("websockets-max-size websocket-max-size", Integer, "largest WebSocket message (and frame) a client may send, in KB; a larger one closes the connection with 1009 (daphne's --websocket-max-message-size and uvicorn's --ws-max-size give bytes, rounded up to KB)",
            (o, v) => o.WebSocketMaxSize = v.Int32, defaultValue: "1024 (1 MiB, as uWSGI and daphne 4.2.2)", minimum: 1);
        t.Supported("websocket-per-message-deflate websockets-per-message-deflate", Flag, "negotiate permessage-deflate (RFC 7692) when a client offers it, as browsers do; --no-websocket-per-message-deflate (or = false) sends and accepts only plain frames (uvicorn's --ws-per-message-deflate)",
            (o, v) => o.WebSocketPerMessageDeflate = v.Flag, defaultValue: "true", gantryOnly: true);
    }
}
