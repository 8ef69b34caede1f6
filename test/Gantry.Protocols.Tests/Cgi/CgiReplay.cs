using Gantry.Protocols.Cgi;
using Gantry.Protocols.Tests.Uwsgi;

namespace Gantry.Protocols.Tests.Cgi;

/// <summary>
/// Plays the host's part: appends each chunk read from the script's pipe to one buffer and offers all of it to the
/// parser after every read; when the script has closed its output, offers it once more with end of output.
/// </summary>
internal static class CgiReplay
{
    public static string Run(CgiCorpusCase corpusCase, string plan)
    {
        var head = new CgiResponseHead();
        var held = new byte[corpusCase.Input.Length];
        var length = 0;
        try
        {
            foreach (var chunk in ChunkPlan.Cut(corpusCase.Input, plan))
            {
                chunk.AsSpan().CopyTo(held.AsSpan(length));
                length += chunk.Count;
                if (TryParse(corpusCase, held.AsSpan(0, length), endOfOutput: false, head, out string outcome))
                {
                    return outcome;
                }
            }

            if (!corpusCase.EndOfOutput)
            {
                return CgiCorpusOutcome.Incomplete;
            }

            return TryParse(corpusCase, held.AsSpan(0, length), endOfOutput: true, head, out string final)
                ? final
                : throw new InvalidOperationException("end of output left the head incomplete without a rejection");
        }
        catch (CgiResponseRejectedException rejection)
        {
            return CgiCorpusOutcome.DescribeRejection(rejection);
        }
    }

    private static bool TryParse(CgiCorpusCase corpusCase, ReadOnlySpan<byte> buffer, bool endOfOutput, CgiResponseHead head, out string outcome)
    {
        outcome = string.Empty;
        if (!CgiResponseHeadParser.TryParse(buffer, corpusCase.MaxHeadLength, endOfOutput, head, out int consumed))
        {
            Assert.Equal(0, consumed);
            return false;
        }

        // Whatever follows the head is body, read with it or later: described from the whole input.
        outcome = CgiCorpusOutcome.DescribeHead(buffer, head, corpusCase.Input.AsSpan(consumed));
        return true;
    }
}
