using System.Text;
using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Supervisor.Processes;
using Gantry.Supervisor.Rpc;

namespace Gantry.Supervisor.Control;

/// <summary>What the control server answers, and the output queue.</summary>
internal sealed unsafe partial class ControlConnection
{
    private void Route(string method, string path, byte[] body)
    {
        if (path == "/RPC2" && method == "POST")
        {
            AnswerRpc(body);
            return;
        }
        if (method == "GET" && (path.StartsWith("/logtail/", StringComparison.Ordinal) || path == "/mainlogtail"))
        {
            StartFollowing(path);
            return;
        }
        Respond(404, "Not Found", "text/html", "<html><body>404 Not Found</body></html>"u8.ToArray(), close: false);
    }

    private void AnswerRpc(byte[] body)
    {
        try
        {
            var (name, parameters) = XmlRpcReader.ReadCall(new MemoryStream(body));
            var result = _server.Rpc.Call(name, parameters);
            if (result is Deferred deferred)
            {
                _deferred = deferred;
                Poll();
                return;
            }
            RespondXml(XmlRpcWriter.Response(result));
        }
        catch (RpcFault fault)
        {
            RespondXml(XmlRpcWriter.Fault(fault.Code, fault.Message));
        }
    }

    /// <summary>Every loop turn: a deferred result finished, or a followed log grew.</summary>
    public void Poll()
    {
        if (_deferred is { } deferred)
        {
            try
            {
                var value = deferred.Poll();
                if (value == Deferred.NotDoneYet)
                {
                    return;
                }
                _deferred = null;
                RespondXml(XmlRpcWriter.Response(value));
            }
            catch (RpcFault fault)
            {
                _deferred = null;
                RespondXml(XmlRpcWriter.Fault(fault.Code, fault.Message));
            }
            Process();
        }
        if (_follower is { } follower && _output.Length - _outputSent < 64 * 1024)
        {
            var data = follower.More();
            if (data.Length > 0)
            {
                Enqueue(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"));
                Enqueue(data);
                Enqueue("\r\n"u8);
                Flush();
            }
        }
    }

    /// <summary>supervisord's logtail handler: 404 when the process or its file is unknown; else the last 1024
    /// bytes and then whatever is appended, as a chunked body that never ends (the client leaves).</summary>
    private void StartFollowing(string path)
    {
        string? file;
        if (path == "/mainlogtail")
        {
            file = _server.Supervisor.Runtime.Config.Logfile;
        }
        else
        {
            var rest = path["/logtail/".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var namespec = slash < 0 ? rest : rest[..slash];
            var channel = slash < 0 ? "stdout" : rest[(slash + 1)..];
            var colon = namespec.IndexOf(':', StringComparison.Ordinal);
            var group = _server.Supervisor.FindGroup(colon < 0 ? namespec : namespec[..colon]);
            var process = group?.Find(colon < 0 ? namespec : namespec[(colon + 1)..]);
            file = channel switch
            {
                "stdout" => process?.Config.Stdout.Path,
                "stderr" => process?.Config.Stderr.Path,
                _ => null,
            };
        }
        if (file is null || !File.Exists(file))
        {
            Respond(404, "Not Found", "text/html", "<html><body>404 Not Found</body></html>"u8.ToArray(), close: false);
            return;
        }
        _follower = new LogFollower(file, 1024);
        Enqueue(Encoding.ASCII.GetBytes(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain;charset=utf-8\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n\r\n"));
        Poll();
        Flush();
    }

    private void RespondXml(byte[] xml) => Respond(200, "OK", "text/xml", xml, close: false);

    private void Respond(int status, string reason, string contentType, byte[] body, bool close, string extraHeaders = "")
    {
        var keepAlive = _keepAlive && !close;
        Enqueue(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {reason}\r\nServer: Gantry supervisor\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n{extraHeaders}{(keepAlive ? "" : "Connection: close\r\n")}\r\n"));
        Enqueue(body);
        _closeAfterWrite = !keepAlive;
        Flush();
    }

    private void Enqueue(ReadOnlySpan<byte> bytes) => _output.Write(bytes);

    private void Flush()
    {
        while (_fd >= 0 && _outputSent < _output.Length)
        {
            var buffer = _output.GetBuffer();
            nint sent;
            fixed (byte* data = &buffer[_outputSent])
            {
                sent = LibC.send(_fd, data, (nint)(_output.Length - _outputSent), LibC.MSG_NOSIGNAL);
            }
            if (sent > 0)
            {
                _outputSent += (int)sent;
                continue;
            }
            if (sent < 0 && LibC.Errno is LibC.EAGAIN or LibC.EINTR)
            {
                _watch?.Change(LoopReadiness.Readable | LoopReadiness.Writable);
                return;
            }
            Dispose();
            return;
        }
        if (_fd < 0)
        {
            return;
        }
        _output.SetLength(0);
        _outputSent = 0;
        _watch?.Change(LoopReadiness.Readable);
        if (_closeAfterWrite && _follower is null)
        {
            Dispose();
            return;
        }
        if (_deferred is null && _follower is null && _inputLength > 0)
        {
            Process();
        }
    }
}
