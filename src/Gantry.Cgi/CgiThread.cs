using System.Text;
using Gantry.Application;
using Gantry.Application.Routing;
using Gantry.Configuration;
using Microsoft.Extensions.Logging;

namespace Gantry.Cgi;

/// <summary>
/// The CGI link of one loop thread's request router: it claims the paths under a cgi mountpoint, answers the
/// directories' own errors (404, 403, 301 to the slash) at once, and runs each script as a
/// <see cref="CgiExchange"/>, many at a time, so a slow script never stalls the loop. Loop thread only.
/// </summary>
internal sealed partial class CgiThread : IRequestHandler, IDisposable
{
    private static ReadOnlySpan<byte> PathInfoKey => "PATH_INFO"u8;
    private static ReadOnlySpan<byte> QueryStringKey => "QUERY_STRING"u8;
    private static ReadOnlySpan<byte> RequestUriKey => "REQUEST_URI"u8;
    private static ReadOnlySpan<byte> DocumentRootKey => "DOCUMENT_ROOT"u8;
    private static ReadOnlySpan<byte> ContentLengthKey => "CONTENT_LENGTH"u8;

    private readonly CgiSite _site;
    private readonly IApplicationThread? _router;

    /// <summary>Set by <see cref="Dispatch"/> for the duration of a local redirect's dispatch: its depth.</summary>
    private int _redirectDepth;

    public CgiThread(CgiSite site, ILoopServices loop, IApplicationThread? router)
    {
        _site = site;
        Loop = loop;
        _router = router;
        Children = new CgiChildren(loop, site.Logger);
    }

    public CgiOptions Options => _site.Options;

    public ILoopServices Loop { get; }

    public ILogger Logger => _site.Logger;

    public TimeSpan Timeout => _site.Timeout;

    public CgiChildren Children { get; }

    /// <summary>True when a local redirect can go back through the router.</summary>
    public bool CanRedirect => _router is not null;

    /// <summary>
    /// A script's body goes to its stdin as it arrives when its length is known (CONTENT_LENGTH, which most CGI code
    /// reads before stdin); a chunked body is received whole first, so the script gets a CONTENT_LENGTH all the same.
    /// </summary>
    public bool StreamsRequestBody(RequestContext request)
    {
        var variables = request.Variables;
        if (!variables.TryGetValue(ContentLengthKey, out var length) || length.IsEmpty)
        {
            return false;
        }
        variables.TryGetValue(PathInfoKey, out var pathInfo);
        try
        {
            return _site.Resolver.Resolve(pathInfo, DocumentRoot(variables)).Outcome == CgiOutcome.Script;
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            Logger.Failed(failure.ToString());
            return false;
        }
    }

    /// <inheritdoc />
    public bool TryInvoke(RequestContext request, IResponseSink response, out ApplicationStep step, out IResponseContinuation? continuation)
    {
        var depth = _redirectDepth;
        _redirectDepth = 0;
        try
        {
            return TryInvoke(request, response, depth, out step, out continuation);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // A fault here must cost this request only, never the worker: answered 500 if nothing went out yet.
            Logger.Failed(failure.ToString());
            continuation = null;
            step = response.HeadersCommitted ? ApplicationStep.Failed : CgiErrorResponse.Write(response, CgiErrorResponse.InternalServerError);
            return true;
        }
    }

    /// <summary>Runs the request through the whole router again (a local redirect), <paramref name="depth"/> redirects deep.</summary>
    public ApplicationStep Dispatch(RequestContext request, IResponseSink response, int depth, out IResponseContinuation? continuation)
    {
        _redirectDepth = depth;
        try
        {
            return _router!.Invoke(request, response, out continuation);
        }
        finally
        {
            _redirectDepth = 0;
        }
    }

    private bool TryInvoke(RequestContext request, IResponseSink response, int depth, out ApplicationStep step, out IResponseContinuation? continuation)
    {
        continuation = null;
        var variables = request.Variables;
        variables.TryGetValue(PathInfoKey, out var pathInfo);
        var resolution = _site.Resolver.Resolve(pathInfo, DocumentRoot(variables));
        switch (resolution.Outcome)
        {
            case CgiOutcome.NotClaimed:
                step = default;
                return false;
            case CgiOutcome.NotFound:
                step = CgiErrorResponse.Write(response, CgiErrorResponse.NotFound);
                return true;
            case CgiOutcome.Forbidden:
                step = CgiErrorResponse.Write(response, CgiErrorResponse.Forbidden);
                return true;
            case CgiOutcome.Escaped:
                Logger.Escaped(resolution.EscapedPath!, resolution.Root!);
                step = CgiErrorResponse.Write(response, CgiErrorResponse.Forbidden);
                return true;
            case CgiOutcome.RedirectToSlash:
                variables.TryGetValue(QueryStringKey, out var query);
                step = PlainTextResponse.RedirectToSlash(response, RequestPath(variables, pathInfo), query);
                return true;
        }
        step = Launch(request, response, resolution.Script!, depth, out continuation);
        return true;
    }

    /// <summary>
    /// Spawns <paramref name="script"/> and starts its exchange. <paramref name="slotTaken"/>: a queued launch already
    /// holds its launch slot (<see cref="CgiLaunch"/>); else the slot is taken here.
    /// </summary>
    internal ApplicationStep Run(RequestContext request, IResponseSink response, CgiScript script, int depth, bool slotTaken,
        out IResponseContinuation? continuation)
    {
        continuation = null;
        var environment = _site.Environment.Build(request, script);
        request.Variables.TryGetValue(QueryStringKey, out var query);
        var arguments = CgiArguments.FromQuery(query);
        string program = script.Command;
        if (script.Interpreter is { } interpreter)
        {
            program = _site.ProgramPath(interpreter);
            arguments.Insert(0, Encoding.UTF8.GetBytes(script.Command));
        }
        CgiProcess process;
        try
        {
            process = CgiProcess.Start(program, arguments, environment, script.WorkingDirectory);
        }
        catch (InvalidOperationException failure)
        {
            Logger.SpawnFailed(script.Command, failure.Message);
            if (slotTaken)
            {
                LaunchSettled();
            }
            return CgiErrorResponse.Write(response, CgiErrorResponse.BadGateway);
        }
        if (!slotTaken)
        {
            _launching++;
        }
        Children.Adopt(process, script.Command);
        var exchange = new CgiExchange(this, request, response, script, process, depth);
        continuation = exchange;
        return exchange.Start();
    }

    /// <summary>The request's DOCUMENT_ROOT where cgi-from-docroot takes scripts from it, else null.</summary>
    private string? DocumentRoot(CgiVariables variables) =>
        Options.FromDocumentRoot && variables.TryGetValue(DocumentRootKey, out var root) ? Encoding.UTF8.GetString(root) : null;

    /// <summary>The path as the client wrote it (REQUEST_URI without its query), else PATH_INFO.</summary>
    private static ReadOnlySpan<byte> RequestPath(CgiVariables variables, ReadOnlySpan<byte> pathInfo)
    {
        if (variables.TryGetValue(RequestUriKey, out var uri) && !uri.IsEmpty && uri[0] == (byte)'/')
        {
            var question = uri.IndexOf((byte)'?');
            return question < 0 ? uri : uri[..question];
        }
        return pathInfo;
    }

    /// <inheritdoc />
    public void Dispose() => Children.Dispose();
}
