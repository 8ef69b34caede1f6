using System.Security.Cryptography;
using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// A large upload over HTTPS does not grow the process: past --post-buffering the body is spooled to a file while
/// Kestrel receives it, and the WSGI app reads it in blocks. curl sends 256 MiB; the process's peak RSS must stay
/// far below that.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class HttpsUploadTests
{
    private const int Size = 256 * 1024 * 1024;

    [Theory]
    [InlineData("--http1.1")]
    [InlineData("--http2")]
    public async Task Https_UploadLargerThanPostBuffering_PeakRssBoundedAppReadsInBlocks(string version)
    {
        using var certificates = TestCertificates.Create();
        using var folder = RepoPaths.CreateTemporaryDirectory();
        var path = Path.Combine(folder.Path, "upload.bin");
        string expected;
        await using (var file = File.Create(path))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var block = new byte[1024 * 1024];
            var random = new Random(14);
            for (var written = 0; written < Size; written += block.Length)
            {
                random.NextBytes(block);
                hash.AppendData(block);
                await file.WriteAsync(block);
            }
            expected = Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", "--http2", "--post-buffering", "65536",
                "--wsgi-file", Path.Combine(TestApps.Folder, "tls_app.py")], TestApps.Folder);
        var port = gantry.Addresses.First(address => address.Scheme == "https").Port;
        var before = StatusKilobytes(gantry.Pid, "VmRSS:");

        var result = await Curl.RunAsync(["-sS", "-k", version, "-H", "Content-Type: application/octet-stream", "--data-binary", $"@{path}",
            $"https://127.0.0.1:{port}/digest"]);
        var peak = StatusKilobytes(gantry.Pid, "VmHWM:");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var answer = JsonDocument.Parse(result.StandardOutput).RootElement;
        Assert.Equal(Size, answer.GetProperty("length").GetInt64());
        Assert.Equal(expected, answer.GetProperty("sha256").GetString());
        Assert.Equal(65536, answer.GetProperty("largest").GetInt32());
        // Holding the body would add 256 MiB; what Kestrel, TLS and the spool's buffers take is a few MiB.
        Assert.True(peak - before < 96 * 1024, $"peak RSS {peak} KiB, {before} KiB before the upload");
        Assert.Equal(0, await gantry.StopAsync());
    }

    private static long StatusKilobytes(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
