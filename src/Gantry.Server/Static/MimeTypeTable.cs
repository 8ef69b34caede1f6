namespace Gantry.Server.Static;

/// <summary>
/// Extension to Content-Type, read once at start-up from mime.types files (Debian's media-types package provides
/// /etc/mime.types, a dependency of python3 itself). Parsed as uWSGI's uwsgi_build_mime_dict does (core/utils.c):
/// a line starting with a letter or digit is "type ext ext…"; the first mention of an extension wins; lookups are
/// case-sensitive on what follows the last '.' of the file name; uWSGI drops a one-letter extension ending its line
/// (so ".c" and ".h" get no Content-Type), which is kept so both servers answer alike. With no readable file a small
/// built-in table is used.
/// </summary>
internal sealed class MimeTypeTable
{
    private static readonly (string Extension, string Type)[] BuiltIn =
    [
        ("html", "text/html"), ("htm", "text/html"), ("css", "text/css"), ("js", "text/javascript"),
        ("mjs", "text/javascript"), ("json", "application/json"), ("txt", "text/plain"), ("xml", "application/xml"),
        ("svg", "image/svg+xml"), ("png", "image/png"), ("jpg", "image/jpeg"), ("jpeg", "image/jpeg"),
        ("gif", "image/gif"), ("webp", "image/webp"), ("ico", "image/vnd.microsoft.icon"), ("woff", "font/woff"),
        ("woff2", "font/woff2"), ("ttf", "font/ttf"), ("otf", "font/otf"), ("pdf", "application/pdf"),
        ("wasm", "application/wasm"), ("zip", "application/zip"), ("gz", "application/gzip"), ("map", "application/json"),
        ("mp4", "video/mp4"), ("webm", "video/webm"), ("mp3", "audio/mpeg"), ("csv", "text/csv"),
    ];

    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    /// <summary>Reads each readable file of <paramref name="files"/> in order; none readable means the built-in table.</summary>
    public MimeTypeTable(IEnumerable<string> files)
    {
        var read = false;
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            Parse(text);
            read = true;
        }
        if (!read)
        {
            foreach (var (extension, type) in BuiltIn)
            {
                _types.TryAdd(extension, type);
            }
        }
    }

    /// <summary>Number of known extensions.</summary>
    public int Count => _types.Count;

    /// <summary>The Content-Type for <paramref name="fileName"/>, or null (then no Content-Type is sent, as uWSGI does).</summary>
    public string? Find(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        return dot < 0 ? null : _types.GetValueOrDefault(fileName[(dot + 1)..]);
    }

    private void Parse(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || !char.IsAsciiLetterOrDigit(line[0]))
            {
                continue;
            }
            var fields = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            for (var i = 1; i < fields.Length; i++)
            {
                if (i == fields.Length - 1 && fields[i].Length == 1)
                {
                    continue;
                }
                _types.TryAdd(fields[i], fields[0]);
            }
        }
    }
}
