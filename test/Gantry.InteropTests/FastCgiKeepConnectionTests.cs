using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>fastcgi_pass with Debian's params and fastcgi_keep_conn to a keepalive upstream (FCGI_KEEP_CONN).</summary>
public sealed class FastCgiKeepConnectionTests(FrontsFixture fronts) : GatewayThroughNginxTests(fronts, FrontSite.FastCgiTcpKeepConnection), IClassFixture<FrontsFixture>;
