using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Tests.ChildProcess;
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

    [Fact]
    public void Invoke_HelloRepeatedly_AllocatesNoManagedMemoryAndLeaksNoReference()
    {
        using var request = Requests.Create();
        var sink = new NullSink();

        var (bytes, references) = python.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                python.MainThread.Invoke(request, sink, out _);
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var owned = PyOwned.Outstanding;
            for (var i = 0; i < 1000; i++)
            {
                python.MainThread.Invoke(request, sink, out _);
            }
            return (GC.GetAllocatedBytesForCurrentThread() - allocated, PyOwned.Outstanding - owned);
        });

        Assert.Equal((0L, 0), (bytes, references));
    }

    [Fact]
    public void Invoke_MultithreadAndMultiprocessOptions_ShowInTheEnviron()
    {
        var options = new PythonHostOptions { WsgiFile = PythonFixture.AppPath("environ_app.py"), Multithread = true, Multiprocess = true };
        using var request = Requests.Create();

        var body = python.Run(() => python.Application(options).Call(request)).Sink.BodyText;

        Assert.Contains("\"wsgi.multithread\": true", body);
        Assert.Contains("\"wsgi.multiprocess\": true", body);
    }
}
