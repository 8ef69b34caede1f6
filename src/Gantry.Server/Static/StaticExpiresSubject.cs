namespace Gantry.Server.Static;

/// <summary>What a <see cref="StaticExpiresRule"/> is matched against.</summary>
public enum StaticExpiresSubject
{
    /// <summary>The resolved file name, by regular expression (<c>static-expires</c>).</summary>
    FileName,

    /// <summary>PATH_INFO, by regular expression (<c>static-expires-path-info</c>).</summary>
    PathInfo,

    /// <summary>REQUEST_URI, by regular expression (<c>static-expires-uri</c>).</summary>
    RequestUri,

    /// <summary>The Content-Type, compared whole (<c>static-expires-type</c>).</summary>
    ContentType,
}
