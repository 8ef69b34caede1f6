using System.Collections.Concurrent;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// A bounded load: <c>clients</c> loops sending requests back to back until stopped, each either one request per
/// new connection (<see cref="OneShotClient"/>) or on a keep-alive connection (<see cref="KeepAliveClient"/>, which
/// retries only what HTTP allows). Counts successes, failures, allowed retries and which worker pid answered.
/// </summary>
internal sealed class LoadLoop
{
    private readonly Uri _baseUri;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];
    private int _succeeded;
    private int _failed;
    private int _retries;

    private LoadLoop(Uri baseUri) => _baseUri = baseUri;

    public ConcurrentDictionary<string, int> Pids { get; } = new();

    public int Succeeded => Volatile.Read(ref _succeeded);

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Requests the keep-alive clients retried on a new connection after the server closed an idle one.</summary>
    public int Retries => Volatile.Read(ref _retries);

    /// <summary>Starts <paramref name="clients"/> one-request-per-connection clients and <paramref name="keepAliveClients"/> keep-alive ones.</summary>
    public static LoadLoop Start(Uri baseUri, int clients, int keepAliveClients = 0)
    {
        var load = new LoadLoop(baseUri);
        for (var i = 0; i < clients; i++)
        {
            load._clients.Add(Task.Run(load.RunClientAsync));
        }
        for (var i = 0; i < keepAliveClients; i++)
        {
            load._clients.Add(Task.Run(load.RunKeepAliveClientAsync));
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

    public override string ToString() => $"{Succeeded} succeeded, {Failed} failed, {Retries} allowed keep-alive retries, pids: {string.Join(", ", Pids.Select(p => $"{p.Key}×{p.Value}"))}";

    private async Task RunKeepAliveClientAsync()
    {
        using var client = new KeepAliveClient(_baseUri);
        while (!_stop.IsCancellationRequested)
        {
            var retriesBefore = client.Retries;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Record(await client.GetAsync("/pid", timeout.Token));
            Interlocked.Add(ref _retries, client.Retries - retriesBefore);
        }
    }

    private void Record(string? body)
    {
        if (body is null)
        {
            Interlocked.Increment(ref _failed);
            return;
        }
        Interlocked.Increment(ref _succeeded);
        Pids.AddOrUpdate(body, 1, (_, n) => n + 1);
    }

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
