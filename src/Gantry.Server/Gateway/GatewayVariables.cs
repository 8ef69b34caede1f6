using System.Buffers.Text;
using System.Text;
using Gantry.Server.Connections;
using Gantry.Server.Logging;

namespace Gantry.Server.Gateway;

/// <summary>
/// What the server itself reads from the variables a gateway sends (nginx <c>uwsgi_pass</c> with uwsgi_params,
/// <c>fastcgi_pass</c> with fastcgi_params), with uWSGI's rules (core/protocol.c <c>uwsgi_parse_vars</c>, python
/// plugin <c>wsgi.url_scheme</c>): the body length, HEAD, the scheme, and the variables that must never reach the
/// application. Every other variable is kept exactly as given. One per connection, reset per request; no allocation.
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
    /// Looks at one variable; returns false when it must be dropped (logged once per key per worker).
    /// </summary>
    public bool Accept(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ConnectionServices services, string listener)
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
