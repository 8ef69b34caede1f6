using System.Text;
using Microsoft.Extensions.Logging;

namespace Gantry.Cgi;

/// <summary>
/// A script's stderr cut into lines for the log, each with the script's name (uWSGI lets the script write to the log
/// file as it is, so lines of concurrent scripts interleave mid-line and name nobody). A line longer than
/// <see cref="MaxLineLength"/> is logged in pieces; the last line is logged at the end even without its newline.
/// </summary>
internal sealed class CgiStderrLines(string script, ILogger logger)
{
    public const int MaxLineLength = 4096;

    private readonly byte[] _line = new byte[MaxLineLength];
    private int _length;

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var end = data.IndexOf((byte)'\n');
            var piece = end < 0 ? data : data[..end];
            var room = MaxLineLength - _length;
            if (piece.Length >= room)
            {
                piece[..room].CopyTo(_line.AsSpan(_length));
                _length = MaxLineLength;
                Flush();
                data = data[room..];
                continue;
            }
            piece.CopyTo(_line.AsSpan(_length));
            _length += piece.Length;
            if (end < 0)
            {
                return;
            }
            Flush();
            data = data[(end + 1)..];
        }
    }

    /// <summary>Logs what is held (a line without its newline yet).</summary>
    public void Flush()
    {
        var line = _line.AsSpan(0, _length).TrimEnd((byte)'\r');
        _length = 0;
        if (!line.IsEmpty)
        {
            logger.ScriptStderr(script, Encoding.UTF8.GetString(line));
        }
    }
}
