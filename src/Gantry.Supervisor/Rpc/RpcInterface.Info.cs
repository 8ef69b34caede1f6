using System.Globalization;
using Gantry.Supervisor.Configuration;
using Gantry.Supervisor.Processes;

namespace Gantry.Supervisor.Rpc;

/// <summary>State and configuration queries (getState, getProcessInfo, getAllProcessInfo, getAllConfigInfo).</summary>
internal sealed partial class RpcInterface
{
    private Dictionary<string, object?> GetState() => new()
    {
        ["statecode"] = (int)Runtime.Mood,
        ["statename"] = Runtime.Mood.ToString().ToUpperInvariant(),
    };

    private Dictionary<string, object?> GetProcessInfo(string namespec)
    {
        var (_, process) = Find(namespec);
        return process is null ? throw new RpcFault(Faults.BadName, namespec) : Info(process);
    }

    private List<object?> GetAllProcessInfo() => [.. AllProcesses(lexical: true).Select(item => (object?)Info(item.Process))];

    private Dictionary<string, object?> Info(SupervisedProcess process)
    {
        var start = (int)process.LastStart;
        var stop = (int)process.LastStop;
        var now = (int)Runtime.Now;
        return new Dictionary<string, object?>
        {
            ["name"] = process.Config.Name,
            ["group"] = process.Group,
            ["start"] = start,
            ["stop"] = stop,
            ["now"] = now,
            ["state"] = (int)process.State,
            ["statename"] = ProcessStates.Name(process.State),
            ["spawnerr"] = process.SpawnError,
            ["exitstatus"] = process.ExitStatus ?? 0,
            ["logfile"] = process.Config.Stdout.Path ?? "",
            ["stdout_logfile"] = process.Config.Stdout.Path ?? "",
            ["stderr_logfile"] = process.Config.Stderr.Path ?? "",
            ["pid"] = process.Pid,
            ["description"] = Describe(process, start, stop, now),
        };
    }

    /// <summary>rpcinterface._interpretProcessInfo: "pid 123, uptime 0:00:05", the stop time, or the spawn error.</summary>
    internal static string Describe(SupervisedProcess process, int start, int stop, int now)
    {
        switch (process.State)
        {
            case ProcessState.Running:
                return $"pid {process.Pid}, uptime {Uptime(Math.Max(0, now - start))}";
            case ProcessState.Fatal or ProcessState.Backoff:
                return process.SpawnError.Length > 0 ? process.SpawnError : $"unknown error (try \"tail {process.Config.Name}\")";
            case ProcessState.Stopped or ProcessState.Exited:
                if (start == 0)
                {
                    return "Not started";
                }
                return DateTimeOffset.FromUnixTimeSeconds(stop).ToLocalTime().ToString("MMM dd hh:mm tt", CultureInfo.InvariantCulture);
            default:
                return "";
        }
    }

    /// <summary>Python's str(timedelta): "0:00:05", "1 day, 2:03:04", "3 days, 0:00:00".</summary>
    internal static string Uptime(int seconds)
    {
        var days = seconds / 86400;
        var rest = seconds % 86400;
        var clock = $"{rest / 3600}:{rest % 3600 / 60:00}:{rest % 60:00}";
        return days == 0 ? clock : $"{days} day{(days == 1 ? "" : "s")}, {clock}";
    }

    private List<object?> GetAllConfigInfo()
    {
        var info = new List<Dictionary<string, object?>>();
        foreach (var group in supervisor.Available.Groups)
        {
            var inUse = supervisor.FindGroup(group.Name) is not null;
            foreach (var process in group.Processes)
            {
                info.Add(new Dictionary<string, object?>
                {
                    ["autostart"] = process.Autostart,
                    ["directory"] = process.Directory ?? "none",
                    ["uid"] = process.User ?? "none",
                    ["command"] = process.Command,
                    ["exitcodes"] = process.ExitCodes.Select(code => (object?)code).ToList(),
                    ["group"] = group.Name,
                    ["group_prio"] = group.Priority,
                    ["inuse"] = inUse,
                    ["killasgroup"] = process.KillAsGroup,
                    ["name"] = process.Name,
                    ["process_prio"] = process.Priority,
                    ["redirect_stderr"] = process.RedirectStderr,
                    ["startretries"] = process.StartRetries,
                    ["startsecs"] = process.StartSeconds,
                    ["stdout_capture_maxbytes"] = (int)process.Stdout.CaptureMaxBytes,
                    ["stdout_events_enabled"] = process.Stdout.EventsEnabled,
                    ["stdout_logfile"] = LogName(process.Stdout),
                    ["stdout_logfile_backups"] = process.Stdout.Backups,
                    ["stdout_logfile_maxbytes"] = (int)Math.Min(int.MaxValue, process.Stdout.MaxBytes),
                    ["stdout_syslog"] = process.Stdout.Syslog,
                    ["stopsignal"] = process.StopSignal,
                    ["stopwaitsecs"] = process.StopWaitSeconds,
                    ["stderr_capture_maxbytes"] = (int)process.Stderr.CaptureMaxBytes,
                    ["stderr_events_enabled"] = process.Stderr.EventsEnabled,
                    ["stderr_logfile"] = LogName(process.Stderr),
                    ["stderr_logfile_backups"] = process.Stderr.Backups,
                    ["stderr_logfile_maxbytes"] = (int)Math.Min(int.MaxValue, process.Stderr.MaxBytes),
                    ["stderr_syslog"] = process.Stderr.Syslog,
                    ["serverurl"] = process.ServerUrl ?? "auto",
                });
            }
        }
        return [.. info.OrderBy(item => (string)item["name"]!, StringComparer.Ordinal).Select(item => (object?)item)];
    }

    private static string LogName(ChannelLogConfig channel) => channel.Automatic ? "auto" : channel.Path ?? "none";
}
