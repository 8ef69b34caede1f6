using System.Globalization;
using System.Text;

namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>
/// A PATH_INFO for a table row: UTF-8, except that <c>\xNN</c> stands for the raw byte NN (invalid UTF-8, an overlong
/// dot). The fronts percent-decode the path before the CGI host sees it, so a row holds the decoded bytes.
/// </summary>
internal static class RequestPath
{
    public static byte[] Bytes(string written)
    {
        var bytes = new List<byte>(written.Length);
        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] == '\\' && i + 3 < written.Length && written[i + 1] == 'x')
            {
                bytes.Add(byte.Parse(written.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 3;
                continue;
            }
            bytes.AddRange(Encoding.UTF8.GetBytes(written[i].ToString()));
        }
        return [.. bytes];
    }
}
