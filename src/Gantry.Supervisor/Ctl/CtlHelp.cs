namespace Gantry.Supervisor.Ctl;

/// <summary>supervisorctl's help lines, printed after a command given without its arguments (as supervisorctl does).</summary>
internal static class CtlHelp
{
    public static readonly Dictionary<string, string[]> Lines = new(StringComparer.Ordinal)
    {
        ["start"] = ["start <name>\t\tStart a process", "start <gname>:*\t\tStart all processes in a group", "start <name> <name>\tStart multiple processes or groups", "start all\t\tStart all processes"],
        ["stop"] = ["stop <name>\t\tStop a process", "stop <gname>:*\t\tStop all processes in a group", "stop <name> <name>\tStop multiple processes or groups", "stop all\t\tStop all processes"],
        ["restart"] = ["restart <name>\t\tRestart a process", "restart <gname>:*\tRestart all processes in a group", "restart <name> <name>\tRestart multiple processes or groups", "restart all\t\tRestart all processes", "Note: restart does not reread config files. For that, see reread and update."],
        ["signal"] = ["signal <signal name> <name>\t\tSignal a process", "signal <signal name> <gname>:*\t\tSignal all processes in a group", "signal <signal name> <name> <name>\tSignal multiple processes or groups", "signal <signal name> all\t\tSignal all processes"],
        ["clear"] = ["clear <name>\t\tClear a process' log files.", "clear <name> <name>\tClear multiple process' log files", "clear all\t\tClear all process' log files"],
        ["tail"] = ["tail [-f] <name> [stdout|stderr] (default stdout)", "Ex:", "tail -f <name>\t\tContinuous tail of named process stdout", "\t\t\tCtrl-C to exit.", "tail -100 <name>\tlast 100 *bytes* of process stdout", "tail <name> stderr\tlast 1600 *bytes* of process stderr"],
        ["maintail"] = ["maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)", "maintail -100\tlast 100 *bytes* of supervisord main log file", "maintail\tlast 1600 *bytes* of supervisor main log file", ""],
        ["fg"] = ["fg <process>\tConnect to a process in foreground mode", "\t\tCtrl-C to exit"],
    };

    public static void Print(string command)
    {
        foreach (var line in Lines[command])
        {
            Console.Out.WriteLine(line);
        }
    }
}
