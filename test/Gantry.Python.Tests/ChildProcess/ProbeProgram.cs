using System.Diagnostics;
using Gantry.Application;
using Gantry.Python.Tests.Infrastructure;
using Gantry.Python.Wsgi;

namespace Gantry.Python.Tests.ChildProcess;

/// <summary>
/// The entry point of the test assembly when run as a child process (`dotnet Gantry.Python.Tests.dll …`):
/// a process can load one libpython only, so each other Python, and each start-up or shutdown scenario, runs
/// in a child of its own. It does what the server's main thread does: Start, AttachThread(0), Invoke, Shutdown.
/// <list type="bullet">
/// <item><c>serve [--home H] [--library L] [--wsgi-file F | --module M] [--callable C] [--pythonpath P]… [--need-app]
/// [--path /x] [--body TEXT] [--mercy-ms N]</c>: one request; prints status=, body=, step= lines; exit code 0, or the
/// PythonStartupException's exit code after a startup-error= line.</item>
/// <item><c>bench --wsgi-file F [--count N]</c>: µs and managed bytes per hello request (a console check, not a test).</item>
/// </list>
/// </summary>
public static class ProbeProgram
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: serve|bench [options]");
            return 2;
        }
        var arguments = ProbeArguments.Parse(args.AsSpan(1));
        try
        {
            var runtime = WsgiHost.Start(arguments.Options, new StderrLoggerFactory());
            Console.WriteLine($"version={runtime.Version.Split(' ')[0]}");
            Console.WriteLine($"loaded={runtime.ApplicationLoaded}");
            using (var loop = new IdleLoop())
            using (var thread = runtime.Application.AttachThread(0, loop.Services))
            {
                if (args[0] == "bench")
                {
                    Bench(thread, arguments.Count);
                }
                else
                {
                    Serve(thread, arguments);
                }
            }
            Console.Out.Flush();
            runtime.Shutdown(TimeSpan.FromMilliseconds(arguments.MercyMilliseconds));
            Console.WriteLine("finalized=True");
            return 0;
        }
        catch (PythonStartupException exception)
        {
            Console.WriteLine($"startup-error={exception.Message.Replace('\n', ' ')}");
            return exception.ExitCode;
        }
    }

    private static void Serve(IApplicationThread thread, ProbeArguments arguments)
    {
        var request = arguments.Body is null
            ? Requests.Create(path: arguments.RequestPath)
            : Requests.Post(arguments.RequestPath, System.Text.Encoding.UTF8.GetBytes(arguments.Body));
        var response = thread.CallToEnd(request);
        Console.WriteLine($"step={response.Step}");
        Console.WriteLine($"status={response.Sink.Status}");
        Console.WriteLine($"body={response.Sink.BodyText}");
    }

    private static void Bench(IApplicationThread thread, int count)
    {
        using var request = Requests.Create();
        var sink = new NullSink();
        for (var i = 0; i < 10_000; i++)
        {
            thread.Invoke(request, sink, out _);
        }
        for (var round = 0; round < 3; round++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                thread.Invoke(request, sink, out _);
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var gantry = elapsed.TotalMicroseconds / count;
            var reference = PythonReference.MicrosecondsPerRequest(count);
            Console.WriteLine(
                $"round={round} requests={count} us_per_request={gantry:F3} managed_bytes_per_request={(double)bytes / count:F2} " +
                $"pure_python_us={reference:F3} ratio={gantry / reference:F2}");
        }
    }
}
