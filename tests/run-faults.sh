#!/bin/sh
# The fault suite (tests/faults): worker killed under load, MariaDB stopped
# and started, the per-request time limit, oversized input, crafted FastCGI
# records and the socket's permissions, XML attacks on the XML reader (C).
#
#   tests/run-faults.sh [pytest arguments]          e.g. -k mariadb -x
#
# The binary: $SELFCARE_BIN, else $SELFCARE_BUILD/selfcare, else ./selfcare.
# Its directory must be the build directory (libselfcare.a, config.h: the
# XML attack program is linked against them). JUnit XML goes to
# $FAULTS_JUNIT (default: a temporary file). Needs root, Debian's nginx,
# mariadb-server, wrk, python3-pytest, python3-requests, python3-lxml.
# Ends with the line "N passed, N failed"; exit status non-zero on failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${SELFCARE_BIN:=${SELFCARE_BUILD:-$top}/selfcare}"
SELFCARE_BIN=$(readlink -f "$SELFCARE_BIN" 2>/dev/null || echo "$SELFCARE_BIN")
export SELFCARE_BIN
if [ ! -x "$SELFCARE_BIN" ]; then
	echo "run-faults.sh: no selfcare binary at $SELFCARE_BIN (build it, or set SELFCARE_BIN)" >&2
	echo "0 passed, 1 failed"
	exit 2
fi
build=$(dirname "$SELFCARE_BIN")
work=$(mktemp -d /tmp/selfcare-faults.XXXXXX)
trap 'rm -rf "$work"' EXIT
junit=${FAULTS_JUNIT:-$work/faults.xml}
export PYTHONDONTWRITEBYTECODE=1

# The XML attack program, linked against the build's library.
if cc -std=c11 -O1 -g -Wall -Wextra -I"$build" -I"$top/fcgi" "$top/tests/faults/xml_attacks.c" "$build/libselfcare.a" $(pkg-config --cflags --libs libxml-2.0 libxslt libsodium libmariadb) -lfcgi -o "$work/xml_attacks"; then
	export SELFCARE_XML_ATTACKS="$work/xml_attacks"
else
	echo "run-faults.sh: building tests/faults/xml_attacks.c failed" >&2
fi

cd "$top"
case ${1:-} in
*.py|*.py::*|*/tests/faults*|tests/faults*) ;;
*) set -- "$top/tests/faults" "$@" ;;
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
