using System.Text;

namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>
/// Every line a process wrote on stdout and stderr, in arrival order, and the waiters for a line to come.
/// Written by the two reader threads of <see cref="System.Diagnostics.Process"/>, read by tests: one lock guards both.
/// </summary>
internal sealed class ProcessOutput
{
    private readonly object _gate = new();
    private readonly List<OutputLine> _lines = [];
    private readonly List<Waiter> _waiters = [];

    /// <summary>How many lines have arrived so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>A copy of every line so far.</summary>
    public OutputLine[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    /// <summary>Every line so far, one per line, stdout and stderr interleaved as they arrived.</summary>
    public string Text()
    {
        var builder = new StringBuilder();
        foreach (var line in Snapshot())
        {
            builder.Append(line.Text).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Records a line and completes every waiter it satisfies.</summary>
    public void Add(OutputLine line)
    {
        List<Waiter>? satisfied = null;
        lock (_gate)
        {
            _lines.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line.Text))
                {
                    (satisfied ??= []).Add(_waiters[i]);
                    _waiters.RemoveAt(i);
                }
            }
        }

        // Completed outside the lock: continuations may run inline and read the output.
        satisfied?.ForEach(waiter => waiter.Completion.TrySetResult(line.Text));
    }

    /// <summary>
    /// The first line at index <paramref name="fromLine"/> or later that <paramref name="match"/> accepts, already
    /// arrived or still to come. Call <see cref="Forget"/> with the returned task when no longer waiting.
    /// </summary>
    public Task<string> WaitForLine(Func<string, bool> match, int fromLine)
    {
        lock (_gate)
        {
            for (var i = Math.Max(fromLine, 0); i < _lines.Count; i++)
            {
                if (match(_lines[i].Text))
                {
                    return Task.FromResult(_lines[i].Text);
                }
            }

            var waiter = new Waiter(match, new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
            _waiters.Add(waiter);
            return waiter.Completion.Task;
        }
    }

    /// <summary>Drops the waiter behind <paramref name="task"/>, if it is still waiting.</summary>
    public void Forget(Task<string> task)
    {
        lock (_gate)
        {
            _waiters.RemoveAll(waiter => waiter.Completion.Task == task);
        }
    }

    private sealed record Waiter(Func<string, bool> Match, TaskCompletionSource<string> Completion);
}
