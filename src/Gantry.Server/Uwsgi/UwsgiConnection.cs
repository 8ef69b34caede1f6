using Gantry.Protocols.Uwsgi;
using Gantry.Server.Connections;
using Gantry.Server.Gateway;

namespace Gantry.Server.Uwsgi;

/// <summary>
/// One connection on a uwsgi socket (<c>--socket</c>, nginx <c>uwsgi_pass</c>): one request packet, its body, one
/// raw HTTP response, then the connection closes, as uWSGI does (uwsgi-docs Protocol.rst: no keep-alive on uwsgi
/// sockets). Input in .Input, response framing in .Response; everything else is the shared <see cref="Connection"/>.
/// </summary>
internal sealed partial class UwsgiConnection : Connection, IUwsgiVariableHandler
{
    /// <summary>
    /// Variables per packet. uWSGI's max-vars (which Gantry ignores) would admit 128; nginx sends ~14 plus one per
    /// request header, so this only stops a packet made of thousands of tiny variables.
    /// </summary>
    private const int MaxVariables = 1024;

    private const int BodyRoom = 8192;

    private readonly GatewayVariables _gateway = new();
    private readonly UwsgiPacketLimits _limits;
    private long _bodyRemaining;

    // The host asked for this request's body streamed: it is invoked once the bytes that came with the packet are in.
    private bool _streamBody;

    public UwsgiConnection(ConnectionServices services, ConnectionPool pool)
        : base(services, pool)
    {
        _limits = new UwsgiPacketLimits(Math.Min(services.Options.BufferSize, UwsgiPacketLimits.MaxBufferSize), MaxVariables);
    }

    /// <summary>The whole packet (header and vars block up to --buffer-size) must fit, plus room for body bytes.</summary>
    protected override int InputLimit => _limits.BufferSize + UwsgiPacketHeader.Size + BodyRoom;

    /// <summary>A uwsgi connection carries one request that the gateway sends at once: no keep-alive idle time.</summary>
    protected override int IdleTimeoutSeconds => Services.Options.SocketTimeoutSeconds;

    /// <inheritdoc />
    protected override void OnOpened()
    {
        _gateway.Reset();
        _bodyRemaining = 0;
        _streamBody = false;
    }

    /// <summary>One variable of a validated vars block, stored by the gateway rules (<see cref="GatewayVariables.Add"/>).</summary>
    public void OnVariable(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        _gateway.Add(Request.Variables, key, value, Services, Listener.DisplayAddress);
}
