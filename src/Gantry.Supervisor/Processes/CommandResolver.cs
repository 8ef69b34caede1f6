using Gantry.Posix.Native;
using Gantry.Supervisor.Configuration;

namespace Gantry.Supervisor.Processes;

/// <summary>The command split and looked up before any spawn (process.py <c>get_execv_args</c>), with supervisord's errors.</summary>
internal static class CommandResolver
{
    public readonly record struct Resolved(string Filename, IReadOnlyList<string> Arguments, string? Error);

    public static Resolved Resolve(string command, string path)
    {
        List<string> words;
        try
        {
            words = ShellWords.Split(command);
        }
        catch (FormatException exception)
        {
            return new("", [], $"can't parse command '{command}': {exception.Message}");
        }
        if (words.Count == 0)
        {
            return new("", [], "command is empty");
        }
        var program = words[0];
        var filename = program;
        if (!program.Contains('/', StringComparison.Ordinal))
        {
            foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(directory, program);
                if (File.Exists(candidate) || Directory.Exists(candidate))
                {
                    filename = candidate;
                    break;
                }
            }
        }
        if (Directory.Exists(filename))
        {
            return new(filename, words, $"command at '{filename}' is a directory");
        }
        if (!File.Exists(filename))
        {
            return new(filename, words, $"can't find command '{filename}'");
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(filename) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            return new(filename, words, $"command at '{filename}' is not executable");
        }
        if (LibC.access(filename, LibC.X_OK) != 0)
        {
            return new(filename, words, $"no permission to run command '{filename}'");
        }
        return new(filename, words, null);
    }
}
