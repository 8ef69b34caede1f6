#!/bin/sh
# CPU per request of two rows, measured in interleaved pairs (bench/harness/cpupairs.py; --help).
cd "$(dirname "$0")" && exec /usr/bin/python3 -m harness.cpupairs "$@"
