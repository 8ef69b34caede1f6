namespace Gantry.Protocols.FastCgi;

/// <summary>Flags byte of a BEGIN_REQUEST body (spec §5.1).</summary>
[Flags]
public enum FastCgiBeginRequestFlags : byte
{
    /// <summary>The application closes the connection after END_REQUEST.</summary>
    None = 0,

    /// <summary>
    /// <c>FCGI_KEEP_CONN</c>: the connection stays open for the next request and the web server closes it
    /// (nginx sets it only with <c>fastcgi_keep_conn on</c>).
    /// </summary>
    KeepConnection = 1,
}
