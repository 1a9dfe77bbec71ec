#!/usr/bin/env bash
# The floor of the supervisor benchmark: what `devenv up` is compared against.
#
#   floor.sh SERVER PIDFILE LOGDIR PORT...
#
# Starts one `PORT=<port> SERVER` per PORT in the background (output to LOGDIR/<n>.log), writes
# their pids to PIDFILE, then polls every port with `GET /health` (bash's /dev/tcp: no process
# per probe) about every 10 ms until all answer 200, and exits 0, leaving the servers running
# for the caller to kill. Exits 1 if they are not all healthy within 10 s.
set -euo pipefail

server=$1 pidfile=$2 logdir=$3
shift 3
ports=("$@")

pids=()
for i in "${!ports[@]}"; do
    PORT=${ports[$i]} "$server" </dev/null >"$logdir/$i.log" 2>&1 &
    pids+=($!)
done
printf '%s\n' "${pids[@]}" >"$pidfile"

# One GET /health; true when the status line is 200. A refused connection fails at once.
healthy() {
    local line=
    { printf 'GET /health HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$1" >&3
      IFS= read -r -t 1 line <&3; } 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$1" || return 1
    [[ $line == "HTTP/1."?" 200"* ]]
}

pending=("${ports[@]}")
for ((round = 0; round < 1000; round++)); do
    still=()
    for port in "${pending[@]}"; do
        healthy "$port" || still+=("$port")
    done
    pending=("${still[@]}")
    ((${#pending[@]} == 0)) && exit 0
    sleep 0.01
done
echo "floor: ${#pending[@]} server(s) not healthy after 10 s: ${pending[*]}" >&2
exit 1
