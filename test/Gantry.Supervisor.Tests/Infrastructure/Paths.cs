namespace Gantry.Supervisor.Tests.Infrastructure;

/// <summary>The repository, the binary under test and per-test folders.</summary>
public static class Paths
{
    public static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Gantry.slnx")))
                {
                    return folder.FullName;
                }
            }
            throw new InvalidOperationException("Gantry.slnx not found above the test assembly");
        }
    }

    /// <summary>$GANTRY_BINARY, else &lt;repo&gt;/out/gantry (published by ./setup.sh --no-run).</summary>
    public static string Binary
    {
        get
        {
            var binary = Environment.GetEnvironmentVariable("GANTRY_BINARY") is { Length: > 0 } set ? set : Path.Combine(Root, "out", "gantry");
            return File.Exists(binary) ? binary : throw new InvalidOperationException($"{binary} is missing: run ./setup.sh --no-run");
        }
    }

    /// <summary>A fresh folder under /tmp, readable by others (a program may run as nobody); short, for socket paths.</summary>
    public static string NewDirectory()
    {
        var path = $"/tmp/gsv-{Guid.NewGuid().ToString("N")[..10]}";
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0x1ed); // 0755
        return path;
    }
}
