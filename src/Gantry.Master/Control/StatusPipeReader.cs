using Gantry.Master.Supervision;
using Gantry.Posix.Native;

namespace Gantry.Master.Control;

/// <summary>Reads worker messages from the status pipe on a background thread and queues them for the master loop.</summary>
internal sealed unsafe class StatusPipeReader
{
    private readonly int _fd;
    private readonly Action<MasterCommand> _post;

    public StatusPipeReader(int fd, Action<MasterCommand> post)
    {
        _fd = fd;
        _post = post;
    }

    public void Start() => new Thread(Run) { IsBackground = true, Name = "gantry status pipe" }.Start();

    private void Run()
    {
        var buffer = new byte[StatusMessage.Size * 64];
        var filled = 0;
        while (true)
        {
            nint count;
            fixed (byte* start = buffer)
            {
                count = LibC.read(_fd, start + filled, buffer.Length - filled);
            }
            if (count < 0 && LibC.Errno == LibC.EINTR)
            {
                continue;
            }
            if (count <= 0)
            {
                return;
            }
            filled += (int)count;
            var offset = 0;
            for (; filled - offset >= StatusMessage.Size; offset += StatusMessage.Size)
            {
                var message = StatusMessage.Read(buffer.AsSpan(offset, StatusMessage.Size));
                if (message.Kind == StatusMessage.Ready)
                {
                    _post(new MasterCommand(MasterCommandKind.WorkerReady, message.Pid, message.Record));
                }
            }
            buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
            filled -= offset;
        }
    }
}
