using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Gantry.Python.Runtime;

/// <summary>
/// Finds the interpreter and its libpython: python-library if given; else the interpreter of the virtualenv
/// or home; else Debian's /usr/bin/python3 — never the python3 on PATH (a pyenv shim here). The interpreter
/// is asked once per start (about 20 ms; nothing is cached across runs) for sysconfig's INSTSONAME and LIBDIR,
/// its version, and whether it is a free-threaded build, which Gantry cannot embed.
/// </summary>
internal static partial class PythonLocator
{
    /// <summary>The interpreter used when no home or library is configured.</summary>
    public const string SystemInterpreter = "/usr/bin/python3";

    private static readonly Version Oldest = new(3, 10);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(30);

    // One value per line, in this order; sysconfig answers None for variables a build does not define.
    private const string QueryScript =
        "import sys, sysconfig\n" +
        "v = sysconfig.get_config_var\n" +
        "print(v('INSTSONAME') or '')\n" +
        "print(v('LDLIBRARY') or '')\n" +
        "print(v('LIBDIR') or '')\n" +
        "print('%d.%d.%d' % sys.version_info[:3])\n" +
        "print(v('Py_GIL_DISABLED') or 0)\n";

    /// <summary>Locates Python for <paramref name="options"/>; throws <see cref="PythonStartupException"/> saying what to fix.</summary>
    public static PythonInstallation Locate(PythonHostOptions options)
    {
        var interpreter = FindInterpreter(options);
        if (interpreter is null)
        {
            // Only reachable with python-library: no interpreter next to it, so trust the file name.
            var library = Path.GetFullPath(options.PythonLibrary!);
            var version = VersionFromLibraryName(library)
                ?? throw new PythonStartupException($"Cannot tell the Python version of {library}: name it libpython3.X.so… or set home.");
            return Checked(new PythonInstallation(library, null, version), freeThreaded: LibraryNameIsFreeThreaded(library));
        }

        var answer = Query(interpreter);
        var libraryPath = options.PythonLibrary is not null
            ? Path.GetFullPath(options.PythonLibrary)
            : LibraryOf(interpreter, answer);
        return Checked(new PythonInstallation(libraryPath, interpreter, answer.Version), answer.FreeThreaded);
    }

    private static string? FindInterpreter(PythonHostOptions options)
    {
        if (options.PythonHome is not null || options.PythonLibrary is null)
        {
            return InterpreterForHome(options.PythonHome);
        }
        return InterpreterNearLibrary(Path.GetFullPath(options.PythonLibrary));
    }

    /// <summary>The interpreter of <paramref name="pythonHome"/> (a virtualenv or prefix), or /usr/bin/python3 without one.</summary>
    public static string InterpreterForHome(string? pythonHome)
    {
        if (pythonHome is not null)
        {
            var home = Path.GetFullPath(pythonHome);
            foreach (var name in new[] { "bin/python3", "bin/python" })
            {
                var candidate = Path.Combine(home, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new PythonStartupException($"home/virtualenv {home} has no bin/python3: point it at a virtualenv or a Python prefix.");
        }
        if (!File.Exists(SystemInterpreter))
        {
            throw new PythonStartupException($"{SystemInterpreter} not found: install python3 (Debian: apt-get install python3), or set home or python-library.");
        }
        return SystemInterpreter;
    }

    /// <summary>
    /// The interpreter of a library's installation: bin/python3.X in one of the library directory's ancestors
    /// (/usr/lib/x86_64-linux-gnu → /usr/bin/python3.11; PREFIX/lib → PREFIX/bin/python3.10).
    /// </summary>
    private static string? InterpreterNearLibrary(string library)
    {
        var version = VersionFromLibraryName(library);
        if (version is null)
        {
            return null;
        }
        var directory = Path.GetDirectoryName(library);
        for (var level = 0; level < 3 && directory is not null; level++)
        {
            directory = Path.GetDirectoryName(directory);
            var candidate = directory is null ? null : Path.Combine(directory, "bin", $"python{version.Major}.{version.Minor}");
            if (candidate is not null && File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static string LibraryOf(string interpreter, QueryAnswer answer)
    {
        foreach (var name in new[] { answer.SharedObjectName, answer.LinkLibrary })
        {
            if (name.Length > 0 && answer.LibraryDirectory.Length > 0)
            {
                var candidate = Path.Combine(answer.LibraryDirectory, name);
                if (File.Exists(candidate) && candidate.Contains(".so", StringComparison.Ordinal))
                {
                    return candidate;
                }
            }
        }
        throw new PythonStartupException(
            $"{interpreter} (Python {answer.Version}) has no shared libpython in {answer.LibraryDirectory} " +
            $"(looked for {answer.SharedObjectName}). Install it (Debian: apt-get install libpython{answer.Version.Major}.{answer.Version.Minor}), " +
            "use a Python built with --enable-shared, or set python-library.");
    }

    private static PythonInstallation Checked(PythonInstallation installation, bool freeThreaded)
    {
        if (freeThreaded)
        {
            throw new PythonStartupException(
                $"{installation.LibraryPath} is a free-threaded (no-GIL) build of Python {installation.Version}; Gantry embeds only " +
                "builds with the GIL. Use the regular python3.X build (home/virtualenv) instead.");
        }
        if (installation.Version < Oldest)
        {
            throw new PythonStartupException($"Python {installation.Version} is too old: Gantry needs CPython 3.10 or newer.");
        }
        return installation;
    }

    private static QueryAnswer Query(string interpreter)
    {
        var start = new ProcessStartInfo(interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-S");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(QueryScript);
        using var process = Process.Start(start)
            ?? throw new PythonStartupException($"Cannot run {interpreter} to ask where its libpython is.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        var exited = process.WaitForExit(QueryTimeout);
        var errorText = errors.Wait(QueryTimeout) ? errors.Result : string.Empty;
        // Process.Dispose leaves the redirected pipes open until a collection: close them now, so a worker's
        // descriptors are the same after start-up whenever it is counted.
        process.StandardOutput.Dispose();
        process.StandardError.Dispose();
        if (!exited || process.ExitCode != 0)
        {
            throw new PythonStartupException($"{interpreter} failed to report its configuration: {errorText.Trim()}");
        }
        var lines = output.Split('\n');
        if (lines.Length < 5 || !Version.TryParse(lines[3].Trim(), out var version))
        {
            throw new PythonStartupException($"{interpreter} answered the configuration query unexpectedly: {output.Trim()}");
        }
        return new QueryAnswer(lines[0].Trim(), lines[1].Trim(), lines[2].Trim(), version, lines[4].Trim() == "1");
    }

    private static Version? VersionFromLibraryName(string library)
    {
        var match = LibraryNamePattern().Match(Path.GetFileName(library));
        return match.Success ? new Version(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value)) : null;
    }

    private static bool LibraryNameIsFreeThreaded(string library) => LibraryNamePattern().Match(Path.GetFileName(library)).Groups[3].Value == "t";

    [GeneratedRegex(@"^libpython(\d+)\.(\d+)(t?)")]
    private static partial Regex LibraryNamePattern();

    private sealed record QueryAnswer(string SharedObjectName, string LinkLibrary, string LibraryDirectory, Version Version, bool FreeThreaded);
}
