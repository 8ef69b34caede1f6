using System.Net.Sockets;
using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Posix.Processes;
using Gantry.Posix.Systemd;
using Gantry.Server.Listeners;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// Binds every socket the configuration names, before the application loads (as uWSGI does): HTTP sockets, uwsgi
/// sockets (<c>--socket</c>/<c>--uwsgi-socket</c>, or whatever <c>--protocol</c> made of <c>--socket</c>) and FastCGI
/// sockets, each with the <c>--listen</c> backlog; unix sockets get <c>--chmod-socket</c>'s mode and
/// <c>--chown-socket</c>'s owner. Under systemd's socket activation, a configured address that matches a passed
/// socket uses it instead of binding; a passed socket no address matches is logged and closed.
/// </summary>
internal static class ListenerBinder
{
    /// <summary>Returns the bound listeners, or null after logging every address that failed.</summary>
    public static List<Listener>? BindAll(GantryOptions options, ILogger logger)
    {
        var listeners = new List<Listener>();
        var failed = false;
        var inherited = SocketActivation.TakeInherited().ToList();
        foreach (var (texts, protocol) in new (IReadOnlyList<string>, ListenerProtocol)[]
        {
            (options.HttpSockets, ListenerProtocol.Http),
            (options.UwsgiSockets, ListenerProtocol.Uwsgi),
            (options.FastCgiSockets, ListenerProtocol.FastCgi),
            (options.HttpsSockets.Select(https => https.Address).ToList(), ListenerProtocol.Https),
            (options.HttpsRedirectSockets.Select(redirect => redirect.Address).ToList(), ListenerProtocol.HttpToHttps),
        })
        {
            foreach (var text in texts)
            {
                if (Bind(text, protocol, options, inherited, logger) is { } listener)
                {
                    listeners.Add(listener);
                }
                else
                {
                    failed = true;
                }
            }
        }
        foreach (var unused in inherited)
        {
            logger.ActivatedSocketUnused(unused.Fd, unused.Endpoint?.ToString() ?? unused.UnixPath ?? "?");
            Posix.Native.LibC.close(unused.Fd);
        }
        if (failed)
        {
            listeners.ForEach(l => l.Close(removeUnixFile: true));
            return null;
        }
        return listeners;
    }

    /// <summary>
    /// The socket systemd passed for <paramref name="address"/>, taken out of <paramref name="inherited"/>: the same
    /// unix path, or the same port on the same address (a configured ":port" matches a socket on any address).
    /// </summary>
    private static SocketActivation.InheritedSocket? TakeActivated(ListenAddress address, List<SocketActivation.InheritedSocket> inherited)
    {
        var match = inherited.FirstOrDefault(socket => address.UnixPath is { } path
            ? socket.UnixPath == path
            : socket.Endpoint is { } bound && address.Socket.Endpoint is { } wanted && bound.Port == wanted.Port
              && (wanted.Address.Equals(bound.Address) || wanted.Address.Equals(System.Net.IPAddress.Any)));
        if (match is not null)
        {
            inherited.Remove(match);
        }
        return match;
    }

    private static Listener? Bind(string text, ListenerProtocol protocol, GantryOptions options,
        List<SocketActivation.InheritedSocket> inherited, ILogger logger)
    {
        var address = ListenAddress.TryParse(text, protocol, out var error);
        if (address is null)
        {
            logger.BindFailed(text, error!);
            return null;
        }
        Listener? listener = null;
        try
        {
            // As uWSGI (core/socket.c bind_to_tcp): every TCP socket deferred for socket-timeout seconds. The worker that
            // accepts then finds the request and runs it at once, so a burst spreads over the workers instead of being
            // accepted by whichever one woke first and served there one after another.
            var defer = options.NoDeferAccept ? 0 : options.SocketTimeout;
            if (TakeActivated(address, inherited) is { } activated)
            {
                // systemd's socket activation: the socket is already bound and listening (its unit owns mode and owner).
                logger.ActivatedSocketUsed(activated.Fd, text);
                return Listener.FromInheritedDescriptor(activated.Fd, address);
            }
            if (address.Socket.InheritedDescriptor is { } inheritedFd)
            {
                // daphne's --fd: a socket the parent bound and passed open; it stays the parent's (no chmod, no unlink).
                Posix.Native.LibC.fcntl(inheritedFd, Posix.Native.LibC.F_SETFD, Posix.Native.LibC.FD_CLOEXEC);
                return Listener.FromInheritedDescriptor(inheritedFd, address);
            }
            listener = Listener.Bind(address, options.Listen, defer);
            var hasFile = !listener.Address.Socket.IsAbstract;
            if (hasFile && listener.Address.UnixPath is { } path && options.UnixSocketMode is { } mode && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, mode);
            }
            if (hasFile && listener.Address.UnixPath is { } owned && options.ChownSocket is { } owner
                && ProcessPrivileges.Chown(owned, owner) is { } chownError)
            {
                listener.Close(removeUnixFile: true);
                logger.BindFailed(text, $"chown-socket: {chownError}; set chown-socket to an existing user[:group]");
                return null;
            }
            return listener;
        }
        catch (Exception exception) when (exception is SocketException or IOException or UnauthorizedAccessException)
        {
            listener?.Close(removeUnixFile: true);
            logger.BindFailed(text, exception.Message);
            return null;
        }
    }
}
