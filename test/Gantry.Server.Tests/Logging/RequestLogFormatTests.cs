using Gantry.Application;
using Gantry.Server.Logging;

namespace Gantry.Server.Tests.Logging;

public sealed class RequestLogFormatTests
{
    private static RequestLogEntry Entry(CgiVariables variables) => new()
    {
        Variables = variables,
        StatusCode = 201,
        BodyBytes = 100,
        HeaderBytes = 40,
        HeaderCount = 2,
        Micros = 12_345,
        Start = new DateTimeOffset(2026, 12, 6, 9, 5, 7, TimeSpan.FromHours(1)),
        Pid = 42,
        WorkerId = 3,
        Core = 1,
        Count = 7,
    };

    [Theory]
    [InlineData("%(addr) %(status) %(size) %(rsize) %(hsize)", "10.1.2.3 201 140 100 40")]
    [InlineData("%(micros) %(msecs) %(secs)", "12345 12 0.012345")]
    [InlineData("[%(ltime)]", "[06/Dec/2026:09:05:07 +0100]")]
    [InlineData("%(ctime)", "Sun Dec  6 09:05:07 2026")]
    [InlineData("%(pid)/%(wid)/%(core) %(headers) %(vars)", "42/3/1 2 4")]
    [InlineData("%(method) %(uri) %(var.HTTP_X_ID) %(var.MISSING)|", "POST /a?b 7 |")]
    [InlineData("%(nosuchvar)|%(cl)", "|0")]
    [InlineData("100%% %(status", "100%% %(status")]
    public void Render_UwsgiVariables(string template, string expected)
    {
        var variables = new CgiVariables();
        variables.Add("REQUEST_METHOD"u8, "POST"u8);
        variables.Add("REQUEST_URI"u8, "/a?b"u8);
        variables.Add("HTTP_X_ID"u8, "7"u8);
        variables.Add("REMOTE_ADDR"u8, "10.1.2.3"u8);

        Assert.Equal(expected, RequestLogFormat.Parse(template).Render(Entry(variables)));
    }

    [Fact]
    public void Render_WritesRequestBytesAsTheyCame_ControlCharactersEscaped()
    {
        var variables = new CgiVariables();
        variables.Add("REQUEST_URI"u8, "/café"u8);
        variables.Add("HTTP_USER_AGENT"u8, "a\rb\nc\td"u8);

        var line = new LogLineBuffer(64);
        RequestLogFormat.Parse("%(uri) %(uagent)").Render(Entry(variables), line);

        Assert.Equal("/caf\u00e9 a\\x0db\\x0ac\td", System.Text.Encoding.UTF8.GetString(line.Written));
    }
}
