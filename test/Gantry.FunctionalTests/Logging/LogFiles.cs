using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Logging;

/// <summary>
/// Reading what gantry wrote to its logto or daemonize file, and the processes it names. Waits poll with a bound
/// and fail with the file's contents; nothing measures time.
/// </summary>
internal static class LogFiles
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>The app every logging test serves.</summary>
    public static string App => Path.Combine(RepoPaths.Root, "test", "Gantry.FunctionalTests", "Logging", "log_app.py");

    /// <summary>The file's text as it is now (another process may be appending); empty when it does not exist.</summary>
    public static string Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return string.Empty;
        }
    }

    /// <summary>Waits until the file's text satisfies <paramref name="done"/>; returns the text.</summary>
    public static async Task<string> WaitForAsync(string path, Func<string, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var text = Read(path);
            if (done(text))
            {
                return text;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} never had {what}; it holds:\n{text}");
            }
            await Task.Delay(Poll);
        }
    }

    /// <summary>Waits for the readiness line in the file and parses it.</summary>
    public static async Task<ReadinessLine> WaitForReadinessAsync(string path)
    {
        var text = await WaitForAsync(path, text => text.Split('\n').Any(ReadinessLine.IsMatch), "a readiness line");
        ReadinessLine.TryParse(text.Split('\n').First(ReadinessLine.IsMatch), out var readiness);
        return readiness!;
    }

    /// <summary>The first http address of a readiness line as a base URI.</summary>
    public static Uri HttpBase(ReadinessLine readiness) => readiness.Addresses.First(address => address is { Scheme: "http", IsUnix: false }).ToUri();

    /// <summary>True while the process exists and is not a zombie (/proc/PID/stat's state field).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits until the process is gone; true when it went within the bound.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int pid)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(Poll);
        }
        return true;
    }

    /// <summary>The uid owning the file, from stat(1): .NET has no public API for it.</summary>
    public static string OwnerUid(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u", path])
        {
            RedirectStandardOutput = true,
        })!;
        var owner = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return owner;
    }

    /// <summary>Sends a signal to a process the harness did not start (the daemon).</summary>
    public static void Signal(int pid, Signum signal) => Libc.Kill(pid, (int)signal);
}
