using System.Security.Cryptography;
using System.Text;
using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Protocols.Http;
using Gantry.Supervisor.Configuration;
using Gantry.Supervisor.Rpc;

namespace Gantry.Supervisor.Control;

/// <summary>
/// One control client: HTTP/1.1 requests parsed with Gantry.Protocols' head parser; POST /RPC2 answered by the
/// <see cref="RpcInterface"/> (a deferred result waits for later loop turns, the connection reads nothing
/// meanwhile), GET /logtail/NAME[/CHANNEL] and /mainlogtail followed as supervisord's tail_f_producer does. Output
/// is queued and written as the socket takes it, so a slow client never holds the loop.
/// </summary>
internal sealed unsafe partial class ControlConnection : IReadinessHandler, IDisposable
{
    private const int MaxHead = 16 * 1024;
    private const int MaxBody = 4 * 1024 * 1024;
    private readonly ControlServer _server;
    private readonly ControlServerConfig _config;
    private readonly HttpRequestHead _head = new();
    private readonly MemoryStream _output = new();
    private byte[] _input = new byte[8192];
    private int _inputLength;
    private int _outputSent;
    private int _fd;
    private IFdWatch? _watch;
    private Deferred? _deferred;
    private bool _keepAlive;
    private bool _closeAfterWrite;
    private LogFollower? _follower;

    public ControlConnection(ControlServer server, int fd, ControlServerConfig config)
    {
        _server = server;
        _config = config;
        _fd = fd;
        _watch = server.Supervisor.Runtime.Loop.Watch(fd, LoopReadiness.Readable, this);
    }

    public void OnReady(LoopReadiness ready)
    {
        if ((ready & LoopReadiness.Writable) != 0)
        {
            Flush();
        }
        if ((ready & LoopReadiness.Readable) != 0 && _fd >= 0)
        {
            Receive();
        }
    }

    private void Receive()
    {
        while (_fd >= 0)
        {
            if (_inputLength == _input.Length)
            {
                if (_input.Length >= MaxHead + MaxBody)
                {
                    Dispose();
                    return;
                }
                Array.Resize(ref _input, _input.Length * 2);
            }
            nint count;
            fixed (byte* buffer = &_input[_inputLength])
            {
                count = LibC.recv(_fd, buffer, _input.Length - _inputLength, 0);
            }
            if (count > 0)
            {
                _inputLength += (int)count;
                continue;
            }
            if (count < 0 && LibC.Errno is LibC.EAGAIN or LibC.EINTR)
            {
                break;
            }
            Dispose();
            return;
        }
        Process();
    }

    /// <summary>Answers the request the input holds, if whole and if no answer is in progress.</summary>
    private void Process()
    {
        if (_deferred is not null || _follower is not null || _fd < 0 || _inputLength == 0)
        {
            return;
        }
        int headLength;
        try
        {
            if (!HttpRequestHeadParser.TryParse(_input.AsSpan(0, _inputLength), MaxHead, _head, out headLength))
            {
                return;
            }
        }
        catch (HttpRequestRejectedException)
        {
            Respond(400, "Bad Request", "text/html", "<html><body>400 Bad Request</body></html>"u8.ToArray(), close: true);
            return;
        }
        var bodyLength = (int)Math.Max(0, _head.ContentLength);
        if (bodyLength > MaxBody)
        {
            Respond(413, "Request Entity Too Large", "text/html", [], close: true);
            return;
        }
        if (_inputLength < headLength + bodyLength)
        {
            return;
        }
        var body = _input.AsSpan(headLength, bodyLength).ToArray();
        var method = Encoding.ASCII.GetString(_input.AsSpan(_head.Method));
        var path = Uri.UnescapeDataString(Encoding.ASCII.GetString(_input.AsSpan(_head.Path)));
        _keepAlive = _head.KeepAlive;
        var authorization = Header("authorization");
        var consumed = headLength + bodyLength;
        Buffer.BlockCopy(_input, consumed, _input, 0, _inputLength - consumed);
        _inputLength -= consumed;
        if (!Authorized(authorization))
        {
            Respond(401, "Unauthorized", "text/html", "<html><body>401 Unauthorized</body></html>"u8.ToArray(), close: false,
                "WWW-Authenticate: Basic realm=\"default\"\r\n");
            return;
        }
        Route(method, path, body);
    }

    private string? Header(string name)
    {
        for (var i = 0; i < _head.HeaderCount; i++)
        {
            if (Encoding.ASCII.GetString(_input.AsSpan(_head.HeaderName(i))).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return Encoding.ASCII.GetString(_input.AsSpan(_head.HeaderValue(i)));
            }
        }
        return null;
    }

    /// <summary>supervisord's basic auth: the configured password, or "{SHA}" and its SHA-1 in hex.</summary>
    private bool Authorized(string? authorization)
    {
        if (_config.Username is null)
        {
            return true;
        }
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || decoded[..colon] != _config.Username)
        {
            return false;
        }
        var password = decoded[(colon + 1)..];
        var expected = _config.Password ?? "";
        if (expected.StartsWith("{SHA}", StringComparison.Ordinal))
        {
            var digest = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(password)));
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(digest), Encoding.ASCII.GetBytes(expected[5..]));
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(expected));
    }

    public void Dispose()
    {
        _follower?.Dispose();
        _follower = null;
        _watch?.Dispose();
        _watch = null;
        if (_fd >= 0)
        {
            LibC.close(_fd);
            _fd = -1;
        }
        _server.Remove(this);
    }
}
