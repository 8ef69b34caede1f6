using System.Text.Json;
using Gantry.Posix.Native;

namespace Gantry.Emperor;

/// <summary>
/// uWSGI 2.0.21's emperor stats document (emperor_send_stats), same keys in the same order: version, pid, uid, gid, cwd,
/// emperor (the monitors), emperor_tyrant, throttle_level (always 0 in uWSGI 2.0.21), vassals, blacklist. Written with
/// Utf8JsonWriter (no reflection).
/// </summary>
internal static class EmperorStatsDocument
{
    /// <param name="cwd">The emperor's directory as uWSGI reports it: a directory monitor chdir()s into its directory to scan.</param>
    public static byte[] Write(string version, string cwd, IEnumerable<string> monitors, bool tyrant, IEnumerable<Vassal> vassals, EmperorBlacklist blacklist)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", version);
            json.WriteNumber("pid", Environment.ProcessId);
            json.WriteNumber("uid", LibC.getuid());
            json.WriteNumber("gid", LibC.getgid());
            json.WriteString("cwd", cwd);
            json.WriteStartArray("emperor");
            foreach (var monitor in monitors)
            {
                json.WriteStringValue(monitor);
            }
            json.WriteEndArray();
            json.WriteNumber("emperor_tyrant", tyrant ? 1 : 0);
            json.WriteNumber("throttle_level", 0);
            json.WriteStartArray("vassals");
            foreach (var vassal in vassals)
            {
                json.WriteStartObject();
                json.WriteString("id", vassal.Name);
                json.WriteNumber("pid", vassal.Pid);
                json.WriteNumber("born", vassal.Born);
                json.WriteNumber("last_mod", vassal.LastMod);
                json.WriteNumber("last_heartbeat", vassal.LastHeartbeat);
                json.WriteNumber("loyal", vassal.Loyal ? 1 : 0);
                json.WriteNumber("ready", vassal.Ready ? 1 : 0);
                json.WriteNumber("accepting", vassal.Accepting ? 1 : 0);
                json.WriteNumber("last_loyal", vassal.LastLoyal);
                json.WriteNumber("last_ready", vassal.LastReady);
                json.WriteNumber("last_accepting", vassal.LastAccepting);
                json.WriteNumber("first_run", vassal.FirstRun);
                json.WriteNumber("last_run", vassal.LastRun);
                json.WriteNumber("cursed", vassal.CursedAt);
                json.WriteNumber("zerg", 0);
                json.WriteString("on_demand", string.Empty);
                json.WriteNumber("uid", vassal.Uid);
                json.WriteNumber("gid", vassal.Gid);
                json.WriteString("monitor", vassal.Monitor);
                json.WriteNumber("respawns", vassal.Respawns);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("blacklist");
            foreach (var (id, throttle, attempt, first, last) in blacklist.Entries)
            {
                json.WriteStartObject();
                json.WriteString("id", id);
                json.WriteNumber("throttle_level", throttle);
                json.WriteNumber("attempt", attempt);
                json.WriteNumber("first_attempt", first);
                json.WriteNumber("last_attempt", last);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
