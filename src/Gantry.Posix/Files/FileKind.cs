namespace Gantry.Posix.Files;

/// <summary>The file types Gantry tells apart (statx stx_mode &amp; S_IFMT).</summary>
public enum FileKind
{
    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>Anything else (FIFO, socket, device): never served or run.</summary>
    Other,
}
