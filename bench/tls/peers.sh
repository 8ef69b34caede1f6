# Shared by bench/tls/*.sh (sourced): a work folder's certificate, free ports, and the nginx TLS → uWSGI peer.
# WORK must be set (a mktemp -d folder, mode 755) before the functions are called.

# A self-signed localhost certificate: WORK/cert.pem, WORK/key.pem.
make_certificate() {
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 2 -subj /CN=localhost \
        -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null
    chmod 644 "$WORK"/*.pem
}
port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; echo "port $1 never opened"; exit 1; }

# nginx's config: TLS on 127.0.0.1:PORT (LISTEN_EXTRA, e.g. "http2", after "ssl"), uwsgi_pass to WORK/uwsgi.sock.
write_nginx_conf() { # PORT [LISTEN_EXTRA]
    cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    # nginx ends a kept connection after 1000 requests (HTTP/1.1 and h2 GOAWAY); h2load does not reconnect, so the
    # default would starve nginx's rows of clients part-way through a run.
    keepalive_requests 1000000;
    client_body_temp_path $WORK/body; proxy_temp_path $WORK/proxy; fastcgi_temp_path $WORK/fcgi; uwsgi_temp_path $WORK/uwsgi; scgi_temp_path $WORK/scgi;
    server {
        listen 127.0.0.1:$1 ssl ${2:-};
        ssl_certificate $WORK/cert.pem;
        ssl_certificate_key $WORK/key.pem;
        location / { include /etc/nginx/uwsgi_params; uwsgi_pass unix:$WORK/uwsgi.sock; }
    }
}
CONF
}
