using System.Text;
using Gantry.Configuration;

namespace Gantry.Fuzz.Targets;

/// <summary>The configuration readers, through the one public entry the executable calls.</summary>
public static class ConfigurationTargets
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private static readonly Lazy<string> Directory = new(() => System.IO.Directory.CreateTempSubdirectory("gantry-fuzz-").FullName);

    /// <summary>
    /// The payload is an ini file, read by <c>gantry --ini FILE</c> in an empty directory. Load promises never to
    /// throw for a user mistake: it returns options or errors that name the place.
    /// </summary>
    public static void Ini(ReadOnlySpan<byte> raw)
    {
        var input = new FuzzInput(raw);
        var path = Path.Combine(Directory.Value, "fuzz.ini");
        File.WriteAllBytes(path, input.Payload);
        Check(ConfigurationLoader.Load(["--ini", path], NoEnvironment, Directory.Value));
    }

    /// <summary>
    /// The payload is a command line: arguments separated by NUL bytes, decoded as the runtime decodes argv
    /// (UTF-8, invalid bytes replaced).
    /// </summary>
    public static void CommandLine(ReadOnlySpan<byte> raw)
    {
        var input = new FuzzInput(raw);
        var args = Encoding.UTF8.GetString(input.Payload).Split('\0');
        Check(ConfigurationLoader.Load(args, NoEnvironment, Directory.Value));
    }

    private static void Check(ConfigurationResult result)
    {
        if (result.HelpRequested || result.VersionRequested)
        {
            return;
        }
        FuzzFailure.Check(result.Succeeded == (result.Errors.Count == 0), "options and errors disagree");
        foreach (var error in result.Errors)
        {
            FuzzFailure.Check(!string.IsNullOrWhiteSpace(error.Message) && !string.IsNullOrEmpty(error.Origin), $"an error without a message or origin: {error}");
        }
    }
}
