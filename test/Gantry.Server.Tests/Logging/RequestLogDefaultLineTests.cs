using System.Globalization;
using System.Text;
using Gantry.Application;
using Gantry.Server.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Server.Tests.Logging;

/// <summary>
/// uWSGI's default request line as the request log writes it into its reserved span, byte for byte; its date made once
/// a second from the monotonic clock; its integers; and lines kept back until the loop runs its deferred work.
/// </summary>
public sealed class RequestLogDefaultLineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 3, 12, 0, TimeSpan.Zero));
    private readonly BlockTarget _target = new();

    public RequestLogDefaultLineTests() => _time.SetLocalTimeZone(TimeZoneInfo.Utc);

    private static CgiVariables Hello(string uri = "/")
    {
        var variables = new CgiVariables();
        variables.Add("REQUEST_METHOD"u8, "GET"u8);
        variables.Add("REQUEST_URI"u8, Encoding.Latin1.GetBytes(uri));
        variables.Add("SERVER_PROTOCOL"u8, "HTTP/1.1"u8);
        variables.Add("REMOTE_ADDR"u8, "127.0.0.1"u8);
        return variables;
    }

    private static int Bytes(CgiVariables variables) => Enumerable.Range(0, variables.Count).Sum(i => variables.KeyAt(i).Length + variables.ValueAt(i).Length);

    [Fact]
    public void Write_DefaultLine_UwsgisBytes()
    {
        var log = new RequestLog(_target, _time, enabled: true);
        var variables = Hello("/a?b=1");
        var start = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMicroseconds(12_345));

        log.Write(variables, 200, 11, start, 1, 45, 0);
        log.RunDeferred();

        Assert.Equal(
            $"[pid: {Environment.ProcessId}|app: 0|req: 1/1] 127.0.0.1 () {{4 vars in {Bytes(variables)} bytes}} [Mon Dec  7 03:12:00 2026] "
            + "GET /a?b=1 => generated 11 bytes in 12 msecs (HTTP/1.1 200) 1 headers in 45 bytes (1 switches on core 0)\n",
            Assert.Single(_target.Blocks).Text);
    }

    [Fact]
    public void Write_FieldsWithControlBytesAndAbsentFields_EscapedAndDashes()
    {
        var log = new RequestLog(_target, _time, enabled: true, new RequestLogOptions { Micros = true });
        var variables = new CgiVariables();
        variables.Add("REQUEST_URI"u8, "/x\r\nforged\x7f\tend"u8);

        log.Write(variables, 404, 0, _time.GetTimestamp(), 0, 30, 2);
        log.RunDeferred();

        Assert.Equal(
            $"[pid: {Environment.ProcessId}|app: 0|req: 1/1] - () {{1 vars in {Bytes(variables)} bytes}} [Mon Dec  7 03:12:00 2026] "
            + "- /x\\x0d\\x0aforged\\x7f\tend => generated 0 bytes in 0 micros (- 404) 0 headers in 30 bytes (1 switches on core 2)\n",
            Assert.Single(_target.Blocks).Text);
    }

    [Theory]
    [InlineData(false, "127.0.0.1")]
    [InlineData(true, "203.0.113.9, 10.0.0.1")]
    public void Write_LogXForwardedFor_AddressFromTheHeaderWhenAsked_TabKeptAsItCame(bool xForwardedFor, string address)
    {
        var log = new RequestLog(_target, _time, enabled: true, new RequestLogOptions { XForwardedFor = xForwardedFor });
        var variables = Hello("/tab\there");
        variables.Add("HTTP_X_FORWARDED_FOR"u8, "203.0.113.9, 10.0.0.1"u8);
        variables.Add("REQUEST_METHOD"u8, "POST"u8);  // a repeated key: the first is the request's

        log.Write(variables, 200, 11, _time.GetTimestamp(), 1, 45, 0);
        log.RunDeferred();

        Assert.Equal(
            $"[pid: {Environment.ProcessId}|app: 0|req: 1/1] {address} () {{6 vars in {Bytes(variables)} bytes}} [Mon Dec  7 03:12:00 2026] "
            + "GET /tab\there => generated 11 bytes in 0 msecs (HTTP/1.1 200) 1 headers in 45 bytes (1 switches on core 0)\n",
            Assert.Single(_target.Blocks).Text);
    }

    [Fact]
    public void Write_DateTurnsAtTheSecondBoundary()
    {
        _time.Advance(TimeSpan.FromMilliseconds(999));
        var log = new RequestLog(_target, _time, enabled: true);

        log.Write(Hello(), 200, 11, _time.GetTimestamp(), 1, 45, 0);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        log.Write(Hello(), 200, 11, _time.GetTimestamp(), 1, 45, 0);
        log.Write(Hello(), 200, 11, _time.GetTimestamp(), 1, 45, 0);
        _time.Advance(TimeSpan.FromSeconds(61));
        log.Write(Hello(), 200, 11, _time.GetTimestamp(), 1, 45, 0);
        log.RunDeferred();

        var dates = _target.Blocks.Single().Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line[(line.IndexOf("} [", StringComparison.Ordinal) + 3)..line.IndexOf("] GET", StringComparison.Ordinal)]);
        Assert.Equal(["Mon Dec  7 03:12:00 2026", "Mon Dec  7 03:12:01 2026", "Mon Dec  7 03:12:01 2026", "Mon Dec  7 03:13:02 2026"], dates);
    }

    [Fact]
    public void Write_DateIsWhenTheRequestStarted_AsUwsgisLine()
    {
        var log = new RequestLog(_target, _time, enabled: true);
        _time.Advance(TimeSpan.FromMilliseconds(900));
        var slowStart = _time.GetTimestamp();                 // 03:12:00.900
        _time.Advance(TimeSpan.FromMilliseconds(1_600));
        var laterStart = _time.GetTimestamp();                // 03:12:02.500
        _time.Advance(TimeSpan.FromMilliseconds(700));        // now 03:12:03.200

        log.Write(Hello(), 200, 11, _time.GetTimestamp(), 1, 45, 0);
        log.Write(Hello(), 200, 11, slowStart, 1, 45, 0);
        log.Write(Hello(), 200, 11, laterStart, 1, 45, 0);
        log.Write(Hello(), 200, 11, _time.GetTimestamp(), 1, 45, 0);
        log.RunDeferred();

        var lines = _target.Blocks.Single().Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var dates = lines.Select(line => line[(line.IndexOf("} [", StringComparison.Ordinal) + 3)..line.IndexOf("] GET", StringComparison.Ordinal)]);
        Assert.Equal(["Mon Dec  7 03:12:03 2026", "Mon Dec  7 03:12:00 2026", "Mon Dec  7 03:12:02 2026", "Mon Dec  7 03:12:03 2026"], dates);
        Assert.Contains("generated 11 bytes in 2300 msecs", lines[1]);
    }

    [Fact]
    public void Write_LinesKeptUntilRunDeferred_DueTenMillisecondsAfterTheFirst_ThenOneBlock()
    {
        var log = new RequestLog(_target, _time, enabled: true);
        Assert.Equal(long.MaxValue, log.DeferredDue);

        var first = _time.GetTimestamp();
        log.Write(Hello(), 200, 11, first, 1, 45, 0);
        _time.Advance(TimeSpan.FromMilliseconds(4));
        log.Write(Hello(), 200, 11, _time.GetTimestamp(), 1, 45, 0);

        Assert.Equal(first + (TimeSpan.FromMilliseconds(10).Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond), log.DeferredDue);
        Assert.Empty(_target.Blocks);
        log.RunDeferred();
        Assert.Equal(long.MaxValue, log.DeferredDue);
        Assert.Equal(2, Assert.Single(_target.Blocks).Count);
    }

    [Fact]
    public void Write_SixteenKibibytesOfLines_WrittenAtOnce()
    {
        var log = new RequestLog(_target, _time, enabled: true);
        var uri = "/" + new string('u', 1000);

        for (var i = 0; i < 20; i++)
        {
            log.Write(Hello(uri), 200, 11, _time.GetTimestamp(), 1, 45, 0);
        }

        var block = Assert.Single(_target.Blocks);
        Assert.True(block.Text.Length >= 16 * 1024);
        Assert.Equal(block.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, block.Count);
    }

    [Fact]
    public void Write_LoggingOff_NothingKept()
    {
        var log = new RequestLog(_target, _time, enabled: false);

        log.Write(Hello(), 200, 11, _time.GetTimestamp(), 1, 45, 0);

        Assert.Equal(long.MaxValue, log.DeferredDue);
        Assert.Equal(1, log.Requests);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(10L)]
    [InlineData(99L)]
    [InlineData(100L)]
    [InlineData(999L)]
    [InlineData(1000L)]
    [InlineData(9999L)]
    [InlineData(10_000L)]
    [InlineData(123_456L)]
    [InlineData(99_999_999L)]
    [InlineData(100_000_000L)]
    [InlineData(-1L)]
    [InlineData(-120L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Put_Integer_InvariantDecimal(long value)
    {
        var bytes = new byte[LogLineWriter.MaxDecimalLength];
        var writer = new LogLineWriter(bytes);

        writer.Put(value);

        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), Encoding.ASCII.GetString(bytes, 0, writer.Length));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(200)]
    public void PutField_ShortAndLong_ControlBytesEscapedTabKept(int padding)
    {
        var pad = new string('p', padding);
        var value = Encoding.Latin1.GetBytes(pad + "\tA\rB\u007FC\u0000é" + pad);
        var bytes = new byte[value.Length * LogLineWriter.MaxFieldExpansion];
        var writer = new LogLineWriter(bytes);

        writer.PutField(value);

        Assert.Equal(pad + "\tA\\x0dB\\x7fC\\x00é" + pad, Encoding.Latin1.GetString(bytes, 0, writer.Length));
    }

    [Fact]
    public void PutField_NothingToEscape_AsItCame()
    {
        var value = Encoding.Latin1.GetBytes(new string('v', 100) + "é~ ");
        var bytes = new byte[value.Length * LogLineWriter.MaxFieldExpansion];
        var writer = new LogLineWriter(bytes);

        writer.PutField(value);

        Assert.Equal(value, bytes[..writer.Length]);
    }

    /// <summary>The blocks written, as text with their line counts.</summary>
    private sealed class BlockTarget : IRequestLogTarget
    {
        public List<(string Text, int Count)> Blocks { get; } = [];

        public void WriteLines(ReadOnlySpan<byte> lines, int count) => Blocks.Add((Encoding.UTF8.GetString(lines), count));
    }
}
