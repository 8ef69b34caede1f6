using System.Buffers;
using System.Text;
using Gantry.Application;
using Gantry.Application.Routing;
using Gantry.Php.FastCgi;
using Gantry.Php.Site;

namespace Gantry.Php;

/// <summary>
/// The PHP link of one loop thread's request router: the whole nginx site of the document root. It answers the
/// site's own decisions at once (a file through the static-file link, 301 to the slash, 403, 404, 400) and passes
/// each script to php-fpm as a <see cref="PhpFpmExchange"/>, many at a time, over this thread's kept-alive
/// connections (shared with the other loops). Loop thread only.
/// </summary>
internal sealed class PhpThread : IRequestHandler, IDisposable
{
    private static ReadOnlySpan<byte> PathInfoKey => "PATH_INFO"u8;
    private static ReadOnlySpan<byte> QueryStringKey => "QUERY_STRING"u8;
    private static ReadOnlySpan<byte> RequestUriKey => "REQUEST_URI"u8;
    private static ReadOnlySpan<byte> ContentLengthKey => "CONTENT_LENGTH"u8;
    private static ReadOnlySpan<byte> MethodKey => "REQUEST_METHOD"u8;

    private int _nextPool;

    /// <summary>Per address: the connections this loop has open or is opening (the slots php-fpm-max-conns bounds).</summary>
    private readonly int[] _open;

    /// <summary>Per address: the exchanges waiting for a slot, first come first served.</summary>
    private readonly Queue<PhpFpmExchange>[] _waiting;

    public PhpThread(PhpSite site, ILoopServices loop)
    {
        Site = site;
        Loop = loop;
        _open = new int[site.Pools.Length];
        _waiting = [.. site.Pools.Select(_ => new Queue<PhpFpmExchange>())];
    }

    public PhpSite Site { get; }

    public ILoopServices Loop { get; }

    /// <summary>The idle connections, one pool per php-fpm address (the process's, shared by the loops).</summary>
    public PhpFpmPool[] Pools => Site.Pools;

    /// <summary>Where a request's BEGIN_REQUEST and PARAMS are put together (reused; copied out at once).</summary>
    public ArrayBufferWriter<byte> RequestHead { get; } = new(4096);

    /// <summary>Where the PARAMS pairs are encoded before they are split into records (reused).</summary>
    public ArrayBufferWriter<byte> ParamsScratch { get; } = new(4096);

    /// <summary>The address a new request starts with: each in turn.</summary>
    public int NextPool()
    {
        var next = _nextPool;
        _nextPool = (_nextPool + 1) % Pools.Length;
        return next;
    }

    /// <summary>
    /// Takes a connection slot of address <paramref name="pool"/> for <paramref name="exchange"/>: true when it may
    /// take or open a connection now; false when php-fpm-max-conns are open, and it waits in the queue for
    /// <see cref="PhpFpmExchange.Granted"/>.
    /// </summary>
    public bool TryReserve(int pool, PhpFpmExchange exchange)
    {
        var limit = Site.Options.MaxConnections;
        if (limit == 0 || _open[pool] < limit)
        {
            _open[pool]++;
            return true;
        }
        _waiting[pool].Enqueue(exchange);
        return false;
    }

    /// <summary>
    /// An exchange is done with its slot: its connection (<paramref name="fd"/>, clean and kept alive) or, with -1,
    /// the right to open one goes to the next waiter of this loop (on the loop's next turn: never inside another
    /// response's step); without a waiter the connection goes back to the pool. A connection is closed rather than
    /// handed on while a new connection starves for a php-fpm child (<see cref="PhpFpmPool.FreshWaiting"/>).
    /// </summary>
    public void Released(int pool, int fd)
    {
        if (fd >= 0 && Pools[pool].FreshWaiting)
        {
            Gantry.Posix.Native.LibC.close(fd);
            fd = -1;
        }
        while (_waiting[pool].TryDequeue(out var next))
        {
            if (next.IsQueued)
            {
                Loop.Post(new Grant(next, fd));
                return;
            }
        }
        _open[pool]--;
        if (fd >= 0)
        {
            Pools[pool].Return(fd);
        }
    }

    /// <summary>
    /// A script's body goes to php-fpm as it arrives when its length is known; a chunked body is received whole first,
    /// so php-fpm gets a CONTENT_LENGTH (PHP reads as much of STDIN as it says).
    /// </summary>
    public bool StreamsRequestBody(RequestContext request)
    {
        if (!request.Variables.TryGetValue(ContentLengthKey, out var length) || length.IsEmpty)
        {
            return false;
        }
        return Resolve(request).Outcome == PhpOutcome.Script;
    }

    /// <inheritdoc />
    public bool TryInvoke(RequestContext request, IResponseSink response, out ApplicationStep step, out IResponseContinuation? continuation)
    {
        continuation = null;
        try
        {
            return TryInvoke(request, response, Resolve(request), out step, out continuation);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // A fault here must cost this request only, never the worker: answered 500 if nothing went out yet.
            Site.Logger.Failed(failure.ToString());
            step = response.HeadersCommitted ? ApplicationStep.Failed : PlainTextResponse.Write(response, "500 Internal Server Error"u8);
            return true;
        }
    }

    private bool TryInvoke(RequestContext request, IResponseSink response, PhpResolution resolution, out ApplicationStep step,
        out IResponseContinuation? continuation)
    {
        continuation = null;
        var variables = request.Variables;
        switch (resolution.Outcome)
        {
            case PhpOutcome.Declined:
                step = default;
                return false;
            case PhpOutcome.Status:
                if (resolution.EscapedPath == "redirect loop")
                {
                    Site.Logger.RedirectLoop(resolution.Uri);
                }
                step = PlainTextResponse.Write(response, Encoding.ASCII.GetBytes(resolution.Status!));
                return true;
            case PhpOutcome.Escaped:
                Site.Logger.Escaped(resolution.EscapedPath!, Site.Resolver.Root);
                step = PlainTextResponse.Write(response, "403 Forbidden"u8);
                return true;
            case PhpOutcome.RedirectToSlash:
                variables.TryGetValue(QueryStringKey, out var query);
                step = PlainTextResponse.RedirectToSlash(response, RequestPath(variables), query);
                return true;
            case PhpOutcome.Static:
                step = ServeFile(request, response, resolution, out continuation);
                return true;
        }
        var exchange = new PhpFpmExchange(this, request, response, resolution);
        continuation = exchange;
        step = exchange.Start();
        return true;
    }

    /// <summary>A file of the root (maybe a directory's index) through the static-file link, as nginx's static module.</summary>
    private ApplicationStep ServeFile(RequestContext request, IResponseSink response, PhpResolution resolution, out IResponseContinuation? continuation)
    {
        continuation = null;
        var variables = request.Variables;
        variables.Set(PathInfoKey, Encoding.UTF8.GetBytes(resolution.Uri));
        if (Site.StaticFiles is { } files && files.TryInvoke(request, response, out var step, out continuation))
        {
            return step;
        }
        variables.TryGetValue(MethodKey, out var method);
        // nginx's static module takes GET, HEAD and POST, and answers POST with 405 (the static link declines it).
        return method.SequenceEqual("GET"u8) || method.SequenceEqual("HEAD"u8)
            ? PlainTextResponse.Write(response, "404 Not Found"u8)
            : PlainTextResponse.Write(response, "405 Not Allowed"u8);
    }

    private PhpResolution Resolve(RequestContext request)
    {
        var variables = request.Variables;
        variables.TryGetValue(PathInfoKey, out var path);
        variables.TryGetValue(QueryStringKey, out var query);
        return Site.Resolver.Resolve(path, query);
    }

    /// <summary>The path as the client wrote it (REQUEST_URI without its query), else PATH_INFO.</summary>
    private static ReadOnlySpan<byte> RequestPath(Gantry.Application.CgiVariables variables)
    {
        if (variables.TryGetValue(RequestUriKey, out var uri) && !uri.IsEmpty && uri[0] == (byte)'/')
        {
            var question = uri.IndexOf((byte)'?');
            return question < 0 ? uri : uri[..question];
        }
        variables.TryGetValue(PathInfoKey, out var pathInfo);
        return pathInfo;
    }

    /// <summary>A slot (and maybe a connection) handed to a waiting exchange on the loop's next turn.</summary>
    private sealed class Grant(PhpFpmExchange exchange, int fd) : ILoopWork
    {
        public void Run() => exchange.Granted(fd);
    }

    /// <summary>The pools are the process's: they outlive each loop (the process closes them when it exits).</summary>
    public void Dispose()
    {
    }
}
