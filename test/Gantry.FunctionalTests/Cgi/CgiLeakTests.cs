using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// 10,000 CGI requests against one gantry from many clients at once: mostly hello.cgi on keep-alive connections, some
/// scripts killed by a 1 s cgi-timeout (each with a grandchild), some clients that reset the connection in the middle
/// of an endless response. Afterwards gantry must have no child left (no zombie above all) and no descriptor it did
/// not have before (so no more of them). Takes about a minute on a loaded two-core machine.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class CgiLeakTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Requests = 10_000;
    private const int Clients = 24;
    private const int RequestsPerConnection = 100;
    private const int EndlessBytesRead = 16 * 1024;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    private enum Kind
    {
        Hello,
        Timeout,
        Disconnect,
    }

    /// <summary>1 in 200 times out (50 in all), 1 in 40 is left mid-response (250), the rest are hello.cgi.</summary>
    private static Kind KindOf(int request) => request % 200 == 0 ? Kind.Timeout : request % 40 == 1 ? Kind.Disconnect : Kind.Hello;

    [Fact]
    public async Task TenThousandRequests_WithTimeoutsAndDisconnects_NoZombieNoDescriptorLeft()
    {
        using var site = new CgiSite("cgileak");
        await using var gantry = await site.StartGantryAsync("--cgi-timeout", "1", "--listen", "256");
        var endPoint = gantry.Addresses[0].ToEndPoint();

        // Warm up once, so that whatever gantry opens lazily is open before the count. Not with a client reset: what
        // that leaves behind is for the count after the storm to show.
        Assert.Null(await HelloAsync(endPoint));
        Assert.Null(await TimeoutAsync(endPoint));
        var before = await BaselineAsync(gantry.Pid);

        var clock = Stopwatch.StartNew();
        var next = -1;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(() => ClientAsync(endPoint, () => Interlocked.Increment(ref next), failures))));
        var elapsed = clock.Elapsed;
        output.WriteLine($"{Requests} requests from {Clients} clients in {elapsed.TotalSeconds:0.0} s");

        Assert.True(failures.IsEmpty, $"{failures.Count} requests failed, first ones:\n{string.Join("\n", failures.Take(10))}\n{gantry.Output}");
        var after = await SettleAsync(gantry.Pid, before);
        var zombies = after.Children.Where(child => child.IsZombie).ToList();
        Assert.True(zombies.Count == 0, $"{zombies.Count} zombie children after {Requests} requests in {elapsed.TotalSeconds:0} s: {string.Join("; ", zombies.Take(10))}");
        Assert.True(after.Children.Count == 0,
            $"{after.Children.Count} children left after {Requests} requests in {elapsed.TotalSeconds:0} s: {string.Join("; ", after.Children.Take(10))}");
        var opened = after.Descriptors.Except(before).ToList();
        Assert.True(opened.Count == 0 && after.Descriptors.Count <= before.Count,
            $"{before.Count} descriptors before, {after.Descriptors.Count} after {Requests} requests in {elapsed.TotalSeconds:0} s; "
            + $"{opened.Count} new: {string.Join(", ", opened.Take(20))}");
        Assert.Null(await HelloAsync(endPoint));
    }

    /// <summary>
    /// gantry's descriptors once it has no child and they stay the same for a moment (a script's last descriptors are
    /// closed right after it is reaped).
    /// </summary>
    private static async Task<List<string>> BaselineAsync(int pid)
    {
        var previous = new List<string>();
        var stable = await ProcessTable.EventuallyAsync(() =>
        {
            var current = ProcessTable.OpenDescriptors(pid);
            var same = ProcessTable.ChildrenOf(pid).Count == 0 && current.SequenceEqual(previous);
            previous = current;
            return same;
        }, Settle);
        Assert.True(stable, $"gantry never settled after the warm-up (one hello, one timeout): children "
            + $"{string.Join("; ", ProcessTable.ChildrenOf(pid))}; descriptors {string.Join(", ", previous)}");
        return previous;
    }

    /// <summary>
    /// Waits (bounded) until gantry has no child and no descriptor that it did not have <paramref name="before"/>. A
    /// descriptor of the baseline may be gone: the runtime closes some late (the pipes of the Python locator's
    /// Process, when the GC finalizes them), and a closed descriptor is no leak.
    /// </summary>
    private static async Task<(List<ProcessTable.Entry> Children, List<string> Descriptors)> SettleAsync(int pid, List<string> before)
    {
        await ProcessTable.EventuallyAsync(
            () => ProcessTable.ChildrenOf(pid).Count == 0 && !ProcessTable.OpenDescriptors(pid).Except(before).Any(), Settle);
        return (ProcessTable.ChildrenOf(pid), ProcessTable.OpenDescriptors(pid));
    }

    private static async Task ClientAsync(EndPoint endPoint, Func<int> take, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        HttpProbe? keepAlive = null;
        var served = 0;
        try
        {
            for (var request = take(); request < Requests; request = take())
            {
                string? failure;
                switch (KindOf(request))
                {
                    case Kind.Timeout:
                        failure = await TimeoutAsync(endPoint);
                        break;
                    case Kind.Disconnect:
                        failure = await DisconnectAsync(endPoint);
                        break;
                    default:
                        if (keepAlive is null || served == RequestsPerConnection)
                        {
                            if (keepAlive is not null)
                            {
                                await keepAlive.DisposeAsync();
                            }
                            keepAlive = await HttpProbe.ConnectAsync(endPoint);
                            served = 0;
                        }
                        served++;
                        failure = await HelloAsync(keepAlive);
                        break;
                }
                if (failure is not null)
                {
                    failures.Enqueue($"request {request} ({KindOf(request)}): {failure}");
                    if (keepAlive is not null)
                    {
                        await keepAlive.DisposeAsync();
                        keepAlive = null;
                    }
                }
            }
        }
        finally
        {
            if (keepAlive is not null)
            {
                await keepAlive.DisposeAsync();
            }
        }
    }

    private static async Task<string?> HelloAsync(EndPoint endPoint)
    {
        await using var probe = await HttpProbe.ConnectAsync(endPoint);
        return await HelloAsync(probe);
    }

    private static async Task<string?> HelloAsync(HttpProbe probe)
    {
        try
        {
            await probe.SendAsync("GET /cgi-bin/hello.cgi HTTP/1.1\r\nHost: cgi.test\r\n\r\n");
            var response = await probe.ReadResponseAsync();
            return response is { StatusCode: 200, BodyText: "hello\n" } ? null : CgiAnswer.From(response).ToString();
        }
        catch (Exception failure) when (failure is IOException or SocketException or TimeoutException or InvalidDataException)
        {
            return failure.Message;
        }
    }

    private static async Task<string?> TimeoutAsync(EndPoint endPoint)
    {
        try
        {
            var answer = await CgiClient.AskAsync(endPoint, "GET", "/cgi-bin/hang.cgi");
            return answer.Status == 504 ? null : answer.ToString();
        }
        catch (Exception failure) when (failure is IOException or SocketException or TimeoutException or InvalidDataException)
        {
            return failure.Message;
        }
    }

    private static Task<string?> DisconnectAsync(EndPoint endPoint) => CgiClient.ResetMidResponseAsync(endPoint, "/cgi-bin/endless.cgi", EndlessBytesRead);
}
