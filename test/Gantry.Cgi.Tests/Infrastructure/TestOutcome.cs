namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>How a <see cref="TestResponse"/> ended.</summary>
internal enum TestOutcome
{
    /// <summary>The host returned Completed.</summary>
    Completed,

    /// <summary>The host returned Failed (a real connection would answer 500, or cut a committed response).</summary>
    Failed,

    /// <summary>The client left a paused response: the continuation was aborted.</summary>
    Aborted,

    /// <summary>The CGI link did not claim the request.</summary>
    NotClaimed,
}
