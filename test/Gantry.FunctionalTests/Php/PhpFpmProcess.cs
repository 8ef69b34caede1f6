using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gantry.PhpTestSupport;

/// <summary>
/// Debian's php-fpm started by a test (<c>php-fpm8.2 -F -y POOL.conf -p DIR</c>, in the foreground) with a pool
/// config the test writes: static children, listening on a loopback port or a unix socket, its log, pid file and
/// session folder in the test's directory. Ready when its socket accepts a connection; <see cref="Kill"/> ends the
/// master and its children by pid (SIGKILL), <see cref="Start"/> brings it back on the same address. Shared by the
/// functional and the interop tests (linked into both).
/// </summary>
public sealed partial class PhpFpmProcess : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private readonly string _directory;
    private readonly string _configuration;
    private Process? _process;

    /// <param name="directory">Where the pool config, log, pid file and sessions go (and the unix socket).</param>
    /// <param name="unixSocket">Listen on <c>DIR/fpm.sock</c> instead of a loopback port.</param>
    /// <param name="children">pm.max_children (pm = static).</param>
    /// <param name="port">The loopback port to listen on (TCP only).</param>
    /// <param name="poolSettings">More lines for the pool section (php_admin_value[…] = …).</param>
    public PhpFpmProcess(string directory, bool unixSocket, int children, int port, string poolSettings = "")
    {
        _directory = directory;
        Address = unixSocket ? Path.Combine(directory, "fpm.sock") : $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        Sessions = Path.Combine(directory, "sessions");
        Directory.CreateDirectory(Sessions);
        File.SetUnixFileMode(Sessions, (UnixFileMode)0x1FF);
        _configuration = Path.Combine(directory, "pool.conf");
        File.WriteAllText(_configuration, $"""
            [global]
            error_log = {Path.Combine(directory, "fpm.log")}
            pid = {Path.Combine(directory, "fpm.pid")}
            [www]
            listen = {Address}
            listen.mode = 0666
            pm = static
            pm.max_children = {children.ToString(CultureInfo.InvariantCulture)}
            catch_workers_output = yes
            php_admin_value[session.save_path] = {Sessions}
            php_admin_value[upload_tmp_dir] = {Sessions}
            {poolSettings}
            """);
        Start();
    }

    /// <summary>php-fpm's own path (Debian's versioned name).</summary>
    public static string Binary =>
        new[] { "/usr/sbin/php-fpm8.2", "/usr/sbin/php-fpm" }.FirstOrDefault(File.Exists)
        ?? Directory.EnumerateFiles("/usr/sbin", "php-fpm*").FirstOrDefault()
        ?? throw new InvalidOperationException("php-fpm is not installed: run ./setup.sh (Debian package php-fpm)");

    /// <summary>What to give gantry's <c>--php-fpm</c> (and nginx's fastcgi_pass, with <c>unix:</c> for a socket).</summary>
    public string Address { get; }

    public string Sessions { get; }

    public bool IsUnix => Address.StartsWith('/');

    /// <summary>php-fpm's log so far.</summary>
    public string Log => File.Exists(Path.Combine(_directory, "fpm.log")) ? File.ReadAllText(Path.Combine(_directory, "fpm.log")) : string.Empty;

    /// <summary>Starts php-fpm (again) and waits until its socket accepts.</summary>
    public void Start()
    {
        var start = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-F", "-y", _configuration, "-p", _directory])
        {
            start.ArgumentList.Add(argument);
        }
        if (geteuid() == 0)
        {
            // Tests run as root in CI: the workers then need php-fpm's explicit permission.
            start.ArgumentList.Add("-R");
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (!Accepts())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"php-fpm did not start listening on {Address}:\n{Log}");
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>SIGKILL to the master, then to each of its children (by pid), then waits for the master's end.</summary>
    public void Kill()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }
        // The master first, so that it cannot replace the children killed next; they are the ones it had.
        var master = _process.Id;
        var children = ChildrenOf(master);
        _ = kill(master, 9);
        foreach (var child in children)
        {
            _ = kill(child, 9);
        }
        _process.WaitForExit(10_000);
        if (IsUnix)
        {
            File.Delete(Address);
        }
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();

    private bool Accepts()
    {
        using var socket = IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(IsUnix ? new UnixDomainSocketEndPoint(Address) : IPEndPoint.Parse(Address));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }
        return children;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
