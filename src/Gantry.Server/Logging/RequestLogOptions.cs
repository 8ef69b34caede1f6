namespace Gantry.Server.Logging;

/// <summary>How requests are logged (uWSGI's log-* options; the JSON line is Gantry's).</summary>
public sealed record RequestLogOptions
{
    /// <summary>Template of the line, with uWSGI's <c>%(name)</c> variables; null = uWSGI's default line. uWSGI <c>log-format</c>.</summary>
    public string? Format { get; init; }

    /// <summary>One JSON object per request instead of a text line. Gantry <c>log-json</c>.</summary>
    public bool Json { get; init; }

    /// <summary>The client address is the X-Forwarded-For header when there is one. uWSGI <c>log-x-forwarded-for</c>.</summary>
    public bool XForwardedFor { get; init; }

    /// <summary>The default line reports the response time in µs ("in N micros"). uWSGI <c>log-micros</c>.</summary>
    public bool Micros { get; init; }

    /// <summary>With disable-logging, still log requests slower than this many ms; 0 = no. uWSGI <c>log-slow</c>.</summary>
    public int SlowMilliseconds { get; init; }

    /// <summary>With disable-logging, still log 4xx responses. uWSGI <c>log-4xx</c>.</summary>
    public bool ClientErrors { get; init; }

    /// <summary>With disable-logging, still log 5xx responses. uWSGI <c>log-5xx</c>.</summary>
    public bool ServerErrors { get; init; }

    /// <summary>With disable-logging, still log responses larger than this many bytes; 0 = no. uWSGI <c>log-big</c>.</summary>
    public long BigBytes { get; init; }

    /// <summary>With disable-logging, still log responses with an empty body. uWSGI <c>log-zero</c>.</summary>
    public bool Zero { get; init; }

    /// <summary>True when some request may be logged although disable-logging is on.</summary>
    public bool HasExceptions => SlowMilliseconds > 0 || ClientErrors || ServerErrors || BigBytes > 0 || Zero;
}
