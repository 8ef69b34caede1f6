#!/bin/sh
# Runs gantry hosted by Debian's /usr/bin/python3 (static, PGO+LTO): python is the process, gantry.so is loaded into it
# with ctypes.PyDLL (the GIL stays held during the call) and gantry_main gets the arguments.
# SIGINT goes back to SIG_DFL first so Python's KeyboardInterrupt handler does not run beside the server's.
# usage: GANTRY_HOSTED_LIBRARY=/path/gantry.so bench/python-hosted/hosted.sh [gantry arguments]
here=$(cd "$(dirname "$0")" && pwd)
library=${GANTRY_HOSTED_LIBRARY:-$here/out/gantry.so}
python=${GANTRY_HOSTED_PYTHON:-/usr/bin/python3}
exec "$python" -c '
import ctypes, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
arguments = [a.encode() for a in sys.argv[2:]]
main = ctypes.PyDLL(sys.argv[1]).gantry_main
main.restype = ctypes.c_int
main.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
sys.exit(main(len(arguments), (ctypes.c_char_p * (len(arguments) + 1))(*arguments, None)))
' "$library" "$@"
