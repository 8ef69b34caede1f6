using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Frameworks;

/// <summary>A realistic Django project (Apps/djangosite) through gantry: CSRF protection, a CSRF-exempt JSON API,
/// signed-cookie sessions, redirects, StreamingHttpResponse, FileResponse (wsgi.file_wrapper), uploads spooled to
/// disk by Django, ALLOWED_HOSTS, a crashing view.</summary>
[Collection(GantryCollection.Name)]
public sealed partial class DjangoSiteTests
{
    private static Task<GantryProcess> StartAsync(string payloadPath = "/nonexistent") =>
        GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--chdir", TestApps.DjangoSite, "--module", "site_app.wsgi:application",
                "--env", "DJANGO_SETTINGS_MODULE=site_app.settings", "--env", "SITE_PAYLOAD=" + payloadPath]);

    private static HttpClient ClientFor(GantryProcess gantry) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = gantry.HttpBase };

    [Fact]
    public async Task Csrf_PostWithoutToken_RejectedWithTokenAccepted()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        var page = await client.GetStringAsync("/form/");
        var token = TokenPattern().Match(page).Groups[1].Value;
        using var anonymous = new HttpClient { BaseAddress = gantry.HttpBase };
        using var forged = await anonymous.PostAsync("/form/", new FormUrlEncodedContent([new("comment", "forged")]));
        using var genuine = await client.PostAsync("/form/", new FormUrlEncodedContent([new("csrfmiddlewaretoken", token), new("comment", "genuine ✓")]));

        Assert.NotEmpty(token);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        using var answer = JsonDocument.Parse(await genuine.Content.ReadAsStringAsync());
        Assert.Equal("genuine ✓", answer.RootElement.GetProperty("comment").GetString());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task CsrfExemptApi_JsonPost_EchoedWithoutAToken()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        using var response = await client.PostAsync("/api/echo", new StringContent("{\"order\": [3, 1, 2], \"note\": \"ñ\"}", System.Text.Encoding.UTF8, "application/json"));
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var wrongMethod = await client.GetAsync("/api/echo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ñ", answer.RootElement.GetProperty("received").GetProperty("note").GetString());
        Assert.Equal("application/json", answer.RootElement.GetProperty("content_type").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task CsrfExemptApi_ChunkedJsonPost_DjangoReadsTheWholeBody()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);
        var json = "{\"items\": [" + string.Join(", ", Enumerable.Range(0, 200)) + "]}";

        // Django reads CONTENT_LENGTH bytes and nothing without it: a chunked upload works only if the server
        // buffered the body and set CONTENT_LENGTH (uWSGI needs --chunked-input workarounds here).
        using var response = await client.PostAsync("/api/echo", new ChunkedContent(json, "application/json"));
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(json.Length, answer.RootElement.GetProperty("length").GetInt32());
        Assert.Equal(200, answer.RootElement.GetProperty("received").GetProperty("items").GetArrayLength());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Session_SignedCookie_CountsAcrossRequests()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        var counts = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var answer = JsonDocument.Parse(await client.GetStringAsync("/session/count"));
            counts.Add(answer.RootElement.GetProperty("count").GetInt32());
        }

        Assert.Equal([1, 2, 3], counts);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Redirects_ViewAndAppendSlash_LocationsAsDjangoBuildsThem()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        using var view = await client.GetAsync("/go?from=test");
        using var slash = await client.GetAsync("/form");

        Assert.Equal(HttpStatusCode.Found, view.StatusCode);
        Assert.Equal("/?from=test", view.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.MovedPermanently, slash.StatusCode);
        Assert.Equal("/form/", slash.Headers.Location?.OriginalString);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Streaming_StreamingHttpResponse_AllChunksArrive()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        var text = await client.GetStringAsync("/stream?n=1000");

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000, lines.Length);
        Assert.Equal("chunk 999", lines[^1]);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task FileResponse_RealFile_ServedWhole()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        const long size = 5L * Payload.Mebibyte + 3;
        var payload = await Payload.WriteFileAsync(folder.Combine("payload.bin"), size);
        await using var gantry = await StartAsync(payload);
        using var client = ClientFor(gantry);

        using var response = await client.GetAsync("/file", HttpCompletionOption.ResponseHeadersRead);
        var (length, sha256) = await BodyCounter.DrainAsync(await response.Content.ReadAsStreamAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((size, Payload.Sha256Hex(size)), (length, sha256));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Upload_MultipartLargerThanDjangosMemoryLimit_HashedFromItsTemporaryFile()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);
        var bytes = new byte[2 * Payload.Mebibyte + 5];
        new Random(5).NextBytes(bytes);
        using var multipart = new MultipartFormDataContent
        {
            { new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/zip") } }, "document", "archive.zip" },
        };

        using var response = await client.PostAsync("/upload", multipart);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("archive.zip", answer.RootElement.GetProperty("name").GetString());
        Assert.Equal(bytes.Length, answer.RootElement.GetProperty("size").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), answer.RootElement.GetProperty("sha256").GetString());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Request_AbsoluteUri_BuiltFromHostAndPort()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        using var answer = JsonDocument.Parse(await client.GetStringAsync("/absolute?x=1"));

        Assert.Equal(new Uri(gantry.HttpBase, "/absolute?x=1").ToString(), answer.RootElement.GetProperty("uri").GetString());
        Assert.False(answer.RootElement.GetProperty("secure").GetBoolean());
        Assert.Equal("127.0.0.1", answer.RootElement.GetProperty("remote").GetString());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task AllowedHosts_ForeignHostHeader_Answers400()
    {
        await using var gantry = await StartAsync();

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");

        Assert.Equal(400, response.StatusCode);
        await OutputAssert.LogsAsync(gantry, "Invalid HTTP_HOST header: 'evil.example'");
    }

    [Fact]
    public async Task Crash_ViewRaises_500LoggedAndSiteKeepsServing()
    {
        await using var gantry = await StartAsync();
        using var client = ClientFor(gantry);

        using var crashed = await client.GetAsync("/boom");
        using var missing = await client.GetAsync("/nothing-here");

        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await OutputAssert.LogsAsync(gantry, "LookupError: django-boom-marker");
        Assert.Equal("Django site home\n", await client.GetStringAsync("/"));
    }

    [GeneratedRegex("name=\"csrfmiddlewaretoken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
