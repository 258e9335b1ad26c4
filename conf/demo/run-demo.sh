#!/bin/bash
# The selfcare demo on one Debian 12 machine, as root:
#
#   conf/demo/run-demo.sh          install, build, start (or restart) the demo
#   conf/demo/run-demo.sh stop     stop it
#
# Everything runs privately under /var/lib/selfcare-demo (kept between runs,
# so a second run reuses the database and restarts the processes cleanly):
# a MariaDB of its own (socket only, no TCP), `selfcare serve` on a unix
# socket, nginx on http://127.0.0.1:8080, and mail written as files into
# /var/lib/selfcare-demo/mail instead of being sent. The system's own
# MariaDB and nginx are left alone.
#
# SELFCARE_DEMO_DIR and SELFCARE_DEMO_PORT change the directory and the port.
# The processes are started by tests/http/stack.py, the same code that runs
# the HTTP tests.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${SELFCARE_DEMO_DIR:-/var/lib/selfcare-demo}
PORT=${SELFCARE_DEMO_PORT:-8080}
STACK=$TOP/tests/http/stack.py

case ${1:-start} in
stop)
	exec /usr/bin/python3 "$STACK" demo-stop --dir "$DIR" ;;
start) ;;
*)
	echo "usage: $0 [start|stop]" >&2
	exit 64 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
	echo "run-demo.sh: run it as root: it installs packages and runs a private MariaDB" >&2
	exit 1
fi

PACKAGES=(autoconf automake libtool pkg-config make gcc libfcgi-dev libxml2-dev
	libxslt1-dev libmariadb-dev libsodium-dev mariadb-server mariadb-client
	nginx spawn-fcgi python3 logrotate)

# apt only when something is missing: a re-run is quick.
missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "== installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	apt-get install -y --no-install-recommends "${missing[@]}"
fi

# Build out of tree in build-demo/, unless the tree is configured in place.
if [ -f "$TOP/config.status" ]; then
	BUILD=$TOP
else
	BUILD=$TOP/build-demo
	[ -x "$TOP/configure" ] || (cd "$TOP" && ./autogen.sh)
	mkdir -p "$BUILD"
	[ -f "$BUILD/Makefile" ] || (cd "$BUILD" && "$TOP/configure")
fi
echo "== building in $BUILD"
make -C "$BUILD" -j"$(nproc)"

echo "== starting"
/usr/bin/python3 "$STACK" demo-start --dir "$DIR" --port "$PORT" --bin "$BUILD/selfcare"
cat <<EOT

Open http://127.0.0.1:$PORT/ and log in as one of the demo users; the
one-time code arrives as a file in $DIR/mail/:
  newest mail:  ls -t $DIR/mail | head -1
  newest code:  grep -hoE '\\b[0-9]{8}\\b' "$DIR/mail/\$(ls -t $DIR/mail | head -1)"
Stop it with:   $0 stop
EOT
