using Gantry.Supervisor.Rpc;

namespace Gantry.Supervisor.Ctl;

/// <summary>supervisorctl's commands (supervisor/supervisorctl.py DefaultControllerPlugin), their output and exit codes.</summary>
internal sealed partial class CtlSession(CtlClient client)
{
    private const int Generic = 1;
    private const int InvalidArguments = 2;
    private const int StatusNotRunning = 3;
    private const int StatusUnknown = 4;
    private const int NotRunning = 7;

    private int _exit;

    public int Execute(string command, string[] names)
    {
        var version = client.Call("supervisor.getVersion") as string;
        if (version != RpcInterface.ApiVersion)
        {
            Console.Out.WriteLine($"Sorry, this version of supervisorctl expects to talk to a server with API version {RpcInterface.ApiVersion}, but the remote version is {version}.");
            return 5;
        }
        switch (command)
        {
            case "status":
                Status(names);
                break;
            case "start":
                Start(names);
                break;
            case "stop":
                Stop(names);
                break;
            case "restart":
                if (names.Length == 0)
                {
                    Console.Out.WriteLine("Error: restart requires a process name");
                    CtlHelp.Print("restart");
                    return Generic;
                }
                Stop(names);
                Start(names);
                break;
            case "pid":
                Pid(names);
                break;
            case "shutdown":
                client.Call("supervisor.shutdown");
                Console.Out.WriteLine("Shut down");
                break;
            case "reread":
                Reread();
                break;
            case "update":
                Update(names);
                break;
            case "avail":
                Avail();
                break;
            case "signal":
                Signal(names);
                break;
            case "clear":
                Clear(names);
                break;
            case "tail":
                Tail(names);
                break;
            case "maintail":
                Maintail(names);
                break;
            case "fg":
                Foreground(names);
                break;
            case "add":
                Add(names);
                break;
            case "remove":
                Remove(names);
                break;
            case "version":
                Console.Out.WriteLine(client.Call("supervisor.getSupervisorVersion"));
                break;
            default:
                Console.Out.WriteLine($"*** Unknown syntax: {command} {string.Join(' ', names)}".TrimEnd());
                return Generic;
        }
        return _exit;
    }

    private static string Namespec(Dictionary<string, object?> info)
    {
        var group = info["group"] as string;
        var name = info["name"] as string;
        return group == name ? name! : $"{group}:{name}";
    }

    private static IEnumerable<Dictionary<string, object?>> Structs(object? value) =>
        (value as List<object?> ?? []).OfType<Dictionary<string, object?>>();

    private static (string Group, string? Name) Split(string namespec)
    {
        var colon = namespec.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (namespec, namespec);
        }
        var name = namespec[(colon + 1)..];
        return (namespec[..colon], name is "*" or "" ? null : name);
    }

    /// <summary>set_exitstatus_from_xmlrpc_fault.</summary>
    private void FromFault(int code, int? ignored = null)
    {
        if (code == ignored || code == Faults.Success)
        {
            return;
        }
        _exit = code is Faults.SpawnError or Faults.AbnormalTermination or Faults.NotRunning ? NotRunning : Generic;
    }

    private void Status(string[] names)
    {
        var all = Structs(client.Call("supervisor.getAllProcessInfo")).ToList();
        var matching = new List<Dictionary<string, object?>>();
        if (names.Length == 0 || names.Contains("all"))
        {
            matching = all;
        }
        else
        {
            foreach (var namespec in names)
            {
                var (group, name) = Split(namespec);
                var found = all.Where(info => (string?)info["group"] == group && (name is null || (string?)info["name"] == name)).ToList();
                if (found.Count == 0)
                {
                    Console.Out.WriteLine(name is null ? $"{group}: ERROR (no such group)" : $"{namespec}: ERROR (no such process)");
                    _exit = StatusUnknown;
                }
                matching.AddRange(found);
            }
        }
        var width = Math.Max(30, matching.Select(info => Namespec(info).Length).DefaultIfEmpty(0).Max()) + 3;
        foreach (var info in matching)
        {
            Console.Out.WriteLine($"{Namespec(info).PadRight(width)}{((string)info["statename"]!).PadRight(10)}{info["description"]}");
        }
        if (matching.Any(info => (int)info["state"]! is 0 or 100 or 200 or 1000))
        {
            _exit = StatusNotRunning;
        }
    }
}
