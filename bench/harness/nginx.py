"""nginx as a front (uwsgi_pass, fastcgi_pass) or as the ceiling (`return 200`): one master
and one worker, on the server core (or on RunContext.front_cpu when the row asks for it), with
its own prefix, pid file and temp paths under the run directory (nginx's workers run as
www-data and cannot enter /root)."""
import signal

UWSGI_PARAMS = "/etc/nginx/uwsgi_params"
FASTCGI_PARAMS = "/etc/nginx/fastcgi_params"


def start(ctx, location_body, http_extra="", workers=1):
    """Write the config for one `location /` body (and `http_extra` at the http level: an
    upstream block) and launch nginx in the foreground."""
    if ctx.dry:
        where = "" if ctx.front_cpu == ctx.server_cpu else f", pinned to core {ctx.front_cpu}"
        ctx.commands.append(f"nginx ({workers} worker{'s' if workers > 1 else ''}, access_log off{where}) with: location / {{ "
                            + " ".join(location_body.split()) + " }")
        return None
    conf = ctx.path("nginx.conf")
    temp = ctx.path("nginx-temp")
    error_log = ctx.path("nginx-error.log").replace(ctx.run_dir, ctx.log_dir)
    with open(conf, "w") as f:
        f.write(_CONFIG.format(pid=ctx.path("nginx.pid"), error_log=error_log, temp=temp,
                               port=ctx.port, location=location_body, http_extra=http_extra,
                               workers=workers))
    return ctx.launch("nginx", ["nginx", "-p", ctx.run_dir, "-c", conf, "-e", error_log],
                      stop_signal=signal.SIGTERM, cpu=ctx.front_cpu)


def uwsgi_pass(target):
    """The seed's site: `include uwsgi_params; uwsgi_pass TARGET;` (host:port or unix:PATH)."""
    return f"include {UWSGI_PARAMS}; uwsgi_pass {target};"


def fastcgi_pass(target):
    return f"include {FASTCGI_PARAMS}; fastcgi_pass {target};"


RETURN_200 = 'default_type text/plain; return 200 "Hello World";'

# Request logging off; keep-alive from wrk to nginx is never the limit (keepalive_requests).
_CONFIG = """daemon off;
master_process on;
worker_processes {workers};
user www-data;
pid {pid};
error_log {error_log} warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path {temp}-body;
    proxy_temp_path {temp}-proxy;
    fastcgi_temp_path {temp}-fastcgi;
    uwsgi_temp_path {temp}-uwsgi;
    scgi_temp_path {temp}-scgi;
    {http_extra}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            {location}
        }}
    }}
}}
"""
