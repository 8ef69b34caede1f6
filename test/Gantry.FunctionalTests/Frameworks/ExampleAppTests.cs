using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Frameworks;

/// <summary>The bundled examples (examples/flaskapp, examples/djangoapp) on Debian's python3-flask and python3-django,
/// started as their docstrings say: --chdir and --module.</summary>
[Collection(GantryCollection.Name)]
public sealed class ExampleAppTests
{
    [Fact]
    public async Task FlaskExample_EveryRoute_AnswersAsDocumented()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--chdir", Path.Combine(RepoPaths.Examples, "flaskapp"), "--module", "app:app"]);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        Assert.Equal("Hello from Flask on Gantry\n", await client.GetStringAsync("/"));
        Assert.Equal("Hello, Wörld!\n", await client.GetStringAsync("/hello/W%C3%B6rld"));
        using (var described = JsonDocument.Parse(await client.GetStringAsync("/json?a=1&a=2&b=x")))
        {
            var root = described.RootElement;
            Assert.Equal("GET", root.GetProperty("method").GetString());
            Assert.Equal("/json", root.GetProperty("path").GetString());
            Assert.Equal(["1", "2"], root.GetProperty("query").GetProperty("a").EnumerateArray().Select(value => value.GetString()));
            Assert.Equal(gantry.HttpBase.Authority, root.GetProperty("host").GetString());
            Assert.Equal("http", root.GetProperty("scheme").GetString());
        }

        Assert.Contains("<form method=\"post\" action=\"/form\">", await client.GetStringAsync("/form"), StringComparison.Ordinal);
        using var form = new FormUrlEncodedContent([new("name", "Ada Lovelace"), new("language", "Python & C#")]);
        using (var posted = JsonDocument.Parse(await (await client.PostAsync("/form", form)).Content.ReadAsStringAsync()))
        {
            Assert.Equal("Ada Lovelace", posted.RootElement.GetProperty("fields").GetProperty("name")[0].GetString());
            Assert.Equal("Python & C#", posted.RootElement.GetProperty("fields").GetProperty("language")[0].GetString());
        }

        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task FlaskExample_MultipartFormWithFile_FieldsAndFileSizeSeen()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--chdir", Path.Combine(RepoPaths.Examples, "flaskapp"), "--module", "app:app"]);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };
        using var multipart = new MultipartFormDataContent
        {
            { new StringContent("Grace"), "name" },
            { new ByteArrayContent(new byte[300_000]) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "upload", "zeros.bin" },
        };

        using var response = await client.PostAsync("/form", multipart);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Grace", answer.RootElement.GetProperty("fields").GetProperty("name")[0].GetString());
        Assert.Equal(300_000, answer.RootElement.GetProperty("file_sizes").GetProperty("upload").GetInt32());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task DjangoExample_SeedCommandForm_HelloEchoAnd404()
    {
        // The seed's form: --http-socket, --chdir, --module pkg.wsgi:application, --env DJANGO_SETTINGS_MODULE=...
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http-socket", "127.0.0.1:0", "--chdir", Path.Combine(RepoPaths.Examples, "djangoapp"),
                "--module", "djangoapp.wsgi:application", "--env", "DJANGO_SETTINGS_MODULE=djangoapp.settings"]);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        Assert.Equal("Hello from Django on Gantry\n", await client.GetStringAsync("/"));
        using var body = new StringContent("{\"k\": \"v\"}", System.Text.Encoding.UTF8, "application/json");
        using (var echoed = JsonDocument.Parse(await (await client.PostAsync("/echo/a/b%20c?x=1&x=2", body)).Content.ReadAsStringAsync()))
        {
            var root = echoed.RootElement;
            Assert.Equal("POST", root.GetProperty("method").GetString());
            Assert.Equal("/echo/a/b c", root.GetProperty("path").GetString());
            Assert.Equal(["1", "2"], root.GetProperty("GET").GetProperty("x").EnumerateArray().Select(value => value.GetString()));
            Assert.Equal("{\"k\": \"v\"}", root.GetProperty("body").GetString());
            Assert.Equal("application/json", root.GetProperty("content_type").GetString());
        }

        using (var unicodePath = JsonDocument.Parse(await client.GetStringAsync("/echo/caf%C3%A9")))
        {
            // Django turns the latin-1 PATH_INFO of PEP 3333 back into bytes and decodes them as UTF-8.
            Assert.Equal("/echo/café", unicodePath.RootElement.GetProperty("path").GetString());
        }

        using var missing = await client.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        OutputAssert.NoTraceback(gantry);
    }
}
