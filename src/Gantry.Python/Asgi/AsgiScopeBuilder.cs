using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Runtime;

namespace Gantry.Python.Asgi;

/// <summary>
/// Builds an http scope (ASGI HTTP spec 2.4, "HTTP Connection Scope") from the CGI variables a front filled: the same
/// request whichever front carried it. Keys and constant values are created once per thread; each scope is a new dict
/// (the app owns it). Headers come from the HTTP_* variables, lower-cased with '_' read as '-' (the fronts keep one
/// value per field, repeats joined as RFC 9110 §5.3 allows), then content-type and content-length.
/// </summary>
internal sealed unsafe class AsgiScopeBuilder
{
    private static readonly string[] KeyNames =
    [
        "type", "asgi", "http_version", "method", "scheme", "path", "raw_path", "query_string", "root_path", "headers",
        "client", "server", "state", "extensions", "subprotocols",
    ];

    private readonly PyHeld[] _keys = new PyHeld[KeyNames.Length];
    private readonly byte[] _rootPath;
    private readonly bool _proxyHeaders;
    private readonly byte[][] _trustedProxies;
    private readonly bool _anyProxy;
    private PyHeld _http;
    private PyHeld _asgi;
    private PyHeld _version11;
    private PyHeld _version10;
    private PyHeld _schemeHttp;
    private PyHeld _schemeHttps;
    private PyHeld _extensions;
    private PyHeld _webSocket;
    private PyHeld _schemeWs;
    private PyHeld _schemeWss;
    private PyHeld _webSocketExtensions;
    private PyHeld _get;
    private PyHeld _emptyRoot;
    private PyHeld _httpTemplate;
    private PyHeld _server;
    private byte[] _serverName = [];
    private byte[] _serverPort = [];
    private PyHeld _clientAddress;
    private byte[] _clientAddressText = [];
    private byte[] _nameBuffer = new byte[128];
    private readonly AsgiTlsExtension _tls = new();
    private readonly int[] _found = new int[Found.Count];

    public AsgiScopeBuilder(AsgiOptions options)
    {
        _rootPath = System.Text.Encoding.UTF8.GetBytes(options.RootPath);
        _proxyHeaders = options.ProxyHeaders;
        _anyProxy = options.ForwardedAllowIps.Contains("*");
        _trustedProxies = [.. options.ForwardedAllowIps.Select(System.Text.Encoding.ASCII.GetBytes)];
        for (var i = 0; i < KeyNames.Length; i++)
        {
            _keys[i].Adopt(Intern(KeyNames[i]));
        }
        _http.Adopt(Intern("http"));
        _version11.Adopt(Intern("1.1"));
        _version10.Adopt(Intern("1.0"));
        _schemeHttp.Adopt(Intern("http"));
        _schemeHttps.Adopt(Intern("https"));
        _get.Adopt(Intern("GET"));
        _webSocket.Adopt(Intern("websocket"));
        _schemeWs.Adopt(Intern("ws"));
        _schemeWss.Adopt(Intern("wss"));
        _emptyRoot.Adopt(Intern(""));
        using var asgi = PyOwned.Steal(CPython.PyDict_New());
        using var version = PyOwned.Steal(Intern("3.0"));
        using var specVersion = PyOwned.Steal(Intern("2.4"));
        SetItem(asgi.Pointer, "version"u8, version.Pointer);
        SetItem(asgi.Pointer, "spec_version"u8, specVersion.Pointer);
        _asgi.Hold(asgi.Borrow());
        using var extensions = PyOwned.Steal(CPython.PyDict_New());
        using var pathsend = PyOwned.Steal(CPython.PyDict_New());
        SetItem(extensions.Pointer, "http.response.pathsend"u8, pathsend.Pointer);
        using var zeroCopySend = PyOwned.Steal(CPython.PyDict_New());
        SetItem(extensions.Pointer, "http.response.zerocopysend"u8, zeroCopySend.Pointer);
        _extensions.Hold(extensions.Borrow());
        using var webSocketExtensions = PyOwned.Steal(CPython.PyDict_New());
        using var denial = PyOwned.Steal(CPython.PyDict_New());
        SetItem(webSocketExtensions.Pointer, "websocket.http.response"u8, denial.Pointer);
        _webSocketExtensions.Hold(webSocketExtensions.Borrow());
        // An http scope starts as a copy of this dict (every key, the constants filled in): one copy of its table, then
        // values replaced in place, instead of a dict grown key by key.
        using var template = PyOwned.Steal(CPython.PyDict_New());
        using var emptyBytes = PyOwned.Steal(CPython.NewBytes(default));
        var ok = Set(template.Pointer, 0, _http.Pointer) && Set(template.Pointer, 1, _asgi.Pointer)
            && Set(template.Pointer, 2, _version11.Pointer) && Set(template.Pointer, 3, _get.Pointer)
            && Set(template.Pointer, 4, _schemeHttp.Pointer) && Set(template.Pointer, 5, _emptyRoot.Pointer)
            && Set(template.Pointer, 6, emptyBytes.Pointer) && Set(template.Pointer, 7, emptyBytes.Pointer)
            && Set(template.Pointer, 8, _emptyRoot.Pointer) && Set(template.Pointer, 9, CPython.Py_None)
            && Set(template.Pointer, 10, CPython.Py_None) && Set(template.Pointer, 11, CPython.Py_None)
            && Set(template.Pointer, 13, _extensions.Pointer);
        if (!ok)
        {
            throw new PythonStartupException("Cannot build the ASGI scope template:\n" + PythonErrors.TakeTraceback());
        }
        _httpTemplate.Hold(template.Borrow());
    }

    /// <summary>A new scope dict for <paramref name="request"/>, or 0 with a Python error set.</summary>
    /// <param name="state">The lifespan state to copy into the scope (ASGI lifespan 2.0 "state"), or empty.</param>
    public nint Build(RequestContext request, PyBorrowed state)
    {
        var variables = request.Variables;
        var webSocket = request.WebSocket is not null;
        // One pass over the variables: the headers list, and where each variable the scope reads is (a lookup each
        // was a scan of the variables each, a tenth of the builder's time).
        using var headers = PyOwned.Steal(Scan(variables));
        if (headers.IsNull)
        {
            return 0;
        }
        using var scope = PyOwned.Steal(webSocket ? CPython.PyDict_New() : CPython.PyDict_Copy(_httpTemplate.Pointer));
        if (scope.IsNull)
        {
            return 0;
        }
        var dict = scope.Pointer;
        // An http scope has type, asgi, extensions, HTTP/1.1, GET and http from the template already; a TLS request gets
        // the extensions with "tls" added.
        var extensions = webSocket ? _webSocketExtensions.Pointer : _extensions.Pointer;
        var ok = (!webSocket
                || (Set(dict, 0, _webSocket.Pointer) && Set(dict, 1, _asgi.Pointer) && SetNew(dict, 14, Subprotocols(Value(variables, Found.WebSocketProtocol)))))
            && (request.Tls is { } tls ? SetNew(dict, 13, _tls.WithTls(extensions, tls)) : !webSocket || Set(dict, 13, extensions));
        var protocol = Value(variables, Found.Protocol);
        ok &= protocol.SequenceEqual("HTTP/1.0"u8) ? Set(dict, 2, _version10.Pointer)
            : protocol.SequenceEqual("HTTP/1.1"u8) || protocol.IsEmpty ? webSocket ? Set(dict, 2, _version11.Pointer) : true
            : SetNew(dict, 2, CPython.NewLatin1String(protocol.StartsWith("HTTP/"u8) ? protocol[5..] : protocol));
        var method = Value(variables, Found.Method);
        ok &= webSocket || method.SequenceEqual("GET"u8) || SetNew(dict, 3, CPython.NewLatin1String(method));
        var trusted = _proxyHeaders && TrustsPeer(Value(variables, Found.RemoteAddress));
        var secure = Scheme(request, variables, trusted);
        ok &= webSocket ? Set(dict, 4, secure ? _schemeWss.Pointer : _schemeWs.Pointer) : !secure || Set(dict, 4, _schemeHttps.Pointer);
        ok &= SetNew(dict, 5, CPython.NewUtf8StringReplacing(Value(variables, Found.PathInfo)));
        var uri = Value(variables, Found.RequestUri);
        var query = uri.IndexOf((byte)'?');
        ok &= SetNew(dict, 6, CPython.NewBytes(query < 0 ? uri : uri[..query]));
        ok &= SetNew(dict, 7, CPython.NewBytes(Value(variables, Found.QueryString)));
        var scriptName = Value(variables, Found.ScriptName);
        ok &= _rootPath.Length == 0 && scriptName.IsEmpty ? Set(dict, 8, _emptyRoot.Pointer) : SetNew(dict, 8, RootPath(scriptName));
        ok &= ok && Set(dict, 9, headers.Pointer);
        ok &= ok && SetNew(dict, 10, Client(variables, trusted));
        ok &= ok && SetNew(dict, 11, Server(Value(variables, Found.ServerName), Value(variables, Found.ServerPort)));
        if (ok && !state.IsNull)
        {
            ok = SetNew(dict, 12, CPython.PyDict_Copy(state.Pointer));
        }
        return ok ? scope.Borrow().NewReferencePointer() : 0;
    }

    /// <summary>Releases the cached objects (GIL held).</summary>
    public void Release()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            _keys[i].Release();
        }
        _http.Release();
        _asgi.Release();
        _version11.Release();
        _version10.Release();
        _schemeHttp.Release();
        _schemeHttps.Release();
        _extensions.Release();
        _get.Release();
        _emptyRoot.Release();
        _httpTemplate.Release();
        _server.Release();
        _clientAddress.Release();
        _webSocket.Release();
        _schemeWs.Release();
        _schemeWss.Release();
        _webSocketExtensions.Release();
    }

    /// <summary>True when the peer may set X-Forwarded-For/-Proto (asgi-forwarded-allow-ips).</summary>
    private bool TrustsPeer(ReadOnlySpan<byte> peer)
    {
        if (_anyProxy)
        {
            return true;
        }
        foreach (var trusted in _trustedProxies)
        {
            if (peer.SequenceEqual(trusted))
            {
                return true;
            }
        }
        return false;
    }

    private bool Scheme(RequestContext request, CgiVariables variables, bool trusted)
    {
        if (request.IsHttps)
        {
            return true;
        }
        var https = Value(variables, Found.Https);
        if (https.SequenceEqual("on"u8) || https.SequenceEqual("1"u8))
        {
            return true;
        }
        return trusted && Value(variables, Found.ForwardedProto).SequenceEqual("https"u8);
    }

    /// <summary>The websocket scope's subprotocols: Sec-WebSocket-Protocol's tokens in order (RFC 6455 §4.1), as a list of str.</summary>
    private static nint Subprotocols(ReadOnlySpan<byte> offered)
    {
        var list = CPython.PyList_New(0);
        if (list == 0 || offered.IsEmpty)
        {
            return list;
        }
        foreach (var range in offered.Split((byte)','))
        {
            var token = offered[range].Trim((byte)' ').Trim((byte)'\t');
            if (token.IsEmpty)
            {
                continue;
            }
            using var text = PyOwned.Steal(CPython.NewLatin1String(token));
            if (text.IsNull || CPython.PyList_Append(list, text.Pointer) != 0)
            {
                CPython.Py_DecRef(list);
                return 0;
            }
        }
        return list;
    }

    private nint RootPath(ReadOnlySpan<byte> scriptName)
    {
        var bytes = new byte[_rootPath.Length + scriptName.Length];
        _rootPath.CopyTo(bytes, 0);
        scriptName.CopyTo(bytes.AsSpan(_rootPath.Length));
        return CPython.NewUtf8StringReplacing(bytes);
    }

    /// <summary>
    /// The scope's headers list (a new reference, or 0 with an error set), and <see cref="_found"/>: where the first of
    /// each variable the scope reads is, -1 when absent.
    /// </summary>
    private nint Scan(CgiVariables variables)
    {
        _found.AsSpan().Fill(-1);
        using var list = PyOwned.Steal(CPython.PyList_New(0));
        if (list.IsNull)
        {
            return 0;
        }
        for (var i = 0; i < variables.Count; i++)
        {
            var key = variables.KeyAt(i);
            ReadOnlySpan<byte> field;
            if (key.StartsWith("HTTP_"u8))
            {
                field = key[5..];
                Note(field.SequenceEqual("X_FORWARDED_PROTO"u8) ? Found.ForwardedProto
                    : field.SequenceEqual("X_FORWARDED_FOR"u8) ? Found.ForwardedFor
                    : field.SequenceEqual("SEC_WEBSOCKET_PROTOCOL"u8) ? Found.WebSocketProtocol : -1, i);
            }
            else if (key.SequenceEqual("CONTENT_TYPE"u8) || key.SequenceEqual("CONTENT_LENGTH"u8))
            {
                field = key;
            }
            else
            {
                Note(ScopeVariable(key), i);
                continue;
            }
            if (field.Length > _nameBuffer.Length)
            {
                _nameBuffer = new byte[field.Length * 2];
            }
            var name = _nameBuffer.AsSpan(0, field.Length);
            for (var j = 0; j < field.Length; j++)
            {
                var c = field[j];
                name[j] = c == (byte)'_' ? (byte)'-' : (c >= 'A' && c <= 'Z' ? (byte)(c + 32) : c);
            }
            using var pair = PyOwned.Steal(CPython.PyTuple_New(2));
            if (pair.IsNull)
            {
                return 0;
            }
            CPython.PyTuple_SetItem(pair.Pointer, 0, CPython.NewBytes(name));
            CPython.PyTuple_SetItem(pair.Pointer, 1, CPython.NewBytes(variables.ValueAt(i)));
            if (CPython.ErrorPending || CPython.PyList_Append(list.Pointer, pair.Pointer) != 0)
            {
                return 0;
            }
        }
        return list.Borrow().NewReferencePointer();
    }

    /// <summary>Which of <see cref="Found"/> a variable that is not a header is, or -1.</summary>
    private static int ScopeVariable(ReadOnlySpan<byte> key) => key.Length switch
    {
        5 when key.SequenceEqual("HTTPS"u8) => Found.Https,
        9 when key.SequenceEqual("PATH_INFO"u8) => Found.PathInfo,
        11 when key.SequenceEqual("REQUEST_URI"u8) => Found.RequestUri,
        11 when key.SequenceEqual("SCRIPT_NAME"u8) => Found.ScriptName,
        11 when key.SequenceEqual("REMOTE_ADDR"u8) => Found.RemoteAddress,
        11 when key.SequenceEqual("REMOTE_PORT"u8) => Found.RemotePort,
        11 when key.SequenceEqual("SERVER_NAME"u8) => Found.ServerName,
        11 when key.SequenceEqual("SERVER_PORT"u8) => Found.ServerPort,
        12 when key.SequenceEqual("QUERY_STRING"u8) => Found.QueryString,
        14 when key.SequenceEqual("REQUEST_METHOD"u8) => Found.Method,
        15 when key.SequenceEqual("SERVER_PROTOCOL"u8) => Found.Protocol,
        _ => -1,
    };

    private void Note(int what, int index)
    {
        if (what >= 0 && _found[what] < 0)
        {
            _found[what] = index;
        }
    }

    /// <summary>The value <see cref="Scan"/> found for <paramref name="what"/>, empty when absent.</summary>
    private ReadOnlySpan<byte> Value(CgiVariables variables, int what) =>
        _found[what] < 0 ? default : variables.ValueAt(_found[what]);

    private nint Client(CgiVariables variables, bool trusted)
    {
        var address = Value(variables, Found.RemoteAddress);
        if (address.IsEmpty)
        {
            return CPython.NewNone();
        }
        var forwarded = Value(variables, Found.ForwardedFor);
        if (trusted && !forwarded.IsEmpty)
        {
            var comma = forwarded.LastIndexOf((byte)',');
            address = comma < 0 ? forwarded : forwarded[(comma + 1)..];
            address = address.Trim((byte)' ');
            return Pair(CPython.NewLatin1String(address), CPython.PyLong_FromLong(0));
        }
        var port = Value(variables, Found.RemotePort);
        // The peer's address str is kept while peers repeat it (str is immutable): one client, or a proxy in front.
        if (_clientAddress.IsEmpty || !address.SequenceEqual(_clientAddressText))
        {
            var text = CPython.NewLatin1String(address);
            if (text == 0)
            {
                return 0;
            }
            _clientAddress.Release();
            _clientAddress.Adopt(text);
            _clientAddressText = address.ToArray();
        }
        return Pair(_clientAddress.Borrow().NewReferencePointer(), CPython.PyLong_FromLong(ParsePort(port)));
    }

    /// <summary>The (host, port) tuple, kept while requests name the same server (a tuple is immutable, so scopes share it).</summary>
    private nint Server(ReadOnlySpan<byte> name, ReadOnlySpan<byte> port)
    {
        if (_server.IsEmpty || !name.SequenceEqual(_serverName) || !port.SequenceEqual(_serverPort))
        {
            var server = port.IsEmpty
                ? Pair(CPython.NewLatin1String(name), CPython.NewNone())
                : Pair(CPython.NewLatin1String(name), CPython.PyLong_FromLong(ParsePort(port)));
            if (server == 0)
            {
                return 0;
            }
            _server.Release();
            _server.Adopt(server);
            _serverName = name.ToArray();
            _serverPort = port.ToArray();
        }
        return _server.Borrow().NewReferencePointer();
    }

    private static long ParsePort(ReadOnlySpan<byte> text) =>
        System.Buffers.Text.Utf8Parser.TryParse(text, out long port, out var used) && used == text.Length ? port : 0;

    /// <summary>A 2-tuple of two new references (consumed), or 0.</summary>
    private static nint Pair(nint first, nint second)
    {
        var tuple = first == 0 || second == 0 ? 0 : CPython.PyTuple_New(2);
        if (tuple == 0)
        {
            if (first != 0)
            {
                CPython.Py_DecRef(first);
            }
            if (second != 0)
            {
                CPython.Py_DecRef(second);
            }
            return 0;
        }
        CPython.PyTuple_SetItem(tuple, 0, first);
        CPython.PyTuple_SetItem(tuple, 1, second);
        return tuple;
    }

    private bool Set(nint dict, int key, nint value) => CPython.PyDict_SetItem(dict, _keys[key].Pointer, value) == 0;

    /// <summary>Sets a new reference (consumed), failing on 0.</summary>
    private bool SetNew(nint dict, int key, nint value)
    {
        if (value == 0)
        {
            return false;
        }
        var ok = Set(dict, key, value);
        CPython.Py_DecRef(value);
        return ok;
    }

    private static void SetItem(nint dict, ReadOnlySpan<byte> key, nint value)
    {
        fixed (byte* text = key)
        {
            // u8 literals end in a NUL.
            CPython.PyDict_SetItemString(dict, text, value);
        }
    }

    private static nint Intern(string text)
    {
        fixed (byte* bytes = System.Text.Encoding.UTF8.GetBytes(text + "\0"))
        {
            return CPython.PyUnicode_InternFromString(bytes);
        }
    }

    /// <summary>The variables the scope reads, as indexes into <see cref="_found"/>.</summary>
    private static class Found
    {
        public const int Protocol = 0;
        public const int Method = 1;
        public const int PathInfo = 2;
        public const int RequestUri = 3;
        public const int QueryString = 4;
        public const int ScriptName = 5;
        public const int RemoteAddress = 6;
        public const int RemotePort = 7;
        public const int ServerName = 8;
        public const int ServerPort = 9;
        public const int Https = 10;
        public const int ForwardedProto = 11;
        public const int ForwardedFor = 12;
        public const int WebSocketProtocol = 13;
        public const int Count = 14;
    }
}
