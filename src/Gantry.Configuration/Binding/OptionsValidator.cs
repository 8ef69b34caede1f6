using Gantry.Configuration.Sources;

namespace Gantry.Configuration.Binding;

/// <summary>Checks that the merged options make sense together; every problem is reported, each with its fix.</summary>
internal static class OptionsValidator
{
    private const string Whole = "configuration";
    private static readonly string[] Protocols = ["uwsgi", "http", "http11", "fastcgi"];

    public static void Validate(GantryOptionsBuilder options, DiagnosticBag diagnostics)
    {
        if (options.Emperor.Monitors.Count > 0)
        {
            ValidateEmperor(options, diagnostics);
            return;
        }
        if (options.Protocol is not null && !Protocols.Contains(options.Protocol))
        {
            diagnostics.Error(Whole, $"protocol = {options.Protocol}",
                "Gantry's --socket speaks uwsgi, http or fastcgi; pick one of those", "protocol");
        }

        if (options.WsgiFile is not null && options.Module is not null)
        {
            diagnostics.Error(Whole, null,
                $"both wsgi-file ({options.WsgiFile}) and module ({options.Module}) name an application; keep one of them", "module");
        }

        foreach (var (mountpoint, application) in options.Mounts)
        {
            if (application.Length == 0)
            {
                diagnostics.Error(Whole, $"mount = {mountpoint}=", "names no application; write mount = /path=app.py or mount = /path=pkg.mod:callable", "mount");
            }
            else if (application.EndsWith(".ini", StringComparison.Ordinal))
            {
                diagnostics.Error(Whole, $"mount = {mountpoint}={application}",
                    "paste.deploy configs cannot be mounted (Gantry loads WSGI callables only); mount the module that builds the app instead", "mount");
            }
        }

        if (options.Asgi is not null && (options.WsgiFile is not null || options.Module is not null || options.Mounts.Count > 0))
        {
            diagnostics.Error(Whole, $"asgi = {options.Asgi}",
                "an ASGI app and a WSGI app (wsgi-file, module or mount) cannot share a worker; keep one of them", "asgi");
        }
        if (options.Asgi is not null && !options.Asgi.Contains(':', StringComparison.Ordinal))
        {
            diagnostics.Error(Whole, $"asgi = {options.Asgi}", "name the app as pkg.mod:attr (e.g. prj.asgi:application)", "asgi");
        }
        if (options.PythonHost is not null and not ("library" or "executable"))
        {
            diagnostics.Error(Whole, $"python-host = {options.PythonHost}",
                "python-host is library (embed libpython, the default) or executable (run Python-bearing processes as the python executable)", "python-host");
        }
        if (options.PythonHost == "executable" && options.PythonLibrary is not null)
        {
            diagnostics.Error(Whole, $"python-library = {options.PythonLibrary}",
                "python-host = executable runs the interpreter of home/virtualenv (default /usr/bin/python3), not a library; drop one of them", "python-library");
        }
        if (options.AsgiLifespan is not null and not ("auto" or "on" or "off"))
        {
            diagnostics.Error(Whole, $"asgi-lifespan = {options.AsgiLifespan}", "lifespan is auto, on or off", "asgi-lifespan");
        }

        bool hasApplication = GantryOptions.NamesPythonApplication(options.WsgiFile, options.Module, options.Mounts.Count)
            || options.Asgi is not null;
        if (options.NeedApp == true && !hasApplication)
        {
            diagnostics.Error(Whole, null, "need-app is set but no application is configured: add --wsgi-file app.py or --module pkg.wsgi",
                "need-app");
        }
        // A CGI-only site (uwsgi --plugin cgi --cgi DIR) or a PHP site is complete without a Python application.
        else if (!hasApplication && !options.Cgi.IsConfigured && !options.Php.IsMentioned)
        {
            diagnostics.Warning(Whole, null,
                "no application configured (add --wsgi-file app.py or --module pkg.wsgi); like uWSGI, gantry starts and answers 500");
        }

        StaticFilesValidator.Validate(options.Static, diagnostics);
        CgiValidator.Validate(options, diagnostics);
        PhpValidator.Validate(options, diagnostics);
        CheaperValidator.Validate(options, diagnostics);

        foreach (var https in options.HttpsSockets)
        {
            if (HttpsSocketOptions.TryParse(https, out var error) is null)
            {
                diagnostics.Error(Whole, $"https = {https}", error!, "https");
            }
        }

        foreach (var sni in options.SniCertificates)
        {
            if (SniCertificateOptions.TryParse(sni, out var error) is null)
            {
                diagnostics.Error(Whole, $"sni = {sni}", error!, "sni");
            }
        }
        foreach (var redirect in options.HttpsRedirectSockets)
        {
            if (HttpsRedirectSocketOptions.TryParse(redirect, out var error) is null)
            {
                diagnostics.Error(Whole, $"http-to-https = {redirect}", error!, "http-to-https");
            }
        }
        if (options.HttpsHsts is { } hsts && HstsValue.TryParse(hsts, out var hstsError) is null)
        {
            diagnostics.Error(Whole, $"https-hsts = {hsts}", hstsError!, "https-hsts");
        }
        if (options.HttpsHsts is not null && options.HttpsSockets.Count == 0)
        {
            diagnostics.Error(Whole, "https-hsts", "Strict-Transport-Security goes on HTTPS responses only (RFC 6797 §7.2): add https = addr,cert.pem,key.pem", "https-hsts");
        }
        if (options.SniCertificates.Count > 0 && options.HttpsSockets.Count == 0)
        {
            diagnostics.Error(Whole, "sni", "sni certificates are served on HTTPS sockets: add https = addr,cert.pem,key.pem", "sni");
        }

        int sockets = options.HttpSockets.Count + options.UwsgiSockets.Count + options.FastCgiSockets.Count + options.HttpsSockets.Count
            + options.HttpsRedirectSockets.Count + options.DefaultProtocolSockets.Count;
        if (sockets == 0)
        {
            diagnostics.Error(Whole, null, "no socket to serve: add --http :9090 or --socket 127.0.0.1:3031 (or --http-socket, --https, --fastcgi-socket)");
        }
    }

    /// <summary>
    /// The emperor runs alone: it serves nothing itself (uWSGI would start it beside an instance; Gantry keeps one run mode
    /// per process), so sockets and applications belong in the vassal files.
    /// </summary>
    private static void ValidateEmperor(GantryOptionsBuilder options, DiagnosticBag diagnostics)
    {
        int sockets = options.HttpSockets.Count + options.UwsgiSockets.Count + options.FastCgiSockets.Count
            + options.DefaultProtocolSockets.Count;
        if (sockets > 0 || options.Master)
        {
            diagnostics.Error(Whole, "emperor = " + options.Emperor.Monitors[0],
                "the emperor runs alone in gantry: move the sockets, master and application into a vassal file (an .ini in the emperor's directory)",
                "emperor");
        }
        if (options.Emperor.Scalars.Throttle > options.Emperor.Scalars.MaxThrottle)
        {
            diagnostics.Error(Whole, $"emperor-throttle = {options.Emperor.Scalars.Throttle}",
                $"is above emperor-max-throttle ({options.Emperor.Scalars.MaxThrottle}); lower it or raise emperor-max-throttle", "emperor-throttle");
        }
    }
}
