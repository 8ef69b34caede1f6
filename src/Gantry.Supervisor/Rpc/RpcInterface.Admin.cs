using System.Text;
using Gantry.Supervisor.Configuration;
using Gantry.Supervisor.Processes;

namespace Gantry.Supervisor.Rpc;

/// <summary>The supervisor itself and its configuration: shutdown, restart, reloadConfig, groups, logs, stdin.</summary>
internal sealed partial class RpcInterface
{
    private bool SetMood(SupervisorMood mood)
    {
        Runtime.Mood = mood;
        return true;
    }

    private List<object?> ReloadConfig()
    {
        try
        {
            var (added, changed, removed) = supervisor.Reread();
            return [new List<object?> { Names(added), Names(changed), Names(removed) }];
        }
        catch (SupervisorConfigException exception)
        {
            throw new RpcFault(Faults.CantReread, exception.Message);
        }
    }

    private static List<object?> Names(List<string> names) => [.. names.Select(name => (object?)name)];

    private bool AddProcessGroup(string name)
    {
        var config = supervisor.Available.Groups.FirstOrDefault(group => group.Name == name) ?? throw new RpcFault(Faults.BadName, name);
        return supervisor.AddGroup(config) ? true : throw new RpcFault(Faults.AlreadyAdded, name);
    }

    private bool RemoveProcessGroup(string name)
    {
        if (supervisor.FindGroup(name) is null)
        {
            throw new RpcFault(Faults.BadName, name);
        }
        return supervisor.RemoveGroup(name) ? true : throw new RpcFault(Faults.StillRunning, name);
    }

    private string ReadMainLog(int offset, int length)
    {
        var path = Runtime.Config.Logfile;
        if (!File.Exists(path))
        {
            throw new RpcFault(Faults.NoFile, path);
        }
        return LogFiles.Read(path, offset, length);
    }

    private bool ClearMainLog()
    {
        if (supervisor.Log.File is not { } log || !File.Exists(log.Path))
        {
            throw new RpcFault(Faults.NoFile);
        }
        log.Clear();
        return true;
    }

    private string ReadProcessLog(string namespec, int offset, int length, string channel)
    {
        var (_, process) = Find(namespec);
        if (process is null)
        {
            throw new RpcFault(Faults.BadName, namespec);
        }
        var path = channel == "stdout" ? process.Config.Stdout.Path : process.Config.Stderr.Path;
        if (path is null || !File.Exists(path))
        {
            throw new RpcFault(Faults.NoFile, path ?? "None");
        }
        return LogFiles.Read(path, offset, length);
    }

    private List<object?> TailProcessLog(string namespec, int offset, int length, string channel)
    {
        var (_, process) = Find(namespec);
        if (process is null)
        {
            throw new RpcFault(Faults.BadName, namespec);
        }
        var path = channel == "stdout" ? process.Config.Stdout.Path : process.Config.Stderr.Path;
        if (path is null || !File.Exists(path))
        {
            return ["", 0, false];
        }
        return LogFiles.Tail(path, offset, length);
    }

    private bool ClearProcessLogs(string namespec)
    {
        var (_, process) = Find(namespec);
        if (process is null)
        {
            throw new RpcFault(Faults.BadName, namespec);
        }
        try
        {
            process.StdoutLog?.Clear();
            process.StderrLog?.Clear();
        }
        catch (IOException)
        {
            throw new RpcFault(Faults.Failed, namespec);
        }
        return true;
    }

    private List<object?> ClearAllProcessLogs()
    {
        var results = new List<object?>();
        foreach (var (group, process) in AllProcesses(lexical: false))
        {
            try
            {
                ClearProcessLogs(process.Namespec);
                results.Add(Outcome(group, process, Faults.Success, "OK"));
            }
            catch (RpcFault fault)
            {
                results.Add(Outcome(group, process, fault.Code, fault.Message));
            }
        }
        return results;
    }

    private bool SendProcessStdin(List<object?> parameters)
    {
        var namespec = Text(parameters, 0);
        var bytes = parameters[1] switch
        {
            string text => Encoding.UTF8.GetBytes(text),
            byte[] raw => raw,
            _ => throw new RpcFault(Faults.IncorrectParameters, parameters[1]?.ToString()),
        };
        var (_, process) = Find(namespec);
        if (process is null)
        {
            throw new RpcFault(Faults.BadName, namespec);
        }
        if (process.Pid == 0 || process.State == ProcessState.Stopping)
        {
            throw new RpcFault(Faults.NotRunning, namespec);
        }
        return process.WriteStdin(bytes) ? true : throw new RpcFault(Faults.NoFile, namespec);
    }

    private bool SendRemoteCommEvent(string type, string data)
    {
        Runtime.Events.RemoteCommunication(type, data);
        return true;
    }
}
