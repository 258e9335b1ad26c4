#!/bin/bash
# The selfcare demo on one Debian 12 machine, as root:
#
#   conf/demo/run-demo.sh          install, build, start (or restart) the demo
#   conf/demo/run-demo.sh stop     stop it
#   conf/demo/run-demo.sh reset    load the demo data afresh (what was changed is lost)
#
# Everything runs privately under /var/lib/selfcare-demo (kept between runs):
# a MariaDB of its own (socket only, no TCP), `selfcare serve` on a unix
# socket, nginx on http://127.0.0.1:8080, and mail written as files into
# /var/lib/selfcare-demo/mail instead of being sent. The system's own
# MariaDB and nginx are left alone. A second run (after a reboot, an
# upgrade, a local change) rebuilds, applies new migrations, keeps the
# demo's data and restarts every process.
#
# SELFCARE_DEMO_DIR and SELFCARE_DEMO_PORT change the directory and the port.
# The processes are started by tests/http/stack.py, the same code that runs
# the HTTP tests. The exit status is non-zero, with the reason, whenever the
# portal is not up at the end.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${SELFCARE_DEMO_DIR:-/var/lib/selfcare-demo}
PORT=${SELFCARE_DEMO_PORT:-8080}
STACK=$TOP/tests/http/stack.py
step=starting

fail() {
	echo "run-demo.sh: $*" >&2
	exit 1
}
trap 'rc=$?; [ $rc -eq 0 ] || echo "run-demo.sh: FAILED while $step (exit $rc)" >&2' EXIT

cmd=${1:-start}
case $cmd in
start|stop|reset) ;;
*)
	echo "usage: $0 [start|stop|reset]" >&2
	exit 64 ;;
esac
[ "$(id -u)" -eq 0 ] || fail "run it as root: it installs packages and runs a private MariaDB"
if [ "$cmd" = stop ]; then
	step="stopping the demo"
	[ -x /usr/bin/python3 ] || { echo "nothing was running in $DIR"; exit 0; }
	exec /usr/bin/python3 "$STACK" demo-stop --dir "$DIR"
fi

# The packages for building and running (conf/packages.debian); apt only
# when something is missing, so a re-run is quick.
step="installing the Debian packages"
mapfile -t PACKAGES < <(awk '!/^#/ && ($2 == "build" || $2 == "run") { print $1 }' \
	"$TOP/conf/packages.debian")
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
step="building selfcare"
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

step="starting the demo"
echo "== starting"
args=(--dir "$DIR" --port "$PORT" --bin "$BUILD/selfcare")
[ "$cmd" = reset ] && args+=(--reset)
/usr/bin/python3 "$STACK" demo-start "${args[@]}"
cat <<EOT

Open http://127.0.0.1:$PORT/ and log in as one of the demo users; the
one-time code arrives as a file in $DIR/mail/:
  newest mail:  ls -t $DIR/mail | head -1
  newest code:  grep -hoE '\\b[0-9]{8}\\b' "$DIR/mail/\$(ls -t $DIR/mail | head -1)"
SIM and plan orders started in the back office are completed by the demo's
network (conf/demo/provision-demo.sh, provision_command) a few seconds later.
An employee's phone check code (SMS) arrives in $DIR/sms/ the same way.
The demo employee: anne.berg@example.no (Anne Berg, Bitpro Demo AS) logs in
with the mailed code, then confirms +4791000005 with the code of the newest
SMS and orders from her subscription's self-service box:
  newest SMS:   cat "$DIR/sms/\$(ls -t $DIR/sms | head -1)"
Stop it with:   $0 stop
EOT
