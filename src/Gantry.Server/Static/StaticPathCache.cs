using System.Collections.Concurrent;
using Gantry.Posix.Files;

namespace Gantry.Server.Static;

/// <summary>
/// <c>static-cache-paths N</c>: the canonical path (realpath(3)) of each file name a static lookup resolved through
/// realpath (a name reached through a symlink or with a dot segment; the others are opened without it), kept for N
/// seconds, as uWSGI's uwsgi_file_serve keeps it in a cache (core/static.c). Only the name's resolution is kept: the
/// file is still stat'ed and opened on every request, so a file replaced in place (new content, size or mtime) is
/// served as it is now, while a changed symlink or a renamed directory is seen once its entry expires. Failed
/// resolutions are not kept (a file created later is found at once). One table per process, shared by the loop
/// threads, bounded: when it holds <see cref="Capacity"/> names it is emptied, so memory never grows with the
/// number of distinct URLs asked for.
/// </summary>
internal sealed class StaticPathCache
{
    /// <summary>The most names kept (uWSGI's default cache holds 100 items; a site's static files are rarely more than this).</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long _lifetime;
    private readonly TimeProvider _time;

    /// <param name="seconds">How long a resolution is trusted (uWSGI's static-cache-paths).</param>
    /// <param name="time">The clock (a fake one in tests).</param>
    public StaticPathCache(int seconds, TimeProvider time)
    {
        _lifetime = (long)(seconds * (double)time.TimestampFrequency);
        _time = time;
    }

    /// <summary>Names currently kept (for tests).</summary>
    public int Count => _entries.Count;

    /// <summary>realpath(3) of <paramref name="candidate"/>, from the table while its entry is fresh; null when it does not resolve.</summary>
    public string? RealPath(string candidate)
    {
        var now = _time.GetTimestamp();
        if (_entries.TryGetValue(candidate, out var entry) && now - entry.Resolved < _lifetime)
        {
            return entry.RealPath;
        }
        var real = FileSystemCalls.RealPath(candidate);
        if (real is null)
        {
            _entries.TryRemove(candidate, out _);
            return null;
        }
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }
        _entries[candidate] = new Entry(real, now);
        return real;
    }

    private readonly record struct Entry(string RealPath, long Resolved);
}
