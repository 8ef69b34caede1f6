namespace Gantry.Protocols.Uwsgi;

/// <summary>Receives the variables of a uwsgi vars block, in wire order.</summary>
public interface IUwsgiVariableHandler
{
    /// <summary>
    /// One variable. Both spans point into the caller's buffer and are valid only during the call; the value may be
    /// empty (nginx sends <c>CONTENT_LENGTH</c> as "" on body-less requests), the key never is.
    /// </summary>
    void OnVariable(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);
}
