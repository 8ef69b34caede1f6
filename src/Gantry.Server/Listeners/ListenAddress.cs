using System.Net;
using Gantry.Posix.Sockets;

namespace Gantry.Server.Listeners;

/// <summary>
/// Where a front listens and which protocol it speaks there: a <see cref="StreamAddress"/> (uWSGI's address syntax,
/// parsed in Gantry.Posix) with the server's <see cref="ListenerProtocol"/>.
/// </summary>
/// <param name="Protocol">What the front speaks.</param>
/// <param name="Socket">The socket address.</param>
public sealed record ListenAddress(ListenerProtocol Protocol, StreamAddress Socket)
{
    /// <summary>The TCP endpoint, or null for a unix socket.</summary>
    public IPEndPoint? Endpoint => Socket.Endpoint;

    /// <summary>The unix socket's path, or null for TCP.</summary>
    public string? UnixPath => Socket.UnixPath;

    /// <summary>What the user wrote, trimmed.</summary>
    public string Text => Socket.Text;

    /// <summary>Parses <paramref name="text"/>; returns null and an error message when it is not an address.</summary>
    public static ListenAddress? TryParse(string text, ListenerProtocol protocol, out string? error) =>
        StreamAddress.TryParse(text, out error) is { } socket ? new ListenAddress(protocol, socket) : null;
}
