namespace Gantry.Application;

/// <summary>
/// How a mount point (a SCRIPT_NAME such as "/app") matches a request path, the one rule the uwsgi front's modifier1
/// 30 and the Python host's mount table share: one trailing '/' of the mount point is ignored, and the match must end
/// where a path segment ends, so "/app" prefixes "/app" and "/app/x" but never "/application".
/// </summary>
public static class MountPrefix
{
    /// <summary>The mount point without one trailing '/' ("/b/" → "/b"; "/" → "").</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> mountpoint) =>
        mountpoint.Length > 0 && mountpoint[^1] == (byte)'/' ? mountpoint[..^1] : mountpoint;

    /// <summary>True when <paramref name="path"/> starts with the trimmed <paramref name="prefix"/> at a segment end.</summary>
    public static bool Prefixes(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> path) =>
        prefix.Length <= path.Length
        && (prefix.Length == path.Length || path[prefix.Length] == (byte)'/')
        && path.StartsWith(prefix);
}
