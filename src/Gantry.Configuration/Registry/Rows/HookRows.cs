using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>
/// Hooks, commands, mounts and calls run at uWSGI's startup phases (core/hooks.c). Skipping a command the
/// user expects to run changes behaviour, so they are rejected.
/// </summary>
internal static class HookRows
{
    private const string NoHooks =
        "phase hooks are not implemented; run the command from your service definition (ExecStartPre) or the app";
    private const string NoWait = "waiting for resources is not implemented; order the services in your supervisor";

    private static readonly (string Phase, string When)[] Phases =
    [
        ("asap", "as soon as possible"),
        ("pre-jail", "before jailing"),
        ("post-jail", "after jailing"),
        ("in-jail", "inside the jail"),
        ("as-root", "while still root"),
        ("as-user", "after privileges are dropped"),
        ("as-user-atexit", "at exit, as the user"),
        ("pre-app", "before the application loads"),
        ("post-app", "after the application loads"),
        ("as-vassal", "in a vassal, before it starts"),
        ("as-emperor", "in the emperor, when a vassal starts"),
    ];

    private static readonly (string Kind, string What)[] Actions =
    [
        ("hook", "run a hook action"),
        ("exec", "run a shell command"),
        ("call", "call a C function"),
        ("mount", "mount a file system"),
        ("umount", "unmount a file system"),
    ];

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Hooks;
        List<(string, OptionValueKind, string)> rows = [];
        foreach (var (kind, what) in Actions)
        {
            foreach (var (phase, when) in Phases)
            {
                bool exists = kind switch
                {
                    "mount" or "umount" => phase is "asap" or "pre-jail" or "post-jail" or "in-jail" or "as-root" or "as-vassal" or "as-emperor",
                    _ => true,
                };
                if (exists)
                {
                    rows.Add(($"{kind}-{phase} *", Text, $"{what} {when}"));
                }
            }
        }

        rows.AddRange(
        [
            ("hook-post-fork *", Text, "run a hook action in each worker after fork"),
            ("hook-accepting *", Text, "run a hook action when a core starts accepting"),
            ("hook-accepting1 *", Text, "run a hook action when the first core starts accepting"),
            ("hook-accepting-once *", Text, "run a hook action once, when a core starts accepting"),
            ("hook-accepting1-once *", Text, "run a hook action once, when the first core starts accepting"),
            ("hook-master-start *", Text, "run a hook action when the master starts"),
            ("hook-touch *", Text, "run a hook action when a file's mtime changes"),
            ("hook-emperor-start *", Text, "run a hook action when the emperor starts"),
            ("hook-emperor-stop *", Text, "run a hook action when the emperor stops"),
            ("hook-emperor-reload *", Text, "run a hook action when the emperor reloads"),
            ("hook-emperor-lost *", Text, "run a hook action when the emperor connection is lost"),
            ("hook-as-on-demand-vassal *", Text, "run a hook action when an on-demand vassal starts"),
            ("hook-as-on-config-vassal *", Text, "run a hook action when a vassal's config changes"),
            ("hook-as-emperor-before-vassal *", Text, "run a hook action in the emperor before a vassal forks"),
            ("hook-as-vassal-before-drop *", Text, "run a hook action in a vassal before it drops privileges"),
            ("hook-as-emperor-setns *", Text, "run a hook action in the emperor's setns phase"),
            ("hook-as-mule *", Text, "run a hook action in each mule"),
            ("hook-as-gateway *", Text, "run a hook action in each gateway"),
            ("after-request-hook *", Text, "call a function after every request"),
            ("after-request-call *", Text, "call a C function after every request"),
            ("call-as-vassal1 *", Text, "call a C function in a vassal, with one argument"),
            ("call-as-vassal3 *", Text, "call a C function in a vassal, with three arguments"),
            ("call-as-emperor1 *", Text, "call a C function in the emperor, with one argument"),
            ("call-as-emperor2 *", Text, "call a C function in the emperor, with two arguments"),
            ("call-as-emperor4 *", Text, "call a C function in the emperor, with four arguments"),
            ("file-write *", KeyValue, "write text to a file at startup: path=text"),
            ("exception-handler *", Text, "add a handler for unhandled exceptions"),
        ]);
        t.Rejected(NoHooks, [.. rows]);
        t.Ignored("Gantry never sends tracebacks to clients; they go to the log",
            ("catch-exceptions", Flag, "send exception tracebacks to the client"));
        t.Rejected(NoWait,
            ("wait-for-interface wait-interface wait-for-iface wait-iface *", Text, "wait until a network interface exists"),
            ("wait-for-interface-timeout wait-interface-timeout wait-for-iface-timeout wait-iface-timeout", Integer, "seconds to wait for an interface"),
            ("wait-for-fs *", Text, "wait until a path exists"),
            ("wait-for-file *", Text, "wait until a file exists"),
            ("wait-for-dir *", Text, "wait until a directory exists"),
            ("wait-for-mountpoint *", Text, "wait until a mount point is mounted"),
            ("wait-for-fs-timeout", Integer, "seconds to wait for a path"),
            ("wait-for-socket *", Text, "wait until a socket accepts connections"),
            ("wait-for-socket-timeout", Integer, "seconds to wait for a socket"),
            ("check-mountpoint mountpoint-check check-mount mount-check *", Text, "exit when a mount point disappears"));
    }
}
