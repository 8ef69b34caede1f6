using System.Globalization;

namespace Gantry.Php.Site;

/// <summary>
/// nginx's <c>try_files</c> as the PHP site reads it (checked by the configuration's validator): <c>$uri</c> (the
/// path is a file), <c>$uri/</c> (the path is a directory: its index), then the last resort: <c>=CODE</c>, a URI
/// redirected to internally (<c>/index.php?$query_string</c>: the front controller), or <c>@app</c> (decline: the
/// next link, the Python host, answers).
/// </summary>
internal sealed class PhpTryFiles
{
    private PhpTryFiles(bool file, bool directory, int code, string? fallbackUri, string? fallbackQuery, bool declines)
    {
        TriesFile = file;
        TriesDirectory = directory;
        Code = code;
        FallbackUri = fallbackUri;
        FallbackQuery = fallbackQuery;
        Declines = declines;
    }

    public bool TriesFile { get; }

    public bool TriesDirectory { get; }

    /// <summary>The status of a final <c>=CODE</c>, else 0.</summary>
    public int Code { get; }

    /// <summary>The path of a final URI (<c>/index.php</c>), else null.</summary>
    public string? FallbackUri { get; }

    /// <summary>The final URI's query template (<c>$query_string</c>), else null: the request's query is kept.</summary>
    public string? FallbackQuery { get; }

    /// <summary>True for a final <c>@app</c>.</summary>
    public bool Declines { get; }

    public static PhpTryFiles Parse(string text)
    {
        var items = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var last = items[^1];
        var tried = items[..^1];
        var file = tried.Contains("$uri");
        var directory = tried.Contains("$uri/");
        if (last.StartsWith('='))
        {
            return new PhpTryFiles(file, directory, int.Parse(last.AsSpan(1), CultureInfo.InvariantCulture), null, null, false);
        }
        if (last == "@app")
        {
            return new PhpTryFiles(file, directory, 0, null, null, true);
        }
        var question = last.IndexOf('?', StringComparison.Ordinal);
        return question < 0
            ? new PhpTryFiles(file, directory, 0, last, null, false)
            : new PhpTryFiles(file, directory, 0, last[..question], last[(question + 1)..], false);
    }

    /// <summary>The fallback's query: <c>$query_string</c> and <c>$args</c> replaced by the request's.</summary>
    public byte[] ExpandQuery(ReadOnlySpan<byte> requestQuery)
    {
        var template = FallbackQuery ?? string.Empty;
        var query = System.Text.Encoding.Latin1.GetString(requestQuery);
        return System.Text.Encoding.Latin1.GetBytes(template.Replace("$query_string", query, StringComparison.Ordinal).Replace("$args", query, StringComparison.Ordinal));
    }
}
