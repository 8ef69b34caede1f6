using System.Globalization;

namespace Gantry.Python.Tests.ChildProcess;

/// <summary>The child process's command line.</summary>
public sealed class ProbeArguments
{
    public PythonHostOptions Options { get; private set; } = new();

    public string RequestPath { get; private set; } = "/";

    public string? Body { get; private set; }

    public int MercyMilliseconds { get; private set; } = 10_000;

    public int Count { get; private set; } = 100_000;

    public static ProbeArguments Parse(ReadOnlySpan<string> args)
    {
        var result = new ProbeArguments();
        var pythonPath = new List<string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            result.Options = args[i] switch
            {
                "--home" => result.Options with { PythonHome = value },
                "--library" => result.Options with { PythonLibrary = value },
                "--wsgi-file" => result.Options with { WsgiFile = value },
                "--module" => result.Options with { Module = value },
                "--callable" => result.Options with { Callable = value },
                "--need-app" => result.Options with { NeedApp = value == "true" },
                _ => result.Options,
            };
            switch (args[i])
            {
                case "--pythonpath":
                    pythonPath.Add(value);
                    break;
                case "--path":
                    result.RequestPath = value;
                    break;
                case "--body":
                    result.Body = value;
                    break;
                case "--mercy-ms":
                    result.MercyMilliseconds = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--count":
                    result.Count = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
            }
        }
        result.Options = result.Options with { PythonPath = pythonPath };
        return result;
    }
}
