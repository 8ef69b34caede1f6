#!/usr/bin/env bash
# fuzz/run.sh TARGET [SECONDS]        one bounded afl-fuzz campaign against one parser (fuzz/README.md)
# fuzz/run.sh --list                  the targets
#
#   1. builds fuzz/Gantry.Fuzz (Release; skipped with GANTRY_FUZZ_NO_BUILD=1 when the caller built it);
#   2. copies the build to $WORK/app and instruments the copy's Gantry.Protocols.dll and Gantry.Configuration.dll
#      with `dotnet tool run sharpfuzz` (once per build; the tests keep using the uninstrumented build);
#   3. runs afl-fuzz for SECONDS (default 60), seeded with fuzz/corpus/TARGET and fuzz/crashes/TARGET;
#   4. prints execs, execs/s, corpus, edges, crashes and hangs on one line (and appends it to $WORK/results.tsv);
#   5. on a crash or a hang: copies each input to fuzz/crashes/TARGET/ (named by its SHA-1), replays the crashes
#      through the uninstrumented harness to show the exception, and exits 1.
# Exit: 0 clean, 1 crash or hang found, 2 the campaign could not run (no afl-fuzz, build error, afl-fuzz aborted).
# Env: GANTRY_FUZZ_WORK (default <repo>/artifacts/fuzz), GANTRY_FUZZ_TIMEOUT_MS (per input, default 2000),
#      GANTRY_FUZZ_NO_BUILD=1, GANTRY_FUZZ_NICE (nice level, default 19: the machine is shared),
#      GANTRY_FUZZ_EXECS (stop after that many executions, if before SECONDS: a campaign's goal).
set -uo pipefail

REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
HARNESS="$REPO/fuzz/Gantry.Fuzz"
BUILD="$HARNESS/bin/Release/net10.0"
WORK=${GANTRY_FUZZ_WORK:-$REPO/artifacts/fuzz}
TIMEOUT_MS=${GANTRY_FUZZ_TIMEOUT_MS:-2000}
NICE=${GANTRY_FUZZ_NICE:-19}
EXECS=()
[ -n "${GANTRY_FUZZ_EXECS:-}" ] && EXECS=(-E "$GANTRY_FUZZ_EXECS")
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1

say() { printf 'fuzz: %s\n' "$*"; }
die() { printf 'fuzz: %s\n' "$*" >&2; exit 2; }

build() {
    [ "${GANTRY_FUZZ_NO_BUILD:-0}" = 1 ] && [ -f "$BUILD/Gantry.Fuzz.dll" ] && return 0
    dotnet build "$HARNESS/Gantry.Fuzz.csproj" -c Release -nologo >"$WORK/build.log" 2>&1 \
        || { grep -E ': error ' "$WORK/build.log" | sort -u | head -n 20 >&2; die "building Gantry.Fuzz failed, see $WORK/build.log"; }
}

mkdir -p "$WORK"
if [ "${1:-}" = --list ]; then
    build
    exec dotnet "$BUILD/Gantry.Fuzz.dll" --list
fi
[ $# -ge 1 ] || { echo "usage: fuzz/run.sh TARGET [SECONDS] | --list" >&2; exit 2; }
TARGET=$1
SECONDS_WANTED=${2:-60}
[[ $SECONDS_WANTED =~ ^[0-9]+$ ]] && [ "$SECONDS_WANTED" -gt 0 ] || die "SECONDS must be a positive whole number, not '$SECONDS_WANTED'"
command -v afl-fuzz >/dev/null || die "afl-fuzz is missing: apt-get install -y afl++ (setup.sh installs it)"

build
dotnet "$BUILD/Gantry.Fuzz.dll" --list | cut -f1 | grep -qx "$TARGET" \
    || die "no target '$TARGET'; targets: $(dotnet "$BUILD/Gantry.Fuzz.dll" --list | cut -f1 | paste -sd ' ')"

# --- instrument a copy (shared by the targets; made again when the build is newer) --------------------------
APP="$WORK/app"
if [ ! -f "$APP/.instrumented" ] || [ -n "$(find "$BUILD" -maxdepth 1 -name '*.dll' -newer "$APP/.instrumented" | head -n 1)" ]; then
    rm -rf "$APP"
    mkdir -p "$APP"
    cp -r "$BUILD/." "$APP/"
    (cd "$REPO" && dotnet tool restore >"$WORK/tool-restore.log" 2>&1) || die "dotnet tool restore failed, see $WORK/tool-restore.log"
    for assembly in Gantry.Protocols Gantry.Configuration; do
        (cd "$REPO" && dotnet tool run sharpfuzz "$APP/$assembly.dll") >"$WORK/instrument-$assembly.log" 2>&1 \
            || die "sharpfuzz could not instrument $assembly.dll, see $WORK/instrument-$assembly.log"
    done
    touch "$APP/.instrumented"
fi
RUN="$WORK/$TARGET"
rm -rf "$RUN"
mkdir -p "$RUN/seeds"

# --- seeds: the corpus and every crash found before (fixed since, and good starting points) --------------
for dir in "$REPO/fuzz/corpus/$TARGET" "$REPO/fuzz/crashes/$TARGET"; do
    [ -d "$dir" ] && find "$dir" -maxdepth 1 -type f ! -name '*.md' -exec cp {} "$RUN/seeds/" \;
done
[ -n "$(ls -A "$RUN/seeds")" ] || die "no seed inputs in fuzz/corpus/$TARGET"

# --- the campaign ------------------------------------------------------------------------------------------
# AFL_SKIP_BIN_CHECK: the program afl-fuzz starts is `dotnet`, not an afl-instrumented binary; SharpFuzz's fork
# server speaks the protocol. AFL_NO_AFFINITY: the cores are shared with other work, do not pin to one.
say "$TARGET: afl-fuzz for ${SECONDS_WANTED}s (per-input time-out ${TIMEOUT_MS} ms; log: $RUN/afl.log)"
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    AFL_AUTORESUME=0 \
    timeout --kill-after=30 $((SECONDS_WANTED + 300)) \
    nice -n "$NICE" afl-fuzz -V "$SECONDS_WANTED" "${EXECS[@]}" -t "$TIMEOUT_MS" -m none -i "$RUN/seeds" -o "$RUN/findings" \
    -- dotnet "$APP/Gantry.Fuzz.dll" "$TARGET" >"$RUN/afl.log" 2>&1
rc=$?
STATS="$RUN/findings/default/fuzzer_stats"
if [ ! -f "$STATS" ]; then
    grep -E 'PROGRAM ABORT|\[-\]' "$RUN/afl.log" | head -n 5 >&2
    die "$TARGET: afl-fuzz stopped before fuzzing (exit $rc), see $RUN/afl.log"
fi
stat() { sed -n "s/^$1 *: *//p" "$STATS"; }
execs=$(stat execs_done)
rate=$(stat execs_per_sec)
corpus=$(stat corpus_count)
edges=$(stat edges_found)
crashes=$(stat saved_crashes)
hangs=$(stat saved_hangs)
version=$(stat afl_version)
runtime=$(stat run_time)
say "$TARGET: $execs execs in ${runtime}s ($rate/s), corpus $corpus, edges $edges, crashes $crashes, hangs $hangs (afl $version)"
[ -f "$WORK/results.tsv" ] || printf 'date\ttarget\tseconds\texecs\texecs_per_sec\tcorpus\tedges\tcrashes\thangs\tafl\n' >"$WORK/results.tsv"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$TARGET" "$runtime" "$execs" "$rate" "$corpus" "$edges" \
    "$crashes" "$hangs" "$version" >>"$WORK/results.tsv"
if [ "$rc" != 0 ]; then
    grep -E 'PROGRAM ABORT' -A1 "$RUN/afl.log" | head -n 4 >&2
    die "$TARGET: afl-fuzz exited $rc, see $RUN/afl.log"
fi
[ "${crashes:-0}" = 0 ] && [ "${hangs:-0}" = 0 ] && exit 0

# --- keep what was found -------------------------------------------------------------------------------
KEEP="$REPO/fuzz/crashes/$TARGET"
mkdir -p "$KEEP"
kept=()
for kind in crashes hangs; do
    for input in "$RUN/findings/default/$kind"/id:*; do
        [ -f "$input" ] || continue
        name="${kind%es}"; name="${name%s}-$(sha1sum "$input" | cut -c1-16)"
        cp "$input" "$KEEP/$name"
        kept+=("$KEEP/$name")
        say "$TARGET: kept $kind input as fuzz/crashes/$TARGET/$name"
    done
done
say "$TARGET: replaying them through the uninstrumented harness (10 s each: a hang stays one):"
for input in "${kept[@]}"; do
    timeout --kill-after=5 10 dotnet "$BUILD/Gantry.Fuzz.dll" "$TARGET" "$input" | cut -c1-400 | head -n 12
    [ "${PIPESTATUS[0]}" = 124 ] && say "HANG    $input (still running after 10 s)"
done
say "$TARGET: FAILED: $crashes crash(es), $hangs hang(s); minimise with afl-tmin (fuzz/README.md), fix the parser, and keep the input"
exit 1
