using System.Diagnostics;
using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>
/// Scale-out (issue 16 §6): nginx load-balancing three Gantry instances over a keep-alive upstream pool, each instance
/// stopped (SIGTERM: a graceful stop) and started again in turn while clients keep sending requests. A stopping instance
/// finishes what it has and closes; nginx passes what it could not send there to another instance (proxy_next_upstream,
/// and max_fails=0 so that a restarted instance is used again at once rather than after a fail_timeout), so no client
/// request fails.
/// </summary>
public sealed class ScaleOutRestartTests
{
    private const int Instances = 3;
    private const int Clients = 4;

    [Fact]
    public async Task RollingRestartBehindNginx_NoFailedRequest()
    {
        using var scratch = new ScratchDirectory();
        var ports = Enumerable.Range(0, Instances).Select(_ => LoopbackPort.Next()).ToArray();
        var front = LoopbackPort.Next();
        var servers = ports.Select(Start).ToArray();
        var upstreams = string.Concat(ports.Select(port => $"server 127.0.0.1:{port} max_fails=0;\n"));
        using var nginx = new NginxProcess(scratch.Path, $$"""
            upstream gantry {
                {{upstreams}}
                keepalive 16;
            }
            server {
                listen 127.0.0.1:{{front}};
                location / {
                    proxy_pass http://gantry;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_next_upstream error timeout;
                    proxy_next_upstream_tries 3;
                }
            }
            """, [front]);
        using var stop = new CancellationTokenSource();
        var succeeded = 0;
        var marks = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{front}"), Timeout = TimeSpan.FromSeconds(20) };
        var load = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync("/?scale-out");
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                    else
                    {
                        failures.Enqueue($"{DateTime.Now:HH:mm:ss.fff} {(int)response.StatusCode}");
                    }
                }
                catch (HttpRequestException failure)
                {
                    failures.Enqueue(failure.Message);
                }
            }
        })).ToArray();
        try
        {
            await WaitForAsync(() => Volatile.Read(ref succeeded) >= 50);
            for (var i = 0; i < Instances; i++)
            {
                var before = Volatile.Read(ref succeeded);
                marks.Enqueue($"{DateTime.Now:HH:mm:ss.fff} stop {ports[i]}");
                Assert.Equal(0, servers[i].Stop());
                marks.Enqueue($"{DateTime.Now:HH:mm:ss.fff} stopped {ports[i]}");
                servers[i].Dispose();
                // The others carry the load while this one is down.
                await WaitForAsync(() => Volatile.Read(ref succeeded) >= before + 50);
                servers[i] = Start(ports[i]);
                // As a rolling restart does: the next instance goes only once this one has served for a while.
                var restarted = Volatile.Read(ref succeeded);
                await WaitForAsync(() => Volatile.Read(ref succeeded) >= restarted + 50);
                await Task.Delay(500);
            }
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(load);
            foreach (var server in servers)
            {
                server.Dispose();
            }
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} failed requests of {succeeded + failures.Count}: {string.Join("; ", failures.Take(5))} (restarts: {string.Join("; ", marks)})\ngantry: {string.Join("\n", servers.Select(server => server.Output))}\nnginx: {nginx.ErrorLog}");
        Assert.True(succeeded > 300, $"only {succeeded} requests went through");
    }

    private static GantryServer Start(int port) => new(["--http-socket", $"127.0.0.1:{port}", "--disable-logging"], Path.GetTempPath());

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the load stopped making progress");
            await Task.Delay(20);
        }
    }
}
