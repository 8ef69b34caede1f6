using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>Users, groups, pid files, jails, namespaces and resource limits (uWSGI core/uwsgi.c).</summary>
internal static class SecurityRows
{
    private const string PrivilegesPending = "only uid and gid are supported (dropped right after binding)";
    private const string Jails = "jails, namespaces and capabilities are not supported; use your container runtime";
    private const string Limits = "resource limits are not supported; use ulimit, systemd or cgroups";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Security;
        t.Supported("uid", Text, "user (name or number) to run as after binding the sockets",
            (o, v) => o.Uid = v.Text);
        t.Supported("gid", Text, "group (name or number) to run as after binding the sockets",
            (o, v) => o.Gid = v.Text);
        t.Supported("chown-socket", Text, "give unix sockets to user[:group] (names or numbers) right after binding",
            (o, v) => o.ChownSocket = v.Text);
        t.Supported("pidfile", Text, "write the master's pid to this file (written before chdir: a relative path starts where gantry started)", (o, v) => o.PidFile = v.Text);

        t.Supported("pidfile2", Text, "write the master's pid to this file after dropping privileges (the uid user owns it)",
            (o, v) => o.PidFile2 = v.Text);
        t.Supported("safe-pidfile", Text, "write the master's pid to this file atomically (temporary file, then rename)",
            (o, v) => o.SafePidFile = v.Text);
        t.Supported("safe-pidfile2", Text, "safe-pidfile, written after dropping privileges",
            (o, v) => o.SafePidFile2 = v.Text);
        t.Rejected(PrivilegesPending,
            ("add-gid *", Text, "add a supplementary group"),
            ("immediate-uid", Text, "switch user as soon as this option is read"),
            ("immediate-gid", Text, "switch group as soon as this option is read"),
            ("no-initgroups", Flag, "do not load the user's supplementary groups"),
            ("master-as-root", Flag, "keep the master running as root"),
            ("drop-after-init", Flag, "drop privileges after plugin initialization"),
            ("drop-after-apps", Flag, "drop privileges after the applications load"));
        t.Rejected(Jails,
            ("chroot", Text, "chroot into this directory"),
            ("pivot-root pivot_root", Text, "pivot_root into new_root:old_root"),
            ("cap", Text, "keep these Linux capabilities"),
            ("unshare", Text, "unshare these Linux namespaces"),
            ("unshare2", Text, "unshare these namespaces after the rootfs change"),
            ("setns-socket", Text, "expose the namespaces on this socket"),
            ("setns-socket-skip setns-skip *", Text, "namespaces setns must skip"),
            ("setns", Text, "join the namespaces exposed on this socket"),
            ("setns-preopen", Flag, "open the namespace files early"),
            ("jailed", Flag, "pretend the process is jailed"),
            ("jail", Text, "FreeBSD jail"),
            ("jail-ip4 *", Text, "IPv4 address of the FreeBSD jail"),
            ("jail-ip6 *", Text, "IPv6 address of the FreeBSD jail"),
            ("jidfile jid-file", Text, "write the FreeBSD jail id to this file"),
            ("jail2 libjail *", Text, "FreeBSD jail parameter"),
            ("jail-attach", Text, "attach to a FreeBSD jail"),
            ("namespace ns", Text, "run in a new Linux namespace rooted here"),
            ("namespace-keep-mount *", Text, "keep this mount in the new namespace"),
            ("namespace-net ns-net", Text, "join this network namespace"),
            ("cgroup *", Text, "put the processes in this cgroup"),
            ("cgroup-opt *", KeyValue, "set a cgroup attribute"),
            ("cgroup-dir-mode", OctalMode, "permissions of created cgroup directories"),
            ("emperor-use-clone", Text, "clone flags used to start vassals"),
            ("forkpty-router forkptyrouter", Text, "run a pseudo-terminal router"));
        t.Rejected(Limits,
            ("limit-as", Megabytes, "cap the address space of every process at N MB"),
            ("limit-nproc", Integer, "cap the number of processes"),
            ("never-swap", Flag, "lock all memory with mlockall"),
            ("ksm ?", Integer, "merge identical pages with KSM every N requests"));
        t.Rejected("Gantry applies the umask it was started with; set it in the service definition",
            ("umask", OctalMode, "umask of the processes"));
        t.Ignored("Gantry never inherits descriptors it did not open",
            ("close-on-exec", Flag, "set close-on-exec on the sockets"),
            ("close-on-exec2", Flag, "set close-on-exec on the sockets of the server"),
            ("safe-fd fd-safe *", Integer, "descriptor to keep open across exec"),
            ("skip-zero", Flag, "do not check descriptor 0"),
            ("honour-stdin", Flag, "keep stdin open instead of /dev/null"),
            ("skip-atexit", Flag, "skip atexit hooks"),
            ("skip-atexit-teardown", Flag, "skip the atexit teardown"));
    }
}
