namespace Gantry.Configuration.Sources;

/// <summary>What <see cref="IniFileSniffer"/> found at a path named by a bare argument.</summary>
internal enum IniSniffResult
{
    /// <summary>A text file with the asked <c>[section]</c> line: read it as an ini file.</summary>
    HasSection,

    /// <summary>A text file without that section line (a Python script, a README...).</summary>
    NoSection,

    /// <summary>Nothing at that path.</summary>
    NotFound,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>Zero bytes long: an empty file, or a FIFO, device or /proc entry (never opened, a FIFO would block).</summary>
    Empty,

    /// <summary>A NUL character in the first bytes: an executable, an archive, an image...</summary>
    Binary,

    /// <summary>Opening or reading failed (permissions, I/O error); the detail says why.</summary>
    Unreadable,
}
