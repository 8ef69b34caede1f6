using Gantry.Posix.Native;

namespace Gantry.Configuration.Sources;

/// <summary>The real uid and gid, for the <c>%u</c> and <c>%g</c> magic variables.</summary>
internal static class NativeIdentity
{
    /// <summary>getuid(2) as text, or empty where libc is not available.</summary>
    public static string UserId() => Call(LibC.getuid);

    /// <summary>getgid(2) as text, or empty where libc is not available.</summary>
    public static string GroupId() => Call(LibC.getgid);

    /// <summary>The name of group <paramref name="gid"/> from /etc/group, or the number itself (as uWSGI falls back).</summary>
    public static string GroupName(string gid)
    {
        try
        {
            foreach (string line in File.ReadLines("/etc/group"))
            {
                string[] fields = line.Split(':');
                if (fields.Length > 2 && fields[2] == gid)
                {
                    return fields[0];
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return gid;
    }

    private static string Call(Func<uint> function)
    {
        try
        {
            return function().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (DllNotFoundException)
        {
            return string.Empty;
        }
        catch (EntryPointNotFoundException)
        {
            return string.Empty;
        }
    }
}
