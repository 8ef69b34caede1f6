using System.Runtime.InteropServices;
using System.Text;
using Gantry.Posix.Native;

namespace Gantry.Supervisor.Processes;

/// <summary>
/// <c>stdout_syslog</c>/<c>stderr_syslog</c>: each line a program writes goes to syslog as supervisord sends it (its
/// SyslogHandler with the format <c>NAME %(message)s</c>, through Python's <c>syslog.syslog</c>: ident
/// <c>supervisord</c>, facility user, priority info), so <c>supervisord: prj line</c> reaches the same log filters.
/// </summary>
internal static unsafe class SupervisorSyslog
{
    private static bool _opened;

    public static void Write(string program, ReadOnlySpan<byte> data)
    {
        if (!_opened)
        {
            // libc keeps this pointer: allocated once, for the life of the process.
            var ident = (byte*)NativeMemory.Alloc(12);
            "supervisord\0"u8.CopyTo(new Span<byte>(ident, 12));
            LibC.openlog(ident, 0, LibC.LOG_USER);
            _opened = true;
        }
        var text = data;
        while (text.Length > 0 && text[^1] == (byte)'\n')
        {
            text = text[..^1];
        }
        var prefix = Encoding.UTF8.GetBytes(program + " ");
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            var message = new byte[prefix.Length + line.Length + 1];
            prefix.CopyTo(message, 0);
            line.CopyTo(message.AsSpan(prefix.Length));
            fixed (byte* format = "%s\0"u8, bytes = message)
            {
                LibC.syslog(LibC.LOG_INFO, format, bytes);
            }
        }
    }
}
