#!/bin/sh
# What `make install` puts on a machine for systemd and man(1), checked the
# way an operator would: every installed unit passes `systemd-analyze
# verify` and has an exposure of at most $MAX_EXPOSURE (3.0) under
# `systemd-analyze security --offline=yes`; the man pages pass
# `mandoc -Tlint` and describe every configuration key of fcgi/core/conf.c and
# every command of fcgi/main.c; the sysusers.d and tmpfiles.d files make the
# user and /run/selfcare; no @variable@ is left unsubstituted.
#
#   tests/package/check-package.sh [BUILD_DIR]     (default: ./build)
#
# Needs systemd (systemd-analyze, systemd-sysusers, systemd-tmpfiles) and
# mandoc. Ends with the line "N passed, N failed"; exit status non-zero on
# failure.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$top/build}" 2>/dev/null && pwd) || build=${1:-$top/build}
: "${MAX_EXPOSURE:=3.0}"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAILED: $*"; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }

for tool in systemd-analyze systemd-sysusers systemd-tmpfiles mandoc; do
	command -v "$tool" >/dev/null 2>&1 || { bad "$tool not found (apt-get install systemd mandoc)"; finish; }
done
[ -f "$build/Makefile" ] || { bad "$build is not a configured build directory"; finish; }

work=$(mktemp -d /tmp/selfcare-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
dest=$work/dest
if make -s -C "$build" install DESTDIR="$dest" > "$work/install.log" 2>&1; then
	ok "make install DESTDIR=..."
else
	cat "$work/install.log"; bad "make install"; finish
fi
# The configured directories, as the Makefile has them.
var() { make -s -C "$build" -f Makefile -f - print-var VAR="$1" <<'EOF'
print-var:
	@echo $($(VAR))
EOF
}
bindir=$(var bindir) mandir=$(var mandir) unitdir=$(var systemdsystemunitdir)
prefix=$(var prefix)

# ---- systemd units ----
if [ "$unitdir" = no ] || [ -z "$unitdir" ]; then
	bad "configured --with-systemdsystemunitdir=no: no units to check"
	finish
fi
units=$(cd "$dest$unitdir" 2>/dev/null && ls selfcare*.service selfcare*.socket selfcare*.timer 2>/dev/null)
for u in selfcare.service selfcare.socket selfcare@.service selfcare@.socket \
    selfcare-bill.service selfcare-bill.timer; do
	case " $(echo $units) " in
	*" $u "*) ok "$u installed in $unitdir" ;;
	*) bad "$u not installed in $unitdir" ;;
	esac
done
# verify runs the unit's programs' paths and man pages as they are on this
# machine: the units are checked with the binary's path inside DESTDIR.
mkdir -p "$work/units"
for u in $units; do
	sed "s|=$bindir/|=$dest$bindir/|g; s|'$bindir/|'$dest$bindir/|g" "$dest$unitdir/$u" > "$work/units/$u"
done
for u in $units; do
	case $u in *@.*) name=$(echo "$u" | sed 's/@\./@check./') ;; *) name=$u ;; esac
	if out=$(cd "$work/units" && MANPATH="$dest$mandir:" systemd-analyze verify "./$name" 2>&1) &&
	    [ -z "$out" ]; then
		ok "systemd-analyze verify $name"
	else
		echo "$out"; bad "systemd-analyze verify $name"
	fi
done

# The exposure of a service, "1.4"; $1 unit file or name, rest: options.
exposure() {
	systemd-analyze security --offline=yes --no-pager "$@" 2>&1 |
	    sed -n 's/^→ Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'
}
for u in $units; do
	case $u in *.service) ;; *) continue ;; esac
	case $u in *@.*) name=$(echo "$u" | sed 's/@\./@check./') ;; *) name=$u ;; esac
	e=$(cd "$work/units" && exposure "./$name")
	if [ -z "$e" ]; then
		bad "systemd-analyze security $name: no exposure level"
	elif awk -v e="$e" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(e + 0 <= m + 0) }'; then
		ok "exposure of $name: $e (at most $MAX_EXPOSURE)"
	else
		(cd "$work/units" && systemd-analyze security --offline=yes --no-pager "./$name" | grep '✗')
		bad "exposure of $name: $e, above $MAX_EXPOSURE"
	fi
done

# The drop-in for a local MTA's setuid/setgid sendmail must really turn
# NoNewPrivileges off (and everything that implies it); its score is shown.
dropin=$top/conf/systemd/local-mta.conf
root=$work/root
mkdir -p "$root/etc/systemd/system/selfcare.service.d"
cp "$work/units/selfcare.service" "$work/units/selfcare.socket" "$root/etc/systemd/system/"
cp "$dropin" "$root/etc/systemd/system/selfcare.service.d/"
report=$(systemd-analyze security --offline=yes --no-pager --root="$root" selfcare.service 2>&1)
e=$(echo "$report" | sed -n 's/^→ Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
if echo "$report" | grep -q '✗ NoNewPrivileges=' && [ -n "$e" ]; then
	ok "local-mta.conf lets the service gain privileges (setuid sendmail); exposure with it: $e"
else
	echo "$report"; bad "local-mta.conf leaves NoNewPrivileges on"
fi

# ---- data ----
# Every stylesheet, string file, asset, schema and migration of the tree is
# installed (the server refuses to start without site.xsl).
pkgdatadir=$(var pkgdatadir)
missing=$(cd "$top" && find xsl schema -type f | sort | while read -r f; do
	[ -f "$dest$pkgdatadir/$f" ] || printf ' %s' "$f"
done)
if [ -z "$missing" ]; then ok "every file of xsl/ and schema/ is installed in $pkgdatadir"
else bad "not installed:$missing"; fi

# ---- sysusers.d, tmpfiles.d ----
sysusers=$dest$prefix/lib/sysusers.d/selfcare.conf
tmpfiles=$dest$prefix/lib/tmpfiles.d/selfcare.conf
mkdir -p "$work/sysroot/etc"
if systemd-sysusers --root="$work/sysroot" "$sysusers" >/dev/null 2>&1 &&
    grep -q '^selfcare:x:[0-9]*:[0-9]*:[^:]*:/nonexistent:/usr/sbin/nologin$' "$work/sysroot/etc/passwd"; then
	ok "sysusers.d/selfcare.conf makes the system user selfcare"
else
	bad "sysusers.d/selfcare.conf (at $sysusers) does not make the user selfcare"
fi
uid=$(awk -F: '$1 == "selfcare" { print $3 }' "$work/sysroot/etc/passwd" 2>/dev/null)
if systemd-tmpfiles --root="$work/sysroot" --create "$tmpfiles" >/dev/null 2>&1 &&
    [ "$(stat -c '%u %a' "$work/sysroot/run/selfcare" 2>/dev/null)" = "$uid 755" ]; then
	ok "tmpfiles.d/selfcare.conf makes /run/selfcare, 0755, owned by selfcare"
else
	bad "tmpfiles.d/selfcare.conf (at $tmpfiles) does not make /run/selfcare"
fi

# ---- man pages ----
man8=$dest$mandir/man8/selfcare.8 man5=$dest$mandir/man5/selfcare.conf.5
for page in "$man8" "$man5"; do
	if [ ! -f "$page" ]; then
		bad "$(basename "$page") not installed in $mandir"
	elif out=$(mandoc -Tlint -Wwarning "$page" 2>&1) && [ -z "$out" ]; then
		ok "mandoc -Tlint $(basename "$page")"
	else
		echo "$out"; bad "mandoc -Tlint $(basename "$page")"
	fi
done
# Keys: the names in conf.c's key table; described as ".It Ic KEY".
keys=$(sed -n 's/^[[:space:]]*{ "\([a-z_]*\)",[[:space:]]*C_.*/\1/p' "$top/fcgi/core/conf.c")
documented=$(sed -n 's/^\.It Ic \([a-z_]*\) Ar .*/\1/p' "$man5" 2>/dev/null)
[ -n "$keys" ] || bad "no keys found in fcgi/core/conf.c"
missing= stale=
for k in $keys; do
	echo "$documented" | grep -qx "$k" || missing="$missing $k"
done
for k in $documented; do
	echo "$keys" | grep -qx "$k" || stale="$stale $k"
done
if [ -z "$missing" ]; then ok "selfcare.conf(5) describes every key of fcgi/core/conf.c ($(echo $keys | wc -w))"
else bad "selfcare.conf(5) lacks:$missing"; fi
if [ -z "$stale" ]; then ok "selfcare.conf(5) describes no key that fcgi/core/conf.c lacks"
else bad "selfcare.conf(5) describes unknown keys:$stale"; fi
# Every key of the example is one the page describes.
example=$(sed -n 's/^#\{0,1\}\([a-z_]*\)[[:space:]]*=.*/\1/p' "$top/conf/selfcare.conf.example" | sort -u)
missing=
for k in $example; do
	echo "$documented" | grep -qx "$k" || missing="$missing $k"
done
if [ -z "$missing" ]; then ok "selfcare.conf(5) describes every key of conf/selfcare.conf.example"
else bad "selfcare.conf(5) lacks keys of the example:$missing"; fi
# Commands: those the built binary lists in its --help ("  serve"), each
# described as ".It Cm NAME".
commands=$("$build/selfcare" --help 2>/dev/null | sed -n '/^commands:/,/^[a-z]/s/^  \([a-z][a-z-]*\).*/\1/p')
missing=
for c in $commands; do
	grep -q "^\.It Cm $c\( \|$\)" "$man8" 2>/dev/null || missing="$missing $c"
done
if [ -n "$commands" ] && [ -z "$missing" ]; then ok "selfcare(8) describes every command ($(echo $commands))"
else bad "selfcare(8) lacks commands:$missing"; fi

# ---- substitution ----
left=$(grep -l '@[a-zA-Z_]*@' "$dest$unitdir"/selfcare* "$man8" "$man5" \
    "$dest$(var sysconfdir)/selfcare/selfcare.conf.example" 2>/dev/null)
if [ -z "$left" ]; then ok "no @variable@ left in the installed units, man pages and example"
else bad "unsubstituted @variable@ in: $left"; fi
if grep -q "ExecStart=$bindir/selfcare " "$dest$unitdir/selfcare.service" &&
    grep -q "^xsl_dir = $pkgdatadir/xsl$" "$dest$(var sysconfdir)/selfcare/selfcare.conf.example"; then
	ok "the units and the example name this build's paths ($bindir, $pkgdatadir)"
else
	bad "the units or the example do not name $bindir and $pkgdatadir"
fi

finish
