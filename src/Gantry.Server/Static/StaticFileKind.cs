namespace Gantry.Server.Static;

/// <summary>The file types static serving distinguishes (statx stx_mode &amp; S_IFMT).</summary>
internal enum StaticFileKind
{
    /// <summary>A regular file: served.</summary>
    Regular,

    /// <summary>A directory: its index files are tried.</summary>
    Directory,

    /// <summary>Anything else (FIFO, socket, device): never served.</summary>
    Other,
}
