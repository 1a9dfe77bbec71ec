#!/usr/bin/env bash
# Pause and sleep benchmark, on a copy of the demo stack (environments/ and seed/, dev):
#   - resume: wall time of `devenv resume` of the paused stack, until every service is healthy
#     again (target ≤ 100 ms);
#   - wake vs cold up: wall time of `devenv wake` of the sleeping stack against a cold `devenv up`
#     (no daemon, Postgres cluster kept), both until all is healthy, as a ratio;
#   - the daemon's CPU while the stack is paused, over IDLE_SECONDS (target ≈ 0);
#   - with wake_on_request: the first response through the router (curl, wall time) to the paused
#     stack, which the request wakes (target ≤ 200 ms).
# Medians of ROUNDS rounds. A missed target prints FAIL and still exits 0; only something broken
# exits non-zero.
#
#   bash bench/pause/run.sh        Knobs: ROUNDS=5 IDLE_SECONDS=5 SKIP_BUILD=1 DEVENV_BIN=DIR
set -euo pipefail
export LC_ALL=C

ROUNDS=${ROUNDS:-5}
IDLE_SECONDS=${IDLE_SECONDS:-5}
TARGET_RESUME_MS=100
TARGET_IDLE_CPU_PERCENT=0.1
TARGET_FIRST_RESPONSE_MS=200

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
say() { printf '%s\n' "$*" >&2; }
die() { say "bench/pause: $*"; exit 1; }

cd "$root"
# shellcheck source=bench/release.sh
source bench/release.sh
release_binaries devenv devenv-shim demo-app

work=$(mktemp -d "${TMPDIR:-/tmp}/devenv-bench-pause.XXXXXX")
chmod 711 "$work"  # Postgres's unprivileged user passes through it when this runs as root
project=$work/demo
mkdir -p "$project"
cp -r environments seed "$project/"
# The demo's commands name .build/debug/demo-app: point them at the release one, on a free port.
sed -i "s|\.build/debug/demo-app|$bin/demo-app|; s|^  port: 8080|  port: auto|" "$project/environments/dev.yaml"

project_commands

now_ms() { date +%s%3N; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
timed() {  # the wall time in ms of "$@", which must succeed
    local t0 t1
    t0=$(now_ms)
    "$@" >/dev/null || die "'$*' failed"
    t1=$(now_ms)
    echo $((t1 - t0))
}
daemon_pid() { pgrep -f -- "daemon dev -C $project( --up)?\$" | head -n 1; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

say "== the demo stack up once (cluster, seeds)"
dv up dev >/dev/null || die "devenv up failed"

resume_ms=() wake_ms=() cold_ms=()
for round in $(seq 1 "$ROUNDS"); do
    dv pause dev >/dev/null || die "pause failed"
    resume_ms+=("$(timed dv resume dev)")
    dv sleep dev >/dev/null || die "sleep failed"
    wake_ms+=("$(timed dv wake dev)")
    dv down dev >/dev/null || die "down failed"
    cold_ms+=("$(timed dv up dev)")
    say "   round $round: resume ${resume_ms[-1]} ms, wake ${wake_ms[-1]} ms, cold up ${cold_ms[-1]} ms"
done

dv pause dev >/dev/null || die "pause failed"
daemon=$(daemon_pid) || die "no daemon"
before=$(cpu_ticks "$daemon")
sleep "$IDLE_SECONDS"
after=$(cpu_ticks "$daemon")
dv resume dev >/dev/null || die "resume failed"

say "== wake_on_request: the first response to the paused stack"
printf '\nwake_on_request: true\n' >>"$project/environments/dev.yaml"
dv up dev >/dev/null || die "up with wake_on_request failed"
router=$(dv status dev --json | jq -r .router.url)
first_ms=()
for round in $(seq 1 "$ROUNDS"); do
    dv pause dev >/dev/null || die "pause failed"
    first_ms+=("$(timed curl -fsS -o /dev/null --max-time 30 "$router/")")
    say "   round $round: first response ${first_ms[-1]} ms"
done

resume=$(median "${resume_ms[@]}") wake=$(median "${wake_ms[@]}") cold=$(median "${cold_ms[@]}")
ratio=$(awk -v a="$wake" -v b="$cold" 'BEGIN { printf "%.2f", a / b }')
first=$(median "${first_ms[@]}")
cpu=$(awk -v t=$((after - before)) -v s="$IDLE_SECONDS" 'BEGIN { printf "%.2f", t / s }')  # 100 ticks/s: % of a core
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "PASS" : "FAIL" }'; }
printf '%-44s %12s %12s %6s\n' "measure (median of $ROUNDS)" "value" "target" ""
printf '%-44s %12s %12s %6s\n' "resume of the paused demo, until healthy" "${resume} ms" "≤ ${TARGET_RESUME_MS} ms" "$(verdict "$resume" "$TARGET_RESUME_MS")"
printf '%-44s %12s %12s %6s\n' "wake of the sleeping demo, until healthy" "${wake} ms" "" ""
printf '%-44s %12s %12s %6s\n' "cold up (no daemon), until healthy" "${cold} ms" "" ""
printf '%-44s %12s %12s %6s\n' "  ratio wake / cold up" "${ratio}×" "" ""
printf '%-44s %12s %12s %6s\n' "daemon CPU while paused (${IDLE_SECONDS} s)" "${cpu}%" "≈ 0" "$(verdict "$cpu" "$TARGET_IDLE_CPU_PERCENT")"
printf '%-44s %12s %12s %6s\n' "first response to it paused (wake_on_request)" "${first} ms" "≤ ${TARGET_FIRST_RESPONSE_MS} ms" "$(verdict "$first" "$TARGET_FIRST_RESPONSE_MS")"
echo "rounds (ms): resume ${resume_ms[*]} | wake ${wake_ms[*]} | cold up ${cold_ms[*]} | first response ${first_ms[*]}"
