using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>The seed's site verbatim: <c>include uwsgi_params; uwsgi_pass 127.0.0.1:PORT;</c> in front of <c>gantry --socket</c>.</summary>
public sealed class UwsgiTcpTests(FrontsFixture fronts) : GatewayThroughNginxTests(fronts, FrontSite.UwsgiTcp), IClassFixture<FrontsFixture>;
