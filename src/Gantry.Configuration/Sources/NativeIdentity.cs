using System.Runtime.InteropServices;

namespace Gantry.Configuration.Sources;

/// <summary>The real uid and gid, for the <c>%u</c> and <c>%g</c> magic variables.</summary>
internal static partial class NativeIdentity
{
    /// <summary>getuid(2) as text, or empty where libc is not available.</summary>
    public static string UserId() => Call(GetUid);

    /// <summary>getgid(2) as text, or empty where libc is not available.</summary>
    public static string GroupId() => Call(GetGid);

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

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "getgid")]
    private static partial uint GetGid();
}
