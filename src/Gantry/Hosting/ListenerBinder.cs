using System.Net.Sockets;
using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Server.Listeners;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>Binds every socket the configuration names, before the application loads (as uWSGI does).</summary>
internal static class ListenerBinder
{
    /// <summary>Returns the bound listeners, or null after logging every address that failed.</summary>
    public static List<Listener>? BindAll(GantryOptions options, ILogger logger)
    {
        var listeners = new List<Listener>();
        var failed = false;
        foreach (var text in options.HttpSockets)
        {
            var address = ListenAddress.TryParse(text, ListenerProtocol.Http, out var error);
            if (address is null)
            {
                logger.BindFailed(text, error!);
                failed = true;
                continue;
            }
            try
            {
                var listener = Listener.Bind(address, options.Listen);
                if (listener.Address.UnixPath is { } path && options.UnixSocketMode is { } mode && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, mode);
                }
                listeners.Add(listener);
            }
            catch (Exception exception) when (exception is SocketException or IOException or UnauthorizedAccessException)
            {
                logger.BindFailed(text, exception.Message);
                failed = true;
            }
        }
        if (failed)
        {
            listeners.ForEach(l => l.Dispose());
            return null;
        }
        return listeners;
    }
}
