using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Frameworks;

/// <summary>A realistic Flask app (Apps/flaskshop) through gantry: sessions, cookies, a JSON API, redirects, uploads,
/// streaming, send_file (wsgi.file_wrapper), static files with conditional and range requests, a crashing view.</summary>
[Collection(GantryCollection.Name)]
public sealed class FlaskShopTests
{
    private static Task<GantryProcess> StartAsync() =>
        GantryProcess.StartReadyAsync(["--http", "127.0.0.1:0", "--chdir", TestApps.FlaskShop, "--module", "shop:app"]);

    private static HttpClient ClientFor(GantryProcess gantry, bool followRedirects = false) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = followRedirects, CookieContainer = new CookieContainer() })
        {
            BaseAddress = gantry.HttpBase,
        };

    [Fact]
    public async Task Session_LoginThenVisits_CookieCarriesTheSessionUntilLogout()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        using var login = await client.PostAsync("/login", new FormUrlEncodedContent([new("name", "Ada")]));
        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        Assert.Equal("/me", login.Headers.Location?.OriginalString);
        Assert.Equal(1, await VisitsAsync(client));
        Assert.Equal(2, await VisitsAsync(client));

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/logout", null)).StatusCode);
        using var after = await client.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Found, after.StatusCode);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Cookies_SetBySeveralSetCookieHeaders_AllSentBack()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        using var set = await client.GetAsync("/cookies/set?flavour=oatmeal&size=large");
        var setCookies = set.Headers.GetValues("Set-Cookie").ToArray();
        using var echoed = JsonDocument.Parse(await client.GetStringAsync("/cookies"));

        // Each cookie is its own Set-Cookie field (RFC 6265 §3): the server must not join them.
        Assert.Equal(2, setCookies.Length);
        Assert.Equal("oatmeal", echoed.RootElement.GetProperty("flavour").GetString());
        Assert.Equal("large", echoed.RootElement.GetProperty("size").GetString());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task JsonApi_CreateReadAndErrors_StatusCodesLocationAndBodies()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        using var created = await client.PostAsync("/api/items", Json("{\"name\": \"widget \u00fc\", \"tags\": [\"a\", \"b\"]}"));
        var location = created.Headers.Location!;
        using var fetched = JsonDocument.Parse(await client.GetStringAsync(location));
        using var missing = await client.GetAsync("/api/items/999");
        using var invalid = await client.PostAsync("/api/items", Json("[1, 2]"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(new Uri(gantry.HttpBase, "/api/items/1"), location);
        Assert.Equal("widget ü", fetched.RootElement.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not found", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task JsonApi_ChunkedRequestBody_ParsedByFlask()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        using var created = await client.PostAsync("/api/items", new ChunkedContent("{\"name\": \"sent in chunks\", \"tags\": [\"t\"]}", "application/json"));
        using var answer = JsonDocument.Parse(await created.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("sent in chunks", answer.RootElement.GetProperty("name").GetString());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Redirect_PermanentWithQuery_FollowedToTheNewPlace()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);
        using var following = ClientFor(gantry, followRedirects: true);

        using var moved = await client.GetAsync("/old-place?q=z%20y");
        var arrived = await following.GetStringAsync("/old-place?q=z%20y");

        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal("you arrived, q=z y", arrived);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Upload_MultipartFileOf3MiB_HashedByTheApp()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);
        const int size = 3 * Payload.Mebibyte + 17;
        var bytes = new byte[size];
        new Random(99).NextBytes(bytes);
        using var multipart = new MultipartFormDataContent
        {
            { new StringContent("quarterly"), "note" },
            { new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }, "document", "report.pdf" },
        };

        using var response = await client.PostAsync("/upload", multipart);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("report.pdf", answer.RootElement.GetProperty("filename").GetString());
        Assert.Equal("quarterly", answer.RootElement.GetProperty("note").GetString());
        Assert.Equal(size, answer.RootElement.GetProperty("size").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), answer.RootElement.GetProperty("sha256").GetString());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Streaming_GeneratorResponse_AllLinesInOrder()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        var text = await client.GetStringAsync("/stream?n=500");

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(500, lines.Length);
        Assert.Equal("line 0 of 500", lines[0]);
        Assert.Equal("line 499 of 500", lines[^1]);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Files_SendFileAndStatic_ServedWithConditionalAndRangeRequests()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);
        var expected = await File.ReadAllTextAsync(Path.Combine(TestApps.FlaskShop, "static", "hello.txt"));

        using var download = await client.GetAsync("/download");
        using var staticFile = await client.GetAsync("/static/hello.txt");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/static/hello.txt");
        conditional.Headers.IfNoneMatch.Add(staticFile.Headers.ETag!);
        using var notModified = await client.SendAsync(conditional);
        using var ranged = new HttpRequestMessage(HttpMethod.Get, "/static/hello.txt") { Headers = { Range = new RangeHeaderValue(0, 5) } };
        using var partial = await client.SendAsync(ranged);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/static/hello.txt"));

        Assert.Equal(expected, await download.Content.ReadAsStringAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(expected, await staticFile.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(expected[..6], await partial.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(expected.Length, head.Content.Headers.ContentLength);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Request_UrlPartsAndUnicodeQuery_SeenAsTheClientSentThem()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        using var answer = JsonDocument.Parse(await client.GetStringAsync("/whoami?u=%C3%A9t%C3%A9"));

        Assert.Equal(new Uri(gantry.HttpBase, "/").ToString(), answer.RootElement.GetProperty("root").GetString());
        Assert.Equal("127.0.0.1", answer.RootElement.GetProperty("remote").GetString());
        Assert.Equal("été", answer.RootElement.GetProperty("unicode_arg").GetString());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Crash_ViewRaises_500TracebackLoggedAndAppKeepsServing()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        using var crashed = await client.GetAsync("/crash");

        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        await OutputAssert.LogsAsync(gantry, "ZeroDivisionError: flask-crash-marker");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/items", Json("{\"name\": \"after\"}"))).StatusCode);
    }

    private static StringContent Json(string text) => new(text, System.Text.Encoding.UTF8, "application/json");

    private static async Task<int> VisitsAsync(HttpClient client)
    {
        using var me = JsonDocument.Parse(await client.GetStringAsync("/me"));
        Assert.Equal("Ada", me.RootElement.GetProperty("user").GetString());
        return me.RootElement.GetProperty("visits").GetInt32();
    }
}
