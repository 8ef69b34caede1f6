using Microsoft.Extensions.Logging;

namespace Gantry.Master.Worker;

/// <summary>A worker's own lines about its lifecycle (event ids 3100–3149).</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "...The work of process {Pid} is done ({Why}). Seeya!")]
    public static partial void WorkDone(ILogger logger, int pid, string why);
}
