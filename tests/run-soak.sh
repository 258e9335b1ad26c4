#!/bin/sh
# The soak suite (tests/soak): 200 000+ requests through nginx with the
# workers' RSS watched, and selfcare under valgrind (no leaks, no errors).
#
#   tests/run-soak.sh [pytest arguments]            e.g. -k valgrind
#
# The binary: $SELFCARE_BIN, else $SELFCARE_BUILD/selfcare, else ./selfcare.
# Valgrind runs $SELFCARE_VALGRIND_BIN; when that is not set, a second
# build with CFLAGS="-O1 -g" is made in a temporary directory (falling back
# to $SELFCARE_BIN if that build fails). JUnit XML goes to $SOAK_JUNIT
# (default: a temporary file); the figures are also appended to
# $SOAK_REPORT if set. Needs root, Debian's nginx, mariadb-server, wrk,
# valgrind, python3-pytest, python3-requests, python3-lxml.
# Ends with the line "N passed, N failed"; exit status non-zero on failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${SELFCARE_BIN:=${SELFCARE_BUILD:-$top}/selfcare}"
SELFCARE_BIN=$(readlink -f "$SELFCARE_BIN" 2>/dev/null || echo "$SELFCARE_BIN")
export SELFCARE_BIN
if [ ! -x "$SELFCARE_BIN" ]; then
	echo "run-soak.sh: no selfcare binary at $SELFCARE_BIN (build it, or set SELFCARE_BIN)" >&2
	echo "0 passed, 1 failed"
	exit 2
fi
work=$(mktemp -d /tmp/selfcare-soak.XXXXXX)
trap 'rm -rf "$work"' EXIT
junit=${SOAK_JUNIT:-$work/soak.xml}
export PYTHONDONTWRITEBYTECODE=1

if [ -z "${SELFCARE_VALGRIND_BIN:-}" ]; then
	echo "run-soak.sh: building selfcare with CFLAGS=\"-O1 -g\" for valgrind in $work/vg"
	mkdir -p "$work/vg"
	if (cd "$work/vg" && CFLAGS="-O1 -g" "$top/configure" -q >configure.log 2>&1 &&
	    make -j2 selfcare >make.log 2>&1); then
		SELFCARE_VALGRIND_BIN=$work/vg/selfcare
	else
		echo "run-soak.sh: that build failed (see below); valgrind runs $SELFCARE_BIN" >&2
		tail -20 "$work/vg/configure.log" "$work/vg/make.log" 2>/dev/null >&2
		SELFCARE_VALGRIND_BIN=$SELFCARE_BIN
	fi
fi
export SELFCARE_VALGRIND_BIN

cd "$top"
case ${1:-} in
*.py|*.py::*|*/tests/soak*|tests/soak*) ;;
*) set -- "$top/tests/soak" "$@" ;;
esac
/usr/bin/python3 -m pytest -q -rfE -p no:cacheprovider --junitxml="$junit" "$@"
rc=$?

counts=$(/usr/bin/python3 - "$junit" <<'PY' 2>/dev/null
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
t = f = e = s = 0
for x in suites:
    t += int(x.get("tests", 0)); f += int(x.get("failures", 0))
    e += int(x.get("errors", 0)); s += int(x.get("skipped", 0))
print(t - f - e - s, f + e)
PY
) || counts="0 1"
set -- $counts
passed=$1 failed=$2
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1        # pytest itself failed (collection, internal error)
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
