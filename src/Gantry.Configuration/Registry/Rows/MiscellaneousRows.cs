using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>Plugins, environment helpers and everything that fits no other topic (core/uwsgi.c, core/plugins.c).</summary>
internal static class MiscellaneousRows
{
    private const string Plugins = "Gantry embeds Python; plugins are built in";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Miscellaneous;
        t.Ignored(Plugins,
            ("plugin plugins need-plugin need-plugins *", Text, "load a plugin (python3, http, ...)"),
            ("plugins-dir plugin-dir *", Text, "directory searched for plugins"),
            ("autoload", Flag, "load plugins for unknown options automatically"),
            ("dlopen *", Text, "load a shared library into the server"));
        t.Ignored("Gantry has no equivalent and ignoring it changes nothing a request sees",
            ("pcre-jit", Flag, "JIT-compile routing regexps"),
            ("clock", Text, "clock source"),
            ("check-interval", Integer, "seconds between the master's checks"),
            ("binary-path", Text, "path of the uWSGI binary, for re-exec"),
            ("max-apps", Integer, "applications per worker"),
            ("profiler", Text, "profiler to enable"),
            ("mode", Text, "free-form mode string readable by the application"));
        t.Rejected("Gantry does not re-exec itself with another binary",
            ("privileged-binary-patch", Text, "re-exec this binary while still root"),
            ("unprivileged-binary-patch", Text, "re-exec this binary after dropping privileges"),
            ("privileged-binary-patch-arg", Text, "re-exec this command line while still root"),
            ("unprivileged-binary-patch-arg", Text, "re-exec this command line after dropping privileges"),
            ("binsh *", Text, "shell used for commands"));
        t.Rejected("only --env is supported; set the variables with env = KEY=VALUE",
            ("envdir *", Text, "load environment variables from a daemontools envdir"),
            ("early-envdir *", Text, "load an envdir as soon as possible"),
            ("unenv *", Text, "remove an environment variable"));
        t.Rejected("only --chdir is supported",
            ("chdir2", Text, "change directory after the applications load"),
            ("force-cwd", Text, "force the working directory reported to the application"));
        t.Rejected("a server without sockets is not supported",
            ("no-server", Flag, "run without sockets (mules and spoolers only)"),
            ("command-mode", Flag, "run as a command, not a server"));
    }
}
