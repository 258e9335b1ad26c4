"""Issue #5, billing: the billing run (`selfcare bill`), payments and credit
notes (`selfcare pay`, `selfcare credit`), the invoice pages (company and
location by year, one invoice, CSV, PDF, EHF), isolation and areas, and
e-invoice by mail with its unsubscribe link.

The demo's year of invoices is made by the real billing run (`selfcare
demo-data`). What this file adds is kept out of the way of the other files:
a company of its own (901, no members) for the arithmetic, invoices for
periods after the demo's (2026-11 and on, all dated in 2026), a location of
Bitpro's that is removed again at the end of the module."""

import csv
import io
import re
import subprocess
import uuid
from decimal import Decimal, ROUND_HALF_UP
from os import EX_USAGE
from pathlib import Path

import pytest

import stack as st


BITPRO, NORDLYS, FJORDNET = "Bitpro Demo AS", "Nordlys Eiendom AS", "Fjordnet ApS"
UBL = st.SRC / "tests" / "data" / "ubl-2.1" / "maindoc"
NS = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
      "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}
EINVOICE_DEMO = "faktura@bitpro.example.no"
TEST_CO = 901                   # the module's own company (no members)
TEST_LOCATION = 901             # a location of Bitpro's, for the location list
NOVEMBER = ("2026-11", "2026-11-28")


# -- helpers -----------------------------------------------------------

def count(stack, where):
    return int(stack.sql("SELECT COUNT(*) FROM " + where)[0][0])


def inv_id(stack, number):
    """An invoice's id (the URL's) from its number."""
    return stack.sql("SELECT id FROM invoices WHERE number = %d" % int(number))[0][0]


def inv_row(stack, number, cols="status, paid, total"):
    return stack.sql("SELECT %s FROM invoices WHERE number = %d" % (cols, int(number)))[0]


def run(stack, *args):
    """A selfcare subcommand: (exit status, stdout+stderr as text)."""
    r = stack.selfcare(*args, check=False)
    return r.returncode, r.stdout.decode(errors="replace")


def bill(stack, period, date):
    return run(stack, "bill", "--period", period, "--date", date)


def money(amount):
    return Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def pro_rata(days, base, price, rate=Decimal("25")):
    """billing.h by hand: net = days × price / base, rounded half away from
    zero to the øre once; VAT = net × rate, rounded the same way."""
    net = money(Decimal(days) * Decimal(price) / Decimal(base))
    vat = money(net * rate / 100)
    return str(net), str(vat), str(net + vat)


def pdf_text(data, tmp_path, name="x.pdf"):
    p = Path(tmp_path) / name
    p.write_bytes(data)
    r = subprocess.run(["pdftotext", "-layout", str(p), "-"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    # No-break spaces as spaces: "998,75 kr" whatever the spacing.
    return r.stdout.decode().replace("\u00a0", " ").replace("\u202f", " ")


def mail_pdf(path):
    """The PDF attachment of a delivered mail: (filename, bytes)."""
    for part in st.mail_message(path).iter_attachments():
        if part.get_content_type() == "application/pdf":
            return part.get_filename(), part.get_content()
    raise AssertionError("no PDF attached to %s" % path)


_ubl = {}


def ubl_validate(data, kind="Invoice"):
    """An EHF document checked against the UBL 2.1 schema; its root."""
    from lxml import etree
    if kind not in _ubl:
        _ubl[kind] = etree.XMLSchema(etree.parse(str(UBL / ("UBL-%s-2.1.xsd" % kind))))
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert etree.QName(root).localname == kind, root.tag
    if not _ubl[kind].validate(root):
        raise AssertionError("EHF does not validate against UBL-%s-2.1.xsd:\n%s" % (
            kind, "\n".join(str(e) for e in _ubl[kind].error_log)))
    return root


def form_ctx(client, path):
    c = client.page(path + ".xml").find("context")
    return {"csrf": c.findtext("csrf"), "formkey": c.findtext("formkey")}


def add_einvoice(client, cid, email):
    data = form_ctx(client, "/companies/%s/einvoice" % cid)
    data["email"] = email
    return client.post("/companies/%s/einvoice" % cid, data)


# -- the module's billing run ------------------------------------------

@pytest.fixture(scope="module")
def november(stack):
    """Company 901 with what a run must get right, then the real run for
    November 2026: returns the run's output and the invoices it made."""
    stack.sql("""
INSERT INTO companies (id, name, orgnr, country, street, postcode, city) VALUES
  (%(co)d, 'Testfaktura AS', '999000901', 'NO', 'Testveien 1', '0150', 'Oslo');
INSERT INTO billing_accounts (id, company_id, issuer_id, number, currency, vat_rate) VALUES
  (%(co)d, %(co)d, 1, '10000901', 'NOK', 25.00);
INSERT INTO subscriptions (id, company_id, product_id, ref, monthly_price, currency,
    started_on, ends_on, cost_centre, billing_account_id) VALUES
  (901, %(co)d, 2, 'TST-FULL', 349.00, 'NOK', '2026-01-01', NULL, 'Drift', %(co)d),
  (902, %(co)d, 2, 'TST-START', 349.00, 'NOK', '2026-11-12', NULL, NULL, NULL),
  (903, %(co)d, 3, 'TST-END', 199.05, 'NOK', '2025-06-01', '2026-11-15', NULL, NULL),
  (904, %(co)d, 3, 'TST-GONE', 549.00, 'NOK', '2025-06-01', '2026-10-31', NULL, NULL),
  (905, %(co)d, 2, 'TST-LATER', 349.00, 'NOK', '2026-12-01', NULL, NULL, NULL);
INSERT INTO locations (id, company_id, number, name, status) VALUES
  (%(loc)d, 1, '11901', 'Testlager', 'active');
INSERT INTO charges (id, company_id, subscription_id, location_id, description, quantity,
    unit_price, currency, charged_on) VALUES
  (901, %(co)d, 901, NULL, 'Testgebyr', 2, 125.00, 'NOK', '2026-11-15'),
  (902, %(co)d, NULL, NULL, 'Gratis SIM', 1, 0.00, 'NOK', '2026-11-16'),
  (903, %(co)d, 901, NULL, 'Roaming EUR', 1, 10.00, 'EUR', '2026-11-17'),
  (904, %(co)d, NULL, NULL, 'Tollgebyr EUR', 1, 20.00, 'EUR', '2026-11-17'),
  (905, %(co)d, NULL, NULL, 'Neste måned', 1, 50.00, 'NOK', '2026-12-05'),
  (906, 1, NULL, %(loc)d, 'Testlager oppsett', 1, 100.00, 'NOK', '2026-11-20');
""" % {"co": TEST_CO, "loc": TEST_LOCATION})
    rc, out = bill(stack, *NOVEMBER)
    assert rc == 0, out
    made = {co: stack.sql("SELECT id, number FROM invoices WHERE company_id = %d"
                          " AND period_key = '2026-11'" % co) for co in (1, 2, 3, TEST_CO)}
    yield {"rc": rc, "out": out,
           "test": made[TEST_CO][0], "bitpro": made[1][0], "nordlys": made[2][0],
           "made": made}
    # Bitpro has one location again for the files after this one.
    stack.sql("DELETE FROM locations WHERE id = %d" % TEST_LOCATION)


def lines_of(stack, invoice_id):
    rows = stack.sql("SELECT subscription_ref, description, unit, quantity, base_quantity,"
                     " unit_price, net, vat, amount, period_from, period_to"
                     " FROM invoice_lines WHERE invoice_id = %s ORDER BY line_no" % invoice_id)
    keys = ("ref", "description", "unit", "quantity", "base", "price", "net", "vat",
            "amount", "from", "to")
    return [dict(zip(keys, r)) for r in rows]


# -- 1. the billing run ------------------------------------------------

def test_bill_makes_one_invoice_per_account(stack, november):
    assert november["rc"] == 0
    assert "bill 2026-11: 4 invoice(s) made" in november["out"], november["out"]
    for co, rows in november["made"].items():
        assert len(rows) == 1, (co, rows)
    test_id, number = november["test"]
    assert "invoice %s: account %d, " % (number, TEST_CO) in november["out"]
    assert inv_row(stack, number, "invoice_date, due_date, currency, status, kind") == (
        "2026-11-28", "2026-12-13", "NOK", "unpaid", "invoice")


def test_bill_again_makes_none(stack, november):
    before = count(stack, "invoices")
    lines = count(stack, "invoice_lines")
    rc, out = bill(stack, *NOVEMBER)
    assert rc == 0, out
    assert "0 invoice(s) made" in out
    assert count(stack, "invoices") == before and count(stack, "invoice_lines") == lines


def test_totals_are_the_sums_of_the_lines(stack, november):
    bad = stack.sql(
        "SELECT i.number, i.net, i.vat, i.total, SUM(l.net), SUM(l.vat), SUM(l.amount)"
        " FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id GROUP BY i.id"
        " HAVING i.net <> SUM(l.net) OR i.vat <> SUM(l.vat) OR i.total <> SUM(l.amount)"
        " OR i.total <> i.net + i.vat")
    assert bad == []
    assert count(stack, "invoice_lines WHERE amount <> net + vat") == 0
    assert count(stack, "invoices i WHERE NOT EXISTS (SELECT 1 FROM invoice_lines l"
                 " WHERE l.invoice_id = i.id)") == 0


def test_seed_subscription_line_is_998_75(stack, november):
    assert inv_row(stack, 100001, "invoice_date, due_date, total") == (
        "2025-11-26", "2025-12-11", "998.75")
    assert inv_row(stack, 100003, "invoice_date, due_date, total") == (
        "2025-12-29", "2026-01-13", "998.75")
    bitpro_id = november["bitpro"][0]
    line = [l for l in lines_of(stack, bitpro_id) if l["ref"] == "TSN-75606716"]
    assert len(line) == 1
    assert (line[0]["unit"], line[0]["quantity"], line[0]["net"], line[0]["vat"],
            line[0]["amount"]) == ("month", "1", "799.00", "199.75", "998.75")


def test_demo_pro_rata_january(stack, november):
    lines = lines_of(stack, inv_id(stack, 100005))
    anne = [l for l in lines if l["ref"] == "TSN-75607001"][0]
    assert (anne["unit"], anne["quantity"], anne["base"]) == ("day", "25", "31")
    assert (anne["net"], anne["vat"], anne["amount"]) == pro_rata(25, 31, "349.00")
    assert (anne["net"], anne["vat"]) == ("281.45", "70.36")


def test_pro_rata_started_mid_month(stack, november):
    lines = {l["ref"]: l for l in lines_of(stack, november["test"][0]) if l["unit"] != "piece"}
    s = lines["TST-START"]
    assert (s["from"], s["to"], s["unit"], s["quantity"], s["base"]) == (
        "2026-11-12", "2026-11-30", "day", "19", "30")
    assert (s["net"], s["vat"], s["amount"]) == pro_rata(19, 30, "349.00")
    assert s["net"] == "221.03"             # 19 × 349.00 / 30 = 221.0333…


def test_pro_rata_ending_mid_month(stack, november):
    lines = {l["ref"]: l for l in lines_of(stack, november["test"][0]) if l["unit"] != "piece"}
    e = lines["TST-END"]
    assert (e["from"], e["to"], e["unit"], e["quantity"], e["base"]) == (
        "2026-11-01", "2026-11-15", "day", "15", "30")
    # 15 × 199.05 / 30 = 99.525: the half øre rounds away from zero.
    assert (e["net"], e["vat"], e["amount"]) == pro_rata(15, 30, "199.05")
    assert e["net"] == "99.53"
    full = lines["TST-FULL"]
    assert (full["unit"], full["quantity"], full["base"], full["net"]) == (
        "month", "1", "1", "349.00")
    # Ended before the month, starting after it: not on the invoice.
    assert "TST-GONE" not in lines and "TST-LATER" not in lines


def test_charge_billed_once(stack, november):
    test_id = november["test"][0]
    assert stack.sql("SELECT invoice_id FROM charges WHERE id IN (901, 902) ORDER BY id") == [
        (test_id,), (test_id,)]
    pieces = [l for l in lines_of(stack, test_id) if l["unit"] == "piece"]
    fee = [l for l in pieces if l["description"] == "Testgebyr"]
    assert len(fee) == 1
    assert (fee[0]["quantity"], fee[0]["price"], fee[0]["net"], fee[0]["vat"],
            fee[0]["amount"], fee[0]["ref"]) == ("2", "125.00", "250.00", "62.50", "312.50",
                                                 "TST-FULL")
    # Next month's charge waits for its month.
    assert stack.sql("SELECT invoice_id FROM charges WHERE id = 905") == [("NULL",)]
    # The run again (and a later period) bills no charge a second time.
    bill(stack, *NOVEMBER)
    assert count(stack, "invoice_lines WHERE description = 'Testgebyr'") == 1


def test_zero_priced_charge_is_a_zero_line(stack, november):
    free = [l for l in lines_of(stack, november["test"][0]) if l["description"] == "Gratis SIM"]
    assert len(free) == 1
    assert (free[0]["unit"], free[0]["quantity"], free[0]["net"], free[0]["vat"],
            free[0]["amount"]) == ("piece", "1", "0.00", "0.00", "0.00")


def test_charge_in_another_currency_is_reported_not_billed(stack, november):
    out = november["out"]
    # On a subscription billed to the NOK account: the currencies differ.
    assert "charge 903 is in EUR, its account 10000901 in NOK: not billed" in out, out
    # No account of the company in EUR at all.
    assert "charge 904 of company %d has no billing account in EUR: not billed" % TEST_CO \
        in out, out
    assert stack.sql("SELECT invoice_id FROM charges WHERE id IN (903, 904) ORDER BY id") == [
        ("NULL",), ("NULL",)]
    assert count(stack, "invoice_lines WHERE description LIKE '%EUR'") == 0


@pytest.mark.parametrize("args,message", [
    (("--period", "2026-13"), "period 2026-13: not a month"),
    (("--period", "2026-1"), "period 2026-1: not a month"),
    (("--period", "abc"), "period abc: not a month"),
    (("--period", "1999-12"), "period 1999-12: not a month"),
    (("--period", "2026-12", "--date", "2026-02-30"), "date 2026-02-30: not a date"),
])
def test_bill_bad_input(stack, november, args, message):
    n = count(stack, "invoices")
    rc, out = run(stack, "bill", *args)
    assert rc == EX_USAGE, out
    assert message in out
    assert count(stack, "invoices") == n


def test_bill_usage(stack):
    rc, out = run(stack, "bill")
    assert rc == EX_USAGE and "usage:" in out
    rc, out = run(stack, "bill", "--period", "2026-12", "extra")
    assert rc == EX_USAGE and "usage:" in out


# -- 2. payments and credit notes --------------------------------------

def test_pay_partly_then_fully(stack, november):
    number = november["test"][1]
    status, paid, total = inv_row(stack, number)
    assert (status, paid) == ("unpaid", "0.00")
    rc, out = run(stack, "pay", number, "100.00", "--date", "2026-11-29", "--ref", "T-1")
    assert rc == 0, out
    rest = Decimal(total) - 100
    assert "invoice %s: 100.00 NOK paid, %s remaining" % (number, rest) in out
    assert inv_row(stack, number) == ("partly_paid", "100.00", total)
    assert stack.sql("SELECT amount, paid_on, reference FROM payments WHERE invoice_id = %s"
                     % november["test"][0]) == [("100.00", "2026-11-29", "T-1")]
    # More than what remains: refused, nothing changed.
    rc, out = run(stack, "pay", number, total)
    assert rc == 1
    assert "the payment is more than the remaining %s NOK" % rest in out
    assert inv_row(stack, number) == ("partly_paid", "100.00", total)
    assert count(stack, "payments WHERE invoice_id = %s" % november["test"][0]) == 1
    rc, out = run(stack, "pay", number, str(rest))
    assert rc == 0, out
    assert inv_row(stack, number) == ("paid", total, total)
    rc, out = run(stack, "pay", number, "0.01")
    assert rc == 1 and "more than the remaining 0.00 NOK" in out
    assert count(stack, "payments WHERE invoice_id = %s" % november["test"][0]) == 2


# A bad argument is a usage error (64); what the invoices refuse exits 1.
@pytest.mark.parametrize("args,message,status", [
    (("999999", "10.00"), "invoice 999999: not found", 1),
    (("abc", "10.00"), "abc: not an invoice number", 1),
    (("100023", "abc"), "amount abc: not a positive amount", EX_USAGE),
    (("100023", "0"), "not a positive amount", EX_USAGE),
    (("100023", "1.005"), "not a positive amount", EX_USAGE),
    (("100023", "10.00", "--date", "2026-13-01"), "not a date", EX_USAGE),
    (("100010", "10.00"), "invoice 100010: credited, no payment can be registered", 1),
    (("100025", "10.00"), "invoice 100025: a credit note, no payment can be registered", 1),
])
def test_pay_refused(stack, args, message, status):
    n = count(stack, "payments")
    before = inv_row(stack, 100023)
    rc, out = run(stack, "pay", *args)
    assert rc == status, out
    assert message in out
    assert count(stack, "payments") == n and inv_row(stack, 100023) == before


def test_pay_usage(stack):
    rc, out = run(stack, "pay", "100023")
    assert rc == EX_USAGE and "usage:" in out
    # A negative amount looks like an option: a usage error, nothing paid.
    n = count(stack, "payments")
    rc, out = run(stack, "pay", "100023", "-5.00")
    assert rc == EX_USAGE and "usage:" in out
    assert count(stack, "payments") == n
    rc, out = run(stack, "pay", "100023", "1.00", "--period", "2026-11")
    assert rc == EX_USAGE and "usage:" in out


@pytest.fixture(scope="module")
def partly_paid(stack, november):
    """Bitpro's November invoice, 1000.00 of it paid."""
    iid, number = november["bitpro"]
    rc, out = run(stack, "pay", number, "1000.00", "--date", "2026-11-29")
    assert rc == 0, out
    return iid, number


def test_partly_paid_shows_what_remains(kari, stack, partly_paid, company_ids):
    cid = company_ids[BITPRO]
    iid, number = partly_paid
    total = Decimal(inv_row(stack, number)[2])
    rest = total - 1000
    root = kari.page("/companies/%s/invoices/%s.xml" % (cid, iid))
    inv = root.find("invoice")
    assert (inv.get("status"), inv.get("overdue")) == ("partly-paid", "no")
    assert (inv.findtext("paid"), inv.findtext("remaining")) == ("1000.00", str(rest))
    text = st.text_of(st.check_html(kari.get("/companies/%s/invoices/%s" % (cid, iid))))
    assert st.i18n("nb")["invoice.status.partly-paid"] in text
    assert "%s kr" % format_nb(rest) in text
    row = [i for i in kari.page("/companies/%s/invoices.xml?year=2026" % cid).iter("invoice")
           if i.findtext("number") == number][0]
    assert (row.get("status"), row.findtext("remaining")) == ("partly-paid", str(rest))


def format_nb(amount):
    """1682.50 → "1 682,50" (as the pages write it, no-break spaces as spaces)."""
    whole, frac = ("%.2f" % amount).split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return " ".join(groups) + "," + frac


@pytest.fixture(scope="module")
def credited(stack, november):
    """Nordlys Eiendom's November invoice credited: (invoice id, number,
    credit note id, number, the command's output)."""
    iid, number = november["nordlys"]
    rc, out = run(stack, "credit", number, "--date", "2026-11-29")
    assert rc == 0, out
    cn_id, cn_number = stack.sql("SELECT id, number FROM invoices WHERE credits_id = %s"
                                 % iid)[0]
    return iid, number, cn_id, cn_number, out


def test_credit_note_reverses_the_invoice(stack, credited):
    iid, number, cn_id, cn_number, out = credited
    assert "credit note %s for invoice %s" % (cn_number, number) in out
    assert inv_row(stack, number, "status") == ("credited",)
    cols = "kind, status, period, period_key, invoice_date, company_id, currency, net, vat, total"
    orig = stack.sql("SELECT %s FROM invoices WHERE id = %s" % (cols, iid))[0]
    cn = stack.sql("SELECT %s FROM invoices WHERE id = %s" % (cols, cn_id))[0]
    assert cn[:5] == ("credit_note", "credit", orig[2], "NULL", "2026-11-29")
    assert cn[5:7] == orig[5:7]
    assert cn[7:] == tuple(str(-Decimal(v)) for v in orig[7:])
    a, b = lines_of(stack, iid), lines_of(stack, cn_id)
    assert len(a) == len(b) > 0
    for x, y in zip(a, b):
        for k in ("ref", "description", "unit", "base", "price", "from", "to"):
            assert x[k] == y[k], k
        for k in ("quantity", "net", "vat", "amount"):
            assert Decimal(y[k]) == -Decimal(x[k]), k


def test_credit_refused_twice(stack, credited):
    iid, number, cn_id, cn_number, _ = credited
    n = count(stack, "invoices")
    rc, out = run(stack, "credit", number)
    assert rc == 1 and "invoice %s: is credited already" % number in out
    rc, out = run(stack, "credit", cn_number)
    assert rc == 1 and "invoice %s: is a credit note" % cn_number in out
    rc, out = run(stack, "credit", "999999")
    assert rc == 1 and "not found" in out
    rc, out = run(stack, "pay", number, "1.00")
    assert rc == 1 and "credited, no payment can be registered" in out
    assert count(stack, "invoices") == n
    rc, out = run(stack, "credit")
    assert rc == EX_USAGE and "usage:" in out


def test_credited_invoice_links_its_credit_note(kari, credited, company_ids):
    cid = company_ids[NORDLYS]
    iid, number, cn_id, cn_number, _ = credited
    inv = kari.page("/companies/%s/invoices/%s.xml" % (cid, iid)).find("invoice")
    assert inv.get("status") == "credited"
    assert (inv.find("credited-by").get("id"), inv.findtext("credited-by")) == (cn_id, cn_number)
    page = st.check_html(kari.get("/companies/%s/invoices/%s" % (cid, iid)))
    link = page.xpath("//a[@href=$h]", h="/companies/%s/invoices/%s" % (cid, cn_id))
    assert link and link[0].text_content().strip() == cn_number
    assert st.i18n("nb")["invoice.credited-by"] in st.text_of(page)
    cn = kari.page("/companies/%s/invoices/%s.xml" % (cid, cn_id)).find("invoice")
    assert (cn.get("kind"), cn.get("status")) == ("credit-note", "credit")
    assert (cn.find("credits").get("id"), cn.findtext("credits")) == (iid, number)
    page = st.check_html(kari.get("/companies/%s/invoices/%s" % (cid, cn_id)))
    assert page.xpath("//a[@href=$h]", h="/companies/%s/invoices/%s" % (cid, iid))


def test_demo_credit_note(stack, kari, company_ids):
    cid = company_ids[NORDLYS]
    inv = kari.page("/companies/%s/invoices/%s.xml" % (cid, inv_id(stack, 100010))).find(
        "invoice")
    assert inv.get("status") == "credited" and inv.findtext("credited-by") == "100025"
    cn = kari.page("/companies/%s/invoices/%s.xml" % (cid, inv_id(stack, 100025))).find(
        "invoice")
    assert (cn.findtext("total"), cn.findtext("credits")) == ("-4055.00", "100010")


# -- 3. the pages ------------------------------------------------------

def test_invoice_list_2026(kari, company_ids):
    cid = company_ids[BITPRO]
    root = kari.page("/companies/%s/invoices.xml?year=2026" % cid)
    assert root.get("name") == "invoices" and root.find("invoices").get("year") == "2026"
    rows = {i.findtext("number"): i for i in root.iter("invoice")}
    for n in ("100005", "100007", "100019", "100021", "100023"):
        assert n in rows, n
    assert "100001" not in rows and "100003" not in rows
    assert not {"100024", "100025", "500012"} & set(rows)          # other companies
    assert {i.findtext("date")[:4] for i in rows.values()} == {"2026"}
    assert [y.text for y in root.findall("invoices/years/year")][-1] == "2025"
    r23, r19 = rows["100023"], rows["100019"]
    assert (r23.get("status"), r23.get("overdue"), r23.findtext("total"),
            r23.findtext("due")) == ("unpaid", "yes", "2557.50", "2026-11-12")
    assert (r19.get("status"), r19.get("overdue"), r19.findtext("remaining")) == (
        "paid", "no", "0.00")
    assert (rows["100021"].get("status"), rows["100021"].findtext("remaining")) == (
        "partly-paid", "2057.50")
    page = st.check_html(kari.get("/companies/%s/invoices?year=2026" % cid))
    overdue = {" ".join(tr.xpath("./th//text()")).strip()
               for tr in page.xpath("//tr[contains(concat(' ', @class, ' '), ' overdue ')]")}
    assert overdue == {"100023", "100021"}
    tr = page.xpath("//tr[th/a[normalize-space()='100023']]")[0]
    assert st.i18n("nb")["invoice.status.overdue"] in tr.text_content()
    assert "2 557,50 kr" in tr.text_content().replace("\u00a0", " ").replace("\u202f", " ")
    assert page.xpath("//a[@href=$h]", h="/companies/%s/invoices/%s/invoice.pdf" % (
        cid, r23.get("id")))


def test_invoice_list_year_filter(kari, company_ids):
    cid = company_ids[BITPRO]
    root = kari.page("/companies/%s/invoices.xml?year=2025" % cid)
    assert [i.findtext("number") for i in root.iter("invoice")] == ["100003", "100001"]
    text = st.text_of(st.check_html(kari.get("/companies/%s/invoices?year=2025" % cid)))
    assert "100001" in text and "100003" in text and "100005" not in text
    # A year without invoices: an empty list, not an error.
    root = kari.page("/companies/%s/invoices.xml?year=2024" % cid)
    assert root.findall("invoices/invoice") == []


@pytest.mark.parametrize("year", ["abc", "1999", "2101", "", "2026x", "-2026"])
def test_invoice_list_bad_year(kari, company_ids, year):
    cid = company_ids[BITPRO]
    assert kari.get("/companies/%s/invoices?year=%s" % (cid, year)).status_code == 400
    r = kari.get("/companies/%s/invoices?year=%s" % (cid, year), xml=True)
    assert r.status_code == 400
    st.validate_xml(r)
    assert kari.get("/locations/1/invoices?year=%s" % year).status_code == 400


def test_location_invoices(stack, kari, november, company_ids):
    bitpro_id, bitpro_no = november["bitpro"]
    root = kari.page("/locations/%d/invoices.xml?year=2026" % TEST_LOCATION)
    assert root.find("invoices/location").findtext("number") == "11901"
    rows = root.findall("invoices/invoice")
    # Only the invoice with a line of this location, with the location's share.
    assert [(i.findtext("number"), i.findtext("location-amount"), i.findtext("total"))
            for i in rows] == [(bitpro_no, "125.00", inv_row(stack, bitpro_no)[2])]
    root = kari.page("/locations/1/invoices.xml?year=2026")
    share = {i.findtext("number"): i.findtext("location-amount") for i in root.iter("invoice")}
    expect = {r[0] for r in stack.sql(
        "SELECT DISTINCT i.number FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id"
        " WHERE l.location_id = 1 AND YEAR(i.invoice_date) = 2026")}
    assert set(share) == expect
    assert share["100023"] == "998.75"
    assert share["100007"] == "1372.50"         # the subscription and its top-up
    page = st.check_html(kari.get("/locations/1/invoices?year=2026"))
    assert "Internett MBE" in st.text_of(page)
    root = kari.page("/locations/1/invoices.xml?year=2025")
    assert [i.findtext("number") for i in root.iter("invoice")] == ["100003", "100001"]


def test_invoice_page(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    iid = inv_id(stack, 100001)
    page = st.check_html(kari.get("/companies/%s/invoices/%s" % (cid, iid)))
    text = st.text_of(page)
    for seen in ("100001", "998,75 kr", "11.12.2025", "26.11.2025", "TSN-75606716",
                 "11001", "Internett MBE", "Mobilt bredbånd 100 GB",
                 st.i18n("nb")["invoice.status.paid"]):
        assert seen in text, seen
    for suffix in ("invoice.pdf", "specification.csv", "ehf"):
        assert page.xpath("//a[@href=$h]", h="/companies/%s/invoices/%s/%s" % (cid, iid, suffix))


def test_invoice_xml_is_canonical(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    iid = inv_id(stack, 100001)
    for path in ("/companies/%s/invoices/%s.xml" % (cid, iid),):
        inv = kari.page(path).find("invoice")
        assert (inv.get("id"), inv.get("kind"), inv.get("status"), inv.get("overdue")) == (
            iid, "invoice", "paid", "no")
        assert [inv.findtext(k) for k in ("number", "date", "due", "currency", "net", "vat",
                                          "total", "paid", "remaining")] == [
            "100001", "2025-11-26", "2025-12-11", "NOK", "799.00", "199.75", "998.75",
            "998.75", "0.00"]
        line = inv.find("lines/line")
        assert line.findtext("subscription/ref") == "TSN-75606716"
        assert line.findtext("location/number") == "11001"
        assert line.find("quantity").get("unit") == "month"
        assert line.findtext("amount") == "998.75"
        assert inv.find("vat-summary/rate").get("percent") == "25.00"
    # Accept: application/xml gives the same document as the suffix.
    r = kari.get("/companies/%s/invoices/%s" % (cid, iid), xml=True)
    assert st.validate_xml(r).findtext("invoice/total") == "998.75"
    # The pro rata line of January, canonical too.
    inv = kari.page("/companies/%s/invoices/%s.xml" % (cid, inv_id(stack, 100005))).find(
        "invoice")
    anne = [l for l in inv.iter("line") if l.findtext("subscription/ref") == "TSN-75607001"][0]
    assert (anne.findtext("quantity"), anne.find("quantity").get("unit"),
            anne.findtext("base-quantity"), anne.findtext("net"), anne.findtext("vat"),
            anne.findtext("cost-centre"), anne.findtext("user")) == (
        "25", "day", "31", "281.45", "70.36", "Salg", "Anne Berg")


def test_invoice_csv(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    r = kari.get("/companies/%s/invoices/%s/specification.csv" % (cid, inv_id(stack, 100005)),
                 cookies={"lang": "en"})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="invoice-100005.csv"' in r.headers.get("Content-Disposition", "")
    assert b"\r\n" in r.content
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"), newline="")))
    assert len(rows) == count(stack, "invoice_lines WHERE invoice_id = %s"
                              % inv_id(stack, 100005)) == 4
    by_ref = {row["subscription"]: row for row in rows}
    anne = by_ref["TSN-75607001"]
    assert (anne["invoice"], anne["cost_centre"], anne["user"], anne["quantity"], anne["unit"],
            anne["base_quantity"], anne["net"], anne["vat"], anne["currency"]) == (
        "100005", "Salg", "Anne Berg", "25", "day", "31", "281.45", "70.36", "NOK")
    assert by_ref["TSN-75607002"]["cost_centre"] == "Drift"
    assert by_ref["TSN-75607003"]["cost_centre"] == ""
    seed = by_ref["TSN-75606716"]
    assert (seed["location"], seed["location_name"], seed["amount"]) == (
        "11001", "Internett MBE", "998.75")
    assert sum(Decimal(row["amount"]) for row in rows) == Decimal("2255.80")


def test_invoice_pdf(stack, kari, company_ids, tmp_path):
    cid = company_ids[BITPRO]
    r = kari.get("/companies/%s/invoices/%s/invoice.pdf" % (cid, inv_id(stack, 100003)))
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/pdf"
    assert 'filename="invoice-100003.pdf"' in r.headers.get("Content-Disposition", "")
    assert r.content.startswith(b"%PDF")
    text = pdf_text(r.content, tmp_path)
    for seen in ("100003", "998,75", "13.01.2026", "29.12.2025", BITPRO, "TSN-75606716"):
        assert seen in text, seen


def test_ehf_invoice(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    r = kari.get("/companies/%s/invoices/%s/ehf" % (cid, inv_id(stack, 100005)))
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/xml; charset=utf-8"
    root = ubl_validate(r.content)
    assert root.findtext("cbc:ID", namespaces=NS) == "100005"
    assert root.findtext("cbc:DueDate", namespaces=NS) == "2026-02-12"
    total = root.find("cac:LegalMonetaryTotal", NS)
    assert total.findtext("cbc:TaxInclusiveAmount", namespaces=NS) == "2255.80"
    assert total.findtext("cbc:PayableAmount", namespaces=NS) == "0.00"
    lines = {l.findtext("cac:Item/cac:SellersItemIdentification/cbc:ID", namespaces=NS): l
             for l in root.findall("cac:InvoiceLine", NS)}
    assert lines["TSN-75607001"].findtext("cbc:AccountingCost", namespaces=NS) == "Salg"
    assert lines["TSN-75607001"].findtext("cbc:LineExtensionAmount", namespaces=NS) == "281.45"
    assert lines["TSN-75607003"].find("cbc:AccountingCost", NS) is None
    # Partly paid: PayableAmount is what remains.
    iid = inv_id(stack, 100021)
    remaining = kari.page("/companies/%s/invoices/%s.xml" % (cid, iid)).findtext(
        "invoice/remaining")
    assert remaining == "2057.50"
    root = ubl_validate(kari.get("/companies/%s/invoices/%s/ehf" % (cid, iid)).content)
    assert root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == remaining


def test_ehf_credit_note(stack, kari, company_ids):
    cid = company_ids[NORDLYS]
    r = kari.get("/companies/%s/invoices/%s/ehf" % (cid, inv_id(stack, 100025)))
    assert r.status_code == 200
    root = ubl_validate(r.content, "CreditNote")
    assert root.findtext("cbc:ID", namespaces=NS) == "100025"
    assert root.findtext("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID",
                         namespaces=NS) == "100010"
    # UBL carries a credit note's amounts positive.
    assert root.findtext("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount",
                         namespaces=NS) == "4055.00"


def test_credit_note_pdf(stack, kari, company_ids, tmp_path):
    cid = company_ids[NORDLYS]
    r = kari.get("/companies/%s/invoices/%s/invoice.pdf" % (cid, inv_id(stack, 100025)))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    text = pdf_text(r.content, tmp_path)
    assert st.i18n("nb")["pdf.title.credit-note"] in text
    assert "100025" in text and "100010" in text


def ehf_totals(root):
    t = root.find("cac:LegalMonetaryTotal", NS)
    amount = lambda k: Decimal(t.findtext("cbc:" + k, default="0", namespaces=NS))
    return amount("TaxInclusiveAmount"), amount("PrepaidAmount"), amount("PayableAmount")


@pytest.mark.parametrize("number", ["100001", "100021", "100023"])
def test_ehf_totals_add_up(stack, kari, company_ids, number):
    # BR-CO-16: PayableAmount = TaxInclusiveAmount - PrepaidAmount.
    cid = company_ids[BITPRO]
    root = ubl_validate(kari.get("/companies/%s/invoices/%s/ehf"
                                 % (cid, inv_id(stack, number))).content)
    inclusive, prepaid, payable = ehf_totals(root)
    assert payable == inclusive - prepaid


@pytest.mark.parametrize("number,kind", [("100025", "CreditNote"), ("credited", "Invoice")])
def test_ehf_totals_add_up_credited(stack, kari, company_ids, credited, number, kind):
    cid = company_ids[NORDLYS]
    iid = inv_id(stack, number) if number != "credited" else credited[0]
    root = ubl_validate(kari.get("/companies/%s/invoices/%s/ehf" % (cid, iid)).content, kind)
    inclusive, prepaid, payable = ehf_totals(root)
    assert payable == inclusive - prepaid


# -- 4. isolation and areas ----------------------------------------------

def invoice_urls(cid, iid):
    p = "/companies/%s/invoices/%s" % (cid, iid)
    return [p, p + ".xml", p + "/specification.csv", p + "/invoice.pdf", p + "/ehf"]


def test_other_company_is_404(stack, mette, company_ids):
    cid = company_ids[BITPRO]
    paths = invoice_urls(cid, inv_id(stack, 100001)) + [
        "/companies/%s/invoices" % cid, "/companies/%s/invoices?year=2025" % cid,
        "/locations/1/invoices", "/companies/%s/einvoice" % cid]
    for p in paths:
        r = mette.get(p)
        assert r.status_code == 404, p
        assert b"100001" not in r.content and b"998" not in r.content, p
    # Mette's own invoice id asked under Bitpro: 404 too.
    for p in invoice_urls(cid, inv_id(stack, 500001)):
        assert mette.get(p).status_code == 404, p
    own = company_ids[FJORDNET]
    assert mette.get("/companies/%s/invoices/%s" % (own, inv_id(stack, 500001))).status_code == 200
    r = mette.get("/companies/%s/invoices.xml?year=2026" % own)
    numbers = {i.findtext("number") for i in st.validate_xml(r).iter("invoice")}
    assert numbers and all(n.startswith("5000") for n in numbers)


def test_invoice_of_another_company_under_mine_is_404(stack, kari, company_ids):
    bitpro, nordlys = company_ids[BITPRO], company_ids[NORDLYS]
    other = inv_id(stack, 100024)
    for p in invoice_urls(bitpro, other):
        assert kari.get(p).status_code == 404, p
    assert kari.get("/companies/%s/invoices/%s" % (nordlys, other)).status_code == 200
    # A location of another company under the location route: 404 for Mette.
    assert kari.get("/companies/%s/invoices/999999" % bitpro).status_code == 404


def test_remove_of_another_company_einvoice_is_404(stack, mette, company_ids):
    rid = stack.sql("SELECT id FROM einvoice_recipients WHERE email = '%s'" % EINVOICE_DEMO)[0][0]
    own = company_ids[FJORDNET]
    csrf = form_ctx(mette, "/companies/%s/einvoice" % own)["csrf"]
    for c in (company_ids[BITPRO], own):
        r = mette.post("/companies/%s/einvoice/%s/remove" % (c, rid), {"csrf": csrf})
        assert r.status_code == 404, c
    assert count(stack, "einvoice_recipients WHERE id = %s" % rid) == 1


def test_support_area_only_is_403(stack, ola, per, company_ids):
    cid = company_ids[BITPRO]
    iid = inv_id(stack, 100001)
    paths = ["/companies/%s/invoices" % cid, "/locations/1/invoices",
             "/companies/%s/einvoice" % cid] + invoice_urls(cid, iid)
    for p in paths:
        assert ola.get(p).status_code == 403, p
        assert per.get(p).status_code == 200, p
    r = ola.get("/companies/%s/invoices" % cid, xml=True)
    assert r.status_code == 403
    st.validate_xml(r)


def test_anonymous_is_sent_to_login(stack, anon, company_ids):
    cid = company_ids[BITPRO]
    for p in ["/companies/%s/invoices" % cid, "/locations/1/invoices",
              "/companies/%s/einvoice" % cid] + invoice_urls(cid, inv_id(stack, 100001)):
        r = anon.get(p)
        if p.endswith(".xml"):
            # A program asking for XML gets 401, not a login form.
            assert r.status_code == 401, p
            assert st.validate_xml(r).find("error").get("status") == "401"
            continue
        assert r.status_code == 303, p
        assert st.location_path(r).startswith("/login"), (p, r.headers.get("Location"))
        assert b"998" not in r.content
    r = anon.get("/companies/%s/invoices" % cid, xml=True)
    assert r.status_code == 401


# -- 5. e-invoice ----------------------------------------------------------

def test_demo_einvoice_mails_carry_the_pdf(stack, tmp_path):
    stack.wait_for_mail(EINVOICE_DEMO, timeout=60)
    numbers = [r[0] for r in stack.sql(
        "SELECT number FROM invoices WHERE company_id = 1 AND invoice_date < '2026-11-01'"
        " ORDER BY number")]
    assert len(numbers) == 12
    by_subject = {}
    for m in stack.mails_to(EINVOICE_DEMO):
        by_subject[str(st.mail_message(m)["Subject"])] = m
    for number in numbers:
        mail = by_subject.get("Faktura %s" % number)
        assert mail is not None, "no e-invoice mail for %s" % number
        body = st.mail_body(mail)
        assert number in body and "/einvoice/unsubscribe?r=" in body
        name, data = mail_pdf(mail)
        assert name == "faktura-%s.pdf" % number
        assert data.startswith(b"%PDF")
    # One of them read: the PDF is that invoice.
    text = pdf_text(mail_pdf(by_subject["Faktura 100003"])[1], tmp_path)
    assert "100003" in text and "998,75" in text and "13.01.2026" in text
    assert "998,75 kr" in st.mail_body(by_subject["Faktura 100001"])


def test_einvoice_add_and_remove(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    email = "regnskap-%s@bitpro.example.no" % uuid.uuid4().hex[:8]
    r = add_einvoice(kari, cid, email)
    assert r.status_code == 303
    assert st.location_path(r) == "/companies/%s/einvoice?done=einvoice-added" % cid
    rid = stack.sql("SELECT id FROM einvoice_recipients WHERE email = '%s' AND company_id = %s"
                    % (email, cid))[0][0]
    assert count(stack, "audit_log WHERE action = 'einvoice-add' AND object_id = %s"
                 " AND company_id = %s AND user_id = 1" % (rid, cid)) == 1
    root = kari.page("/companies/%s/einvoice.xml?done=einvoice-added" % cid)
    listed = {e.get("id"): e.findtext("email") for e in root.iter("recipient")}
    assert listed[rid] == email and EINVOICE_DEMO in listed.values()
    page = st.check_html(kari.get("/companies/%s/einvoice" % cid))
    assert email in st.text_of(page)
    assert page.xpath("//form[@action=$a]", a="/companies/%s/einvoice/%s/remove" % (cid, rid))
    csrf = root.findtext("context/csrf")
    r = kari.post("/companies/%s/einvoice/%s/remove" % (cid, rid), {"csrf": csrf})
    assert r.status_code == 303
    assert st.location_path(r) == "/companies/%s/einvoice?done=einvoice-removed" % cid
    assert count(stack, "einvoice_recipients WHERE id = %s" % rid) == 0
    assert count(stack, "audit_log WHERE action = 'einvoice-remove' AND object_id = %s" % rid) == 1
    root = kari.page("/companies/%s/einvoice.xml" % cid)
    assert email not in {e.findtext("email") for e in root.iter("recipient")}
    # Removed already: 404.
    r = kari.post("/companies/%s/einvoice/%s/remove" % (cid, rid), {"csrf": csrf})
    assert r.status_code == 404


@pytest.mark.parametrize("value,code", [("not-an-address", "invalid"), ("", "required"),
                                        ("a@b@example.no", "invalid")])
def test_einvoice_bad_address(stack, kari, company_ids, value, code):
    cid = company_ids[BITPRO]
    n = count(stack, "einvoice_recipients")
    data = form_ctx(kari, "/companies/%s/einvoice" % cid)
    data["email"] = value
    r = kari.post("/companies/%s/einvoice" % cid, data, xml=True)
    assert r.status_code == 400
    f = st.validate_xml(r).find("form[@name='add']")
    assert f.find("error").get("field") == "email" and f.find("error").get("code") == code
    if value:
        assert f.findtext("value[@name='email']") == value
    data = form_ctx(kari, "/companies/%s/einvoice" % cid)
    data["email"] = value
    r = kari.post("/companies/%s/einvoice" % cid, data)
    assert r.status_code == 400
    page = st.check_html(r)
    if value:
        assert page.xpath("//input[@name='email'][@value=$v]", v=value), "input not kept"
    assert count(stack, "einvoice_recipients") == n


def test_einvoice_duplicate_is_409(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    n = count(stack, "einvoice_recipients")
    data = form_ctx(kari, "/companies/%s/einvoice" % cid)
    data["email"] = EINVOICE_DEMO
    r = kari.post("/companies/%s/einvoice" % cid, data, xml=True)
    assert r.status_code == 409
    f = st.validate_xml(r).find("form[@name='add']")
    assert f.find("error").get("code") == "duplicate"
    assert f.findtext("value[@name='email']") == EINVOICE_DEMO
    data = form_ctx(kari, "/companies/%s/einvoice" % cid)
    data["email"] = EINVOICE_DEMO
    r = kari.post("/companies/%s/einvoice" % cid, data)
    assert r.status_code == 409
    st.check_html(r)
    assert count(stack, "einvoice_recipients") == n


def test_einvoice_duplicate_message_is_about_the_address(kari, company_ids):
    cid = company_ids[BITPRO]
    data = form_ctx(kari, "/companies/%s/einvoice" % cid)
    data["email"] = EINVOICE_DEMO
    text = st.text_of(st.check_html(kari.post("/companies/%s/einvoice" % cid, data)))
    assert st.i18n("nb")["error.exists"] not in text


def test_einvoice_at_most_20_addresses(stack, kari, company_ids):
    cid = company_ids[NORDLYS]
    stack.sql("INSERT INTO einvoice_recipients (company_id, email) SELECT %s,"
              " CONCAT('max', seq, '@nordlys.example.no') FROM seq_1_to_20" % cid)
    try:
        data = form_ctx(kari, "/companies/%s/einvoice" % cid)
        data["email"] = "one-too-many@nordlys.example.no"
        r = kari.post("/companies/%s/einvoice" % cid, data, xml=True)
        assert r.status_code == 422
        assert st.validate_xml(r).find("form[@name='add']/error").get("code") == "too-many"
        assert count(stack, "einvoice_recipients WHERE company_id = %s" % cid) == 20
    finally:
        stack.sql("DELETE FROM einvoice_recipients WHERE email LIKE 'max%@nordlys.example.no'")


UNSUB_RE = re.compile(r"https?://[^/\s]+(/einvoice/unsubscribe\?r=(\d+)&t=([A-Za-z0-9_-]+))")


def test_einvoice_mail_after_billing_and_unsubscribe(stack, kari, base, company_ids,
                                                     november, tmp_path):
    cid = company_ids[BITPRO]
    # A period of its own per front end (a run bills each period once).
    period = "2026-12" if base == stack.urls["nginx"] else "2027-01"
    email = "okonomi-%s@bitpro.example.no" % uuid.uuid4().hex[:8]
    assert add_einvoice(kari, cid, email).status_code == 303
    rid = stack.sql("SELECT id FROM einvoice_recipients WHERE email = '%s'" % email)[0][0]
    rc, out = bill(stack, period, "2026-11-30")
    assert rc == 0, out
    number = stack.sql("SELECT number FROM invoices WHERE company_id = %s AND period_key = '%s'"
                       % (cid, period))[0][0]
    mail = stack.wait_for_mail(email, timeout=60)
    msg = st.mail_message(mail)
    assert str(msg["Subject"]) == "Faktura %s" % number
    name, data = mail_pdf(mail)
    assert name == "faktura-%s.pdf" % number
    assert number in pdf_text(data, tmp_path)
    body = st.mail_body(mail)
    assert number in body
    m = UNSUB_RE.search(body)
    assert m, body
    link, r_id, token = m.groups()
    assert r_id == rid

    # The link, without logging in: GET asks, POST stops the mails.
    anon = st.Client(base)
    page = st.check_html(anon.get(link))
    text = st.text_of(page)
    assert email in text and BITPRO in text
    root = st.validate_xml(anon.get(link, xml=True))
    u = root.find("unsubscribe")
    assert (u.get("state"), u.findtext("email")) == ("subscribed", email)
    csrf = root.findtext("context/csrf")
    assert csrf
    mark = int(stack.sql("SELECT COALESCE(MAX(id), 0) FROM audit_log")[0][0])
    r = anon.post("/einvoice/unsubscribe", {"csrf": csrf, "r": r_id, "t": token})
    assert r.status_code == 303
    assert st.location_path(r) == "/einvoice/unsubscribe?done=einvoice-unsubscribed"
    assert count(stack, "einvoice_recipients WHERE id = %s" % rid) == 0
    assert count(stack, "audit_log WHERE action = 'einvoice-unsubscribe' AND object_id = %s"
                 " AND company_id = %s AND user_id IS NULL AND id > %d" % (rid, cid, mark)) == 1
    r = anon.get(st.location_path(r))
    assert r.status_code == 200
    assert st.i18n("nb")["unsubscribe.done"] in st.text_of(st.check_html(r))

    # Used: the same link is no longer valid.
    r = anon.get(link)
    assert r.status_code == 404
    assert st.i18n("nb")["unsubscribe.invalid"] in st.text_of(st.check_html(r))
    r = anon.get(link, xml=True)
    assert r.status_code == 404
    assert st.validate_xml(r).find("unsubscribe").get("state") == "invalid"


def test_einvoice_unsubscribe_tampered_token(stack, anon, base):
    # The demo address's link from its mail, one character changed.
    mail = stack.wait_for_mail(EINVOICE_DEMO, timeout=60)
    link, r_id, token = UNSUB_RE.search(st.mail_body(mail)).groups()
    bad = token[:-1] + ("A" if token[-1] != "A" else "B")
    tampered = "/einvoice/unsubscribe?r=%s&t=%s" % (r_id, bad)
    r = anon.get(tampered)
    assert r.status_code == 404
    assert st.i18n("nb")["unsubscribe.invalid"] in st.text_of(st.check_html(r))
    root = st.validate_xml(anon.get(link, xml=True))
    assert root.find("unsubscribe").get("state") == "subscribed"
    csrf = root.findtext("context/csrf")
    for r_, t_ in ((r_id, bad), (str(int(r_id) + 1000), token), (r_id, "")):
        r = anon.post("/einvoice/unsubscribe", {"csrf": csrf, "r": r_, "t": t_})
        assert r.status_code in (400, 404), (r_, t_, r.status_code)
    assert anon.get(tampered.replace("?r=%s" % r_id, "?r=abc")).status_code in (400, 404)
    assert count(stack, "einvoice_recipients WHERE id = %s" % r_id) == 1


def unsubscribe_url(path):
    """List-Unsubscribe's one URL (RFC 2369: in angle brackets), as sent:
    one line, the URL as it is (a mail client decodes no encoded word there)."""
    lines = [l for l in Path(path).read_bytes().split(b"\n\n", 1)[0].split(b"\n")
             if l.lower().startswith(b"list-unsubscribe:")]
    assert len(lines) == 1, lines
    m = re.fullmatch(rb"List-Unsubscribe: <(https?://[!-;=?-~]+)>", lines[0])
    assert m, lines[0]
    url = m.group(1).decode()
    assert str(st.mail_message(path)["List-Unsubscribe"]) == "<%s>" % url
    return url


def test_einvoice_mail_as_delivered(stack, anon, tmp_path):
    """The demo's e-invoice mail as the mail server gets it, read with
    Python's email package: headers, the text, the PDF, List-Unsubscribe."""
    path = stack.wait_for_mail(EINVOICE_DEMO, timeout=60)
    msg = st.mail_checked(path)
    assert [a.addr_spec for a in msg["To"].addresses] == [EINVOICE_DEMO]
    assert msg.get_content_type() == "multipart/mixed"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "application/pdf"]
    number = re.fullmatch(r"Faktura (\d+)", str(msg["Subject"])).group(1)
    body = parts[0].get_content()
    assert number in body
    pdf = parts[1]
    assert pdf["Content-Transfer-Encoding"] == "base64"
    assert pdf.get_content_disposition() == "attachment"
    assert pdf.get_filename() == "faktura-%s.pdf" % number
    data = pdf.get_content()
    assert data.startswith(b"%PDF-")
    assert number in pdf_text(data, tmp_path)
    # List-Unsubscribe is the body's own link; RFC 8058 says it takes one click.
    url = unsubscribe_url(path)
    assert UNSUB_RE.search(body).group(0) == url
    assert url.startswith(stack.base_url + "/einvoice/unsubscribe?")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Opened (as a link scanner or a person does): it asks, it stops nothing.
    rid = UNSUB_RE.search(url).group(2)
    r = anon.get(UNSUB_RE.search(url).group(1))
    assert r.status_code == 200
    assert EINVOICE_DEMO in st.text_of(st.check_html(r))
    assert count(stack, "einvoice_recipients WHERE id = %s" % rid) == 1


def one_click(base, url, multipart, **kw):
    """The mail client's POST (RFC 8058): to the link itself, nothing but
    the List-Unsubscribe-Post pair, no cookie."""
    import requests
    from urllib.parse import urlsplit
    u = urlsplit(url)
    target = base + u.path + "?" + u.query
    if multipart:
        kw.setdefault("files", {"List-Unsubscribe": (None, "One-Click")})
    else:
        kw.setdefault("data", {"List-Unsubscribe": "One-Click"})
    return requests.post(target, allow_redirects=False, timeout=30, **kw)


def test_einvoice_one_click_unsubscribe(stack, kari, base, company_ids, november):
    cid = company_ids[BITPRO]
    # A period of its own per front end (a run bills each period once).
    period = "2027-02" if base == stack.urls["nginx"] else "2027-03"
    tag = uuid.uuid4().hex[:8]
    emails = ["okonomi-form-%s@bitpro.example.no" % tag,
              "okonomi-multipart-%s@bitpro.example.no" % tag]
    for e in emails:
        assert add_einvoice(kari, cid, e).status_code == 303
    rc, out = bill(stack, period, "2026-11-30")
    assert rc == 0, out
    for email, multipart in zip(emails, (False, True)):
        path = stack.wait_for_mail(email, timeout=60)
        msg = st.mail_checked(path)
        url = unsubscribe_url(path)
        assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        rid = UNSUB_RE.search(url).group(2)
        mark = int(stack.sql("SELECT COALESCE(MAX(id), 0) FROM audit_log")[0][0])

        # Not a one-click body: an ordinary form POST to the link is refused.
        r = one_click(base, url, multipart, data={"List-Unsubscribe": "One-Click", "x": "1"},
                      files=None)
        assert r.status_code == 400
        tampered = url[:-1] + ("A" if url[-1] != "A" else "B")
        r = one_click(base, tampered, multipart)
        assert r.status_code == 404
        assert count(stack, "einvoice_recipients WHERE id = %s" % rid) == 1

        # One click: stopped, answered with the confirmation itself.
        r = one_click(base, url, multipart)
        assert r.status_code == 200, r.text[:2000]
        assert "Location" not in r.headers and "Set-Cookie" not in r.headers
        assert st.i18n("nb")["unsubscribe.done"] in st.text_of(st.check_html(r))
        assert count(stack, "einvoice_recipients WHERE id = %s" % rid) == 0
        assert count(stack, "audit_log WHERE action = 'einvoice-unsubscribe' AND object_id = %s"
                     " AND company_id = %s AND user_id IS NULL AND id > %d"
                     % (rid, cid, mark)) == 1
        # Clicked again: the link is used up.
        r = one_click(base, url, multipart)
        assert r.status_code == 404
        r = one_click(base, url, multipart, headers={"Accept": "application/xml"})
        assert st.validate_xml(r).find("unsubscribe").get("state") == "invalid"


# -- the overview's figure -----------------------------------------------

def test_overview_counts_unpaid_and_overdue(stack, kari, per, ola, company_ids):
    cid = company_ids[BITPRO]
    want = int(stack.sql("SELECT COUNT(*) FROM invoices WHERE company_id = %s AND "
                         "status IN ('unpaid', 'partly_paid')" % cid)[0][0])
    overdue = int(stack.sql("SELECT COUNT(*) FROM invoices WHERE company_id = %s AND "
                            "status IN ('unpaid', 'partly_paid') AND due_date < CURDATE()"
                            % cid)[0][0])
    assert overdue >= 1                     # October's, due 12.11.2026
    e = kari.page("/companies/%s.xml" % cid).find("overview/unpaid-invoices")
    assert int(e.text) == want and int(e.get("overdue")) == overdue
    html = st.text_of(st.check_html(kari.get("/companies/%s" % cid)))
    assert st.i18n("nb")["overview.unpaid-invoices"] in html
    # Per has the invoices area, Ola not: Ola's overview says nothing of them.
    assert per.page("/companies/%s.xml" % cid).find("overview/unpaid-invoices") is not None
    assert ola.page("/companies/%s.xml" % cid).find("overview/unpaid-invoices") is None
