namespace Gantry.Protocols.FastCgi;

/// <summary>The role a BEGIN_REQUEST asks the application to play (spec §5.1, §6).</summary>
public enum FastCgiRole : ushort
{
    /// <summary>Plain CGI: params and stdin in, stdout out (what nginx <c>fastcgi_pass</c> always asks for).</summary>
    Responder = 1,

    /// <summary>Access check: answer 200 to allow, anything else is sent to the client.</summary>
    Authorizer = 2,

    /// <summary>Like a responder, plus a DATA stream holding the file to filter.</summary>
    Filter = 3,
}
