#!/usr/bin/env bash
# Supervisor benchmark: `devenv up` of 20 services × 2 replicas against a plain shell script that
# starts the same 40 processes (the floor), then the daemon's idle CPU and peak RSS.
#
#   bash bench/supervisor/run.sh        (or `make bench`)
#
# Targets: up time ≤ 1.3× the floor (ratio of medians); daemon idle CPU < 1% of one core over
# 10 s with the 40 replicas running; daemon peak RSS (VmHWM) < 40 MB. It is a measurement, not a
# test: a missed target prints FAIL and still exits 0; only something broken exits non-zero.
# Everything runs on loopback, in a temp dir that is removed at the end, and whatever it started
# is stopped on exit, also on Ctrl-C. Knobs (environment): RUNS=5 IDLE_SECONDS=10, SKIP_BUILD=1
# (use the release binaries already in .build instead of building).
set -euo pipefail
export LC_ALL=C

SERVICES=20
REPLICAS=2
RUNS=${RUNS:-5}
IDLE_SECONDS=${IDLE_SECONDS:-10}
TARGET_RATIO=1.3
TARGET_CPU_PERCENT=1
TARGET_RSS_MB=40

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
total=$((SERVICES * REPLICAS))

say() { printf '%s\n' "$*" >&2; }
die() { say "bench/supervisor: $*"; exit 1; }

# ---------------------------------------------------------------------------- build
cd "$root"
if [[ ${SKIP_BUILD:-0} == 1 ]]; then
    say "== SKIP_BUILD=1: using the release devenv and devenv-shim already built"
else
    say "== building devenv and devenv-shim (release)"
    swift build -c release --product devenv
    swift build -c release --product devenv-shim
fi
bin=$(swift build -c release --show-bin-path)
devenv=$bin/devenv
[[ -x $devenv && -x $bin/devenv-shim ]] || die "no release devenv / devenv-shim in $bin"

work=$(mktemp -d "${TMPDIR:-/tmp}/devenv-bench-supervisor.XXXXXX")
project=$work/project
server=$work/tinyserver
floor_pids=$work/floor.pids
sleeper=  # the pid of a running `pause`
mkdir -p "$project/environments" "$work/floor-logs"

# ---------------------------------------------------------------------------- helpers

# The pid of this project's bench daemon (its cmdline is `devenv daemon bench -C <root>`), or nothing.
daemon_pid() {
    pgrep -f -- "daemon bench -C $project\$" | head -n 1 || true
}

# How many processes run the benchmark's server binary (both sides use the same one).
servers_running() {
    find /proc -mindepth 2 -maxdepth 2 -name exe -lname "$server" 2>/dev/null | wc -l
}

# Waits (at most ~10 s) until no server process is left; false if some are.
wait_servers_gone() {
    local i
    for ((i = 0; i < 1000; i++)); do
        (( $(servers_running) == 0 )) && return 0
        sleep 0.01
    done
    return 1
}

kill_floor() {
    [[ -f $floor_pids ]] || return 0
    local pid
    while read -r pid; do
        [[ -n $pid ]] && kill "$pid" 2>/dev/null || true
    done <"$floor_pids"
    rm -f "$floor_pids"
}

devenv_down() {
    timeout 60 "$devenv" down bench -C "$project" >"$work/down.out" 2>&1 || {
        cat "$work/down.out" >&2; return 1; }
}

cleanup() {
    local status=$?
    set +e
    trap - EXIT INT TERM
    [[ -n $sleeper ]] && kill "$sleeper" 2>/dev/null
    kill_floor
    if [[ -d $project/.devenv ]]; then devenv_down; fi
    local pid
    pid=$(daemon_pid)
    if [[ -n $pid ]]; then
        say "bench/supervisor: the daemon ($pid) outlived 'devenv down'; terminating it"
        kill "$pid" 2>/dev/null
    fi
    if ! wait_servers_gone; then
        say "bench/supervisor: $(servers_running) server process(es) still running after cleanup"
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A sleep that a trapped Ctrl-C interrupts at once (bash runs traps only between commands).
pause() {
    sleep "$1" &
    sleeper=$!
    wait "$sleeper"
    sleeper=
}

# Microseconds, without forking.
now_us() { REPLY=${EPOCHREALTIME/./}; }

# utime+stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat).
cpu_ticks() {
    local stat rest fields
    [[ -r /proc/$1/stat ]] || return 1
    stat=$(<"/proc/$1/stat") || return 1
    rest=${stat##*) }
    read -r -a fields <<<"$rest"
    REPLY=$((fields[11] + fields[12]))
}

# A value in kB from a /proc/<pid>/ file (status: VmHWM, VmRSS; smaps_rollup: Pss), 0 when gone.
proc_kb() {
    [[ -r /proc/$1/$2 ]] || { echo 0; return; }
    awk -v key="$3:" '$1 == key { value = $2 } END { print value + 0 }' "/proc/$1/$2" 2>/dev/null
}
status_kb() { proc_kb "$1" status "$2"; }

# median and min of the arguments (milliseconds, fractional).
stats() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.1f %.1f\n", m, v[1] }'
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------- fixtures
say "== compiling the tiny HTTP server and writing a manifest of $SERVICES services × $REPLICAS replicas"
cc -O2 -o "$server" "$here/tinyserver.c"

{
    echo "# generated by bench/supervisor/run.sh"
    echo "services:"
    for ((s = 1; s <= SERVICES; s++)); do
        printf '  svc%02d:\n' "$s"
        printf '    command: ["%s"]\n' "$server"
        echo "    port: auto"
        echo "    replicas: $REPLICAS"
        echo "    health: { http: /health, interval: 1s, timeout: 1s, retries: 3 }"
    done
} >"$project/environments/bench.yaml"
"$devenv" validate bench -C "$project" >/dev/null || die "the generated manifest does not validate"

# The floor's ports: free loopback ports picked once, before any timing.
read -r -a floor_ports <<<"$(python3 -c '
import socket, sys
n = int(sys.argv[1]); socks = []
for _ in range(n):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
' "$total")"
(( ${#floor_ports[@]} == total )) || die "could not pick $total free ports"

# ---------------------------------------------------------------------------- one run of each side
# Each sets REPLY to the milliseconds from start to all healthy.

floor_once() {
    local t0 t1
    now_us; t0=$REPLY
    bash "$here/floor.sh" "$server" "$floor_pids" "$work/floor-logs" "${floor_ports[@]}" || die "the floor script failed"
    now_us; t1=$REPLY
    kill_floor
    wait_servers_gone || die "the floor's servers did not stop"
    REPLY=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1000 }')
}

devenv_once() {
    local t0 t1 ms
    now_us; t0=$REPLY
    "$devenv" up bench -C "$project" >"$work/up.out" 2>&1 || { cat "$work/up.out" >&2; die "devenv up bench failed"; }
    now_us; t1=$REPLY
    ms=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1000 }')
    if [[ ${1:-} == check ]]; then check_all_healthy; fi
    devenv_down || die "devenv down bench failed"
    [[ -z $(daemon_pid) ]] || die "the daemon still runs after devenv down"
    wait_servers_gone || die "devenv's replicas did not stop after devenv down"
    REPLY=$ms
}

# After `up`: status --json must show every replica running and healthy.
check_all_healthy() {
    "$devenv" status bench -C "$project" --json >"$work/status.json" || die "devenv status failed"
    python3 - "$work/status.json" "$total" <<'PY' || die "devenv up returned before every replica was healthy (see above)"
import json, sys
status = json.load(open(sys.argv[1]))
replicas = [r for s in status["services"] for r in s["replicas"]]
good = [r for r in replicas if r["state"] == "running" and r["health"] == "healthy"]
if len(replicas) != int(sys.argv[2]) or len(good) != len(replicas):
    print(f"{len(good)}/{len(replicas)} replicas running and healthy, expected {sys.argv[2]}", file=sys.stderr)
    sys.exit(1)
PY
}

# ---------------------------------------------------------------------------- up time
say "== up time: floor vs devenv up, $RUNS runs each, interleaved (plus one warm-up pair, not counted)"
floor_once;  warm_floor=$REPLY
devenv_once check; warm_devenv=$REPLY
say "   warm-up     floor ${warm_floor} ms   devenv ${warm_devenv} ms"
floor_ms=() devenv_ms=()
for ((run = 1; run <= RUNS; run++)); do
    floor_once;  floor_ms+=("$REPLY")
    devenv_once; devenv_ms+=("$REPLY")
    say "   run $run       floor ${floor_ms[-1]} ms   devenv ${devenv_ms[-1]} ms"
done
read -r floor_median floor_min <<<"$(stats "${floor_ms[@]}")"
read -r devenv_median devenv_min <<<"$(stats "${devenv_ms[@]}")"
ratio=$(awk -v a="$devenv_median" -v b="$floor_median" 'BEGIN { printf "%.2f", a / b }')

# ---------------------------------------------------------------------------- idle daemon
say "== idle: devenv up, 2 s settle, then the daemon's CPU over ${IDLE_SECONDS} s"
"$devenv" up bench -C "$project" >"$work/up.out" 2>&1 || { cat "$work/up.out" >&2; die "devenv up bench failed"; }
check_all_healthy
daemon=$(daemon_pid)
[[ -n $daemon ]] || die "cannot find the bench daemon's pid"
pause 2
mapfile -t shims < <(pgrep -P "$daemon" || true)
(( ${#shims[@]} == total )) || say "   note: the daemon has ${#shims[@]} child processes, expected $total shims"
hz=$(getconf CLK_TCK)

cpu_ticks "$daemon"; d0=$REPLY
s0=0; for p in "${shims[@]}"; do cpu_ticks "$p" && s0=$((s0 + REPLY)); done
now_us; w0=$REPLY
pause "$IDLE_SECONDS"
cpu_ticks "$daemon" || die "the daemon died during the idle window"; d1=$REPLY
now_us; w1=$REPLY
s1=0; for p in "${shims[@]}"; do cpu_ticks "$p" && s1=$((s1 + REPLY)); done

read -r cpu_percent cpu_seconds wall_seconds shim_cpu_percent <<<"$(awk -v d=$((d1 - d0)) -v s=$((s1 - s0)) -v hz="$hz" -v w=$((w1 - w0)) \
    'BEGIN { w /= 1e6; printf "%.2f %.2f %.2f %.2f\n", 100 * d / hz / w, d / hz, w, 100 * s / hz / w }')"
threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$daemon/status")
hwm_kb=$(status_kb "$daemon" VmHWM)
rss_kb=$(status_kb "$daemon" VmRSS)
shim_rss_kb=0 shim_pss_kb=0
for p in "${shims[@]}"; do
    shim_rss_kb=$((shim_rss_kb + $(status_kb "$p" VmRSS)))
    # PSS shares each shared page among its users: the shims' real joint footprint.
    shim_pss_kb=$((shim_pss_kb + $(proc_kb "$p" smaps_rollup Pss)))
done
devenv_down || die "devenv down bench failed"
wait_servers_gone || die "devenv's replicas did not stop after devenv down"

# ---------------------------------------------------------------------------- summary
verdict() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo FAIL; fi; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k * 1024 / 1e6 }'; }
ratio_result=$(verdict "$ratio <= $TARGET_RATIO")
cpu_result=$(verdict "$cpu_percent < $TARGET_CPU_PERCENT")
rss_result=$(verdict "$hwm_kb * 1024 < $TARGET_RSS_MB * 1e6")

echo
echo "supervisor benchmark — $SERVICES services × $REPLICAS replicas = $total tiny HTTP servers, health: http /health"
echo "up time: $RUNS runs each side, interleaved; floor = bash script starting the same $total processes and polling GET /health every 10 ms"
echo "machine: $(nproc) cores; load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work skews the figures)"
printf '  floor runs (ms):  %s\n' "${floor_ms[*]}"
printf '  devenv runs (ms): %s\n' "${devenv_ms[*]}"
echo
row() { printf '  %-34s %-32s %-10s %s\n' "$@"; }
row "measure" "value" "target" "result"
row "floor: start until all healthy" "median $floor_median ms, min $floor_min ms" "" ""
row "devenv up: until all healthy" "median $devenv_median ms, min $devenv_min ms" "" ""
row "up time ratio (devenv / floor)" "${ratio}x (of the medians)" "<= ${TARGET_RATIO}x" "$ratio_result"
row "daemon idle CPU (${wall_seconds} s wall)" "${cpu_percent}% (${cpu_seconds} s CPU)" "< ${TARGET_CPU_PERCENT}%" "$cpu_result"
row "daemon peak RSS (VmHWM)" "$(mb "$hwm_kb")" "< ${TARGET_RSS_MB} MB" "$rss_result"
row "daemon RSS now (VmRSS), threads" "$(mb "$rss_kb"), $threads threads" "" "info"
row "${#shims[@]} devenv-shims: RSS sum / PSS sum" "$(mb "$shim_rss_kb") / $(mb "$shim_pss_kb")" "" "info"
row "${#shims[@]} devenv-shims: idle CPU (sum)" "${shim_cpu_percent}%" "" "info"
echo "  (MB = 10^6 bytes; RSS sums count shared pages once per process, PSS splits them; CPU = utime+stime from /proc/<pid>/stat, ${hz} ticks/s, as % of one core)"
