using Gantry.Posix.Processes;

namespace Gantry.Posix.Tests.Processes;

public sealed class ProcessMemoryTests
{
    [Fact]
    public void ResidentBytes_ThisProcess_IsAtLeastOnePage()
    {
        Assert.True(ProcessMemory.ResidentBytes(Environment.ProcessId) >= Environment.SystemPageSize);
    }

    [Fact]
    public void ResidentBytes_NoSuchProcess_IsZero()
    {
        // Above the kernel's pid_max (at most 2^22), so never a live process.
        Assert.Equal(0, ProcessMemory.ResidentBytes(int.MaxValue));
    }
}
