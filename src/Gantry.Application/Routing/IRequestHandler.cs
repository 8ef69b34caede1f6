namespace Gantry.Application.Routing;

/// <summary>
/// One link of the request router's chain (static files, CGI directories, a PHP document root): it answers the
/// requests it claims and declines the others, which go to the next link and, last, to the application host.
/// </summary>
public interface IRequestHandler
{
    /// <summary>
    /// True only for a request this handler would claim and wants to read while its body arrives (see
    /// <see cref="IApplicationThread.StreamsRequestBody"/>); false for every other (static files: always).
    /// </summary>
    bool StreamsRequestBody(RequestContext request);

    /// <summary>
    /// Answers <paramref name="request"/> if this handler claims it: true with the step (and the continuation when the
    /// step is <see cref="ApplicationStep.Suspended"/> or <see cref="ApplicationStep.Pending"/>), as
    /// <see cref="IApplicationThread.Invoke"/> gives them; false, having written nothing, when it does not.
    /// </summary>
    bool TryInvoke(RequestContext request, IResponseSink response, out ApplicationStep step, out IResponseContinuation? continuation);
}
