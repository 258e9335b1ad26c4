#!/bin/sh
# Builds the libFuzzer targets in tests/fuzz/ and runs each for SECONDS
# (default 60) over a copy of its seeds (tests/fuzz/corpus/NAME/) and
# regression inputs (tests/fuzz/regress/NAME/, inputs that once crashed it).
#
#   tests/run-fuzz.sh [SECONDS]
#
# Prints "fuzz NAME: ok (N runs)" or "fuzz NAME: CRASH" (followed by the
# first lines of the report and where the input was saved) per target, and
# last "N passed, N failed"; exits non-zero if any target failed.
#
# Environment:
#   FUZZ_BUILD    build directory (default: build-fuzz/ at the top). It is
#                 configured here with CC=clang and CFLAGS with
#                 -fsanitize=fuzzer-no-link,address,undefined unless it
#                 already is such a build.
#   FUZZ_JOBS     targets run at the same time (default: number of CPUs)
#   FUZZ_KEEP=1   keep the growing corpus in FUZZ_BUILD/fuzz-work/NAME/
#                 instead of a temporary directory (make fuzz does this)
#   FUZZ_TIMEOUT  seconds one input may take before it counts as a hang (10)
#   FUZZ_CC       the compiler (clang)
# Crash inputs go to FUZZ_BUILD/fuzz-artifacts/NAME/, logs to
# FUZZ_BUILD/fuzz-logs/NAME.log. The source tree is never written to.
set -u

TARGETS="fuzz_query fuzz_cookies fuzz_fields fuzz_params fuzz_conf fuzz_xml fuzz_money fuzz_bank fuzz_api"

TOP=$(cd "$(dirname "$0")/.." && pwd)
SECS=${1:-60}
case $SECS in
''|*[!0-9]*|0) echo "usage: $0 [SECONDS]  (a positive whole number)" >&2; exit 2;;
esac
BUILD=${FUZZ_BUILD:-$TOP/build-fuzz}
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
case $JOBS in ''|*[!0-9]*|0) JOBS=2;; esac
TIMEOUT=${FUZZ_TIMEOUT:-10}
CC_FUZZ=${FUZZ_CC:-clang}
CFLAGS_FUZZ="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"

: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1}"
export UBSAN_OPTIONS

summary_all_failed() {		# every target failed before running: $1 why
	for t in $TARGETS; do
		echo "fuzz $t: FAILED ($1)"
	done
	# shellcheck disable=SC2086
	set -- $TARGETS
	echo "0 passed, $# failed"
	exit 1
}

# -- the build directory ------------------------------------------------

is_fuzz_build() {
	[ -f "$1/Makefile" ] && grep -q '^CFLAGS = .*fuzzer-no-link' "$1/Makefile"
}

mkdir -p "$BUILD" || summary_all_failed "cannot create $BUILD"
BUILD=$(cd "$BUILD" && pwd)
if ! is_fuzz_build "$BUILD"; then
	if [ -f "$BUILD/Makefile" ]; then
		echo "$BUILD is a build directory, but not a fuzzing build (CFLAGS lack"
		echo "-fsanitize=fuzzer-no-link): set FUZZ_BUILD to another directory"
		summary_all_failed "not a fuzzing build"
	fi
	if [ -f "$TOP/config.status" ]; then
		echo "the source tree is configured in place (./configure was run at the top):"
		echo "run 'make distclean' there first; the fuzz build lives in $BUILD"
		summary_all_failed "source tree configured in place"
	fi
	if [ ! -x "$TOP/configure" ]; then
		(cd "$TOP" && ./autogen.sh) || summary_all_failed "autogen.sh failed"
	fi
	echo "configuring $BUILD (CC=$CC_FUZZ)"
	if ! (cd "$BUILD" && "$TOP/configure" CC="$CC_FUZZ" CFLAGS="$CFLAGS_FUZZ") \
	    >"$BUILD/fuzz-configure.log" 2>&1; then
		tail -n 30 "$BUILD/fuzz-configure.log"
		summary_all_failed "configure failed, see $BUILD/config.log"
	fi
fi

echo "building the fuzz targets in $BUILD"
if ! make -C "$BUILD" -j"$JOBS" fuzz-build >"$BUILD/fuzz-build.log" 2>&1; then
	tail -n 40 "$BUILD/fuzz-build.log"
	summary_all_failed "build failed, see $BUILD/fuzz-build.log"
fi

# -- running ------------------------------------------------------------

if [ "${FUZZ_KEEP:-0}" = 1 ]; then
	WORK=$BUILD/fuzz-work
	mkdir -p "$WORK"
else
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/selfcare-fuzz.XXXXXX") || exit 1
	trap 'rm -rf "$WORK"' EXIT
	trap 'exit 130' INT TERM
fi
LOGS=$BUILD/fuzz-logs
mkdir -p "$LOGS"

# Per-target options beyond the common ones.
target_opts() {
	case $1 in
	fuzz_xml)	echo "-max_len=16384";;
	fuzz_bank)	echo "-max_len=16384";;
	fuzz_params)	echo "-max_len=8192";;
	fuzz_conf)	echo "-max_len=4096";;
	*)		echo "-max_len=2048";;
	esac
}

run_one() {
	t=$1
	corpus=$WORK/$t
	art=$BUILD/fuzz-artifacts/$t
	mkdir -p "$corpus" "$art"
	for d in "$TOP/tests/fuzz/corpus/$t" "$TOP/tests/fuzz/regress/$t"; do
		[ -d "$d" ] && cp "$d"/* "$corpus"/ 2>/dev/null
	done
	# cp keeps the source's read-only mode (distcheck): libFuzzer only
	# reads these, but make them ours.
	chmod -R u+w "$corpus" 2>/dev/null
	dict=
	[ -f "$TOP/tests/fuzz/dict/$t.dict" ] && dict="-dict=$TOP/tests/fuzz/dict/$t.dict"
	# shellcheck disable=SC2046,SC2086
	"$BUILD/tests/fuzz/$t" -max_total_time="$SECS" -timeout="$TIMEOUT" \
	    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$art/" \
	    $(target_opts "$t") $dict "$corpus" >"$LOGS/$t.log" 2>&1
	echo $? >"$LOGS/$t.rc"
}

echo "running each target for $SECS s, $JOBS at a time"
running=0
for t in $TARGETS; do
	rm -f "$LOGS/$t.rc"
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait
		running=0
	fi
done
wait

pass=0
fail=0
for t in $TARGETS; do
	log=$LOGS/$t.log
	rc=$(cat "$LOGS/$t.rc" 2>/dev/null || echo 99)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" 2>/dev/null | tail -n 1)
	if [ "$rc" -eq 0 ] && [ -n "$runs" ]; then
		echo "fuzz $t: ok ($runs runs)"
		pass=$((pass + 1))
	else
		echo "fuzz $t: CRASH"
		grep -m 1 -A 12 -E 'ERROR: |runtime error:|fuzz check failed|deadly signal|ALARM:|out-of-memory' \
		    "$log" 2>/dev/null | sed 's/^/    /'
		grep -E 'Test unit written to|Base64:' "$log" 2>/dev/null | sed 's/^/    /'
		echo "    log: $log (exit $rc)"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
