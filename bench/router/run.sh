#!/usr/bin/env bash
# The router benchmark: devenv's router vs nginx, Caddy and HAProxy, each in front of the same
# backend, and the backend hit directly; on loopback, with wrk -t1.
#
# Three scenarios: GET at -c32, GET at -c256, and POST of a 1 KiB body at -c32. In each, one run,
# interleaved: for each of ROUNDS rounds, each target gets a WARMUP warm-up and a DURATION
# measured run, in the order devenv, nginx, caddy, haproxy, direct. For each it prints requests/s,
# p99 latency and the proxy's CPU time per request (user + system time of all its processes over
# the measured run, from /proc, divided by the requests wrk completed), and each ratio vs nginx.
#
# Peers get their fast settings: nginx a worker per core (worker_processes auto), upstream
# keep-alive with room for 256 idle connections per worker (as many as -c256 can use; the
# router keeps up to 512 per event loop), a buffered access log like the router's; Caddy its
# defaults (keep-alive upstream, no access log); HAProxy a thread per core (its default), keep-alive both ways, `http-reuse
# always`, no log (it logs only to syslog). devenv's router writes its JSON access log.
#
# Targets (devenv vs nginx, in every scenario): req/s >= 1.1x, p99 <= 1.0x, CPU per request <= 1.0x. A measurement, not a test: a missed target prints MISS and still exits 0.
#
# Installs nothing (make bench does: nginx caddy haproxy wrk). Everything it starts it stops on exit.
#
# Environment:
#   ROUTER_CMD   the command that runs the router from a JSON file (default: the release devenv's
#                hidden `router-bench`, built here); it is given `--config FILE`
#   DURATION WARMUP ROUNDS   default 6s 2s 3 (the summary takes each figure's median over the
#                            rounds: a round that another process on the machine disturbed does not move it)
#   SCENARIOS    default "get32 get256 post32"
#   BEFORE_CMD   another router command, measured too as target `before` (an A/B of two builds
#                in the same interleaved rounds)
#   SKIP_BUILD=1 to use an existing release build
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${DURATION:-6s}"
WARMUP="${WARMUP:-2s}"
ROUNDS="${ROUNDS:-3}"
SCENARIOS="${SCENARIOS:-get32 get256 post32}"

for tool in nginx caddy haproxy wrk; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bench/router: $tool is missing; run 'make bench' (it installs nginx, caddy, haproxy and wrk)" >&2
        exit 1
    fi
done

if [ -z "${ROUTER_CMD:-}" ]; then
    if [ "${SKIP_BUILD:-0}" != 1 ]; then
        (cd "$ROOT" && make -s release) >&2
    fi
    ROUTER_CMD="$ROOT/.build/release/devenv router-bench"
fi

# shellcheck source=bench/router/common.sh
source "$ROOT/bench/router/common.sh"

declare -A PORTS
for target in backend devenv nginx caddy haproxy; do PORTS[$target]="$(free_port)"; done
PORTS[direct]=${PORTS[backend]}
BACKEND_PORT=${PORTS[backend]}

start_backend "$BACKEND_PORT"

nginx_conf proxy auto "access_log $WORK/proxy/access.log combined buffer=64k flush=1s;
    upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 256; keepalive_requests 1000000; }
    server { listen 127.0.0.1:${PORTS[nginx]};
        location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"
nginx -p "$WORK/proxy" -c "$WORK/proxy/nginx.conf" &
PIDS+=($!)
NGINX_PID=$!

cat >"$WORK/Caddyfile" <<EOF
{
    admin off
    auto_https off
}
http://127.0.0.1:${PORTS[caddy]} {
    bind 127.0.0.1
    reverse_proxy 127.0.0.1:$BACKEND_PORT
}
EOF
XDG_DATA_HOME="$WORK/caddy-data" XDG_CONFIG_HOME="$WORK/caddy-config" \
    caddy run --config "$WORK/Caddyfile" --adapter caddyfile >"$WORK/caddy.log" 2>&1 &
PIDS+=($!)
CADDY_PID=$!

cat >"$WORK/haproxy.cfg" <<EOF
global
    maxconn 8192
defaults
    mode http
    option http-keep-alive
    http-reuse always
    timeout connect 5s
    timeout client 75s
    timeout server 75s
frontend proxy
    bind 127.0.0.1:${PORTS[haproxy]}
    default_backend backend
backend backend
    server backend 127.0.0.1:$BACKEND_PORT
EOF
haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
PIDS+=($!)
HAPROXY_PID=$!

start_router "${PORTS[devenv]}" "$BACKEND_PORT"
DEVENV_PID=$ROUTER_PID
TARGETS=(devenv nginx caddy haproxy direct)
declare -A MAIN_PID=([devenv]=$DEVENV_PID [nginx]=$NGINX_PID [caddy]=$CADDY_PID [haproxy]=$HAPROXY_PID [direct]=)
if [ -n "${BEFORE_CMD:-}" ]; then
    PORTS[before]="$(free_port)"
    start_router "${PORTS[before]}" "$BACKEND_PORT" "$BEFORE_CMD"
    MAIN_PID[before]=$ROUTER_PID
    TARGETS=(devenv before nginx caddy haproxy direct)
    wait_ready "${PORTS[before]}" before
fi

for target in backend devenv nginx caddy haproxy; do wait_ready "${PORTS[$target]}" "$target"; done


cat >"$WORK/post.lua" <<'EOF'
wrk.method = "POST"
wrk.body = string.rep("x", 1024)
wrk.headers["Content-Type"] = "application/octet-stream"
EOF

# CPU ticks (user + system) of a process and its children processes (nginx's workers).
cpu_ticks() {
    local pid="$1" total=0 child
    [ -n "$pid" ] || { echo 0; return; }
    for child in "$pid" $(pgrep -P "$pid" || true); do
        total=$((total + $(awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}
TICKS_PER_SECOND="$(getconf CLK_TCK)"

# p99 as wrk prints it (850.00us, 1.20ms, 2.00s) in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
        else { printf "%s", v } }'
}
# The median of the numbers in $1.
median() { tr ' ' '\n' <<<"$1" | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A RPS P99 CPU
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)" >&2
for scenario in $SCENARIOS; do
    case $scenario in
        get32) connections=32 script=() ;;
        get256) connections=256 script=() ;;
        post32) connections=32 script=(-s "$WORK/post.lua") ;;
        *) echo "bench/router: unknown scenario $scenario" >&2; exit 1 ;;
    esac
    for round in $(seq 1 "$ROUNDS"); do
        for target in "${TARGETS[@]}"; do
            url="http://127.0.0.1:${PORTS[$target]}/"
            wrk -t1 -c"$connections" -d"$WARMUP" "${script[@]}" "$url" >/dev/null
            before="$(cpu_ticks "${MAIN_PID[$target]}")"
            out="$(wrk -t1 -c"$connections" -d"$DURATION" --latency "${script[@]}" "$url")"
            after="$(cpu_ticks "${MAIN_PID[$target]}")"
            rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
            requests="$(awk '/requests in/ { print $1 }' <<<"$out")"
            p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
            cpu="$(awk -v t=$((after - before)) -v hz="$TICKS_PER_SECOND" -v n="$requests" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')"
            errors="$(awk '/Non-2xx|Socket errors/' <<<"$out")"
            if [ -n "$errors" ]; then echo "$scenario round $round $target: $errors" >&2; fi
            RPS[$scenario.$target]="${RPS[$scenario.$target]:-} $rps"
            P99[$scenario.$target]="${P99[$scenario.$target]:-} $p99"
            CPU[$scenario.$target]="${CPU[$scenario.$target]:-} $cpu"
            printf '%-7s round %d  %-8s %9.0f req/s  p99 %7.3f ms  %6.2f us CPU/request\n' \
                "$scenario" "$round" "$target" "$rps" "$p99" "$cpu" >&2
        done
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

echo
echo "median of $ROUNDS interleaved rounds, wrk -t1 -d$DURATION; CPU: the proxy's user+system time per request"
printf '%-8s %-8s %10s %9s %9s   %-28s\n' scenario target "req/s" "p99 ms" "CPU us" "vs nginx: req/s  p99  CPU"
for scenario in $SCENARIOS; do
    nr="$(median "${RPS[$scenario.nginx]}")" np="$(median "${P99[$scenario.nginx]}")" nc="$(median "${CPU[$scenario.nginx]}")"
    for target in "${TARGETS[@]}"; do
        r="$(median "${RPS[$scenario.$target]}")" p="$(median "${P99[$scenario.$target]}")" c="$(median "${CPU[$scenario.$target]}")"
        awk -v s="$scenario" -v t="$target" -v r="$r" -v p="$p" -v c="$c" -v nr="$nr" -v np="$np" -v nc="$nc" 'BEGIN {
            printf "%-8s %-8s %10.0f %9.3f %9.2f   %5.2fx %5.2fx", s, t, r, p, c, r / nr, p / np
            if (t == "direct") printf "     -\n"; else printf " %5.2fx\n", c / nc }'
    done
done
echo
for scenario in $SCENARIOS; do
    awk -v s="$scenario" -v dr="$(median "${RPS[$scenario.devenv]}")" -v nr="$(median "${RPS[$scenario.nginx]}")" \
        -v dp="$(median "${P99[$scenario.devenv]}")" -v np="$(median "${P99[$scenario.nginx]}")" \
        -v dc="$(median "${CPU[$scenario.devenv]}")" -v nc="$(median "${CPU[$scenario.nginx]}")" 'BEGIN {
        want = 1.1
        printf "%-7s devenv/nginx  req/s %.2fx (>= %.1fx %s)  p99 %.2fx (<= 1.0x %s)  CPU/request %.2fx (<= 1.0x %s)\n", s,
            dr / nr, want, (dr / nr >= want) ? "ok" : "MISS", dp / np, (dp / np <= 1) ? "ok" : "MISS", dc / nc, (dc / nc <= 1) ? "ok" : "MISS" }'
done
if ! kill -0 "$DEVENV_PID" 2>/dev/null; then
    echo "bench/router: the devenv router died; its output:" >&2
    cat "$WORK/router-${PORTS[devenv]}.log" >&2
    exit 1
fi
echo "access log lines written by devenv: $(wc -l <"$WORK/router-${PORTS[devenv]}.access.log" 2>/dev/null || echo 0)"
