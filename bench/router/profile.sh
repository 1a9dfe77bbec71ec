#!/usr/bin/env bash
# Where the router's CPU goes per request: perf samples of the router alone in front of an nginx
# backend, under wrk -t1 -c32, split into kernel, allocation, ARC, NIO, HTTP parsing and the
# router's own code, in microseconds of CPU per request.
#
#   bash bench/router/profile.sh            (the release build in .build/release)
#   ROUTER_CMD="/other/devenv router-bench" bash bench/router/profile.sh   (an A/B of two builds)
#
# Needs perf (Debian: linux-perf), nginx and wrk. Loopback only; stops what it starts.
# Environment: SECONDS_RECORDED (default 10), CONNECTIONS (default 32), TOP (symbols listed, 25),
# PERF_DATA (a path to keep the samples at, for perf report).
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RECORDED="${SECONDS_RECORDED:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
TOP="${TOP:-25}"
ROUTER_CMD="${ROUTER_CMD:-$ROOT/.build/release/devenv router-bench}"
for tool in perf nginx wrk; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench/router/profile: $tool is missing" >&2; exit 1; }
done

# shellcheck source=bench/router/common.sh
source "$ROOT/bench/router/common.sh"
BACKEND_PORT="$(free_port)"
ROUTER_PORT="$(free_port)"
start_backend "$BACKEND_PORT"
start_router "$ROUTER_PORT" "$BACKEND_PORT"
wait_ready "$BACKEND_PORT" backend
wait_ready "$ROUTER_PORT" devenv

url="http://127.0.0.1:$ROUTER_PORT/"
wrk -t1 -c"$CONNECTIONS" -d2s "$url" >/dev/null
wrk -t1 -c"$CONNECTIONS" -d"$((RECORDED + 2))s" "$url" >"$WORK/wrk.txt" &
WRK_PID=$!
sleep 1
before="$(awk '{ print $14 + $15 }' "/proc/$ROUTER_PID/stat")"
perf record -q -F 2999 -g -p "$ROUTER_PID" -o "$WORK/perf.data" -- sleep "$RECORDED" 2>/dev/null
after="$(awk '{ print $14 + $15 }' "/proc/$ROUTER_PID/stat")"
wait "$WRK_PID"
rps="$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk.txt")"
cpu_us="$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v rps="$rps" -v s="$RECORDED" 'BEGIN { printf "%.2f", t / hz * 1e6 / (rps * s) }')"

if [ -n "${PERF_DATA:-}" ]; then cp "$WORK/perf.data" "$PERF_DATA"; fi
perf report -i "$WORK/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' >"$WORK/symbols.txt"
echo "router under wrk -t1 -c$CONNECTIONS: $rps req/s, $cpu_us us CPU per request (user+system, /proc)"
echo
echo "CPU per request by kind (share of samples x $cpu_us us):"
awk -v per="$cpu_us" '{
    share = $1; sub(/%/, "", share); name = $0
    if (name ~ /\[k\]/) kind = "kernel (syscalls, TCP, epoll)"
    else if (name ~ /swift_retain|swift_release|swift_bridgeObject|swift_unknownObject|swift_tryRetain|_swift_release_|_swift_retain_/) kind = "ARC (retain/release)"
    else if (name ~ /malloc|free|swift_allocObject|swift_deallocObject|swift_slowAlloc|swift_slowDealloc|_int_|tcache|swift_allocBox|swift_deallocClassInstance/) kind = "allocation (malloc/free)"
    else if (name ~ /llhttp|8NIOHTTP1/) kind = "NIOHTTP1 + llhttp (decoding)"
    else if (name ~ /6Router/) kind = "Router (parsing, routing, writing)"
    else if (name ~ /7NIOCore|8NIOPosix|13NIOConcurrencyHelpers|17_NIODataStructures|NIOAny|CNIO/) kind = "NIO (pipeline, buffers, event loop)"
    else if (name ~ /swift_|\$s[0-9]|\$sS|memcpy|memmove|memset|pthread|__libc|syscall|epoll|clock_gettime/) kind = "Swift runtime, libc, other user"
    else kind = "Swift runtime, libc, other user"
    total[kind] += share
} END { for (k in total) printf "  %-38s %5.1f%%  %6.2f us\n", k, total[k], total[k] * per / 100 }' "$WORK/symbols.txt" | sort -k2 -t'%' -rn
echo
echo "top $TOP symbols:"
head -n "$TOP" "$WORK/symbols.txt" | cut -c1-150
