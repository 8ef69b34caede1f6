using System.Net;
using System.Text;
using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Frameworks;

/// <summary>Starlette, FastAPI and Django's ASGI handler, all from Debian's packages, through <c>gantry asgi</c>.</summary>
[Collection(GantryCollection.Name)]
public sealed class AsgiFrameworkTests
{
    private static readonly string Folder = Path.Combine(TestApps.Folder, "asgiframeworks");

    private static Task<GantryProcess> StartAsync(string application, string directory, params string[] extra) =>
        GantryProcess.StartReadyAsync(["asgi", "-p", "0", "--app-dir", directory, .. extra, application], workingDirectory: directory);

    [Fact]
    public async Task Starlette_JsonSyncBodyStreamBackground_AllServed()
    {
        await using var gantry = await StartAsync("starlette_app:app", Folder);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        using var home = JsonDocument.Parse(await client.GetStringAsync("/"));
        Assert.Equal("starlette", home.RootElement.GetProperty("hello").GetString());
        Assert.Equal("from lifespan", home.RootElement.GetProperty("state").GetString());
        Assert.Equal("sync view ran in a thread", await client.GetStringAsync("/sync"));
        using (var reversed = await client.PostAsync("/reverse", new StringContent("abc")))
        {
            Assert.Equal("cba", await reversed.Content.ReadAsStringAsync());
        }
        Assert.Equal("part 0\npart 1\npart 2\n", await client.GetStringAsync("/stream"));
        Assert.Equal("answered first", await client.GetStringAsync("/background"));
        Assert.Equal("1", await WaitForAsync(client, "/background/count", "1"));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Starlette_Crash_500AndTheTracebackLogged()
    {
        await using var gantry = await StartAsync("starlette_app:app", Folder);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        using var response = await client.GetAsync("/crash");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await OutputAssert.LogsAsync(gantry, "starlette-boom-marker");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task FastApi_PathQueryBodyAndValidation()
    {
        await using var gantry = await StartAsync("fastapi_app:app", Folder);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        Assert.Equal("{\"message\":\"Hello FastAPI\"}", await client.GetStringAsync("/"));
        Assert.Equal("{\"item_id\":3,\"q\":\"x\"}", await client.GetStringAsync("/items/3?q=x"));
        using var created = await client.PostAsync("/items", new StringContent("{\"name\":\"a\",\"price\":2.5}", Encoding.UTF8, "application/json"));
        Assert.Equal("{\"name\":\"a\",\"double\":5.0}", await created.Content.ReadAsStringAsync());
        using var invalid = await client.PostAsync("/items", new StringContent("{\"name\":\"a\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Django_AsgiHandler_ViewsStreamingUploadAndErrors()
    {
        await using var gantry = await StartAsync("site_app.asgi:application", TestApps.DjangoSite);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        Assert.Equal("Django site home\n", await client.GetStringAsync("/"));
        Assert.StartsWith("chunk 0\nchunk 1\n", await client.GetStringAsync("/stream"));
        var document = Encoding.ASCII.GetBytes(new string('d', 300_000));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(document), "document", "d.txt" } };
        using (var upload = await client.PostAsync("/upload", form))
        {
            using var json = JsonDocument.Parse(await upload.Content.ReadAsStringAsync());
            Assert.Equal(300_000, json.RootElement.GetProperty("size").GetInt32());
        }
        using var boom = await client.GetAsync("/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, boom.StatusCode);
        await OutputAssert.LogsAsync(gantry, "django-boom-marker");
        // Django 3.2's handler raises on lifespan: with --lifespan auto that only says it has none.
        await OutputAssert.LogsAsync(gantry, "ASGI 'lifespan' protocol appears unsupported");
    }

    private static async Task<string> WaitForAsync(HttpClient client, string path, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string text;
        while ((text = await client.GetStringAsync(path)) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        return text;
    }
}
