using System.Diagnostics;

namespace Gantry.Emperor;

/// <summary>
/// uWSGI's blacklist of bad-behaving vassals (uwsgi_emperor_blacklist_*): a vassal removed before it was loyal is
/// listed; each further removal adds <c>emperor-throttle</c> ms to its delay until <c>emperor-max-throttle</c>, where
/// the delay is halved. A listed vassal is not started again until its delay since the last attempt passed. Its
/// first entry's delay is uWSGI's too: <c>emperor-throttle</c> read as microseconds (1 ms by default).
/// </summary>
internal sealed class EmperorBlacklist
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly long _throttleMicros;
    private readonly long _maxThrottleMicros;

    public EmperorBlacklist(int throttleMilliseconds, int maxThrottleMilliseconds)
    {
        _throttleMicros = throttleMilliseconds * 1000L;
        _maxThrottleMicros = maxThrottleMilliseconds * 1000L;
        ThrottleMilliseconds = throttleMilliseconds;
    }

    private int ThrottleMilliseconds { get; }

    /// <summary>Adds or raises a vassal's delay; the log line uWSGI writes, if any.</summary>
    public string? Add(string id)
    {
        var now = Now();
        if (_entries.TryGetValue(id, out var entry))
        {
            string? line = null;
            entry.LastAttempt = now;
            entry.LastAttemptEpoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (entry.ThrottleMicros < _maxThrottleMicros)
            {
                entry.ThrottleMicros += _throttleMicros;
            }
            else
            {
                line = $"[emperor] maximum throttle level for vassal {id} reached !!!";
                entry.ThrottleMicros /= 2;
            }
            entry.Attempt++;
            if (entry.Attempt == 2)
            {
                line = $"[emperor] unloyal bad behaving vassal found: {id} throttling it...";
            }
            return line;
        }
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        _entries[id] = new Entry { LastAttempt = now, ThrottleMicros = ThrottleMilliseconds, FirstAttemptEpoch = epoch, LastAttemptEpoch = epoch };
        _order.Add(id);
        return null;
    }

    /// <summary>True while a listed vassal must wait.</summary>
    public bool Holds(string id) => _entries.TryGetValue(id, out var entry) && entry.LastAttempt + entry.ThrottleMicros > Now();

    /// <summary>A loyal vassal leaves the list.</summary>
    public void Remove(string id)
    {
        if (_entries.Remove(id))
        {
            _order.Remove(id);
        }
    }

    /// <summary>SIGURG: the list is emptied.</summary>
    public void Clear()
    {
        _entries.Clear();
        _order.Clear();
    }

    /// <summary>The entries in order of listing, for the stats document: id, delay (ms), attempts, first and last attempt (epoch s).</summary>
    public IEnumerable<(string Id, long ThrottleMilliseconds, int Attempt, long FirstAttempt, long LastAttempt)> Entries =>
        _order.Select(id => (id, _entries[id].ThrottleMicros / 1000, _entries[id].Attempt, _entries[id].FirstAttemptEpoch, _entries[id].LastAttemptEpoch));

    private static long Now() => Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1_000_000);

    private sealed class Entry
    {
        public long LastAttempt { get; set; }
        public long ThrottleMicros { get; set; }
        public int Attempt { get; set; }
        public long FirstAttemptEpoch { get; init; }
        public long LastAttemptEpoch { get; set; }
    }
}
