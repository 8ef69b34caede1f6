#!/bin/sh
# The bound for framework apps (issue 11): the same ASGI app driven in-process (driver.py, no server) on Debian's
# /usr/bin/python3 (statically linked libpython, what uvicorn runs on) and on libpython3.11.so through a one-line
# Py_BytesMain launcher (the PIC shared library Gantry embeds). Pinned to one core, interleaved, medians.
# usage: bench/python-bound/run.sh [APP ...]   (default: hello_asgi:application hello_starlette:app hello_fastapi:app)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps=${*:-"hello_asgi:application hello_starlette:app hello_fastapi:app"}
cpu=${BOUND_CPU:-0}
rounds=${BOUND_ROUNDS:-3}
command -v gcc >/dev/null || { echo "run.sh: gcc is missing (apt-get install gcc)" >&2; exit 2; }
[ -f /usr/include/python3.11/Python.h ] || { echo "run.sh: Python.h is missing (apt-get install python3.11-dev)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/python-shared" "$here/launcher.c" -I/usr/include/python3.11 -lpython3.11
ldd "$work/python-shared" | grep -q 'libpython3.11.so' || { echo "run.sh: the launcher is not linked to libpython3.11.so" >&2; exit 2; }
export PYTHONPATH="$here/../apps"
echo "load: $(uptime)"
printf '%-26s %-6s %12s %12s %8s\n' app mode "static µs" "shared µs" shared/static
for app in $apps; do
  for mode in await task; do
    s=""; d=""
    for _ in $(seq "$rounds"); do
      s="$s $(taskset -c "$cpu" /usr/bin/python3 "$here/driver.py" "$app" --mode "$mode" | cut -d' ' -f1)"
      d="$d $(taskset -c "$cpu" "$work/python-shared" "$here/driver.py" "$app" --mode "$mode" | cut -d' ' -f1)"
    done
    /usr/bin/python3 - "$app" "$mode" "$s" "$d" <<'PY'
import statistics, sys
app, mode, s, d = sys.argv[1:]
s = statistics.median(map(float, s.split())); d = statistics.median(map(float, d.split()))
print(f"{app:<26} {mode:<6} {s:12.2f} {d:12.2f} {d / s:7.2f}x")
PY
  done
done
echo "load: $(uptime)"
