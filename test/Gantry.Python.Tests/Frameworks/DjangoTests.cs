using System.Text.Json;
using Gantry.Application;
using Gantry.Python.Tests.Infrastructure;

namespace Gantry.Python.Tests.Frameworks;

/// <summary>A real Django project (Debian's python3-django) through the host.</summary>
[Collection(PythonCollection.Name)]
public sealed class DjangoTests(PythonFixture python)
{
    private static readonly PythonHostOptions Django = new()
    {
        Module = "site_config.wsgi",
        PythonPath = [Path.Combine(AppContext.BaseDirectory, "Apps", "django_site")],
    };

    private WsgiResponse Serve(RequestContext request, RecordingSink? sink = null)
    {
        using (request)
        {
            return python.Run(() => python.Application(Django).CallToEnd(request, sink));
        }
    }

    [Fact]
    public void Django_Get_ReturnsTheView()
    {
        var response = Serve(Requests.Create());

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("200 OK", response.Sink.Status);
        Assert.Equal("Hello from Django", response.Sink.BodyText);
    }

    [Fact]
    public void Django_PostWithQueryAndForm_SeesBoth()
    {
        var request = Requests.Create("POST", "/echo", "x=1&x=2", "a=b&c=%C3%A9"u8.ToArray(), https: true,
            headers: [("Content-Type", "application/x-www-form-urlencoded")]);

        var json = JsonDocument.Parse(Serve(request).Sink.Body).RootElement;

        Assert.Equal("POST", json.GetProperty("method").GetString());
        Assert.Equal("2", json.GetProperty("GET").GetProperty("x")[1].GetString());
        Assert.Equal("\u00e9", json.GetProperty("POST").GetProperty("c")[0].GetString());
        Assert.Equal(12, json.GetProperty("length").GetInt32());
        Assert.True(json.GetProperty("secure").GetBoolean());
    }

    [Fact]
    public void Django_StreamingResponse_ArrivesWhole()
    {
        var response = Serve(Requests.Create(path: "/stream", query: "count=4"), new RecordingSink { PauseEvery = 1 });

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("part 0\npart 1\npart 2\npart 3\n", response.Sink.BodyText);
    }

    [Fact]
    public void Django_UnknownPath_Is404()
    {
        Assert.Equal("404 Not Found", Serve(Requests.Create(path: "/nope")).Sink.Status);
    }
}
