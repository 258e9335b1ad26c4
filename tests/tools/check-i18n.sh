#!/bin/sh
# check-i18n.sh: the stylesheets' strings are complete in every language.
#
# Fails (exit 1) and prints what is wrong when
#  - a key used in xsl/*.xsl as sc:t('key') is missing from an i18n file,
#  - the i18n files do not all have the same keys, or one has a key twice,
#  - a file's <i18n lang> does not match its name,
#  - a key the modules imply is missing: flash.CODE for every confirmation
#    code, area.NAME for every area (role.NAME for the back office's),
#    every menu label (read from
#    `selfcare modules`: $SELFCARE_BIN, else build/selfcare at the top),
#  - a key the C code reads (the mails, the invoice PDF) is missing, or the mail body
#    lacks {code}/{minutes} or holds another 8-digit number (the tests find
#    the code in the mail by the only \b\d{8}\b).
#
# Usage: tests/tools/check-i18n.sh [XSL_DIR]    (default: xsl beside tests/)
# Needs: xmllint, grep, sed, sort, comm.

set -u

here=$(cd "$(dirname "$0")" && pwd)
xsl_dir=${1:-$here/../../xsl}
i18n_dir=$xsl_dir/i18n
langs="nb da en"
# Keys used by the C code rather than by a stylesheet.
c_keys="mail.staff.login.subject mail.staff.login.body mail.staff.welcome.subject mail.staff.welcome.body mail.login.subject mail.login.body mail.invite.subject mail.invite.body mail.case.received.subject mail.case.received.body mail.case.status.subject mail.case.status.body case.status.new case.status.in-progress case.status.waiting case.status.resolved case.status.closed mail.case.reply.subject mail.case.reply.body care.done.plan care.done.terminate"

# The billing commands' strings: a credit note's amount line, a reminder's fee and mail.
c_keys="$c_keys credit.line reminder.fee-line reminder.mail.subject reminder.mail.fee reminder.mail.body"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

complain() {
	echo "check-i18n: $*" >&2
	fail=1
}

# Keys used in the stylesheets: literal sc:t('...') and sc:t("...") in
# attribute values (select, test, attribute value templates), so that the
# comments do not count. A computed key can be checked only where the
# modules name its values: the flash codes, the areas, the roles and the menu labels
# (the forms in $computed); any other is refused.
ls "$xsl_dir"/*.xsl >/dev/null 2>&1 || { echo "check-i18n: no stylesheets in $xsl_dir" >&2; exit 2; }
: >"$tmp/attrs"
for x in "$xsl_dir"/*.xsl; do
	if ! xmllint --xpath '//@*' "$x" >>"$tmp/attrs" 2>"$tmp/err"; then
		complain "$x: not well-formed"
		cat "$tmp/err" >&2
	fi
	echo >>"$tmp/attrs"
done
sed 's/&quot;/"/g; s/&apos;/'"'"'/g' "$tmp/attrs" >"$tmp/attrs.txt"
grep -o "sc:t([[:space:]]*['\"][^'\"]*['\"][[:space:]]*)" "$tmp/attrs.txt" |
	sed "s/^sc:t([[:space:]]*['\"]//; s/['\"][[:space:]]*)\$//" >"$tmp/used.raw"
for k in $c_keys; do echo "$k"; done >>"$tmp/used.raw"
# The invoice PDF's strings: every "pdf.*" literal in fcgi/billing/pdf.c.
pdf_c=$here/../../fcgi/billing/pdf.c
if [ -f "$pdf_c" ]; then
	grep -o '"pdf\.[a-z0-9.-]*"' "$pdf_c" | tr -d '"' | grep -vx 'pdf\.h' >>"$tmp/used.raw"
fi
sort -u "$tmp/used.raw" >"$tmp/used"

computed="sc:t(concat('flash.', @code))|sc:t(concat('area.', .))|sc:t(concat('area.', \$code))|sc:t(concat('role.', .))|sc:t(@label)"
if grep -o "sc:t([[:space:]]*[^'\"[:space:]][^)]*))\{0,1\}" "$tmp/attrs.txt" |
	grep -vxE "$(printf '%s' "$computed" | sed 's/[.()$]/\\&/g; s/\\|/|/g')" >"$tmp/computed"; then
	complain "computed keys in sc:t() that no module's declarations name:"
	sed 's/^/    /' "$tmp/computed" >&2
fi
bin=${SELFCARE_BIN:-$here/../../build/selfcare}
if [ -x "$bin" ] && "$bin" modules >"$tmp/modules" 2>"$tmp/err"; then
	awk '$1 == "flash" { print "flash." $2 }
	    $1 == "module" && $3 == "area" { print ($4 == "admin" ? "role." : "area.") $2 }
	    $1 == "menu" { print $3 }' "$tmp/modules" >>"$tmp/used.raw"
	sort -u "$tmp/used.raw" >"$tmp/used"
else
	complain "no selfcare binary at $bin for the modules' keys (set SELFCARE_BIN)"
fi

for lang in $langs; do
	f=$i18n_dir/$lang.xml
	if [ ! -f "$f" ]; then
		complain "$f: missing"
		: >"$tmp/$lang"
		continue
	fi
	if ! xmllint --noout "$f" 2>"$tmp/err"; then
		complain "$f: not well-formed"
		cat "$tmp/err" >&2
		: >"$tmp/$lang"
		continue
	fi
	got=$(xmllint --xpath 'string(/i18n/@lang)' "$f")
	[ "$got" = "$lang" ] || complain "$f: <i18n lang=\"$got\">, expected \"$lang\""

	# One key per line; xmllint prints attributes as  k="value".
	xmllint --xpath '/i18n/s/@k' "$f" 2>/dev/null |
		sed 's/^[[:space:]]*k="//; s/"$//' | sed '/^$/d' >"$tmp/$lang.all"
	sort "$tmp/$lang.all" | uniq -d >"$tmp/$lang.dup"
	if [ -s "$tmp/$lang.dup" ]; then
		complain "$f: keys defined more than once:"
		sed 's/^/    /' "$tmp/$lang.dup" >&2
	fi
	sort -u "$tmp/$lang.all" >"$tmp/$lang"

	comm -23 "$tmp/used" "$tmp/$lang" >"$tmp/missing"
	if [ -s "$tmp/missing" ]; then
		complain "$f: missing keys used by the stylesheets or the C code:"
		sed 's/^/    /' "$tmp/missing" >&2
	fi

	body=$(xmllint --xpath 'string(/i18n/s[@k="mail.login.body"])' "$f" 2>/dev/null)
	case $body in *"{code}"*) ;; *) complain "$f: mail.login.body lacks {code}" ;; esac
	case $body in *"{minutes}"*) ;; *) complain "$f: mail.login.body lacks {minutes}" ;; esac
	if printf '%s\n' "$body" | grep -Eq '(^|[^0-9])[0-9]{8}([^0-9]|$)'; then
		complain "$f: mail.login.body holds an 8-digit number besides {code}"
	fi
done

# Every file has the same keys as the first.
set -- $langs
first=$1
shift
for lang in "$@"; do
	comm -23 "$tmp/$first" "$tmp/$lang" >"$tmp/only1"
	comm -13 "$tmp/$first" "$tmp/$lang" >"$tmp/only2"
	if [ -s "$tmp/only1" ]; then
		complain "keys in $first.xml but not in $lang.xml:"
		sed 's/^/    /' "$tmp/only1" >&2
	fi
	if [ -s "$tmp/only2" ]; then
		complain "keys in $lang.xml but not in $first.xml:"
		sed 's/^/    /' "$tmp/only2" >&2
	fi
done

if [ "$fail" -eq 0 ]; then
	echo "check-i18n: ok: $(wc -l <"$tmp/$first") keys in $langs, $(wc -l <"$tmp/used") used"
fi
exit "$fail"
