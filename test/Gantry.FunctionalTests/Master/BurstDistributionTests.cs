using System.Net.Sockets;
using System.Text;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// A burst of connections against several workers and a slow application spreads over the workers, as uWSGI's
/// blocking workers spread it: a worker accepts one connection per wake-up and only once its request arrived
/// (TCP_DEFER_ACCEPT), runs it, and the others take the rest meanwhile. Before, the first worker to wake accepted
/// the whole burst and served it one request after another while the others sat idle.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class BurstDistributionTests
{
    private const string SlowApp = """
        import os, time
        def application(environ, start_response):
            time.sleep(0.3)
            start_response('200 OK', [('Content-Type', 'text/plain')])
            return [str(os.getpid()).encode()]
        """;

    [Theory]
    [InlineData("--http")]
    [InlineData("--http-socket")]
    public async Task ConnectionsOpenedTogether_ThreeWorkersSlowApp_EveryWorkerServesPartOfTheBurst(string option)
    {
        const int Workers = 3;
        const int Connections = 6;
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var app = directory.WriteFile("slow.py", SlowApp);
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--master", "--processes", $"{Workers}", option, "127.0.0.1:0", "--wsgi-file", app, "--disable-logging"], directory.Path);
        var endpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, gantry.Addresses[0].Port);

        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < Connections; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                await socket.ConnectAsync(endpoint);
            }
            foreach (var socket in sockets)
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: burst\r\nConnection: close\r\n\r\n"));
            }
            var pids = new List<string>();
            foreach (var socket in sockets)
            {
                var response = await ReadToEndAsync(socket);
                Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
                pids.Add(response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
            }
            var perWorker = pids.GroupBy(pid => pid).Select(group => group.Count()).ToList();
            Assert.True(perWorker.Count == Workers, $"served by {perWorker.Count} of {Workers} workers: {string.Join(", ", pids)}");
        }
        finally
        {
            sockets.ForEach(socket => socket.Dispose());
        }
    }

    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        var text = new StringBuilder();
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return text.ToString();
    }
}
