using System.Globalization;
using System.Text;
using Gantry.InteropTests.Infrastructure;
using Gantry.PhpTestSupport;

namespace Gantry.InteropTests.Php;

/// <summary>
/// The seed's PHP site twice on one tree and one php-fpm: nginx with the seed's server block (Debian's
/// snippets/fastcgi-php.conf written out, fastcgi.conf included) and gantry with the same site as options, each in
/// two variants: try_files <c>=404</c> and the front controller. uploads/ is denied in both (nginx: a nested
/// <c>location ~ \.php</c> with <c>deny all</c>; gantry: <c>--php-no-exec /uploads/</c>).
/// </summary>
public sealed class PhpSiteFixture : IDisposable
{
    private static readonly string[] Index = ["index.html", "index.htm", "index.nginx-debian.html", "index.php"];
    private readonly ScratchDirectory _scratch = new();
    private readonly PhpFpmProcess _fpm;
    private readonly GantryServer _plain;
    private readonly GantryServer _front;
    private readonly NginxProcess _nginx;

    public PhpSiteFixture()
    {
        try
        {
            _ = NginxBinary.Path;
            File.SetUnixFileMode(_scratch.Path, (UnixFileMode)0x1ED);
            Root = PhpTestApp.Write(_scratch.Combine("html"));
            _fpm = new PhpFpmProcess(_scratch.Path, unixSocket: false, children: 4, port: LoopbackPort.Next());
            _plain = Gantry("$uri $uri/ =404");
            _front = Gantry(PhpTestApp.FrontControllerTryFiles);
            NginxPlain = LoopbackPort.Next();
            NginxFront = LoopbackPort.Next();
            var nginxDirectory = _scratch.Combine("nginx");
            Directory.CreateDirectory(nginxDirectory);
            NginxParams.WriteAll(nginxDirectory);
            File.WriteAllText(Path.Combine(nginxDirectory, "fastcgi.conf"),
                "fastcgi_param  SCRIPT_FILENAME    $document_root$fastcgi_script_name;\n" + NginxParams.DebianFastCgi);
            _nginx = new NginxProcess(nginxDirectory, Server(NginxPlain, "=404") + Server(NginxFront, "/index.php?$query_string"), [NginxPlain, NginxFront]);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Root { get; } = "";

    public int NginxPlain { get; }

    public int NginxFront { get; }

    public int GantryPlain => Port(_plain);

    public int GantryFront => Port(_front);

    public string Logs => $"--- gantry\n{_plain?.Output}\n{_front?.Output}\n--- nginx error.log\n{_nginx?.ErrorLog}\n--- php-fpm\n{_fpm?.Log}";

    public void Dispose()
    {
        _nginx?.Dispose();
        _plain?.Dispose();
        _front?.Dispose();
        _fpm?.Dispose();
        _scratch.Dispose();
    }

    private static int Port(GantryServer gantry) =>
        int.Parse(gantry.Tcp("http").Split(':')[^1], CultureInfo.InvariantCulture);

    private GantryServer Gantry(string tryFiles) => new(
        ["--http-socket", "127.0.0.1:0", "--php-docroot", Root, "--php-fpm", _fpm.Address, .. Index.SelectMany(name => new[] { "--php-index", name }),
         "--php-try-files", tryFiles, "--php-no-exec", "/uploads/"],
        _scratch.Path, withApplication: false);

    private string Server(int port, string lastResort)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"server {{ listen 127.0.0.1:{port}; root {Root}; index {string.Join(' ', Index)};");
        text.AppendLine("  include /etc/nginx/mime.types; default_type application/octet-stream;");
        text.AppendLine(CultureInfo.InvariantCulture, $"  location / {{ try_files $uri $uri/ {lastResort};");
        // php-no-exec /uploads/ as nginx writes it: the PHP location's regex, denied under the prefix.
        text.AppendLine("    location ~ ^/uploads/.*[^/]\\.php(/|$) { deny all; }");
        text.AppendLine("    location ~ [^/]\\.php(/|$) {");
        text.AppendLine("      fastcgi_split_path_info ^(.+?\\.php)(/.*)$; try_files $fastcgi_script_name =404;");
        text.AppendLine("      set $path_info $fastcgi_path_info; fastcgi_param PATH_INFO $path_info; fastcgi_index index.php;");
        text.AppendLine(CultureInfo.InvariantCulture, $"      include fastcgi.conf; fastcgi_pass {_fpm.Address}; }}");
        text.AppendLine("  } }");
        return text.ToString();
    }
}
