using System.Text;
using Gantry.Application;

namespace Gantry.Python.Mounts;

/// <summary>
/// The app table: the mountpoints of the applications that loaded, in load order, and the rule that picks one per
/// request, as uWSGI 2.0 does it (core/protocol.c <c>uwsgi_parse_vars</c> for manage-script-name, core/utils.c
/// <c>uwsgi_get_app_id</c> for the exact match, plugins/python/wsgi_handlers.c for the default-app fallback).
/// No Python here: index <c>i</c> is the i-th loaded callable. Read-only after construction, so every loop thread
/// shares one; <see cref="Select"/> allocates nothing.
/// </summary>
internal sealed class MountTable
{
    private static ReadOnlySpan<byte> ScriptNameKey => "SCRIPT_NAME"u8;
    private static ReadOnlySpan<byte> PathInfoKey => "PATH_INFO"u8;

    private readonly byte[][] _mountpoints;
    private readonly int[] _prefixLengths;
    private readonly bool _manageScriptName;
    private readonly bool _ignoreScriptName;

    /// <param name="mountpoints">Mountpoints of the loaded applications, in load order, without duplicates.</param>
    /// <param name="manageScriptName">uWSGI <c>manage-script-name</c>.</param>
    /// <param name="ignoreScriptName">uWSGI <c>ignore-script-name</c>.</param>
    /// <param name="noDefaultApp">uWSGI <c>no-default-app</c>.</param>
    public MountTable(IReadOnlyList<string> mountpoints, bool manageScriptName, bool ignoreScriptName, bool noDefaultApp)
    {
        _mountpoints = new byte[mountpoints.Count][];
        _prefixLengths = new int[mountpoints.Count];
        DefaultIndex = -1;
        for (var i = 0; i < mountpoints.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(mountpoints[i]);
            _mountpoints[i] = bytes;
            // uWSGI ignores one trailing '/' when it matches PATH_INFO ("/b/" serves "/b" and "/b/x"); it then still
            // splits at the untrimmed length, reading past the end of "/b" and giving "/b/x" a PATH_INFO "x".
            // Gantry splits where it matched: SCRIPT_NAME "/b", PATH_INFO "/x" (PEP 3333's shape).
            _prefixLengths[i] = MountPrefix.Trim(bytes).Length;
            // pyloader.c makes the first app whose mountpoint is "" or starts with '/' the default app (its test
            // `appid_len = 1 && appid[0] == '/'` assigns instead of comparing, so any "/x" qualifies, not only "/").
            if (!noDefaultApp && DefaultIndex < 0 && (bytes.Length == 0 || bytes[0] == (byte)'/'))
            {
                DefaultIndex = i;
            }
        }
        _manageScriptName = manageScriptName;
        _ignoreScriptName = ignoreScriptName;
    }

    /// <summary>Number of applications.</summary>
    public int Count => _mountpoints.Length;

    /// <summary>The application a request nothing else matched goes to; -1 with no-default-app or when none qualifies.</summary>
    public int DefaultIndex { get; }

    /// <summary>The mountpoint of application <paramref name="index"/>, as configured.</summary>
    public string MountpointAt(int index) => Encoding.UTF8.GetString(_mountpoints[index]);

    /// <summary>
    /// Picks the application for a request and, under manage-script-name, moves the matched mountpoint from
    /// PATH_INFO to SCRIPT_NAME in <paramref name="variables"/>. Returns the application's index, or -1 when no
    /// application serves the request (uWSGI then answers 500).
    /// </summary>
    public int Select(CgiVariables variables)
    {
        if (_manageScriptName && variables.TryGetValue(PathInfoKey, out var path) && path.Length > 1)
        {
            var best = LongestPrefixOf(path);
            if (best >= 0)
            {
                var split = _prefixLengths[best];
                // Both values are copied into the variables' buffer; 'path' stays valid even if that buffer grows.
                variables.Set(ScriptNameKey, _mountpoints[best].AsSpan(0, split));
                variables.Set(PathInfoKey, path[split..]);
                if (!_ignoreScriptName)
                {
                    return best;
                }
            }
        }
        ReadOnlySpan<byte> key = default;
        if (!_ignoreScriptName)
        {
            variables.TryGetValue(ScriptNameKey, out key);
        }
        for (var i = 0; i < _mountpoints.Length; i++)
        {
            if (key.SequenceEqual(_mountpoints[i]))
            {
                return i;
            }
        }
        return DefaultIndex;
    }

    /// <summary>
    /// The longest non-empty mountpoint (trailing '/' ignored) that <paramref name="path"/> starts with and that ends
    /// where a path segment ends: "/app" matches "/app" and "/app/x", never "/application". -1 when none.
    /// </summary>
    private int LongestPrefixOf(ReadOnlySpan<byte> path)
    {
        var best = -1;
        var bestLength = 0;
        for (var i = 0; i < _mountpoints.Length; i++)
        {
            var length = _prefixLengths[i];
            if (length <= bestLength || !MountPrefix.Prefixes(_mountpoints[i].AsSpan(0, length), path))
            {
                continue;
            }
            best = i;
            bestLength = length;
        }
        return best;
    }
}
