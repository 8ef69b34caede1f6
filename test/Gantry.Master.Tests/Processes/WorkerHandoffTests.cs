using Gantry.Master.Control;
using Gantry.Master.Processes;

namespace Gantry.Master.Tests.Processes;

public sealed class WorkerHandoffTests
{
    [Fact]
    public void Listeners_FormatThenParse_KeepsOrderFdsAndAddresses()
    {
        var text = WorkerHandoff.FormatListeners([("Http", "127.0.0.1:0"), ("Uwsgi", "/tmp/my app.sock"), ("FastCgi", "[::1]:9000")]);

        var parsed = WorkerHandoff.ParseListeners(text);

        Assert.Equal([(6, "Http", "127.0.0.1:0"), (7, "Uwsgi", "/tmp/my app.sock"), (8, "FastCgi", "[::1]:9000")], parsed);
    }

    [Fact]
    public void Listeners_Malformed_Throws()
    {
        Assert.Throws<FormatException>(() => WorkerHandoff.ParseListeners("six Http :80\n"));
    }

    [Theory]
    [InlineData("3 4", true, 3, 4)]
    [InlineData("1 0", true, 1, 0)]
    [InlineData("0 0", false, 0, 0)]
    [InlineData("x 1", false, 0, 0)]
    [InlineData("1", false, 0, 0)]
    public void Worker_Parse_AcceptsOnlyIdAndRecord(string value, bool valid, int id, int record)
    {
        Assert.Equal(valid, WorkerHandoff.TryParseWorker(value, out var parsedId, out var parsedRecord));
        if (valid)
        {
            Assert.Equal((id, record), (parsedId, parsedRecord));
        }
    }

    [Fact]
    public void StatusMessage_WriteThenRead_RoundTrips()
    {
        var buffer = new byte[StatusMessage.Size];
        new StatusMessage(StatusMessage.Ready, 3, 12345).Write(buffer);

        Assert.Equal(new StatusMessage(StatusMessage.Ready, 3, 12345), StatusMessage.Read(buffer));
    }
}
