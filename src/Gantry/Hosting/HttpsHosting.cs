using Gantry.Configuration;
using Gantry.Kestrel;
using Gantry.Logging;
using Gantry.Server;
using Gantry.Server.Listeners;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// The HTTPS sockets of a serving process (single process, worker): the Kestrel front over the listeners bound (or
/// inherited) for <c>https</c>/<c>https-socket</c>, in the order <see cref="ListenerBinder"/> bound them.
/// </summary>
internal static class HttpsHosting
{
    /// <summary>The TLS files of every HTTPS socket, as the Kestrel front reads them.</summary>
    public static IEnumerable<TlsFiles> Files(GantryOptions options) => options.HttpsSockets.Select(ToFiles);

    private static TlsFiles ToFiles(HttpsSocketOptions https) =>
        new(https.CertificateFile, https.KeyFile, https.Ciphers, https.ClientCaFile, https.RequireClientCertificate);

    private static List<KeyValuePair<string, TlsFiles>> Sni(GantryOptions options) =>
        [.. options.SniCertificates.Select(sni => new KeyValuePair<string, TlsFiles>(sni.ServerName, ToFiles(sni.Files)))];

    /// <summary>
    /// Reads every TLS file; false after logging the file and the reason (a master checks before it spawns workers).
    /// </summary>
    public static bool CheckFiles(GantryOptions options, ILogger logger)
    {
        try
        {
            KestrelFront.CheckFiles([.. Files(options), .. Sni(options).Select(sni => sni.Value)]);
            return true;
        }
        catch (TlsSetupException failure)
        {
            logger.HttpsSetupFailed(failure.Message);
            return false;
        }
    }

    /// <summary>
    /// The front for the process's HTTPS listeners and, with <c>--http2</c>, the h2c connections of its plain HTTP
    /// ones (null when there is neither, <paramref name="failed"/> false); a bad file is logged and gives null with
    /// <paramref name="failed"/> true. <paramref name="server"/> comes back with the h2c handoff the loops need.
    /// </summary>
    public static KestrelFront? Create(GantryOptions options, IReadOnlyList<Listener> listeners, ref ServerOptions server,
        ILoggerFactory loggers, ILogger logger, out bool failed)
    {
        failed = false;
        var https = listeners.Where(l => l.Address.Protocol == ListenerProtocol.Https).ToList();
        var plainHttp2 = options.Http2 && listeners.Any(l => l.Address.Protocol == ListenerProtocol.Http);
        if (https.Count == 0 && !plainHttp2)
        {
            return null;
        }
        var endpoints = https.Zip(Files(options), (listener, files) => new HttpsEndpoint(listener, files)).ToList();
        try
        {
            var front = KestrelFront.Create(endpoints,
                new KestrelFrontOptions { Http2 = options.Http2, PlainHttp2 = plainHttp2, Hsts = options.HttpsHsts, Verbose = options.SslVerbose, Stapling = options.SslStapling, Sni = Sni(options) },
                server, loggers);
            server = server with { Http2Handoff = front.Http2Handoff };
            return front;
        }
        catch (TlsSetupException failure)
        {
            logger.HttpsSetupFailed(failure.Message);
            failed = true;
            return null;
        }
    }
}
