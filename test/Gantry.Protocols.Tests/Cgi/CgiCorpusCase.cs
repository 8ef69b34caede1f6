using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Gantry.Protocols.Cgi;
using Gantry.Protocols.Tests.Http;

namespace Gantry.Protocols.Tests.Cgi;

/// <summary>
/// One corpus entry: <c>Corpus/{valid,invalid}/NNN-name.out</c> (what the script writes on stdout, in
/// <see cref="CorpusText"/> notation) and <c>NNN-name.expect</c> (what the parser must make of it, as
/// <see cref="CgiCorpusOutcome"/> lines). Parameters in the expectation: <c>max-head: N</c> (the head limit, 64 KiB by
/// default) and <c>eof: false</c> (the script is still running when the input ends).
/// </summary>
internal sealed record CgiCorpusCase(string Name, byte[] Input, string Expected, int MaxHeadLength, bool EndOfOutput)
{
    public static string Directory { get; } = LocateCorpus();

    public static IEnumerable<string> Names(string kind) =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, kind), "*.out")
            .Select(path => $"{kind}/{Path.GetFileNameWithoutExtension(path)}")
            .Order(StringComparer.Ordinal);

    public static CgiCorpusCase Load(string name)
    {
        string basePath = Path.Combine(Directory, name);
        byte[] input = CorpusText.Decode(File.ReadAllText(basePath + ".out"), keepNewlines: false);
        int maxHead = CgiResponseHeadParser.DefaultMaxHeadLength;
        bool endOfOutput = true;
        var lines = new List<(string Key, string Value)>();
        foreach (string raw in File.ReadAllText(basePath + ".expect").Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string key = line[..colon];
            string value = line[(colon + 1)..].TrimStart(' ');
            switch (key)
            {
                case "max-head":
                    maxHead = int.Parse(value, CultureInfo.InvariantCulture);
                    continue;
                case "eof":
                    endOfOutput = bool.Parse(value);
                    continue;
            }

            if (Array.IndexOf(CgiCorpusOutcome.KeyOrder, key) < 0)
            {
                throw new FormatException($"{name}.expect: unknown key '{key}'");
            }

            lines.Add((key, CorpusText.Encode(CorpusText.Decode(value, keepNewlines: true))));
        }

        var expected = new StringBuilder();
        foreach (var (key, value) in lines.OrderBy(line => Array.IndexOf(CgiCorpusOutcome.KeyOrder, line.Key)))
        {
            expected.Append(key).Append(": ").Append(value).Append('\n');
        }

        return new CgiCorpusCase(name, input, expected.ToString(), maxHead, endOfOutput);
    }

    private static string LocateCorpus([CallerFilePath] string sourceFile = "")
    {
        // The corpus is read from the source tree, so adding a case needs no project change.
        string nextToSource = Path.Combine(Path.GetDirectoryName(sourceFile)!, "Corpus");
        return System.IO.Directory.Exists(nextToSource)
            ? nextToSource
            : Path.Combine(AppContext.BaseDirectory, "Cgi", "Corpus");
    }
}
