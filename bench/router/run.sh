#!/usr/bin/env bash
# The router benchmark: devenv's router vs nginx vs Caddy, each in front of the same backend,
# and the backend hit directly, on loopback, with wrk -t1 -c32.
#
# One run, interleaved: for each of ROUNDS rounds, each target gets a WARMUP warm-up and a
# DURATION measured run, in the order devenv, nginx, caddy, direct. Prints requests/s and p99
# latency of each, and the ratios devenv/nginx.
#
# Installs nothing (make bench does: nginx caddy wrk). Everything it starts it stops on exit.
#
# Environment:
#   ROUTER_CMD   the command that runs the router from a JSON file (default: the release devenv's
#                hidden `router-bench`, built here); it is given `--config FILE`
#   DURATION WARMUP ROUNDS CONNECTIONS   default 10s 2s 2 32
#   SKIP_BUILD=1 to use an existing release build
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
ROUNDS="${ROUNDS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"

for tool in nginx caddy wrk; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bench/router: $tool is missing; run 'make bench' (it installs nginx, caddy and wrk)" >&2
        exit 1
    fi
done

if [ -z "${ROUTER_CMD:-}" ]; then
    if [ "${SKIP_BUILD:-0}" != 1 ]; then
        (cd "$ROOT" && make -s release) >&2
    fi
    ROUTER_CMD="$ROOT/.build/release/devenv router-bench"
fi

WORK="$(mktemp -d /tmp/devenv-router-bench.XXXXXX)"
chmod 755 "$WORK"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# A loopback port nothing listens on.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# Waits until something answers HTTP on the port.
wait_ready() {
    local port="$1" name="$2"
    for _ in $(seq 1 200); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.05
    done
    echo "bench/router: $name did not start on port $port" >&2
    exit 1
}

BACKEND_PORT="$(free_port)"
NGINX_PORT="$(free_port)"
CADDY_PORT="$(free_port)"
DEVENV_PORT="$(free_port)"

USER_LINE=""
if [ "$(id -u)" = 0 ]; then USER_LINE="user root;"; fi

# nginx_conf NAME WORKERS SERVER: a foreground nginx with its files under $WORK/NAME.
nginx_conf() {
    local name="$1" workers="$2" server="$3"
    mkdir -p "$WORK/$name"
    cat >"$WORK/$name/nginx.conf" <<EOF
$USER_LINE
worker_processes $workers;
daemon off;
pid $WORK/$name/nginx.pid;
error_log $WORK/$name/error.log warn;
events { worker_connections 4096; }
http {
    client_body_temp_path $WORK/$name/body;
    proxy_temp_path $WORK/$name/proxy;
    fastcgi_temp_path $WORK/$name/fastcgi;
    uwsgi_temp_path $WORK/$name/uwsgi;
    scgi_temp_path $WORK/$name/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    $server
}
EOF
}

# The backend: nginx, one worker, a short body.
nginx_conf backend 1 "access_log off;
    server { listen 127.0.0.1:$BACKEND_PORT; location / { default_type text/plain; return 200 \"hello from the backend\n\"; } }"
nginx -p "$WORK/backend" -c "$WORK/backend/nginx.conf" &
PIDS+=($!)

# nginx as the proxy: a worker per core (worker_processes auto; devenv's router uses every core
# too), upstream keepalive, an access log like the router's (buffered).
nginx_conf proxy auto "access_log $WORK/proxy/access.log combined buffer=64k flush=1s;
    upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 32; keepalive_requests 1000000; }
    server { listen 127.0.0.1:$NGINX_PORT;
        location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"
nginx -p "$WORK/proxy" -c "$WORK/proxy/nginx.conf" &
PIDS+=($!)

# Caddy's reverse_proxy (its defaults: keep-alive upstream, no access log).
cat >"$WORK/Caddyfile" <<EOF
{
    admin off
    auto_https off
}
http://127.0.0.1:$CADDY_PORT {
    bind 127.0.0.1
    reverse_proxy 127.0.0.1:$BACKEND_PORT
}
EOF
XDG_DATA_HOME="$WORK/caddy-data" XDG_CONFIG_HOME="$WORK/caddy-config" \
    caddy run --config "$WORK/Caddyfile" --adapter caddyfile >"$WORK/caddy.log" 2>&1 &
PIDS+=($!)

# devenv's router, with its access log on.
cat >"$WORK/router.json" <<EOF
{"host": "127.0.0.1", "port": $DEVENV_PORT, "accessLog": "$WORK/router.access.log",
 "routes": [{"path": "/", "service": "backend"}],
 "backends": {"backend": [{"host": "127.0.0.1", "port": $BACKEND_PORT, "name": "backend.0"}]}}
EOF
# shellcheck disable=SC2086
$ROUTER_CMD --config "$WORK/router.json" >"$WORK/router.log" 2>&1 &
PIDS+=($!)
ROUTER_PID=$!

wait_ready "$BACKEND_PORT" backend
wait_ready "$NGINX_PORT" nginx
wait_ready "$CADDY_PORT" caddy
wait_ready "$DEVENV_PORT" devenv

declare -A PORTS=([devenv]=$DEVENV_PORT [nginx]=$NGINX_PORT [caddy]=$CADDY_PORT [direct]=$BACKEND_PORT)
TARGETS=(devenv nginx caddy direct)
declare -A RPS P99

# p99 as wrk prints it (850.00us, 1.20ms, 2.00s) in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
        else { printf "%s", v } }'
}

for round in $(seq 1 "$ROUNDS"); do
    for target in "${TARGETS[@]}"; do
        url="http://127.0.0.1:${PORTS[$target]}/"
        wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
        out="$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$url")"
        rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
        p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
        errors="$(awk '/Non-2xx|Socket errors/' <<<"$out")"
        if [ -n "$errors" ]; then echo "round $round $target: $errors" >&2; fi
        RPS[$target]="${RPS[$target]:-} $rps"
        P99[$target]="${P99[$target]:-} $p99"
        printf 'round %d  %-7s %10.0f req/s  p99 %7.3f ms\n' "$round" "$target" "$rps" "$p99" >&2
    done
done

mean() { awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.3f", s / NF }' <<<"$1"; }

echo
printf '%-8s %12s %12s   %s\n' "target" "req/s" "p99 ms" "(mean of $ROUNDS interleaved rounds, wrk -t1 -c$CONNECTIONS -d$DURATION)"
for target in "${TARGETS[@]}"; do
    printf '%-8s %12.0f %12.3f\n' "$target" "$(mean "${RPS[$target]}")" "$(mean "${P99[$target]}")"
done
echo
awk -v dr="$(mean "${RPS[devenv]}")" -v nr="$(mean "${RPS[nginx]}")" \
    -v dp="$(mean "${P99[devenv]}")" -v np="$(mean "${P99[nginx]}")" 'BEGIN {
    printf "devenv/nginx  req/s %.2fx  (target >= 1.00x)   p99 %.2fx  (target <= 1.00x)\n", dr / nr, dp / np }'
if ! kill -0 "$ROUTER_PID" 2>/dev/null; then
    echo "bench/router: the devenv router died; its output:" >&2
    cat "$WORK/router.log" >&2
    exit 1
fi
echo "access log lines written by devenv: $(wc -l <"$WORK/router.access.log" 2>/dev/null || echo 0)"
