namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>One line a started process wrote, with the stream it came from.</summary>
/// <param name="IsStandardError">True for stderr, false for stdout.</param>
/// <param name="Text">The line without its line terminator.</param>
public readonly record struct OutputLine(bool IsStandardError, string Text)
{
    /// <summary>The line prefixed with its stream, as failure messages show it.</summary>
    public override string ToString() => (IsStandardError ? "err| " : "out| ") + Text;
}
