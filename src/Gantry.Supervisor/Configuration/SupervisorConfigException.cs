namespace Gantry.Supervisor.Configuration;

/// <summary>A configuration error: the file, the line, the key when there is one, and what to do.</summary>
internal sealed class SupervisorConfigException(string file, int line, string? key, string message)
    : Exception(key is null ? $"{file}:{line}: {message}" : $"{file}:{line}: '{key}': {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string? Key { get; } = key;
}
