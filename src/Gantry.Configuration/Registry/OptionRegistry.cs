using Gantry.Configuration.Registry.Rows;

namespace Gantry.Configuration.Registry;

/// <summary>The one table of every option Gantry knows; an option that is not here is unknown.</summary>
internal static class OptionRegistry
{
    private static readonly Dictionary<string, OptionDefinition> ByLongName = new(StringComparer.Ordinal);
    private static readonly Dictionary<char, OptionDefinition> ByShortFlag = [];

    static OptionRegistry()
    {
        var table = new OptionTableBuilder();
        ConfigurationRows.AddTo(table);
        SocketRows.AddTo(table);
        HttpRows.AddTo(table);
        PythonRows.AddTo(table);
        ProcessRows.AddTo(table);
        RequestRows.AddTo(table);
        LoggingRows.AddTo(table);
        MonitoringRows.AddTo(table);
        SecurityRows.AddTo(table);
        StaticFileRows.AddTo(table);
        CgiRows.AddTo(table);
        PhpRows.AddTo(table);
        RoutingRows.AddTo(table);
        HookRows.AddTo(table);
        ServiceRows.AddTo(table);
        ClusteringRows.AddTo(table);
        TlsRows.AddTo(table);
        MiscellaneousRows.AddTo(table);
        All = table.Rows;
        foreach (var row in All)
        {
            foreach (string name in row.LongNames)
            {
                ByLongName.TryAdd(name, row);
            }

            if (row.ShortFlag != '\0')
            {
                ByShortFlag.TryAdd(row.ShortFlag, row);
            }
        }
    }

    /// <summary>Every row, grouped by topic in registry order.</summary>
    public static IReadOnlyList<OptionDefinition> All { get; }

    /// <summary>Finds an option by its long name or an alias (exact spelling, as uWSGI matches them).</summary>
    public static OptionDefinition? Find(string name) => ByLongName.GetValueOrDefault(name);

    /// <summary>Finds an option by its one-letter flag.</summary>
    public static OptionDefinition? FindShort(char flag) => ByShortFlag.GetValueOrDefault(flag);

    /// <summary>The known long name closest to <paramref name="unknown"/>, or null when nothing is close enough to be a typo.</summary>
    public static string? Suggest(string unknown)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string name in ByLongName.Keys)
        {
            int distance = EditDistance.Between(unknown, name);
            if (distance < bestDistance || (distance == bestDistance && best is not null && string.CompareOrdinal(name, best) < 0))
            {
                best = name;
                bestDistance = distance;
            }
        }

        int tolerance = Math.Max(2, unknown.Length / 3);
        return bestDistance <= tolerance ? best : null;
    }
}
