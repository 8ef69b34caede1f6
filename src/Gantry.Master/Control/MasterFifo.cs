using Gantry.Master.Supervision;
using Gantry.Posix.Native;
using Microsoft.Extensions.Logging;

namespace Gantry.Master.Control;

/// <summary>
/// uWSGI's master FIFO (core/fifo.c; uwsgi-docs MasterFIFO.rst): every byte written to it is a command.
/// The FIFO is opened read-write so it never reports end-of-file between writers (uWSGI re-creates it
/// after each writer instead); a background thread reads it and queues the commands.
/// </summary>
internal sealed unsafe class MasterFifo : IDisposable
{
    private const int OwnerReadWrite = 0x180; // 0600
    private readonly string _path;
    private readonly int _fd;
    private readonly Action<MasterCommand> _post;
    private readonly ILogger _logger;

    private MasterFifo(string path, int fd, Action<MasterCommand> post, ILogger logger)
    {
        _path = path;
        _fd = fd;
        _post = post;
        _logger = logger;
    }

    /// <summary>Creates the FIFO at <paramref name="path"/> (replacing a stale file) and starts reading it.</summary>
    public static MasterFifo Open(string path, Action<MasterCommand> post, ILogger logger)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        if (LibC.mkfifo(path, OwnerReadWrite) != 0 && LibC.Errno != LibC.EEXIST)
        {
            throw new InvalidOperationException($"mkfifo({path}) failed: errno {LibC.Errno}");
        }
        var fd = LibC.open(path, LibC.O_RDWR | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException($"open({path}) failed: errno {LibC.Errno}");
        }
        var fifo = new MasterFifo(path, fd, post, logger);
        new Thread(fifo.Run) { IsBackground = true, Name = "gantry master fifo" }.Start();
        return fifo;
    }

    /// <summary>The command a FIFO byte stands for, or null for bytes Gantry does not act on.</summary>
    public static MasterCommandKind? Meaning(byte command) => command switch
    {
        (byte)'r' => MasterCommandKind.GracefulReload,
        (byte)'R' => MasterCommandKind.BrutalReload,
        (byte)'c' => MasterCommandKind.ChainReload,
        (byte)'w' => MasterCommandKind.GracefulWorkersReload,
        (byte)'W' => MasterCommandKind.BrutalWorkersReload,
        (byte)'q' => MasterCommandKind.GracefulShutdown,
        (byte)'Q' => MasterCommandKind.BrutalShutdown,
        (byte)'s' => MasterCommandKind.LogStats,
        _ => null,
    };

    private void Run()
    {
        var buffer = stackalloc byte[64];
        while (true)
        {
            var count = LibC.read(_fd, buffer, 64);
            if (count < 0 && LibC.Errno == LibC.EINTR)
            {
                continue;
            }
            if (count <= 0)
            {
                return;
            }
            for (var i = 0; i < count; i++)
            {
                var command = buffer[i];
                if (Meaning(command) is { } kind)
                {
                    _post(new MasterCommand(kind));
                }
                else if (command is not ((byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'0'))
                {
                    _logger.FifoCommandUnsupported(((char)command).ToString());
                }
            }
        }
    }

    /// <summary>Removes the FIFO file (the reading thread ends with the process).</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
        }
    }
}
