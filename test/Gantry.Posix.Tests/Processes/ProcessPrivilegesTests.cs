using Gantry.Posix.Native;
using Gantry.Posix.Processes;

namespace Gantry.Posix.Tests.Processes;

/// <summary>What can be checked without changing the test process's identity: chown to itself, and lookups that fail.</summary>
public sealed class ProcessPrivilegesTests
{
    [Fact]
    public void Chown_ToOwnNumericIds_Succeeds()
    {
        var path = Path.GetTempFileName();
        try
        {
            Assert.Null(ProcessPrivileges.Chown(path, $"{LibC.getuid()}:{LibC.getgid()}"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Chown_UnknownUser_SaysWhich()
    {
        Assert.Equal("unknown user 'gantry-no-such-user'", ProcessPrivileges.Chown("/nonexistent", "gantry-no-such-user"));
    }

    [Fact]
    public void Drop_UnknownGroup_FailsBeforeChangingAnything()
    {
        Assert.Equal("unknown group 'gantry-no-such-group'", ProcessPrivileges.Drop(null, "gantry-no-such-group"));
    }

    [Fact]
    public void Chown_OwnUserByName_ResolvesItsUidFromPasswd()
    {
        // Giving a file to its own owner is allowed without privileges; the owner read back checks the passwd offsets.
        var path = Path.GetTempFileName();
        try
        {
            Assert.Null(ProcessPrivileges.Chown(path, Environment.UserName));

            Assert.Equal(LibC.getuid(), OwnerOf(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>stx_uid of statx(2), at offset 20 (after stx_mask, stx_blksize, stx_attributes, stx_nlink).</summary>
    private static unsafe uint OwnerOf(string path)
    {
        var buffer = stackalloc byte[256];
        Assert.Equal(0, LibC.statx(LibC.AT_FDCWD, path, 0, LibC.STATX_BASIC_STATS, buffer));
        return *(uint*)(buffer + 20);
    }
}
