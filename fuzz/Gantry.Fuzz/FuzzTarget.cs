namespace Gantry.Fuzz;

/// <summary>
/// One parser under test. <see cref="Run"/> feeds it one input the way its front does; the parser's documented
/// rejections are caught inside, so anything that escapes — another exception, a <see cref="FuzzFailure"/> — is a
/// crash. afl-fuzz's time-out catches hangs.
/// </summary>
/// <param name="Name">The name on the command line and the folder under fuzz/corpus/ and fuzz/crashes/.</param>
/// <param name="Description">What is parsed and how it is fed.</param>
/// <param name="Body">The target, given the whole raw input (control byte first).</param>
/// <param name="AllocationLimit">The most bytes one input may make the harness thread allocate.</param>
public sealed record FuzzTarget(string Name, string Description, FuzzTarget.Action Body, long AllocationLimit)
{
    /// <summary>The body of a target.</summary>
    public delegate void Action(ReadOnlySpan<byte> raw);

    /// <summary>Runs one input; throws when it found a defect.</summary>
    public void Run(ReadOnlySpan<byte> raw)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        Body(raw);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        FuzzFailure.Check(allocated <= AllocationLimit,
            $"{Name}: one input of {raw.Length} bytes allocated {allocated} bytes, over the bound of {AllocationLimit}");
    }
}
