using System.Buffers.Text;
using System.Text;
using Gantry.Application;
using Gantry.Server.Connections;
using Gantry.Server.Logging;

namespace Gantry.Server.Gateway;

/// <summary>
/// What the server itself reads from the variables a gateway sends (nginx <c>uwsgi_pass</c> with uwsgi_params,
/// <c>fastcgi_pass</c> with fastcgi_params), with uWSGI's rules (core/protocol.c <c>uwsgi_parse_vars</c>, python
/// plugin <c>wsgi.url_scheme</c>): the body length, HEAD, the scheme, and the variables that must never reach the
/// application; and how a repeated variable is stored, so the environ matches the HTTP front's. Every other
/// variable is kept as given. One per connection, reset per request; no allocation.
/// </summary>
internal sealed class GatewayVariables
{
    private const byte Zero = (byte)'0';
    private const int MaxContentLengthDigits = 18;

    // Variables that make uWSGI import code, switch virtualenv, chdir, set environment variables, touch reload files
    // or read a file as the body on a request's say ("dynamic apps" and friends). Gantry serves the one configured
    // application, so it drops them rather than pass them to the app looking like they were honoured.
    private static readonly byte[][] DroppedKeys =
    [
        "UWSGI_SCRIPT"u8.ToArray(), "UWSGI_FILE"u8.ToArray(), "UWSGI_MODULE"u8.ToArray(), "UWSGI_CALLABLE"u8.ToArray(),
        "UWSGI_PYHOME"u8.ToArray(), "UWSGI_HOME"u8.ToArray(), "UWSGI_CHDIR"u8.ToArray(), "UWSGI_SETENV"u8.ToArray(),
        "UWSGI_TOUCH_RELOAD"u8.ToArray(), "UWSGI_POSTFILE"u8.ToArray(),
    ];

    private static ReadOnlySpan<byte> HttpPrefix => "HTTP_"u8;
    private static ReadOnlySpan<byte> HttpHost => "HTTP_HOST"u8;

    private bool _httpsOn;
    private bool _schemeGiven;
    private bool _schemeHttps;

    /// <summary>CONTENT_LENGTH as a number: 0 when absent or "" (nginx sends "" on body-less requests).</summary>
    public long ContentLength { get; private set; }

    /// <summary>True when CONTENT_LENGTH was present and not empty.</summary>
    public bool ContentLengthGiven { get; private set; }

    /// <summary>True when CONTENT_LENGTH was present and not a plain decimal number.</summary>
    public bool ContentLengthInvalid { get; private set; }

    /// <summary>True when REQUEST_METHOD is HEAD.</summary>
    public bool IsHead { get; private set; }

    /// <summary>True when PATH_INFO was among the variables.</summary>
    public bool HasPathInfo { get; private set; }

    /// <summary>
    /// wsgi.url_scheme is https: the last of UWSGI_SCHEME and HTTP_X_FORWARDED_PROTO when either is given, else
    /// HTTPS "on" (any case) or starting with '1', as uWSGI decides it.
    /// </summary>
    public bool IsHttps => _schemeGiven ? _schemeHttps : _httpsOn;

    /// <summary>Forgets the previous request.</summary>
    public void Reset()
    {
        ContentLength = 0;
        ContentLengthGiven = false;
        ContentLengthInvalid = false;
        IsHead = false;
        HasPathInfo = false;
        _httpsOn = false;
        _schemeGiven = false;
        _schemeHttps = false;
    }

    /// <summary>
    /// Reads one variable and stores it in <paramref name="variables"/> unless it is dropped.
    /// nginx sends one variable per configured param and one <c>HTTP_*</c> per client header line, in that order
    /// (ngx_http_uwsgi_module.c and ngx_http_fastcgi_module.c <c>create_request</c>); a name can therefore come twice.
    /// A repeated header (<c>X-Dup</c> sent three times, two Cookie lines) is joined as the HTTP front joins it
    /// (<see cref="CgiVariables.AddHeaderVariable"/>), where uWSGI would keep only the last line. Any other repeat
    /// comes from the configuration (a site's <c>uwsgi_param SERVER_NAME</c> after <c>include uwsgi_params</c>) and the
    /// last one wins, as in uWSGI (plugins/python/wsgi_subhandler.c fills the environ dict in order) and php-fpm
    /// (php-src main/fastcgi.c <c>fcgi_hash_set</c> replaces): that is how nginx users override a stock param. HTTP_HOST is one of those: nginx refuses a second Host line with 400 (RFC 9112 §3.2), so a
    /// repeat is Debian's <c>uwsgi_param HTTP_HOST $host</c> overridden by the site, and joining would make a bad host.
    /// </summary>
    public void Add(CgiVariables variables, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ConnectionServices services, string listener)
    {
        if (!Accept(key, value, services, listener))
        {
            return;
        }
        if (key.StartsWith(HttpPrefix) && !key.SequenceEqual(HttpHost))
        {
            variables.AddHeaderVariable(key, value);
        }
        else
        {
            variables.Set(key, value);
        }
    }

    /// <summary>
    /// Looks at one variable; returns false when it must be dropped (a variable that loads code is logged once per key
    /// per worker; HTTP_CONTENT_TYPE and HTTP_CONTENT_LENGTH go silently).
    /// </summary>
    private bool Accept(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ConnectionServices services, string listener)
    {
        switch (key.Length)
        {
            case 5 when key.SequenceEqual("HTTPS"u8):
                _httpsOn = (value.Length >= 2 && Ascii.EqualsIgnoreCase(value[..2], "on"u8)) || (value.Length > 0 && value[0] == (byte)'1');
                return true;
            case 9 when key.SequenceEqual("PATH_INFO"u8):
                HasPathInfo = true;
                return true;
            case 12 when key.SequenceEqual("UWSGI_SCHEME"u8):
            case 22 when key.SequenceEqual("HTTP_X_FORWARDED_PROTO"u8):
                _schemeGiven = true;
                _schemeHttps = Ascii.EqualsIgnoreCase(value, "https"u8);
                return true;
            case 14 when key.SequenceEqual("CONTENT_LENGTH"u8):
                ReadContentLength(value);
                return true;
            case 14 when key.SequenceEqual("REQUEST_METHOD"u8):
                IsHead = value.SequenceEqual("HEAD"u8);
                return true;
            // nginx passes the Content-Type and Content-Length header lines on as HTTP_* beside the CONTENT_* params.
            // RFC 3875 §4.1.18 lets a server leave them out, PEP 3333's wsgiref.validate refuses an environ holding
            // them, and the HTTP front never sets them: dropped, so every front gives the same environ.
            case 17 when key.SequenceEqual("HTTP_CONTENT_TYPE"u8):
            case 19 when key.SequenceEqual("HTTP_CONTENT_LENGTH"u8):
                return false;
            // As the HTTP front: a client's "Proxy:" header would become HTTP_PROXY, which CGI-era code reads as the
            // outbound proxy (the "httpoxy" hole, CVE-2016-5385); and nginx has already de-chunked the body and sent
            // CONTENT_LENGTH, so the client's Transfer-Encoding describes nothing the application receives.
            case 10 when key.SequenceEqual("HTTP_PROXY"u8):
            case 22 when key.SequenceEqual("HTTP_TRANSFER_ENCODING"u8):
                return false;
        }
        if (key.Length < 10 || !key.StartsWith("UWSGI_"u8))
        {
            return true;
        }
        for (var i = 0; i < DroppedKeys.Length; i++)
        {
            if (key.SequenceEqual(DroppedKeys[i]))
            {
                if (services.FirstTime(WarningTopic.DroppedVariable + i))
                {
                    services.Logger.GatewayVariableDropped(Encoding.ASCII.GetString(DroppedKeys[i]), listener);
                }
                return false;
            }
        }
        return true;
    }

    private void ReadContentLength(ReadOnlySpan<byte> value)
    {
        ContentLength = 0;
        ContentLengthGiven = !value.IsEmpty;
        if (value.IsEmpty)
        {
            return;
        }
        if (value.Length <= MaxContentLengthDigits && value.IndexOfAnyExceptInRange(Zero, (byte)'9') < 0
            && Utf8Parser.TryParse(value, out long length, out var used) && used == value.Length)
        {
            ContentLength = length;
            return;
        }
        ContentLengthInvalid = true;
    }
}
