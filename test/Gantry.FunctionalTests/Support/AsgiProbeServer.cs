using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Support;

/// <summary>Starts gantry serving Apps/asgi_probe.py (<c>--asgi asgi_probe:app</c>) on 127.0.0.1:0, recording into a folder.</summary>
internal static class AsgiProbeServer
{
    /// <summary>Starts gantry with the ASGI probe and waits for its readiness line.</summary>
    /// <param name="records">Where the app writes its record files.</param>
    /// <param name="extraArguments">Options added after <c>--http 127.0.0.1:0 --asgi asgi_probe:app</c>.</param>
    public static Task<GantryProcess> StartAsync(TemporaryDirectory records, params string[] extraArguments) =>
        GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--asgi", "asgi_probe:app", .. extraArguments],
            workingDirectory: TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });

    /// <summary>Starts <c>gantry asgi …</c> (daphne's and uvicorn's command line) serving the probe.</summary>
    public static GantryProcess StartCommand(TemporaryDirectory records, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var variables = new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }
        return GantryProcess.Start(["asgi", .. arguments], workingDirectory: TestApps.Folder, environment: variables);
    }

    /// <summary>One GET of <paramref name="path"/> on a connection of its own (Connection: close).</summary>
    public static Task<HttpProbeResponse> GetAsync(GantryProcess gantry, string path) =>
        HttpProbe.ExchangeAsync(gantry.Addresses[0], $"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
}
