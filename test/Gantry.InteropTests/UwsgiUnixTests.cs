using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>uwsgi_pass to a unix socket made with --chmod-socket=666.</summary>
public sealed class UwsgiUnixTests(FrontsFixture fronts) : GatewayThroughNginxTests(fronts, FrontSite.UwsgiUnix), IClassFixture<FrontsFixture>;
