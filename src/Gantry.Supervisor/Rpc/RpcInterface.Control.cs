using Gantry.Supervisor.Processes;

namespace Gantry.Supervisor.Rpc;

/// <summary>start, stop and signal for one process, a group or all (rpcinterface.py, with make_allfunc).</summary>
internal sealed partial class RpcInterface
{
    private object? StartProcess(string namespec, bool wait)
    {
        var (group, process) = Find(namespec);
        if (process is null)
        {
            return StartProcessGroup(group.Config.Name, wait);
        }
        var command = CommandResolver.Resolve(process.Config.Command, Environment.GetEnvironmentVariable("PATH") ?? "/bin:/usr/bin");
        if (command.Error is { } error)
        {
            throw new RpcFault(error.StartsWith("can't find", StringComparison.Ordinal) ? Faults.NoFile : Faults.NotExecutable, error);
        }
        if (ProcessStates.IsRunning(process.State))
        {
            throw new RpcFault(Faults.AlreadyStarted, namespec);
        }
        if (process.State == ProcessState.Unknown)
        {
            throw new RpcFault(Faults.Failed, $"{namespec} is in an unknown process state");
        }
        process.Spawn();
        if (process.SpawnError.Length > 0)
        {
            throw new RpcFault(Faults.SpawnError, namespec);
        }
        process.Transition();
        if (wait && process.State != ProcessState.Running)
        {
            return new Deferred(() =>
            {
                if (process.SpawnError.Length > 0 && process.State != ProcessState.Starting)
                {
                    throw new RpcFault(Faults.SpawnError, namespec);
                }
                return process.State switch
                {
                    ProcessState.Running => true,
                    ProcessState.Starting => Deferred.NotDoneYet,
                    _ => throw new RpcFault(Faults.AbnormalTermination, namespec),
                };
            });
        }
        return true;
    }

    private object? StartProcessGroup(string name, bool wait)
    {
        var group = supervisor.FindGroup(name) ?? throw new RpcFault(Faults.BadName, name);
        return AllFunc(group.Processes.Select(process => (group, process)), process => !ProcessStates.IsRunning(process.State), namespec => StartProcess(namespec, wait));
    }

    private object? StartAll(bool wait) =>
        AllFunc(AllProcesses(lexical: false), process => !ProcessStates.IsRunning(process.State), namespec => StartProcess(namespec, wait));

    private object? StopProcess(string namespec, bool wait)
    {
        var (group, process) = Find(namespec);
        if (process is null)
        {
            return StopProcessGroup(group.Config.Name, wait);
        }
        if (!ProcessStates.IsRunning(process.State))
        {
            throw new RpcFault(Faults.NotRunning, namespec);
        }
        if (process.Stop() is { } message)
        {
            throw new RpcFault(Faults.Failed, message);
        }
        if (wait && !ProcessStates.IsStopped(process.State))
        {
            return new Deferred(() =>
            {
                process.StopReport();
                return ProcessStates.IsStopped(process.State) ? true : Deferred.NotDoneYet;
            });
        }
        return true;
    }

    private object? StopProcessGroup(string name, bool wait)
    {
        var group = supervisor.FindGroup(name) ?? throw new RpcFault(Faults.BadName, name);
        // Priority order, as supervisord's stopProcessGroup (only a shutdown's stop_all reverses it).
        var members = group.Processes.Select(process => (group, process));
        return AllFunc(members, process => ProcessStates.IsRunning(process.State), namespec => StopProcess(namespec, wait));
    }

    private object? StopAll(bool wait) =>
        AllFunc(AllProcesses(lexical: false), process => ProcessStates.IsRunning(process.State), namespec => StopProcess(namespec, wait));

    private object? SignalProcess(string namespec, string signal)
    {
        var (group, process) = Find(namespec);
        if (process is null)
        {
            return SignalProcessGroup(group.Config.Name, signal);
        }
        if (!SignalNames.TryParse(signal, out var number))
        {
            throw new RpcFault(Faults.BadSignal, signal);
        }
        if (!ProcessStates.IsSignallable(process.State))
        {
            throw new RpcFault(Faults.NotRunning, namespec);
        }
        if (process.Signal(number) is { } message)
        {
            throw new RpcFault(Faults.Failed, message);
        }
        return true;
    }

    private object? SignalProcessGroup(string name, string signal)
    {
        var group = supervisor.FindGroup(name) ?? throw new RpcFault(Faults.BadName, name);
        return AllFunc(group.Processes.Select(process => (group, process)), process => ProcessStates.IsSignallable(process.State), namespec => SignalProcess(namespec, signal));
    }

    private object? SignalAll(string signal) =>
        AllFunc(AllProcesses(lexical: false), process => ProcessStates.IsSignallable(process.State), namespec => SignalProcess(namespec, signal));

    /// <summary>
    /// make_allfunc: the call for every process the predicate admits; an array of {name, group, status, description}
    /// once every deferred one finished (SUCCESS/"OK", or the fault's code and text).
    /// </summary>
    private static object? AllFunc(IEnumerable<(ProcessGroup Group, SupervisedProcess Process)> processes,
        Func<SupervisedProcess, bool> predicate, Func<string, object?> call)
    {
        var results = new List<object?>();
        var pending = new List<(ProcessGroup Group, SupervisedProcess Process, Deferred Deferred)>();
        foreach (var (group, process) in processes.ToList())
        {
            if (!predicate(process))
            {
                continue;
            }
            try
            {
                var result = call(process.Namespec);
                if (result is Deferred deferred)
                {
                    pending.Add((group, process, deferred));
                }
                else
                {
                    results.Add(Outcome(group, process, Faults.Success, "OK"));
                }
            }
            catch (RpcFault fault)
            {
                results.Add(Outcome(group, process, fault.Code, fault.Message));
            }
        }
        if (pending.Count == 0)
        {
            return results;
        }
        return new Deferred(() =>
        {
            foreach (var item in pending.ToList())
            {
                try
                {
                    if (item.Deferred.Poll() == Deferred.NotDoneYet)
                    {
                        continue;
                    }
                    results.Add(Outcome(item.Group, item.Process, Faults.Success, "OK"));
                }
                catch (RpcFault fault)
                {
                    results.Add(Outcome(item.Group, item.Process, fault.Code, fault.Message));
                }
                pending.Remove(item);
            }
            return pending.Count == 0 ? results : Deferred.NotDoneYet;
        });
    }

    private static Dictionary<string, object?> Outcome(ProcessGroup group, SupervisedProcess process, int status, string description) => new()
    {
        ["name"] = process.Config.Name,
        ["group"] = group.Config.Name,
        ["status"] = status,
        ["description"] = description,
    };
}
