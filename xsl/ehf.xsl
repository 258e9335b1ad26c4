<?xml version="1.0" encoding="UTF-8"?>
<!--
  EHF / Peppol BIS Billing 3.0 e-invoice: the invoice page document
  <page name="invoice"><invoice kind="invoice|credit-note">… as a UBL 2.1
  Invoice (380) or CreditNote (381). Reads only /page/@lang and
  /page/invoice; needs no extension functions, no files, no network.

  Credit notes: the page carries negative amounts; the CreditNote carries them
  positive (each amount times -1; a line that was positive in the page becomes
  a negative CreditNoteLine). Quantities take the sign of the line amount and
  prices are always positive (BR-27), so that net = quantity × price / base.

  Rules considered (Peppol BIS Billing 3.0 with EN 16931, EHF national rules):
  - PEPPOL-EN16931-R001/R004/R007: ProfileID and CustomizationID as given.
  - PEPPOL-EN16931-R003: BuyerReference is required (or an order reference):
    the customer's own <reference> when the page has one, else the customer
    account number.
  - PEPPOL-EN16931-R008: no empty elements (optional parts only when filled).
  - PEPPOL-EN16931-R010/R020, BR-62/BR-63: seller and buyer EndpointID with
    schemeID: 0192 (Enhetsregisteret) for NO, 0184 (CVR) for DK.
  - PEPPOL-COMMON-R041: 0192 ids are 9 digits with a mod-11 check digit (the
    stylesheet passes the orgnr through; it cannot repair a wrong one).
  - PEPPOL-COMMON-R042: 0184 ids are "DK" + 8 digits: "DK" is prefixed here.
  - NO-R-001: NO supplier VAT id is "NO" + orgnr + "MVA" (taken from vat-id).
  - NO-R-002: NO supplier carries PartyTaxScheme CompanyID
    "Foretaksregisteret" with TaxScheme TAX.
  - DK-R-002/R014/R015: DK supplier legal entity CompanyID with schemeID 0184,
    VAT id DK + 8 digits (from vat-id). DK-R-013: PartyIdentification/ID
    always has a schemeID. DK-R-005/R006: between DK parties payment means 30
    is not allowed: 31 with IBAN + BIC, or 42 with reg.nr. + account.
    DK-R-016: CreditNote PayableAmount is positive.
  - BR-61: credit transfer (30/31/42) always names the payee account; without
    any account no PaymentMeans is written.
  - BR-CO-25: DueDate (Invoice) / PaymentMeans/PaymentDueDate (CreditNote).
  - BR-CO-10/13/14/15/16: totals are the page's (net, vat, total, paid,
    remaining), which the application computes so that they add up; paid is
    written as PrepaidAmount when not zero, so Payable = Inclusive − Prepaid.
  - BR-CO-17: VAT category tax amount = taxable amount × rate, rounded. Our
    VAT is rounded per line (half away from zero) and the breakdown is the sum
    of the line VATs, so it may differ from base × rate by up to 0.005 per
    line. The CEN Schematron (1.3.x) accepts a difference below 1.00 per
    category; many lines whose roundings go the same way exceed it (200
    lines at 0.005 at the worst; 400 lines of one pro-rated price rounded
    by 0.0025 each). Only the application can avoid that (VAT per rate from
    the summed base); this stylesheet writes the page's figures.
  - BR-S-05/BR-Z-05, BR-CO-04: category S with the rate, Z when 0 %, on every
    line (ClassifiedTaxCategory) and in each breakdown; one TaxTotal with
    subtotals (PEPPOL-EN16931-R053).
  - PEPPOL-EN16931-R110/R111, BR-CO-19/BR-29/BR-30: the invoice period spans
    the billing period and every line's from/to (the earliest start, the
    latest end), so each line period lies inside it.
  - PEPPOL-EN16931-R120/R121/R130: line net = quantity × price ÷ base
    quantity (the page rounds to 2 decimals; R120 allows 0.02), base quantity
    > 0 with the same unitCode as the quantity (UN/ECE Rec. 20: MON, DAY,
    H87; C62 for an unknown unit).
  - BR-DEC-*: amounts with exactly two decimals.
  Element order follows the UBL 2.1 schema sequences.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:strip-space elements="*"/>

  <xsl:variable name="inv" select="/page/invoice[1]"/>
  <xsl:variable name="lang" select="string(/page/@lang)"/>
  <xsl:variable name="cn" select="$inv/@kind = 'credit-note'"/>
  <!-- Page amounts are multiplied by this: credit notes are negative there. -->
  <xsl:variable name="sign" select="1 - 2 * number($cn)"/>
  <xsl:variable name="cur" select="normalize-space($inv/currency)"/>
  <xsl:variable name="seller-country">
    <xsl:call-template name="country"><xsl:with-param name="p" select="$inv/issuer"/></xsl:call-template>
  </xsl:variable>
  <xsl:variable name="buyer-country">
    <xsl:call-template name="country"><xsl:with-param name="p" select="$inv/customer"/></xsl:call-template>
  </xsl:variable>

  <xsl:variable name="customization">urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</xsl:variable>
  <xsl:variable name="profile">urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</xsl:variable>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="not($inv)">
        <xsl:message terminate="yes">ehf.xsl: no /page/invoice in the document</xsl:message>
      </xsl:when>
      <xsl:when test="$cn">
        <CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <xsl:call-template name="document"/>
        </CreditNote>
      </xsl:when>
      <xsl:otherwise>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <xsl:call-template name="document"/>
        </Invoice>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The children of Invoice / CreditNote, in schema order. -->
  <xsl:template name="document">
    <xsl:for-each select="$inv">
      <cbc:CustomizationID><xsl:value-of select="$customization"/></cbc:CustomizationID>
      <cbc:ProfileID><xsl:value-of select="$profile"/></cbc:ProfileID>
      <cbc:ID><xsl:value-of select="normalize-space(number)"/></cbc:ID>
      <cbc:IssueDate><xsl:value-of select="normalize-space(date)"/></cbc:IssueDate>
      <xsl:choose>
        <xsl:when test="$cn">
          <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
        </xsl:when>
        <xsl:otherwise>
          <xsl:if test="normalize-space(due)">
            <cbc:DueDate><xsl:value-of select="normalize-space(due)"/></cbc:DueDate>
          </xsl:if>
          <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
        </xsl:otherwise>
      </xsl:choose>
      <cbc:DocumentCurrencyCode><xsl:value-of select="$cur"/></cbc:DocumentCurrencyCode>
      <cbc:BuyerReference>
        <xsl:choose>
          <xsl:when test="normalize-space(customer/reference)"><xsl:value-of select="normalize-space(customer/reference)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="normalize-space(customer/@account)"/></xsl:otherwise>
        </xsl:choose>
      </cbc:BuyerReference>
      <xsl:call-template name="invoice-period"/>
      <xsl:if test="$cn and normalize-space(credits)">
        <cac:BillingReference>
          <cac:InvoiceDocumentReference>
            <cbc:ID><xsl:value-of select="normalize-space(credits)"/></cbc:ID>
            <xsl:if test="normalize-space(credits/@date)">
              <cbc:IssueDate><xsl:value-of select="normalize-space(credits/@date)"/></cbc:IssueDate>
            </xsl:if>
          </cac:InvoiceDocumentReference>
        </cac:BillingReference>
      </xsl:if>
      <cac:AccountingSupplierParty>
        <xsl:apply-templates select="issuer" mode="party">
          <xsl:with-param name="country" select="$seller-country"/>
        </xsl:apply-templates>
      </cac:AccountingSupplierParty>
      <cac:AccountingCustomerParty>
        <xsl:apply-templates select="customer" mode="party">
          <xsl:with-param name="country" select="$buyer-country"/>
        </xsl:apply-templates>
      </cac:AccountingCustomerParty>
      <xsl:call-template name="payment-means"/>
      <xsl:call-template name="tax-total"/>
      <cac:LegalMonetaryTotal>
        <xsl:call-template name="amount"><xsl:with-param name="name">LineExtensionAmount</xsl:with-param><xsl:with-param name="v" select="net"/></xsl:call-template>
        <xsl:call-template name="amount"><xsl:with-param name="name">TaxExclusiveAmount</xsl:with-param><xsl:with-param name="v" select="net"/></xsl:call-template>
        <xsl:call-template name="amount"><xsl:with-param name="name">TaxInclusiveAmount</xsl:with-param><xsl:with-param name="v" select="total"/></xsl:call-template>
        <xsl:if test="normalize-space(paid) and number(paid) != 0">
          <xsl:call-template name="amount"><xsl:with-param name="name">PrepaidAmount</xsl:with-param><xsl:with-param name="v" select="paid"/></xsl:call-template>
        </xsl:if>
        <xsl:call-template name="amount"><xsl:with-param name="name">PayableAmount</xsl:with-param><xsl:with-param name="v" select="number(total) - number(paid)"/></xsl:call-template>
      </cac:LegalMonetaryTotal>
      <xsl:apply-templates select="lines/line"/>
    </xsl:for-each>
  </xsl:template>

  <!-- ===== Invoice period: billing period ∪ line periods ===== -->

  <xsl:template name="invoice-period">
    <xsl:variable name="p" select="normalize-space(period)"/>
    <xsl:variable name="p-start">
      <xsl:if test="string-length($p) = 7"><xsl:value-of select="concat($p, '-01')"/></xsl:if>
    </xsl:variable>
    <xsl:variable name="p-end">
      <xsl:if test="string-length($p) = 7">
        <xsl:value-of select="$p"/>-<xsl:call-template name="days-in-month">
          <xsl:with-param name="y" select="number(substring($p, 1, 4))"/>
          <xsl:with-param name="m" select="number(substring($p, 6, 2))"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:variable>
    <xsl:variable name="l-start">
      <xsl:for-each select="lines/line/from[normalize-space()]">
        <xsl:sort select="translate(normalize-space(.), '-', '')" data-type="number" order="ascending"/>
        <xsl:if test="position() = 1"><xsl:value-of select="normalize-space(.)"/></xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="l-end">
      <xsl:for-each select="lines/line/to[normalize-space()]">
        <xsl:sort select="translate(normalize-space(.), '-', '')" data-type="number" order="descending"/>
        <xsl:if test="position() = 1"><xsl:value-of select="normalize-space(.)"/></xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="start">
      <xsl:call-template name="date-pick">
        <xsl:with-param name="a" select="string($p-start)"/>
        <xsl:with-param name="b" select="string($l-start)"/>
        <xsl:with-param name="earlier" select="true()"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="end">
      <xsl:call-template name="date-pick">
        <xsl:with-param name="a" select="string($p-end)"/>
        <xsl:with-param name="b" select="string($l-end)"/>
        <xsl:with-param name="earlier" select="false()"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:if test="string($start) != '' or string($end) != ''">
      <cac:InvoicePeriod>
        <xsl:if test="string($start) != ''"><cbc:StartDate><xsl:value-of select="$start"/></cbc:StartDate></xsl:if>
        <xsl:if test="string($end) != ''"><cbc:EndDate><xsl:value-of select="$end"/></cbc:EndDate></xsl:if>
      </cac:InvoicePeriod>
    </xsl:if>
  </xsl:template>

  <!-- The earlier (or later) of two ISO dates; an empty one does not count. -->
  <xsl:template name="date-pick">
    <xsl:param name="a"/>
    <xsl:param name="b"/>
    <xsl:param name="earlier"/>
    <xsl:variable name="na" select="number(translate($a, '-', ''))"/>
    <xsl:variable name="nb" select="number(translate($b, '-', ''))"/>
    <xsl:choose>
      <xsl:when test="$a = ''"><xsl:value-of select="$b"/></xsl:when>
      <xsl:when test="$b = ''"><xsl:value-of select="$a"/></xsl:when>
      <xsl:when test="$earlier and $nb &lt; $na"><xsl:value-of select="$b"/></xsl:when>
      <xsl:when test="not($earlier) and $nb &gt; $na"><xsl:value-of select="$b"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$a"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="days-in-month">
    <xsl:param name="y"/>
    <xsl:param name="m"/>
    <xsl:choose>
      <xsl:when test="$m = 2">
        <xsl:choose>
          <xsl:when test="($y mod 4 = 0 and $y mod 100 != 0) or $y mod 400 = 0">29</xsl:when>
          <xsl:otherwise>28</xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$m = 4 or $m = 6 or $m = 9 or $m = 11">30</xsl:when>
      <xsl:otherwise>31</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== Parties ===== -->

  <xsl:template name="country">
    <xsl:param name="p"/>
    <xsl:choose>
      <xsl:when test="normalize-space($p/country)"><xsl:value-of select="translate(normalize-space($p/country), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/></xsl:when>
      <xsl:otherwise>NO</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ISO 6523 ICD / Peppol EAS for a country's business register. -->
  <xsl:template name="org-scheme">
    <xsl:param name="country"/>
    <xsl:choose>
      <xsl:when test="$country = 'NO'">0192</xsl:when>
      <xsl:when test="$country = 'DK'">0184</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The organisation number as the scheme writes it: NO 9 digits, DK "DK" + 8 digits. -->
  <xsl:template name="org-id">
    <xsl:param name="orgnr"/>
    <xsl:param name="country"/>
    <xsl:variable name="digits" select="translate(normalize-space($orgnr), ' .-', '')"/>
    <xsl:choose>
      <xsl:when test="$country = 'DK' and not(starts-with($digits, 'DK'))"><xsl:value-of select="concat('DK', $digits)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$digits"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="issuer | customer" mode="party">
    <xsl:param name="country"/>
    <xsl:variable name="scheme">
      <xsl:call-template name="org-scheme"><xsl:with-param name="country" select="$country"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="id">
      <xsl:call-template name="org-id">
        <xsl:with-param name="orgnr" select="orgnr"/>
        <xsl:with-param name="country" select="$country"/>
      </xsl:call-template>
    </xsl:variable>
    <cac:Party>
      <xsl:if test="string($id) != '' and string($scheme) != ''">
        <cbc:EndpointID schemeID="{$scheme}"><xsl:value-of select="$id"/></cbc:EndpointID>
        <cac:PartyIdentification>
          <cbc:ID schemeID="{$scheme}"><xsl:value-of select="$id"/></cbc:ID>
        </cac:PartyIdentification>
      </xsl:if>
      <xsl:if test="normalize-space(name)">
        <cac:PartyName><cbc:Name><xsl:value-of select="normalize-space(name)"/></cbc:Name></cac:PartyName>
      </xsl:if>
      <cac:PostalAddress>
        <xsl:if test="normalize-space(street)"><cbc:StreetName><xsl:value-of select="normalize-space(street)"/></cbc:StreetName></xsl:if>
        <xsl:if test="normalize-space(city)"><cbc:CityName><xsl:value-of select="normalize-space(city)"/></cbc:CityName></xsl:if>
        <xsl:if test="normalize-space(postcode)"><cbc:PostalZone><xsl:value-of select="normalize-space(postcode)"/></cbc:PostalZone></xsl:if>
        <cac:Country><cbc:IdentificationCode><xsl:value-of select="$country"/></cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <xsl:if test="normalize-space(vat-id)">
        <cac:PartyTaxScheme>
          <cbc:CompanyID><xsl:value-of select="translate(normalize-space(vat-id), ' ', '')"/></cbc:CompanyID>
          <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
        </cac:PartyTaxScheme>
      </xsl:if>
      <xsl:if test="self::issuer and $country = 'NO'">
        <cac:PartyTaxScheme>
          <cbc:CompanyID>Foretaksregisteret</cbc:CompanyID>
          <cac:TaxScheme><cbc:ID>TAX</cbc:ID></cac:TaxScheme>
        </cac:PartyTaxScheme>
      </xsl:if>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName><xsl:value-of select="normalize-space(name)"/></cbc:RegistrationName>
        <xsl:if test="string($id) != ''">
          <cbc:CompanyID>
            <xsl:if test="string($scheme) != ''"><xsl:attribute name="schemeID"><xsl:value-of select="$scheme"/></xsl:attribute></xsl:if>
            <xsl:value-of select="$id"/>
          </cbc:CompanyID>
        </xsl:if>
      </cac:PartyLegalEntity>
      <xsl:if test="normalize-space(email)">
        <cac:Contact><cbc:ElectronicMail><xsl:value-of select="normalize-space(email)"/></cbc:ElectronicMail></cac:Contact>
      </xsl:if>
    </cac:Party>
  </xsl:template>

  <!-- ===== Payment ===== -->

  <xsl:template name="payment-means">
    <xsl:variable name="iban" select="translate(normalize-space(issuer/iban), ' ', '')"/>
    <xsl:variable name="bic" select="normalize-space(issuer/bic)"/>
    <xsl:variable name="account" select="translate(normalize-space(issuer/bank-account), ' .-', '')"/>
    <!-- Between Danish parties code 30 is refused (DK-R-005). -->
    <xsl:variable name="dk" select="$seller-country = 'DK' and $buyer-country = 'DK'"/>
    <xsl:variable name="code">
      <xsl:choose>
        <xsl:when test="$dk and $iban != '' and $bic != ''">31</xsl:when>
        <xsl:when test="$dk and string-length($account) &gt; 4">42</xsl:when>
        <xsl:when test="$dk"/>
        <xsl:when test="$iban != '' or $account != ''">30</xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="string($code) != ''">
      <cac:PaymentMeans>
        <cbc:PaymentMeansCode><xsl:value-of select="$code"/></cbc:PaymentMeansCode>
        <xsl:if test="$cn and normalize-space(due)">
          <cbc:PaymentDueDate><xsl:value-of select="normalize-space(due)"/></cbc:PaymentDueDate>
        </xsl:if>
        <xsl:if test="normalize-space(payment-ref)">
          <cbc:PaymentID><xsl:value-of select="normalize-space(payment-ref)"/></cbc:PaymentID>
        </xsl:if>
        <cac:PayeeFinancialAccount>
          <xsl:choose>
            <xsl:when test="$code = '42'">
              <!-- Danish account: 4-digit reg.nr. then the account number. -->
              <cbc:ID><xsl:value-of select="substring($account, 5)"/></cbc:ID>
              <cac:FinancialInstitutionBranch><cbc:ID><xsl:value-of select="substring($account, 1, 4)"/></cbc:ID></cac:FinancialInstitutionBranch>
            </xsl:when>
            <xsl:when test="$iban != ''">
              <cbc:ID><xsl:value-of select="$iban"/></cbc:ID>
              <xsl:if test="$bic != ''">
                <cac:FinancialInstitutionBranch><cbc:ID><xsl:value-of select="$bic"/></cbc:ID></cac:FinancialInstitutionBranch>
              </xsl:if>
            </xsl:when>
            <xsl:otherwise>
              <cbc:ID><xsl:value-of select="$account"/></cbc:ID>
            </xsl:otherwise>
          </xsl:choose>
        </cac:PayeeFinancialAccount>
      </cac:PaymentMeans>
    </xsl:if>
  </xsl:template>

  <!-- ===== VAT ===== -->

  <xsl:template name="tax-total">
    <cac:TaxTotal>
      <xsl:call-template name="amount"><xsl:with-param name="name">TaxAmount</xsl:with-param><xsl:with-param name="v" select="vat"/></xsl:call-template>
      <xsl:for-each select="vat-summary/rate">
        <cac:TaxSubtotal>
          <xsl:call-template name="amount"><xsl:with-param name="name">TaxableAmount</xsl:with-param><xsl:with-param name="v" select="base"/></xsl:call-template>
          <xsl:call-template name="amount"><xsl:with-param name="name">TaxAmount</xsl:with-param><xsl:with-param name="v" select="vat"/></xsl:call-template>
          <cac:TaxCategory>
            <xsl:call-template name="tax-category"><xsl:with-param name="rate" select="@percent"/></xsl:call-template>
          </cac:TaxCategory>
        </cac:TaxSubtotal>
      </xsl:for-each>
    </cac:TaxTotal>
  </xsl:template>

  <!-- ID, Percent, TaxScheme of a TaxCategory / ClassifiedTaxCategory. -->
  <xsl:template name="tax-category">
    <xsl:param name="rate"/>
    <xsl:variable name="r" select="number($rate)"/>
    <cbc:ID>
      <xsl:choose>
        <xsl:when test="$r = 0">Z</xsl:when>
        <xsl:otherwise>S</xsl:otherwise>
      </xsl:choose>
    </cbc:ID>
    <cbc:Percent><xsl:value-of select="format-number($r, '0.##')"/></cbc:Percent>
    <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
  </xsl:template>

  <!-- ===== Lines ===== -->

  <xsl:template match="line">
    <xsl:variable name="net" select="number(net) * $sign"/>
    <xsl:variable name="unit">
      <xsl:call-template name="unit-code"><xsl:with-param name="u" select="quantity/@unit"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="qty">
      <xsl:if test="$net &lt; 0">-</xsl:if>
      <xsl:value-of select="format-number(number(translate(normalize-space(quantity), '-', '')), '0.######')"/>
    </xsl:variable>
    <xsl:variable name="base">
      <xsl:choose>
        <xsl:when test="number(base-quantity) &gt; 0"><xsl:value-of select="format-number(number(base-quantity), '0.######')"/></xsl:when>
        <xsl:otherwise>1</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="line-name">
      <xsl:choose>
        <xsl:when test="$cn">CreditNoteLine</xsl:when>
        <xsl:otherwise>InvoiceLine</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="qty-name">
      <xsl:choose>
        <xsl:when test="$cn">CreditedQuantity</xsl:when>
        <xsl:otherwise>InvoicedQuantity</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="cac:{$line-name}">
      <cbc:ID><xsl:value-of select="normalize-space(@no)"/></cbc:ID>
      <xsl:element name="cbc:{$qty-name}">
        <xsl:attribute name="unitCode"><xsl:value-of select="$unit"/></xsl:attribute>
        <xsl:value-of select="$qty"/>
      </xsl:element>
      <xsl:call-template name="amount"><xsl:with-param name="name">LineExtensionAmount</xsl:with-param><xsl:with-param name="v" select="net"/></xsl:call-template>
      <xsl:if test="normalize-space(cost-centre)">
        <cbc:AccountingCost><xsl:value-of select="normalize-space(cost-centre)"/></cbc:AccountingCost>
      </xsl:if>
      <xsl:if test="normalize-space(from) or normalize-space(to)">
        <cac:InvoicePeriod>
          <xsl:if test="normalize-space(from)"><cbc:StartDate><xsl:value-of select="normalize-space(from)"/></cbc:StartDate></xsl:if>
          <xsl:if test="normalize-space(to)"><cbc:EndDate><xsl:value-of select="normalize-space(to)"/></cbc:EndDate></xsl:if>
        </cac:InvoicePeriod>
      </xsl:if>
      <cac:Item>
        <cbc:Name><xsl:value-of select="normalize-space(description)"/></cbc:Name>
        <xsl:if test="normalize-space(subscription/ref)">
          <cac:SellersItemIdentification><cbc:ID><xsl:value-of select="normalize-space(subscription/ref)"/></cbc:ID></cac:SellersItemIdentification>
        </xsl:if>
        <cac:ClassifiedTaxCategory>
          <xsl:call-template name="tax-category"><xsl:with-param name="rate" select="vat-rate"/></xsl:call-template>
        </cac:ClassifiedTaxCategory>
        <xsl:if test="normalize-space(location/number) or normalize-space(location/name)">
          <xsl:call-template name="property">
            <xsl:with-param name="key">location</xsl:with-param>
            <xsl:with-param name="value" select="normalize-space(concat(location/number, ' ', location/name))"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="normalize-space(user)">
          <xsl:call-template name="property">
            <xsl:with-param name="key">user</xsl:with-param>
            <xsl:with-param name="value" select="normalize-space(user)"/>
          </xsl:call-template>
        </xsl:if>
      </cac:Item>
      <cac:Price>
        <cbc:PriceAmount currencyID="{$cur}">
          <xsl:value-of select="format-number(number(translate(normalize-space(unit-price), '-', '')), '0.00######')"/>
        </cbc:PriceAmount>
        <cbc:BaseQuantity unitCode="{$unit}"><xsl:value-of select="$base"/></cbc:BaseQuantity>
      </cac:Price>
    </xsl:element>
  </xsl:template>

  <!-- UN/ECE Recommendation 20 unit codes. -->
  <xsl:template name="unit-code">
    <xsl:param name="u"/>
    <xsl:choose>
      <xsl:when test="$u = 'month'">MON</xsl:when>
      <xsl:when test="$u = 'day'">DAY</xsl:when>
      <xsl:when test="$u = 'piece'">H87</xsl:when>
      <xsl:when test="$u = 'hour'">HUR</xsl:when>
      <xsl:otherwise>C62</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Item attribute (BG-32) with its name in the page's language. -->
  <xsl:template name="property">
    <xsl:param name="key"/>
    <xsl:param name="value"/>
    <cac:AdditionalItemProperty>
      <cbc:Name>
        <xsl:choose>
          <xsl:when test="$key = 'location' and $lang = 'nb'">Lokasjon</xsl:when>
          <xsl:when test="$key = 'location' and $lang = 'da'">Lokation</xsl:when>
          <xsl:when test="$key = 'location'">Location</xsl:when>
          <xsl:when test="$key = 'user' and $lang = 'nb'">Bruker</xsl:when>
          <xsl:when test="$key = 'user' and $lang = 'da'">Bruger</xsl:when>
          <xsl:otherwise>User</xsl:otherwise>
        </xsl:choose>
      </cbc:Name>
      <cbc:Value><xsl:value-of select="$value"/></cbc:Value>
    </cac:AdditionalItemProperty>
  </xsl:template>

  <!-- ===== Amounts ===== -->

  <!-- cbc:{name} currencyID=…, the page amount times $sign, two decimals. -->
  <xsl:template name="amount">
    <xsl:param name="name"/>
    <xsl:param name="v"/>
    <xsl:variable name="n" select="number($v) * $sign"/>
    <xsl:element name="cbc:{$name}">
      <xsl:attribute name="currencyID"><xsl:value-of select="$cur"/></xsl:attribute>
      <xsl:choose>
        <xsl:when test="$n = 0">0.00</xsl:when>
        <xsl:otherwise><xsl:value-of select="format-number($n, '0.00')"/></xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

</xsl:stylesheet>
