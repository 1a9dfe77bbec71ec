#!/usr/bin/env bash
# Rolling restart benchmark: wrk through devenv's router to a 3-replica service (the demo's
# `home`, release build) in steady state, then while `devenv restart home --rolling` runs back to
# back for the whole wrk run (every replica replaced several times over).
# Prints requests/s, p99 and errors of each, and p99 during / steady as a ratio.
# Targets: zero errors (non-2xx responses, socket errors) during the restart.
#
#   bash bench/rolling/run.sh     Knobs: DURATION=6 CONNECTIONS=32 SKIP_BUILD=1 DEVENV_BIN=DIR
set -euo pipefail
export LC_ALL=C

DURATION=${DURATION:-6}
CONNECTIONS=${CONNECTIONS:-32}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
say() { printf '%s\n' "$*" >&2; }
die() { say "bench/rolling: $*"; exit 1; }
command -v wrk >/dev/null || die "wrk is missing; run 'make bench' (it installs wrk)"

cd "$root"
# shellcheck source=bench/release.sh
source bench/release.sh
release_binaries devenv devenv-shim demo-app

work=$(mktemp -d "${TMPDIR:-/tmp}/devenv-bench-rolling.XXXXXX")
project=$work/project
mkdir -p "$project/environments"
cat >"$project/environments/dev.yaml" <<YAML
router:
  port: auto
  routes:
    - { path: /, service: home }
services:
  home:
    command: ["$bin/demo-app", "home"]
    port: auto
    replicas: 3
    env: { ROUTER_URL: "\${router.url}" }
    health: { http: /health, interval: 200ms, timeout: 1s, retries: 2 }
    stop_timeout: 5s
YAML
project_commands

dv up dev >/dev/null || die "up failed"
url=$(dv status dev --json | jq -r .router.url)
[[ $url == http* ]] || die "no router url"

# wrk_run SECONDS OUT: wrk through the router; prints nothing, leaves its report in OUT.
wrk_run() { wrk -t1 -c"$CONNECTIONS" -d"$1"s --latency "$url/" >"$2" 2>&1; }
# field OUT: requests/s, p99 in ms, errors (non-2xx responses + socket errors).
report() {
    local out=$1 rps p99 non2xx sockets
    rps=$(awk '/^Requests\/sec/ {print $2}' "$out")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' "$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$out"); non2xx=${non2xx:-0}
    sockets=$(awk '/Socket errors/ {gsub(/,/,""); print $4+$6+$8+$10}' "$out"); sockets=${sockets:-0}
    echo "$rps $p99 $((non2xx + sockets))"
}

say "== steady state: wrk -t1 -c$CONNECTIONS -d${DURATION}s through the router to 3 replicas"
wrk_run 1 "$work/warm.txt"
wrk_run "$DURATION" "$work/steady.txt"
read -r steady_rps steady_p99 steady_errors < <(report "$work/steady.txt")

say "== during rolling restarts: wrk for ${DURATION}s while devenv restart home --rolling runs back to back"
wrk_run "$DURATION" "$work/rolling.txt" &
wrk_pid=$!
rollouts=0
total_ms=0
while kill -0 "$wrk_pid" 2>/dev/null; do
    start=$(date +%s%N)
    dv restart home --rolling >/dev/null || die "the rolling restart failed"
    kill -0 "$wrk_pid" 2>/dev/null || break  # count only rollouts wrk saw whole
    total_ms=$(( total_ms + ($(date +%s%N) - start) / 1000000 ))
    rollouts=$((rollouts + 1))
done
wait "$wrk_pid"
[[ $rollouts -gt 0 ]] || die "no rollout finished within ${DURATION}s"
rolled_ms=$(( total_ms / rollouts ))
read -r rolling_rps rolling_p99 rolling_errors < <(report "$work/rolling.txt")

printf '\n%-28s %12s %10s %8s\n' "" "requests/s" "p99 ms" "errors"
printf '%-28s %12s %10s %8s\n' "steady (3 replicas)" "$steady_rps" "$steady_p99" "$steady_errors"
printf '%-28s %12s %10s %8s\n' "during rolling restarts" "$rolling_rps" "$rolling_p99" "$rolling_errors"
printf '%s rollouts of 3 replicas, %s ms each on average; p99 during/steady: %s×\n' "$rollouts" "$rolled_ms" \
    "$(awk -v a="$rolling_p99" -v b="$steady_p99" 'BEGIN { printf "%.2f", a / b }')"
if [[ $rolling_errors == 0 ]]; then echo "errors during the restart: 0 (target 0): ok"; else echo "errors during the restart: $rolling_errors (target 0): FAIL"; fi
