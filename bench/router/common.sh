# Shared by bench/router/run.sh and profile.sh (sourced): a temp dir and the processes started,
# stopped on exit; free ports; the nginx backend; devenv's router from a JSON file.
# Needs ROUTER_CMD set before start_router.

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

# Waits until something answers on the port.
wait_ready() {
    local port="$1" name="$2"
    for _ in $(seq 1 200); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.05
    done
    echo "bench/router: $name did not start on port $port" >&2
    exit 1
}

USER_LINE=""
if [ "$(id -u)" = 0 ]; then USER_LINE="user root;"; fi

# nginx_conf NAME WORKERS SERVER: a foreground nginx with its files under $WORK/NAME.
nginx_conf() {
    local name="$1" workers="$2" server="$3"
    mkdir -p "$WORK/$name"
    cat >"$WORK/$name/nginx.conf" <<EOC
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
EOC
}

# start_backend PORT: nginx, one worker, a short body (a POST's body is read and dropped).
start_backend() {
    nginx_conf backend 1 "access_log off;
    server { listen 127.0.0.1:$1; location / { default_type text/plain; return 200 \"hello from the backend\n\"; } }"
    nginx -p "$WORK/backend" -c "$WORK/backend/nginx.conf" &
    PIDS+=($!)
}

# start_router PORT BACKEND_PORT [COMMAND]: devenv's router (ROUTER_CMD, or COMMAND) with its
# access log on; ROUTER_PID is its pid.
start_router() {
    local command="${3:-$ROUTER_CMD}"
    cat >"$WORK/router-$1.json" <<EOC
{"host": "127.0.0.1", "port": $1, "accessLog": "$WORK/router-$1.access.log",
 "routes": [{"path": "/", "service": "backend"}],
 "backends": {"backend": [{"host": "127.0.0.1", "port": $2, "name": "backend.0"}]}}
EOC
    # shellcheck disable=SC2086
    $command --config "$WORK/router-$1.json" >"$WORK/router-$1.log" 2>&1 &
    PIDS+=($!)
    ROUTER_PID=$!
}
