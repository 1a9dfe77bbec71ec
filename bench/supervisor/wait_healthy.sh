#!/usr/bin/env bash
# Readiness as the supervisor benchmark sees it for every side that has no health checks of its
# own (the shell-script floor and honcho): each port answers `GET /health` with 200.
#
#   bash wait_healthy.sh PORT...     (or, sourced: wait_healthy PORT...)
#
# Polls every port not yet healthy with one GET /health (bash's /dev/tcp: no process per probe)
# about every 10 ms until all answer 200: exits (returns) 0 then, 1 if they do not within 10 s.

# One GET /health; true when the status line is 200. A refused connection fails at once.
healthy() {
    local line=
    { printf 'GET /health HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$1" >&3
      IFS= read -r -t 1 line <&3; } 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$1" || return 1
    [[ $line == "HTTP/1."?" 200"* ]]
}

wait_healthy() {
    local pending=("$@") still port round
    for ((round = 0; round < 1000; round++)); do
        still=()
        for port in "${pending[@]}"; do
            healthy "$port" || still+=("$port")
        done
        pending=("${still[@]}")
        ((${#pending[@]} == 0)) && return 0
        sleep 0.01
    done
    echo "wait_healthy: ${#pending[@]} server(s) not healthy after 10 s: ${pending[*]}" >&2
    return 1
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    wait_healthy "$@"
fi
