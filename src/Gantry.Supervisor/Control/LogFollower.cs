namespace Gantry.Supervisor.Control;

/// <summary>
/// supervisord's <c>tail_f_producer</c>: starts <c>head</c> bytes before the end, then returns what was appended;
/// follows a rotation (the name now names another inode) by reopening, and says so on truncation.
/// </summary>
internal sealed class LogFollower : IDisposable
{
    private readonly string _path;
    private FileStream _file;
    private long _position;

    public LogFollower(string path, int head)
    {
        _path = path;
        _file = Open();
        _position = Math.Max(0, _file.Length - head);
    }

    public byte[] More()
    {
        Follow();
        var size = _file.Length;
        if (size < _position)
        {
            _position = 0;
            return "==> File truncated <==\n"u8.ToArray();
        }
        if (size == _position)
        {
            return [];
        }
        var count = (int)Math.Min(size - _position, 64 * 1024);
        var data = new byte[count];
        _file.Position = _position;
        _file.ReadExactly(data);
        _position += count;
        return data;
    }

    private void Follow()
    {
        try
        {
            var current = File.ResolveLinkTarget(_path, false) is null ? new FileInfo(_path) : null;
            if (current is { Exists: true } && current.Length < _position && _file.Length >= _position)
            {
                // Rotated: the name is a new, shorter file.
                _file.Dispose();
                _file = Open();
                _position = 0;
            }
        }
        catch (IOException)
        {
        }
    }

    private FileStream Open() => new(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    public void Dispose() => _file.Dispose();
}
