using System.Globalization;
using System.Runtime.InteropServices;
using Gantry.Supervisor.Rpc;

namespace Gantry.Supervisor.Ctl;

/// <summary>supervisorctl's do_tail, do_maintail and do_fg: one-shot reads over XML-RPC, and following a log over
/// the server's <c>/logtail</c> and <c>/mainlogtail</c> HTTP streams until Ctrl-C.</summary>
internal sealed partial class CtlSession
{
    private const int Running = 20;
    private static readonly Lock OutputLock = new();
    private static readonly Stream StandardOutput = Console.OpenStandardOutput();

    private void Tail(string[] arguments)
    {
        var args = arguments.ToList();
        if (args.Count is < 1 or > 3)
        {
            Console.Out.WriteLine(args.Count < 1 ? "Error: too few arguments" : "Error: too many arguments");
            _exit = Generic;
            CtlHelp.Print("tail");
            return;
        }
        string? modifier = null;
        if (args[0].StartsWith('-'))
        {
            modifier = args[0];
            args.RemoveAt(0);
        }
        if (args.Count == 0)
        {
            Console.Out.WriteLine("Error: tail requires process name");
            _exit = Generic;
            return;
        }
        var name = args[0];
        var channel = args.Count == 1 ? "stdout" : args[^1].ToLowerInvariant();
        if (channel is not ("stdout" or "stderr"))
        {
            Console.Out.WriteLine($"Error: bad channel {Repr(channel)}");
            _exit = Generic;
            return;
        }
        var bytes = 1600;
        if (modifier == "-f")
        {
            Follow($"/logtail/{name}/{channel}");
            return;
        }
        if (modifier is not null && !int.TryParse(modifier[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out bytes))
        {
            Console.Out.WriteLine($"Error: bad argument {modifier}");
            _exit = Generic;
            return;
        }
        try
        {
            var method = channel == "stderr" ? "supervisor.readProcessStderrLog" : "supervisor.readProcessStdoutLog";
            Console.Out.WriteLine(client.Call(method, name, -bytes, 0));
        }
        catch (RemoteFault fault) when (fault.Code is Faults.NoFile or Faults.Failed or Faults.BadName)
        {
            _exit = Generic;
            Console.Out.WriteLine(fault.Code switch
            {
                Faults.NoFile => $"{name}: ERROR (no log file)",
                Faults.Failed => $"{name}: ERROR (unknown error reading log)",
                _ => $"{name}: ERROR (no such process name)",
            });
        }
    }

    private void Maintail(string[] args)
    {
        var bytes = 1600;
        if (args.Length > 1)
        {
            Console.Out.WriteLine("Error: too many arguments");
            _exit = Generic;
            CtlHelp.Print("maintail");
            return;
        }
        if (args.Length == 1)
        {
            if (args[0] == "-f")
            {
                Follow("/mainlogtail");
                return;
            }
            if (!args[0].StartsWith('-') || !int.TryParse(args[0][1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out bytes))
            {
                Console.Out.WriteLine($"Error: bad argument {args[0]}");
                _exit = Generic;
                return;
            }
        }
        try
        {
            Console.Out.WriteLine(client.Call("supervisor.readLog", -bytes, 0));
        }
        catch (RemoteFault fault) when (fault.Code is Faults.NoFile or Faults.Failed)
        {
            _exit = Generic;
            Console.Out.WriteLine(fault.Code == Faults.NoFile ? "supervisord: ERROR (no log file)" : "supervisord: ERROR (unknown error reading log)");
        }
    }

    /// <summary>_tailf: the stream until the server ends it or Ctrl-C (then an empty line, exit 0).</summary>
    private void Follow(string path)
    {
        Console.Out.WriteLine("==> Press Ctrl-C to exit <==");
        using var interrupt = new Interrupt();
        CtlLogStream.Follow(client, path, Write, interrupt.Token);
        if (interrupt.Token.IsCancellationRequested)
        {
            Console.Out.WriteLine();
        }
    }

    /// <summary>do_fg: stdout and stderr streamed, stdin lines sent with sendProcessStdin; leaves on Ctrl-C or end of
    /// input, or when a line finds the process gone (the process keeps running when fg is left).</summary>
    private void Foreground(string[] names)
    {
        if (names.Length != 1)
        {
            Console.Out.WriteLine(names.Length == 0 ? "ERROR: no process name supplied" : "ERROR: too many process names supplied");
            _exit = Generic;
            if (names.Length == 0)
            {
                CtlHelp.Print("fg");
            }
            return;
        }
        var name = names[0];
        try
        {
            if (StateOf(name) != Running)
            {
                Console.Out.WriteLine("ERROR: process not running");
                _exit = Generic;
                return;
            }
        }
        catch (RemoteFault fault)
        {
            Console.Out.WriteLine(fault.Code == Faults.BadName ? "ERROR: bad process name supplied" : $"ERROR: {FaultText(fault)}");
            _exit = fault.Code == Faults.BadName ? Generic : _exit;
            return;
        }
        Console.Out.WriteLine("==> Press Ctrl-C to exit <==");
        using var interrupt = new Interrupt();
        foreach (var channel in (string[])["stdout", "stderr"])
        {
            new Thread(() => CtlLogStream.Follow(client, $"/logtail/{name}/{channel}", Write, interrupt.Token)) { IsBackground = true }.Start();
        }
        var lines = new System.Collections.Concurrent.BlockingCollection<string?>();
        new Thread(() =>
        {
            string? line;
            do
            {
                line = Console.In.ReadLine();
                lines.Add(line);
            }
            while (line is not null);
        }) { IsBackground = true }.Start();
        try
        {
            while (true)
            {
                var line = lines.Take(interrupt.Token);
                if (line is null)
                {
                    break;
                }
                try
                {
                    client.Call("supervisor.sendProcessStdin", name, line + "\n");
                }
                catch (RemoteFault fault)
                {
                    Console.Out.WriteLine(fault.Code == Faults.NotRunning ? "Process got killed" : $"ERROR: {FaultText(fault)}");
                    break;
                }
                if (StateOf(name) != Running)
                {
                    Console.Out.WriteLine("Process got killed");
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        Console.Out.WriteLine("Exiting foreground");
    }

    private int StateOf(string name) =>
        (client.Call("supervisor.getProcessInfo", name) as Dictionary<string, object?>)?["state"] as int? ?? -1;

    private static void Write(ReadOnlySpan<byte> data)
    {
        lock (OutputLock)
        {
            StandardOutput.Write(data);
            StandardOutput.Flush();
        }
    }

    /// <summary>Python's str() of an xmlrpclib.Fault.</summary>
    private static string FaultText(RemoteFault fault) => $"<Fault {fault.Code}: {Repr(fault.Message)}>";

    /// <summary>Python's repr() of a str, for the messages supervisorctl formats with %r.</summary>
    private static string Repr(string text) =>
        text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal)
            ? $"\"{text}\""
            : $"'{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'";

    /// <summary>Ctrl-C (SIGINT) while following: cancels instead of killing, as supervisorctl catches KeyboardInterrupt.</summary>
    private sealed class Interrupt : IDisposable
    {
        private readonly CancellationTokenSource _source = new();
        private readonly PosixSignalRegistration _registration;

        public Interrupt()
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                _source.Cancel();
            });
        }

        public CancellationToken Token => _source.Token;

        public void Dispose()
        {
            _registration.Dispose();
            _source.Dispose();
        }
    }
}
