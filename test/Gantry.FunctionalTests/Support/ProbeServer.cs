using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Support;

/// <summary>Starts gantry serving Apps/wsgi_probe.py on 127.0.0.1:0, with a folder where the app records events.</summary>
internal static class ProbeServer
{
    /// <summary>The variable naming the folder where the probe records close() calls and atexit.</summary>
    public const string RecordFolderVariable = "GANTRY_PROBE_DIR";

    /// <summary>Starts gantry with the probe app and waits for its readiness line.</summary>
    /// <param name="records">Where the app writes its record files (see <see cref="RecordFile"/>).</param>
    /// <param name="extraArguments">Options added after <c>--http 127.0.0.1:0 --wsgi-file wsgi_probe.py</c>.</param>
    public static Task<GantryProcess> StartAsync(TemporaryDirectory records, params string[] extraArguments) =>
        GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--wsgi-file", TestApps.Probe, .. extraArguments],
            workingDirectory: TestApps.Folder,
            environment: new Dictionary<string, string?> { [RecordFolderVariable] = records.Path });
}
