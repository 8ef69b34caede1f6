namespace Gantry.Server.Static;

/// <summary>A file a request resolved to: its canonical path, size and modification time (whole seconds, as HTTP dates carry).</summary>
/// <param name="Path">Canonical absolute path (no symlink, no "..").</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="ModifiedSeconds">mtime in seconds since the Unix epoch.</param>
/// <param name="Root">Canonical root it resolved under, which a precompressed sibling must lie under too.</param>
internal readonly record struct StaticFile(string Path, long Length, long ModifiedSeconds, string Root);
