using System.Text.Json;

namespace Gantry.Supervisor.Tests.Infrastructure;

/// <summary>One event as a real listener received it: the header tokens and the payload.</summary>
public sealed record ReceivedEvent(Dictionary<string, string> Headers, string Payload)
{
    public string Name => Headers["eventname"];

    public int Serial => int.Parse(Headers["serial"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The payload's first line as key:value tokens (supervisord's payload header).</summary>
    public Dictionary<string, string> PayloadFields => Payload.Split('\n')[0]
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(token => token.Split(':', 2))
        .Where(pair => pair.Length == 2)
        .ToDictionary(pair => pair[0], pair => pair[1]);

    public string Body => Payload.Contains('\n', StringComparison.Ordinal) ? Payload[(Payload.IndexOf('\n', StringComparison.Ordinal) + 1)..] : "";
}

/// <summary>
/// An event listener written with supervisor's own <c>supervisor.childutils.listener</c> (Debian's python3-supervisor),
/// run by /usr/bin/python3: it appends every event it gets to a JSON-lines file, answers FAIL to its first N events and
/// OK after, with a gate file waits for that file before its first READY, and with a die file exits without
/// answering its first event (creating that file, so its next run answers).
/// </summary>
public static class EventLog
{
    public const string Script = """
        import json, os, sys, time
        from supervisor import childutils
        out, fail_first, gate, die = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
        while gate != "-" and not os.path.exists(gate):
            time.sleep(0.05)
        seen = 0
        while True:
            headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
            with open(out, "a") as f:
                f.write(json.dumps({"headers": headers, "payload": payload}) + "\n")
            seen += 1
            if die != "-" and not os.path.exists(die):
                open(die, "w").close()
                os._exit(1)
            if seen <= fail_first:
                childutils.listener.fail(sys.stdout)
            else:
                childutils.listener.ok(sys.stdout)
        """;

    /// <summary>Writes the listener into <paramref name="directory"/>; the command line for an [eventlistener:x].</summary>
    public static string Command(string directory, string output = "events.jsonl", int failFirst = 0, string gate = "-", string die = "-")
    {
        Run.RequireTool("supervisord");
        var script = Path.Combine(directory, "listener.py");
        File.WriteAllText(script, Script);
        return $"/usr/bin/python3 {script} {Path.Combine(directory, output)} {failFirst} {gate} {die}";
    }

    public static List<ReceivedEvent> Read(string directory, string output = "events.jsonl")
    {
        var path = Path.Combine(directory, output);
        if (!File.Exists(path))
        {
            return [];
        }
        var events = new List<ReceivedEvent>();
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }
            using var document = JsonDocument.Parse(line);
            var headers = document.RootElement.GetProperty("headers").EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetString() ?? "");
            events.Add(new ReceivedEvent(headers, document.RootElement.GetProperty("payload").GetString() ?? ""));
        }
        return events;
    }
}
