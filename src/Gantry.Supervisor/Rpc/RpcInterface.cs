using Gantry.Supervisor.Processes;

namespace Gantry.Supervisor.Rpc;

/// <summary>
/// supervisord's <c>supervisor.*</c> and <c>system.*</c> XML-RPC methods (supervisor/rpcinterface.py and xmlrpc.py,
/// API version 3.0) over this supervisor, with the same results, fault codes and texts, so the real supervisorctl
/// drives it unchanged. Runs on the loop thread; a call that must wait returns a <see cref="Deferred"/>.
/// </summary>
internal sealed partial class RpcInterface(Supervisor supervisor)
{
    public const string ApiVersion = "3.0";

    /// <summary>What getSupervisorVersion answers: the supervisord release whose API this speaks, marked as Gantry's.</summary>
    public const string SupervisorVersion = "4.2.5";

    private SupervisorRuntime Runtime => supervisor.Runtime;

    public object? Call(string method, List<object?> parameters)
    {
        if (method.StartsWith("system.", StringComparison.Ordinal))
        {
            return CallSystem(method, parameters);
        }
        if (!Methods.TryGetValue(method, out var entry))
        {
            throw new RpcFault(Faults.UnknownMethod);
        }
        if (parameters.Count < entry.Required || parameters.Count > entry.Parameters.Length)
        {
            throw new RpcFault(Faults.SignatureUnsupported);
        }
        if (Runtime.Mood < SupervisorMood.Running && method is not ("supervisor.getState" or "supervisor.getVersion" or "supervisor.getAPIVersion"))
        {
            // supervisord's _update: nothing is accepted while shutting down or restarting.
            throw new RpcFault(Faults.ShutdownState);
        }
        return entry.Handler(this, parameters);
    }

    private static string Text(List<object?> parameters, int index)
    {
        if (parameters[index] is string text)
        {
            return text;
        }
        throw new RpcFault(Faults.IncorrectParameters);
    }

    private static int Number(List<object?> parameters, int index) => parameters[index] switch
    {
        int number => number,
        long number => (int)number,
        string text when int.TryParse(text, out var number) => number,
        _ => throw new RpcFault(Faults.IncorrectParameters),
    };

    private static bool Flag(List<object?> parameters, int index, bool fallback) =>
        index >= parameters.Count ? fallback : parameters[index] switch
        {
            bool flag => flag,
            int number => number != 0,
            _ => throw new RpcFault(Faults.IncorrectParameters),
        };

    /// <summary>options.split_namespec: "group:name", "group:*" (name null), or "name" (group and name the same).</summary>
    private static (string Group, string? Name) SplitNamespec(string namespec)
    {
        var colon = namespec.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (namespec, namespec);
        }
        var name = namespec[(colon + 1)..];
        return (namespec[..colon], name is "*" or "" ? null : name);
    }

    /// <summary>_getGroupAndProcess: BAD_NAME for an unknown group or process; a null process for "group:*".</summary>
    private (ProcessGroup Group, SupervisedProcess? Process) Find(string namespec)
    {
        var (groupName, processName) = SplitNamespec(namespec);
        var group = supervisor.FindGroup(groupName) ?? throw new RpcFault(Faults.BadName, namespec);
        if (processName is null)
        {
            return (group, null);
        }
        return (group, group.Find(processName) ?? throw new RpcFault(Faults.BadName, namespec));
    }

    /// <summary>Processes in priority order (groups by priority, then processes by priority), or lexically.</summary>
    private IEnumerable<(ProcessGroup Group, SupervisedProcess Process)> AllProcesses(bool lexical)
    {
        if (lexical)
        {
            return supervisor.Groups.OrderBy(group => group.Config.Name, StringComparer.Ordinal)
                .SelectMany(group => group.Processes.OrderBy(process => process.Config.Name, StringComparer.Ordinal).Select(process => (group, process)));
        }
        return supervisor.Groups.SelectMany(group => group.Processes.Select(process => (group, process)));
    }
}
