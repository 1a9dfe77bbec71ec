#!/usr/bin/env bash
# Supervisor benchmark: `devenv up` of 20 services × 2 replicas against two other ways of starting
# the same 40 servers, side by side in one run: a plain shell script (the floor) and honcho (a
# Procfile runner, the Python clone of foreman); then the daemon's idle CPU and peak RSS.
#
#   bash bench/supervisor/run.sh        (or `make bench`)
#
# Two rounds, one per server, each side started RUNS times, interleaved (floor, devenv, honcho):
#   - c: tinyserver.c, compiled here, which starts in well under a millisecond: the supervisors'
#     own cost, nearly alone;
#   - python: pyserver.py (http.server), as real services start: an interpreter and its imports.
# Every side is timed the same way, from its start command until all 40 ports answer: the floor
# (floor.sh) and honcho (`python -m honcho start` of a Procfile with one line per server, each
# `PORT=<port> exec <server>`) are polled with GET /health about every 10 ms (wait_healthy.sh);
# `devenv up` returns once its own health checks pass. Every side runs the same command line for
# a server: the C binary, or the Python interpreter's real path (sys.executable of `python3` on
# PATH, resolved once) and pyserver.py, never a version manager's shim (pyenv's puts tens of ms
# on every start); honcho runs as `<that interpreter> -m honcho`. honcho is installed into that
# interpreter with pip when it is missing.
#
# Targets: python round, up time ≤ 1.1× the floor and < 1.0× honcho; c round, < 1.0× honcho, its
# ratio to the floor shown as info (its old 1.3× target is retired) (ratios of medians); daemon idle CPU < 1% of one core over 10 s with the 40
# replicas running; daemon peak RSS (VmHWM) < 40 MB. It is a measurement, not a test: a missed
# target prints FAIL and still exits 0; only something broken exits non-zero.
# Everything runs on loopback, in a temp dir that is removed at the end, and whatever it started
# is stopped on exit, also on Ctrl-C. Knobs (environment): RUNS=5 IDLE_SECONDS=10, SKIP_BUILD=1
# (use the release binaries already in .build instead of building), DEVENV_BIN=DIR (measure the
# devenv and devenv-shim in DIR instead, for an A/B of two builds).
set -euo pipefail
export LC_ALL=C

SERVICES=20
REPLICAS=2
RUNS=${RUNS:-5}
IDLE_SECONDS=${IDLE_SECONDS:-10}
# devenv / floor, at most. The c round's (1.3x) is retired: with servers that start in well under a
# millisecond it measures the daemon's own start-up, not what a user waits for; it is shown as info.
declare -A TARGET_FLOOR_RATIO=([python]=1.1)
TARGET_HONCHO_RATIO=1.0                               # devenv / honcho, below
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
    say "== building devenv, devenv-shim and demo-app (release, as shipped: make release)"
    make -s release
fi
bin=${DEVENV_BIN:-$(swift build -c release --show-bin-path)}  # DEVENV_BIN: another build to measure (an A/B)
devenv=$bin/devenv
[[ -x $devenv && -x $bin/devenv-shim ]] || die "no release devenv / devenv-shim in $bin"

work=$(mktemp -d "${TMPDIR:-/tmp}/devenv-bench-supervisor.XXXXXX")
project=$work/project
server=$work/tinyserver
procfile=$work/Procfile
floor_pids=$work/floor.pids
sleeper=     # the pid of a running `pause`
honcho_pid=  # the pid of a running `honcho start`
server_exe=  # the executable of the round's server (see use_server)
mkdir -p "$project/environments" "$work/floor-logs"

# The interpreter behind `python3`, by its real path: a version manager's shim (pyenv's) on PATH
# would add its own start-up to every server's.
real_python=$(python3 -c 'import sys; print(sys.executable)') || die "python3 is not on PATH"
[[ $real_python == /* && -x $real_python ]] || die "python3 names no interpreter path ('$real_python')"
# honcho from PyPI: into the interpreter where pip may install, else (Debian's externally managed
# Python) into a directory of its own put on PYTHONPATH, which changes nothing of the system's.
honcho_home=${XDG_CACHE_HOME:-$HOME/.cache}/devenv-bench/honcho
if [[ -d $honcho_home ]]; then export PYTHONPATH=$honcho_home${PYTHONPATH:+:$PYTHONPATH}; fi
if ! "$real_python" -c 'import honcho' 2>/dev/null; then
    say "== installing honcho (pip, into $real_python)"
    if ! "$real_python" -m pip install --quiet --disable-pip-version-check honcho 2>/dev/null; then
        "$real_python" -m pip install --quiet --disable-pip-version-check --break-system-packages --target "$honcho_home" honcho \
            || die "cannot install honcho with $real_python -m pip (apt-get install python3-pip)"
        export PYTHONPATH=$honcho_home${PYTHONPATH:+:$PYTHONPATH}
    fi
fi
honcho_version=$("$real_python" -m honcho --version 2>&1) || die "honcho does not run: $honcho_version"  # "honcho 2.0.0"

# ---------------------------------------------------------------------------- helpers

# The pid of this project's bench daemon (its cmdline is `devenv daemon bench -C <root> [--up]`), or nothing.
daemon_pid() {
    pgrep -f -- "daemon bench -C $project( --up)?\$" | head -n 1 || true
}

# How many processes run the current round's server: those whose executable is the server's
# (the binary, or the interpreter) and with the server's own path (the binary, or the script the
# interpreter runs) for an argument. That path is read from a file (grep's own command line must
# not count); the executable rules out devenv's shims, whose command lines show what they run.
servers_running() {
    local exes
    mapfile -t exes < <(find /proc -mindepth 2 -maxdepth 2 -name exe -lname "$server_exe" 2>/dev/null)
    ((${#exes[@]} > 0)) || { echo 0; return; }
    { grep -lzxF -f "$work/server.path" "${exes[@]/%exe/cmdline}" 2>/dev/null || true; } | wc -l
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

stop_honcho() {
    [[ -n $honcho_pid ]] || return 0
    kill "$honcho_pid" 2>/dev/null  # SIGTERM: honcho terminates its processes, then exits
    # honcho has been seen to hang on a TERM that came while it was still starting: after 5 s,
    # KILL it and every server it started (each server is a child of one of its children).
    for _ in $(seq 1 500); do kill -0 "$honcho_pid" 2>/dev/null || break; sleep 0.01; done
    if kill -0 "$honcho_pid" 2>/dev/null; then
        say "   honcho did not stop within 5 s of TERM; killing it and its servers"
        local child
        for child in $(pgrep -P "$honcho_pid" || true); do pkill -KILL -P "$child" 2>/dev/null || true; kill -KILL "$child" 2>/dev/null || true; done
        kill -KILL "$honcho_pid" 2>/dev/null || true
    fi
    wait "$honcho_pid" 2>/dev/null || true
    honcho_pid=
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
    stop_honcho
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
say "== compiling the tiny HTTP server"
cc -O2 -o "$server" "$here/tinyserver.c"

# The floor's and honcho's ports (they run one at a time): free loopback ports picked once,
# before any timing. devenv picks its own (port: auto).
read -r -a floor_ports <<<"$("$real_python" -c '
import socket, sys
n = int(sys.argv[1]); socks = []
for _ in range(n):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
' "$total")"
(( ${#floor_ports[@]} == total )) || die "could not pick $total free ports"

# The command line of one server in round $1 (c or python), in server_command; what tells its
# processes apart (see servers_running) in server_exe and $work/server.path.
declare -A server_note=([c]="tinyserver.c, compiled here" [python]="pyserver.py (http.server) run by $real_python")
use_server() {
    case $1 in
        c) server_command=("$server") ;;
        python) server_command=("$real_python" "$here/pyserver.py") ;;
        *) die "no server '$1'" ;;
    esac
    server_exe=$(realpath "${server_command[0]}")
    printf '%s\n' "${server_command[-1]}" >"$work/server.path"
}

# The three sides' configuration for server_command: devenv's manifest of $SERVICES services ×
# $REPLICAS replicas, and a Procfile of the same $total servers, one line each, on the floor's ports.
# honcho runs each line with `sh -c`: `exec` takes that shell out of the way, as a careful
# Procfile would.
write_configs() {
    local s r list= word
    for word in "${server_command[@]}"; do list+="${list:+, }\"$word\""; done
    {
        echo "# generated by bench/supervisor/run.sh"
        echo "services:"
        for ((s = 1; s <= SERVICES; s++)); do
            printf '  svc%02d:\n' "$s"
            printf '    command: [%s]\n' "$list"
            echo "    port: auto"
            echo "    replicas: $REPLICAS"
            echo "    health: { http: /health, interval: 1s, timeout: 1s, retries: 3 }"
        done
    } >"$project/environments/bench.yaml"
    "$devenv" validate bench -C "$project" >/dev/null || die "the generated manifest does not validate"
    {
        for ((s = 1; s <= SERVICES; s++)); do
            for ((r = 1; r <= REPLICAS; r++)); do
                printf 'svc%02d_%d: PORT=%s exec %s\n' "$s" "$r" "${floor_ports[(s - 1) * REPLICAS + r - 1]}" "${server_command[*]@Q}"
            done
        done
    } >"$procfile"
}

# ---------------------------------------------------------------------------- one run of each side
# Each sets REPLY to the milliseconds from start to all healthy; with `check` it first makes sure
# that the side runs $total servers then (and devenv's status has them all healthy).

# Dies unless $total processes of the round's server run (side $1 just started them).
check_count() {
    local running
    running=$(servers_running)
    ((running == total)) || die "$1 runs $running server processes, expected $total"
}

# Milliseconds between two now_us readings, with one decimal.
elapsed_ms() { awk -v d=$(($2 - $1)) 'BEGIN { printf "%.1f", d / 1000 }'; }

floor_once() {
    local t0 t1
    now_us; t0=$REPLY
    bash "$here/floor.sh" "$floor_pids" "$work/floor-logs" "${floor_ports[@]}" -- "${server_command[@]}" || die "the floor script failed"
    now_us; t1=$REPLY
    if [[ ${1:-} == check ]]; then check_count floor; fi
    kill_floor
    wait_servers_gone || die "the floor's servers did not stop"
    REPLY=$(elapsed_ms "$t0" "$t1")
}

honcho_once() {
    local t0 t1
    now_us; t0=$REPLY
    "$real_python" -m honcho start -f "$procfile" -d "$work" --no-colour </dev/null >"$work/honcho.log" 2>&1 &
    honcho_pid=$!
    bash "$here/wait_healthy.sh" "${floor_ports[@]}" || { tail -n 20 "$work/honcho.log" >&2; die "honcho's servers did not all answer"; }
    now_us; t1=$REPLY
    if [[ ${1:-} == check ]]; then check_count honcho; fi
    stop_honcho
    wait_servers_gone || die "honcho's servers did not stop"
    REPLY=$(elapsed_ms "$t0" "$t1")
}

devenv_once() {
    local t0 t1 ms
    now_us; t0=$REPLY
    "$devenv" up bench -C "$project" >"$work/up.out" 2>&1 || { cat "$work/up.out" >&2; die "devenv up bench failed"; }
    now_us; t1=$REPLY
    ms=$(elapsed_ms "$t0" "$t1")
    if [[ ${1:-} == check ]]; then check_all_healthy; check_count devenv; fi
    devenv_down || die "devenv down bench failed"
    [[ -z $(daemon_pid) ]] || die "the daemon still runs after devenv down"
    wait_servers_gone || die "devenv's replicas did not stop after devenv down"
    REPLY=$ms
}

# After `up`: status --json must show every replica running and healthy.
check_all_healthy() {
    "$devenv" status bench -C "$project" --json >"$work/status.json" || die "devenv status failed"
    "$real_python" - "$work/status.json" "$total" <<'PY' || die "devenv up returned before every replica was healthy (see above)"
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
SIDES=(floor devenv honcho)
SERVERS=(c python)
declare -A runs median minimum  # by "<round> <side>": the runs' ms (space-separated), their median, their min
for round in "${SERVERS[@]}"; do
    use_server "$round"
    write_configs
    say "== up time, $round server: ${SIDES[*]}, $RUNS runs each, interleaved (plus one warm-up of each, not counted)"
    for ((run = 0; run <= RUNS; run++)); do
        line= check=
        ((run > 0)) || check=check  # the warm-up checks what each side started
        for side in "${SIDES[@]}"; do
            "${side}_once" $check
            ((run == 0)) || runs[$round $side]+="${runs[$round $side]:+ }$REPLY"
            line+=$(printf '   %s %8s ms' "$side" "$REPLY")
        done
        say "   $( ((run == 0)) && echo "warm-up" || printf 'run %-3d' "$run")$line"
    done
    for side in "${SIDES[@]}"; do
        # shellcheck disable=SC2086  # the runs are words
        read -r "median[$round $side]" "minimum[$round $side]" <<<"$(stats ${runs[$round $side]})"
    done
done
use_server c  # the idle measurement runs the C servers: the daemon's cost, not the servers'
write_configs

# ---------------------------------------------------------------------------- idle daemon
say "== idle: devenv up, 2 s settle, then the daemon's CPU over ${IDLE_SECONDS} s"
"$devenv" up bench -C "$project" >"$work/up.out" 2>&1 || { cat "$work/up.out" >&2; die "devenv up bench failed"; }
check_all_healthy
daemon=$(daemon_pid)
[[ -n $daemon ]] || die "cannot find the bench daemon's pid"
pause 2
# The shims (`devenv-shim --log …`), not the fork server that clones them.
mapfile -t shims < <(pgrep -P "$daemon" -f -- "--log " || true)
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
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
cpu_result=$(verdict "$cpu_percent < $TARGET_CPU_PERCENT")
rss_result=$(verdict "$hwm_kb * 1024 < $TARGET_RSS_MB * 1e6")

echo
echo "supervisor benchmark — $SERVICES services × $REPLICAS replicas = $total HTTP servers, health: http /health"
echo "up time: $RUNS runs of each side per server, interleaved; each side from its start command until all $total answer:"
echo "  floor = bash script starting the $total processes, polling GET /health every 10 ms"
echo "  honcho = $real_python -m honcho start ($honcho_version), a Procfile of the $total, polled like the floor"
echo "  devenv = devenv up, which returns once its own health checks pass"
for round in "${SERVERS[@]}"; do echo "  $round server: ${server_note[$round]}"; done
echo "machine: $(nproc) cores; load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work skews the figures)"
for round in "${SERVERS[@]}"; do
    for side in "${SIDES[@]}"; do printf '  %-6s %-6s runs (ms): %s\n' "$round" "$side" "${runs[$round $side]}"; done
done
echo
row() { printf '  %-40s %-32s %-10s %s\n' "$@"; }
row "measure" "value" "target" "result"
for round in "${SERVERS[@]}"; do
    row "$round: floor, start until all healthy" "median ${median[$round floor]} ms, min ${minimum[$round floor]} ms" "" ""
    row "$round: honcho, start until all healthy" "median ${median[$round honcho]} ms, min ${minimum[$round honcho]} ms" "" ""
    row "$round: devenv up, until all healthy" "median ${median[$round devenv]} ms, min ${minimum[$round devenv]} ms" "" ""
    to_floor=$(ratio "${median[$round devenv]}" "${median[$round floor]}")
    to_honcho=$(ratio "${median[$round devenv]}" "${median[$round honcho]}")
    if [[ -n ${TARGET_FLOOR_RATIO[$round]:-} ]]; then
        row "$round: up time, devenv / floor" "${to_floor}x (of the medians)" "<= ${TARGET_FLOOR_RATIO[$round]}x" \
            "$(verdict "$to_floor <= ${TARGET_FLOOR_RATIO[$round]}")"
    else
        row "$round: up time, devenv / floor" "${to_floor}x (of the medians)" "" "info"
    fi
    row "$round: up time, devenv / honcho" "${to_honcho}x (of the medians)" "< ${TARGET_HONCHO_RATIO}x" \
        "$(verdict "$to_honcho < $TARGET_HONCHO_RATIO")"
done
row "daemon idle CPU (${wall_seconds} s wall)" "${cpu_percent}% (${cpu_seconds} s CPU)" "< ${TARGET_CPU_PERCENT}%" "$cpu_result"
row "daemon peak RSS (VmHWM)" "$(mb "$hwm_kb")" "< ${TARGET_RSS_MB} MB" "$rss_result"
row "daemon RSS now (VmRSS), threads" "$(mb "$rss_kb"), $threads threads" "" "info"
row "${#shims[@]} devenv-shims: RSS sum / PSS sum" "$(mb "$shim_rss_kb") / $(mb "$shim_pss_kb")" "" "info"
row "${#shims[@]} devenv-shims: idle CPU (sum)" "${shim_cpu_percent}%" "" "info"
echo "  (MB = 10^6 bytes; RSS sums count shared pages once per process, PSS splits them; CPU = utime+stime from /proc/<pid>/stat, ${hz} ticks/s, as % of one core)"
