using System.Text;
using System.Text.Json;
using Gantry.Application;
using Gantry.Python.Tests.Infrastructure;

namespace Gantry.Python.Tests.Wsgi;

/// <summary>The environ, checked by wsgiref.validate (its warnings made errors) and by the values it carries.</summary>
[Collection(PythonCollection.Name)]
public sealed class EnvironTests(PythonFixture python)
{
    private JsonElement Describe(RequestContext request)
    {
        var response = python.Run(() => python.Application("environ_app.py").Call(request));
        Assert.True(response.Step == ApplicationStep.Completed, $"{response.Step}: {LastError()}");
        Assert.Equal("200 OK", response.Sink.Status);
        return JsonDocument.Parse(response.Sink.Body).RootElement;
    }

    private string LastError() => python.Logs.WithEvent(2020).LastOrDefault()?.Message ?? "(nothing logged)";

    [Fact]
    public void Environ_EveryCgiVariable_ReachesTheAppAsStr()
    {
        using var request = Requests.Create("GET", "/a/b", "x=1&y=2", headers: [("User-Agent", "test/1.0"), ("Accept", "*/*")]);

        var environ = Describe(request);

        var variables = request.Variables;
        for (var i = 0; i < variables.Count; i++)
        {
            var key = Encoding.Latin1.GetString(variables.KeyAt(i));
            Assert.Equal(Encoding.Latin1.GetString(variables.ValueAt(i)), environ.GetProperty(key).GetString());
        }
        Assert.Equal("test/1.0", environ.GetProperty("HTTP_USER_AGENT").GetString());
        Assert.Equal(new[] { "str" }, environ.GetProperty("value_types").EnumerateArray().Select(e => e.GetString() ?? "").ToArray());
    }

    [Fact]
    public void Environ_WsgiKeys_HaveThePep3333Values()
    {
        using var request = Requests.Create();

        var environ = Describe(request);

        Assert.Equal([1, 0], environ.GetProperty("wsgi.version").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal("http", environ.GetProperty("wsgi.url_scheme").GetString());
        Assert.False(environ.GetProperty("wsgi.multithread").GetBoolean());
        Assert.False(environ.GetProperty("wsgi.multiprocess").GetBoolean());
        Assert.False(environ.GetProperty("wsgi.run_once").GetBoolean());
        Assert.True(environ.GetProperty("wsgi.input_terminated").GetBoolean());
        Assert.True(environ.GetProperty("errors_is_stderr").GetBoolean());
        Assert.Equal("FileWrapper", environ.GetProperty("file_wrapper").GetString());
        Assert.Equal("InputStream", environ.GetProperty("input_type").GetString());
        Assert.True(environ.GetProperty("type_is_dict").GetBoolean());
    }

    [Fact]
    public void Environ_Https_SetsUrlSchemeHttps()
    {
        using var request = Requests.Create(https: true);

        var environ = Describe(request);

        Assert.Equal("https", environ.GetProperty("wsgi.url_scheme").GetString());
        Assert.Equal("on", environ.GetProperty("HTTPS").GetString());
    }

    [Fact]
    public void Environ_FrontSentOnlyTheMethod_RequiredKeysGetDefaults()
    {
        using var request = new RequestContext(1024, Path.GetTempPath());
        request.Variables.Add("REQUEST_METHOD"u8, "GET"u8);

        var environ = Describe(request);

        Assert.Equal("", environ.GetProperty("SCRIPT_NAME").GetString());
        Assert.Equal("", environ.GetProperty("PATH_INFO").GetString());
        Assert.Equal("", environ.GetProperty("QUERY_STRING").GetString());
        Assert.Equal("localhost", environ.GetProperty("SERVER_NAME").GetString());
        Assert.Equal("80", environ.GetProperty("SERVER_PORT").GetString());
        Assert.Equal("HTTP/1.1", environ.GetProperty("SERVER_PROTOCOL").GetString());
        Assert.False(environ.TryGetProperty("HTTP_HOST", out _));
        Assert.False(environ.TryGetProperty("CONTENT_TYPE", out _));
    }

    [Fact]
    public void Environ_Latin1Bytes_DecodeOneCodePointPerByte()
    {
        using var request = Requests.Create(path: "/caf\u00e9", headers: [("X-Name", "Ren\u00e9e \u00ff")]);

        var environ = Describe(request);

        Assert.Equal("/caf\u00e9", environ.GetProperty("PATH_INFO").GetString());
        Assert.Equal("Ren\u00e9e \u00ff", environ.GetProperty("HTTP_X_NAME").GetString());
    }

    [Fact]
    public void Environ_Keys_AreInternedStrings()
    {
        using var request = Requests.Create(headers: [("X-Rare-Header", "1")]);

        var environ = Describe(request);

        Assert.True(environ.GetProperty("interned").GetBoolean());
    }

    [Fact]
    public void Environ_RepeatedRequests_ValuesFollowEachRequest()
    {
        // Values are remembered per key (the last one); a changed value must never leak the previous one.
        using var first = Requests.Create("GET", "/first", "a=1");
        using var second = Requests.Create("POST", "/second", "b=2", body: "data"u8.ToArray());

        var one = Describe(first);
        var two = Describe(second);
        var three = Describe(first);

        Assert.Equal("/first", one.GetProperty("PATH_INFO").GetString());
        Assert.Equal("POST", two.GetProperty("REQUEST_METHOD").GetString());
        Assert.Equal("/second", two.GetProperty("PATH_INFO").GetString());
        Assert.Equal("data", two.GetProperty("body").GetString());
        Assert.Equal("GET", three.GetProperty("REQUEST_METHOD").GetString());
        Assert.Equal("a=1", three.GetProperty("QUERY_STRING").GetString());
    }

    [Fact]
    public void Environ_ManyDistinctHeaderNames_BeyondTheKeyCacheStillArrive()
    {
        var headers = Enumerable.Range(0, 700).Select(i => ($"X-Header-{i}", $"v{i}")).ToArray();
        using var request = Requests.Create(headers: headers);

        var environ = Describe(request);

        Assert.Equal("v0", environ.GetProperty("HTTP_X_HEADER_0").GetString());
        Assert.Equal("v699", environ.GetProperty("HTTP_X_HEADER_699").GetString());
    }
}
