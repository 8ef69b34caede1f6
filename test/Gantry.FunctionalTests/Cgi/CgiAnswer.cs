using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>What two servers' answers to one request are compared on: status, Content-Type, Location and body.</summary>
/// <param name="Status">The status code, or <see cref="Closed"/> when the server closed the connection without answering.</param>
internal sealed record CgiAnswer(int Status, string? ContentType, string? Location, string Body)
{
    /// <summary>The status of a connection closed without a response (uWSGI's way with a script it refuses).</summary>
    public const int Closed = 0;

    public static CgiAnswer From(HttpProbeResponse? response) => response is null
        ? new CgiAnswer(Closed, null, null, string.Empty)
        : new CgiAnswer(response.StatusCode, response.Header("Content-Type"), response.Header("Location"), response.BodyText);

    public override string ToString() => Status == Closed
        ? "closed without an answer"
        : $"{Status} type={ContentType} location={Location} body=\"{Body.Replace("\n", "\\n", StringComparison.Ordinal)}\"";
}
