using System.Text.Json;

namespace Gantry.Top;

/// <summary>One stats document, reduced to what the screen shows (uWSGI's keys; missing ones read as 0).</summary>
public sealed record StatsSnapshot(
    string Version, long ListenQueue, long MasterPid, string Cwd, long Uid, long Gid, IReadOnlyList<WorkerRow> Workers)
{
    /// <summary>Parses uWSGI's (or Gantry's) stats JSON.</summary>
    /// <exception cref="JsonException">Not a stats document.</exception>
    public static StatsSnapshot Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var workers = root.TryGetProperty("workers", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(WorkerRow.From).ToList()
            : throw new JsonException("no workers list: not a uWSGI stats document");
        return new StatsSnapshot(Text(root, "version"), Number(root, "listen_queue"), Number(root, "pid"), Text(root, "cwd"),
            Number(root, "uid"), Number(root, "gid"), workers);
    }

    internal static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;

    internal static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
