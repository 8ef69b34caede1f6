namespace Gantry.InteropTests.Cgi;

/// <summary>The nginx sites <see cref="CgiFrontsFixture"/> configures in front of gantry's CGI directory.</summary>
public enum CgiSite
{
    /// <summary><c>include uwsgi_params; uwsgi_pass …;</c> (stock params: PATH_INFO is the whole decoded path).</summary>
    Uwsgi,

    /// <summary>As <see cref="Uwsgi"/> with <c>uwsgi_modifier1 9;</c>, as uWSGI's CGI documentation configures nginx.</summary>
    UwsgiModifier9,

    /// <summary><c>include fastcgi_params; fastcgi_pass …;</c> (stock params: SCRIPT_NAME is the whole path, no PATH_INFO).</summary>
    FastCgi,

    /// <summary>As <see cref="Uwsgi"/> with <c>uwsgi_buffering off</c>: each block is passed on as it arrives.</summary>
    UwsgiUnbuffered,

    /// <summary>As <see cref="FastCgi"/> with <c>fastcgi_buffering off</c>.</summary>
    FastCgiUnbuffered,
}
