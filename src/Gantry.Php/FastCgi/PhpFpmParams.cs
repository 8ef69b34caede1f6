using System.Buffers;
using System.Globalization;
using System.Text;
using Gantry.Application;
using Gantry.Php.Site;
using Gantry.Protocols.FastCgi;

namespace Gantry.Php.FastCgi;

/// <summary>
/// The PARAMS of one request to php-fpm, as nginx sends them with Debian's <c>snippets/fastcgi-php.conf</c> (which
/// includes <c>fastcgi.conf</c> = <c>fastcgi_params</c> plus SCRIPT_FILENAME): every variable the front produced
/// (REQUEST_METHOD, REQUEST_URI, QUERY_STRING, CONTENT_TYPE, CONTENT_LENGTH, SERVER_PROTOCOL, SERVER_NAME,
/// SERVER_PORT, REMOTE_ADDR, REMOTE_PORT, HTTP_*…), then what the site decides (SCRIPT_FILENAME, SCRIPT_NAME,
/// PATH_INFO, PATH_TRANSLATED, DOCUMENT_URI, DOCUMENT_ROOT, QUERY_STRING after a try-files redirect) and what
/// nginx's files add (GATEWAY_INTERFACE, SERVER_SOFTWARE, REQUEST_SCHEME, HTTPS, REDIRECT_STATUS=200), then
/// php-set as PHP_VALUE and php-var. php-fpm keeps the last of a repeated name (fcgi_hash_set), but each is sent once.
/// </summary>
internal static class PhpFpmParams
{
    /// <summary>The names this writer decides; a front's variable of the same name is not passed on.</summary>
    private static readonly string[] Decided =
    [
        "SCRIPT_FILENAME", "SCRIPT_NAME", "PATH_INFO", "PATH_TRANSLATED", "DOCUMENT_URI", "DOCUMENT_ROOT", "QUERY_STRING",
        "GATEWAY_INTERFACE", "SERVER_SOFTWARE", "REQUEST_SCHEME", "HTTPS", "REDIRECT_STATUS", "CONTENT_LENGTH",
        "PHP_VALUE", "PHP_ADMIN_VALUE",
    ];

    /// <summary>Writes BEGIN_REQUEST, the PARAMS stream and its end into <paramref name="output"/>, using <paramref name="scratch"/> for the pairs.</summary>
    public static void Write(ArrayBufferWriter<byte> output, ArrayBufferWriter<byte> scratch, PhpSite site, RequestContext request,
        PhpResolution script, bool keepConnection)
    {
        scratch.Clear();
        var variables = request.Variables;
        for (var i = 0; i < variables.Count; i++)
        {
            var key = variables.KeyAt(i);
            if (!IsDecided(key, site) && !key.IsEmpty)
            {
                Pair(scratch, key, variables.ValueAt(i));
            }
        }
        Pair(scratch, "SCRIPT_FILENAME", script.ScriptFileName);
        Pair(scratch, "SCRIPT_NAME", script.ScriptName);
        Pair(scratch, "PATH_INFO", script.PathInfo);
        if (script.PathInfo.Length > 0)
        {
            Pair(scratch, "PATH_TRANSLATED", site.Resolver.Root.TrimEnd('/') + script.PathInfo);
        }
        // nginx's $document_uri after the PHP location's try_files $fastcgi_script_name, which sets the URI to the file found.
        Pair(scratch, "DOCUMENT_URI", script.ScriptName);
        Pair(scratch, "DOCUMENT_ROOT", site.Resolver.Root);
        variables.TryGetValue("QUERY_STRING"u8, out var query);
        Pair(scratch, "QUERY_STRING"u8, script.Query is { } redirected ? redirected : query);
        Pair(scratch, "GATEWAY_INTERFACE"u8, "CGI/1.1"u8);
        Pair(scratch, "SERVER_SOFTWARE"u8, site.ServerSoftware);
        Pair(scratch, "REQUEST_SCHEME"u8, request.IsHttps ? "https"u8 : "http"u8);
        if (request.IsHttps)
        {
            Pair(scratch, "HTTPS"u8, "on"u8);
        }
        Pair(scratch, "REDIRECT_STATUS"u8, "200"u8);
        if (request.LocalAddress is { } source && !variables.TryGetValue("SERVER_ADDR"u8, out _) && !IsExtra("SERVER_ADDR"u8, site))
        {
            // nginx's $server_addr: the address the client reached (behind a gateway, the gateway's params carry its own).
            var local = source.LocalAddress;
            if (!local.IsEmpty)
            {
                Pair(scratch, "SERVER_ADDR"u8, local);
            }
        }
        if (variables.TryGetValue("CONTENT_LENGTH"u8, out var length) && !length.IsEmpty)
        {
            Pair(scratch, "CONTENT_LENGTH"u8, length);
        }
        else if (request.Body.IsComplete && request.Body.Length > 0)
        {
            // A chunked body, received whole: PHP reads as much of STDIN as CONTENT_LENGTH says.
            Pair(scratch, "CONTENT_LENGTH", request.Body.Length.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            Pair(scratch, "CONTENT_LENGTH"u8, default);
        }
        if (site.PhpValue is { } phpValue)
        {
            Pair(scratch, "PHP_VALUE"u8, phpValue);
        }
        foreach (var (name, value) in site.ExtraVariables)
        {
            Pair(scratch, name, value);
        }
        FastCgiRecordWriter.WriteBeginRequest(output, PhpFpmExchange.RequestId, FastCgiRole.Responder,
            keepConnection ? FastCgiBeginRequestFlags.KeepConnection : FastCgiBeginRequestFlags.None);
        FastCgiRecordWriter.WriteStream(output, FastCgiRecordType.Params, PhpFpmExchange.RequestId, scratch.WrittenSpan);
        FastCgiRecordWriter.WriteStreamEnd(output, FastCgiRecordType.Params, PhpFpmExchange.RequestId);
    }

    private static bool IsDecided(ReadOnlySpan<byte> key, PhpSite site)
    {
        foreach (var name in Decided)
        {
            if (Ascii.Equals(key, name))
            {
                return true;
            }
        }
        return IsExtra(key, site);
    }

    /// <summary>True when php-var gives <paramref name="key"/> (sent last, once).</summary>
    private static bool IsExtra(ReadOnlySpan<byte> key, PhpSite site)
    {
        foreach (var (name, _) in site.ExtraVariables)
        {
            if (key.SequenceEqual(name))
            {
                return true;
            }
        }
        return false;
    }

    private static void Pair(ArrayBufferWriter<byte> scratch, string name, string value) =>
        Pair(scratch, Encoding.ASCII.GetBytes(name), Encoding.UTF8.GetBytes(value));

    private static void Pair(ArrayBufferWriter<byte> scratch, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var size = FastCgiNameValueWriter.GetPairSize(name.Length, value.Length);
        scratch.Advance(FastCgiNameValueWriter.WritePair(scratch.GetSpan(size), name, value));
    }
}
