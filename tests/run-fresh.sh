#!/bin/bash
# The README's first command on a fresh Debian 12, twice (make check-fresh).
#
#   tests/run-fresh.sh            command 1 on a fresh system, twice, then stop
#   tests/run-fresh.sh --full     and command 2 (.ci/run) there as well
#
# Makes a minimal Debian 12 with debootstrap (--variant=minbase bookworm,
# from Debian's own mirror), gives it only what an installed system has and
# debootstrap leaves out (/etc/hosts naming localhost; this machine's CA
# certificates and npm settings so the registries answer), copies this tree
# in (tracked files, as they are now) and runs conf/demo/run-demo.sh there
# as root with nothing else installed. Then, from outside: the login page
# answers on the loopback, Kari logs in with the code from the delivered
# mail and sees her location; the command runs a second time and all of it
# holds again; `run-demo.sh stop` stops it. The demo's port is
# $SELFCARE_DEMO_PORT, else 8080 (another free port if 8080 is taken here).
#
# Needs root and debootstrap. FRESH_MIRROR changes the mirror, FRESH_KEEP=1
# keeps the tree (its path is printed). Ends with "N passed, N failed".
set -uo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
MIRROR=${FRESH_MIRROR:-http://deb.debian.org/debian}
FULL=0
[ "${1:-}" = --full ] && FULL=1
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok: $*"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }
finish() { echo "$PASS passed, $FAIL failed"; [ "$FAIL" -eq 0 ]; exit $?; }

[ "$(id -u)" -eq 0 ] || { bad "run it as root (debootstrap, chroot, mounts)"; finish; }
command -v debootstrap > /dev/null || { bad "no debootstrap (apt-get install debootstrap)"; finish; }

ROOT=$(mktemp -d /var/tmp/selfcare-fresh.XXXXXX)
chmod 755 "$ROOT"
mounted=()
cleanup() {
	if [ -x "$ROOT/root/selfcare/conf/demo/run-demo.sh" ] && [ -d "$ROOT/proc/1" ]; then
		in_root conf/demo/run-demo.sh stop > /dev/null 2>&1
	fi
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount -l "${mounted[i]}" 2> /dev/null
	done
	if [ "${FRESH_KEEP:-}" = 1 ]; then
		echo "kept $ROOT"
	else
		rm -rf --one-file-system "$ROOT"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A command inside the fresh system, as root, with a clean environment.
in_root() {
	chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root TERM=dumb LANG=C.UTF-8 SELFCARE_DEMO_PORT="$PORT" ${CI:+CI=$CI} \
		/bin/bash -c 'cd /root/selfcare && "$@"' bash "$@"
}

elapsed() { echo $(($(date +%s) - $1)); }

PORT=${SELFCARE_DEMO_PORT:-8080}
if /usr/bin/python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
	PORT=$(/usr/bin/python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
	echo "127.0.0.1:${SELFCARE_DEMO_PORT:-8080} is taken here: the demo gets port $PORT"
fi

t=$(date +%s)
if debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" > "$ROOT.debootstrap.log" 2>&1; then
	ok "debootstrap --variant=minbase bookworm ($(elapsed "$t") s)"
	rm -f "$ROOT.debootstrap.log"
else
	tail -20 "$ROOT.debootstrap.log"
	rm -f "$ROOT.debootstrap.log"
	bad "debootstrap failed"
	finish
fi

# What the installer would have written, and nothing more.
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' > "$ROOT/etc/hosts"
mkdir -p "$ROOT/usr/local/share/ca-certificates" "$ROOT/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/" 2> /dev/null
cp /usr/local/share/ca-certificates/* "$ROOT/usr/local/share/ca-certificates/" 2> /dev/null
[ -f /etc/npmrc ] && cp /etc/npmrc "$ROOT/etc/npmrc"
[ -f /root/.npmrc ] && cp /root/.npmrc "$ROOT/root/.npmrc"
for m in proc sys dev dev/pts; do
	mkdir -p "$ROOT/$m"
	case $m in
	proc) mount -t proc proc "$ROOT/proc" ;;
	sys) mount -t sysfs sys "$ROOT/sys" ;;
	*) mount --bind "/$m" "$ROOT/$m" ;;
	esac && mounted+=("$ROOT/$m")
done
mkdir -p "$ROOT/dev/shm" && mount -t tmpfs tmpfs "$ROOT/dev/shm" && mounted+=("$ROOT/dev/shm")

# The tree as it is now: tracked files, uncommitted changes included.
mkdir -p "$ROOT/root/selfcare"
if git -C "$TOP" rev-parse --git-dir > /dev/null 2>&1; then
	(cd "$TOP" && git ls-files -z | tar --null -T - -cf -)
else	# an unpacked tarball: everything but build directories and in-tree output
	excl=(--exclude='*.o' --exclude=./selfcare --exclude=./config.status --exclude=./Makefile)
	for d in "$TOP"/*/config.status; do
		[ -f "$d" ] && excl+=(--exclude="./$(basename "$(dirname "$d")")")
	done
	tar -C "$TOP" "${excl[@]}" -cf - .
fi | tar -C "$ROOT/root/selfcare" -xf - || { bad "copying the tree"; finish; }

# From outside: the login page, then Kari's login with the mailed code.
portal_check() {
	PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 - "$PORT" "$ROOT/var/lib/selfcare-demo/mail" "$TOP" <<'PY'
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3] + "/tests/http")
import stack as st
base = "http://127.0.0.1:%s" % sys.argv[1]
mail = Path(sys.argv[2])
kari = "kari.nordmann@example.no"
r = st.Client(base).get("/login")
assert r.status_code == 200 and 'name="email"' in r.text, (r.status_code, r.text[:300])
print("  the login page answers on %s" % base)
c = st.Client(base)
before = set(mail.glob("*.eml"))
c.request_code(kari)
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    new = [p for p in mail.glob("*.eml") if p not in before and kari in st.mail_recipients(p)]
    if new:
        break
    time.sleep(0.2)
assert new, "no login mail to %s in %s" % (kari, mail)
code = st.mail_code(sorted(new)[-1])
r = c.post("/login/code", {"csrf": c.csrf("/login/code"), "code": code})
assert r.status_code == 303 and st.location_path(r) == "/companies", (r.status_code, r.text[:300])
r = c.get("/companies/1/locations")
assert r.status_code == 200 and "Internett MBE" in r.text, (r.status_code, r.text[:300])
print("  Kari logs in with the mailed code and sees location 11001 Internett MBE")
PY
}

for run in first second; do
	t=$(date +%s)
	if in_root conf/demo/run-demo.sh > "$ROOT/run-demo-$run.log" 2>&1; then
		ok "conf/demo/run-demo.sh, $run run ($(elapsed "$t") s)"
	else
		tail -40 "$ROOT/run-demo-$run.log"
		bad "conf/demo/run-demo.sh, $run run, exit status non-zero"
		finish
	fi
	grep -q "Open http://127.0.0.1:$PORT/" "$ROOT/run-demo-$run.log" &&
		grep -q "kari.nordmann@example.no" "$ROOT/run-demo-$run.log" &&
		ok "it prints how to log in" || bad "it does not print how to log in"
	if out=$(portal_check 2>&1); then
		echo "$out"
		ok "the portal is up after the $run run"
	else
		echo "$out" | tail -20
		bad "the portal is not up after the $run run"
	fi
done
grep -q "kept from the last run" "$ROOT/run-demo-second.log" &&
	ok "the second run kept the demo's data" || bad "the second run did not say it kept the data"

if in_root conf/demo/run-demo.sh stop > /dev/null 2>&1 &&
	! /usr/bin/python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
	ok "run-demo.sh stop stops it"
else
	bad "run-demo.sh stop left the portal running"
fi

if [ "$FULL" = 1 ]; then
	t=$(date +%s)
	in_root env CI=true bash .ci/run > "$ROOT/ci.log" 2>&1
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$ROOT/ci.log" | tail -n 1)
	echo "  .ci/run in the fresh system ($(elapsed "$t") s): ${last:-no summary line}"
	if [ -n "$last" ] && [ "$(echo "$last" | sed -E 's/.* ([0-9]+) failed.*/\1/')" = 0 ]; then
		ok ".ci/run in the fresh system: $last"
	else
		grep -E '^--- |FAIL|Error' "$ROOT/ci.log" | tail -40
		bad ".ci/run in the fresh system: ${last:-no summary line}"
	fi
fi
finish
