namespace Gantry.Protocols.Uwsgi;

/// <summary>
/// Well-known <c>modifier1</c> values (uwsgi-docs Protocol.rst; unbit/uwsgi uwsgi.h <c>UWSGI_MODIFIER_*</c>).
/// Only the request kinds a front may need to recognise are named; any other value is legal on the wire
/// and it is the connection's decision what to do with it.
/// </summary>
public static class UwsgiModifier
{
    /// <summary>WSGI request: vars block, then the body (nginx's default).</summary>
    public const byte Wsgi = 0;

    /// <summary>CGI request (<c>uwsgi_modifier1 9;</c> in nginx for the cgi plugin).</summary>
    public const byte Cgi = 9;

    /// <summary>Management request; <c>modifier2</c> is the flag.</summary>
    public const byte Management = 10;

    /// <summary>PHP request (uwsgi php plugin).</summary>
    public const byte Php = 14;

    /// <summary>WSGI request whose PATH_INFO already has SCRIPT_NAME stripped.</summary>
    public const byte WsgiScriptNameStripped = 30;

    /// <summary>Raw HTTP response marker ('H').</summary>
    public const byte RawHttpResponse = 72;

    /// <summary>Ping (<c>modifier2</c> 0) or pong (<c>modifier2</c> 1).</summary>
    public const byte Ping = 100;

    /// <summary>Close mark for persistent connections.</summary>
    public const byte PersistentClose = 200;

    /// <summary>Generic response.</summary>
    public const byte Response = 255;
}
