namespace Gantry.Fuzz;

/// <summary>A parser broke a rule the harness checks (a range outside the buffer, a limit passed, two splits that disagree).</summary>
public sealed class FuzzFailure : Exception
{
    /// <summary>Creates the failure.</summary>
    public FuzzFailure(string message)
        : base(message)
    {
    }

    /// <summary>Throws unless <paramref name="condition"/> holds.</summary>
    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzFailure(message);
        }
    }
}
