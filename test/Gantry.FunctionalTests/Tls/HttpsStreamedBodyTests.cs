using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.PhpTestSupport;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// A 256 MiB upload over HTTPS (HTTP/1.1 and HTTP/2) streams to a CGI script's stdin and to a PHP script's php://input
/// through php-fpm while it arrives, as on plain HTTP. Proved by ordering, not timing: the client sends the first MiB
/// and then waits for the script to answer that it read it (a bounded wait) before it sends the rest, which a server
/// that received the whole body before running the script can never satisfy. Gantry's peak RSS grows by far less than
/// the body (spooled past --post-buffering), and the script's digest of all 256 MiB matches the client's.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class HttpsStreamedBodyTests
{
    private const int Block = 1024 * 1024;
    private const int Blocks = 256;
    private const long Size = (long)Block * Blocks;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(180);

    // Reads QUERY_STRING bytes, says how many, then reads the rest and prints the total and their SHA-256.
    private const string CgiScript = """
        #!/usr/bin/python3
        import hashlib, os, sys
        length = int(os.environ["CONTENT_LENGTH"])
        first = int(os.environ.get("QUERY_STRING") or 0)
        stdin, out = sys.stdin.buffer, sys.stdout.buffer
        digest, got = hashlib.sha256(), 0
        def take(count):
            global got
            while count > 0:
                block = stdin.read(min(count, 65536))
                if not block:
                    return
                digest.update(block)
                got += len(block)
                count -= len(block)
        take(first)
        out.write(b"Content-Type: text/plain\r\n\r\nfirst %d\n" % got)
        out.flush()
        take(length - got)
        out.write(b"total %d %s\n" % (got, digest.hexdigest().encode()))
        """;

    // The same for PHP (php://input is read lazily from php-fpm's STDIN with enable_post_data_reading off).
    private const string PhpScript = """
        <?php
        while (ob_get_level()) { ob_end_flush(); }
        header('Content-Type: text/plain');
        $first = (int)$_SERVER['QUERY_STRING'];
        $in = fopen('php://input', 'rb');
        $digest = hash_init('sha256');
        $got = 0;
        while ($got < $first) {
            $block = fread($in, min(65536, $first - $got));
            if ($block === '' || $block === false) { break; }
            hash_update($digest, $block);
            $got += strlen($block);
        }
        echo "first $got\n";
        flush();
        while (true) {
            $block = fread($in, 65536);
            if ($block === '' || $block === false) { break; }
            hash_update($digest, $block);
            $got += strlen($block);
        }
        echo "total $got " . hash_final($digest) . "\n";
        """;

    private const string PhpPool = """
        php_admin_value[enable_post_data_reading] = Off
        php_admin_value[output_buffering] = 0
        php_admin_value[post_max_size] = 0
        """;

    [Theory]
    [InlineData("1.1")]
    [InlineData("2")]
    public async Task Cgi_256MiBUploadOverHttps_ScriptReadsFirstMiBBeforeTheRestIsSent(string version)
    {
        using var certificates = TestCertificates.Create();
        using var folder = RepoPaths.CreateTemporaryDirectory("https-cgi-upload");
        var script = folder.WriteFile("cgi-bin/upload.py", CgiScript);
        File.SetUnixFileMode(script, (UnixFileMode)0x1ED);
        await using var gantry = await StartAsync(certificates, folder, "--cgi", "/cgi-bin=" + folder.Combine("cgi-bin"));

        await UploadAndCheckAsync(gantry, version, "/cgi-bin/upload.py?" + Block, gantry.Output);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2")]
    public async Task Php_256MiBUploadOverHttps_ScriptReadsFirstMiBBeforeTheRestIsSent(string version)
    {
        using var certificates = TestCertificates.Create();
        using var folder = RepoPaths.CreateTemporaryDirectory("https-php-upload");
        folder.WriteFile("html/upload.php", PhpScript);
        using var fpm = new PhpFpmProcess(folder.Path, unixSocket: true, children: 1, port: 0, PhpPool);
        await using var gantry = await StartAsync(certificates, folder, "--php-docroot", folder.Combine("html"), "--php-fpm", fpm.Address);

        await UploadAndCheckAsync(gantry, version, "/upload.php?" + Block, fpm.Log);
    }

    /// <summary>gantry on an HTTPS socket at 127.0.0.1:0 with HTTP/2, bodies spooled past 64 KiB, and <paramref name="site"/>.</summary>
    private static Task<GantryProcess> StartAsync(TestCertificates certificates, TemporaryDirectory folder, params string[] site) =>
        GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", "--http2", "--post-buffering", "65536", .. site],
            folder.Path);

    private static async Task UploadAndCheckAsync(GantryProcess gantry, string version, string path, string logs)
    {
        var port = gantry.Addresses.First(address => address.Scheme == "https").Port;
        var before = ProcessMemory.ResidentBytes(gantry.Pid);

        var (answer, expected) = version == "2"
            ? await UploadHttp2Async(port, path)
            : await UploadHttp11Async(port, path);
        var peak = ProcessMemory.PeakResidentBytes(gantry.Pid);

        Assert.True(answer.Contains($"total {Size} {expected}\n", StringComparison.Ordinal), $"the script answered:\n{answer}\n{gantry.Output}\n{logs}");
        // Holding the body would add 256 MiB; what Kestrel, TLS and the spool's buffers take is a few MiB.
        Assert.True(peak - before < 96L * 1024 * 1024, $"peak RSS {peak >> 10} KiB, {before >> 10} KiB before the upload");
        Assert.Equal(0, await gantry.StopAsync());
    }

    /// <summary>
    /// HTTP/1.1 by hand over <see cref="SslStream"/> (HttpClient sends a whole HTTP/1.1 body before it reads): the
    /// head and the first block, then the response up to the script's first line, then the rest. Returns the whole
    /// response's text and the body's SHA-256.
    /// </summary>
    private static async Task<(string Answer, string Sha256)> UploadHttp11Async(int port, string path)
    {
        using var timeout = new CancellationTokenSource(Wait);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);
        using var body = new UploadBody();
        await tls.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: {Size}\r\nConnection: close\r\n\r\n"), timeout.Token);
        await tls.WriteAsync(body.Next(), timeout.Token);
        await tls.FlushAsync(timeout.Token);

        var received = new StringBuilder();
        var buffer = new byte[65536];
        while (!received.ToString().Contains($"first {Block}\n", StringComparison.Ordinal))
        {
            var read = await tls.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, $"the connection ended before the script's first line:\n{received}");
            received.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }
        for (var i = 1; i < Blocks; i++)
        {
            await tls.WriteAsync(body.Next(), timeout.Token);
        }
        await tls.FlushAsync(timeout.Token);
        int count;
        while ((count = await tls.ReadAsync(buffer, timeout.Token)) > 0)
        {
            received.Append(Encoding.Latin1.GetString(buffer, 0, count));
        }
        return (received.ToString(), body.Sha256());
    }

    /// <summary>HTTP/2 with HttpClient (full duplex: the response head arrives while the content is still being sent).</summary>
    private static async Task<(string Answer, string Sha256)> UploadHttp2Async(int port, string path)
    {
        using var timeout = new CancellationTokenSource(Wait);
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var http = new HttpClient(handler) { Timeout = Wait };
        using var body = new UploadBody();
        var content = new GatedContent(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"https://localhost:{port}{path}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var received = new StringBuilder();
        var buffer = new byte[65536];
        while (!received.ToString().Contains($"first {Block}\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, $"the response ended before the script's first line:\n{received}");
            received.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }
        Assert.Equal(1, content.BlocksSent);
        content.Open();
        int count;
        while ((count = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            received.Append(Encoding.Latin1.GetString(buffer, 0, count));
        }
        return (received.ToString(), body.Sha256());
    }

    /// <summary>256 distinct 1 MiB blocks (a pseudo-random block numbered in its first bytes), hashed as they go.</summary>
    private sealed class UploadBody : IDisposable
    {
        private readonly byte[] _block = new byte[Block];
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private int _index;

        public UploadBody() => new Random(14).NextBytes(_block);

        public ReadOnlyMemory<byte> Next()
        {
            BitConverter.TryWriteBytes(_block, _index++);
            _hash.AppendData(_block);
            return _block;
        }

        public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public void Dispose() => _hash.Dispose();
    }

    /// <summary>Sends the first block, then the rest only once the test opened the gate.</summary>
    private sealed class GatedContent(UploadBody body) : HttpContent
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int BlocksSent { get; private set; }

        public void Open() => _gate.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.Next());
            await stream.FlushAsync();
            BlocksSent = 1;
            await _gate.Task.WaitAsync(Wait);
            for (var i = 1; i < Blocks; i++)
            {
                await stream.WriteAsync(body.Next());
                BlocksSent++;
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = Size;
            return true;
        }
    }
}
