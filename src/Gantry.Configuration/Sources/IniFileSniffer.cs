using System.Text;

namespace Gantry.Configuration.Sources;

/// <summary>
/// Decides whether a file named by a bare argument (<c>gantry wsgi.conf</c>) is an ini config, whatever its
/// extension: it must be a non-empty text file with a <c>[section]</c> line, found by <see cref="IniParser"/>'s rules.
/// Cheap and safe on anything: only the first <see cref="Limit"/> bytes are read, zero-length entries (FIFOs,
/// devices) are never opened, and every I/O failure becomes a result instead of an exception.
/// </summary>
internal static class IniFileSniffer
{
    /// <summary>How much of a file is looked at; a real ini file is a few kilobytes.</summary>
    public const int Limit = 1 << 20;

    /// <summary>Looks at <paramref name="fullPath"/>; <paramref name="detail"/> says why for <see cref="IniSniffResult.Unreadable"/>.</summary>
    public static IniSniffResult Sniff(string fullPath, string section, out string? detail)
    {
        detail = null;
        try
        {
            if (System.IO.Directory.Exists(fullPath))
            {
                return IniSniffResult.Directory;
            }

            var file = new FileInfo(fullPath);
            if (!file.Exists)
            {
                return IniSniffResult.NotFound;
            }

            // stat's size: 0 for an empty file and for FIFOs and character devices, which could block or never end.
            if (file.Length == 0)
            {
                return IniSniffResult.Empty;
            }

            string text = ReadPrefix(fullPath);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                return IniSniffResult.Binary;
            }

            return IniParser.Parse(text, section).SectionFound ? IniSniffResult.HasSection : IniSniffResult.NoSection;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            detail = exception.Message;
            return IniSniffResult.Unreadable;
        }
    }

    // Decoded as File.ReadAllText decodes the file when it is then read (UTF-8 unless a byte order mark says
    // otherwise), so a UTF-16 ini with its BOM is text here too and has no NUL characters once decoded.
    private static string ReadPrefix(string fullPath)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        byte[] buffer = new byte[(int)Math.Min(Limit, stream.Length > 0 ? stream.Length : Limit)];
        int length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        using var reader = new StreamReader(new MemoryStream(buffer, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
