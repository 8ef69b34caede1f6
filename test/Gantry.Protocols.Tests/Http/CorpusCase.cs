using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Gantry.Protocols.Tests.Http;

/// <summary>
/// One corpus entry: <c>Corpus/{valid,invalid}/NNN-name.http</c> (the bytes, in <see cref="CorpusText"/>
/// notation) and <c>NNN-name.expect</c> (what the parsers must make of them, as <see cref="CorpusOutcome"/>
/// sections; <c>max-head: N</c> in a section sets that request's head limit, 8192 by default).
/// </summary>
internal sealed record CorpusCase(string Name, byte[] Input, string Expected, IReadOnlyList<int> MaxHeadLengths)
{
    public const int DefaultMaxHeadLength = 8192;

    public static string Directory { get; } = LocateCorpus();

    public static IEnumerable<string> Names(string kind) =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, kind), "*.http")
            .Select(path => $"{kind}/{Path.GetFileNameWithoutExtension(path)}")
            .Order(StringComparer.Ordinal);

    public static CorpusCase Load(string name)
    {
        string basePath = Path.Combine(Directory, name);
        byte[] input = CorpusText.Decode(File.ReadAllText(basePath + ".http"), keepNewlines: false);
        var maxHeads = new List<int>();
        var expected = new StringBuilder();
        foreach (string section in SplitSections(File.ReadAllText(basePath + ".expect")))
        {
            var lines = new List<(string Key, string Value)>();
            int maxHead = DefaultMaxHeadLength;
            foreach (string raw in section.Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                int colon = line.IndexOf(':', StringComparison.Ordinal);
                string key = line[..colon];
                string value = line[(colon + 1)..].TrimStart(' ');
                if (key == "max-head")
                {
                    maxHead = int.Parse(value, CultureInfo.InvariantCulture);
                    continue;
                }

                if (Array.IndexOf(CorpusOutcome.KeyOrder, key) < 0)
                {
                    throw new FormatException($"{name}.expect: unknown key '{key}'");
                }

                lines.Add((key, CorpusText.Encode(CorpusText.Decode(value, keepNewlines: true))));
            }

            maxHeads.Add(maxHead);
            foreach (var (key, value) in lines.OrderBy(line => Array.IndexOf(CorpusOutcome.KeyOrder, line.Key)))
            {
                expected.Append(key).Append(": ").Append(value).Append('\n');
            }

            expected.Append(CorpusOutcome.SectionSeparator).Append('\n');
        }

        return new CorpusCase(name, input, expected.ToString(), maxHeads);
    }

    private static IEnumerable<string> SplitSections(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n---", StringSplitOptions.None)
            .Where(section => section.Split('\n').Any(line => line.Length > 0 && !line.StartsWith('#')));

    private static string LocateCorpus([CallerFilePath] string sourceFile = "")
    {
        // The corpus is read from the source tree, so adding a case needs no project change.
        string nextToSource = Path.Combine(Path.GetDirectoryName(sourceFile)!, "Corpus");
        return System.IO.Directory.Exists(nextToSource)
            ? nextToSource
            : Path.Combine(AppContext.BaseDirectory, "Http", "Corpus");
    }
}
