using System.Security.Cryptography;

namespace Gantry.FunctionalTests.Support;

/// <summary>Reads a response body to its end without keeping it: counts the bytes and hashes them.</summary>
internal static class BodyCounter
{
    // HttpClient.Timeout stops covering a response once its headers are in: each read is bounded here instead.
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The body's length and lower-case hex SHA-256.</summary>
    /// <param name="body">The response stream.</param>
    /// <param name="pauseAfterFirstRead">When set, the client stops reading this long after its first read, as a slow client would.</param>
    public static async Task<(long Length, string Sha256)> DrainAsync(Stream body, TimeSpan? pauseAfterFirstRead = null)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[256 * 1024];
        long length = 0;
        int read;
        while ((read = await ReadAsync(body, buffer, length)) > 0)
        {
            if (length == 0 && pauseAfterFirstRead is { } pause)
            {
                await Task.Delay(pause);
            }

            length += read;
            hash.AppendData(buffer, 0, read);
        }

        return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static async Task<int> ReadAsync(Stream body, byte[] buffer, long length)
    {
        using var stall = new CancellationTokenSource(StallTimeout);
        try
        {
            return await body.ReadAsync(buffer, stall.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no body byte for {StallTimeout.TotalSeconds} s after {length} bytes");
        }
    }
}
