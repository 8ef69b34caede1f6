using System.Globalization;
using System.Text;

namespace Gantry.Protocols.Tests.Http;

/// <summary>
/// The escape notation of the corpus files, so raw bytes survive editors and git: real newlines in a
/// <c>.http</c> file are layout only; <c>\r \n \t \0 \\ \xHH</c> are bytes; <c>{{N*c}}</c> is N copies of c.
/// </summary>
internal static class CorpusText
{
    public static byte[] Decode(string text, bool keepNewlines)
    {
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n' && !keepNewlines)
            {
                continue;
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                i++;
                switch (text[i])
                {
                    case 'r': bytes.Add((byte)'\r'); break;
                    case 'n': bytes.Add((byte)'\n'); break;
                    case 't': bytes.Add((byte)'\t'); break;
                    case '0': bytes.Add(0); break;
                    case '\\': bytes.Add((byte)'\\'); break;
                    case 'x':
                        bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 2;
                        break;
                    default: throw new FormatException($"Unknown escape \\{text[i]} at {i}");
                }

                continue;
            }

            if (c == '{' && text.AsSpan(i).StartsWith("{{"))
            {
                int close = text.IndexOf("}}", i, StringComparison.Ordinal);
                string[] parts = text[(i + 2)..close].Split('*');
                int count = int.Parse(parts[0], CultureInfo.InvariantCulture);
                bytes.AddRange(Enumerable.Repeat((byte)parts[1][0], count));
                i = close + 1;
                continue;
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
        }

        return [.. bytes];
    }

    /// <summary>Renders bytes for an expectation: printable ASCII as is, everything else escaped.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            if (b == '\\')
            {
                builder.Append(@"\\");
            }
            else if (b is >= 0x20 and < 0x7F)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return builder.ToString();
    }
}
