using System.Runtime.InteropServices;

namespace Gantry.Hosting;

/// <summary>
/// gantry.so's entry point: what Program.cs runs, called by the python executable that loaded the library
/// (ctypes.PyDLL: its main thread, GIL held). InheritedSignalDispositions is not run: it would re-execute python.
/// </summary>
internal static unsafe class HostedEntry
{
    [UnmanagedCallersOnly(EntryPoint = "gantry_main")]
    public static int Main(int argc, byte** argv)
    {
        PythonExecutableHost.Active = true;
        var args = new string[argc];
        for (var i = 0; i < argc; i++)
        {
            args[i] = Marshal.PtrToStringUTF8((nint)argv[i]) ?? string.Empty;
        }
        try
        {
            return CommandLine.Run(args);
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"gantry: {exception}");
            return 1;
        }
        finally
        {
            // python runs on with this thread when we return: it must hold the GIL, as when it called us.
            Gantry.Python.Runtime.PythonRuntime.ReturnToHost();
        }
    }
}
