using System.Globalization;
using System.Text;

namespace Gantry.Supervisor.Processes;

/// <summary>
/// supervisord's main log (<c>logfile</c>, rotated by <c>logfile_maxbytes</c>/<c>logfile_backups</c>) in its format,
/// <c>2026-12-06 23:59:59,123 INFO spawned: 'x' with pid 123</c>, echoed to stdout when not daemonized and not silent.
/// </summary>
internal sealed class SupervisorLog(RotatingLog? file, bool echo, string level) : IDisposable
{
    private readonly int _threshold = Rank(level);

    public RotatingLog? File { get; } = file;

    public void Critical(string message) => Write("CRIT", 50, message);

    public void Error(string message) => Write("ERRO", 40, message);

    public void Warn(string message) => Write("WARN", 30, message);

    public void Info(string message) => Write("INFO", 20, message);

    public void Debug(string message) => Write("DEBG", 10, message);

    private void Write(string name, int rank, string message)
    {
        if (rank < _threshold)
        {
            return;
        }
        var now = DateTime.Now;
        var line = $"{now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)},{now.Millisecond:000} {name} {message}\n";
        try
        {
            File?.Write(Encoding.UTF8.GetBytes(line));
        }
        catch (IOException)
        {
            // The log cannot be written: stdout still gets the line.
        }
        if (echo)
        {
            Console.Out.Write(line);
            Console.Out.Flush();
        }
    }

    private static int Rank(string level) => level switch
    {
        "critical" => 50,
        "error" => 40,
        "warn" => 30,
        "info" => 20,
        _ => 10,
    };

    public void Dispose() => File?.Dispose();
}
