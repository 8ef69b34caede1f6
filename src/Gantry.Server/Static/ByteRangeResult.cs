namespace Gantry.Server.Static;

/// <summary>What a Range header asks of a file of known length.</summary>
internal enum ByteRangeResult
{
    /// <summary>No range, or one this server does not honour: send the whole file (200).</summary>
    Ignored,

    /// <summary>One range inside the file: 206 Partial Content.</summary>
    Satisfiable,

    /// <summary>A range starting past the end: 416 Range Not Satisfiable.</summary>
    Unsatisfiable,
}
