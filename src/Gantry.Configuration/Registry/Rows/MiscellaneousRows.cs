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
            ("cgi-mode -c", Flag, "CGI mode for plugins that have one"),
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
        t.Rejected("CGI is not implemented yet; serve CGI scripts with another server",
            ("cgi *", Text, "run CGI scripts from this directory (or mountpoint=directory)"),
            ("cgi-map-helper cgi-helper *", KeyValue, "interpreter for an extension: .php=php-cgi"),
            ("cgi-from-docroot", Flag, "take scripts from DOCUMENT_ROOT"),
            ("cgi-buffer-size", Bytes, "buffer size of CGI responses"),
            ("cgi-timeout", Integer, "seconds a CGI script may run"),
            ("cgi-index *", Text, "script run for directory requests"),
            ("cgi-allowed-ext *", Text, "extension CGI scripts may have"),
            ("cgi-unset *", Text, "environment variable removed before running a script"),
            ("cgi-loadlib *", Text, "shared library preloaded for CGI scripts"),
            ("cgi-optimize cgi-optimized", Flag, "skip some path checks"),
            ("cgi-path-info", Flag, "pass PATH_INFO to scripts"),
            ("cgi-do-not-kill-on-error", Flag, "let a script run after a client error"),
            ("cgi-async-max-attempts", Integer, "retries when reading an async script"),
            ("cgi-close-stdin-on-eof", Flag, "close the script's stdin once the body is sent"),
            ("cgi-safe *", Text, "directory scripts may be taken from"),
            ("cgi-dontresolve", Flag, "do not resolve script symlinks"));
        t.Rejected("a server without sockets is not supported",
            ("no-server", Flag, "run without sockets (mules and spoolers only)"),
            ("command-mode", Flag, "run as a command, not a server"));
    }
}
