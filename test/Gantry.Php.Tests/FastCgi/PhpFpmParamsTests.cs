using System.Buffers;
using System.Text;
using Gantry.Application;
using Gantry.Configuration;
using Gantry.Php.FastCgi;
using Gantry.Php.Site;
using Gantry.Php.Tests.Site;
using Gantry.Protocols.FastCgi;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Php.Tests.FastCgi;

/// <summary>
/// What php-fpm receives for a request: BEGIN_REQUEST (responder, FCGI_KEEP_CONN when connections are kept), then the
/// PARAMS stream (fastcgi.conf's params, the front's variables passed on once, php-set as PHP_VALUE, php-var), then its
/// empty end record, read back with Gantry.Protocols' reader.
/// </summary>
public sealed class PhpFpmParamsTests : IDisposable
{
    private readonly SiteTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Write_ScriptWithPathInfo_FastcgiConfParamsOnceEach()
    {
        _tree.File("app/index.php");
        var (records, flags, variables) = WriteFor("/app/index.php/users/7", "a=1", keepConnection: true);

        Assert.Equal([FastCgiRecordType.BeginRequest, FastCgiRecordType.Params, FastCgiRecordType.Params], records);
        Assert.Equal(FastCgiBeginRequestFlags.KeepConnection, flags);
        Assert.Equal(_tree.Root + "/app/index.php", variables["SCRIPT_FILENAME"]);
        Assert.Equal("/app/index.php", variables["SCRIPT_NAME"]);
        Assert.Equal("/users/7", variables["PATH_INFO"]);
        Assert.Equal(_tree.Root + "/users/7", variables["PATH_TRANSLATED"]);
        Assert.Equal("/app/index.php", variables["DOCUMENT_URI"]);
        Assert.Equal(_tree.Root, variables["DOCUMENT_ROOT"]);
        Assert.Equal("a=1", variables["QUERY_STRING"]);
        Assert.Equal("/app/index.php/users/7?a=1", variables["REQUEST_URI"]);
        Assert.Equal("200", variables["REDIRECT_STATUS"]);
        Assert.Equal("CGI/1.1", variables["GATEWAY_INTERFACE"]);
        Assert.Equal("gantry/test", variables["SERVER_SOFTWARE"]);
        Assert.Equal("http", variables["REQUEST_SCHEME"]);
        Assert.Equal("yes", variables["HTTP_X_CUSTOM"]);
        Assert.Equal("memory_limit=64M\ndisplay_errors=0", variables["PHP_VALUE"]);
        Assert.Equal("test", variables["APP_ENV"]);
        Assert.False(variables.ContainsKey("HTTPS"));
    }

    [Fact]
    public void Write_NoKeptConnections_NoKeepConnFlag()
    {
        _tree.File("index.php");

        Assert.Equal(FastCgiBeginRequestFlags.None, WriteFor("/index.php", "", keepConnection: false).Flags);
    }

    [Fact]
    public void Write_FrontControllerFallback_QueryFromTheRedirect()
    {
        _tree.File("index.php");

        var variables = WriteFor("/blog/post", "page=2", keepConnection: true, tryFiles: "$uri $uri/ /index.php?route=x&$query_string").Variables;

        Assert.Equal("/index.php", variables["SCRIPT_NAME"]);
        Assert.Equal("route=x&page=2", variables["QUERY_STRING"]);
        Assert.Equal("/blog/post?page=2", variables["REQUEST_URI"]);
    }

    [Fact]
    public void Write_FrontKnowsItsLocalAddress_ServerAddrSent()
    {
        _tree.File("index.php");

        var variables = WriteFor("/index.php", "", keepConnection: true, local: new LocalAddress("10.1.2.3")).Variables;

        Assert.Equal("10.1.2.3", variables["SERVER_ADDR"]);
    }

    [Fact]
    public void Write_GatewaySentServerAddr_PassedOnOnce()
    {
        _tree.File("index.php");

        var variables = WriteFor("/index.php", "", keepConnection: true, local: new LocalAddress("10.1.2.3"), serverAddr: "192.0.2.7").Variables;

        Assert.Equal("192.0.2.7", variables["SERVER_ADDR"]);
    }

    [Fact]
    public void Write_NoLocalAddress_NoServerAddr()
    {
        _tree.File("index.php");

        Assert.False(WriteFor("/index.php", "", keepConnection: true).Variables.ContainsKey("SERVER_ADDR"));
    }

    private sealed class LocalAddress(string address) : ILocalAddressSource
    {
        ReadOnlySpan<byte> ILocalAddressSource.LocalAddress => Encoding.ASCII.GetBytes(address);
    }

    private (List<FastCgiRecordType> Records, FastCgiBeginRequestFlags Flags, Dictionary<string, string> Variables) WriteFor(
        string path, string query, bool keepConnection, string tryFiles = "$uri $uri/ =404", ILocalAddressSource? local = null,
        string? serverAddr = null)
    {
        var options = new PhpOptions
        {
            DocumentRoot = _tree.Root, FpmAddresses = ["127.0.0.1:9000"], TryFiles = tryFiles,
            IniSettings = ["memory_limit=64M", "display_errors=0"], Variables = ["APP_ENV=test"],
        };
        var site = new PhpSite(options, "gantry/test", null, NullLogger.Instance);
        using var request = new RequestContext(1024, Path.GetTempPath());
        var variables = request.Variables;
        variables.Add("REQUEST_METHOD"u8, "GET"u8);
        variables.Add("REQUEST_URI"u8, Encoding.ASCII.GetBytes(query.Length == 0 ? path : $"{path}?{query}"));
        variables.Add("PATH_INFO"u8, Encoding.ASCII.GetBytes(path));
        variables.Add("QUERY_STRING"u8, Encoding.ASCII.GetBytes(query));
        variables.Add("SCRIPT_NAME"u8, default);
        variables.Add("HTTP_X_CUSTOM"u8, "yes"u8);
        variables.Add("HTTP_HOST"u8, "php.test"u8);
        if (serverAddr is not null)
        {
            variables.Add("SERVER_ADDR"u8, Encoding.ASCII.GetBytes(serverAddr));
        }
        request.LocalAddress = local;
        var resolution = site.Resolver.Resolve(Encoding.ASCII.GetBytes(path), Encoding.ASCII.GetBytes(query));
        Assert.Equal(PhpOutcome.Script, resolution.Outcome);

        var output = new ArrayBufferWriter<byte>();
        PhpFpmParams.Write(output, new ArrayBufferWriter<byte>(), site, request, resolution, keepConnection);

        var records = new List<FastCgiRecordType>();
        var flags = FastCgiBeginRequestFlags.None;
        var pairs = new List<byte>();
        var bytes = output.WrittenSpan;
        while (FastCgiRecordReader.TryRead(bytes, out var header, out var content, out var consumed))
        {
            records.Add(header.Type);
            if (header.Type == FastCgiRecordType.BeginRequest)
            {
                var begin = FastCgiBeginRequestBody.Read(content);
                Assert.Equal(FastCgiRole.Responder, begin.Role);
                flags = begin.Flags;
            }
            else
            {
                pairs.AddRange(content.ToArray());
            }
            bytes = bytes[consumed..];
        }
        Assert.True(bytes.IsEmpty);
        var result = new Dictionary<string, string>();
        ReadOnlySpan<byte> remaining = pairs.ToArray();
        while (FastCgiNameValueReader.TryReadPair(remaining, out var name, out var value, out var used))
        {
            Assert.True(result.TryAdd(Encoding.ASCII.GetString(name), Encoding.UTF8.GetString(value)), $"{Encoding.ASCII.GetString(name)} sent twice");
            remaining = remaining[used..];
        }
        return (records, flags, result);
    }
}
