#!/usr/bin/env bash
# CPU time and context switches per HTTPS/1.1 hello request, the servers' own counters (not a throughput figure, so it
# can run at a modest fixed rate on a shared machine): gantry --https (one or more variants, set by environment
# assignments) against nginx TLS → uWSGI (uwsgi_pass). Everything on one pinned core (CORE), h2load at RATE requests/s
# per connection over 10 connections, N requests; the servers' utime+stime (all threads, /proc/PID/stat) and
# voluntary+involuntary context switches (/proc/PID/task/*/status) before and after.
# RATE=0 runs unthrottled (then the req/s column is a throughput figure: run it only on a quiet machine, with the
# client on another core, CLIENT_CORE).
# Usage: bench/tls/cpu_per_request.sh [GANTRY_BINARY] ['ENV=1 ENV2=1' …]   env: CORE=1 CLIENT_CORE=CORE N=20000 RATE=200
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
GANTRY=${1:-${GANTRY_BINARY:-$REPO/out/gantry}}
shift || true
VARIANTS=("$@")
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=("")
CORE=${CORE:-1}
N=${N:-20000}
RATE=${RATE:-200}
CLIENT_CORE=${CLIENT_CORE:-$CORE}
RPS=(--rps "$RATE")
[ "$RATE" = 0 ] && RPS=()
for tool in h2load nginx uwsgi openssl taskset; do
    command -v "$tool" >/dev/null || { echo "missing $tool"; exit 1; }
done
WORK=$(mktemp -d /tmp/gantry-tls-cpu.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done; sleep 1; for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
cp "$REPO/bench/apps/hello_wsgi_cl.py" "$WORK/"
source "$REPO/bench/tls/peers.sh"
make_certificate
ticks() { local t=0; for pid in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); done; echo "$t"; }
switches() { cat $(for pid in "$@"; do echo /proc/"$pid"/task/*/status; done) 2>/dev/null | awk '/ctxt_switches/ { s += $2 } END { print s }'; }
measure() { # label url pids…
    local label=$1 url=$2; shift 2
    taskset -c "$CLIENT_CORE" h2load --h1 -c 10 -m 1 -n 2000 "$url" >/dev/null 2>&1
    local t0 s0 t1 s1; t0=$(ticks "$@"); s0=$(switches "$@")
    local out; out=$(taskset -c "$CLIENT_CORE" h2load --h1 -c 10 -m 1 -n "$N" "${RPS[@]}" "$url" 2>&1)
    t1=$(ticks "$@"); s1=$(switches "$@")
    local done rate; done=$(echo "$out" | awk '/^requests:/ { print $8 }')
    rate=$(echo "$out" | awk '/^finished in/ { for (i = 1; i <= NF; i++) if ($(i+1) ~ /^req\/s/) print $i }' | head -1)
    awk -v l="$label" -v t=$((t1 - t0)) -v s=$((s1 - s0)) -v n="$done" -v r="$rate" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "%-44s %8d req %9.1f µs CPU/req %7.2f switches/req %9.0f req/s\n", l, n, t * 1e6 / hz / n, s / n, r }'
}

N_PORT=$(port)
taskset -c "$CORE" uwsgi --plugin python3 --uwsgi-socket "$WORK/uwsgi.sock" --chmod-socket=666 --listen 1024 --wsgi-file "$WORK/hello_wsgi_cl.py" \
    --disable-logging >"$WORK/uwsgi.log" 2>&1 &
PIDS+=($!); UWSGI=$!
write_nginx_conf "$N_PORT"
taskset -c "$CORE" nginx -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" -g 'daemon off;' >"$WORK/nginx.log" 2>&1 &
PIDS+=($!); NGINX=$!
wait_port "$N_PORT"; sleep 1
echo "# HTTPS/1.1 hello, CPU per request, $(date -u +%FT%TZ), servers on core $CORE, h2load on core $CLIENT_CORE, $N requests at ${RATE}/s (0: unthrottled) × 10 connections"
echo "# load: $(uptime)"
measure "nginx TLS → uWSGI" "https://127.0.0.1:$N_PORT/" "$NGINX" $(pgrep -P "$NGINX") "$UWSGI" $(pgrep -P "$UWSGI" || true)
for variant in "${VARIANTS[@]}"; do
    G=$(port)
    env $variant taskset -c "$CORE" "$GANTRY" --https "127.0.0.1:$G,$WORK/cert.pem,$WORK/key.pem" --wsgi-file "$WORK/hello_wsgi_cl.py" \
        --disable-logging >"$WORK/gantry.log" 2>&1 &
    pid=$!; PIDS+=($pid)
    wait_port "$G"; sleep 1
    measure "gantry ${variant:-(default)}" "https://127.0.0.1:$G/" "$pid"
    kill -INT "$pid"; wait "$pid" 2>/dev/null || true
done
