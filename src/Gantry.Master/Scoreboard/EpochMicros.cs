namespace Gantry.Master.Scoreboard;

/// <summary>Wall-clock time as microseconds since the Unix epoch, the unit of every time in the scoreboard.</summary>
public static class EpochMicros
{
    /// <summary>Now, from the system clock.</summary>
    public static long Now() => From(DateTimeOffset.UtcNow);

    /// <summary>Now, from <paramref name="time"/>.</summary>
    public static long Now(TimeProvider time) => From(time.GetUtcNow());

    /// <summary>Converts a point in time.</summary>
    public static long From(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
