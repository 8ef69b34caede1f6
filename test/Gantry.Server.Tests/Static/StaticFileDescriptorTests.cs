using Gantry.Server.Listeners;
using Gantry.Server.Static;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Static;

/// <summary>
/// The resolution opens the file it checked (openat2), so every answer must close it: 200 (after sendfile), HEAD, 304,
/// 416, 206, a gzip sibling sent or only announced, a directory's index. Over a real HTTP socket; afterwards no
/// descriptor of the test process points into the tree (read from /proc/self/fd, waited for within a bound, since
/// the loop closes a sent file just after its last byte left). Checked after each answer, in a round no collection
/// interrupted: a leaked SafeFileHandle would be closed by its finalizer. Alone, after the parallel tests: under load
/// their allocations set off a collection in nearly every round, and a round with one proves nothing.
/// </summary>
[Collection(DescriptorCountingCollection.Name)]
public sealed class StaticFileDescriptorTests : IDisposable
{
    private readonly StaticTree _tree = new();

    public StaticFileDescriptorTests()
    {
        _tree.Write("root/a.css.gz", "gz");
        _tree.Write("root/big.bin", new string('b', 1 << 20));
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void EveryKindOfAnswer_LeavesNoDescriptorOpen()
    {
        using var host = new FrontHost(ListenerProtocol.Http, TestApps.Hello(), new ServerOptions { DisableLogging = true },
            staticFiles: new StaticFileOptions
            {
                Mappings = [new StaticMapping("/static", _tree.Root, AppendWholePath: false)],
                IndexFiles = ["index.html"],
                GzipAll = true,
                HonourRange = true,
            });
        var tag = Get(host, "/static/a.css").Headers["etag"];
        var requests = new (string Path, string Extra, string Method, int Status)[]
        {
            ("/static/a.css", "", "GET", 200),
            ("/static/a.css", "Accept-Encoding: gzip\r\n", "GET", 200),
            ("/static/a.css", "", "HEAD", 200),
            ("/static/a.css", $"If-None-Match: {tag}\r\n", "GET", 304),
            ("/static/a.css", "Range: bytes=100-200\r\n", "GET", 416),
            ("/static/a.css", "Range: bytes=1-2\r\n", "GET", 206),
            ("/static/sub/", "", "GET", 200),
            ("/static/big.bin", "", "GET", 200),
            ("/static/nope.css", "", "GET", 200),
        };
        foreach (var (path, extra, method, status) in requests)
        {
            Assert.True(AnsweredAndClosed(host, path, extra, method, status), $"{method} {path} {extra.Trim()}: a descriptor was left open");
        }
    }

    /// <summary>
    /// True when, after the answer, no descriptor points into the tree and no collection ran meanwhile: a leaked
    /// SafeFileHandle is closed by its finalizer after a collection, so a round with one proves nothing and is
    /// repeated (at most 50 times; other tests share the process and its heap).
    /// </summary>
    private bool AnsweredAndClosed(FrontHost host, string path, string extra, string method, int status)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var collections = GC.CollectionCount(0);
            Assert.Equal(status, Get(host, path, extra, method).Status);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (OpenUnder(_tree.Base) > 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }
                Thread.Sleep(20);
            }
            if (GC.CollectionCount(0) == collections)
            {
                return true;
            }
        }
        return false;
    }

    private static RawResponse Get(FrontHost host, string path, string extra = "", string method = "GET")
    {
        using var client = new RawHttpClient(host.Endpoint);
        client.Send($"{method} {path} HTTP/1.1\r\nHost: t\r\n{extra}\r\n");
        return client.ReadResponse(forHead: method == "HEAD")!;
    }

    private static int OpenUnder(string directory)
    {
        var found = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith(directory, StringComparison.Ordinal))
                {
                    found++;
                }
            }
            catch (IOException)
            {
                // Closed between listing and reading: not open.
            }
        }
        return found;
    }
}

/// <summary>Tests that count the process's descriptors between collections: run alone, with no other test allocating.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DescriptorCountingCollection
{
    public const string Name = "Descriptor counting";
}
