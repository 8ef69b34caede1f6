namespace Gantry.Supervisor.Rpc;

/// <summary>system.listMethods, methodHelp, methodSignature and multicall (supervisor/xmlrpc.py SystemNamespaceRPCInterface).</summary>
internal sealed partial class RpcInterface
{
    private static readonly string[] SystemMethods = ["system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"];

    private object? CallSystem(string method, List<object?> parameters)
    {
        switch (method)
        {
            case "system.listMethods":
                return Methods.Keys.Concat(SystemMethods).Order(StringComparer.Ordinal).Select(name => (object?)name).ToList();
            case "system.methodHelp":
                var helpName = Text(parameters, 0);
                return Methods.ContainsKey(helpName) || SystemMethods.Contains(helpName) ? $"{helpName}: see supervisord's API documentation" : throw new RpcFault(Faults.SignatureUnsupported);
            case "system.methodSignature":
                var name = Text(parameters, 0);
                return Methods.TryGetValue(name, out var entry)
                    ? new List<object?> { new List<object?> { entry.Returns }.Concat(entry.Parameters.Select(type => (object?)type)).ToList() }
                    : throw new RpcFault(Faults.SignatureUnsupported);
            case "system.multicall":
                return Multicall(parameters.Count == 1 && parameters[0] is List<object?> calls ? calls : throw new RpcFault(Faults.IncorrectParameters));
            default:
                throw new RpcFault(Faults.UnknownMethod);
        }
    }

    /// <summary>Each call's result (in a one-element array) or its fault struct, in order; deferred calls are awaited.</summary>
    private object? Multicall(List<object?> calls)
    {
        var results = new object?[calls.Count];
        var pending = new List<(int Index, Deferred Deferred)>();
        for (var i = 0; i < calls.Count; i++)
        {
            try
            {
                if (calls[i] is not Dictionary<string, object?> call || call.GetValueOrDefault("methodName") is not string name)
                {
                    throw new RpcFault(Faults.IncorrectParameters);
                }
                if (name == "system.multicall")
                {
                    throw new RpcFault(Faults.IncorrectParameters, "recursive system.multicall forbidden");
                }
                var arguments = call.GetValueOrDefault("params") as List<object?> ?? [];
                var result = Call(name, arguments);
                if (result is Deferred deferred)
                {
                    pending.Add((i, deferred));
                }
                else
                {
                    results[i] = new List<object?> { result };
                }
            }
            catch (RpcFault fault)
            {
                results[i] = FaultStruct(fault);
            }
        }
        if (pending.Count == 0)
        {
            return results.ToList();
        }
        return new Deferred(() =>
        {
            foreach (var item in pending.ToList())
            {
                try
                {
                    var value = item.Deferred.Poll();
                    if (value == Deferred.NotDoneYet)
                    {
                        continue;
                    }
                    results[item.Index] = new List<object?> { value };
                }
                catch (RpcFault fault)
                {
                    results[item.Index] = FaultStruct(fault);
                }
                pending.Remove(item);
            }
            return pending.Count == 0 ? results.ToList() : Deferred.NotDoneYet;
        });
    }

    private static Dictionary<string, object?> FaultStruct(RpcFault fault) => new()
    {
        ["faultCode"] = fault.Code,
        ["faultString"] = fault.Message,
    };
}
