using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.BadInput;

/// <summary>
/// Out of file descriptors (issue 15 §3): connections that hold every descriptor the process may open. Gantry pauses
/// accepting instead of spinning on a listener that stays readable, closes a waiting connection on its reserve
/// descriptor so that client learns at once, logs the condition once per interval with a count, and serves again as
/// soon as descriptors are free. The limit is lowered on the running server with util-linux's prlimit.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class DescriptorExhaustionTests
{
    private const int DescriptorLimit = 48;
    private const int Holders = 80;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OutOfDescriptors_NoSpinNoFlood_ExcessClosedAndServingResumes()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--socket-timeout", "60");
        await LowerDescriptorLimitAsync(gantry.Pid);

        var holders = new List<HttpProbe>();
        var linesBefore = gantry.LineCount;
        var cpuBefore = ProcessMemory.CpuTime(gantry.Pid);
        var watch = Stopwatch.StartNew();
        try
        {
            // Each holder sends the first byte of a request head and nothing more: accepted, it keeps a descriptor.
            for (var i = 0; i < Holders; i++)
            {
                var holder = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
                holders.Add(holder);
                await holder.SendAsync("G");
            }

            var line = await gantry.WaitForOutputAsync("accept\\(\\) on .* failed: Too many open files", Patience);
            Assert.Contains("accepting paused", line);
            var shed = await Task.WhenAll(holders.Select(holder => holder.IsClosedByServerAsync(Window)));
            var waited = watch.Elapsed;
            var cpu = ProcessMemory.CpuTime(gantry.Pid) - cpuBefore;

            Assert.Contains(true, shed);
            // One line at once, the next only after the 10 s interval: a flood wrote millions in this time.
            var acceptLines = gantry.Lines.Skip(linesBefore).Count(output => output.Text.Contains("accept() on", StringComparison.Ordinal));
            Assert.InRange(acceptLines, 1, 2);
            // A loop spinning on the readable listener burns the whole wait; a paused one almost nothing.
            Assert.True(cpu < waited / 3, $"the server used {cpu.TotalSeconds:0.00} s of CPU in {waited.TotalSeconds:0.00} s while out of descriptors");
        }
        finally
        {
            foreach (var holder in holders)
            {
                await holder.DisposeAsync();
            }
        }

        // Descriptors are free again: the listener is back after its pause.
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                Assert.Equal(200, response.StatusCode);
                break;
            }
            catch (Exception failure) when (failure is SocketException or IOException && DateTime.UtcNow < deadline)
            {
                // A connection shed while the holders were still closing; try again.
                await Task.Delay(100);
            }
        }
        OutputAssert.NoTraceback(gantry);
    }

    private static async Task LowerDescriptorLimitAsync(int pid)
    {
        using var prlimit = Process.Start(new ProcessStartInfo("prlimit",
            ["--pid", pid.ToString(CultureInfo.InvariantCulture), $"--nofile={DescriptorLimit}:{DescriptorLimit}"])
        {
            RedirectStandardError = true,
        })!;
        using var timeout = new CancellationTokenSource(Patience);
        await prlimit.WaitForExitAsync(timeout.Token);
        Assert.True(prlimit.ExitCode == 0, $"prlimit failed: {await prlimit.StandardError.ReadToEndAsync()}");
    }
}
