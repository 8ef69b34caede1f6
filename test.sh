#!/usr/bin/env bash
# ./test.sh [NAME...]
#
# Runs every test project under test/ (or only those whose name contains one of NAME...):
#   1. ./setup.sh --no-run   installs the Debian packages and publishes out/gantry (once);
#   2. dotnet build Gantry.slnx -c Release   builds all test projects once;
#   3. dotnet test --no-build -c Release per project: unit-test projects in parallel with each other,
#      then FunctionalTests and InteropTests one at a time, with GANTRY_BINARY=<repo>/out/gantry;
#   4. a fuzz smoke: fuzz/run.sh TARGET for every target of fuzz/Gantry.Fuzz, one at a time, GANTRY_FUZZ_SMOKE_SECONDS
#      each (default 20; at most 60, the whole smoke stays under 5 minutes). Each target is one test: passed when
#      afl-fuzz found nothing, failed (named) on a crash or hang, whose input is then kept in fuzz/crashes/TARGET/.
# Prints each project's summary as it completes and closes with one line `N passed, M failed`.
# A failed setup, a failed build, a crashed, hung or timed-out test host each count as one failure. A hang (no test
# finished for GANTRY_TEST_HANG_TIMEOUT seconds) stops the test host with a minidump, and the test that was running
# is named from the blame collector and from xunit's long-running-test report.
# Exits non-zero on any failure. Logs and .trx results: artifacts/test-logs/<stamp>/ (and .../latest).
# Env: GANTRY_TEST_JOBS (parallel unit-test projects, default nproc),
#      GANTRY_TEST_TIMEOUT (seconds per project, default 1200), GANTRY_SKIP_SETUP=1 (skip step 1),
#      GANTRY_TEST_HANG_TIMEOUT (seconds without a test finishing before a project counts as hung, default 90),
#      GANTRY_FUZZ_SMOKE_SECONDS (per fuzz target, default 20, 0 skips the smoke).
set -uo pipefail

REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
cd "$REPO"

export GANTRY_BINARY="$REPO/out/gantry"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No MSBuild worker nodes outliving this script.
export MSBUILDDISABLENODEREUSE=1

JOBS=${GANTRY_TEST_JOBS:-$(nproc)}
PROJECT_TIMEOUT=${GANTRY_TEST_TIMEOUT:-1200}
# The slowest test takes about 12 s (a functional cheaper-mode test) and the tests' own waits give up within 60 s with
# a message (HttpClient's default 100 s aside): 90 s without any test finishing is a hang, not a slow machine. A hang
# costs at most this per project, plus a minidump (about 20 MB, in the logs folder).
HANG_TIMEOUT=${GANTRY_TEST_HANG_TIMEOUT:-90}
STAMP=$(date +%Y%m%d-%H%M%S)
LOGS="$REPO/artifacts/test-logs/$STAMP"
mkdir -p "$LOGS"
ln -sfn "$STAMP" "$REPO/artifacts/test-logs/latest"

PASSED=0
FAILED=0
SKIPPED=0
PROBLEMS=()
START=$SECONDS

say() { printf '%s\n' "$*"; }
problem() {
    FAILED=$((FAILED + 1))
    PROBLEMS+=("$1")
    say "FAILED: $1"
}
elapsed() { printf '%ds' $((SECONDS - $1)); }

# --- which projects ---------------------------------------------------------------------------
PARALLEL=()
SERIAL=()
for csproj in test/*/*.csproj; do
    name=$(basename "$csproj" .csproj)
    if [ $# -gt 0 ]; then
        wanted=0
        for filter in "$@"; do [[ $name == *"$filter"* ]] && wanted=1; done
        [ $wanted -eq 1 ] || continue
    fi
    case $name in
        *FunctionalTests* | *InteropTests* | *Supervisor.Tests*) SERIAL+=("$csproj") ;;
        *) PARALLEL+=("$csproj") ;;
    esac
done
# The benchmark harness's Python tests and the fuzz smoke run too, unless the names given leave them out.
wanted_bench=1
wanted_fuzz=1
if [ $# -gt 0 ]; then
    wanted_bench=0
    wanted_fuzz=0
    for filter in "$@"; do
        [[ bench == *"$filter"* ]] && wanted_bench=1
        [[ fuzz == *"$filter"* ]] && wanted_fuzz=1
    done
fi
FUZZ_SECONDS=${GANTRY_FUZZ_SMOKE_SECONDS:-20}
[ "$FUZZ_SECONDS" -gt 60 ] && FUZZ_SECONDS=60
[ "$FUZZ_SECONDS" -le 0 ] && wanted_fuzz=0
if [ $((${#PARALLEL[@]} + ${#SERIAL[@]} + wanted_bench + wanted_fuzz)) -eq 0 ]; then
    say "test.sh: no test project under test/ matches: $*" >&2
    exit 2
fi

# --- 1. install + publish -----------------------------------------------------------------------
if [ "${GANTRY_SKIP_SETUP:-0}" != 1 ]; then
    step=$SECONDS
    say "== setup.sh --no-run (log: $LOGS/setup.log)"
    if ./setup.sh --no-run >"$LOGS/setup.log" 2>&1; then
        say "   ok ($(elapsed $step))"
    else
        { grep -E ': error |^E: |^setup: ' "$LOGS/setup.log" || tail -n 25 "$LOGS/setup.log"; } | sort -u | head -n 30 | sed 's/^/   | /'
        problem "setup.sh --no-run (install or NativeAOT publish), see $LOGS/setup.log"
    fi
fi

# --- 2. build once --------------------------------------------------------------------------------
step=$SECONDS
say "== dotnet build Gantry.slnx -c Release (log: $LOGS/build.log)"
REBUILD=()
if dotnet build Gantry.slnx -c Release -nologo >"$LOGS/build.log" 2>&1; then
    say "   ok ($(elapsed $step))"
else
    grep -E ': error ' "$LOGS/build.log" | sort -u | head -n 30 | sed 's/^/   | /'
    problem "dotnet build Gantry.slnx, see $LOGS/build.log"
    # MSBuild prints "Name -> …/Name.dll" for each project it built (or found up to date). A test project
    # without that line failed or was skipped: it builds itself when tested, one at a time (MSBuild runs on
    # shared projects must not overlap), so one broken project does not hide the others' results.
    built() { grep -qE "^ *$(basename "$1" .csproj) -> " "$LOGS/build.log"; }
    KEEP=()
    for csproj in "${PARALLEL[@]}"; do if built "$csproj"; then KEEP+=("$csproj"); else REBUILD+=("$csproj"); fi; done
    PARALLEL=("${KEEP[@]}")
    KEEP=()
    for csproj in "${SERIAL[@]}"; do if built "$csproj"; then KEEP+=("$csproj"); else REBUILD+=("$csproj"); fi; done
    SERIAL=("${KEEP[@]}")
fi

# --- 3. test ----------------------------------------------------------------------------------------
# Runs one project; its output goes to <name>.log, its exit code to <name>.rc.
# With a second argument "build", dotnet test builds the project first.
run_project() {
    local csproj=$1 name no_build=(--no-build)
    name=$(basename "$csproj" .csproj)
    [ "${2:-}" = build ] && no_build=()
    timeout --kill-after=30 "$PROJECT_TIMEOUT" \
        dotnet test "$csproj" "${no_build[@]}" -c Release -nologo \
        --results-directory "$LOGS" --logger "trx;LogFileName=$name.trx" \
        --blame-hang-timeout "${HANG_TIMEOUT}s" --blame-hang-dump-type mini \
        >"$LOGS/$name.log" 2>&1
    echo $? >"$LOGS/$name.rc"
}

# What is known about a hung or crashed test host, on one line: the test the blame collector saw running, the tests
# xunit reported as long-running (from the .trx), and the dump.
hang_suspects() {
    local name=$1 log="$LOGS/$1.log" running long dumps
    # "The test running when the crash occurred: " followed by one name per line, up to a blank line.
    running=$(sed -n '/The test running when the crash occurred:/,/^\s*$/p' "$log" | sed '1d;/^\s*$/d' | paste -sd ' ')
    long=$(grep -oP "\[Long Running Test\] '\K[^']+" "$LOGS/$name.trx" 2>/dev/null | sort -u | paste -sd ' ')
    dumps=$(grep -oE '/[^ ]*_hangdump\.dmp' "$log" | sort -u | paste -sd ' ')
    printf 'running: %s; xunit long-running: %s; dump: %s' "${running:-unknown}" "${long:-none}" "${dumps:-none}"
}

# Adds one finished project's counts to the totals and prints its summary.
report_project() {
    local csproj=$1 name log rc failed=0 passed=0 skipped=0 summaries=0 line
    name=$(basename "$csproj" .csproj)
    log="$LOGS/$name.log"
    rc=$(cat "$LOGS/$name.rc" 2>/dev/null || echo 255)
    # "Failed!  - Failed:     1, Passed:     1, Skipped:     1, Total:     3, Duration: …" (one per assembly)
    while IFS= read -r line; do
        if [[ $line =~ (Passed|Failed)!\ +-\ +Failed:\ +([0-9]+),\ +Passed:\ +([0-9]+),\ +Skipped:\ +([0-9]+), ]]; then
            failed=$((failed + BASH_REMATCH[2]))
            passed=$((passed + BASH_REMATCH[3]))
            skipped=$((skipped + BASH_REMATCH[4]))
            summaries=$((summaries + 1))
        fi
    done <"$log"
    PASSED=$((PASSED + passed))
    FAILED=$((FAILED + failed))
    SKIPPED=$((SKIPPED + skipped))
    say "-- $name: $passed passed, $failed failed, $skipped skipped (exit $rc, log: $log)"
    grep -E '^\s+Failed [^ ]' "$log" | head -n 40 | sed 's/^ */   failed: /'
    if grep -q 'inactivity time of' "$log"; then
        problem "$name: hung, no test finished for ${HANG_TIMEOUT}s; the test host was stopped, later tests did not run ($(hang_suspects "$name"))"
    elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        problem "$name: timed out after ${PROJECT_TIMEOUT}s"
    elif [ "$rc" != 0 ] && [ "$failed" -eq 0 ]; then
        grep -E ': error |aborted|crashed|Unhandled exception|No test' "$log" | grep -vE '^\s+at ' | sort -u | head -n 15 | sed 's/^/   | /'
        problem "$name: exited $rc without a failed test (build error, crashed or aborted test host)"
    elif [ "$rc" = 0 ] && [ $summaries -eq 0 ]; then
        say "   (no tests in $name)"
    fi
}

step=$SECONDS
if [ ${#PARALLEL[@]} -gt 0 ]; then
    say "== unit tests, up to $JOBS projects at a time"
    declare -A PROJECT_OF_PID=()
    for csproj in "${PARALLEL[@]}"; do
        while [ ${#PROJECT_OF_PID[@]} -ge "$JOBS" ]; do
            wait -n -p done_pid
            report_project "${PROJECT_OF_PID[$done_pid]}"
            unset "PROJECT_OF_PID[$done_pid]"
        done
        run_project "$csproj" &
        PROJECT_OF_PID[$!]=$csproj
    done
    while [ ${#PROJECT_OF_PID[@]} -gt 0 ]; do
        wait -n -p done_pid
        report_project "${PROJECT_OF_PID[$done_pid]}"
        unset "PROJECT_OF_PID[$done_pid]"
    done
fi
for csproj in "${SERIAL[@]}"; do
    say "== $(basename "$csproj" .csproj) (alone)"
    run_project "$csproj"
    report_project "$csproj"
done
for csproj in "${REBUILD[@]}"; do
    say "== $(basename "$csproj" .csproj) (alone, building it first: the solution build did not)"
    run_project "$csproj" build
    report_project "$csproj"
done

# --- the benchmark harness's own tests (Python unittest, a few seconds) ---------------------------------
if [ $wanted_bench -eq 1 ]; then
    say "== bench harness tests (python unittest)"
    log=$LOGS/bench-harness.log
    (cd bench && /usr/bin/python3 -m unittest discover -s tests) > "$log" 2>&1
    rc=$?
    ran=$(grep -oP '^Ran \K\d+' "$log" | head -n 1)
    ran=${ran:-0}
    bad=$(grep -oP '^FAILED \(.*' "$log" | grep -oP '(failures|errors)=\K\d+' | awk '{s += $1} END {print s + 0}')
    PASSED=$((PASSED + ran - bad))
    FAILED=$((FAILED + bad))
    say "-- bench harness: $((ran - bad)) passed, $bad failed (exit $rc, log: $log)"
    if [ "$rc" != 0 ] && [ "$bad" -eq 0 ]; then
        FAILED=$((FAILED + 1))
        problem "bench harness tests exited $rc without a failed test"
    fi
fi

# --- fuzz smoke: each target a bounded afl-fuzz run, one at a time, after every test host has ended ------------
if [ $wanted_fuzz -eq 1 ]; then
    say "== fuzz smoke, ${FUZZ_SECONDS}s per target (logs: $LOGS/fuzz-*.log)"
    fuzz_step=$SECONDS
    # The solution build above built fuzz/Gantry.Fuzz; run.sh instruments a copy of it.
    targets=$(GANTRY_FUZZ_NO_BUILD=1 fuzz/run.sh --list 2>"$LOGS/fuzz-list.log" | cut -f1)
    [ -n "$targets" ] || problem "fuzz smoke: fuzz/run.sh --list gave no target, see $LOGS/fuzz-list.log"
    for target in $targets; do
        log=$LOGS/fuzz-$target.log
        GANTRY_FUZZ_NO_BUILD=1 GANTRY_FUZZ_WORK="$LOGS/fuzz" fuzz/run.sh "$target" "$FUZZ_SECONDS" >"$log" 2>&1
        rc=$?
        summary=$(grep -E "^fuzz: $target: [0-9]+ execs" "$log" | tail -n 1 | sed "s/^fuzz: //")
        if [ $rc -eq 0 ]; then
            PASSED=$((PASSED + 1))
            say "-- fuzz $summary"
        elif [ $rc -eq 1 ]; then
            FAILED=$((FAILED + 1))
            say "-- fuzz $summary"
            grep -E '^fuzz: .*kept|CRASH|HANG' "$log" | head -n 10 | cut -c1-300 | sed 's/^/   | /'
            say "FAILED: fuzz target $target: a crash or hang (inputs kept in fuzz/crashes/$target/), see $log"
        else
            tail -n 5 "$log" | sed 's/^/   | /'
            problem "fuzz target $target: the campaign could not run (exit $rc), see $log"
        fi
    done
    say "   fuzz smoke took $(elapsed $fuzz_step)"
fi

# --- totals -------------------------------------------------------------------------------------------
say ""
say "tests took $(elapsed $step), whole run $(elapsed $START); logs: $LOGS"
for p in "${PROBLEMS[@]}"; do say "not a test result, counted as a failure: $p"; done
[ "$SKIPPED" -gt 0 ] && say "skipped: $SKIPPED"
say "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
