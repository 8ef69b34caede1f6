#!/usr/bin/env bash
# fuzz/campaign.sh SECONDS [EXECS] [TARGET...]
#
# Runs fuzz/run.sh on every target (or those named), one at a time, each until EXECS executions (default 1,000,000)
# or SECONDS, whichever comes first, then prints the campaign as Markdown table rows for fuzz/RESULTS.md, with the
# date, afl++ version and the machine's load. Exits 1 if any target found a crash or hang, 2 if one could not run.
set -uo pipefail

REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: fuzz/campaign.sh SECONDS [EXECS] [TARGET...]" >&2; exit 2; }
SECONDS_EACH=$1
EXECS=${2:-1000000}
shift $(($# >= 2 ? 2 : 1))
WORK=${GANTRY_FUZZ_WORK:-$REPO/artifacts/fuzz}
export GANTRY_FUZZ_WORK=$WORK

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <("$REPO/fuzz/run.sh" --list | cut -f1)
fi
worst=0
rows=()
for target in "${targets[@]}"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    GANTRY_FUZZ_NO_BUILD=${GANTRY_FUZZ_NO_BUILD:-0} GANTRY_FUZZ_EXECS=$EXECS "$REPO/fuzz/run.sh" "$target" "$SECONDS_EACH"
    rc=$?
    [ $rc -gt $worst ] && worst=$rc
    # The line run.sh appended to results.tsv: date target seconds execs execs/s corpus edges crashes hangs afl
    line=$(grep -P "\t$target\t" "$WORK/results.tsv" | tail -n 1)
    IFS=$'\t' read -r date _ seconds execs rate corpus edges crashes hangs afl <<<"$line"
    rows+=("| $target | $date | $seconds | $execs | $rate | $corpus | $edges | $crashes | $hangs | $afl | $load |")
    export GANTRY_FUZZ_NO_BUILD=1
done
echo
echo "| target | finished (UTC) | seconds | execs | execs/s | corpus (paths) | edges | crashes | hangs | afl | load at start |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit $worst
