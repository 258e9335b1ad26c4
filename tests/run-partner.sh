#!/bin/sh
# A partner's whole scenario (tests/partner): its program, written apart
# from the C code with requests and lxml, against a private stack
# (tests/http/stack.py) through nginx and Apache: a key, webhooks, an order
# followed to completed, the billing run, the bill's UBL and PDF.
#
#   tests/run-partner.sh [pytest arguments]      e.g. -k forged -x
#
# The binary: $SELFCARE_BIN, else $SELFCARE_BUILD/selfcare, else ./selfcare.
# Needs root and the "test" packages of conf/packages.debian. Ends with the
# line "N passed, N failed" (no test run is a failure); the exit status is
# non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
# Options alone: the whole scenario directory.
case ${1:--} in -*) set -- "$top/tests/partner" "$@" ;; esac
junit=$(mktemp /tmp/selfcare-partner.XXXXXX)
trap 'rm -f "$junit"' EXIT
sh "$top/tests/run-integration.sh" "$@" --junitxml="$junit"
# The counts from pytest's JUnit XML; no test run is a failure.
/usr/bin/python3 - "$junit" <<'PY'
import sys
import xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    root = ET.Element("testsuites")
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
n = {k: sum(int(s.get(k, 0)) for s in suites)
     for k in ("tests", "failures", "errors", "skipped")}
failed = n["failures"] + n["errors"]
passed = n["tests"] - failed - n["skipped"]
if passed + failed == 0:
    failed = 1
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
