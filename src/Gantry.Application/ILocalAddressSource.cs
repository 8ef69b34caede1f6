namespace Gantry.Application;

/// <summary>
/// The local end of a client's connection, for SERVER_ADDR (nginx's <c>$server_addr</c>): found only when a host asks
/// for it (one getsockname per connection), since most requests never need it.
/// </summary>
public interface ILocalAddressSource
{
    /// <summary>The address the client connected to, as text (<c>127.0.0.1</c>, <c>::1</c>); empty when there is none (a unix socket).</summary>
    ReadOnlySpan<byte> LocalAddress { get; }
}
