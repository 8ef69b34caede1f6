using System.Globalization;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Php;

/// <summary>
/// A client that leaves while php-fpm runs its script (php-fpm-client-abort), with a kept connection and one php-fpm
/// child. drain (the default): php-fpm's answer is read to END_REQUEST and discarded, and the very same connection
/// (the same local port) serves the next request. abort: FCGI_ABORT_REQUEST goes out first; php-fpm runs the script
/// anyway and then closes the connection (it reads the record as the next request's), so the next request gets a
/// new connection and is answered. close: the connection is closed at once, as nginx does by default. The kept
/// connections are read from /proc (gantry's sockets whose peer is php-fpm's port).
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class PhpFpmClientAbortTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ClientLeaves_Drain_SameFpmConnectionServesTheNextRequest()
    {
        await using var site = await PhpSite.StartAsync("phpdrain", false, 1);
        var before = await WarmAsync(site);

        await LeaveMidRequestAsync(site, "php-fpm's answer is drained to keep the connection");
        await site.Gantry.WaitForOutputAsync("drained to END_REQUEST after the client left; the php-fpm connection is kept", Bound);
        var next = await site.GetAsync("/hello.php");

        Assert.True(next.StatusCode == 200, $"{next}\n{site.Logs}");
        var after = FpmConnections(site);
        Assert.True(after.SetEquals(before), $"php-fpm connections (local ports) before {string.Join(',', before)}, after {string.Join(',', after)}\n{site.Logs}");
    }

    [Fact]
    public async Task ClientLeaves_Abort_AbortSentAndTheNextRequestAnswered()
    {
        await using var site = await PhpSite.StartAsync("phpabortrec", false, 1, "--php-fpm-client-abort", "abort");
        var before = await WarmAsync(site);

        await LeaveMidRequestAsync(site, "FCGI_ABORT_REQUEST sent, php-fpm's answer is drained");
        // php-fpm finishes the script, answers END_REQUEST, then closes the connection (the abort record was unread).
        await site.Gantry.WaitForOutputAsync("drained to END_REQUEST after the client left", Bound);
        var next = await site.GetAsync("/hello.php");

        Assert.True(next.StatusCode == 200, $"{next}\n{site.Logs}");
        var after = FpmConnections(site);
        Assert.True(after.Count == 1 && !after.SetEquals(before), $"before {string.Join(',', before)}, after {string.Join(',', after)}\n{site.Logs}");
    }

    [Fact]
    public async Task ClientLeaves_Close_ConnectionClosedAtOnce_NextRequestOnANewOne()
    {
        await using var site = await PhpSite.StartAsync("phpabortclose", false, 1, "--php-fpm-client-abort", "close");
        var before = await WarmAsync(site);

        await LeaveMidRequestAsync(site, "the client went away; the php-fpm connection is closed");
        var next = await site.GetAsync("/hello.php");

        Assert.True(next.StatusCode == 200, $"{next}\n{site.Logs}");
        Assert.False(FpmConnections(site).SetEquals(before), site.Logs);
    }

    [Fact]
    public async Task ClientLeaves_DrainLongerThanReadTimeout_ConnectionClosed_SiteStillAnswers()
    {
        await using var site = await PhpSite.StartAsync("phpdrainbound", false, 2, "--php-fpm-read-timeout", "1");
        await WarmAsync(site);

        await LeaveMidRequestAsync(site, "php-fpm's answer is drained to keep the connection", seconds: 4);
        await site.Gantry.WaitForOutputAsync("no END_REQUEST within 1 s of the client's departure", Bound);

        Assert.Equal(200, (await site.GetAsync("/hello.php")).StatusCode);
    }

    /// <summary>One request, so that one kept connection is in the pool; its local port.</summary>
    private static async Task<HashSet<int>> WarmAsync(PhpSite site)
    {
        var warm = await site.GetAsync("/hello.php");
        Assert.True(warm.StatusCode == 200, $"{warm}\n{site.Logs}");
        var ports = FpmConnections(site);
        Assert.True(ports.Count == 1, $"one kept php-fpm connection after one request, found {ports.Count}\n{site.Logs}");
        return ports;
    }

    /// <summary>
    /// A client asks for a slow script on the kept connection and leaves once the script runs (it writes a marker file
    /// into php-fpm's session folder first); then the log line <paramref name="expected"/> comes.
    /// </summary>
    private static async Task LeaveMidRequestAsync(PhpSite site, string expected, int seconds = 1)
    {
        var mark = site.Gantry.LineCount;
        var marker = Path.Combine(site.Fpm.Sessions, "running-" + Guid.NewGuid().ToString("N"));
        var probe = await HttpProbe.ConnectAsync(site.Http);
        await probe.SendAsync($"GET /sleep?s={seconds.ToString(CultureInfo.InvariantCulture)}&mark={Path.GetFileName(marker)} HTTP/1.1\r\nHost: php.test\r\n\r\n");
        var deadline = DateTime.UtcNow + Bound;
        while (!File.Exists(marker))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the script started within {Bound}\n{site.Logs}");
            await Task.Delay(10);
        }
        await probe.DisposeAsync();
        while (!site.Gantry.Lines.Skip(mark).Any(line => line.Text.Contains(expected, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{expected}' within {Bound}\n{site.Logs}");
            await Task.Delay(20);
        }
    }

    /// <summary>The local ports of gantry's TCP connections to php-fpm's port (its sockets, matched by inode in /proc/net/tcp).</summary>
    private static HashSet<int> FpmConnections(PhpSite site)
    {
        var fpmPort = int.Parse(site.Fpm.Address.Split(':')[^1], CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.GetFiles($"/proc/{site.Gantry.Pid}/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget ?? "";
                if (target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
            catch (IOException)
            {
                // Closed while listed.
            }
        }
        var ports = new HashSet<int>();
        foreach (var line in File.ReadAllLines($"/proc/{site.Gantry.Pid}/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var remotePort = int.Parse(fields[2].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            // State 01: ESTABLISHED.
            if (remotePort == fpmPort && fields[3] == "01" && inodes.Contains(fields[9]))
            {
                ports.Add(int.Parse(fields[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }
        return ports;
    }
}
