#!/bin/sh
# The browser suite (tests/browser): Chromium, driven by playwright-core
# under Node's test runner, logs in with the mailed code and walks the
# portal on a private stack (MariaDB, selfcare, nginx; tests/http/stack.py).
# Every page is saved as a screenshot and checked with axe-core; serious or
# critical findings fail the test.
#
#   tests/run-browser.sh [test files]        e.g. tests/browser/nojs.test.mjs
#
# The binary: $SELFCARE_BIN, else $SELFCARE_BUILD/selfcare, else ./selfcare
# at the top of the tree. Screenshots and axe reports go to $BROWSER_OUT
# (default tests/browser/out/run-DATE). Needs root (like the HTTP suite),
# Debian's chromium, nodejs (18 or later) and npm; `npm ci` fetches the
# pinned playwright-core and axe-core into tests/browser/node_modules.
# The last line is "N passed, N failed"; the exit status is non-zero on any
# failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/tests/browser
: "${SELFCARE_BIN:=${SELFCARE_BUILD:-$top}/selfcare}"
: "${CHROMIUM:=/usr/bin/chromium}"
: "${BROWSER_OUT:=$dir/out/run-$(date +%Y%m%d-%H%M%S)}"
export SELFCARE_BIN CHROMIUM BROWSER_OUT

fail() {
	echo "run-browser.sh: $*" >&2
	echo "0 passed, 1 failed"
	exit 2
}

[ -x "$SELFCARE_BIN" ] || fail "no selfcare binary at $SELFCARE_BIN (build it, or set SELFCARE_BIN)"
[ -x "$CHROMIUM" ] || fail "no Chromium at $CHROMIUM (apt-get install chromium, or set CHROMIUM)"
command -v node > /dev/null || fail "no node (apt-get install nodejs)"
command -v npm > /dev/null || fail "no npm (apt-get install npm)"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 18 ] || fail "node $(node --version) is too old: 18 or later is needed"

# The pinned packages of package-lock.json, once per lockfile.
stamp=$dir/node_modules/.lock-installed
if ! cmp -s "$dir/package-lock.json" "$stamp" 2>/dev/null; then
	(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"
	cp "$dir/package-lock.json" "$stamp"
fi

mkdir -p "$BROWSER_OUT" || fail "cannot create $BROWSER_OUT"
export PYTHONDONTWRITEBYTECODE=1

if [ $# -eq 0 ]; then
	set -- "$dir"/*.test.mjs
fi
# One file at a time (each starts its own stack; node 18 has no
# --test-concurrency): the spec report on the screen, TAP in the run folder
# for the counts. timeout: a hung browser must not hang CI (a test file's
# stack stops when its process goes away).
pass=0 failed=0
for f in "$@"; do
	tap=$BROWSER_OUT/$(basename "$f" .mjs).tap
	rm -f "$tap"
	timeout -k 30 600 node --test \
		--test-reporter=spec --test-reporter-destination=stdout \
		--test-reporter=tap --test-reporter-destination="$tap" \
		"$f"
	rc=$?
	# The summary at the end of the TAP stream: "# pass 11", "# fail 0", ...
	p=$(awk '/^# pass / {n = $3} END {print n + 0}' "$tap" 2>/dev/null || echo 0)
	n=$(awk '/^# (fail|cancelled) / {n += $3} END {print n + 0}' "$tap" 2>/dev/null || echo 0)
	if [ "$rc" -ne 0 ] && [ "$n" -eq 0 ]; then
		echo "$f: node exited with $rc (time-out, or the runner itself failed)"
		n=1
	fi
	pass=$((pass + p)) failed=$((failed + n))
done

echo
echo "screenshots and axe reports: $BROWSER_OUT"
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
