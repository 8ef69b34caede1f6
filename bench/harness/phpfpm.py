"""php-fpm for the PHP rows: Debian's php-fpm8.2 in the foreground with a pool written under the
run directory (pm static, the same children for every row, a loopback port or a unix socket that
nginx's www-data workers can open), and the document root both fronts serve: index.php echoing
"Hello World", the seed's hello. The same pool serves gantry and nginx, each row starting its own."""
import glob
import os
import signal

CHILDREN = 4                    # pm.max_children, pm = static: the pool both fronts get
HELLO_PHP = '<?php echo "Hello World";\n'


def binary():
    found = [p for p in ("/usr/sbin/php-fpm8.2", "/usr/sbin/php-fpm") if os.path.exists(p)]
    return (found or sorted(glob.glob("/usr/sbin/php-fpm*")) or ["php-fpm8.2"])[0]


def docroot(ctx):
    """The PHP document root (one per run), readable by nginx's and php-fpm's workers."""
    root = os.path.join(ctx.run_dir, "php")
    if not ctx.dry and not os.path.exists(root):
        os.makedirs(root)
        os.chmod(root, 0o755)
        with open(os.path.join(root, "index.php"), "w") as f:
            f.write(HELLO_PHP)
        os.chmod(os.path.join(root, "index.php"), 0o644)
    return root


def start(ctx, transport):
    """Launch php-fpm on a fresh TCP port or unix socket; returns the address for --php-fpm
    (nginx: `unix:` + the path)."""
    address = f"127.0.0.1:{ctx.other_port()}" if transport == "tcp" else ctx.path("php-fpm.sock")
    pool = ctx.path("php-fpm.conf")
    if not ctx.dry:
        with open(pool, "w") as f:
            f.write(f"""[global]
error_log = {ctx.path("php-fpm.log")}
pid = {ctx.path("php-fpm.pid")}
[www]
listen = {address}
listen.mode = 0666
pm = static
pm.max_children = {CHILDREN}
""")
    argv = [binary(), "-F", "-y", pool, "-p", ctx.run_dir]
    if os.geteuid() == 0:
        argv.append("-R")           # the bench runs as root; the workers then need the explicit leave
    # TERM is php-fpm's immediate shutdown (QUIT the graceful one).
    ctx.launch("php-fpm", argv, stop_signal=signal.SIGTERM)
    if not ctx.dry:
        _wait_listening(ctx, address)
    return address


def _wait_listening(ctx, address, timeout=20):
    import socket
    import time
    from .launch import NotAvailable
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        family = socket.AF_UNIX if address.startswith("/") else socket.AF_INET
        target = address if family == socket.AF_UNIX else (address.split(":")[0], int(address.split(":")[1]))
        with socket.socket(family) as s:
            try:
                s.connect(target)
                return
            except OSError:
                time.sleep(0.02)
        if ctx.dead():
            raise NotAvailable(ctx.dead())
    raise NotAvailable(f"php-fpm is not listening on {address} after {timeout} s")


def nginx_site(root, target, keepalive):
    """The seed's site (`root`, `index`, `try_files $uri $uri/ =404`, the PHP location with
    Debian's snippets/fastcgi-php.conf written out) as a `location /` body; with keepalive, the
    upstream block's `keepalive N` and `fastcgi_keep_conn on` (nginx's default closes each)."""
    keep = "fastcgi_keep_conn on;" if keepalive else ""
    return (f"root {root}; index index.html index.htm index.nginx-debian.html index.php; "
            "try_files $uri $uri/ =404; "
            "location ~ [^/]\\.php(/|$) { fastcgi_split_path_info ^(.+?\\.php)(/.*)$; "
            "try_files $fastcgi_script_name =404; set $path_info $fastcgi_path_info; "
            "fastcgi_param PATH_INFO $path_info; fastcgi_index index.php; "
            "include /etc/nginx/fastcgi.conf; "
            f"fastcgi_pass {'php_fpm' if keepalive else target}; {keep} }}")


def nginx_upstream(target, keepalive):
    return f"upstream php_fpm {{ server {target}; keepalive {keepalive}; }}" if keepalive else ""
