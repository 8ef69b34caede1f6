using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>Stats server, metrics and alarms (uWSGI core/uwsgi.c, core/master_utils.c, core/metrics.c).</summary>
internal static class MonitoringRows
{
    private const string Metrics = "uWSGI metrics are not implemented; use the stats server";
    private const string Alarms = "alarms are not implemented; watch the log with your monitoring system";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Monitoring;
        t.Supported("stats stats-server", Address, "serve JSON stats (as uwsgitop reads them) on this address",
            (o, v) =>
            {
                // uWSGI marks stats UWSGI_OPT_MASTER: the master serves them, so asking for stats turns the master on.
                o.Stats = v.Text;
                o.Master = true;
            });
        t.Supported("stats-http", Flag, "wrap the stats in an HTTP response",
            (o, v) => o.StatsHttp = v.Flag, defaultValue: "false");
        t.Supported("metrics", Address,
            "serve Prometheus metrics (/metrics) and health probes (/healthz, /readyz) over HTTP on this address (':port' is loopback); turns the master on",
            (o, v) =>
            {
                o.Metrics = v.Text;
                o.Master = true;
            },
            gantryOnly: true);
        t.Supported("stats-minified stats-min", Flag, "send the stats without indentation",
            (o, v) => o.StatsMinified = v.Flag, defaultValue: "false");
        t.Supported("stats-no-cores", Flag, "leave per-core stats out",
            (o, v) => o.StatsNoCores = v.Flag, defaultValue: "false");

        t.Ignored("Gantry's stats document never carries uWSGI metrics",
            ("stats-no-metrics", Flag, "leave metrics out of the stats"));
        t.Ignored("per-request memory reports are not implemented; the stats server reports each worker's rss",
            ("memory-report -m ?", Integer, "log and report memory use after each request"));
        t.Ignored(Metrics,
            ("enable-metrics", Flag, "collect metrics"),
            ("metric *", Text, "define a metric"),
            ("metric-threshold metric-alarm alarm-metric *", Text, "raise an alarm when a metric crosses a value"),
            ("metrics-dir metric-dir", Text, "write metrics as files in this directory"),
            ("metrics-dir-restore metric-dir-restore", Flag, "read metric values back from their files"),
            ("metrics-no-cores", Flag, "no per-core metrics"),
            ("stats-push *", Text, "push stats to a collector"),
            ("stats-pusher-default-freq stats-pushers-default-freq", Integer, "seconds between stats pushes"),
            ("carbon *", Text, "push stats to a carbon server"),
            ("snmp ?", Text, "serve SNMP on this address"),
            ("snmp-community", Text, "SNMP community string"));
        t.Ignored(Alarms,
            ("alarm *", Text, "define an alarm: name action"),
            ("alarm-cheap", Flag, "raise alarms from a thread of the master"),
            ("alarm-freq", Integer, "seconds between two runs of the same alarm"),
            ("alarm-fd *", Text, "raise an alarm when a file descriptor is readable"),
            ("alarm-segfault segfault-alarm *", Text, "raise an alarm on a segfault"),
            ("alarm-backlog backlog-alarm lq-alarm alarm-lq alarm-listen-queue listen-queue-alarm *", Text, "raise an alarm when the listen queue is full"),
            ("log-alarm alarm-log *", Text, "raise an alarm when a log line matches a regexp"),
            ("not-log-alarm not-alarm-log *", Text, "do not raise an alarm for log lines matching a regexp"),
            ("alarm-msg-size", Bytes, "largest alarm message"));
    }
}
