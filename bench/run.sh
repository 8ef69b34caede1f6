#!/bin/sh
# Gantry against its peers, in one run; see bench/README.md. Arguments go to the driver
# (bench/run.sh --help). Debian's Python: the peers' python3-* packages live there.
cd "$(dirname "$0")" && exec /usr/bin/python3 -m harness "$@"
