namespace Gantry.FunctionalTests.Support;

/// <summary>
/// The CPython builds pyenv keeps under $PYENV_ROOT (~/.pyenv by default), each with its shared library. The machine
/// image carries 3.10 to 3.13; a missing one fails the test that needs it, loudly, rather than skipping it.
/// </summary>
internal static class PyenvPythons
{
    /// <summary>The versions folder of pyenv.</summary>
    public static string VersionsFolder => Path.Combine(
        Environment.GetEnvironmentVariable("PYENV_ROOT") is { Length: > 0 } root
            ? root
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv"),
        "versions");

    /// <summary>The newest installed X.Y.Z folder for <paramref name="minor"/> ("3.12"); fails the test when there is none.</summary>
    public static string Home(string minor)
    {
        var candidates = Directory.Exists(VersionsFolder)
            ? Directory.GetDirectories(VersionsFolder, minor + ".*")
                .Where(folder => Version.TryParse(Path.GetFileName(folder), out _))
                .OrderByDescending(folder => Version.Parse(Path.GetFileName(folder)))
                .ToArray()
            : [];
        if (candidates.Length == 0)
        {
            Assert.Fail($"no CPython {minor} under {VersionsFolder}: install it with pyenv (`pyenv install {minor}` with --enable-shared)");
        }

        return candidates[0];
    }

    /// <summary>The full version (3.12.1) of the build <see cref="Home"/> picks.</summary>
    public static string FullVersion(string minor) => Path.GetFileName(Home(minor));

    /// <summary>The shared library libpython3.Y.so of that build; fails the test when it was built without one.</summary>
    public static string Library(string minor)
    {
        var library = Path.Combine(Home(minor), "lib", $"libpython{minor}.so");
        Assert.True(File.Exists(library), $"{library} is missing: that CPython was built without --enable-shared");
        return library;
    }

    /// <summary>The interpreter bin/python3.Y of that build.</summary>
    public static string Interpreter(string minor) => Path.Combine(Home(minor), "bin", "python" + minor);
}
