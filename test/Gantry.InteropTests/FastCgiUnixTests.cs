using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>fastcgi_pass to a unix socket.</summary>
public sealed class FastCgiUnixTests(FrontsFixture fronts) : GatewayThroughNginxTests(fronts, FrontSite.FastCgiUnix), IClassFixture<FrontsFixture>;
