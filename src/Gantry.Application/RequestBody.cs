using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Gantry.Application;

/// <summary>
/// A request body, received in full before the application runs (so reading it never waits on the network), or, for
/// a host that asked for it (<see cref="IApplicationThread.StreamsRequestBody"/>), still arriving while the host runs
/// (.Streaming). Bodies up to <see cref="MemoryLimit"/> bytes stay in memory; a larger one moves to an unlinked
/// temporary file (as nginx's client_body_temp_path), so a 100 MiB upload costs disk, not memory, however slowly the
/// host reads it. One owner: the connection that received it. Reads happen on the loop thread that runs the application.
/// </summary>
public sealed partial class RequestBody : IDisposable
{
    private const int FileReadChunk = 64 * 1024;
    private const int RetainedMemory = 64 * 1024;

    private readonly string _temporaryDirectory;
    private byte[] _memory = [];
    private int _memoryLength;
    private SafeFileHandle? _file;
    private byte[]? _fileWindow;
    private int _windowStart;
    private int _windowEnd;

    /// <param name="memoryLimit">Bodies larger than this go to a temporary file (uWSGI's post-buffering).</param>
    /// <param name="temporaryDirectory">Where temporary files are created.</param>
    public RequestBody(int memoryLimit, string temporaryDirectory)
    {
        MemoryLimit = memoryLimit;
        _temporaryDirectory = temporaryDirectory;
    }

    /// <summary>Bodies above this many bytes are spooled to disk.</summary>
    public int MemoryLimit { get; }

    /// <summary>Bytes received so far (the whole body once <see cref="IsComplete"/>).</summary>
    public long Length { get; private set; }

    /// <summary>Bytes the application consumed.</summary>
    public long Position { get; private set; }

    /// <summary>True while the body lives in a temporary file.</summary>
    public bool IsSpooled => _file is not null;

    /// <summary>Bytes received and not read yet.</summary>
    public long Remaining => Length - Position;

    /// <summary>Empties the body for the next request, closing any temporary file.</summary>
    public void Reset()
    {
        Length = 0;
        Position = 0;
        _memoryLength = 0;
        _windowStart = _windowEnd = 0;
        _file?.Dispose();
        _file = null;
        IsComplete = true;
        _listener = null;
        if (_memory.Length > RetainedMemory)
        {
            ArrayPool<byte>.Shared.Return(_memory);
            _memory = [];
        }
    }

    /// <summary>Appends received bytes (the front's side).</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        if (_file is null && Length + data.Length > MemoryLimit)
        {
            SpoolToFile();
        }
        if (_file is not null)
        {
            RandomAccess.Write(_file, data, Length);
        }
        else
        {
            EnsureMemory(_memoryLength + data.Length);
            data.CopyTo(_memory.AsSpan(_memoryLength));
            _memoryLength += data.Length;
        }
        Length += data.Length;
    }

    /// <summary>
    /// The next unread bytes that are available without consuming them: all of them in memory, or a window
    /// of the temporary file. Empty at the end of the body, or, while the body is not <see cref="IsComplete"/>, when
    /// every byte that arrived so far was read (then wait: <see cref="NotifyWhenMoreArrives"/>). Follow with
    /// <see cref="Advance"/>.
    /// </summary>
    public ReadOnlySpan<byte> Peek()
    {
        if (_file is null)
        {
            return _memory.AsSpan((int)Position, _memoryLength - (int)Position);
        }
        if (_windowStart == _windowEnd && Position < Length)
        {
            _fileWindow ??= new byte[FileReadChunk];
            _windowStart = 0;
            _windowEnd = RandomAccess.Read(_file, _fileWindow, Position);
        }
        return _fileWindow.AsSpan(_windowStart, _windowEnd - _windowStart);
    }

    /// <summary>Consumes <paramref name="count"/> bytes of what <see cref="Peek"/> returned.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Remaining);
        Position += count;
        if (_file is not null)
        {
            _windowStart = Math.Min(_windowStart + count, _windowEnd);
        }
    }

    /// <summary>
    /// Copies up to <paramref name="destination"/>.Length unread bytes; returns how many (0 at the end, or when
    /// nothing unread has arrived yet, as <see cref="Peek"/>).
    /// </summary>
    public int Read(Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var available = Peek();
            if (available.IsEmpty)
            {
                break;
            }
            var count = Math.Min(available.Length, destination.Length - total);
            available[..count].CopyTo(destination[total..]);
            Advance(count);
            total += count;
        }
        return total;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Reset();
        if (_memory.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_memory);
            _memory = [];
        }
    }

    private void SpoolToFile()
    {
        var path = Path.Combine(_temporaryDirectory, $"gantry-body-{Environment.ProcessId}-{Guid.NewGuid():N}");
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        File.Delete(path);
        if (_memoryLength > 0)
        {
            RandomAccess.Write(_file, _memory.AsSpan(0, _memoryLength), 0);
        }
        _memoryLength = 0;
    }

    private void EnsureMemory(int length)
    {
        if (length <= _memory.Length)
        {
            return;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(length, Math.Max(4096, _memory.Length * 2)));
        _memory.AsSpan(0, _memoryLength).CopyTo(larger);
        if (_memory.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_memory);
        }
        _memory = larger;
    }
}
