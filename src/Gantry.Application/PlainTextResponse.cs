namespace Gantry.Application;

/// <summary>
/// A server's own short answer, worded as uWSGI's (core/errors.c): the status, <c>Content-Type: text/plain</c>, and
/// the status's phrase as the body (<c>"404 Not Found"</c> gives the body <c>Not Found</c>). For links and hosts that
/// answer without an application: a CGI directory's 403, a CGI-only site's 404.
/// </summary>
public static class PlainTextResponse
{
    private static ReadOnlySpan<byte> ContentType => "Content-Type"u8;
    private static ReadOnlySpan<byte> TextPlain => "text/plain"u8;

    /// <summary>Answers <paramref name="status"/> (three digits, a space, the phrase); the response is complete.</summary>
    public static ApplicationStep Write(IResponseSink sink, ReadOnlySpan<byte> status)
    {
        sink.SetStatus(status);
        sink.AddHeader(ContentType, TextPlain);
        // A phrase is staged whole (the sink copies it), whatever Write says about the output's high-water mark.
        sink.Write(status[4..]);
        return ApplicationStep.Completed;
    }

    /// <summary>
    /// 301 to a directory asked for without its trailing slash, keeping the query (uWSGI's uwsgi_redirect_to_slash,
    /// nginx's static module): a CGI directory's and a PHP site's. <paramref name="path"/> is the path as requested.
    /// </summary>
    public static ApplicationStep RedirectToSlash(IResponseSink sink, ReadOnlySpan<byte> path, ReadOnlySpan<byte> query)
    {
        var location = new byte[path.Length + 2 + query.Length];
        path.CopyTo(location);
        location[path.Length] = (byte)'/';
        var length = path.Length + 1;
        if (!query.IsEmpty)
        {
            location[length++] = (byte)'?';
            query.CopyTo(location.AsSpan(length));
            length += query.Length;
        }
        sink.SetStatus("301 Moved Permanently"u8);
        sink.AddHeader("Location"u8, location.AsSpan(0, length));
        return ApplicationStep.Completed;
    }
}
