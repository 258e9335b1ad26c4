#!/bin/sh
# Runs inside the Debian 12 root booted by systemd-nspawn (run-deb-test.sh),
# from a oneshot unit after MariaDB, exim4 and nginx: the installed units
# under the real systemd 252, with their sandbox. Writes "ok: ..." and
# "FAILED: ..." lines to /root/results, then powers the container off.
#
# The database is there (made and migrated by run-deb-test.sh); the demo
# companies are loaded here so that kari.nordmann@example.no can ask for a
# login code, which exim4 delivers to the local user kari.
exec > /root/in-systemd.log 2>&1
set -x
R=/root/results
: > $R
ok() { echo "ok: $*" >> $R; }
bad() { echo "FAILED: $*" >> $R; }
check() { what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
# Waits up to $1 seconds for the command to succeed.
within() { n=$1; shift; i=0; until "$@"; do i=$((i + 1)); [ $i -ge $((n * 2)) ] && return 1; sleep 0.5; done; }
conf=/etc/selfcare/selfcare.conf
set_key() { sed -i "s|^$1 = .*|$1 = $2|" "$conf"; }
jar=/tmp/cookies
c() { curl -s -k --resolve selfcare.example.com:443:127.0.0.1 -b $jar -c $jar "$@"; }
# Asks for a login code for Kari, as the login form does.
ask_code() {
	rm -f $jar
	csrf=$(c https://selfcare.example.com/login | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
	c -o /dev/null -w '%{http_code}' -H 'Origin: https://selfcare.example.com' \
	    --data-urlencode "csrf=$csrf" --data-urlencode 'email=kari.nordmann@example.no' \
	    https://selfcare.example.com/login
}
# Kari has at least $1 login codes in her mailbox.
codes() { [ "$(grep -c '^Subject: .*engangskode' /var/mail/kari 2>/dev/null)" -ge "$1" ]; }
outbox_failed() { mysql -N selfcare -e "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND last_error LIKE 'sendmail failed%'" | grep -qv '^0$'; }

runuser -u selfcare -- selfcare demo-data
set_key sendmail '/usr/bin/msmtp --host=127.0.0.1 --port=25 --auth=off --tls=off --read-envelope-from -t'

# As README.Debian says: enable the socket and the timer.
check "systemctl enable --now selfcare.socket selfcare-bill.timer" \
    systemctl enable --now selfcare.socket selfcare-bill.timer
check "GET /login through nginx: 200" \
    test "$(c -o /dev/null -w '%{http_code}' https://selfcare.example.com/login)" = 200
check "the first request started selfcare.service (socket activation)" \
    systemctl is-active --quiet selfcare.service
e=$(systemd-analyze security --no-pager selfcare.service | sed -n 's/^→ Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
check "live exposure of selfcare.service: $e (at most 3.0)" awk -v e="$e" 'BEGIN { exit !(e != "" && e + 0 <= 3.0) }'

# Mail under the strict sandbox: msmtp to exim4 over SMTP.
check "POST /login: 303" test "$(ask_code)" = 303
check "the login code reached Kari's mailbox (msmtp, strict sandbox)" within 30 codes 1

# exim4's own sendmail cannot queue from inside the strict sandbox.
set_key sendmail '/usr/sbin/sendmail -t -i'
systemctl reload selfcare.service
sleep 2
check "POST /login again: 303" test "$(ask_code)" = 303
check "exim4's setuid sendmail fails under the strict sandbox (documented)" within 30 outbox_failed
journalctl -u selfcare.service --no-pager | grep -m 1 'spool' >> $R

# ... and works with the local-mta.conf drop-in.
mkdir -p /etc/systemd/system/selfcare.service.d
cp /usr/share/doc/selfcare/examples/systemd/local-mta.conf /etc/systemd/system/selfcare.service.d/
systemctl daemon-reload
systemctl restart selfcare.service
e=$(systemd-analyze security --no-pager selfcare.service | sed -n 's/^→ Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
echo "exposure of selfcare.service with local-mta.conf: $e" >> $R
check "POST /login a third time: 303" test "$(ask_code)" = 303
check "the code reached Kari through exim4's own sendmail with local-mta.conf" within 30 codes 2
rm /etc/systemd/system/selfcare.service.d/local-mta.conf
systemctl daemon-reload

# The billing run, in its own sandbox.
check "systemctl start selfcare-bill.service" systemctl start selfcare-bill.service
check "the billing run made the month's invoices" \
    sh -c "journalctl -u selfcare-bill.service --no-pager | grep -q 'bill [0-9-]*: [0-9]* invoice(s) made, .* 0 failed'"

# A second portal from the template units.
mysql -e "CREATE DATABASE acme CHARACTER SET utf8mb4; GRANT ALL ON acme.* TO selfcare@localhost;"
install -m 0640 -g selfcare $conf /etc/selfcare/acme.conf
(umask 027; selfcare genkey > /etc/selfcare/acme.key)
chgrp selfcare /etc/selfcare/acme.key
sed -i 's|^db_name = .*|db_name = acme|; s|^secret_key_file = .*|secret_key_file = /etc/selfcare/acme.key|; s|^base_url = .*|base_url = http://127.0.0.1:8081|' /etc/selfcare/acme.conf
runuser -u selfcare -- selfcare -c /etc/selfcare/acme.conf migrate
cat > /etc/nginx/sites-enabled/acme <<'EOF'
server {
    listen 127.0.0.1:8081;
    location / { include fastcgi_params; fastcgi_pass unix:/run/selfcare/acme.sock; }
}
EOF
systemctl reload nginx
check "systemctl enable --now selfcare@acme.socket" systemctl enable --now selfcare@acme.socket
check "GET /login of the acme instance: 200" \
    test "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8081/login)" = 200
check "selfcare@acme.service runs with /etc/selfcare/acme.conf" \
    sh -c "systemctl show -p MainPID --value selfcare@acme.service | xargs -I{} cat /proc/{}/cmdline | tr '\0' ' ' | grep -q -- '-c /etc/selfcare/acme.conf serve'"

# Stopping: the socket stays, the server leaves gracefully.
check "systemctl stop selfcare.service" systemctl stop selfcare.service
check "selfcare.service stopped cleanly" sh -c "! systemctl is-failed --quiet selfcare.service"
echo DONE >> $R
systemctl poweroff
