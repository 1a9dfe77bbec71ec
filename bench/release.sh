# Shared by the benchmarks (sourced, from the repository root): the release build to measure.
# Builds it with `make release` unless SKIP_BUILD=1 or DEVENV_BIN=DIR (another build, for an
# A/B), then sets `bin` to its directory and `devenv` to its CLI, and checks that each program
# named exists there. Needs `say` and `die` defined.
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
