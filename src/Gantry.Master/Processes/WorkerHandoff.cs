using System.Globalization;
using System.Text;

namespace Gantry.Master.Processes;

/// <summary>
/// What a master tells a worker it spawns, through fixed descriptor numbers and environment variables. The
/// worker re-reads the same command line (so it loads the same configuration) and finds here what is
/// different: its id, its scoreboard record, and the sockets it must adopt instead of binding.
/// <code>
/// fd 3  read end of the master's lifeline pipe (EOF = the master died)
/// fd 4  write end of the status pipe (fixed 16-byte messages to the master)
/// fd 5  the scoreboard memfd
/// fd 6… the listening sockets, in the order of GANTRY_LISTENERS
/// GANTRY_WORKER=&lt;id&gt; &lt;record&gt;        GANTRY_LISTENERS=&lt;fd&gt; &lt;protocol&gt; &lt;address text&gt;\n…
/// </code>
/// </summary>
internal static class WorkerHandoff
{
    public const string WorkerVariable = "GANTRY_WORKER";
    public const string ListenersVariable = "GANTRY_LISTENERS";
    public const int LifelineFd = 3;
    public const int StatusFd = 4;
    public const int ScoreboardFd = 5;
    public const int FirstListenerFd = 6;

    /// <summary>The GANTRY_WORKER value.</summary>
    public static string FormatWorker(int workerId, int record) =>
        string.Create(CultureInfo.InvariantCulture, $"{workerId} {record}");

    /// <summary>The GANTRY_LISTENERS value for listeners at descriptors 6, 7, …</summary>
    public static string FormatListeners(IReadOnlyList<(string Protocol, string Text)> listeners)
    {
        var text = new StringBuilder();
        for (var i = 0; i < listeners.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{FirstListenerFd + i} {listeners[i].Protocol} {listeners[i].Text}\n");
        }
        return text.ToString();
    }

    /// <summary>Parses GANTRY_WORKER; false when it is malformed.</summary>
    public static bool TryParseWorker(string value, out int workerId, out int record)
    {
        workerId = record = 0;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out workerId)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out record)
            && workerId > 0 && record >= 0;
    }

    /// <summary>Parses GANTRY_LISTENERS into (fd, protocol, address text); throws <see cref="FormatException"/> when malformed.</summary>
    public static List<(int Fd, string Protocol, string Text)> ParseListeners(string value)
    {
        var result = new List<(int, string, string)>();
        foreach (var line in value.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var fd))
            {
                throw new FormatException($"malformed {ListenersVariable} entry '{line}'");
            }
            result.Add((fd, parts[1], parts[2]));
        }
        return result;
    }
}
