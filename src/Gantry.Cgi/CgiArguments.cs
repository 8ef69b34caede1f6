namespace Gantry.Cgi;

/// <summary>
/// A script's command-line arguments from an "indexed" query (RFC 3875 §4.4): a QUERY_STRING without '=' is split at
/// '+' and each word percent-decoded (bytes, as they are: not every word is UTF-8), as uWSGI does (it also shell-escapes each word; Gantry passes the words as they
/// are, since no shell runs them: execve takes them as they are).
/// </summary>
internal static class CgiArguments
{
    public static List<byte[]> FromQuery(ReadOnlySpan<byte> query)
    {
        var arguments = new List<byte[]>();
        if (query.IsEmpty || query.IndexOf((byte)'=') >= 0)
        {
            return arguments;
        }
        foreach (var range in query.Split((byte)'+'))
        {
            if (query[range].IsEmpty)
            {
                // uWSGI splits with strtok_r, which skips empty words ("a++b" gives two).
                continue;
            }
            var word = PercentDecoding.Decode(query[range]);
            if (Array.IndexOf(word, (byte)0) < 0)
            {
                arguments.Add(word);
            }
        }
        return arguments;
    }
}
