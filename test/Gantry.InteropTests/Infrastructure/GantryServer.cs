using System.Text.RegularExpressions;

namespace Gantry.InteropTests.Infrastructure;

/// <summary>
/// The real gantry binary serving <see cref="InteropPaths.App"/> on the sockets a test asks for (TCP ones on port 0),
/// ready once it printed <c>gantry ready (pid N): uwsgi://127.0.0.1:PORT …</c>, whose addresses it exposes.
/// </summary>
internal sealed partial class GantryServer : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;

    /// <param name="socketArguments">Socket options (and any other option) to put before the application's.</param>
    /// <param name="workingDirectory">Where the server runs.</param>
    /// <param name="withApplication">Serve the interop app too (false: a site of its own, such as PHP, answers alone).</param>
    public GantryServer(IEnumerable<string> socketArguments, string workingDirectory, bool withApplication = true)
    {
        var binary = InteropPaths.Binary;
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException(
                $"the gantry binary {binary} is missing: run ./setup.sh --no-run (or dotnet publish src/Gantry/Gantry.csproj -c Release -r linux-x64 -o out), or set GANTRY_BINARY");
        }
        _process = new ChildProcess(binary, withApplication ? [.. socketArguments, "--wsgi-file", InteropPaths.App, "--need-app"] : socketArguments, workingDirectory);
        var ready = _process.WaitForLine(line => line.Contains("gantry ready (pid ", StringComparison.Ordinal), ReadyTimeout);
        Addresses = [.. AddressPattern().Matches(ready[ready.IndexOf("):", StringComparison.Ordinal)..]).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];
    }

    /// <summary>Every listener as (scheme, address): ("uwsgi", "127.0.0.1:41234"), ("fastcgi", "unix:/tmp/…/f.sock").</summary>
    public IReadOnlyList<(string Scheme, string Address)> Addresses { get; }

    /// <summary>What the server logged so far (stderr and stdout).</summary>
    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>The first TCP listener of <paramref name="scheme"/> as host:port.</summary>
    public string Tcp(string scheme) => Addresses.First(a => a.Scheme == scheme && !a.Address.StartsWith("unix:", StringComparison.Ordinal)).Address;

    /// <summary>The first unix listener of <paramref name="scheme"/> as a path.</summary>
    public string Unix(string scheme) => Addresses.First(a => a.Scheme == scheme && a.Address.StartsWith("unix:", StringComparison.Ordinal)).Address["unix:".Length..];

    /// <summary>Lines logged so far, to pass to <see cref="WaitForLog"/>.</summary>
    public int LogMark => _process.LineCount;

    /// <summary>Waits until the server logged, after line <paramref name="since"/>, a line containing <paramref name="text"/>.</summary>
    public string WaitForLog(string text, int since) =>
        _process.WaitForLine(line => line.Contains(text, StringComparison.Ordinal), TimeSpan.FromSeconds(10), since);

    /// <summary>Stops the server (SIGTERM: in-flight requests finish) and returns its exit code.</summary>
    public int Stop() => _process.Stop(TimeSpan.FromSeconds(15));

    public void Dispose() => _process.Dispose();

    [GeneratedRegex(@"(\w+)://(\S+)")]
    private static partial Regex AddressPattern();
}
