using System.Diagnostics;

namespace Gantry.InteropTests.Infrastructure;

/// <summary>
/// Finds nginx, installing it with apt when it is missing (CI runs on a fresh machine as root). A machine where it
/// cannot be had fails the tests: interop with nginx is what they check, so skipping would hide a gap.
/// </summary>
internal static class NginxBinary
{
    private static readonly string[] Candidates = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"];
    private static readonly Lazy<string> LazyPath = new(Locate);

    /// <summary>The nginx executable.</summary>
    public static string Path => LazyPath.Value;

    private static string Locate()
    {
        if (Find() is { } found)
        {
            return found;
        }
        var log = new System.Text.StringBuilder();
        // The dpkg lock may be held by another installer: wait for it instead of failing (apt-get's own timeout).
        Run("apt-get", ["-o", "DPkg::Lock::Timeout=900", "update"], log);
        Run("apt-get", ["-o", "DPkg::Lock::Timeout=900", "install", "-y", "nginx-light"], log);
        return Find() ?? throw new InvalidOperationException(
            "nginx is not installed and `apt-get install nginx-light` did not provide it (the interop tests need it; run them as root or install nginx):\n" + log);
    }

    private static string? Find() => Candidates.FirstOrDefault(File.Exists);

    private static void Run(string file, string[] arguments, System.Text.StringBuilder log)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            log.Append($"$ {file} {string.Join(' ', arguments)} → exit {process.ExitCode}\n{output.Result}{error.Result}");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            log.Append($"$ {file}: {exception.Message}\n");
        }
    }
}
