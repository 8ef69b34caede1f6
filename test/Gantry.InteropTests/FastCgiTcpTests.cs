using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary><c>include fastcgi_params; fastcgi_pass 127.0.0.1:PORT;</c>: a connection per request.</summary>
public sealed class FastCgiTcpTests(FrontsFixture fronts) : GatewayThroughNginxTests(fronts, FrontSite.FastCgiTcp), IClassFixture<FrontsFixture>;
