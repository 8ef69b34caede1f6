using System.Collections.Concurrent;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// A bounded load: <c>clients</c> loops, each sending one request per new connection back to back, until stopped.
/// Counts successes and failures and which worker pid answered (the app's <c>/pid</c>).
/// </summary>
internal sealed class LoadLoop
{
    private readonly Uri _baseUri;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];
    private int _succeeded;
    private int _failed;

    private LoadLoop(Uri baseUri) => _baseUri = baseUri;

    public ConcurrentDictionary<string, int> Pids { get; } = new();

    public int Succeeded => Volatile.Read(ref _succeeded);

    public int Failed => Volatile.Read(ref _failed);

    public static LoadLoop Start(Uri baseUri, int clients)
    {
        var load = new LoadLoop(baseUri);
        for (var i = 0; i < clients; i++)
        {
            load._clients.Add(Task.Run(load.RunClientAsync));
        }
        return load;
    }

    /// <summary>Waits until at least <paramref name="count"/> more requests succeeded (or the timeout passed).</summary>
    public async Task WaitForSuccessesAsync(int count, TimeSpan timeout)
    {
        var target = Succeeded + count;
        var deadline = DateTime.UtcNow + timeout;
        while (Succeeded < target && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    public async Task StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_clients);
    }

    public override string ToString() => $"{Succeeded} succeeded, {Failed} failed, pids: {string.Join(", ", Pids.Select(p => $"{p.Key}×{p.Value}"))}";

    private async Task RunClientAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var body = await OneShotClient.GetAsync(_baseUri, "/pid", TimeSpan.FromSeconds(30));
            if (body is null)
            {
                Interlocked.Increment(ref _failed);
                continue;
            }
            Interlocked.Increment(ref _succeeded);
            Pids.AddOrUpdate(body, 1, (_, n) => n + 1);
        }
    }
}
