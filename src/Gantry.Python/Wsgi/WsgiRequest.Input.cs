using System.Buffers;
using Gantry.Python.Native;

namespace Gantry.Python.Wsgi;

/// <summary>
/// wsgi.input (PEP 3333 "Input and Error Streams"): read, readline, readlines over the body the front received
/// in full (in memory, or spooled to a temporary file), so no call waits on the network.
/// </summary>
internal sealed unsafe partial class WsgiRequest
{
    /// <summary>read(size): at most size bytes (all that is left when size is negative or None); b'' at the end.</summary>
    public nint InputRead(long size)
    {
        var body = _context!.Body;
        var count = size < 0 || size > body.Remaining ? body.Remaining : size;
        var bytes = CPython.PyBytes_FromStringAndSize(null, (nint)count);
        if (bytes == 0 || count == 0)
        {
            return bytes;
        }
        // A fresh bytes object may be filled in place before anyone else sees it.
        var buffer = CPython.PyBytes_AsString(bytes);
        long done = 0;
        while (done < count)
        {
            var read = body.Read(new Span<byte>(buffer + done, (int)Math.Min(count - done, int.MaxValue)));
            if (read == 0)
            {
                break;
            }
            done += read;
        }
        if (done == count)
        {
            return bytes;
        }
        var shorter = CPython.PyBytes_FromStringAndSize(buffer, (nint)done);
        CPython.Py_DecRef(bytes);
        return shorter;
    }

    /// <summary>readline(size): up to and including the next b'\n', at most size bytes; b'' at the end.</summary>
    public nint InputReadLine(long size)
    {
        var body = _context!.Body;
        var limit = size < 0 ? long.MaxValue : size;
        var window = body.Peek();
        if (limit == 0 || window.IsEmpty)
        {
            return CPython.NewBytes(default);
        }
        var scan = window[..(int)Math.Min(window.Length, limit)];
        var newline = scan.IndexOf((byte)'\n');
        if (newline >= 0 || scan.Length == limit || scan.Length == body.Remaining)
        {
            // The whole line is in this window: the usual case, always so for a body kept in memory.
            var line = newline >= 0 ? scan[..(newline + 1)] : scan;
            var result = CPython.NewBytes(line);
            body.Advance(line.Length);
            return result;
        }
        return ReadLongLine(limit);
    }

    /// <summary>readlines(hint): lines until their total length reaches hint (all lines when hint &lt;= 0).</summary>
    public nint InputReadLines(long hint)
    {
        using var lines = PyOwned.Steal(CPython.PyList_New(0));
        if (lines.IsNull)
        {
            return 0;
        }
        long total = 0;
        while (true)
        {
            using var line = PyOwned.Steal(InputReadLine(-1));
            if (line.IsNull)
            {
                return 0;
            }
            var length = CPython.PyBytes_Size(line.Pointer);
            if (length == 0)
            {
                break;
            }
            if (CPython.PyList_Append(lines.Pointer, line.Pointer) != 0)
            {
                return 0;
            }
            total += length;
            if (hint > 0 && total >= hint)
            {
                break;
            }
        }
        CPython.Py_IncRef(lines.Pointer);
        return lines.Pointer;
    }

    /// <summary>A line that spans windows of a spooled body: gathered in a pooled buffer.</summary>
    private nint ReadLongLine(long limit)
    {
        var body = _context!.Body;
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        var used = 0;
        try
        {
            while (used < limit)
            {
                var window = body.Peek();
                if (window.IsEmpty)
                {
                    break;
                }
                var scan = window[..(int)Math.Min(window.Length, limit - used)];
                var newline = scan.IndexOf((byte)'\n');
                var take = newline >= 0 ? scan[..(newline + 1)] : scan;
                if (used + take.Length > buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, used + take.Length));
                    buffer.AsSpan(0, used).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                take.CopyTo(buffer.AsSpan(used));
                used += take.Length;
                body.Advance(take.Length);
                if (newline >= 0)
                {
                    break;
                }
            }
            return CPython.NewBytes(buffer.AsSpan(0, used));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
