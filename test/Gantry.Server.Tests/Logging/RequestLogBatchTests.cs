using System.Text;
using System.Text.RegularExpressions;
using Gantry.Server.Listeners;
using Gantry.Server.Logging;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Logging;

/// <summary>
/// The request log writes a loop turn's lines in one block, at the end of the turn: three pipelined requests answered
/// in one turn are one write of three lines, each in uWSGI's default shape.
/// </summary>
public sealed class RequestLogBatchTests
{
    [Fact]
    public void PipelinedRequests_OneTurn_OneBlockOfTheirLines()
    {
        var blocks = new RecordingTarget();
        using var host = new FrontHost(ListenerProtocol.Http, TestApps.Hello(), new ServerOptions { DisableLogging = false }, requestLog: blocks);
        using var client = new RawHttpClient(host.Endpoint);

        client.Send(string.Concat(Enumerable.Range(1, 3).Select(i => $"GET /r{i} HTTP/1.1\r\nHost: t\r\n\r\n")));
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(client.ReadResponse());
        }

        var written = blocks.WaitForLines(3);
        Assert.Contains(written, block => block.Count == 3);
        var lines = written.SelectMany(block => block.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(3, lines.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Matches(new Regex(@"^\[pid: \d+\|app: 0\|req: " + (i + 1) + "/" + (i + 1) + @"\] 127\.0\.0\.1 \(\) \{\d+ vars in \d+ bytes\} "
                + @"\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\d \d\d:\d\d:\d\d \d{4}\] GET /r" + (i + 1) + @" => generated 11 bytes in \d+ msecs "
                + @"\(HTTP/1\.1 200\) 1 headers in 45 bytes \(1 switches on core 0\)$"), lines[i]);
        }
    }

    /// <summary>The blocks the loop wrote, as text with their line counts.</summary>
    private sealed class RecordingTarget : IRequestLogTarget
    {
        private readonly List<(string Text, int Count)> _blocks = [];

        public void WriteLines(ReadOnlySpan<byte> lines, int count)
        {
            var text = Encoding.UTF8.GetString(lines);
            lock (_blocks)
            {
                _blocks.Add((text, count));
            }
        }

        /// <summary>Waits (bounded) until <paramref name="lines"/> lines were written; the blocks so far.</summary>
        public List<(string Text, int Count)> WaitForLines(int lines)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                lock (_blocks)
                {
                    if (_blocks.Sum(block => block.Count) >= lines || DateTime.UtcNow > deadline)
                    {
                        return [.. _blocks];
                    }
                }
                Thread.Sleep(10);
            }
        }
    }
}
