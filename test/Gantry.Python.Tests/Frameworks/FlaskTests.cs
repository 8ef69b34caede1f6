using System.Text;
using System.Text.Json;
using Gantry.Application;
using Gantry.Python.Tests.Infrastructure;

namespace Gantry.Python.Tests.Frameworks;

/// <summary>A real Flask app (Debian's python3-flask) through the host: routing, forms, uploads, streaming, errors.</summary>
[Collection(PythonCollection.Name)]
public sealed class FlaskTests(PythonFixture python)
{
    private static readonly PythonHostOptions Flask = new()
    {
        Module = "flask_app:app",
        PythonPath = [Path.Combine(AppContext.BaseDirectory, "Apps", "flask_site")],
    };

    private WsgiResponse Serve(RequestContext request, RecordingSink? sink = null)
    {
        using (request)
        {
            return python.Run(() => python.Application(Flask).CallToEnd(request, sink));
        }
    }

    [Fact]
    public void Flask_Get_ReturnsTheView()
    {
        var response = Serve(Requests.Create());

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.Equal("200 OK", response.Sink.Status);
        Assert.Equal("text/plain; charset=utf-8", response.Sink.Header("Content-Type"));
        Assert.Equal("Hello from Flask", response.Sink.BodyText);
    }

    [Fact]
    public void Flask_UrlEncodedForm_IsParsed()
    {
        var response = Serve(Requests.Post("/form", "name=Ada&lang=Python&lang=C%23"u8.ToArray(), "application/x-www-form-urlencoded"));

        var json = JsonDocument.Parse(response.Sink.Body).RootElement;
        Assert.Equal("Ada", json.GetProperty("fields").GetProperty("name")[0].GetString());
        Assert.Equal("C#", json.GetProperty("fields").GetProperty("lang")[1].GetString());
    }

    [Fact]
    public void Flask_MultipartUploadSpooledToDisk_IsReadWhole()
    {
        var file = new byte[300_000];
        new Random(3).NextBytes(file);
        var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n"));
        body.Write(Encoding.ASCII.GetBytes("--XyZ\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
        body.Write(file);
        body.Write(Encoding.ASCII.GetBytes("\r\n--XyZ--\r\n"));

        var response = Serve(Requests.Post("/form", body.ToArray(), "multipart/form-data; boundary=XyZ", memoryLimit: 4096));

        Assert.Equal("200 OK", response.Sink.Status);
        var json = JsonDocument.Parse(response.Sink.Body).RootElement;
        Assert.Equal(300_000, json.GetProperty("files").GetProperty("upload").GetInt32());
        Assert.Equal("hi", json.GetProperty("fields").GetProperty("note")[0].GetString());
        Assert.Equal(body.Length, json.GetProperty("length").GetInt64());
    }

    [Fact]
    public void Flask_JsonOverHttps_SeesSchemeAndHost()
    {
        var request = Requests.Create("POST", "/json", body: "{\"a\": [1, 2]}"u8.ToArray(), https: true, headers: [("Content-Type", "application/json")]);

        var json = JsonDocument.Parse(Serve(request).Sink.Body).RootElement;

        Assert.Equal(2, json.GetProperty("received").GetProperty("a")[1].GetInt32());
        Assert.Equal("https", json.GetProperty("scheme").GetString());
        Assert.Equal("localhost:8080", json.GetProperty("host").GetString());
    }

    [Fact]
    public void Flask_StreamedResponse_SuspendsAndResumes()
    {
        var response = Serve(Requests.Create(path: "/stream", query: "count=6"), new RecordingSink { PauseEvery = 2 });

        Assert.Equal(ApplicationStep.Completed, response.Step);
        Assert.True(response.Suspensions >= 2);
        Assert.Equal("0\n1\n2\n3\n4\n5\n", response.Sink.BodyText);
    }

    [Fact]
    public void Flask_UnknownRouteAndFailingView_AreFlaskErrorPages()
    {
        Assert.Equal("404 NOT FOUND", Serve(Requests.Create(path: "/missing")).Sink.Status);
        Assert.Equal("500 INTERNAL SERVER ERROR", Serve(Requests.Create(path: "/boom")).Sink.Status);
    }
}
