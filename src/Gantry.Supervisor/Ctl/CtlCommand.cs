using System.Net.Sockets;
using Gantry.Supervisor.Configuration;
using Gantry.Supervisor.Rpc;

namespace Gantry.Supervisor.Ctl;

/// <summary>
/// <c>gantry ctl [-c FILE | -s URL] [-u USER -p PASSWORD] COMMAND …</c>: supervisorctl's one-shot commands with its
/// output and exit codes (LSB: 0, 1 generic, 2 bad arguments, 3 status not running, 4 status unknown, 7 not running).
/// </summary>
public static partial class CtlCommand
{
    public static int Run(string[] args)
    {
        string? file = null, url = null, user = null, password = null;
        var index = 0;
        for (; index < args.Length && args[index].StartsWith('-'); index++)
        {
            switch (args[index])
            {
                case "-c" or "--configuration" when index + 1 < args.Length:
                    file = args[++index];
                    break;
                case "-s" or "--serverurl" when index + 1 < args.Length:
                    url = args[++index];
                    break;
                case "-u" or "--username" when index + 1 < args.Length:
                    user = args[++index];
                    break;
                case "-p" or "--password" when index + 1 < args.Length:
                    password = args[++index];
                    break;
                default:
                    Console.Error.WriteLine($"Error: option {args[index]} not recognized");
                    return 2;
            }
        }
        if (index >= args.Length)
        {
            Console.Error.WriteLine("usage: gantry ctl [-c FILE | -s URL] status|start|stop|restart|update|reread|avail|add|remove|tail [-f]|maintail [-f]|fg|signal|pid|clear|shutdown|version [names]");
            return 2;
        }
        if (url is null)
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            var working = Directory.GetCurrentDirectory();
            file ??= SupervisorConfigReader.FindDefault(working, Environment.ProcessPath);
            if (file is not null)
            {
                try
                {
                    var config = new SupervisorConfigReader(environment, working).Read(file);
                    url = config.Client.ServerUrl;
                    user ??= config.Client.Username;
                    password ??= config.Client.Password;
                }
                catch (SupervisorConfigException exception)
                {
                    Console.Error.WriteLine($"Error: {exception.Message}");
                    return 2;
                }
            }
        }
        var client = new CtlClient(url ?? "http://localhost:9001", user, password);
        var command = new CtlSession(client);
        try
        {
            return command.Execute(args[index], args[(index + 1)..]);
        }
        catch (SocketException exception)
        {
            Console.Out.WriteLine(exception.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"{client.ServerUrl} refused connection",
                SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => $"{client.ServerUrl} no such file",
                _ => $"{client.ServerUrl} no such file",
            });
            // supervisorctl: 4 when refused, 7 when the socket file is missing; status always says 4 (unknown).
            return args[index] == "status" || exception.SocketErrorCode == SocketError.ConnectionRefused ? 4 : 7;
        }
        catch (UnauthorizedAccessException exception)
        {
            Console.Out.WriteLine(exception.Message);
            return 1;
        }
        catch (RemoteFault fault)
        {
            Console.Out.WriteLine($"error: <Fault {fault.Code}: '{fault.Message}'>");
            return 1;
        }
    }
}
