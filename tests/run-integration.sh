#!/bin/sh
# The HTTP suite (tests/http): a private MariaDB, selfcare, nginx and Apache
# on 127.0.0.1, driven by pytest through both web servers.
#
#   tests/run-integration.sh [pytest arguments]      e.g. -k login -x
#
# The binary: $SELFCARE_BIN, else $SELFCARE_BUILD/selfcare, else ./selfcare
# at the top of the tree (an in-tree build). Needs root (private MariaDB,
# web servers dropping to www-data) and Debian's nginx, apache2,
# mariadb-server, python3-pytest, python3-requests, python3-lxml.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
: "${SELFCARE_BIN:=${SELFCARE_BUILD:-$top}/selfcare}"
export SELFCARE_BIN
if [ ! -x "$SELFCARE_BIN" ]; then
	echo "run-integration.sh: no selfcare binary at $SELFCARE_BIN (build it, or set SELFCARE_BIN)" >&2
	exit 2
fi
# No .pyc or .pytest_cache in the source tree.
export PYTHONDONTWRITEBYTECODE=1
cd "$top"
# The whole suite unless a test file or node id is named.
case ${1:-} in
*.py|*.py::*|*/tests/http*|tests/http*|*/tests/sso*|tests/sso*|*/tests/partner*|tests/partner*) ;;
*) set -- "$top/tests/http" "$@" ;;
esac
exec /usr/bin/python3 -m pytest -q -rfE -p no:cacheprovider "$@"
