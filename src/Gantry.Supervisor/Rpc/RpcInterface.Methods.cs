namespace Gantry.Supervisor.Rpc;

/// <summary>The method table: name, parameters (for system.methodSignature), how many are required, the handler.</summary>
internal sealed partial class RpcInterface
{
    private sealed record Method(string[] Parameters, int Required, string Returns, Func<RpcInterface, List<object?>, object?> Handler);

    private static readonly Dictionary<string, Method> Methods = new(StringComparer.Ordinal)
    {
        ["supervisor.getAPIVersion"] = new([], 0, "string", static (_, _) => ApiVersion),
        ["supervisor.getVersion"] = new([], 0, "string", static (_, _) => ApiVersion),
        ["supervisor.getSupervisorVersion"] = new([], 0, "string", static (_, _) => SupervisorVersion),
        ["supervisor.getIdentification"] = new([], 0, "string", static (rpc, _) => rpc.Runtime.Config.Identifier),
        ["supervisor.getState"] = new([], 0, "struct", static (rpc, _) => rpc.GetState()),
        ["supervisor.getPID"] = new([], 0, "int", static (_, _) => Environment.ProcessId),
        ["supervisor.readLog"] = new(["int", "int"], 2, "string", static (rpc, p) => rpc.ReadMainLog(Number(p, 0), Number(p, 1))),
        ["supervisor.readMainLog"] = new(["int", "int"], 2, "string", static (rpc, p) => rpc.ReadMainLog(Number(p, 0), Number(p, 1))),
        ["supervisor.clearLog"] = new([], 0, "boolean", static (rpc, _) => rpc.ClearMainLog()),
        ["supervisor.shutdown"] = new([], 0, "boolean", static (rpc, _) => rpc.SetMood(Processes.SupervisorMood.Shutdown)),
        ["supervisor.restart"] = new([], 0, "boolean", static (rpc, _) => rpc.SetMood(Processes.SupervisorMood.Restarting)),
        ["supervisor.reloadConfig"] = new([], 0, "array", static (rpc, _) => rpc.ReloadConfig()),
        ["supervisor.addProcessGroup"] = new(["string"], 1, "boolean", static (rpc, p) => rpc.AddProcessGroup(Text(p, 0))),
        ["supervisor.removeProcessGroup"] = new(["string"], 1, "boolean", static (rpc, p) => rpc.RemoveProcessGroup(Text(p, 0))),
        ["supervisor.startProcess"] = new(["string", "boolean"], 1, "boolean", static (rpc, p) => rpc.StartProcess(Text(p, 0), Flag(p, 1, true))),
        ["supervisor.startProcessGroup"] = new(["string", "boolean"], 1, "array", static (rpc, p) => rpc.StartProcessGroup(Text(p, 0), Flag(p, 1, true))),
        ["supervisor.startAllProcesses"] = new(["boolean"], 0, "array", static (rpc, p) => rpc.StartAll(Flag(p, 0, true))),
        ["supervisor.stopProcess"] = new(["string", "boolean"], 1, "boolean", static (rpc, p) => rpc.StopProcess(Text(p, 0), Flag(p, 1, true))),
        ["supervisor.stopProcessGroup"] = new(["string", "boolean"], 1, "array", static (rpc, p) => rpc.StopProcessGroup(Text(p, 0), Flag(p, 1, true))),
        ["supervisor.stopAllProcesses"] = new(["boolean"], 0, "array", static (rpc, p) => rpc.StopAll(Flag(p, 0, true))),
        ["supervisor.signalProcess"] = new(["string", "string"], 2, "boolean", static (rpc, p) => rpc.SignalProcess(Text(p, 0), SignalText(p, 1))),
        ["supervisor.signalProcessGroup"] = new(["string", "string"], 2, "array", static (rpc, p) => rpc.SignalProcessGroup(Text(p, 0), SignalText(p, 1))),
        ["supervisor.signalAllProcesses"] = new(["string"], 1, "array", static (rpc, p) => rpc.SignalAll(SignalText(p, 0))),
        ["supervisor.getAllConfigInfo"] = new([], 0, "array", static (rpc, _) => rpc.GetAllConfigInfo()),
        ["supervisor.getProcessInfo"] = new(["string"], 1, "struct", static (rpc, p) => rpc.GetProcessInfo(Text(p, 0))),
        ["supervisor.getAllProcessInfo"] = new([], 0, "array", static (rpc, _) => rpc.GetAllProcessInfo()),
        ["supervisor.readProcessStdoutLog"] = new(["string", "int", "int"], 3, "string", static (rpc, p) => rpc.ReadProcessLog(Text(p, 0), Number(p, 1), Number(p, 2), "stdout")),
        ["supervisor.readProcessLog"] = new(["string", "int", "int"], 3, "string", static (rpc, p) => rpc.ReadProcessLog(Text(p, 0), Number(p, 1), Number(p, 2), "stdout")),
        ["supervisor.readProcessStderrLog"] = new(["string", "int", "int"], 3, "string", static (rpc, p) => rpc.ReadProcessLog(Text(p, 0), Number(p, 1), Number(p, 2), "stderr")),
        ["supervisor.tailProcessStdoutLog"] = new(["string", "int", "int"], 3, "array", static (rpc, p) => rpc.TailProcessLog(Text(p, 0), Number(p, 1), Number(p, 2), "stdout")),
        ["supervisor.tailProcessLog"] = new(["string", "int", "int"], 3, "array", static (rpc, p) => rpc.TailProcessLog(Text(p, 0), Number(p, 1), Number(p, 2), "stdout")),
        ["supervisor.tailProcessStderrLog"] = new(["string", "int", "int"], 3, "array", static (rpc, p) => rpc.TailProcessLog(Text(p, 0), Number(p, 1), Number(p, 2), "stderr")),
        ["supervisor.clearProcessLogs"] = new(["string"], 1, "boolean", static (rpc, p) => rpc.ClearProcessLogs(Text(p, 0))),
        ["supervisor.clearProcessLog"] = new(["string"], 1, "boolean", static (rpc, p) => rpc.ClearProcessLogs(Text(p, 0))),
        ["supervisor.clearAllProcessLogs"] = new([], 0, "array", static (rpc, _) => rpc.ClearAllProcessLogs()),
        ["supervisor.sendProcessStdin"] = new(["string", "string"], 2, "boolean", static (rpc, p) => rpc.SendProcessStdin(p)),
        ["supervisor.sendRemoteCommEvent"] = new(["string", "string"], 2, "boolean", static (rpc, p) => rpc.SendRemoteCommEvent(Text(p, 0), Text(p, 1))),
    };

    private static string SignalText(List<object?> parameters, int index) => parameters[index] switch
    {
        string text => text,
        int number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new RpcFault(Faults.IncorrectParameters),
    };
}
