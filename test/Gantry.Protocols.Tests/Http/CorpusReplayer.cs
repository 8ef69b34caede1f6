using System.Text;
using Gantry.Protocols.Http;

namespace Gantry.Protocols.Tests.Http;

/// <summary>
/// Plays the event loop's part: appends each delivered piece to one contiguous buffer, calls the head
/// parser after every append, then reads a Content-Length or chunked body, then the next pipelined request.
/// </summary>
internal sealed class CorpusReplayer
{
    private readonly IReadOnlyList<int> _maxHeadLengths;
    private readonly HttpRequestHead _head = new();
    private readonly StringBuilder _outcome = new();
    private readonly List<byte> _body = [];
    private byte[] _buffer = new byte[16];
    private int _start;
    private int _length;
    private int _requestIndex;
    private Phase _phase = Phase.Head;
    private long _bodyRemaining;
    private HttpChunkedDecoder _chunked;

    public CorpusReplayer(IReadOnlyList<int> maxHeadLengths) => _maxHeadLengths = maxHeadLengths;

    private enum Phase
    {
        Head,
        FixedBody,
        ChunkedBody,
        Rejected,
    }

    public static string Replay(byte[] input, IEnumerable<int> pieceLengths, IReadOnlyList<int> maxHeadLengths)
    {
        var replayer = new CorpusReplayer(maxHeadLengths);
        int offset = 0;
        foreach (int length in pieceLengths)
        {
            int take = Math.Min(length, input.Length - offset);
            replayer.Receive(input.AsSpan(offset, take));
            offset += take;
            if (offset == input.Length)
            {
                break;
            }
        }

        return replayer.Finish();
    }

    public void Receive(ReadOnlySpan<byte> piece)
    {
        if (_phase == Phase.Rejected)
        {
            return;
        }

        if (_length + piece.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + piece.Length));
        }

        piece.CopyTo(_buffer.AsSpan(_length));
        _length += piece.Length;
        try
        {
            while (Step())
            {
            }
        }
        catch (HttpRequestRejectedException rejection)
        {
            if (_phase is Phase.FixedBody or Phase.ChunkedBody)
            {
                _outcome.Append(CorpusOutcome.DescribeBody(_body.ToArray()));
            }

            _outcome.Append(CorpusOutcome.DescribeRejection(rejection)).Append(CorpusOutcome.SectionSeparator).Append('\n');
            _phase = Phase.Rejected;
        }
    }

    public string Finish()
    {
        if (_phase is Phase.FixedBody or Phase.ChunkedBody)
        {
            _outcome.Append(CorpusOutcome.DescribeBody(_body.ToArray())).Append("incomplete: body\n---\n");
        }
        else if (_phase == Phase.Head && _start < _length)
        {
            _outcome.Append("incomplete: head\n---\n");
        }

        return _outcome.ToString();
    }

    private bool Step()
    {
        var pending = _buffer.AsSpan(_start, _length - _start);
        switch (_phase)
        {
            case Phase.Head:
                int maxHead = _maxHeadLengths[Math.Min(_requestIndex, _maxHeadLengths.Count - 1)];
                if (!HttpRequestHeadParser.TryParse(pending, maxHead, _head, out int consumed))
                {
                    return false;
                }

                _outcome.Append(CorpusOutcome.DescribeHead(pending, _head));
                _start += consumed;
                _body.Clear();
                _bodyRemaining = _head.ContentLength;
                _chunked.Reset();
                _phase = _head.IsChunked ? Phase.ChunkedBody : _head.ContentLength > 0 ? Phase.FixedBody : Phase.Head;
                if (_phase == Phase.Head)
                {
                    EndRequest();
                }

                return true;
            case Phase.FixedBody:
                int take = (int)Math.Min(_bodyRemaining, pending.Length);
                _body.AddRange(pending[..take]);
                _start += take;
                _bodyRemaining -= take;
                if (_bodyRemaining == 0)
                {
                    EndRequest();
                }

                return take > 0;
            case Phase.ChunkedBody:
                bool done = _chunked.Decode(pending, out int used, out int dataOffset, out int dataLength);
                _body.AddRange(pending.Slice(dataOffset, dataLength));
                _start += used;
                if (done)
                {
                    EndRequest();
                    return true;
                }

                return used > 0;
            default:
                return false;
        }
    }

    private void EndRequest()
    {
        _outcome.Append(CorpusOutcome.DescribeBody(_body.ToArray())).Append(CorpusOutcome.SectionSeparator).Append('\n');
        _phase = Phase.Head;
        _requestIndex++;
    }
}
