namespace Gantry.Protocols.FastCgi;

/// <summary>Record types of FastCGI 1.0 (spec §8, fastcgi.h <c>FCGI_*</c>). Other values can appear on the wire.</summary>
public enum FastCgiRecordType : byte
{
    /// <summary>Web server to application: starts a request (role and flags).</summary>
    BeginRequest = 1,

    /// <summary>Web server to application: the client went away.</summary>
    AbortRequest = 2,

    /// <summary>Application to web server: the request is over (application and protocol status).</summary>
    EndRequest = 3,

    /// <summary>Web server to application: stream of name-value pairs, ended by an empty record.</summary>
    Params = 4,

    /// <summary>Web server to application: the request body, ended by an empty record.</summary>
    Stdin = 5,

    /// <summary>Application to web server: the CGI response, ended by an empty record.</summary>
    Stdout = 6,

    /// <summary>Application to web server: error text.</summary>
    Stderr = 7,

    /// <summary>Web server to application: the file to filter (Filter role only).</summary>
    Data = 8,

    /// <summary>Management query (request id 0): names with empty values.</summary>
    GetValues = 9,

    /// <summary>Management answer (request id 0): the names understood, with values.</summary>
    GetValuesResult = 10,

    /// <summary>Management answer to a management record of a type the application does not know.</summary>
    UnknownType = 11,
}
