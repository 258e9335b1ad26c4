#!/bin/sh
# check-ehf.sh: xsl/ehf.xsl turns invoice pages into valid EHF / Peppol BIS
# Billing 3.0 documents whose figures are right.
#
# For each example invoice page tests/data/xml/invoice.xml and invoice-*.xml it runs
#   xsltproc xsl/ehf.xsl PAGE
# and checks that
#  - the root is Invoice (kind="invoice") or CreditNote (kind="credit-note")
#    and the document validates against the UBL 2.1 schema
#    (tests/data/ubl-2.1, a copy: nothing outside the project is needed),
#  - CustomizationID/ProfileID are Peppol BIS Billing 3.0's, ID is the number,
#    every currencyID is the page's currency, no element is empty
#    (PEPPOL-EN16931-R008),
#  - one line per page line, each line's AccountingCost is the page line's
#    cost centre, price base quantity has the quantity's unit (R130) and
#    net = quantity × price ÷ base within 0.02 (R120), every line has a tax
#    category,
#  - the totals add up (BR-CO-10, -14, -15, -16, BR-CO-17 within the 1.00 the
#    CEN Schematron allows) and PayableAmount is total − paid,
#    positive on a credit note; a credit note has no negative amount and
#    refers to the credited invoice (BillingReference),
#  - the seller and buyer EndpointID have scheme 0192 (NO) or 0184 (DK),
#  - the figures written down for each example below (PayableAmount 1576.21,
#    cost centre IT-drift on line 1, payment means, KID, periods …; a
#    partial credit note of an amount, 123.45 = 98.76 + 24.69 VAT),
#  - a few variants made here (leap-year February without line dates, a
#    credit note with positive quantities), and that a page without an
#    invoice is refused.
# Prints each failure, then "N passed, N failed"; exits 1 on any failure,
# 2 when a tool is missing. Warns (without failing) when a Norwegian
# organisation number in a page has a wrong mod-11 check digit: the
# stylesheet passes it on, and Peppol validation would refuse the document.
#
# Usage: tests/tools/check-ehf.sh [XSL_DIR]    (default: xsl beside tests/)
# Needs: xsltproc, xmllint (packages xsltproc, libxml2-utils), sed.

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
xsl_dir=${1:-$top/xsl}
xsl=$xsl_dir/ehf.xsl
xsd_dir=$top/tests/data/ubl-2.1/maindoc
data=$top/tests/data/xml

for tool in xsltproc xmllint sed; do
	command -v "$tool" >/dev/null 2>&1 || { echo "check-ehf: $tool is missing" >&2; exit 2; }
done
[ -f "$xsl" ] || { echo "check-ehf: no $xsl" >&2; exit 2; }

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

# The output without namespaces, so that the XPath below can name elements
# (xmllint --xpath cannot bind prefixes).
cat >"$tmp/strip.xsl" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="*">
    <xsl:element name="{local-name()}"><xsl:copy-of select="@*"/><xsl:apply-templates/></xsl:element>
  </xsl:template>
</xsl:stylesheet>
EOF

ok() { pass=$((pass + 1)); }
bad() {
	echo "check-ehf: $*" >&2
	fail=$((fail + 1))
}

# xp FILE XPATH: the string value of XPATH in FILE ("" when empty).
xp() { xmllint --xpath "string($2)" "$1" 2>/dev/null; }

# is NAME XPATH EXPECTED: XPATH on the current (stripped) output is EXPECTED.
is() {
	got=$(xp "$out" "$2")
	if [ "$got" = "$3" ]; then ok; else bad "$name: $1: got '$got', expected '$3'"; fi
}

# true NAME XPATH: XPATH (a boolean) holds on the current output.
true_() { is "$1" "$2" true; }

# Lines and amounts of the stripped output.
L='/*/*[self::InvoiceLine or self::CreditNoteLine]'
Q='*[self::InvoicedQuantity or self::CreditedQuantity]'
M='/*/LegalMonetaryTotal'

# transform PAGE NAME: runs the stylesheet, validates, leaves the stripped
# output in $out; returns 1 when there is nothing more to check.
transform() {
	page=$1
	name=$2
	raw=$tmp/$name.xml
	out=$tmp/$name.plain.xml
	if ! xsltproc "$xsl" "$page" >"$raw" 2>"$tmp/err"; then
		bad "$name: xsltproc failed"
		sed 's/^/    /' "$tmp/err" >&2
		return 1
	fi
	ok
	kind=$(xp "$page" '/page/invoice/@kind')
	root=$(xp "$raw" 'local-name(/*)')
	case $kind in
	credit-note) want=CreditNote ;;
	*) want=Invoice ;;
	esac
	if [ "$root" = "$want" ]; then ok; else bad "$name: root is '$root', expected '$want'"; return 1; fi
	ns=$(xp "$raw" 'namespace-uri(/*)')
	if [ "$ns" = "urn:oasis:names:specification:ubl:schema:xsd:$want-2" ]; then ok; else bad "$name: root namespace '$ns'"; fi
	if xmllint --noout --schema "$xsd_dir/UBL-$want-2.1.xsd" "$raw" 2>"$tmp/err"; then
		ok
	else
		bad "$name: not valid against UBL-$want-2.1.xsd:"
		sed 's/^/    /' "$tmp/err" >&2
	fi
	xsltproc "$tmp/strip.xsl" "$raw" >"$out" || { bad "$name: cannot strip namespaces"; return 1; }
	return 0
}

# General checks: what holds for any invoice page.
general() {
	page=$1
	cur=$(xp "$page" 'normalize-space(/page/invoice/currency)')
	nlines=$(xp "$page" 'count(/page/invoice/lines/line)')
	total=$(xp "$page" 'number(/page/invoice/total)')
	paid=$(xp "$page" 'number(/page/invoice/paid)')
	sign=1
	[ "$kind" = credit-note ] && sign=-1

	is "CustomizationID" '/*/CustomizationID' 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'
	is "ProfileID" '/*/ProfileID' 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0'
	is "ID is the invoice number" '/*/ID' "$(xp "$page" 'normalize-space(/page/invoice/number)')"
	is "DocumentCurrencyCode" '/*/DocumentCurrencyCode' "$cur"
	is "every currencyID is $cur" "count(//@currencyID[. != '$cur'])" 0
	is "no empty element (PEPPOL-EN16931-R008)" 'count(//*[not(*) and normalize-space() = ""])' 0
	true_ "BuyerReference given (PEPPOL-EN16931-R003)" 'normalize-space(/*/BuyerReference) != ""'
	is "one document line per page line" "count($L)" "$nlines"

	# Per line: cost centre, period, units, net = qty × price ÷ base.
	i=1
	while [ "$i" -le "$nlines" ]; do
		is "line $i ID is the page's line number" "$L[$i]/ID" "$(xp "$page" "normalize-space(/page/invoice/lines/line[$i]/@no)")"
		cc=$(xp "$page" "normalize-space(/page/invoice/lines/line[$i]/cost-centre)")
		is "line $i AccountingCost is the cost centre" "$L[$i]/AccountingCost" "$cc"
		i=$((i + 1))
	done
	is "base quantity has the quantity's unit (R130)" "count($L[Price/BaseQuantity/@unitCode != $Q/@unitCode])" 0
	is "base quantity above zero (R121)" "count($L[not(Price/BaseQuantity > 0)])" 0
	is "price not negative (BR-27)" "count($L[not(Price/PriceAmount >= 0)])" 0
	is "net = quantity × price ÷ base within 0.02 (R120)" \
		"count($L[LineExtensionAmount - $Q * Price/PriceAmount div Price/BaseQuantity > 0.02 or LineExtensionAmount - $Q * Price/PriceAmount div Price/BaseQuantity < -0.02])" 0
	is "every line has a VAT category (BR-CO-04)" "count($L[not(Item/ClassifiedTaxCategory[ID and TaxScheme/ID = 'VAT'])])" 0
	is "category S with a rate, Z with 0 (BR-S-05, BR-Z-05)" \
		"count(//*[self::TaxCategory or self::ClassifiedTaxCategory][not((ID = 'S' and Percent > 0) or (ID = 'Z' and Percent = 0))])" 0
	is "lines within the invoice period (R110, R111)" \
		"count($L/InvoicePeriod[translate(StartDate, '-', '') < translate(/*/InvoicePeriod/StartDate, '-', '') or translate(EndDate, '-', '') > translate(/*/InvoicePeriod/EndDate, '-', '')])" 0

	# Totals.
	true_ "BR-CO-10 line total = sum of lines" "round(100 * $M/LineExtensionAmount) = round(100 * sum($L/LineExtensionAmount))"
	true_ "BR-CO-13 tax exclusive = line total" "round(100 * $M/TaxExclusiveAmount) = round(100 * $M/LineExtensionAmount)"
	true_ "BR-CO-14 VAT = sum of breakdown" "round(100 * /*/TaxTotal/TaxAmount) = round(100 * sum(/*/TaxTotal/TaxSubtotal/TaxAmount))"
	true_ "BR-CO-15 inclusive = exclusive + VAT" "round(100 * $M/TaxInclusiveAmount) = round(100 * ($M/TaxExclusiveAmount + /*/TaxTotal/TaxAmount))"
	true_ "BR-CO-16 payable = inclusive - prepaid" "round(100 * $M/PayableAmount) = round(100 * ($M/TaxInclusiveAmount - sum($M/PrepaidAmount)))"
	is "BR-CO-17 breakdown VAT = base × rate within 1.00" \
		"count(/*/TaxTotal/TaxSubtotal[TaxAmount - round(TaxableAmount * TaxCategory/Percent) div 100 >= 1 or TaxAmount - round(TaxableAmount * TaxCategory/Percent) div 100 <= -1])" 0
	is "one TaxTotal (PEPPOL-EN16931-R053)" 'count(/*/TaxTotal)' 1
	true_ "PayableAmount is what the document leaves to pay (total - paid)" "round(100 * $M/PayableAmount) = round(100 * $sign * ($total - $paid))"
	is "amounts have two decimals (BR-DEC)" "count(//*[@currencyID][not(self::PriceAmount)][string-length(substring-after(., '.')) != 2])" 0

	# Parties.
	for party in AccountingSupplierParty AccountingCustomerParty; do
		case $party in
		AccountingSupplierParty) p=issuer ;;
		*) p=customer ;;
		esac
		country=$(xp "$page" "normalize-space(/page/invoice/$p/country)")
		orgnr=$(xp "$page" "normalize-space(/page/invoice/$p/orgnr)")
		case $country in
		NO) scheme=0192 id=$orgnr ;;
		DK) scheme=0184 id=DK${orgnr#DK} ;;
		*) scheme=?; id=? ;;
		esac
		is "$party EndpointID scheme ($country)" "/*/$party/Party/EndpointID/@schemeID" "$scheme"
		is "$party EndpointID" "/*/$party/Party/EndpointID" "$id"
		is "$party legal entity" "/*/$party/Party/PartyLegalEntity/CompanyID" "$id"
		is "$party country" "/*/$party/Party/PostalAddress/Country/IdentificationCode" "$country"
	done
	case $(xp "$page" 'normalize-space(/page/invoice/issuer/country)') in
	NO) is "NO seller: Foretaksregisteret (NO-R-002)" "/*/AccountingSupplierParty/Party/PartyTaxScheme[TaxScheme/ID = 'TAX']/CompanyID" Foretaksregisteret ;;
	*) is "non-NO seller: no Foretaksregisteret" "count(//PartyTaxScheme[TaxScheme/ID = 'TAX'])" 0 ;;
	esac
	is "seller VAT id" "/*/AccountingSupplierParty/Party/PartyTaxScheme[TaxScheme/ID = 'VAT']/CompanyID" \
		"$(xp "$page" 'normalize-space(/page/invoice/issuer/vat-id)')"

	if [ "$kind" = credit-note ]; then
		is "credit note: no negative total" "count($M/*[. < 0] | /*/TaxTotal//*[@currencyID][. < 0])" 0
		true_ "credit note: PayableAmount positive" "$M/PayableAmount > 0"
		is "credit note: BillingReference to the credited invoice" '/*/BillingReference/InvoiceDocumentReference/ID' \
			"$(xp "$page" 'normalize-space(/page/invoice/credits)')"
		is "credit note: type 381" '/*/CreditNoteTypeCode' 381
		is "credit note: due date in PaymentMeans" '/*/PaymentMeans/PaymentDueDate' "$(xp "$page" 'normalize-space(/page/invoice/due)')"
	else
		is "invoice: type 380" '/*/InvoiceTypeCode' 380
		is "invoice: DueDate" '/*/DueDate' "$(xp "$page" 'normalize-space(/page/invoice/due)')"
		is "invoice: no BillingReference" 'count(/*/BillingReference)' 0
	fi
}

# mod11 NUMBER: a Norwegian organisation number's check digit is right
# (weights 3 2 7 6 5 4 3 2; PEPPOL-COMMON-R041, NO-R-001).
mod11() {
	case $1 in [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;; *) return 1 ;; esac
	sum=0
	k=1
	for w in 3 2 7 6 5 4 3 2; do
		d=$(printf '%s' "$1" | cut -c"$k")
		sum=$((sum + d * w))
		k=$((k + 1))
	done
	c=$((11 - sum % 11))
	[ "$c" -eq 11 ] && c=0
	[ "$c" -ne 10 ] && [ "$c" -eq "$(printf '%s' "$1" | cut -c9)" ]
}

# ---- the examples ---------------------------------------------------------

n=0
for page in "$data"/invoice.xml "$data"/invoice-*.xml; do
	[ -f "$page" ] || continue
	n=$((n + 1))
	transform "$page" "$(basename "$page" .xml)" || continue
	general "$page"
	# Not a failure of the stylesheet, which passes the numbers on: a
	# warning that a Peppol validator would refuse the document.
	for p in issuer customer; do
		[ "$(xp "$page" "normalize-space(/page/invoice/$p/country)")" = NO ] || continue
		id=$(xp "$page" "normalize-space(/page/invoice/$p/orgnr)")
		rules=PEPPOL-COMMON-R041
		[ "$p" = issuer ] && rules="$rules, NO-R-001"
		mod11 "$id" || echo "check-ehf: warning: $name: $p orgnr $id has a wrong mod-11 check digit ($rules): Peppol validation would refuse it" >&2
	done
	case $(basename "$page") in
	invoice.xml)
		is "PayableAmount" "$M/PayableAmount" 1576.21
		is "TaxInclusiveAmount" "$M/TaxInclusiveAmount" 1576.21
		is "VAT" '/*/TaxTotal/TaxAmount' 315.24
		is "no PrepaidAmount when nothing is paid" "count($M/PrepaidAmount)" 0
		is "line count" "count($L)" 3
		is "line 1 AccountingCost" "$L[ID = 1]/AccountingCost" IT-drift
		is "line 2 has no AccountingCost" "count($L[ID = 2]/AccountingCost)" 0
		is "line 1 unit month" "$L[ID = 1]/InvoicedQuantity/@unitCode" MON
		is "line 2 unit day" "$L[ID = 2]/InvoicedQuantity/@unitCode" DAY
		is "line 2 base quantity" "$L[ID = 2]/Price/BaseQuantity" 31
		is "line 3 unit piece" "$L[ID = 3]/InvoicedQuantity/@unitCode" H87
		is "line 1 subscription" "$L[ID = 1]/Item/SellersItemIdentification/ID" TSN-75606716
		is "line 3 name" "$L[ID = 3]/Item/Name" 'Påfyll 10 GB – Ærlig, Øystein & Åse'
		is "supplier EndpointID" '/*/AccountingSupplierParty/Party/EndpointID' 987654321
		is "supplier EndpointID scheme" '/*/AccountingSupplierParty/Party/EndpointID/@schemeID' 0192
		is "customer EndpointID" '/*/AccountingCustomerParty/Party/EndpointID' 912345678
		is "payment means credit transfer" '/*/PaymentMeans/PaymentMeansCode' 30
		is "KID" '/*/PaymentMeans/PaymentID' 10000010000014
		is "IBAN" '/*/PaymentMeans/PayeeFinancialAccount/ID' NO9315031234567
		is "invoice period" 'concat(/*/InvoicePeriod/StartDate, "/", /*/InvoicePeriod/EndDate)' 2025-12-01/2025-12-31
		;;
	invoice-credit-note.xml)
		is "PayableAmount" "$M/PayableAmount" 1203.71
		is "LineExtensionAmount" "$M/LineExtensionAmount" 962.97
		is "VAT" '/*/TaxTotal/TaxAmount' 240.74
		is "line count" "count($L)" 2
		is "line 1 AccountingCost" "$L[ID = 1]/AccountingCost" IT-drift
		is "line 1 amount positive" "$L[ID = 1]/LineExtensionAmount" 799.00
		is "line 2 quantity positive" "$L[ID = 2]/CreditedQuantity" 17
		is "credits invoice 100001" '/*/BillingReference/InvoiceDocumentReference/ID' 100001
		is "no negative amount anywhere" 'count(//*[@currencyID][. < 0])' 0
		is "supplier EndpointID scheme" '/*/AccountingSupplierParty/Party/EndpointID/@schemeID' 0192
		;;
	invoice-credit-note-partial.xml)
		# 123.45 of invoice 100024 credited, VAT included: one line at 25 %.
		is "PayableAmount" "$M/PayableAmount" 123.45
		is "LineExtensionAmount" "$M/LineExtensionAmount" 98.76
		is "VAT" '/*/TaxTotal/TaxAmount' 24.69
		is "line count" "count($L)" 1
		is "line 1 quantity" "$L[ID = 1]/CreditedQuantity" 1
		is "line 1 price" "$L[ID = 1]/Price/PriceAmount" 98.76
		is "line 1 name" "$L[ID = 1]/Item/Name" 'Kreditering av faktura 100024'
		is "line 1 has no AccountingCost" "count($L[ID = 1]/AccountingCost)" 0
		is "line 1 over the invoice's period" \
			"concat($L[ID = 1]/InvoicePeriod/StartDate, '/', $L[ID = 1]/InvoicePeriod/EndDate)" 2026-10-01/2026-10-31
		is "credits invoice 100024" '/*/BillingReference/InvoiceDocumentReference/ID' 100024
		is "of 28.10.2026" '/*/BillingReference/InvoiceDocumentReference/IssueDate' 2026-10-28
		;;
	invoice-dk.xml)
		is "PayableAmount" "$M/PayableAmount" 475.24
		is "PrepaidAmount" "$M/PrepaidAmount" 100.00
		is "TaxInclusiveAmount" "$M/TaxInclusiveAmount" 575.24
		is "currency" '/*/DocumentCurrencyCode' DKK
		is "VAT rate" '/*/TaxTotal/TaxSubtotal/TaxCategory/Percent' 25
		is "line count" "count($L)" 3
		is "line 1 AccountingCost" "$L[ID = 1]/AccountingCost" IT
		is "line 2 AccountingCost" "$L[ID = 2]/AccountingCost" Salg
		is "supplier EndpointID" '/*/AccountingSupplierParty/Party/EndpointID' DK21345679
		is "supplier EndpointID scheme" '/*/AccountingSupplierParty/Party/EndpointID/@schemeID' 0184
		is "customer EndpointID" '/*/AccountingCustomerParty/Party/EndpointID' DK31245672
		is "DK-DK payment means 31, not 30 (DK-R-005)" '/*/PaymentMeans/PaymentMeansCode' 31
		is "DK-R-006 account and BIC" 'concat(/*/PaymentMeans/PayeeFinancialAccount/ID, " ", /*/PaymentMeans/PayeeFinancialAccount/FinancialInstitutionBranch/ID)' 'DK5000400440116243 DABADKKK'
		is "item property names in Danish" "$L[ID = 2]/Item/AdditionalItemProperty[Value = 'Søren Ødegård']/Name" Bruger
		;;
	esac
done
[ "$n" -gt 0 ] || bad "no example pages $data/invoice*.xml"

# ---- variants -------------------------------------------------------------

# February of a leap year, lines without dates: the period's own days.
sed 's|<period>2025-12</period>|<period>2024-02</period>|; s|<from>[^<]*</from>||g; s|<to>[^<]*</to>||g' \
	"$data/invoice.xml" >"$tmp/leap-page.xml"
if transform "$tmp/leap-page.xml" leap; then
	is "leap-year period" 'concat(/*/InvoicePeriod/StartDate, "/", /*/InvoicePeriod/EndDate)' 2024-02-01/2024-02-29
	is "lines without dates have no period" "count($L/InvoicePeriod)" 0
fi

# A line outside the billing period widens the invoice period (R110/R111).
sed 's|<from>2025-12-15</from>|<from>2025-11-20</from>|' "$data/invoice.xml" >"$tmp/wide-page.xml"
if transform "$tmp/wide-page.xml" wide; then
	is "period starts with the earliest line" '/*/InvoicePeriod/StartDate' 2025-11-20
fi

# A credit note whose page has positive quantities (only amounts negative).
sed 's|<quantity unit="\([a-z]*\)">-|<quantity unit="\1">|g' "$data/invoice-credit-note.xml" >"$tmp/posqty-page.xml"
if transform "$tmp/posqty-page.xml" posqty; then
	general "$tmp/posqty-page.xml"
	is "quantities positive" "count($L[CreditedQuantity <= 0])" 0
fi

# A 0 % line and breakdown: category Z.
sed 's|<rate percent="25.00"><base>1260.97</base><vat>315.24</vat></rate>|<rate percent="25.00"><base>962.97</base><vat>240.74</vat></rate><rate percent="0.00"><base>298.00</base><vat>0.00</vat></rate>|; s|<vat-rate>25.00</vat-rate><vat>74.50</vat><amount>372.50</amount>|<vat-rate>0.00</vat-rate><vat>0.00</vat><amount>298.00</amount>|; s|<vat>315.24</vat><total>1576.21</total><paid>0.00</paid><remaining>1576.21</remaining>|<vat>240.74</vat><total>1501.71</total><paid>0.00</paid><remaining>1501.71</remaining>|' \
	"$data/invoice.xml" >"$tmp/zero-page.xml"
if transform "$tmp/zero-page.xml" zero; then
	general "$tmp/zero-page.xml"
	is "0 % breakdown is Z" "/*/TaxTotal/TaxSubtotal[TaxCategory/Percent = 0]/TaxCategory/ID" Z
	is "0 % line is Z" "$L[ID = 3]/Item/ClassifiedTaxCategory/ID" Z
	is "two breakdowns" 'count(/*/TaxTotal/TaxSubtotal)' 2
fi

# A page that is not an invoice is refused, not turned into an empty invoice.
if xsltproc "$xsl" "$data/error.xml" >/dev/null 2>&1; then
	bad "error.xml: the stylesheet made a document from a page without an invoice"
else
	ok
fi

echo "check-ehf: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
