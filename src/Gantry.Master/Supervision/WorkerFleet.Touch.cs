namespace Gantry.Master.Supervision;

/// <summary>touch-reload, touch-chain-reload, touch-workers-reload: the master polls each file's mtime once a second.</summary>
internal sealed partial class WorkerFleet
{
    private readonly Func<string, DateTime?> _modificationTime;
    private readonly Dictionary<string, DateTime?> _touchTimes = new(StringComparer.Ordinal);

    private static DateTime? DefaultModificationTime(string path) => File.Exists(path) ? File.GetLastWriteTimeUtc(path) : null;

    private void RememberTouchTimes()
    {
        foreach (var path in _options.TouchReload.Concat(_options.TouchChainReload).Concat(_options.TouchWorkersReload))
        {
            _touchTimes[path] = _modificationTime(path);
        }
    }

    private void CheckTouchedFiles()
    {
        if (Touched(_options.TouchReload) is { } reload)
        {
            _logger.Event($"*** {reload} has been touched... grace them all !!! ***");
            Handle(new MasterCommand(MasterCommandKind.GracefulReload));
        }
        if (Touched(_options.TouchWorkersReload) is { } workers)
        {
            _logger.Event($"*** {workers} has been touched... workers reload !!! ***");
            Handle(new MasterCommand(MasterCommandKind.GracefulWorkersReload));
        }
        if (Touched(_options.TouchChainReload) is { } chain)
        {
            _logger.Event($"*** {chain} has been touched... chain reload !!! ***");
            Handle(new MasterCommand(MasterCommandKind.ChainReload));
        }
    }

    private string? Touched(IReadOnlyList<string> paths)
    {
        string? touched = null;
        foreach (var path in paths)
        {
            var now = _modificationTime(path);
            if (_touchTimes.TryGetValue(path, out var before) && now is not null && now != before)
            {
                touched ??= path;
            }
            _touchTimes[path] = now;
        }
        return touched;
    }
}
