namespace Gantry.Protocols.Uwsgi;

/// <summary>
/// Limits applied to a uwsgi request packet before its vars are parsed.
/// </summary>
/// <param name="BufferSize">
/// Largest vars block accepted, in bytes: uWSGI's <c>buffer-size</c> (<c>-b</c>, default 4096, at most 65535 because
/// <c>datasize</c> is 16-bit). uWSGI compares it with <c>datasize</c>, so the 4-byte header is not counted.
/// </param>
/// <param name="MaxVariables">
/// Largest number of variables accepted. uWSGI keeps key and value in separate iovec slots and sizes the vector as
/// <c>4 * max-vars</c>, so its default <c>max-vars = 64</c> admits 128 variables; see <see cref="FromUwsgiOptions"/>.
/// </param>
public readonly record struct UwsgiPacketLimits(int BufferSize, int MaxVariables)
{
    /// <summary>uWSGI's default <c>buffer-size</c>.</summary>
    public const int DefaultBufferSize = 4096;

    /// <summary>The largest block the 16-bit <c>datasize</c> can describe.</summary>
    public const int MaxBufferSize = ushort.MaxValue;

    /// <summary>uWSGI's default <c>max-vars</c>.</summary>
    public const int DefaultUwsgiMaxVars = 64;

    /// <summary>uWSGI's defaults: buffer-size 4096, max-vars 64 (128 variables).</summary>
    public static UwsgiPacketLimits Default => FromUwsgiOptions(DefaultBufferSize, DefaultUwsgiMaxVars);

    /// <summary>
    /// Limits equivalent to uWSGI's <c>buffer-size</c> and <c>max-vars</c> options (core/protocol.c: the iovec vector
    /// holds <c>4 * max-vars</c> entries, two per variable).
    /// </summary>
    public static UwsgiPacketLimits FromUwsgiOptions(int bufferSize, int maxVars) => new(bufferSize, maxVars * 2);
}
