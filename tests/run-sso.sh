#!/bin/sh
# Single sign-on against a real OpenID Connect provider (tests/sso):
# LemonLDAP::NG on 127.0.0.1, Apache with mod_auth_openidc and nginx with
# auth_request in front of a private selfcare stack.
#
#   tests/run-sso.sh [pytest arguments]          e.g. -k forged -x
#
# The binary: $SELFCARE_BIN, else $SELFCARE_BUILD/selfcare, else ./selfcare.
# Needs root and the "test" packages of conf/packages.debian. Ends with the
# line "N passed, N failed"; the exit status is non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
# tests/run-integration.sh finds the binary and runs pytest.
case ${1:-} in
*.py|*.py::*|*/tests/sso*|tests/sso*) ;;
*) set -- "$top/tests/sso" "$@" ;;
esac
out=$(mktemp /tmp/selfcare-sso.XXXXXX)
trap 'rm -f "$out"' EXIT
sh "$top/tests/run-integration.sh" "$@" 2>&1 | tee "$out"
# tests/sso/conftest.py prints the count line; pytest's own summary follows
# it, so it is repeated as the last line.
last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
echo "${last:-0 passed, 1 failed}"
case $last in
*" 0 failed") exit 0 ;;
*) exit 1 ;;
esac
