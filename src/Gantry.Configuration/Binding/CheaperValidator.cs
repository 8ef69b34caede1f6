using Gantry.Configuration.Sources;

namespace Gantry.Configuration.Binding;

/// <summary>
/// Checks cheaper mode as uWSGI 2.0's core/init.c does: <c>cheaper</c> must be lower than <c>processes</c> (uWSGI exits),
/// <c>cheaper-initial</c> outside [cheaper, processes] is clamped with a warning (uWSGI does the same, so an ini that
/// starts under uWSGI starts here), and only the default algorithm, spare, exists.
/// </summary>
internal static class CheaperValidator
{
    private const string Whole = "configuration";
    private const string Spare = "spare";

    public static void Validate(GantryOptionsBuilder options, DiagnosticBag diagnostics)
    {
        if (options.CheaperAlgo is { } algorithm && !string.Equals(algorithm, Spare, StringComparison.Ordinal))
        {
            diagnostics.Error(Whole, $"cheaper-algo = {algorithm}",
                "gantry implements only uWSGI's default algorithm, spare (backlog, busyness, spare2 and manual are not available); "
                + "remove cheaper-algo or set it to spare", "cheaper-algo");
        }
        if (options.CheaperRssLimitHard > 0 && options.CheaperRssLimitSoft <= 0)
        {
            diagnostics.Error(Whole, $"cheaper-rss-limit-hard = {options.CheaperRssLimitHard}",
                "needs cheaper-rss-limit-soft too (as in uWSGI): add a soft limit below the hard one", "cheaper-rss-limit-hard");
        }
        else if (options.CheaperRssLimitHard > 0 && options.CheaperRssLimitHard <= options.CheaperRssLimitSoft)
        {
            diagnostics.Error(Whole, $"cheaper-rss-limit-hard = {options.CheaperRssLimitHard}",
                $"must be higher than cheaper-rss-limit-soft ({options.CheaperRssLimitSoft}): raise the hard limit or lower the soft one",
                "cheaper-rss-limit-hard");
        }
        if (options.Cheaper <= 0)
        {
            return;
        }
        if (options.Cheaper >= options.Processes)
        {
            diagnostics.Error(Whole, $"cheaper = {options.Cheaper}",
                $"must be lower than processes ({options.Processes}): cheaper is the fewest workers kept running and processes the most; "
                + $"raise processes above {options.Cheaper} or lower cheaper", "cheaper");
            return;
        }
        if (options.CheaperInitial != 0 && options.CheaperInitial < options.Cheaper)
        {
            diagnostics.Warning(Whole, $"cheaper-initial = {options.CheaperInitial}",
                $"must be at least cheaper ({options.Cheaper}); starting {options.Cheaper} workers (as uWSGI); raise cheaper-initial or remove it",
                "cheaper-initial");
            options.CheaperInitial = options.Cheaper;
        }
        else if (options.CheaperInitial > options.Processes)
        {
            diagnostics.Warning(Whole, $"cheaper-initial = {options.CheaperInitial}",
                $"must not exceed processes ({options.Processes}); starting {options.Processes} workers (as uWSGI); lower cheaper-initial",
                "cheaper-initial");
            options.CheaperInitial = options.Processes;
        }
    }
}
