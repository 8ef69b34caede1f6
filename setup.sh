#!/usr/bin/env bash
# setup.sh [--no-run]
#
# Prepares a Debian 12 machine for Gantry and its tests, then serves the example app:
#   1. checks that the .NET SDK (`dotnet`) is there (it comes with the machine image; never installed here);
#   2. installs the Debian packages the project and its tests need, in one apt-get run
#      (skipped when all of them are already installed);
#   3. publishes the NativeAOT binary to out/gantry and links /usr/local/bin/gantry to it;
#   4. unless --no-run: runs `./gantry --http :9090 --wsgi-file examples/start.py` in the foreground.
# Runs as root (CI) or through sudo for the steps that need root.
set -euo pipefail

REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
cd "$REPO"

RUN_MAIN=1
for arg in "$@"; do
    case $arg in
        --no-run) RUN_MAIN=0 ;;
        -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup.sh: unknown argument '$arg' (usage: ./setup.sh [--no-run])" >&2; exit 2 ;;
    esac
done

log() { printf 'setup: %s\n' "$*" >&2; }

# Root for apt-get and /usr/local/bin; sudo when we are not root.
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        log "not root and sudo is missing: run ./setup.sh as root"
        exit 1
    fi
    SUDO=(sudo)
fi

# --- 1. the .NET SDK ------------------------------------------------------------------------
if ! command -v dotnet >/dev/null 2>&1; then
    log "the .NET SDK ('dotnet') is not on PATH."
    log "Gantry needs the .NET 10 SDK (global.json: 10.0.401 or a later feature band)."
    log "Install it the way your machine image provides it (e.g. Microsoft's packages for Debian 12:"
    log "https://learn.microsoft.com/dotnet/core/install/linux-debian), put 'dotnet' on PATH, and re-run."
    exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- 2. Debian packages ---------------------------------------------------------------------
# One entry per need; "a|b|c" means any of these satisfies it and the first is installed.
# gcc + zlib1g-dev: the NativeAOT linker step (ILCompiler drives the system C toolchain).
# afl++: the fuzzer of fuzz/run.sh and test.sh's fuzz smoke (SharpFuzz's instrumenter is a local dotnet tool).
PACKAGES=(
    python3 libpython3.11
    python3-flask python3-django python3-requests python3-websockets python3-httpx python3-starlette python3-fastapi chromium
    curl wrk "nginx-light|nginx-core|nginx-full|nginx-extras"
    uwsgi-core uwsgi-plugin-python3 gunicorn
    python3-uvicorn python3-uvloop python3-httptools
    procps netcat-openbsd python3-prometheus-client tmux
    openssl python3-h2 nghttp2-client python3-hypercorn python3-daphne
    "php-fpm|php8.2-fpm"
    gcc libc6-dev zlib1g-dev
    afl++
    supervisor
)

is_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]
}

MISSING=()
for need in "${PACKAGES[@]}"; do
    IFS='|' read -r -a choices <<<"$need"
    found=0
    for p in "${choices[@]}"; do
        if is_installed "$p"; then found=1; break; fi
    done
    [ $found -eq 1 ] || MISSING+=("${choices[0]}")
done

if [ ${#MISSING[@]} -eq 0 ]; then
    log "all Debian packages already installed"
else
    log "installing: ${MISSING[*]}"
    APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900)
    "${APT[@]}" update
    "${APT[@]}" install -y "${MISSING[@]}"
fi

# --- 3. the NativeAOT binary ----------------------------------------------------------------
# The same lock as ./gantry's, so a concurrent `./gantry` never runs a second MSBuild on out/.
mkdir -p "$REPO/out"
log "publishing NativeAOT binary to out/gantry"
(
    flock 9
    dotnet publish src/Gantry/Gantry.csproj -c Release -r linux-x64 -o out -nologo -v:minimal
    # gantry.so, for python-host = executable (the same code as a NativeAOT shared library, loaded into python3):
    # a second native compile and link of the same assemblies.
    dotnet publish src/Gantry.Hosted/Gantry.Hosted.csproj -c Release -r linux-x64 -o out -nologo -v:minimal
) 9>"$REPO/out/.publish.lock"
[ -x "$REPO/out/gantry" ] || { log "publish finished but out/gantry is missing"; exit 1; }
[ -f "$REPO/out/gantry.so" ] || { log "publish finished but out/gantry.so is missing"; exit 1; }

if [ "$(readlink /usr/local/bin/gantry 2>/dev/null || true)" != "$REPO/out/gantry" ]; then
    "${SUDO[@]}" ln -sfn "$REPO/out/gantry" /usr/local/bin/gantry
    log "linked /usr/local/bin/gantry -> $REPO/out/gantry"
fi

# --- 4. the main job ------------------------------------------------------------------------
if [ $RUN_MAIN -eq 1 ]; then
    log "serving examples/start.py on :9090 (Ctrl-C stops)"
    exec "$REPO/gantry" --http :9090 --wsgi-file examples/start.py
fi
log "done (--no-run)"
