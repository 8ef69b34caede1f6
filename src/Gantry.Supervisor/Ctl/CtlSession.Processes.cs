using Gantry.Supervisor.Rpc;

namespace Gantry.Supervisor.Ctl;

/// <summary>start, stop, signal, pid, clear, tail.</summary>
internal sealed partial class CtlSession
{
    private void Start(string[] names) => ForEach(names, "start", "supervisor.startAllProcesses", "supervisor.startProcess", "supervisor.startProcessGroup",
        StartResult, Faults.AlreadyStarted);

    private void Stop(string[] names) => ForEach(names, "stop", "supervisor.stopAllProcesses", "supervisor.stopProcess", "supervisor.stopProcessGroup",
        StopResult, Faults.NotRunning);

    private void ForEach(string[] names, string verb, string all, string one, string group, Func<string, int, string, string> describe, int ignored)
    {
        if (names.Length == 0)
        {
            Console.Out.WriteLine($"Error: {verb} requires a process name");
            _exit = Generic;
            CtlHelp.Print(verb);
            return;
        }
        if (names.Contains("all"))
        {
            foreach (var result in Structs(client.Call(all)))
            {
                var code = (int)result["status"]!;
                Console.Out.WriteLine(describe(Namespec(result), code, (string)result["description"]!));
                FromFault(code, ignored);
            }
            return;
        }
        foreach (var namespec in names)
        {
            var (groupName, processName) = Split(namespec);
            try
            {
                if (processName is null)
                {
                    foreach (var result in Structs(client.Call(group, groupName)))
                    {
                        var code = (int)result["status"]!;
                        Console.Out.WriteLine(describe(Namespec(result), code, (string)result["description"]!));
                        FromFault(code, ignored);
                    }
                }
                else
                {
                    client.Call(one, namespec);
                    Console.Out.WriteLine(describe(namespec, Faults.Success, "OK"));
                }
            }
            catch (RemoteFault fault)
            {
                if (fault.Code == Faults.BadName && processName is null)
                {
                    Console.Out.WriteLine($"{groupName}: ERROR (no such group)");
                    _exit = Generic;
                    continue;
                }
                Console.Out.WriteLine(describe(namespec, fault.Code, fault.Message));
                FromFault(fault.Code, ignored);
            }
        }
    }

    private static string StartResult(string name, int code, string description) => code switch
    {
        Faults.BadName => $"{name}: ERROR (no such process)",
        Faults.NoFile => $"{name}: ERROR (no such file)",
        Faults.NotExecutable => $"{name}: ERROR (file is not executable)",
        Faults.AlreadyStarted => $"{name}: ERROR (already started)",
        Faults.SpawnError => $"{name}: ERROR (spawn error)",
        Faults.AbnormalTermination => $"{name}: ERROR (abnormal termination)",
        Faults.Success => $"{name}: started",
        _ => $"{name}: ERROR ({description})",
    };

    private static string StopResult(string name, int code, string description) => code switch
    {
        Faults.BadName => $"{name}: ERROR (no such process)",
        Faults.NotRunning => $"{name}: ERROR (not running)",
        Faults.Success => $"{name}: stopped",
        _ => description,
    };

    private void Signal(string[] names)
    {
        if (names.Length < 2)
        {
            Console.Out.WriteLine("Error: signal requires a signal name and a process name");
            CtlHelp.Print("signal");
            _exit = Generic;
            return;
        }
        var signal = names[0];
        foreach (var namespec in names[1..])
        {
            try
            {
                if (namespec == "all" || Split(namespec).Name is null)
                {
                    var results = namespec == "all" ? client.Call("supervisor.signalAllProcesses", signal) : client.Call("supervisor.signalProcessGroup", Split(namespec).Group, signal);
                    foreach (var result in Structs(results))
                    {
                        var code = (int)result["status"]!;
                        Console.Out.WriteLine(SignalResult(Namespec(result), code, (string)result["description"]!));
                        FromFault(code);
                    }
                    continue;
                }
                client.Call("supervisor.signalProcess", namespec, signal);
                Console.Out.WriteLine($"{namespec}: signalled");
            }
            catch (RemoteFault fault)
            {
                Console.Out.WriteLine(SignalResult(namespec, fault.Code, fault.Message));
                FromFault(fault.Code);
            }
        }
    }

    private static string SignalResult(string name, int code, string description) => code switch
    {
        Faults.BadName => $"{name}: ERROR (no such process)",
        Faults.BadSignal => $"{name}: ERROR (bad signal name)",
        Faults.NotRunning => $"{name}: ERROR (not running)",
        Faults.Success => $"{name}: signalled",
        _ => description,
    };

    private void Pid(string[] names)
    {
        if (names.Length == 0)
        {
            Console.Out.WriteLine(client.Call("supervisor.getPID"));
            return;
        }
        if (names.Contains("all"))
        {
            foreach (var info in Structs(client.Call("supervisor.getAllProcessInfo")))
            {
                Console.Out.WriteLine(info["pid"]);
            }
            return;
        }
        foreach (var name in names)
        {
            try
            {
                var info = (Dictionary<string, object?>)client.Call("supervisor.getProcessInfo", name)!;
                var pid = (int)info["pid"]!;
                Console.Out.WriteLine(pid);
                if (pid == 0)
                {
                    _exit = NotRunning;
                }
            }
            catch (RemoteFault fault) when (fault.Code == Faults.BadName)
            {
                Console.Out.WriteLine($"No such process {name}");
                _exit = Generic;
            }
        }
    }

    private void Clear(string[] names)
    {
        if (names.Length == 0)
        {
            Console.Out.WriteLine("Error: clear requires a process name");
            _exit = Generic;
            CtlHelp.Print("clear");
            return;
        }
        foreach (var name in names.Contains("all") ? ["all"] : names)
        {
            if (name == "all")
            {
                foreach (var result in Structs(client.Call("supervisor.clearAllProcessLogs")))
                {
                    var ok = (int)result["status"]! == Faults.Success;
                    Console.Out.WriteLine(ok ? $"{Namespec(result)}: cleared" : $"{Namespec(result)}: ERROR ({result["description"]})");
                    _exit = ok ? _exit : Generic;
                }
                continue;
            }
            try
            {
                client.Call("supervisor.clearProcessLogs", name);
                Console.Out.WriteLine($"{name}: cleared");
            }
            catch (RemoteFault fault)
            {
                Console.Out.WriteLine(fault.Code == Faults.BadName ? $"{name}: ERROR (no such process)" : $"{name}: ERROR (failed)");
                _exit = Generic;
            }
        }
    }
}
