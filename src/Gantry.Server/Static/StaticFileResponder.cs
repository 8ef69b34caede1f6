using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Gantry.Application;
using Gantry.Application.Routing;
using Gantry.Posix.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Gantry.Server.Static;

/// <summary>
/// Answers GET and HEAD requests for mapped files before the application sees them, through the same
/// <see cref="IResponseSink"/> an application writes to, so every front (HTTP, uwsgi, FastCGI) frames it as it frames
/// any response and the body leaves with sendfile(2). Headers as uWSGI's uwsgi_real_file_serve (core/static.c) sends
/// them: Expires (when a rule matches), Content-Type (when the extension is known), Content-Length, Content-Range,
/// Last-Modified, and nginx's ETag; a precompressed <c>.gz</c> sibling (static-gzip*) adds Content-Encoding and Vary.
/// If-None-Match, or else If-Modified-Since at or after the mtime, gives a 304 carrying only the ETag (and Vary).
/// Built once per loop; immutable.
/// </summary>
internal sealed class StaticFileResponder : IRequestHandler
{
    private static readonly ConditionalWeakTable<StaticFileOptions, StaticFileResponder> Shared = [];

    private readonly StaticFileResolver _resolver;
    private readonly MimeTypeTable _mimeTypes;
    private readonly StaticExpiresTable _expires;
    private readonly StaticGzipRules _gzip;
    private readonly bool _honourRange;
    private readonly byte[]? _offloadHeader;
    private readonly TimeProvider _time;

    public StaticFileResponder(StaticFileOptions options, TimeProvider time, ILogger logger)
    {
        _resolver = new StaticFileResolver(options, m => logger.RootMissing(m.Root, m.Mountpoint), time)
        {
            Escaped = logger.Escaped,
        };
        _mimeTypes = new MimeTypeTable(options.MimeFiles);
        _expires = new StaticExpiresTable(options.Expires);
        _gzip = new StaticGzipRules(options);
        _honourRange = options.HonourRange;
        _offloadHeader = options.OffloadHeader is { } header ? Encoding.ASCII.GetBytes(header) : null;
        _time = time;
    }

    /// <summary>
    /// The responder for <paramref name="options"/>, built once per process and shared by every loop thread (it is
    /// immutable): mime.types is read and the roots are resolved once, and a missing root is reported once.
    /// </summary>
    public static StaticFileResponder For(StaticFileOptions options, TimeProvider time, ILogger logger) =>
        Shared.GetValue(options, o => new StaticFileResponder(o, time, logger));

    /// <summary>The path resolution, for tests and for fronts that only need to know whether a file exists.</summary>
    public StaticFileResolver Resolver => _resolver;

    /// <summary>Extensions with a known Content-Type.</summary>
    public int MimeTypeCount => _mimeTypes.Count;

    /// <summary>Never: a file is answered without reading the request's body.</summary>
    public bool StreamsRequestBody(RequestContext request) => false;

    /// <summary>
    /// Serves the request when it names a static file: true with the response's step (and, when the file is still
    /// being sent, the continuation that closes it); false when the application must answer instead.
    /// </summary>
    public bool TryInvoke(RequestContext request, IResponseSink sink, out ApplicationStep step, out IResponseContinuation? continuation)
    {
        step = ApplicationStep.Completed;
        continuation = null;
        var variables = request.Variables;
        if (!variables.TryGetValue("REQUEST_METHOD"u8, out var method) || !(method.SequenceEqual("GET"u8) || method.SequenceEqual("HEAD"u8)))
        {
            return false;
        }
        variables.TryGetValue("PATH_INFO"u8, out var pathInfo);
        if (!_resolver.TryResolve(pathInfo, out var file))
        {
            return false;
        }
        try
        {
            return Answer(variables, sink, method, pathInfo, ref file, ref step, ref continuation);
        }
        finally
        {
            // Every answer that sends no body (304, 416, HEAD, file-serve-mode) or swapped in the sibling leaves the
            // resolution's descriptor here; one handed to the transfer was taken out of file.
            file.Handle?.Dispose();
        }
    }

    private bool Answer(CgiVariables variables, IResponseSink sink, ReadOnlySpan<byte> method, ReadOnlySpan<byte> pathInfo,
        ref StaticFile file, ref ApplicationStep step, ref IResponseContinuation? continuation)
    {
        // The type and the Expires rules follow the name asked for; everything else, the file sent (uWSGI swaps in
        // the sibling's stat before If-Modified-Since and ranges, as here).
        var name = file.Path;
        var coding = ChooseCoding(variables, ref file);
        Span<byte> tag = stackalloc byte[EntityTag.MaxLength];
        tag = tag[..EntityTag.Write(file, tag)];
        if (NotModified(variables, file, tag))
        {
            sink.SetStatus("304 Not Modified"u8);
            sink.AddHeader("ETag"u8, tag);
            AddVary(sink, coding);
            return true;
        }
        if (_offloadHeader is { } offload)
        {
            // file-serve-mode (uWSGI's uwsgi_real_file_serve): the web server in front sends the file it names, ranges
            // included; the answer carries the type, the encoding, Expires, Last-Modified and the ETag, and no body.
            sink.SetStatus("200 OK"u8);
            AddHeaders(sink, variables, file, name, coding, pathInfo, 0, 0, partial: false, withLength: false);
            sink.AddHeader(offload, Encoding.UTF8.GetBytes(file.Path));
            sink.AddHeader("ETag"u8, tag);
            AddVary(sink, coding);
            return true;
        }
        var first = 0L;
        var last = 0L;
        var count = file.Length;
        var range = _honourRange && variables.TryGetValue("HTTP_RANGE"u8, out var rangeHeader)
            ? ByteRangeParser.Parse(rangeHeader, file.Length, out first, out last) : ByteRangeResult.Ignored;
        if (range == ByteRangeResult.Unsatisfiable)
        {
            sink.SetStatus("416 Requested Range Not Satisfiable"u8);
            AddHeader(sink, "Content-Range"u8, string.Create(CultureInfo.InvariantCulture, $"bytes */{file.Length}"));
            return true;
        }
        if (range == ByteRangeResult.Satisfiable && RangeStillValid(variables, file, tag))
        {
            count = last - first + 1;
        }
        else
        {
            range = ByteRangeResult.Ignored;
            first = 0;
        }
        var isHead = method.SequenceEqual("HEAD"u8);
        SafeFileHandle? handle = null;
        if (!isHead && count > 0)
        {
            if (file.Handle is { } open)
            {
                handle = open;
                file = file with { Handle = null };
            }
            else if (!TryOpen(file.Path, out handle))
            {
                return false;
            }
        }
        sink.SetStatus(range == ByteRangeResult.Satisfiable ? "206 Partial Content"u8 : "200 OK"u8);
        AddHeaders(sink, variables, file, name, coding, pathInfo, first, count, range == ByteRangeResult.Satisfiable);
        sink.AddHeader("ETag"u8, tag);
        AddVary(sink, coding);
        if (handle is null)
        {
            return true;
        }
        var transfer = new StaticFileTransfer(handle);
        if (sink.WriteFile(transfer.Descriptor, first, count))
        {
            transfer.Abort();
            return true;
        }
        step = ApplicationStep.Suspended;
        continuation = transfer;
        return true;
    }

    /// <summary>
    /// Swaps <paramref name="file"/> for its <c>.gz</c> sibling when a static-gzip rule names the file, the sibling
    /// exists inside the root and the client accepts gzip. Unlike uWSGI, a sibling is looked for whatever the client
    /// accepts, so the plain answer can say <c>Vary: Accept-Encoding</c> too.
    /// </summary>
    private StaticCoding ChooseCoding(CgiVariables variables, ref StaticFile file)
    {
        if (_gzip.IsEmpty || !_gzip.Applies(file.Path) || !_resolver.TrySibling(file, ".gz", out var sibling))
        {
            return StaticCoding.None;
        }
        if (!variables.TryGetValue("HTTP_ACCEPT_ENCODING"u8, out var accept) || !AcceptEncoding.AcceptsGzip(accept))
        {
            sibling.Handle?.Dispose();
            return StaticCoding.IdentityWithSibling;
        }
        file.Handle?.Dispose();
        file = sibling;
        return StaticCoding.Gzip;
    }

    private static void AddVary(IResponseSink sink, StaticCoding coding)
    {
        if (coding != StaticCoding.None)
        {
            sink.AddHeader("Vary"u8, "Accept-Encoding"u8);
        }
    }

    private void AddHeaders(IResponseSink sink, CgiVariables variables, StaticFile file, string name, StaticCoding coding,
        ReadOnlySpan<byte> pathInfo, long first, long count, bool partial, bool withLength = true)
    {
        if (!_expires.IsEmpty)
        {
            var now = _time.GetUtcNow();
            var modified = DateTimeOffset.FromUnixTimeSeconds(file.ModifiedSeconds);
            AddExpires(sink, _expires.Find(StaticExpiresSubject.FileName, name, now, modified));
            AddExpires(sink, _expires.Find(StaticExpiresSubject.PathInfo, Encoding.Latin1.GetString(pathInfo), now, modified));
            variables.TryGetValue("REQUEST_URI"u8, out var uri);
            AddExpires(sink, _expires.Find(StaticExpiresSubject.RequestUri, Encoding.Latin1.GetString(uri), now, modified));
        }
        if (coding == StaticCoding.Gzip)
        {
            sink.AddHeader("Content-Encoding"u8, "gzip"u8);
        }
        if (_mimeTypes.Find(name) is { } type)
        {
            AddHeader(sink, "Content-Type"u8, type);
            if (!_expires.IsEmpty)
            {
                AddExpires(sink, _expires.Find(StaticExpiresSubject.ContentType, type, _time.GetUtcNow(), DateTimeOffset.FromUnixTimeSeconds(file.ModifiedSeconds)));
            }
        }
        if (withLength)
        {
            AddHeader(sink, "Content-Length"u8, count.ToString(CultureInfo.InvariantCulture));
        }
        if (partial)
        {
            AddHeader(sink, "Content-Range"u8, string.Create(CultureInfo.InvariantCulture, $"bytes {first}-{first + count - 1}/{file.Length}"));
        }
        AddHeader(sink, "Last-Modified"u8, HttpDate.Format(file.ModifiedSeconds));
    }

    /// <summary>
    /// If-None-Match when present (RFC 9110 §13.2.2: If-Modified-Since is then ignored), else If-Modified-Since at or
    /// after the mtime, as uWSGI compares it.
    /// </summary>
    private static bool NotModified(CgiVariables variables, StaticFile file, ReadOnlySpan<byte> tag)
    {
        if (variables.TryGetValue("HTTP_IF_NONE_MATCH"u8, out var noneMatch))
        {
            return EntityTag.NoneMatchHits(noneMatch, tag);
        }
        return variables.TryGetValue("HTTP_IF_MODIFIED_SINCE"u8, out var since) && HttpDate.TryParse(since, out var sinceSeconds)
            && file.ModifiedSeconds <= sinceSeconds;
    }

    /// <summary>
    /// If-Range (RFC 9110 §13.1.5): the range applies only when the date is exactly the file's Last-Modified, or the
    /// entity tag is strong and equal to the file's.
    /// </summary>
    private static bool RangeStillValid(CgiVariables variables, StaticFile file, ReadOnlySpan<byte> tag)
    {
        if (!variables.TryGetValue("HTTP_IF_RANGE"u8, out var ifRange))
        {
            return true;
        }
        return EntityTag.IsTag(ifRange)
            ? EntityTag.StrongMatch(ifRange, tag)
            : HttpDate.TryParse(ifRange, out var seconds) && seconds == file.ModifiedSeconds;
    }

    /// <summary>
    /// One open(2), read-only: .NET's File.OpenHandle adds an fstat and a shared flock (and its unlock) per file,
    /// three system calls of a 1 KiB response's thirteen, for nothing a static file needs. O_NOFOLLOW: the path is
    /// canonical, so a symlink found at its end now was swapped in since the containment check, and is refused.
    /// </summary>
    private static bool TryOpen(string path, out SafeFileHandle? handle)
    {
        int fd;
        do
        {
            fd = LibC.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC | LibC.O_NOFOLLOW, 0);
        }
        while (fd < 0 && LibC.Errno == LibC.EINTR);
        handle = fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
        return fd >= 0;
    }

    private static void AddExpires(IResponseSink sink, DateTimeOffset? expires)
    {
        if (expires is { } when)
        {
            AddHeader(sink, "Expires"u8, HttpDate.Format(when.ToUnixTimeSeconds()));
        }
    }

    private static void AddHeader(IResponseSink sink, ReadOnlySpan<byte> name, string value)
    {
        Span<byte> bytes = value.Length <= 256 ? stackalloc byte[value.Length] : new byte[value.Length];
        Encoding.Latin1.GetBytes(value, bytes);
        sink.AddHeader(name, bytes);
    }
}
