using System.Text;
using Gantry.Posix.Native;

namespace Gantry.Logging;

/// <summary>
/// uWSGI's log-date (core/logging.c uwsgi_log): each of gantry's own lines starts with the time as ctime(3) writes it,
/// or as a strftime(3) format gives it, and " - ". Formatted by the C library, in the local zone, once a second.
/// </summary>
internal sealed class LogDatePrefix(string format)
{
    private long _second = long.MinValue;
    private string _text = "";

    /// <summary>The prefix for a line written now.</summary>
    public unsafe string Now()
    {
        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (second == _second)
        {
            return _text;
        }
        _second = second;
        var tm = stackalloc byte[LibC.TmSize];
        LibC.localtime_r(&second, tm);
        // ctime(3) is strftime's "%a %b %e %H:%M:%S %Y".
        var pattern = Encoding.UTF8.GetBytes((format.Length == 0 ? "%a %b %e %H:%M:%S %Y" : format) + "\0");
        var buffer = stackalloc byte[256];
        nuint length;
        fixed (byte* formatBytes = pattern)
        {
            length = LibC.strftime(buffer, 256, formatBytes, tm);
        }
        _text = Encoding.UTF8.GetString(buffer, (int)length) + " - ";
        return _text;
    }
}
