namespace Gantry.Kestrel;

/// <summary>Experiment switches (issue 14, HTTPS/1.1 speed): read once from the environment.</summary>
internal static class KestrelTuning
{
    public static readonly bool CompleteOnLoop = Environment.GetEnvironmentVariable("GANTRY_KESTREL_COMPLETE_ON_LOOP") == "1";

    public static readonly bool InlineScheduling = Environment.GetEnvironmentVariable("GANTRY_KESTREL_INLINE") == "1";
}
