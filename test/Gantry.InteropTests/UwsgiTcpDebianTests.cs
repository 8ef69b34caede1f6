using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>uwsgi_pass with Debian's uwsgi_params.</summary>
public sealed class UwsgiTcpDebianTests(FrontsFixture fronts) : GatewayThroughNginxTests(fronts, FrontSite.UwsgiTcpDebian), IClassFixture<FrontsFixture>;
