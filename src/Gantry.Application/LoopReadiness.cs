namespace Gantry.Application;

/// <summary>What a watched descriptor is ready for (level-triggered: reported while it stays true).</summary>
[Flags]
public enum LoopReadiness
{
    /// <summary>Nothing: a watch asking for nothing is paused.</summary>
    None = 0,

    /// <summary>Bytes (or end of file, or an error) can be read without blocking.</summary>
    Readable = 1,

    /// <summary>Bytes can be written without blocking (or the peer is gone: the write reports it).</summary>
    Writable = 2,
}
