using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// OpenSSL's own OCSP responder (<c>openssl ocsp -port 0</c>) for the test CA, answering from an index file that lists
/// one certificate as valid, and that certificate: "localhost" with the responder's URL in its Authority Information
/// Access extension, issued after the responder is up (the port is in the certificate). Counts the requests it gets.
/// </summary>
internal sealed partial class OcspResponder : IDisposable
{
    private const string OpenSsl = "/usr/bin/openssl";
    private const string Serial = "5A01";
    private readonly ProcessOutput _output;
    private readonly Process _process;

    private OcspResponder(TestCertificates certificates, Process process, ProcessOutput output, int port)
    {
        _process = process;
        _output = output;
        Port = port;
        CertificateFile = Path.Combine(certificates.Directory, "stapled-full.pem");
        KeyFile = Path.Combine(certificates.Directory, "stapled.key");
    }

    /// <summary>The loopback port it answers on.</summary>
    public int Port { get; }

    /// <summary>The leaf naming this responder, followed by the test CA's root (so a chain to a root can be built).</summary>
    public string CertificateFile { get; }

    /// <summary>The leaf's private key.</summary>
    public string KeyFile { get; }

    /// <summary>How many OCSP requests it has received so far.</summary>
    public int Requests => _output.Snapshot().Count(line => line.Text.Contains("Received request", StringComparison.Ordinal));

    /// <summary>Starts the responder for <paramref name="certificates"/>'s CA, then issues the leaf that names it.</summary>
    public static OcspResponder Start(TestCertificates certificates)
    {
        var directory = certificates.Directory;
        // openssl ca's index format: status, expiry, revocation date, serial, file, subject.
        File.WriteAllText(Path.Combine(directory, "ocsp-index.txt"), $"V\t301231000000Z\t\t{Serial}\tunknown\t/CN=localhost\n");
        var start = new ProcessStartInfo(OpenSsl)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "ocsp", "-index", "ocsp-index.txt", "-port", "0", "-CA", "ca.pem", "-rsigner", "ca.pem", "-rkey", "ca.key", "-ndays", "1" })
        {
            start.ArgumentList.Add(argument);
        }
        var output = new ProcessOutput();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Record(output, false, line.Data);
        process.ErrorDataReceived += (_, line) => Record(output, true, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var accept = output.WaitForLine(line => line.StartsWith("ACCEPT ", StringComparison.Ordinal), 0);
        if (!accept.Wait(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new InvalidOperationException($"openssl ocsp printed no ACCEPT line in 30 s:\n{output.Text()}");
        }
        var port = int.Parse(PortOf().Match(accept.Result).Groups[1].Value, CultureInfo.InvariantCulture);
        var responder = new OcspResponder(certificates, process, output, port);
        certificates.IssueStapled(Serial, $"http://127.0.0.1:{port}");
        return responder;
    }

    private static void Record(ProcessOutput output, bool isStandardError, string? text)
    {
        if (text is not null)
        {
            output.Add(new OutputLine(isStandardError, text));
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    [GeneratedRegex(@":(\d+) ")]
    private static partial Regex PortOf();
}
