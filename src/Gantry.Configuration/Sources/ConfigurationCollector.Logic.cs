using Gantry.Configuration.Registry;

namespace Gantry.Configuration.Sources;

/// <summary>
/// uWSGI's config logic blocks: <c>if-env</c>, <c>if-exists</c>, <c>if-opt</c>... <c>else</c> ... <c>endif</c>, and
/// <c>for</c>, <c>for-glob</c>, <c>for-times</c>, <c>for-readline</c> ... <c>endfor</c>. Each line inside a block is
/// read once per value the block gives <c>%(_)</c> (none when a condition fails). Blocks do not nest, as in uWSGI.
/// </summary>
internal sealed partial class ConfigurationCollector
{
    private List<string>? _blockItems;
    private bool _blockIsCondition;
    private bool _conditionFailed;
    private (OptionOrigin Origin, string Setting)? _blockStart;

    /// <summary>Warns about a block still open when everything has been read (uWSGI closes it silently).</summary>
    public void FinishBlocks()
    {
        if (_blockItems is not null && _blockStart is var (origin, setting))
        {
            _diagnostics.Warning(origin.Location, setting,
                $"this block is never closed, so it covers everything after it; add {(_blockIsCondition ? "endif" : "endfor")} =");
        }
    }

    /// <summary>Handles block boundaries and lines inside a block; false when the line is an ordinary one.</summary>
    private bool TryAcceptInBlock(string key, OptionDefinition? option, string rawValue, OptionOrigin origin, string setting)
    {
        string name = option?.Name ?? key;
        if (name is "endif" or "endfor" or "end")
        {
            _blockItems = null;
            _conditionFailed = false;
            return true;
        }

        if (name == "else")
        {
            if (_blockItems is null || !_blockIsCondition)
            {
                _diagnostics.Error(origin.Location, setting, "else without an if-* block before it", "else");
                return true;
            }

            _blockItems = _conditionFailed ? [string.Empty] : [];
            return true;
        }

        bool opens = option is not null && LogicConditions.OpensBlock(option.Name);
        if (_blockItems is not null)
        {
            if (opens)
            {
                _diagnostics.Error(origin.Location, setting,
                    "blocks cannot be nested (uWSGI does not allow it either); close the previous one with endif or endfor", option!.Name);
                return true;
            }

            foreach (string item in _blockItems.ToList())
            {
                AcceptLine(key, option, rawValue.Replace("%(_)", item, StringComparison.Ordinal), origin, setting);
            }

            return true;
        }

        if (!opens)
        {
            return false;
        }

        string data = Expand(rawValue, origin, setting);
        _blockStart = (origin, setting);
        _blockIsCondition = option!.Name.StartsWith("if-", StringComparison.Ordinal);
        if (_blockIsCondition)
        {
            var (holds, underscore) = LogicConditions.Test(option.Name, data, LookupEnvironment, LookupReference, _currentDirectory);
            _conditionFailed = !holds;
            _blockItems = holds ? [underscore] : [];
        }
        else
        {
            _blockItems = LogicConditions.Items(option.Name, data, _currentDirectory, out string? error);
            if (error is not null)
            {
                _diagnostics.Error(origin.Location, setting, error, option.Name);
            }
        }

        return true;
    }
}
