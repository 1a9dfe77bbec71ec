#!/usr/bin/env bash
# Container benchmark, with podman and the busybox test image (built from busybox-static on
# first use, no registry):
#   - start to serving: one busybox httpd container through ContainerRuntime (image check, the
#     foreground `podman run` under devenv-shim, until its port answers on 127.0.0.1) against
#     `podman run -d` of the same image by hand until its port answers; both medians and their
#     ratio (target ≤ 1.1, as issue 13 sets it);
#   - pause (podman pause) and resume to serving (podman unpause until the port answers).
# It runs ContainerTimingTests (a debug build of the test bundle; podman's own time dominates).
#
#   bash bench/containers/run.sh        Knobs: ROUNDS=7 SKIP_BUILD=1
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/../.."
command -v podman >/dev/null || { echo "bench/containers: podman is not installed (make deps)" >&2; exit 1; }
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    swift build --build-tests >/dev/null
fi
out=$(CONTAINER_ROUNDS=${ROUNDS:-7} swift test --skip-build --no-parallel --filter ContainerTimingTests 2>&1) || {
    printf '%s\n' "$out" | tail -n 30 >&2; echo "bench/containers: the timing tests failed" >&2; exit 1; }
lines=$(printf '%s\n' "$out" | grep '^containers:')
printf '%s\n' "$lines"
ratio=$(printf '%s\n' "$lines" | sed -n 's/^containers: ratio runtime\/by hand: //p')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.1) ? "ok" : "FAIL" }')
echo "containers: start-to-serving ratio $ratio (target <= 1.1): $verdict"
