using Gantry.Posix.Native;

namespace Gantry.Posix.Tests.Native;

public sealed unsafe class LibCTests
{
    [Fact]
    public void ErrorText_Enoent_IsTheCLibraryText()
    {
        Assert.Equal("No such file or directory", LibC.ErrorText(2));
    }

    [Fact]
    public void Errno_FailedCall_IsReadBackOnTheSameThread()
    {
        Assert.Equal(-1, LibC.close(-1));

        Assert.Equal(9, LibC.Errno); // EBADF
    }

    [Fact]
    public void Pipe_WriteThenRead_CarriesTheBytes()
    {
        var fds = stackalloc int[2];
        Assert.Equal(0, LibC.pipe2(fds, LibC.O_CLOEXEC));
        try
        {
            var message = "ping"u8;
            fixed (byte* bytes = message)
            {
                Assert.Equal(4, LibC.write(fds[1], bytes, message.Length));
            }
            var buffer = stackalloc byte[8];
            Assert.Equal(4, LibC.read(fds[0], buffer, 8));
            Assert.Equal("ping"u8.ToArray(), new ReadOnlySpan<byte>(buffer, 4).ToArray());
        }
        finally
        {
            LibC.close(fds[0]);
            LibC.close(fds[1]);
        }
    }
}
