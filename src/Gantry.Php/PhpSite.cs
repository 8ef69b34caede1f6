using System.Text;
using Gantry.Application.Routing;
using Gantry.Configuration;
using Gantry.Php.FastCgi;
using Gantry.Php.Site;
using Microsoft.Extensions.Logging;

namespace Gantry.Php;

/// <summary>
/// What every loop thread's <see cref="PhpThread"/> shares, built once per process: the options, the site's
/// resolver, the php-fpm addresses (their up/down state and their idle connections), the params fixed at start-up (SERVER_SOFTWARE,
/// php-set as PHP_VALUE, php-var) and the static-file answerer of the root. Immutable but for the addresses' state and pools.
/// </summary>
internal sealed class PhpSite
{
    public PhpSite(PhpOptions options, string serverSoftware, IRequestHandler? staticFiles, ILogger logger)
    {
        Options = options;
        Logger = logger;
        StaticFiles = staticFiles;
        Resolver = new PhpSiteResolver(options);
        Pools = [.. options.FpmAddresses.Select(address => new PhpFpmPool(new PhpFpmUpstream(address, logger), options.KeepAlive))];
        ServerSoftware = Encoding.UTF8.GetBytes(options.ServerSoftware ?? serverSoftware);
        ConnectTimeout = TimeSpan.FromSeconds(options.ConnectTimeout);
        ReadTimeout = TimeSpan.FromSeconds(options.ReadTimeout);
        // php-fpm applies PHP_VALUE's "name=value" lines per request (fpm_php.c, fpm_php_apply_defines_ex), as nginx's
        // fastcgi_param PHP_VALUE does; php-set's lines are that value.
        PhpValue = options.IniSettings.Count == 0 ? null : Encoding.UTF8.GetBytes(string.Join('\n', options.IniSettings));
        ExtraVariables = [.. options.Variables.Select(variable =>
        {
            var equals = variable.IndexOf('=', StringComparison.Ordinal);
            return (Encoding.UTF8.GetBytes(variable[..equals]), Encoding.UTF8.GetBytes(variable[(equals + 1)..]));
        })];
    }

    public PhpOptions Options { get; }

    public ILogger Logger { get; }

    /// <summary>The static-file link for the root (the same settings as static-map's files), or null when none was given.</summary>
    public IRequestHandler? StaticFiles { get; }

    public PhpSiteResolver Resolver { get; }

    /// <summary>One per php-fpm address, shared by the loop threads (see <see cref="PhpFpmPool"/> for why).</summary>
    public PhpFpmPool[] Pools { get; }

    public byte[] ServerSoftware { get; }

    public byte[]? PhpValue { get; }

    public (byte[] Name, byte[] Value)[] ExtraVariables { get; }

    public TimeSpan ConnectTimeout { get; }

    public TimeSpan ReadTimeout { get; }
}
