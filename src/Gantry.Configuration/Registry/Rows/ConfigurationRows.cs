using Gantry.Configuration.Binding;
using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>Config files, placeholders and command-line actions (uWSGI core/uwsgi.c, core/config.c, core/ini.c).</summary>
internal static class ConfigurationRows
{
    private const string OnlyIni = "Gantry reads ini files only; convert the file to an ini [uwsgi] section";
    private const string Action = "Gantry's command line only starts a server; send signals to the pid instead";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Configuration;
        t.Supported("ini *", ConfigFile, "read options from an ini file (file.ini:section picks a section other than [uwsgi])",
            Consumed);
        t.Supported("include *", ConfigFile, "read another config file in place, here and now", Consumed);
        t.Supported("inherit *", ConfigFile, "use another config file as a template (read in place, like include)", Consumed);
        t.Supported("strict", Flag, "make unknown ini keys (placeholders never used) an error instead of a warning",
            (o, v) => o.Strict = v.Flag, defaultValue: "false");
        t.Supported("set -S *", KeyValue, "set an option or, if no option has that name, a placeholder: name=value",
            Consumed);
        t.Supported("set-placeholder set-ph *", KeyValue, "define a placeholder for %(name) references: name=value",
            Consumed);
        t.Supported("help usage -h", Flag, "print this help and exit", Consumed);
        t.Supported("version", Flag, "print the version and exit", Consumed);

        t.Supported("for *", Text, "repeat the following lines for each space-separated item", Consumed);
        t.Supported("for-glob *", Text, "repeat the following lines for each file matching a glob", Consumed);
        t.Supported("for-times *", Integer, "repeat the following lines N times", Consumed);
        t.Supported("for-readline *", Text, "repeat the following lines for each line of a file", Consumed);
        t.Supported("endfor end-for ?", Text, "end a for block", Consumed);
        t.Supported("if-opt *", Text, "apply the following lines if an option is set", Consumed);
        t.Supported("if-not-opt *", Text, "apply the following lines if an option is not set", Consumed);
        t.Supported("if-env ifenv *", Text, "apply the following lines if an environment variable is set", Consumed);
        t.Supported("if-not-env *", Text, "apply the following lines if an environment variable is not set", Consumed);
        t.Supported("if-reload", Flag, "apply the following lines only on a reload", Consumed);
        t.Supported("if-not-reload", Flag, "apply the following lines only on a first start", Consumed);
        t.Supported("if-hostname *", Text, "apply the following lines on this host", Consumed);
        t.Supported("if-not-hostname *", Text, "apply the following lines on other hosts", Consumed);
        t.Supported("if-hostname-match *", Text, "apply the following lines when the host name matches a regexp", Consumed);
        t.Supported("if-not-hostname-match *", Text, "apply the following lines when the host name does not match a regexp", Consumed);
        t.Supported("if-exists ifexists *", Text, "apply the following lines if a path exists", Consumed);
        t.Supported("if-not-exists *", Text, "apply the following lines if a path does not exist", Consumed);
        t.Supported("if-file *", Text, "apply the following lines if a file exists", Consumed);
        t.Supported("if-not-file *", Text, "apply the following lines if a file does not exist", Consumed);
        t.Supported("if-dir ifdir if-directory *", Text, "apply the following lines if a directory exists", Consumed);
        t.Supported("if-not-dir *", Text, "apply the following lines if a directory does not exist", Consumed);
        t.Supported("if-plugin ifplugin *", Text, "apply the following lines if a plugin is available", Consumed);
        t.Supported("if-not-plugin *", Text, "apply the following lines if a plugin is not available", Consumed);
        t.Supported("endif end-if ?", Text, "end an if block", Consumed);
        t.Supported("else ?", Text, "switch an if block to its other branch", Consumed);

        t.Rejected(OnlyIni,
            ("xmlconfig xml -x *", ConfigFile, "read options from an XML file"),
            ("yaml yml -y *", ConfigFile, "read options from a YAML file"),
            ("json js -j *", ConfigFile, "read options from a JSON file"),
            ("config *", ConfigFile, "read a config file through uWSGI's pluggable loaders"),
            ("ini-paste *", ConfigFile, "read a paste.deploy file that also holds a [uwsgi] section"),
            ("ini-paste-logged *", ConfigFile, "ini-paste, also setting up the paste loggers"));
        t.Rejected("option access lists are not supported; review the config instead",
            ("blacklist", Text, "forbid the listed options from here on"),
            ("end-blacklist", Flag, "end a blacklist block"),
            ("whitelist", Text, "allow only the listed options from here on"),
            ("end-whitelist", Flag, "end a whitelist block"));
        t.Rejected("custom options are not supported; write the options out",
            ("declare-option *", Text, "declare a custom option expanding to other options"),
            ("declare-option2 *", Text, "declare a custom option, applied late"));
        t.Rejected("templating by text injection is not supported; use include",
            ("inject-before *", Text, "prepend a file's text to the config"),
            ("inject-after *", Text, "append a file's text to the config"));
        t.Rejected("DNS lookups while reading the config are not supported; write the address",
            ("resolve *", KeyValue, "store the result of a DNS lookup in a placeholder: name=host"));
        t.Rejected(Action,
            ("stop", Text, "stop the instance whose pid file is given"),
            ("reload", Text, "reload the instance whose pid file is given"),
            ("pause", Text, "pause the instance whose pid file is given"),
            ("suspend", Text, "suspend the instance whose pid file is given"),
            ("resume", Text, "resume the instance whose pid file is given"),
            ("connect-and-read", Text, "connect to an address and print what it sends"),
            ("extract", Text, "print the content of any supported address"),
            ("get *", Text, "print an option's value and exit"),
            ("print-sym print-symbol", Text, "print an embedded symbol"),
            ("build-plugin", Text, "compile a uWSGI plugin"),
            ("cflags", Flag, "print the flags uWSGI was compiled with"),
            ("dot-h", Flag, "print the uwsgi.h uWSGI was compiled with"),
            ("config-py", Flag, "print the uwsgiconfig.py uWSGI was built with"),
            ("binary-append-data", Text, "append data to the uWSGI binary"),
            ("exit ?", Integer, "exit right away with this code"));
        t.Rejected("Gantry does not re-exec itself with another config; let your supervisor restart it",
            ("fallback-config", Text, "restart with another config when the instance exits with status 1"));
        t.Ignored("Gantry prints nothing extra while reading its configuration",
            ("print *", Text, "print a line while the config is read"),
            ("iprint *", Text, "print a line immediately while the config is read"),
            ("dump-options", Flag, "list every option uWSGI knows"),
            ("show-config", Flag, "print the configuration as read"),
            ("plugins-list plugin-list", Flag, "list the loaded plugins"),
            ("loop-list loops-list", Flag, "list the event loop engines"),
            ("logger-list loggers-list", Flag, "list the logger engines"),
            ("router-list routers-list", Flag, "list the routing actions"),
            ("cheaper-algo-list cheaper-algos-list cheaper-list", Flag, "list the cheaper algorithms"),
            ("alarm-list alarms-list", Flag, "list the alarm engines"),
            ("clock-list clocks-list", Flag, "list the clock sources"),
            ("imperial-monitor-list imperial-monitors-list", Flag, "list the emperor monitors"));
    }

    // These options are acted on while the configuration is read (ConfigurationCollector); they never reach the binder.
    private static void Consumed(GantryOptionsBuilder options, OptionValue value)
    {
    }
}
