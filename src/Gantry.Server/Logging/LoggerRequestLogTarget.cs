using System.Text;
using Microsoft.Extensions.Logging;

namespace Gantry.Server.Logging;

/// <summary>
/// The request log through an <see cref="ILogger"/>, a line per entry, when the host gave no
/// <see cref="IRequestLogTarget"/> (embedders and tests that collect log entries).
/// </summary>
internal sealed class LoggerRequestLogTarget(ILogger logger) : IRequestLogTarget
{
    public void WriteLines(ReadOnlySpan<byte> lines, int count)
    {
        while (!lines.IsEmpty)
        {
            var end = lines.IndexOf((byte)'\n');
            var line = end < 0 ? lines : lines[..end];
            logger.Request(Encoding.UTF8.GetString(line));
            lines = end < 0 ? default : lines[(end + 1)..];
        }
    }
}
