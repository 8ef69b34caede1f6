using Gantry.Application;
using Gantry.Python.Tests.Infrastructure;

namespace Gantry.Python.Tests.Wsgi;

[Collection(PythonCollection.Name)]
public sealed class HelloTests(PythonFixture python)
{
    [Fact]
    public void Invoke_HelloApp_WritesStatusHeadersAndBody()
    {
        var response = python.Run(() => python.MainThread.Call(Requests.Create()));

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("200 OK", response.Sink.Status);
        Assert.Equal([("Content-Type", "text/html")], response.Sink.Headers);
        Assert.Equal("Hello World", response.Sink.BodyText);
    }

    [Fact]
    public void Invoke_ManyRequests_EachAnsweredTheSame()
    {
        var bodies = python.Run(() => Enumerable.Range(0, 200).Select(_ => python.MainThread.Call(Requests.Create()).Sink.BodyText).Distinct().ToArray());

        Assert.Equal(["Hello World"], bodies);
    }
}
