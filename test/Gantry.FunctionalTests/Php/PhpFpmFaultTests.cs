using System.Net;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Php;

/// <summary>
/// php-fpm failing under gantry: down (502, one log line naming the address, back by itself when php-fpm returns),
/// stalled (504 after php-fpm-read-timeout), killed and restarted under load (every request answered 200 or 502 within
/// its bound, then 200 again), and several addresses (the next one takes over).
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class PhpFpmFaultTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FpmDown_502WithOneLogLine_BackWhenFpmReturns()
    {
        await using var site = await PhpSite.StartAsync("phpdown");
        Assert.Equal(200, (await site.GetAsync("/hello.php")).StatusCode);

        site.Fpm.Kill();
        var first = await site.GetAsync("/hello.php");
        var second = await site.GetAsync("/hello.php");
        site.Fpm.Start();
        var after = await site.GetAsync("/hello.php");

        Assert.Equal(502, first.StatusCode);
        Assert.Equal(502, second.StatusCode);
        Assert.True(after.StatusCode == 200, $"{after}\n{site.Logs}");
        await site.Gantry.WaitForOutputAsync($"php-fpm {site.Fpm.Address} is back", TimeSpan.FromSeconds(10));
        var downLines = site.Gantry.Output.Split('\n').Count(line => line.Contains($"php-fpm {site.Fpm.Address} is unreachable", StringComparison.Ordinal));
        Assert.True(downLines == 1, site.Logs);
    }

    [Fact]
    public async Task FpmSilent_ReadTimeout_504()
    {
        await using var site = await PhpSite.StartAsync("phptimeout", false, 2, "--php-fpm-read-timeout", "1");

        var response = await site.GetAsync("/sleep?s=5");

        Assert.True(response.StatusCode == 504, $"{response}\n{site.Logs}");
        await site.Gantry.WaitForOutputAsync("php-fpm-read-timeout", TimeSpan.FromSeconds(10));
        Assert.Equal(200, (await site.GetAsync("/hello.php")).StatusCode);
    }

    [Fact]
    public async Task SecondAddress_FirstDown_NextTakesOver()
    {
        var deadPort = FreePort.Allocate();
        await using var site = await PhpSite.StartAsync("phpnext", false, 2, "--php-fpm", $"127.0.0.1:{deadPort}");

        for (var i = 0; i < 4; i++)
        {
            var response = await site.GetAsync("/hello.php");
            Assert.True(response.StatusCode == 200, $"{response}\n{site.Logs}");
        }
    }

    /// <summary>
    /// Clients that leave while php-fpm works: each exchange closes its php-fpm connection at once (as nginx with
    /// fastcgi_ignore_client_abort off) and says so, gantry's descriptors come back to where they were, and the site
    /// still answers.
    /// </summary>
    [Fact]
    public async Task ClientsLeaveMidRequest_FpmConnectionsClosed_SiteStillAnswers()
    {
        await using var site = await PhpSite.StartAsync("phpabort", false, 4, "--php-fpm-keepalive", "0");
        Assert.Equal(200, (await site.GetAsync("/hello.php")).StatusCode);
        // The hello's own connection may still be closing on gantry's side: count once the number stopped moving.
        var before = await SettledDescriptorsAsync(site.Gantry.Pid);
        var mark = site.Gantry.LineCount;

        var probes = new List<HttpProbe>();
        for (var i = 0; i < 3; i++)
        {
            var probe = await HttpProbe.ConnectAsync(site.Http);
            await probe.SendAsync("GET /sleep?s=20 HTTP/1.1\r\nHost: php.test\r\n\r\n");
            probes.Add(probe);
        }
        // Each client's connection and its php-fpm connection are open while php-fpm sleeps.
        var deadline = DateTime.UtcNow + Bound;
        while (Descriptors(site.Gantry.Pid) < before + 6 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        var during = Descriptors(site.Gantry.Pid);
        Assert.Equal(before + 6, during);
        foreach (var probe in probes)
        {
            await probe.DisposeAsync();
        }
        const string Gone = "the client went away; the php-fpm connection is closed";
        while (site.Gantry.Lines.Skip(mark).Count(line => line.Text.Contains(Gone, StringComparison.Ordinal)) < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, $"three '{Gone}' lines within {Bound}\n{site.Logs}");
            await Task.Delay(20);
        }

        Assert.Equal(before, await SettledDescriptorsAsync(site.Gantry.Pid));
        Assert.Equal(200, (await site.GetAsync("/hello.php")).StatusCode);
    }

    private static int Descriptors(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    /// <summary>The descriptor count once it read the same three times 100 ms apart (bounded by <see cref="Bound"/>).</summary>
    private static async Task<int> SettledDescriptorsAsync(int pid)
    {
        var deadline = DateTime.UtcNow + Bound;
        var count = Descriptors(pid);
        for (var same = 0; same < 3 && DateTime.UtcNow < deadline; )
        {
            await Task.Delay(100);
            var now = Descriptors(pid);
            same = now == count ? same + 1 : 0;
            count = now;
        }
        return count;
    }

    /// <summary>php-fpm-max-conns 2: eight concurrent requests share two connections, the rest queue, every one answers.</summary>
    [Fact]
    public async Task MaxConns2_EightConcurrentRequests_QueuedAndAllAnswered()
    {
        await using var site = await PhpSite.StartAsync("phpmaxconns", false, 4, "--php-fpm-max-conns", "2", "--php-fpm-keepalive", "2");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => site.GetAsync($"/hello/c{i}"))).WaitAsync(Bound);

        for (var i = 0; i < responses.Length; i++)
        {
            Assert.True(responses[i].BodyText == $"hello c{i} q=", $"{responses[i]}\n{site.Logs}");
        }
        var slow = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => site.GetAsync("/sleep?s=1"))).WaitAsync(Bound);
        Assert.All(slow, response => Assert.Equal("slept", response.BodyText));
    }

    [Fact]
    public async Task KeepAliveOff_EachRequestItsOwnConnection_Answers()
    {
        await using var site = await PhpSite.StartAsync("phpnokeep", false, 1, "--php-fpm-keepalive", "0");

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("hello php /hello.php pi=\n", (await site.GetAsync("/hello.php")).BodyText);
        }
    }

    [Fact]
    public async Task FpmKilledUnderLoad_EveryRequestAnswered_ThenAllSucceedAgain()
    {
        await using var site = await PhpSite.StartAsync("phpkill", false, 2, "--threads", "2");
        using var stop = new CancellationTokenSource();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var timeout = new CancellationTokenSource(Bound);
                var response = await site.GetAsync("/hello/load").WaitAsync(timeout.Token);
                statuses.Add(response.StatusCode);
            }
        })).ToArray();

        await WaitForCountAsync(statuses, 50);
        site.Fpm.Kill();
        await WaitForCountAsync(statuses, statuses.Count + 20);
        site.Fpm.Start();
        var restartedAt = statuses.Count;
        await WaitForCountAsync(statuses, restartedAt + 50);
        await stop.CancelAsync();
        await Task.WhenAll(clients).WaitAsync(Bound);

        Assert.All(statuses, status => Assert.True(status is 200 or 502, $"status {status}\n{site.Logs}"));
        Assert.Contains(502, statuses);
        var final = await site.GetAsync("/hello/final");
        Assert.True(final.StatusCode == 200, $"{final}\n{site.Logs}");
    }

    private static async Task WaitForCountAsync(System.Collections.Concurrent.ConcurrentBag<int> statuses, int count)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (statuses.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {statuses.Count} of {count} answers within {Bound}");
            await Task.Delay(20);
        }
    }
}
