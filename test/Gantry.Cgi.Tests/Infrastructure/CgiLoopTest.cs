using Gantry.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>
/// What the end-to-end tests share: a real script tree mounted at <c>/cgi</c>, a fake clock (so no test times out by
/// accident on a busy machine, and cgi-timeout is tested by moving the clock) and a <see cref="CgiLoop"/> started by
/// each test with the options it needs. Each test ends with <see cref="CgiLoop.AssertNothingLeft"/>.
/// </summary>
public abstract class CgiLoopTest : IDisposable
{
    private CgiLoop? _loop;

    private protected ScriptTree Tree { get; } = new();

    private protected FakeTimeProvider Time { get; } = new();

    private protected CgiLoop Loop => _loop ?? throw new InvalidOperationException("StartLoop first");

    /// <summary>The options every test starts from: <c>/cgi</c> → the tree's cgi directory, a 60 s timeout.</summary>
    private protected CgiOptions BaseOptions => new() { Mounts = [new CgiMount("/cgi", Tree["cgi"])], Timeout = 60 };

    private protected CgiLoop StartLoop(CgiOptions? options = null, TimeProvider? time = null, bool withRouter = false)
    {
        Assert.Null(_loop);
        _loop = new CgiLoop(options ?? BaseOptions, time ?? Time, withRouter);
        return _loop;
    }

    /// <summary>
    /// A script that starts a background child (same process group), writes "PID CHILDPID" to <c>pids</c> in the tree,
    /// then waits for the child, after writing <paramref name="output"/> (printf format) first.
    /// </summary>
    private protected string Sleeper(string relative, string output = "") => Tree.Script(relative, $"""
        #!/bin/sh
        printf '{output}'
        sleep 1000 &
        echo "$$ $!" > "{Tree["pids.tmp"]}"
        mv "{Tree["pids.tmp"]}" "{Tree["pids"]}"
        wait
        """);

    /// <summary>Waits for a <see cref="Sleeper"/> to have started: its pid and its child's.</summary>
    private protected (int Script, int Child) WaitForPids()
    {
        Bounded.Until(() => File.Exists(Tree["pids"]), "the script to write its pids");
        var pids = File.ReadAllText(Tree["pids"]).Split(' ', StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        return (pids[0], pids[1]);
    }

    /// <summary>
    /// Lets a script waiting in <c>read line &lt; FIFO</c> go on: opens the FIFO at <paramref name="relative"/> for
    /// writing (which waits for the script to open it) and writes one line. A script that waits more than once must
    /// open the FIFO once, read-write (<c>exec 3&lt;&gt; FIFO</c>): reopened, it could meet this writer before it
    /// closed and read its end of file as the next gate.
    /// </summary>
    private protected void OpenGate(string relative)
    {
        var path = Tree[relative];
        var write = Task.Run(() =>
        {
            using var fifo = new FileStream(path, FileMode.Open, FileAccess.Write);
            fifo.Write("go\n"u8);
        });
        Assert.True(write.Wait(Bounded.Bound), $"the script did not open {relative} within {Bounded.Bound.TotalSeconds} s");
    }

    public void Dispose()
    {
        try
        {
            _loop?.Dispose();
        }
        finally
        {
            Tree.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}
