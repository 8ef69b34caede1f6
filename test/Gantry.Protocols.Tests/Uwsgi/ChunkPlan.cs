namespace Gantry.Protocols.Tests.Uwsgi;

/// <summary>
/// How a replay cuts its input, as a caller reading a socket would see it: all at once, one byte at a time, or in
/// chunks of seeded random sizes (the seed is in the test name, so a failure replays exactly).
/// </summary>
internal static class ChunkPlan
{
    public const string Whole = "whole";
    public const string ByteByByte = "byte-by-byte";
    private const string RandomPrefix = "random-";
    private const int RandomSeeds = 8;

    public static IEnumerable<string> All()
    {
        yield return Whole;
        yield return ByteByByte;
        for (var seed = 1; seed <= RandomSeeds; seed++)
        {
            yield return RandomPrefix + seed;
        }
    }

    public static IEnumerable<ArraySegment<byte>> Cut(byte[] input, string plan)
    {
        if (plan == Whole)
        {
            yield return input;
            yield break;
        }
        var random = plan == ByteByByte ? null : new Random(int.Parse(plan[RandomPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture));
        var offset = 0;
        while (offset < input.Length)
        {
            // Mostly small chunks, now and then a large one, so boundaries land everywhere.
            var size = random is null ? 1 : random.Next(4) == 0 ? random.Next(1, 4096) : random.Next(1, 17);
            size = Math.Min(size, input.Length - offset);
            yield return new ArraySegment<byte>(input, offset, size);
            offset += size;
        }
    }
}
