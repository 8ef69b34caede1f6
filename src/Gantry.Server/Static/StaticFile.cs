using Microsoft.Win32.SafeHandles;

namespace Gantry.Server.Static;

/// <summary>A file a request resolved to: its canonical path, size and modification time (whole seconds, as HTTP dates carry).</summary>
/// <param name="Path">Canonical absolute path (no symlink, no "..").</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="ModifiedSeconds">mtime in seconds since the Unix epoch.</param>
/// <param name="Root">Canonical root it resolved under, which a precompressed sibling must lie under too.</param>
/// <param name="Handle">
/// The file, already open, when the resolution opened it (the openat2 path); whoever receives the StaticFile owns it
/// and disposes it or hands it on. Null when the file was only stat'ed.
/// </param>
internal readonly record struct StaticFile(string Path, long Length, long ModifiedSeconds, string Root, SafeFileHandle? Handle = null);
