#!/bin/sh
# The Debian package as a hosting provider meets it: build the .deb
# (dpkg-buildpackage, lintian), install it with apt into a fresh Debian 12
# root (debootstrap --variant=minbase: Recommends come along, so MariaDB,
# nginx and exim4 too), check what the install did and did not do, then run
# it as the installed units would (no systemd as PID 1 in a chroot:
# tests/package/start-unit.py makes selfcare.socket's socket and starts
# selfcare.service's ExecStartPre/ExecStart as its User=), after creating
# the database and `selfcare migrate`, and fetch pages through the shipped
# nginx example in a network namespace of its own; reload and stop. Then
# boot the same root with systemd-nspawn and run the units under the real
# systemd, sandbox and all (tests/package/in-systemd.sh: socket activation,
# a login code mailed through msmtp and exim4, exim4's own sendmail refused
# by the sandbox and working with local-mta.conf, the billing run, a
# selfcare@ instance). Last, reinstall and purge.
#
#   tests/package/run-deb-test.sh [selfcare_VERSION_ARCH.deb]
#
# Without an argument the .deb is built from this tree (a copy of it).
# The root is a copy of $DEB_TEST_PRISTINE (default /srv/fresh-pristine) when
# that exists, else made by debootstrap from $DEB_TEST_MIRROR. KEEP=1 keeps
# the work directory. Needs root, dpkg-dev, debhelper, lintian, debootstrap,
# systemd-container, curl, openssl, iproute2, util-linux (unshare) and the
# Debian mirror.
# Ends with the line "N passed, N failed"; exit status non-zero on failure.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/package
: "${DEB_TEST_PRISTINE:=/srv/fresh-pristine}"
: "${DEB_TEST_MIRROR:=http://deb.debian.org/debian}"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAILED: $*"; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }
check() {	# check "what" command...
	what=$1; shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}

[ "$(id -u)" -eq 0 ] || { bad "run-deb-test.sh needs root"; finish; }
for tool in dpkg-buildpackage dh lintian debootstrap curl openssl ip unshare systemd-nspawn /usr/bin/python3; do
	command -v "$tool" >/dev/null 2>&1 || { bad "$tool not found"; finish; }
done

work=$(mktemp -d /var/tmp/selfcare-deb.XXXXXX) && [ -d "$work" ] || { bad "mktemp"; finish; }
root=$work/root
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	sleep 1
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	for m in dev/pts dev sys proc; do
		mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
	done
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
started=$(date +%s)
step() { echo "--- $* ($(($(date +%s) - started)) s)"; }

# ---- the package ----
if [ $# -ge 1 ]; then
	deb=$(readlink -f "$1")
else
	step "building the .deb"
	mkdir -p "$work/src/selfcare"
	if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
		# What git knows and does not ignore, as it is in the work tree.
		(cd "$top" && git ls-files -co --exclude-standard |
		    while read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done |
		    tr '\n' '\0' | xargs -0 cp --parents -t "$work/src/selfcare")
	else
		(cd "$top" && tar cf - --exclude='./build*' --exclude=./debian/build .) |
		    (cd "$work/src/selfcare" && tar xf -)
	fi
	if (cd "$work/src/selfcare" && dpkg-buildpackage -us -uc -b) > "$work/build.log" 2>&1; then
		ok "dpkg-buildpackage -us -uc -b"
	else
		tail -40 "$work/build.log"; bad "dpkg-buildpackage -us -uc -b"; finish
	fi
	deb=$(ls "$work"/src/selfcare_*_*.deb | grep -v dbgsym | head -n 1)
fi
[ -f "$deb" ] || { bad "no .deb ($deb)"; finish; }
if lintian --fail-on error "$deb" > "$work/lintian.log" 2>&1; then
	ok "lintian: no errors ($(grep -c '^W:' "$work/lintian.log") warnings)"
else
	cat "$work/lintian.log"; bad "lintian errors"
fi

# ---- a fresh Debian 12 ----
step "preparing a fresh Debian 12 root"
if [ -d "$DEB_TEST_PRISTINE/etc" ]; then
	cp -a "$DEB_TEST_PRISTINE" "$root"
else
	debootstrap --variant=minbase bookworm "$root" "$DEB_TEST_MIRROR" > "$work/debootstrap.log" 2>&1 ||
	    { tail -20 "$work/debootstrap.log"; bad "debootstrap"; finish; }
fi
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
mkdir -p "$root/usr/local/share/ca-certificates" "$root/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
cp /usr/local/share/ca-certificates/* "$root/usr/local/share/ca-certificates/" 2>/dev/null
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
# As in any chroot: packages may not start their daemons (no init here).
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

step "apt-get install ./$(basename "$deb")"
cp "$deb" "$root/tmp/"
if in_root apt-get update > "$work/apt.log" 2>&1 &&
    in_root apt-get install -y "./tmp/$(basename "$deb")" >> "$work/apt.log" 2>&1; then
	ok "apt-get install ./$(basename "$deb") (with its Recommends)"
else
	tail -40 "$work/apt.log"; bad "apt-get install"; finish
fi
for p in fonts-dejavu-core systemd mariadb-server nginx exim4-daemon-light; do
	check "$p came with it" sh -c "chroot '$root' dpkg-query -W -f '\${Status}' $p | grep -q 'install ok installed'"
done

# ---- what the install did ----
user=$(in_root getent passwd selfcare)
uid=$(echo "$user" | cut -d: -f3)
check "system user selfcare ($user)" test -n "$uid" -a "${uid:-1000}" -lt 1000 \
    -a "$(echo "$user" | cut -d: -f7)" = /usr/sbin/nologin
check "/etc/selfcare/selfcare.conf is 0640 root:selfcare" \
    test "$(in_root stat -c '%a %U %G' /etc/selfcare/selfcare.conf)" = "640 root selfcare"
check "/etc/selfcare/selfcare.conf is a conffile" \
    sh -c "chroot '$root' dpkg-query -W -f '\${Conffiles}' selfcare | grep -q ' /etc/selfcare/selfcare.conf '"
check "/etc/selfcare/secret.key is 0640 root:selfcare" \
    test "$(in_root stat -c '%a %U %G' /etc/selfcare/secret.key)" = "640 root selfcare"
key=$(cat "$root/etc/selfcare/secret.key")
check "the secret key is 64 hexadecimal characters" \
    sh -c "echo '$key' | grep -Eqx '[0-9a-f]{64}'"
check "/run/selfcare made by tmpfiles.d, owned by selfcare" \
    test "$(in_root stat -c '%U %a' /run/selfcare)" = "selfcare 755"
check "nothing of selfcare is enabled" \
    test -z "$(find "$root/etc/systemd/system" -name 'selfcare*' 2>/dev/null)"
check "the conffile names the installed paths" \
    grep -qx 'xsl_dir = /usr/share/selfcare/xsl' "$root/etc/selfcare/selfcare.conf"
check "README.Debian says what to do next" \
    grep -q 'selfcare migrate' "$root/usr/share/doc/selfcare/README.Debian"
check "man selfcare and selfcare.conf installed" \
    test -f "$root/usr/share/man/man8/selfcare.8.gz" -a -f "$root/usr/share/man/man5/selfcare.conf.5.gz"

# ---- first steps, as README.Debian says ----
step "MariaDB, migrate, serve"
mkdir -p "$root/run/mysqld"
in_root chown mysql:mysql /run/mysqld
chroot "$root" /usr/sbin/mariadbd --user=mysql --skip-networking \
    --socket=/run/mysqld/mysqld.sock > "$work/mariadb.log" 2>&1 &
mariadb=$!
pids="$pids $mariadb"
i=0
while [ ! -S "$root/run/mysqld/mysqld.sock" ] && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
check "MariaDB started in the root" test -S "$root/run/mysqld/mysqld.sock"
check "database and user identified via unix_socket" in_root mysql -e \
    "CREATE DATABASE selfcare CHARACTER SET utf8mb4;
     CREATE USER selfcare@localhost IDENTIFIED VIA unix_socket;
     GRANT ALL ON selfcare.* TO selfcare@localhost;"
sed -i 's|^base_url = .*|base_url = https://selfcare.example.com|' "$root/etc/selfcare/selfcare.conf"
check "runuser -u selfcare -- selfcare check-config" in_root runuser -u selfcare -- selfcare check-config
if in_root runuser -u selfcare -- selfcare migrate > "$work/migrate.log" 2>&1; then
	ok "runuser -u selfcare -- selfcare migrate ($(grep -c 'applied [0-9]' "$work/migrate.log") applied)"
else
	cat "$work/migrate.log"; bad "selfcare migrate"
fi

# selfcare.socket + selfcare.service, as systemd would start them.
sup=$(/usr/bin/python3 "$here/start-unit.py" "$root" selfcare.service "$work/selfcare.log")
if [ -n "$sup" ]; then
	pids="$pids $sup"
	ok "selfcare.service started as its unit says (pid $sup)"
else
	cat "$work/selfcare.log"; bad "selfcare.service did not start"
fi
check "the socket is 0660 www-data:www-data as selfcare.socket says" \
    test "$(in_root stat -c '%a %U %G' /run/selfcare/selfcare.sock)" = "660 www-data www-data"
check "the server runs as selfcare" \
    test "$(stat -c %u "/proc/${sup:-0}" 2>/dev/null)" = "$uid"

# nginx with the shipped example, in a network namespace of its own (its
# ports 80 and 443 are nobody else's there).
mkdir -p "$root/etc/ssl/private"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=selfcare.example.com \
    -keyout "$root/etc/ssl/private/selfcare.example.com.key" \
    -out "$root/etc/ssl/certs/selfcare.example.com.pem" > /dev/null 2>&1
cp "$root/usr/share/doc/selfcare/examples/nginx/selfcare.conf" "$root/etc/nginx/sites-enabled/selfcare"
rm -f "$root/etc/nginx/sites-enabled/default"
check "nginx -t accepts the shipped example" in_root nginx -t -q
cat > "$work/web.sh" <<'EOF'
# Runs in the new network namespace: nginx in the root, curl from outside.
root=$1 out=$2
ip link set lo up
chroot "$root" nginx -g 'daemon off;' &
nginx=$!
i=0
until curl -s -o /dev/null http://127.0.0.1/ || [ $i -ge 50 ]; do sleep 0.2; i=$((i + 1)); done
c() { curl -s -k --resolve selfcare.example.com:443:127.0.0.1 --resolve selfcare.example.com:80:127.0.0.1 "$@"; }
c -o "$out/login.html" -D "$out/login.head" https://selfcare.example.com/login
c -o "$out/login.xml" -H 'Accept: application/xml' https://selfcare.example.com/login
c -o "$out/css" -D "$out/css.head" https://selfcare.example.com/static/selfcare.css
c -o /dev/null -D "$out/http.head" http://selfcare.example.com/login
kill $nginx
wait $nginx
EOF
mkdir -p "$work/web"
unshare --net sh "$work/web.sh" "$root" "$work/web" > "$work/web.log" 2>&1
check "GET /login: 200" grep -q '^HTTP/[0-9.]* 200' "$work/web/login.head"
check "the login page asks for the e-mail address" \
    grep -q '<input id="email" name="email" type="email"' "$work/web/login.html"
check "the login page sets the __Host-scf form cookie (Secure)" \
    grep -qi '^set-cookie: __Host-scf=.*Secure' "$work/web/login.head"
check "GET /login as XML: the login page document" grep -q '<page name="login"' "$work/web/login.xml"
check "GET /static/selfcare.css: 200 from nginx" grep -q '^HTTP/[0-9.]* 200' "$work/web/css.head"
check "plain HTTP is sent to HTTPS" grep -qi '^location: https://selfcare.example.com/login' "$work/web/http.head"
grep -q ' request id=[0-9a-f]* client=[^ ]* method=GET path=/login status=200 ' "$work/selfcare.log" &&
    ok "the request is in the server's log" || { cat "$work/selfcare.log"; bad "no request line in the log"; }

# ---- reload, stop ----
step "reload, stop"
kill -HUP "$sup" 2>/dev/null
i=0
until grep -q 'reloaded' "$work/selfcare.log" || [ $i -ge 50 ]; do sleep 0.2; i=$((i + 1)); done
check "SIGHUP (ExecReload) reloads" grep -q 'reloaded' "$work/selfcare.log"
kill -TERM "$sup" 2>/dev/null
i=0
while kill -0 "$sup" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
check "SIGTERM stops it" sh -c "! kill -0 $sup 2>/dev/null && grep -q 'stopped' '$work/selfcare.log'"

# ---- under systemd ----
# The same root booted with systemd-nspawn (its own network namespace): the
# units with their sandbox, mail through msmtp and through exim4's own
# sendmail, the billing run, a template instance (tests/package/in-systemd.sh).
step "booting the root with systemd (systemd-nspawn)"
kill -TERM "$mariadb"
i=0
while kill -0 "$mariadb" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
if in_root apt-get install -y msmtp curl > "$work/apt2.log" 2>&1; then
	ok "apt-get install msmtp curl (the Suggests, and curl for the requests)"
else
	tail -20 "$work/apt2.log"; bad "apt-get install msmtp curl"
fi
# exim4 delivers example.no locally: Kari's codes land in /var/mail/kari.
sed -i "s/^dc_other_hostnames=.*/dc_other_hostnames='example.no'/" "$root/etc/exim4/update-exim4.conf.conf"
in_root useradd -m kari
echo 'kari.nordmann: kari' >> "$root/etc/aliases"
in_root update-exim4.conf
cp "$here/in-systemd.sh" "$root/root/in-systemd.sh"
cp "$here/selfcare-test.service" "$root/etc/systemd/system/selfcare-test.service"
ln -sf ../selfcare-test.service "$root/etc/systemd/system/multi-user.target.wants/selfcare-test.service"
for m in dev/pts dev sys proc; do umount "$root/$m"; done
timeout 300 systemd-nspawn -q -D "$root" --private-network --register=no --keep-unit -b \
    > "$work/nspawn.log" 2>&1
rm -f "$root/etc/systemd/system/multi-user.target.wants/selfcare-test.service"
if [ -f "$root/root/results" ]; then
	grep -v '^\(ok\|FAILED\):' "$root/root/results"
	grep '^\(ok\|FAILED\):' "$root/root/results"
	pass=$((pass + $(grep -c '^ok:' "$root/root/results")))
	fail=$((fail + $(grep -c '^FAILED:' "$root/root/results")))
fi
if ! grep -q '^DONE' "$root/root/results" 2>/dev/null; then
	tail -30 "$work/nspawn.log"; tail -30 "$root/root/in-systemd.log" 2>/dev/null
	bad "the test under systemd did not finish"
fi
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"

# ---- reinstall, purge ----
step "reinstall, purge"
if in_root dpkg -i "/tmp/$(basename "$deb")" > "$work/reinstall.log" 2>&1; then
	ok "dpkg -i again (upgrade path)"
else
	cat "$work/reinstall.log"; bad "dpkg -i again"
fi
check "the secret key survives a reinstall" test "$(cat "$root/etc/selfcare/secret.key")" = "$key"
check "the edited conffile survives a reinstall" \
    grep -qx 'base_url = https://selfcare.example.com' "$root/etc/selfcare/selfcare.conf"
check "the conffile is still 0640 root:selfcare" \
    test "$(in_root stat -c '%a %U %G' /etc/selfcare/selfcare.conf)" = "640 root selfcare"
if in_root apt-get purge -y selfcare > "$work/purge.log" 2>&1; then
	ok "apt-get purge selfcare"
else
	cat "$work/purge.log"; bad "apt-get purge selfcare"
fi
check "purge removes the key and the configuration" \
    test ! -e "$root/etc/selfcare/secret.key" -a ! -e "$root/etc/selfcare/selfcare.conf"
check "purge removes the statoverride" \
    sh -c "! chroot '$root' dpkg-statoverride --list /etc/selfcare/selfcare.conf"

step "done"
finish
