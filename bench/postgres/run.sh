#!/usr/bin/env bash
# Postgres benchmark: seeding a 1,000,000-row CSV through devenv against psql's \copy of the same
# file into the same server; `devenv seed --reset` against seeding again; cold and warm
# `devenv up dev` of the demo stack.
#
#   bash bench/postgres/run.sh        (or `make bench`)
#
# Targets:
#   - seed: `devenv seed seedbench` applying seed/big.csv ≤ 1.05× `psql -c "\copy bench from
#     'seed/big.csv' with (format csv, header true)"` (medians; both the wall time of the command);
#   - reset: `devenv seed --reset` (wall, on a settled environment: the background copy of the
#     last reset done) ≥ 5× faster than that full seed (median); back-to-back resets are shown too;
#   - cold `devenv up dev` (no cluster yet, the per-version template cached) ≤ 2 s; warm `up`
#     after `down` ≤ 1 s (medians, wall time of the command, which returns when all is healthy).
# It is a measurement, not a test: a missed target prints FAIL and still exits 0; only something
# broken exits non-zero.
#
# Both sides of the seed comparison load into the same Postgres server (the seedbench
# environment's own), configured with shared_buffers=128MB and fsync=off, as the demo's dev.yaml
# does, and both are timed the same way: the wall time of one whole command, connection included,
# started on a settled server. psql's covers process start, connect, authenticate, COPY, exit.
# devenv's covers the CLI starting and asking the daemon, which connects, hashes the file (SHA-256,
# for the exactly-once ledger), resolves the table and header, runs COPY … FROM STDIN and writes
# the ledger row in the same transaction, then snapshots the seeded database (CREATE DATABASE …
# TEMPLATE: what `seed --reset` restores) before it answers. The environment is brought up once
# (`up` seeds big.csv: untimed); before each round both loads are made pending again, untimed:
# TRUNCATE bench in both databases and, in viadevenv, the file's row deleted from devenv's seed
# ledger (devenv_seed_ledger), so that `devenv seed` applies it again. Settled: after a seed (or
# `up`, or a reset) the daemon copies the snapshot into a spare database in the background; before
# each timed command the script waits, untimed, until both databases have their spare and nothing
# swapped out is left (wait_spares, a query of pg_database), so neither side competes with that
# copy. The daemon's own figure for the load (its `seed` event: hashing to the ledger row, without
# connecting or the snapshot) is printed beside, for information.
# `devenv seed --reset` restores every database of the environment from its seeded snapshot:
# here viadevenv (1,000,000 rows) and viapsql (the empty table: psql's rows are not seeded).
#
# Everything runs on loopback, in a temp dir that is removed at the end, and every environment it
# starts is purged on exit, also on Ctrl-C. The Postgres template cache (~/.cache/devenv or
# $XDG_CACHE_HOME/devenv) is used, never deleted: the cold `up` is measured with it in place.
# Knobs (environment): ROUNDS=3 ROWS=1000000, SKIP_BUILD=1 (use the release binaries already in
# .build instead of building), KEEP_PORT=1 (keep dev.yaml's router port 8080 even when it is busy),
# TMPDIR (where the temp projects, and so the clusters, live; e.g. /dev/shm for tmpfs).
set -euo pipefail
export LC_ALL=C

ROUNDS=${ROUNDS:-3}
ROWS=${ROWS:-1000000}
TARGET_SEED_RATIO=1.05    # devenv / psql, at most
TARGET_RESET_SPEEDUP=5    # full seed / reset, at least
TARGET_COLD_MS=2000
TARGET_WARM_MS=1000

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

say() { printf '%s\n' "$*" >&2; }
die() { say "bench/postgres: $*"; exit 1; }

# ---------------------------------------------------------------------------- build
cd "$root"
if [[ ${SKIP_BUILD:-0} == 1 ]]; then
    say "== SKIP_BUILD=1: using the release devenv, devenv-shim and demo-app already built"
else
    say "== building devenv, devenv-shim and demo-app (release)"
    make -s release
fi
bin=$(swift build -c release --show-bin-path)
devenv=$bin/devenv
for program in devenv devenv-shim demo-app; do
    [[ -x $bin/$program ]] || die "no release $program in $bin"
done
command -v psql >/dev/null || die "psql is not on PATH (apt-get install postgresql-client)"
command -v jq >/dev/null || die "jq is not on PATH (apt-get install jq)"

work=$(mktemp -d "${TMPDIR:-/tmp}/devenv-bench-postgres.XXXXXX")
# Postgres runs as an unprivileged user when devenv runs as root: it must traverse down to its
# data directory, so the temp dir may not be 0700.
chmod 711 "$work"
seedproj=$work/seedbench
demoproj=$work/demo
started=()  # "project:env" of every environment this script brought up

# ---------------------------------------------------------------------------- helpers

# The pid of the daemon of environment $2 in project $1 (`devenv daemon ENV -C ROOT`), or nothing.
daemon_pid() {
    pgrep -f -- "daemon $2 -C $1( --up)?\$" | head -n 1 || true
}

# devenv with a bound on how long any one command may take.
dv() { timeout 120 "$devenv" "$@"; }

cleanup() {
    local status=$?
    set +e
    trap - EXIT INT TERM
    local entry proj env pid
    for entry in "${started[@]}"; do
        proj=${entry%:*} env=${entry##*:}
        [[ -d $proj/.devenv ]] || continue
        timeout 60 "$devenv" down "$env" --purge -C "$proj" >/dev/null 2>"$work/down.err" \
            || { say "bench/postgres: 'devenv down $env --purge' failed:"; cat "$work/down.err" >&2; }
        pid=$(daemon_pid "$proj" "$env")
        if [[ -n $pid ]]; then
            say "bench/postgres: the $env daemon ($pid) outlived 'devenv down'; terminating it"
            kill "$pid" 2>/dev/null
        fi
    done
    # Anything still running out of the temp dir (a Postgres server, a demo replica) was ours.
    local leftovers
    leftovers=$(pgrep -f -- "$work/" || true)
    if [[ -n $leftovers ]]; then
        say "bench/postgres: processes left after 'down --purge': $(tr '\n' ' ' <<<"$leftovers")— terminating them"
        for pid in $leftovers; do kill "$pid" 2>/dev/null; done
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

remember() {
    local entry
    for entry in "${started[@]}"; do [[ $entry == "$1:$2" ]] && return 0; done
    started+=("$1:$2")
}

# Microseconds since the epoch, without forking.
now_us() { REPLY=${EPOCHREALTIME/./}; }

# median of the arguments (fractional), printed with one decimal.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.1f\n", m }'
}

# ms of a seed event's duration: "… (1000000 rows in 1.23s)" or "… in 850ms)".
event_ms() {
    sed -nE 's/.* in ([0-9]+(\.[0-9]+)?)(ms|s)\)$/\1 \3/p' <<<"$1" \
        | awk '{ printf "%.1f\n", ($2 == "s") ? $1 * 1000 : $1 }'
}

# Waits (at most 60 s) until environment $2 of project $1 has its Postgres provisioned (the
# `ready` event of the postgres service); dies on a `blocked` one. The daemon's log is watched
# (cheap) and the events asked only when it shows the outcome, or once a second, so that the
# waiting does not take CPU from the seed it waits for.
wait_postgres_ready() {
    local i events log=$1/.devenv/$2/daemon.log
    for ((i = 0; i < 600; i++)); do
        if ((i % 10 == 9)) || grep -qE '(ready|blocked) postgres' "$log" 2>/dev/null; then
            events=$(dv events "$2" -C "$1" --json)
            if jq -e 'any(.[]; .service == "postgres" and .kind == "ready")' >/dev/null <<<"$events"; then
                return 0
            fi
            if jq -e 'any(.[]; .service == "postgres" and .kind == "blocked")' >/dev/null <<<"$events"; then
                jq -r '.[] | select(.kind == "blocked") | .message' <<<"$events" >&2
                die "postgres of $2 is blocked"
            fi
        fi
        sleep 0.1
    done
    die "postgres of $2 was not provisioned within 60 s"
}

# Milliseconds of an event's ISO-8601 time (2026-01-01T09:00:00.123Z) since the epoch, for jq.
JQ_MS='def ms: (sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) * 1000
               + ((capture("\\.(?<f>[0-9]+)Z$").f // "0") | ("0." + .) | tonumber * 1000);'

# Prints the events of $2 (project $1) from the one whose time is ≥ $3 (µs since the epoch), each
# with its offset in ms from $3.
timeline() {
    dv events "$2" -C "$1" --json | jq -r --argjson t0 "$3" "$JQ_MS"'
        .[] | (.time | ms) as $t | select($t >= ($t0 / 1000) - 1)
        | "    +\(($t - $t0 / 1000) | floor | tostring | (" " * (6 - length)) + .) ms  \(.kind)\(if .service then " " + .service else "" end): \(.message)"' >&2
}

# ms from the `daemon started` event to the `up` (converging) event of $2 (project $1) at or after
# $3 (µs since the epoch): the daemon preparing the Postgres cluster (copying the template when
# there is none) before it starts anything.
prepare_ms() {
    dv events "$2" -C "$1" --json | jq -r --argjson t0 "$3" "$JQ_MS"'
        [.[] | (.time | ms) as $t | select($t >= ($t0 / 1000) - 1) | {kind, t: $t}] as $e
        | ([$e[] | select(.kind == "daemon")] | first | .t) as $d
        | ([$e[] | select(.kind == "up")] | first | .t) as $u
        | if $d and $u then ($u - $d) | floor else "?" end'
}

# Waits (at most 60 s) until the seedbench environment is settled: both databases have their spare
# copy of the snapshot and nothing that a reset swapped out is left (owner_url: viadevenv's URL).
wait_spares() {
    local i ready
    for ((i = 0; i < 600; i++)); do
        ready=$(psql "$owner_url" -X -At -c "SELECT count(*) FILTER (WHERE datname LIKE '%\\_\\_devenv\\_spare') = 2
            AND count(*) FILTER (WHERE datname ~ '__devenv_old[0-9]+$') = 0 FROM pg_database")
        [[ $ready == t ]] && return 0
        sleep 0.1
    done
    die "the spare copies of the seeded databases were not ready within 60 s"
}

# ms between two now_us readings, with one decimal.
elapsed_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------- fixtures
say "== writing the seedbench project: ${ROWS}-row CSV, schema, manifest"
mkdir -p "$seedproj/environments" "$seedproj/seed"
cat >"$seedproj/seed/schema.sql" <<'SQL'
CREATE TABLE bench (id bigint, name text, amount numeric, created_at timestamptz);
SQL
awk -v rows="$ROWS" 'BEGIN {
    print "id,name,amount,created_at"
    for (i = 1; i <= rows; i++)
        printf "%d,name-%d,%d.%02d,2026-01-%02d %02d:%02d:%02d+00\n",
            i, i, i % 100000, i % 100, 1 + i % 28, i % 24, i % 60, (i * 7) % 60
}' >"$seedproj/seed/big.csv"
csv_mb=$(du -m "$seedproj/seed/big.csv" | cut -f1)
cat >"$seedproj/environments/seedbench.yaml" <<'YAML'
# The seed benchmark: one server, two databases with the same schema; devenv seeds viadevenv with
# the CSV, psql \copies the same file into viapsql.
postgres:
  port: auto
  settings: { shared_buffers: 128MB, fsync: "off" }
  databases:
    viadevenv:
      seed:
        - seed/schema.sql
        - { file: seed/big.csv, table: bench }
    viapsql:
      seed:
        - seed/schema.sql
YAML

# ---------------------------------------------------------------------------- 1. seed vs \copy
say "== seed: devenv up (untimed), then $ROUNDS rounds of devenv seed vs psql \\copy on a settled server, ${csv_mb} MB CSV"
remember "$seedproj" seedbench
dv up seedbench -C "$seedproj" >/dev/null
# `up` may return once Postgres answers, before the seeds are in: wait for provisioning.
wait_postgres_ready "$seedproj" seedbench
owner_url=$(dv url -e seedbench viadevenv -C "$seedproj")
psql_url=$(dv url -e seedbench viapsql -C "$seedproj")
devenv_ms=() event_ms=() psql_ms=()
for ((round = 1; round <= ROUNDS; round++)); do
    # Both loads pending again (untimed): empty tables, and big.csv out of viadevenv's ledger.
    psql "$owner_url" -X -q -v ON_ERROR_STOP=1 \
        -c "TRUNCATE bench; DELETE FROM devenv_seed_ledger WHERE file = 'seed/big.csv'"
    psql "$psql_url" -X -q -v ON_ERROR_STOP=1 -c "TRUNCATE bench"

    wait_spares
    now_us; start=$REPLY
    dv seed seedbench -C "$seedproj" >"$work/seed.out"
    now_us; end=$REPLY
    grep -qxF "viadevenv: seed/big.csv applied ($ROWS rows)" "$work/seed.out" \
        || { cat "$work/seed.out" >&2; die "devenv seed did not apply seed/big.csv ($ROWS rows) in round $round"; }
    devenv_ms+=("$(elapsed_ms "$start" "$end")")
    message=$(dv events seedbench -C "$seedproj" --json \
        | jq -r '[.[] | select(.kind == "seed" and (.message | startswith("viadevenv: applied seed/big.csv")))] | last | .message // empty')
    event_ms+=("$(event_ms "$message")")
    [[ -n ${event_ms[-1]} ]] || die "cannot read the duration of the seed event '$message'"
    if ((round == ROUNDS)); then
        say "   timeline of the last round's devenv seed (from its start):"
        timeline "$seedproj" seedbench "$start"
    fi

    wait_spares
    now_us; start=$REPLY
    out=$(cd "$seedproj" && psql "$psql_url" -X -v ON_ERROR_STOP=1 -c "\\copy bench from 'seed/big.csv' with (format csv, header true)")
    now_us; end=$REPLY
    [[ $out == "COPY $ROWS" ]] || die "psql \\copy printed '$out', expected 'COPY $ROWS'"
    psql_ms+=("$(elapsed_ms "$start" "$end")")
    say "   round $round: devenv seed ${devenv_ms[-1]} ms (its seed event ${event_ms[-1]} ms), psql \\copy ${psql_ms[-1]} ms"
done
seed_med=$(median "${devenv_ms[@]}")
event_med=$(median "${event_ms[@]}")
psql_med=$(median "${psql_ms[@]}")
seed_ratio=$(awk -v a="$seed_med" -v b="$psql_med" 'BEGIN { printf "%.2f", a / b }')

# ---------------------------------------------------------------------------- 2. seed --reset
# After a seed or a reset the daemon copies the snapshot into a spare database in the background
# (and drops the database the reset swapped out); `seed --reset` swaps the spare in. The target
# is measured as a user meets it, on a settled environment: each timed reset starts once the
# background work of the one before is done (waited for, untimed). Resets back to back, each
# right after the last, are measured too and printed without a target: those wait for the copy.

# One timed reset; appends its ms to the array named $1 and checks the restored rows.
reset_once() {
    local -n into=$1
    now_us; start=$REPLY
    dv seed seedbench --reset -C "$seedproj" >"$work/reset.out"
    now_us; end=$REPLY
    grep -q "viadevenv: restored its seeded state" "$work/reset.out" \
        || { cat "$work/reset.out" >&2; die "seed --reset did not restore viadevenv"; }
    count=$(psql "$owner_url" -X -At -c "SELECT count(*) FROM bench")
    [[ $count == "$ROWS" ]] || die "after seed --reset viadevenv.bench holds $count rows, expected $ROWS"
    into+=("$(elapsed_ms "$start" "$end")")
}

say "== reset: $ROUNDS × devenv seed seedbench --reset on a settled environment, then $ROUNDS back to back"
reset_ms=() burst_ms=()
for ((round = 1; round <= ROUNDS; round++)); do
    now_us; settle_start=$REPLY
    wait_spares
    now_us
    settle=$(awk -v a="$settle_start" -v b="$REPLY" 'BEGIN { printf "%.0f", (b - a) / 1000 }')
    reset_once reset_ms
    say "   round $round: ${reset_ms[-1]} ms (waited ${settle} ms for the spare copies before it)"
done
for ((round = 1; round <= ROUNDS; round++)); do
    reset_once burst_ms
    say "   back to back $round: ${burst_ms[-1]} ms"
done
reset_med=$(median "${reset_ms[@]}")
burst_med=$(median "${burst_ms[@]}")
reset_speedup=$(awk -v a="$seed_med" -v b="$reset_med" 'BEGIN { printf "%.2f", a / b }')
burst_speedup=$(awk -v a="$seed_med" -v b="$burst_med" 'BEGIN { printf "%.2f", a / b }')
dv down seedbench --purge -C "$seedproj" >/dev/null

# ---------------------------------------------------------------------------- 3. cold / warm up
say "== up: the demo stack (a copy of environments/ and seed/), $ROUNDS rounds of cold and warm"
mkdir -p "$demoproj/.build/debug"
cp -R "$root/environments" "$root/seed" "$demoproj/"
ln -s "$bin/demo-app" "$demoproj/.build/debug/demo-app"
router_note="router port 8080"
if [[ ${KEEP_PORT:-0} != 1 ]] && ss -Hltn 'sport = :8080' 2>/dev/null | grep -q .; then
    sed -i -E '/^router:/,/^[a-z]/ s/^(  port:) 8080$/\1 auto/' "$demoproj/environments/dev.yaml"
    grep -q '^  port: auto$' "$demoproj/environments/dev.yaml" || die "could not set the router port to auto"
    router_note="router port auto (8080 is busy)"
fi
dv validate dev -C "$demoproj" >/dev/null || die "the demo's dev.yaml does not validate in the copy"
remember "$demoproj" dev

# Checks that dev is running with every replica healthy.
check_healthy() {
    local status
    status=$(dv status dev -C "$demoproj" --json)
    jq -e '.state == "running" and .postgres.health == "healthy"
           and all(.services[]; all(.replicas[]; .health == "healthy" or (.state == "exited")))' \
        >/dev/null <<<"$status" || { say "$status"; die "dev is not all healthy after 'devenv up' ($1)"; }
}

cold_ms=() warm_ms=() cold_prepare_ms=()
for ((round = 1; round <= ROUNDS; round++)); do
    dv down dev --purge -C "$demoproj" >/dev/null
    [[ ! -d $demoproj/.devenv/dev/postgres ]] || die "the dev cluster survived 'down --purge'"
    now_us; start=$REPLY
    dv up dev -C "$demoproj" >/dev/null
    now_us; end=$REPLY
    c=$(elapsed_ms "$start" "$end")
    check_healthy "cold, round $round"
    cold_ms+=("$c")
    cold_prepare_ms+=("$(prepare_ms "$demoproj" dev "$start")")
    if ((round == ROUNDS)); then
        say "   timeline of the last cold up (from the start of 'devenv up'):"
        timeline "$demoproj" dev "$start"
    fi

    dv down dev -C "$demoproj" >/dev/null
    now_us; start=$REPLY
    dv up dev -C "$demoproj" >/dev/null
    now_us; end=$REPLY
    w=$(elapsed_ms "$start" "$end")
    check_healthy "warm, round $round"
    warm_ms+=("$w")
    if ((round == ROUNDS)); then
        say "   timeline of the last warm up (from the start of 'devenv up'):"
        timeline "$demoproj" dev "$start"
    fi
    say "   round $round: cold ${c} ms, warm ${w} ms"
done
cold_med=$(median "${cold_ms[@]}")
warm_med=$(median "${warm_ms[@]}")

# ---------------------------------------------------------------------------- summary
verdict() { if awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { exit !(op == "le" ? v <= t : v >= t) }'; then echo PASS; else echo FAIL; fi; }
cpus=$(nproc)
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
{
    echo
    echo "bench/postgres — $ROWS rows × 4 columns (${csv_mb} MB CSV), $ROUNDS rounds, medians; $cpus CPU(s), load $load_start → $load_end"
    echo "Postgres settings (both sides, one server): shared_buffers=128MB fsync=off; demo: $router_note"
    printf '%-44s %12s %12s %8s\n' "measure" "value" "target" "result"
    printf '%-44s %12s %12s %8s\n' "devenv seed applying big.csv (wall)" "${seed_med} ms" "" ""
    printf '%-44s %12s %12s %8s\n' "  its load alone (the seed event)" "${event_med} ms" "" "info"
    printf '%-44s %12s %12s %8s\n' "psql \\copy of big.csv (wall)" "${psql_med} ms" "" ""
    printf '%-44s %12s %12s %8s\n' "  ratio devenv / psql" "${seed_ratio}×" "≤ ${TARGET_SEED_RATIO}×" \
        "$(verdict "$seed_ratio" "$TARGET_SEED_RATIO" le)"
    printf '%-44s %12s %12s %8s\n' "devenv seed --reset (wall, settled)" "${reset_med} ms" "" ""
    printf '%-44s %12s %12s %8s\n' "  speed-up full seed / reset" "${reset_speedup}×" "≥ ${TARGET_RESET_SPEEDUP}×" \
        "$(verdict "$reset_speedup" "$TARGET_RESET_SPEEDUP" ge)"
    printf '%-44s %12s %12s %8s\n' "devenv seed --reset (wall, back to back)" "${burst_med} ms" "" ""
    printf '%-44s %12s %12s %8s\n' "  speed-up full seed / back-to-back reset" "${burst_speedup}×" "" ""
    printf '%-44s %12s %12s %8s\n' "cold devenv up dev (no cluster, template)" "${cold_med} ms" "≤ ${TARGET_COLD_MS} ms" \
        "$(verdict "$cold_med" "$TARGET_COLD_MS" le)"
    printf '%-44s %12s %12s %8s\n' "warm devenv up dev (after down)" "${warm_med} ms" "≤ ${TARGET_WARM_MS} ms" \
        "$(verdict "$warm_med" "$TARGET_WARM_MS" le)"
    echo "cold up: daemon start → converging (cluster copied from the template, password set) ${cold_prepare_ms[*]} ms"
    echo "rounds (ms): seed ${devenv_ms[*]} | seed event ${event_ms[*]} | psql ${psql_ms[*]} | reset ${reset_ms[*]} | back to back ${burst_ms[*]} | cold ${cold_ms[*]} | warm ${warm_ms[*]}"
}
