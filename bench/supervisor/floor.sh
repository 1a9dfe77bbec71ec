#!/usr/bin/env bash
# The floor of the supervisor benchmark: what `devenv up` is compared against.
#
#   floor.sh PIDFILE LOGDIR PORT... -- COMMAND [ARG...]
#
# Starts one `PORT=<port> COMMAND ARG...` per PORT in the background (output to LOGDIR/<n>.log),
# writes their pids to PIDFILE, then waits until every port answers `GET /health` with 200
# (wait_healthy.sh: a probe about every 10 ms), and exits 0, leaving the servers running for the
# caller to kill. Exits 1 if they are not all healthy within 10 s.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/wait_healthy.sh"

pidfile=$1 logdir=$2
shift 2
ports=()
while (($# > 0)) && [[ $1 != -- ]]; do
    ports+=("$1")
    shift
done
(($# > 1)) || { echo "floor: usage: floor.sh PIDFILE LOGDIR PORT... -- COMMAND [ARG...]" >&2; exit 2; }
shift
command=("$@")

pids=()
for i in "${!ports[@]}"; do
    PORT=${ports[$i]} "${command[@]}" </dev/null >"$logdir/$i.log" 2>&1 &
    pids+=($!)
done
printf '%s\n' "${pids[@]}" >"$pidfile"

wait_healthy "${ports[@]}"
