using Gantry.Application;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Application;

/// <summary>
/// <see cref="RequestBody"/> read while it arrives: reads see what arrived so far, an empty Peek on an incomplete body
/// means "wait", the listener is one-shot and forgotten with the request, and spooling to the file mid-stream loses
/// nothing.
/// </summary>
public sealed class RequestBodyTests : IDisposable
{
    private readonly RequestBody _body = new(memoryLimit: 64, Path.GetTempPath());
    private readonly Listener _listener;

    public RequestBodyTests() => _listener = new Listener(_body);

    public void Dispose() => _body.Dispose();

    [Fact]
    public void ReceivedWhole_IsComplete()
    {
        Assert.True(_body.IsComplete);

        _body.Append("abc"u8);

        Assert.True(_body.IsComplete);
        Assert.Equal("abc"u8.ToArray(), _body.Peek().ToArray());
    }

    [Fact]
    public void Incomplete_ReadsWhatArrivedAndAnEmptyPeekMeansWait()
    {
        _body.MarkIncomplete();
        _body.Append("ab"u8);

        Assert.Equal("ab"u8.ToArray(), _body.Peek().ToArray());
        _body.Advance(2);
        Assert.True(_body.Peek().IsEmpty);
        Assert.False(_body.IsComplete);

        _body.Append("cde"u8);
        var buffer = new byte[8];
        Assert.Equal(3, _body.Read(buffer));
        Assert.Equal("cde"u8.ToArray(), buffer[..3]);
        Assert.Equal(0, _body.Read(buffer));

        _body.MarkComplete();
        Assert.True(_body.IsComplete);
        Assert.Equal(5, _body.Length);
        Assert.Equal(0, _body.Remaining);
    }

    [Fact]
    public void Listener_CalledOnceThenForgotten()
    {
        _body.MarkIncomplete();
        _body.NotifyWhenMoreArrives(_listener);

        _body.Append("x"u8);
        Assert.Equal(0, _listener.Calls);
        _body.NotifyListener();
        _body.NotifyListener();

        Assert.Equal(1, _listener.Calls);
    }

    [Fact]
    public void Listener_RegisteredAgain_HearsOfTheEnd()
    {
        _body.MarkIncomplete();
        _body.NotifyWhenMoreArrives(_listener);
        _body.NotifyListener();
        _body.NotifyWhenMoreArrives(_listener);

        _body.MarkComplete();
        _body.NotifyListener();

        Assert.Equal(2, _listener.Calls);
        Assert.Equal([false, true], _listener.SawComplete);
    }

    [Fact]
    public void Listener_CanRegisterAgainFromItsCallback()
    {
        var again = new Listener(_body, registerAgain: true);
        _body.MarkIncomplete();
        _body.NotifyWhenMoreArrives(again);

        _body.NotifyListener();
        _body.NotifyListener();

        Assert.Equal(2, again.Calls);
    }

    [Fact]
    public void NotifyWhenMoreArrives_CompleteBody_Throws()
    {
        _body.Append("all"u8);

        Assert.Throws<InvalidOperationException>(() => _body.NotifyWhenMoreArrives(_listener));
    }

    [Fact]
    public void Reset_ForgetsTheListenerAndIsCompleteAgain()
    {
        _body.MarkIncomplete();
        _body.NotifyWhenMoreArrives(_listener);

        _body.Reset();
        _body.NotifyListener();

        Assert.Equal(0, _listener.Calls);
        Assert.True(_body.IsComplete);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public void Incomplete_SpooledMidStream_ReadsInterleavedWithArrivalsSeeEveryByteInOrder(int seed)
    {
        // 200 KiB in pieces of up to 3000 bytes, read in reads of up to 5000 bytes between arrivals: the body moves to
        // the file after 64 bytes and the file's read window (64 KiB) is refilled as it grows.
        var random = new Random(seed);
        var sent = TestApps.PatternBytes(200 * 1024);
        var read = new List<byte>();
        var buffer = new byte[5000];
        _body.MarkIncomplete();
        for (var offset = 0; offset < sent.Length;)
        {
            var piece = Math.Min(sent.Length - offset, random.Next(1, 3000));
            _body.Append(sent.AsSpan(offset, piece));
            offset += piece;
            var count = _body.Read(buffer.AsSpan(0, random.Next(1, buffer.Length)));
            read.AddRange(buffer[..count]);
        }
        _body.MarkComplete();
        int last;
        while ((last = _body.Read(buffer)) > 0)
        {
            read.AddRange(buffer[..last]);
        }

        Assert.True(_body.IsSpooled);
        Assert.Equal(sent, read.ToArray());
    }

    private sealed class Listener(RequestBody body, bool registerAgain = false) : IRequestBodyListener
    {
        public int Calls { get; private set; }

        public List<bool> SawComplete { get; } = [];

        public void OnRequestBodyData()
        {
            Calls++;
            SawComplete.Add(body.IsComplete);
            if (registerAgain)
            {
                body.NotifyWhenMoreArrives(this);
            }
        }
    }
}
