using System.Text;
using Gantry.Application;
using Microsoft.Win32.SafeHandles;

namespace Gantry.Python.Tests.Infrastructure;

/// <summary>
/// An in-memory <see cref="IResponseSink"/>: records status, headers and body; can act as a full socket
/// (Write returns false every <see cref="PauseEvery"/> writes) and as a client that went away.
/// </summary>
public sealed class RecordingSink : IResponseSink
{
    private readonly MemoryStream _body = new();
    private int _writes;

    /// <summary>The status line as set last ("200 OK").</summary>
    public string? Status { get; private set; }

    /// <summary>Headers since the last SetStatus.</summary>
    public List<(string Name, string Value)> Headers { get; } = [];

    /// <summary>How many times SetStatus was called.</summary>
    public int StatusCount { get; private set; }

    /// <summary>Every WriteFile call.</summary>
    public List<(int Descriptor, long Offset, long Count)> Files { get; } = [];

    /// <summary>When &gt; 0, every Nth write reports the high-water mark (returns false).</summary>
    public int PauseEvery { get; set; }

    /// <summary>Hold body bytes back without committing the head (as a front computing Content-Length does).</summary>
    public bool Staging { get; set; }

    /// <summary>When &gt; 0, the client disconnects at the Nth write.</summary>
    public int DisconnectAtWrite { get; set; }

    /// <summary>Flush reports output still waiting for the client (returns false), as a slow client makes it.</summary>
    public bool FlushLeavesPending { get; set; }

    /// <summary>The body length at each Flush call: where the host asked for its bytes to leave.</summary>
    public List<long> Flushes { get; } = [];

    /// <summary>How many times Drain was called.</summary>
    public int DrainCount { get; private set; }

    public bool HeadersCommitted { get; private set; }

    public bool ClientGone { get; set; }

    /// <summary>The body bytes written so far, including files read at WriteFile time.</summary>
    public byte[] Body => _body.ToArray();

    /// <summary>The body as UTF-8.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    public void SetStatus(ReadOnlySpan<byte> status)
    {
        if (HeadersCommitted)
        {
            throw new InvalidOperationException("SetStatus after the head was committed");
        }
        Status = Encoding.Latin1.GetString(status);
        StatusCount++;
        Headers.Clear();
    }

    public void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (HeadersCommitted)
        {
            throw new InvalidOperationException("AddHeader after the head was committed");
        }
        Headers.Add((Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));
    }

    public bool Write(ReadOnlySpan<byte> data)
    {
        if (ClientGone)
        {
            return false;
        }
        _writes++;
        if (DisconnectAtWrite > 0 && _writes >= DisconnectAtWrite)
        {
            ClientGone = true;
            return false;
        }
        if (!data.IsEmpty && !Staging)
        {
            HeadersCommitted = true;
        }
        _body.Write(data);
        return PauseEvery <= 0 || _writes % PauseEvery != 0;
    }

    public bool WriteFile(int fileDescriptor, long offset, long count)
    {
        HeadersCommitted = true;
        Files.Add((fileDescriptor, offset, count));
        using var handle = new SafeFileHandle(fileDescriptor, ownsHandle: false);
        var buffer = new byte[count];
        var read = RandomAccess.Read(handle, buffer, offset);
        _body.Write(buffer, 0, read);
        return true;
    }

    public bool Flush()
    {
        if (ClientGone)
        {
            return false;
        }
        if (_body.Length > 0)
        {
            HeadersCommitted = true;
        }
        Flushes.Add(_body.Length);
        return !FlushLeavesPending;
    }

    public void Continue() => throw new NotSupportedException("the WSGI host never waits on anything but the client");

    public bool Drain()
    {
        DrainCount++;
        return !ClientGone;
    }
}
