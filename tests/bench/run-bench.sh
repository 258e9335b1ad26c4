#!/bin/sh
# make bench: tests/bench/bench.py with the in-tree (or $SELFCARE_BUILD)
# binary and bare responder. Not part of make check; prints figures.
# Needs root (private MariaDB, nginx dropping to www-data), wrk, nginx,
# mariadb-server, python3-requests. See tests/bench/bench.py for the knobs:
#   BENCH_SECONDS=3 BENCH_CONNS=32 BENCH_PAGES=locations tests/bench/run-bench.sh
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${SELFCARE_BUILD:-$top}
: "${SELFCARE_BIN:=$build/selfcare}"
: "${BENCH_BARE:=$build/tests/bench/bare}"
export SELFCARE_BIN BENCH_BARE
if [ ! -x "$BENCH_BARE" ]; then
	make -C "$build" tests/bench/bare
fi
for p in "$SELFCARE_BIN" "$BENCH_BARE"; do
	if [ ! -x "$p" ]; then
		echo "run-bench.sh: no $p (build first)" >&2
		exit 2
	fi
done
command -v wrk >/dev/null || { echo "run-bench.sh: wrk is not installed" >&2; exit 2; }
export PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 "$top/tests/bench/bench.py" "$@"
