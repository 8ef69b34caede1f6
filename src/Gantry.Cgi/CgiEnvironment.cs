using System.Collections;
using System.Globalization;
using System.Text;
using Gantry.Application;

namespace Gantry.Cgi;

/// <summary>
/// A script's environment (RFC 3875 §4.1), built as uWSGI's cgi plugin builds it (uwsgi_cgi_run): the server's own
/// environment, then every request variable the front produced (REQUEST_METHOD, QUERY_STRING, REMOTE_ADDR, HTTP_*…,
/// replacing a server variable of the same name), then GATEWAY_INTERFACE, SERVER_SOFTWARE and REDIRECT_STATUS (php-cgi
/// wants it) and DOCUMENT_ROOT where the request brought none, then what the script's location decides (SCRIPT_NAME,
/// SCRIPT_FILENAME, PATH_INFO, PATH_TRANSLATED), then cgi-unset removes names. Values stay the bytes the front read
/// (latin-1 on the wire), never re-encoded. CONTENT_LENGTH is added for a body that came chunked, which the script
/// gets whole.
/// </summary>
internal sealed class CgiEnvironment
{
    private static ReadOnlySpan<byte> ContentLengthKey => "CONTENT_LENGTH"u8;
    private static ReadOnlySpan<byte> DocumentRootKey => "DOCUMENT_ROOT"u8;

    private readonly (string Key, byte[] Entry)[] _server;
    private readonly string _serverSoftware;
    private readonly HashSet<string> _unset;

    /// <param name="serverEnvironment">The server's environment (NAME → value).</param>
    /// <param name="serverSoftware">SERVER_SOFTWARE, e.g. <c>gantry/1.4.0</c>.</param>
    /// <param name="unset">cgi-unset: names removed last.</param>
    public CgiEnvironment(IDictionary serverEnvironment, string serverSoftware, IEnumerable<string> unset)
    {
        var server = new List<(string, byte[])>();
        foreach (DictionaryEntry variable in serverEnvironment)
        {
            var key = (string)variable.Key;
            server.Add((key, Encoding.UTF8.GetBytes($"{key}={variable.Value}")));
        }
        _server = [.. server];
        _serverSoftware = serverSoftware;
        _unset = new HashSet<string>(unset, StringComparer.Ordinal);
    }

    /// <summary>The environment for <paramref name="script"/> run for <paramref name="request"/>, as NAME=value entries.</summary>
    public List<byte[]> Build(RequestContext request, CgiScript script)
    {
        var entries = new EntryList(_server.Length + request.Variables.Count + 8);
        var variables = request.Variables;
        foreach (var (key, entry) in _server)
        {
            entries.Set(key, entry);
        }
        for (var i = 0; i < variables.Count; i++)
        {
            entries.Set(variables.KeyAt(i), variables.ValueAt(i));
        }
        if (variables.IndexOf(ContentLengthKey) < 0 && request.Body.Length > 0)
        {
            entries.Set("CONTENT_LENGTH", request.Body.Length.ToString(CultureInfo.InvariantCulture));
        }
        entries.SetIfAbsent("GATEWAY_INTERFACE", "CGI/1.1");
        entries.SetIfAbsent("SERVER_SOFTWARE", _serverSoftware);
        entries.SetIfAbsent("REDIRECT_STATUS", "200");
        entries.SetIfAbsent("DOCUMENT_ROOT", script.DocumentRoot);
        entries.Set("SCRIPT_FILENAME", script.ScriptFileName);
        if (script.ScriptName is { } scriptName)
        {
            entries.Set("SCRIPT_NAME", scriptName);
        }
        if (script.PathInfo is { } pathInfo)
        {
            entries.Set("PATH_INFO", pathInfo);
            // The request's DOCUMENT_ROOT stays the bytes nginx sent; the rest is the script's PATH_INFO (UTF-8).
            var translatedBase = variables.TryGetValue(DocumentRootKey, out var given) && !given.IsEmpty
                ? given
                : Encoding.UTF8.GetBytes(script.DocumentRoot);
            entries.Set("PATH_TRANSLATED"u8, [.. translatedBase, .. Encoding.UTF8.GetBytes(pathInfo)]);
        }
        else
        {
            entries.Remove("PATH_INFO");
            entries.Remove("PATH_TRANSLATED");
        }
        foreach (var name in _unset)
        {
            entries.Remove(name);
        }
        return entries.ToList();
    }

    /// <summary>Entries by name, in the order first set; a later set replaces the value in place.</summary>
    private sealed class EntryList(int capacity)
    {
        private readonly List<(string Key, byte[]? Entry)> _entries = new(capacity);
        private readonly Dictionary<string, int> _index = new(capacity, StringComparer.Ordinal);

        public void Set(string key, byte[] entry)
        {
            if (_index.TryGetValue(key, out var at))
            {
                _entries[at] = (key, entry);
                return;
            }
            _index[key] = _entries.Count;
            _entries.Add((key, entry));
        }

        public void Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            var entry = new byte[key.Length + 1 + value.Length];
            key.CopyTo(entry);
            entry[key.Length] = (byte)'=';
            value.CopyTo(entry.AsSpan(key.Length + 1));
            Set(Encoding.Latin1.GetString(key), entry);
        }

        public void Set(string key, string value) => Set(key, Encoding.UTF8.GetBytes($"{key}={value}"));

        public void SetIfAbsent(string key, string value)
        {
            if (!_index.TryGetValue(key, out var at) || _entries[at].Entry is null)
            {
                Set(key, value);
            }
        }

        public void Remove(string key)
        {
            if (_index.TryGetValue(key, out var at))
            {
                _entries[at] = (key, null);
            }
        }

        public List<byte[]> ToList()
        {
            var list = new List<byte[]>(_entries.Count);
            foreach (var (_, entry) in _entries)
            {
                if (entry is not null)
                {
                    list.Add(entry);
                }
            }
            return list;
        }
    }
}
