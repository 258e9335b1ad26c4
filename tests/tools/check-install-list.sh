#!/bin/sh
# Every file the installed portal reads at run time is in Makefile.am's
# install list: each tracked file under xsl/ and schema/ (an installed
# `selfcare serve` without xsl/site.xsl cannot start). Run from the top of
# a git checkout; prints what is missing and exits 1 if anything is.
set -eu
cd "$(dirname "$0")/../.."
list=$(sed -n '/^nobase_dist_pkgdata_DATA = /,/^$/p' Makefile.am | tr -d '\\' | tr -s ' \t' '\n\n')
missing=0
for f in $(git ls-files xsl schema); do
	case $f in
	*/README*|*.md) continue ;;
	esac
	if ! printf '%s\n' "$list" | grep -qxF "$f"; then
		echo "not installed by make install (add it to nobase_dist_pkgdata_DATA): $f"
		missing=1
	fi
done
exit $missing
