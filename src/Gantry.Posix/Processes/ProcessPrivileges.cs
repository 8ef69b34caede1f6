using System.Globalization;
using Gantry.Posix.Native;

namespace Gantry.Posix.Processes;

/// <summary>
/// uid/gid: after binding (privileged ports need root) the process switches to the configured group, then
/// user, as uWSGI does: group first (setgid is impossible after setuid), supplementary groups reset to the
/// user's (initgroups) or none. Workers spawned afterwards inherit the identity.
/// </summary>
public static unsafe class ProcessPrivileges
{
    /// <summary>True when the effective user is root.</summary>
    public static bool IsRoot => LibC.geteuid() == 0;

    /// <summary>Switches to <paramref name="group"/> and <paramref name="user"/> (names or numbers; either may be null).</summary>
    /// <returns>Null on success, else what failed.</returns>
    public static string? Drop(string? user, string? group)
    {
        uint? uid = null;
        uint? gid = null;
        if (user is not null)
        {
            if (ResolveUser(user, out var userId, out var primaryGroup) is { } error)
            {
                return error;
            }
            uid = userId;
            gid = primaryGroup;
        }
        if (group is not null)
        {
            if (ResolveGroup(group, out var groupId) is { } error)
            {
                return error;
            }
            gid = groupId;
        }
        if (gid is { } g)
        {
            if (IsRoot)
            {
                var reset = user is not null && !uint.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                    ? LibC.initgroups(user, g)
                    : LibC.setgroups(0, null);
                if (reset != 0)
                {
                    return $"cannot reset supplementary groups: errno {LibC.Errno}";
                }
            }
            if (LibC.setgid(g) != 0)
            {
                return $"setgid({g}) failed: errno {LibC.Errno}";
            }
        }
        if (uid is { } u && LibC.setuid(u) != 0)
        {
            return $"setuid({u}) failed: errno {LibC.Errno}";
        }
        return null;
    }

    /// <summary>
    /// Gives <paramref name="path"/> to <paramref name="owner"/>, written <c>user[:group]</c> with names or numbers
    /// (uWSGI <c>chown-socket</c>): without a group only the user changes; a user name does not imply its group.
    /// </summary>
    /// <returns>Null on success, else what failed.</returns>
    public static string? Chown(string path, string owner)
    {
        var colon = owner.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? owner : owner[..colon];
        uint uid = uint.MaxValue;
        uint gid = uint.MaxValue;
        if (user.Length > 0 && ResolveUser(user, out uid, out _) is { } userError)
        {
            return userError;
        }
        if (colon >= 0 && ResolveGroup(owner[(colon + 1)..], out gid) is { } groupError)
        {
            return groupError;
        }
        return LibC.chown(path, uid, gid) == 0 ? null : $"chown({path}, {owner}) failed: errno {LibC.Errno}";
    }

    private static string? ResolveUser(string user, out uint uid, out uint? primaryGroup)
    {
        primaryGroup = null;
        if (uint.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out uid))
        {
            return null;
        }
        var entry = LibC.getpwnam(user);
        if (entry is null)
        {
            return $"unknown user '{user}'";
        }
        uid = *(uint*)(entry + LibC.PasswdUidOffset);
        primaryGroup = *(uint*)(entry + LibC.PasswdGidOffset);
        return null;
    }

    private static string? ResolveGroup(string group, out uint gid)
    {
        if (uint.TryParse(group, NumberStyles.None, CultureInfo.InvariantCulture, out gid))
        {
            return null;
        }
        var entry = LibC.getgrnam(group);
        if (entry is null)
        {
            return $"unknown group '{group}'";
        }
        gid = *(uint*)(entry + LibC.GroupGidOffset);
        return null;
    }
}
