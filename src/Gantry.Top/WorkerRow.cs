using System.Text.Json;

namespace Gantry.Top;

/// <summary>A worker's line.</summary>
public sealed record WorkerRow(
    long Id, long Pid, long Requests, long Exceptions, string Status, long AverageMicros, long Rss, long Vsz, long Tx,
    long Respawns, long Harakiri, long RunningMicros, long LastSpawn, int BusyCores, int Cores)
{
    internal static WorkerRow From(JsonElement worker)
    {
        var cores = worker.TryGetProperty("cores", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
        return new WorkerRow(
            StatsSnapshot.Number(worker, "id"), StatsSnapshot.Number(worker, "pid"), StatsSnapshot.Number(worker, "requests"),
            StatsSnapshot.Number(worker, "exceptions"), StatsSnapshot.Text(worker, "status"), StatsSnapshot.Number(worker, "avg_rt"),
            StatsSnapshot.Number(worker, "rss"), StatsSnapshot.Number(worker, "vsz"), StatsSnapshot.Number(worker, "tx"),
            StatsSnapshot.Number(worker, "respawn_count"), StatsSnapshot.Number(worker, "harakiri_count"),
            StatsSnapshot.Number(worker, "running_time"), StatsSnapshot.Number(worker, "last_spawn"),
            cores.Count(core => StatsSnapshot.Number(core, "in_request") != 0), cores.Count);
    }
}
