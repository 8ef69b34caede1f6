namespace Gantry.Python.Tests.ChildProcess;

/// <summary>
/// The entry point of the test assembly when run as a child process (`dotnet Gantry.Python.Tests.dll probe …`):
/// a process can load one libpython only, so each other Python version runs in a child of its own.
/// </summary>
public static class ProbeProgram
{
    public static int Main(string[] args) => args.Length == 0 ? 0 : 2;
}
