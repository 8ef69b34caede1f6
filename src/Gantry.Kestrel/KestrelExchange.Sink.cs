using System.Buffers;
using System.Text;
using Gantry.Application;
using Gantry.Posix.Files;
using Microsoft.Win32.SafeHandles;

namespace Gantry.Kestrel;

/// <summary>The host's side: <see cref="IResponseSink"/>, on the loop thread only.</summary>
internal sealed partial class KestrelExchange : IResponseSink
{
    private const int SignalEvery = 64 * 1024;
    private const int ReadFileInline = 64 * 1024;

    // Loop side only until the head is published (Commit), then read by Kestrel's side and never changed again.
    private int _statusCode = 200;
    private string _reason = "OK";
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private long _appContentLength = -1;

    // Loop side only.
    private bool _committed;
    private bool _bodyAllowed = true;
    private long _bodyBytes;
    private int _headerBytes;
    private long _unsignaled;

    // Shared, under _gate.
    private bool _headReady;
    private bool _ended;
    private bool _cut;
    private long _queued;
    private long _resumeBelow = -1;
    private volatile bool _clientGone;

    public bool HeadersCommitted => _committed;

    public bool ClientGone => _clientGone;

    public void SetStatus(ReadOnlySpan<byte> status)
    {
        if (_committed)
        {
            return;
        }
        _headers.Clear();
        _appContentLength = -1;
        _headerBytes = 0;
        _statusCode = status.Length >= 3 && int.TryParse(status[..3], out var code) ? code : 500;
        _reason = status.Length > 4 ? Encoding.Latin1.GetString(status[4..]) : "";
    }

    public void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (_committed)
        {
            return;
        }
        var key = Encoding.Latin1.GetString(name);
        var text = Encoding.Latin1.GetString(value);
        if (key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && long.TryParse(text, out var length) && length >= 0)
        {
            _appContentLength = length;
        }
        _headerBytes += name.Length + value.Length + 4;
        _headers.Add(new(key, text));
    }

    public bool Write(ReadOnlySpan<byte> data)
    {
        if (_clientGone)
        {
            return false;
        }
        Commit();
        _bodyBytes += data.Length;
        if (!_bodyAllowed || data.IsEmpty)
        {
            return true;
        }
        lock (_gate)
        {
            AppendLocked(data);
            _unsignaled += data.Length;
            if (_queued < HighWater)
            {
                if (_unsignaled >= SignalEvery)
                {
                    SignalLocked();
                }
                return true;
            }
            _resumeBelow = HighWater / 2;
            SignalLocked();
            return false;
        }
    }

    public bool Flush()
    {
        if (_clientGone)
        {
            return false;
        }
        Commit();
        lock (_gate)
        {
            SignalLocked();
            if (_queued == 0)
            {
                return true;
            }
            // PEP 3333: this block reaches the client before the next is asked for.
            _resumeBelow = 0;
            return false;
        }
    }

    public bool WriteFile(int fileDescriptor, long offset, long count)
    {
        if (_clientGone)
        {
            return false;
        }
        if (count < 0)
        {
            count = FileSystemCalls.BytesFrom(fileDescriptor, offset);
        }
        if (_appContentLength >= 0)
        {
            count = Math.Min(count, Math.Max(0, _appContentLength - _bodyBytes));
        }
        Commit();
        _bodyBytes += count;
        if (!_bodyAllowed || count == 0)
        {
            return true;
        }
        if (count <= ReadFileInline)
        {
            // A small file is read now (the page cache, as sendfile would), so the host may close it when this returns.
            var block = ArrayPool<byte>.Shared.Rent((int)count);
            try
            {
                using var handle = new SafeFileHandle(fileDescriptor, ownsHandle: false);
                var read = RandomAccess.Read(handle, block.AsSpan(0, (int)count), offset);
                _bodyBytes -= count - read;
                lock (_gate)
                {
                    AppendLocked(block.AsSpan(0, read));
                    _unsignaled += read;
                    return _queued < HighWater;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(block);
            }
        }
        lock (_gate)
        {
            _queue.Enqueue(new OutputSegment { Fd = fileDescriptor, Offset = offset, Count = count });
            _queued += count;
            // The descriptor is the host's until it is resumed: resume once Kestrel read and sent all of it.
            _resumeBelow = 0;
            SignalLocked();
            return false;
        }
    }

    public void Continue() => Post(_continueWork);

    public bool Drain()
    {
        if (_clientGone)
        {
            return false;
        }
        Commit();
        var deadline = Environment.TickCount64 + (_front.Server.SocketTimeoutSeconds * 1000L);
        _target.Application.EnterWait();
        try
        {
            lock (_gate)
            {
                SignalLocked();
                while (_queued > 0 && !_clientGone)
                {
                    var left = deadline - Environment.TickCount64;
                    if (left <= 0)
                    {
                        _clientGone = true;
                        break;
                    }
                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(left));
                }
            }
        }
        finally
        {
            _target.Application.LeaveWait();
        }
        return !_clientGone;
    }

    /// <summary>Publishes the head to Kestrel's side (the first body byte, a flush, or the end).</summary>
    private void Commit()
    {
        if (_committed)
        {
            return;
        }
        _committed = true;
        _bodyAllowed = _statusCode >= 200 && _statusCode != 204 && _statusCode != 304
            && !(Request.Variables.TryGetValue("REQUEST_METHOD"u8, out var method) && method.SequenceEqual("HEAD"u8));
        lock (_gate)
        {
            _headReady = true;
        }
    }

    /// <summary>Copies <paramref name="data"/> into the queue's last block while it has room, then into new blocks.</summary>
    private void AppendLocked(ReadOnlySpan<byte> data)
    {
        _queued += data.Length;
        if (_queue.Count > 0 && _queueTail is { Bytes: { } tail } last && last.Length < tail.Length)
        {
            var room = Math.Min(tail.Length - last.Length, data.Length);
            data[..room].CopyTo(tail.AsSpan(last.Length));
            last.Length += room;
            data = data[room..];
        }
        while (!data.IsEmpty)
        {
            var block = ArrayPool<byte>.Shared.Rent(Math.Max(BlockSize, Math.Min(data.Length, HighWater)));
            var count = Math.Min(block.Length, data.Length);
            data[..count].CopyTo(block);
            _queueTail = new OutputSegment { Bytes = block, Length = count };
            _queue.Enqueue(_queueTail);
            data = data[count..];
        }
    }

    private OutputSegment? _queueTail;

    /// <summary>Empties the sink for the next request (both sides are done).</summary>
    private void ResetSink()
    {
        foreach (var segment in _queue)
        {
            if (segment.Bytes is { } bytes)
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
        _queue.Clear();
        _queueTail = null;
        _statusCode = 200;
        _reason = "OK";
        _headers.Clear();
        _appContentLength = -1;
        _committed = false;
        _bodyAllowed = true;
        _bodyBytes = 0;
        _headerBytes = 0;
        _unsignaled = 0;
        _headReady = false;
        _ended = false;
        _cut = false;
        _queued = 0;
        _resumeBelow = -1;
        _clientGone = false;
        _signaled = false;
        _waiter = null;
        _continuation = null;
        _lastStep = ApplicationStep.Completed;
        _loopDone = false;
        _posted = 0;
        _bodyRefusal = 0;
        _bodyTaken = null;
        _decided = null;
        _bodyBuffer = default;
        _webSocketAccepted = false;
        _webSocketArrival = false;
        ReturnHandover();
        _webSocketEnds = false;
        _webSocketTaken = null;
        _webSocketOwed = null;
    }
}
