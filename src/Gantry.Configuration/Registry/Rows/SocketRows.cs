using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>Listening sockets and their protocols (uWSGI core/uwsgi.c socket options, plugins/http/http.c <c>http</c>).</summary>
internal static class SocketRows
{
    private const string OtherProtocol =
        "Gantry speaks HTTP, uwsgi and FastCGI only; use --http-socket, --socket or --fastcgi-socket instead";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Sockets;
        t.Supported("http *", Address,
            "serve HTTP on this address (uWSGI starts a router process; Gantry serves it from its own loop)",
            (o, v) => o.HttpSockets.Add(v.Text));
        t.Supported("http-socket *", Address, "serve HTTP on this address directly from the workers",
            (o, v) => o.HttpSockets.Add(v.Text));
        t.Supported("socket -s *", Address,
            "listen on this address with the default protocol (uwsgi, or what --protocol names)",
            (o, v) => o.DefaultProtocolSockets.Add(v.Text));
        t.Supported("http11-socket *", Address, "serve HTTP/1.1 with keep-alive on this address (Gantry's HTTP sockets always keep alive)",
            (o, v) => o.HttpSockets.Add(v.Text));
        t.Supported("uwsgi-socket *", Address, "listen on this address with the uwsgi binary protocol (as nginx uwsgi_pass speaks it)",
            (o, v) => o.UwsgiSockets.Add(v.Text));
        t.Supported("fastcgi-socket *", Address, "listen on this address with the FastCGI protocol",
            (o, v) => o.FastCgiSockets.Add(v.Text));
        t.Supported("protocol socket-protocol", Text, "protocol of the --socket addresses: uwsgi, http or fastcgi",
            (o, v) => o.Protocol = v.Text, defaultValue: "uwsgi");
        t.Supported("listen -l", Integer, "listen backlog of every socket (the kernel caps it at net.core.somaxconn)",
            (o, v) => o.Listen = v.Int32, defaultValue: "100", minimum: 1, maximum: 65535, maximumReason: "the kernel's backlog limit");
        t.Supported("chmod-socket chmod -C ?", OctalMode, "permissions of unix sockets as three octal digits; alone it means 666",
            (o, v) => o.ChmodSocket = v.Text);
        t.Supported("vacuum", Flag, "remove unix sockets and the pid file on exit", (o, v) => o.Vacuum = v.Flag, defaultValue: "false");

        t.Rejected(OtherProtocol,
            ("scgi-socket *", Address, "listen with the SCGI protocol"),
            ("scgi-nph-socket *", Address, "listen with SCGI in non-parsed-header mode"),
            ("fastcgi-nph-socket *", Address, "listen with FastCGI in non-parsed-header mode"),
            ("raw-socket *", Address, "listen with the raw protocol (the app reads the bare connection)"),
            ("puwsgi-socket *", Address, "listen with persistent (keep-alive) uwsgi"),
            ("suwsgi-socket ssl-socket *", Text, "uwsgi protocol over TLS"));
    }
}
