# Shared by the benchmarks (sourced, from the repository root).

# The release build to measure: built with `make release` unless SKIP_BUILD=1 or DEVENV_BIN=DIR
# (another build, for an A/B); sets `bin` to its directory and `devenv` to its CLI, and checks
# that each program named exists there. Needs `say` and `die` defined.
release_binaries() {
    if [[ ${SKIP_BUILD:-0} != 1 && -z ${DEVENV_BIN:-} ]]; then
        say "== building the release binaries (make release)"
        make -s release
    fi
    bin=${DEVENV_BIN:-$(swift build -c release --show-bin-path)}
    devenv=$bin/devenv
    local program
    for program in "$@"; do [[ -x $bin/$program ]] || die "no release $program in $bin"; done
}

# For a benchmark that runs the environment `dev` of the project at $project, made inside $work:
# `dv` runs the release devenv on it (bounded), and on exit, Ctrl-C included, the environment is
# brought down and purged and $work removed.
project_commands() {
    dv() { timeout 120 "$devenv" "$@" -C "$project"; }
    cleanup() {
        set +e
        timeout 60 "$devenv" down dev --purge -C "$project" >/dev/null 2>&1
        rm -rf "$work"
    }
    trap cleanup EXIT INT TERM
}
