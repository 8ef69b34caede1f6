using System.Buffers;
using System.IO.Pipelines;

namespace Gantry.Kestrel;

/// <summary>
/// A connection's input with bytes already read from its socket in front (the loop read the h2c preface before
/// handing the socket over): Kestrel reads those first, then the socket's own pipe. While prefix bytes remain
/// unconsumed and Kestrel asks for more, the next socket read is appended to a copy of them (once or twice per
/// connection, at its start); after that every call goes straight to the socket's reader.
/// </summary>
internal sealed class PrefixedPipeReader(byte[] prefix, PipeReader inner) : PipeReader
{
    private ReadOnlySequence<byte> _prefix = new(prefix);
    private bool _prefixActive = prefix.Length > 0;
    private bool _needMore;
    private bool _innerCompleted;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!_prefixActive)
        {
            return await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_needMore && !_innerCompleted)
        {
            var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                return new ReadResult(_prefix, isCanceled: true, isCompleted: false);
            }
            var joined = new byte[_prefix.Length + result.Buffer.Length];
            _prefix.CopyTo(joined);
            result.Buffer.CopyTo(joined.AsSpan((int)_prefix.Length));
            inner.AdvanceTo(result.Buffer.End);
            _innerCompleted = result.IsCompleted;
            _prefix = new ReadOnlySequence<byte>(joined);
            _needMore = false;
        }
        return new ReadResult(_prefix, isCanceled: false, isCompleted: _innerCompleted);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!_prefixActive)
        {
            return inner.TryRead(out result);
        }
        if (_needMore)
        {
            result = default;
            return false;
        }
        result = new ReadResult(_prefix, isCanceled: false, isCompleted: _innerCompleted);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (!_prefixActive)
        {
            inner.AdvanceTo(consumed, examined);
            return;
        }
        var examinedAll = _prefix.Slice(examined).IsEmpty;
        _prefix = _prefix.Slice(consumed);
        if (_prefix.IsEmpty && !_innerCompleted)
        {
            // Everything read before the handover is consumed: from now on the socket's pipe directly.
            _prefixActive = false;
            return;
        }
        _needMore = examinedAll;
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);
}
