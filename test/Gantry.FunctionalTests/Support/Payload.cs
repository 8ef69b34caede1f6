using System.Security.Cryptography;

namespace Gantry.FunctionalTests.Support;

/// <summary>
/// Deterministic request bodies of any size, produced block by block so a 100 MiB upload is never held in the test's
/// memory either; the same length always gives the same bytes, so the expected SHA-256 can be computed apart.
/// </summary>
internal static class Payload
{
    /// <summary>One mebibyte.</summary>
    public const int Mebibyte = 1024 * 1024;

    private const int BlockSize = 64 * 1024;

    /// <summary>The body of <paramref name="length"/> bytes, in blocks of at most 64 KiB (the buffer is reused).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Blocks(long length)
    {
        var block = new byte[BlockSize];
        var random = new Random(20260601);
        for (long sent = 0; sent < length; sent += BlockSize)
        {
            random.NextBytes(block);
            yield return block.AsMemory(0, (int)Math.Min(BlockSize, length - sent));
        }
    }

    /// <summary>The lower-case hex SHA-256 of the body of <paramref name="length"/> bytes.</summary>
    public static string Sha256Hex(long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var block in Blocks(length))
        {
            hash.AppendData(block.Span);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Writes the body to <paramref name="stream"/>.</summary>
    public static async Task WriteAsync(Stream stream, long length)
    {
        foreach (var block in Blocks(length))
        {
            await stream.WriteAsync(block);
        }
    }

    /// <summary>Writes the body to a new file at <paramref name="path"/> and returns the path.</summary>
    public static async Task<string> WriteFileAsync(string path, long length)
    {
        await using var file = File.Create(path);
        await WriteAsync(file, length);
        return path;
    }
}
