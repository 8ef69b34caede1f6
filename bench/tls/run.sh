#!/usr/bin/env bash
# HTTPS hello, same run, each server on one pinned core (CORE), h2load/openssl on another (CLIENT_CORE):
#   gantry --https (Kestrel TLS → Gantry's loop → WSGI hello), with --http2
#   nginx TLS (HTTP/1.1 and h2) → uWSGI (uwsgi_pass over a unix socket), both pinned to the same core
#   hypercorn (Debian's python3-hypercorn) with TLS, HTTP/1.1 and h2, ASGI hello
# Rows: HTTPS/1.1 (h2load --h1, 10 connections), h2 (h2load, 100 streams over 10 connections: -c 10 -m 10),
# handshakes per second (openssl s_time -new, full handshakes, one client). REPS repetitions, medians, ratios to Gantry.
# Usage: bench/tls/run.sh [GANTRY_BINARY]   env: CORE=1 CLIENT_CORE=0 DURATION=8 REPS=3
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
GANTRY=${1:-${GANTRY_BINARY:-$REPO/out/gantry}}
CORE=${CORE:-1}
CLIENT_CORE=${CLIENT_CORE:-0}
DURATION=${DURATION:-8}
REPS=${REPS:-3}
for tool in h2load nginx uwsgi hypercorn openssl taskset; do
    command -v "$tool" >/dev/null || { echo "missing $tool (setup.sh installs nghttp2-client, nginx, uwsgi, python3-hypercorn)"; exit 1; }
done
[ -x "$GANTRY" ] || { echo "no gantry binary at $GANTRY (./setup.sh --no-run)"; exit 1; }

WORK=$(mktemp -d /tmp/gantry-tls-bench.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done; sleep 1; for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
cp "$REPO/bench/apps/hello_wsgi_cl.py" "$REPO/bench/apps/hello_asgi.py" "$WORK/"
source "$REPO/bench/tls/peers.sh"
make_certificate

G=$(port); N=$(port); H=$(port)
taskset -c "$CORE" "$GANTRY" --https "127.0.0.1:$G,$WORK/cert.pem,$WORK/key.pem" --http2 --wsgi-file "$WORK/hello_wsgi_cl.py" \
    --disable-logging >"$WORK/gantry.log" 2>&1 &
PIDS+=($!)
taskset -c "$CORE" uwsgi --plugin python3 --uwsgi-socket "$WORK/uwsgi.sock" --chmod-socket=666 --listen 1024 --wsgi-file "$WORK/hello_wsgi_cl.py" \
    --disable-logging >"$WORK/uwsgi.log" 2>&1 &
PIDS+=($!)
write_nginx_conf "$N" http2
taskset -c "$CORE" nginx -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" -g 'daemon off;' >"$WORK/nginx.log" 2>&1 &
PIDS+=($!)
(cd "$WORK" && exec taskset -c "$CORE" hypercorn --certfile cert.pem --keyfile key.pem --bind "127.0.0.1:$H" --workers 1 \
    hello_asgi:application >"$WORK/hypercorn.log" 2>&1) &
PIDS+=($!)
wait_port "$G"; wait_port "$N"; wait_port "$H"; sleep 1

h2rate() { # URL h1|h2 → requests/s
    local extra=(-c 10 -m 10)
    [ "$2" = h1 ] && extra=(--h1 -c 10 -m 1)
    taskset -c "$CLIENT_CORE" h2load "${extra[@]}" -D "$DURATION" --warm-up-time 1 "$1" 2>&1 |
        awk '/^finished in/ { for (i = 1; i <= NF; i++) if ($(i+1) ~ /^req\/s/) print $i }' | head -1
}
handshakes() { # port → full handshakes per second
    taskset -c "$CLIENT_CORE" openssl s_time -connect "127.0.0.1:$1" -new -time "$DURATION" 2>&1 |
        awk '/connections in .* real seconds/ { print $1 / $4; exit }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

declare -A RESULT
for rep in $(seq "$REPS"); do
    for target in gantry:$G nginx:$N hypercorn:$H; do
        name=${target%%:*}; p=${target##*:}
        RESULT[$name-h1]+="$(h2rate "https://127.0.0.1:$p/" h1) "
        RESULT[$name-h2]+="$(h2rate "https://127.0.0.1:$p/" h2) "
        [ "$name" = hypercorn ] || RESULT[$name-hs]+="$(handshakes "$p") "
    done
done
med() { echo "${RESULT[$1]}" | tr ' ' '\n' | grep -v '^$' | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
echo "# HTTPS hello, $(date -u +%FT%TZ), servers on core $CORE, clients on core $CLIENT_CORE, $REPS × ${DURATION}s, medians"
echo "# load: $(uptime)"
echo "# gantry: $GANTRY ($(stat -c %s "$GANTRY") bytes)"
printf '%-34s %12s %12s %12s %10s %10s\n' scenario gantry nginx→uwsgi hypercorn "g/nginx" "g/hyperc."
for row in h1:"HTTPS/1.1 req/s (10 conns)" h2:"h2 req/s (10 conns × 10 streams)" hs:"full TLS handshakes/s"; do
    key=${row%%:*}; label=${row#*:}
    g=$(med "gantry-$key"); n=$(med "nginx-$key"); h=$( [ "$key" = hs ] && echo 0 || med "hypercorn-$key")
    printf '%-34s %12.0f %12.0f %12.0f %10s %10s\n' "$label" "$g" "$n" "$h" "$(ratio "$g" "$n")" "$(ratio "$g" "$h")"
done
echo "# raw: $(for k in "${!RESULT[@]}"; do printf '%s=[%s] ' "$k" "${RESULT[$k]}"; done)"
