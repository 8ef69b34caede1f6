namespace Gantry.Protocols.FastCgi;

/// <summary>Receives FastCGI name-value pairs, in wire order.</summary>
public interface IFastCgiNameValueHandler
{
    /// <summary>
    /// One pair. Both spans point into the caller's buffer (or the stream reader's) and are valid only during the
    /// call; the value may be empty, the name never is.
    /// </summary>
    void OnNameValue(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
}
