"""The back office's billing (role "billing"): a period's preview, made by
the billing run's own code with nothing written, whose figures are those
the run then makes (799.00 kr + 25 % VAT = 998.75 kr); the run queued,
worked outside the request (the server's mail child, or `selfcare bill
--queued`) through its states, its invoices listed with their PDFs as the
customer gets them; a second run of a period refused while one is on; an
invoice's credit notes by line and by amount, more than what is left
refused; bad input refused with nothing written; staff without "billing"
refused. The catalogue's VAT classes as the run bills them: an exempt
line at 0 % (the invoice, its CSV, PDF and EHF per rate), a reduced one
only at its issuer's reduced rate. Every document is checked against its
schema (Client.page).

Each test bills a month long past for a company of its own whose one
subscription covers only that month, so no other test's invoices move."""

import random
import time
import uuid

import pytest

import stack as st


@pytest.fixture
def biller(staff):
    """A staff member holding the billing role only."""
    return staff(("billing",))


def count(stack, where):
    return int(stack.sql("SELECT COUNT(*) FROM " + where)[0][0])


def free_period(stack):
    """A month before the demo's history that no invoice, run or
    subscription of another test has."""
    while True:
        period = "%04d-%02d" % (random.randint(2000, 2023), random.randint(1, 12))
        first = period + "-01"
        if (count(stack, "invoices WHERE period = '%s'" % period) == 0 and
                count(stack, "billing_runs WHERE period = '%s'" % period) == 0 and
                count(stack, "subscriptions WHERE started_on <= LAST_DAY('%s')"
                      " AND (ends_on IS NULL OR ends_on >= '%s')" % (first, first)) == 0):
            return period


def company_billed_in(stack, period, prices=("799.00",)):
    """A company of its own with a NOK account at 25 % VAT and one
    subscription per price, each covering period only; its id."""
    name = "Runs %s AS" % uuid.uuid4().hex[:8]
    orgnr = str(random.randint(800000000, 899999999))
    stack.sql("INSERT INTO companies (name, orgnr, country, street, postcode, city)"
              " VALUES ('%s', '%s', 'NO', 'Gate 1', '7011', 'Trondheim')" % (name, orgnr))
    cid = stack.sql("SELECT id FROM companies WHERE name = '%s'" % name)[0][0]
    stack.sql("INSERT INTO billing_accounts (company_id, issuer_id, number, currency,"
              " vat_rate) VALUES (%s, 1, '%s', 'NOK', 25.00)"
              % (cid, 30000000 + int(cid)))
    for i, price in enumerate(prices):
        stack.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
                  " currency, status, started_on, ends_on) VALUES (%s, 1, 'TSN-R%s-%d',"
                  " %s, 'NOK', 'terminated', '%s-01', LAST_DAY('%s-01'))"
                  % (cid, cid, i, price, period, period))
    return cid, name


def form_of(client, path):
    root = client.page(path)
    return root, root.findtext("context/csrf"), root.findtext("context/formkey")


def start(client, period):
    _, csrf, formkey = form_of(client, "/admin/billing")
    return client.post("/admin/billing", {"period": period, "csrf": csrf,
                                          "formkey": formkey})


def wait_run(client, path, timeout=60):
    """The run's page once it is done or failed (the mail child works it)."""
    end = time.time() + timeout
    while True:
        root = client.page(path)
        if root.find("run").get("state") in ("done", "failed") or time.time() > end:
            return root
        time.sleep(0.5)


def test_preview_is_what_the_run_makes(stack, base, biller):
    period = free_period(stack)
    cid, name = company_billed_in(stack, period)
    before = count(stack, "invoices")
    root = biller.page("/admin/billing?period=" + period)
    p = root.find("preview")
    assert p.get("period") == period
    accounts = p.findall("accounts/account")
    assert len(accounts) == 1, "only the test's company has the month"
    a = accounts[0]
    assert a.get("company") == cid and a.findtext("company-name") == name
    assert (a.findtext("net"), a.findtext("vat"), a.findtext("total")) == (
        "799.00", "199.75", "998.75")
    assert a.find("lines").get("n") == "1"
    t = p.find("totals/total")
    assert (t.get("currency"), t.get("accounts"), t.findtext("total")) == (
        "NOK", "1", "998.75")
    # A preview writes nothing.
    assert count(stack, "invoices") == before
    assert count(stack, "billing_runs WHERE period = '%s'" % period) == 0
    html = biller.get("/admin/billing?period=" + period).text
    assert name in html and "998,75" in html

    r = start(biller, period)
    assert r.status_code == 303, r.text[:500]
    path = st.location_path(r).split("?")[0]
    assert path.startswith("/admin/billing/runs/")
    run_id = path.rsplit("/", 1)[1]
    assert biller.get(r.headers["Location"]).status_code == 200
    root = wait_run(biller, path)
    run = root.find("run")
    assert run.get("state") == "done"
    assert (run.findtext("period"), run.findtext("accounts"), run.findtext("accounts-done"),
            run.findtext("accounts-failed"), run.findtext("invoices")) == (
        period, "1", "1", "0", "1")
    assert run.findtext("staff")
    inv = root.find("invoices/invoice")
    assert (inv.get("company"), inv.findtext("company-name"), inv.findtext("total"),
            inv.findtext("currency")) == (cid, name, "998.75", "NOK")
    # The run's invoice is the preview's, made by the same code.
    row = stack.sql("SELECT net, vat, total, billing_run_id FROM invoices"
                    " WHERE company_id = %s AND period = '%s'" % (cid, period))
    assert row == [("799.00", "199.75", "998.75", run_id)]
    # Its PDF, as the customer gets it.
    pdf = biller.get("/admin/invoices/%s/invoice.pdf" % inv.get("id"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["Content-Type"].startswith("application/pdf")
    # Audited as the staff member's; the period is billed once.
    assert count(stack, "audit_log WHERE action = 'billing-run-start' AND object_id = %s"
                 " AND staff_id IS NOT NULL AND detail = '%s'" % (run_id, period)) == 1
    listed = biller.page("/admin/billing")
    assert run_id in [x.get("id") for x in listed.findall("runs/run")]
    # The list holds the newest 36 periods: an old month is on it unless 36
    # newer ones (other tests' runs) are.
    periods = [x.get("period") for x in listed.findall("periods/period")]
    assert period in periods or (len(periods) == 36 and min(periods) > period), periods
    # Billed again: the run is allowed (none is on) and bills nothing twice.
    r = start(biller, period)
    assert r.status_code == 303
    root = wait_run(biller, st.location_path(r).split("?")[0])
    assert root.find("run").get("state") == "done"
    assert root.find("invoices/invoice") is None
    assert count(stack, "invoices WHERE company_id = %s" % cid) == 1
    # And its preview has nothing left to bill.
    assert biller.page("/admin/billing?period=" + period).find(
        "preview/accounts/account") is None


def test_second_run_of_a_period_refused(stack, base, biller):
    period = free_period(stack)
    company_billed_in(stack, period)
    # A run of the period working now (a fresh heartbeat: nobody claims it).
    stack.sql("INSERT INTO billing_runs (period, invoice_date, state, active_period,"
              " started_at, heartbeat_at) VALUES ('%s', CURDATE(), 'running', '%s',"
              " NOW(), NOW())" % (period, period))
    try:
        _, csrf, formkey = form_of(biller, "/admin/billing")
        r = biller.post("/admin/billing", {"period": period, "csrf": csrf,
                                           "formkey": formkey}, xml=True)
        assert r.status_code == 409
        err = st.validate_xml(r).find("form/error")
        assert (err.get("field"), err.get("code")) == ("period", "exists")
        r = start(biller, period)
        assert r.status_code == 409
        assert count(stack, "billing_runs WHERE period = '%s'" % period) == 1
        assert count(stack, "invoices WHERE period = '%s'" % period) == 0
    finally:
        stack.sql("UPDATE billing_runs SET state = 'failed', active_period = NULL"
                  " WHERE period = '%s'" % period)


@pytest.mark.parametrize("period, code", [
    ("2026-13", "invalid"), ("2026-1", "invalid"), ("abc", "invalid"),
    ("1999-12", "invalid"), ("", "required")])
def test_bad_period_refused(stack, base, biller, period, code):
    before = count(stack, "billing_runs")
    r = biller.get("/admin/billing?period=" + period, xml=True)
    if period:
        assert r.status_code == 400
        root = st.validate_xml(r)
        assert root.find("form/error").get("code") == code
        assert root.find("preview") is None
    r = start(biller, period)
    assert r.status_code == 400
    assert "error.form" not in r.text
    assert count(stack, "billing_runs") == before


def test_queued_run_worked_by_the_command(stack, base):
    period = free_period(stack)
    cid, _ = company_billed_in(stack, period, ("349.00",))
    stack.sql("INSERT INTO billing_runs (period, invoice_date, active_period) VALUES"
              " ('%s', '%s-28', '%s')" % (period, period, period))
    r = stack.selfcare("bill", "--queued", check=False)
    assert r.returncode == 0, r.stdout
    # Whichever worked it (the command or the mail child), it is done once.
    end = time.time() + 30
    while (stack.sql("SELECT state FROM billing_runs WHERE period = '%s'" % period)[0][0]
           != "done" and time.time() < end):
        time.sleep(0.5)
    assert stack.sql("SELECT state, accounts, accounts_done, active_period FROM"
                     " billing_runs WHERE period = '%s'" % period) == [
        ("done", "1", "1", "NULL")]
    assert stack.sql("SELECT total, invoice_date FROM invoices WHERE company_id = %s"
                     % cid) == [("436.25", period + "-28")]
    r = stack.selfcare("bill", "--queued", "--period", period, check=False)
    assert r.returncode == 64


def billed_invoice(stack, prices):
    """An invoice of a company of its own, one line per price; its id."""
    period = free_period(stack)
    cid, _ = company_billed_in(stack, period, prices)
    r = stack.selfcare("bill", "--period", period, "--date", period + "-28", check=False)
    assert r.returncode == 0, r.stdout
    return stack.sql("SELECT id, number FROM invoices WHERE company_id = %s" % cid)[0]


def credit(client, inv, **data):
    _, csrf, formkey = form_of(client, "/admin/invoices/%s" % inv)
    return client.post("/admin/invoices/%s" % inv, dict(data, csrf=csrf, formkey=formkey))


def test_credit_notes_by_line_and_amount(stack, base, biller):
    inv, number = billed_invoice(stack, ("799.00", "349.00"))
    root = biller.page("/admin/invoices/%s" % inv)
    assert root.find("invoice/number").text == number
    assert [l.get("no") for l in root.findall("invoice/lines/line")] == ["1", "2"]
    assert root.findtext("invoice/total") == "1435.00"
    assert root.find("form") is not None
    notes = "invoices WHERE credits_id = %s" % inv

    # Line 2 (349.00 + VAT = 436.25).
    r = credit(biller, inv, what="lines", lines="2")
    assert r.status_code == 303 and "done=invoice-credited" in r.headers["Location"]
    assert stack.sql("SELECT total FROM " + notes) == [("-436.25",)]
    cid = stack.sql("SELECT company_id FROM invoices WHERE id = %s" % inv)[0][0]
    assert count(stack, "audit_log WHERE action = 'invoice-credit' AND object_id = %s"
                 " AND company_id = %s AND staff_id IS NOT NULL" % (inv, cid)) == 1
    # The same line again, a line it does not have: refused, nothing written.
    for lines, code in (("2", "line-credited"), ("7", "no-line"), ("1 1", "line-twice")):
        r = credit(biller, inv, what="lines", lines=lines)
        assert r.status_code == 409, lines
        r = biller.post("/admin/invoices/%s" % inv, {
            "what": "lines", "lines": lines,
            "csrf": form_of(biller, "/admin/invoices/%s" % inv)[1],
            "formkey": form_of(biller, "/admin/invoices/%s" % inv)[2]}, xml=True)
        assert st.validate_xml(r).find("refused").get("code") == code
    assert count(stack, notes) == 1

    # An amount: 100.00 of the 998.75 left.
    r = credit(biller, inv, what="amount", amount="100.00")
    assert r.status_code == 303
    assert sorted(x[0] for x in stack.sql("SELECT total FROM " + notes)) == [
        "-100.00", "-436.25"]
    # More than is left (898.75): refused, nothing written.
    r = biller.post("/admin/invoices/%s" % inv, {
        "what": "amount", "amount": "898.76",
        "csrf": form_of(biller, "/admin/invoices/%s" % inv)[1],
        "formkey": form_of(biller, "/admin/invoices/%s" % inv)[2]}, xml=True)
    assert r.status_code == 409
    assert st.validate_xml(r).find("refused").get("code") == "over"
    assert count(stack, notes) == 2
    assert stack.sql("SELECT credited FROM invoices WHERE id = %s" % inv) == [("536.25",)]
    # The page shows them; the rest, credited, leaves the invoice credited.
    root = biller.page("/admin/invoices/%s" % inv)
    assert len(root.findall("invoice/credited-by")) == 2
    r = credit(biller, inv, what="all")
    assert r.status_code == 303
    assert stack.sql("SELECT status, credited FROM invoices WHERE id = %s" % inv) == [
        ("credited", "1435.00")]
    root = biller.page("/admin/invoices/%s" % inv)
    r = credit(biller, inv, what="all")
    assert r.status_code == 409
    assert count(stack, notes) == 3
    # A credit note's page has no form.
    note = stack.sql("SELECT MIN(id) FROM " + notes)[0][0]
    assert biller.page("/admin/invoices/%s" % note).find("form") is None


@pytest.mark.parametrize("data, field, code", [
    ({}, "what", "required"),
    ({"what": "some"}, "what", "invalid"),
    ({"what": "lines"}, "lines", "required"),
    ({"what": "lines", "lines": "one"}, "lines", "invalid"),
    ({"what": "amount", "amount": "-5"}, "amount", "invalid"),
    ({"what": "amount", "amount": "12,3,4"}, "amount", "invalid"),
    ({"what": "amount"}, "amount", "required"),
])
def test_credit_bad_input(stack, base, biller, data, field, code):
    inv, _ = billed_invoice(stack, ("799.00",))
    _, csrf, formkey = form_of(biller, "/admin/invoices/%s" % inv)
    r = biller.post("/admin/invoices/%s" % inv, dict(data, csrf=csrf, formkey=formkey),
                    xml=True)
    assert r.status_code == 400
    err = st.validate_xml(r).find("form/error")
    assert (err.get("field"), err.get("code")) == (field, code)
    assert count(stack, "invoices WHERE credits_id = %s" % inv) == 0


def test_unknown_invoice_and_run(stack, base, biller):
    assert biller.get("/admin/invoices/999999999").status_code == 404
    assert biller.get("/admin/invoices/999999999/invoice.pdf").status_code == 404
    assert biller.get("/admin/billing/runs/999999999").status_code == 404
    r = biller.post("/admin/invoices/999999999", {
        "what": "all", "csrf": biller.page("/admin").findtext("context/csrf"),
        "formkey": form_of(biller, "/admin/billing")[2]})
    assert r.status_code == 404


def test_staff_without_billing_refused(stack, base, staff):
    other = staff(("customers", "catalogue"))
    for path in ("/admin/billing", "/admin/billing?period=2026-11"):
        assert other.get(path).status_code == 403
    period = free_period(stack)
    r = other.post("/admin/billing", {"period": period,
                                      "csrf": other.page("/admin").findtext("context/csrf"),
                                      "formkey": "x" * 43})
    assert r.status_code == 403
    assert count(stack, "billing_runs WHERE period = '%s'" % period) == 0
    # The billing menu is theirs only.
    assert "/admin/billing" not in other.get("/admin").text


# -- the catalogue's VAT classes, as the run bills them -------------------

def product_of_class(stack, vat_class):
    """A service of the catalogue in that VAT class; its id."""
    code = "VAT-%s" % uuid.uuid4().hex[:8]
    stack.sql("INSERT INTO products (code, name, kind, monthly_price, currency, vat_class)"
              " VALUES ('%s', 'Tjeneste %s', 'service', 100.00, 'NOK', '%s')"
              % (code, vat_class, vat_class))
    return stack.sql("SELECT id FROM products WHERE code = '%s'" % code)[0][0]


def subscribe(stack, cid, product, period, price="100.00"):
    stack.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
              " currency, status, started_on, ends_on) VALUES (%s, %s, 'VAT-%s-%s', %s,"
              " 'NOK', 'terminated', '%s-01', LAST_DAY('%s-01'))"
              % (cid, product, cid, product, price, period, period))


def test_exempt_line_billed_at_0_percent(stack, base, biller, member, tmp_path):
    from decimal import Decimal
    import csv
    import io
    from test_invoices import NS, pdf_text, ubl_validate
    period = free_period(stack)
    cid, _ = company_billed_in(stack, period)
    subscribe(stack, cid, product_of_class(stack, "exempt"), period)
    # The preview, by the run's code: 799.00 at 25 %, 100.00 at 0 %.
    a = biller.page("/admin/billing?period=" + period).find("preview/accounts/account")
    assert (a.findtext("net"), a.findtext("vat"), a.findtext("total")) == (
        "899.00", "199.75", "1098.75")
    r = stack.selfcare("bill", "--period", period, "--date", period + "-28", check=False)
    assert r.returncode == 0, r.stdout
    iid, = stack.sql("SELECT id FROM invoices WHERE company_id = %s" % cid)[0][:1]
    assert stack.sql("SELECT net, vat, total FROM invoices WHERE id = %s" % iid) == [
        ("899.00", "199.75", "1098.75")]
    assert stack.sql("SELECT net, vat_rate, vat, amount FROM invoice_lines"
                     " WHERE invoice_id = %s ORDER BY line_no" % iid) == [
        ("799.00", "25.00", "199.75", "998.75"), ("100.00", "0.00", "0.00", "100.00")]
    # The invoice page, its CSV, PDF and EHF carry the line's own rate.
    lines = biller.page("/admin/invoices/%s" % iid).findall("invoice/lines/line")
    assert [l.findtext("vat-rate") for l in lines] == ["25.00", "0.00"]
    customer = member(cid, ("invoices",))
    r = customer.get("/companies/%s/invoices/%s/specification.csv" % (cid, iid),
                     cookies={"lang": "en"})
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"), newline="")))
    assert [(x["vat_rate"], x["vat"], x["amount"]) for x in rows] == [
        ("25.00", "199.75", "998.75"), ("0.00", "0.00", "100.00")]
    assert sum(Decimal(x["amount"]) for x in rows) == Decimal("1098.75")
    pdf = customer.get("/companies/%s/invoices/%s/invoice.pdf" % (cid, iid))
    text = pdf_text(pdf.content, tmp_path)
    for seen in ("1 098,75", "199,75", "899,00"):
        assert seen in text, seen
    root = ubl_validate(customer.get("/companies/%s/invoices/%s/ehf" % (cid, iid)).content)
    subtotals = {s.findtext("cac:TaxCategory/cbc:Percent", namespaces=NS): (
        s.findtext("cac:TaxCategory/cbc:ID", namespaces=NS),
        s.findtext("cbc:TaxableAmount", namespaces=NS), s.findtext("cbc:TaxAmount",
                                                                    namespaces=NS))
        for s in root.findall("cac:TaxTotal/cac:TaxSubtotal", NS)}
    assert subtotals == {"25": ("S", "799.00", "199.75"), "0": ("Z", "100.00", "0.00")}
    assert root.findtext("cac:TaxTotal/cbc:TaxAmount", namespaces=NS) == "199.75"
    assert root.findtext("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount",
                         namespaces=NS) == "1098.75"
    assert [l.findtext("cac:Item/cac:ClassifiedTaxCategory/cbc:Percent", namespaces=NS)
            for l in root.findall("cac:InvoiceLine", NS)] == ["25", "0"]


def test_reduced_line_needs_the_issuers_rate(stack, base, biller):
    reduced = product_of_class(stack, "reduced")
    assert stack.sql("SELECT reduced_vat_rate FROM issuers WHERE id = 1") == [("NULL",)]
    # Without a reduced rate the line is not billed, with the run's warning;
    # the rest of the account is.
    period = free_period(stack)
    cid, _ = company_billed_in(stack, period)
    subscribe(stack, cid, reduced, period)
    r = stack.selfcare("bill", "--period", period, "--date", period + "-28", check=False)
    out = r.stdout.decode()
    assert r.returncode == 0, out
    assert ("subscription %s of company %s has a product of the reduced VAT class and its"
            " issuer no reduced rate: not billed" % (
                stack.sql("SELECT id FROM subscriptions WHERE company_id = %s AND"
                          " product_id = %s" % (cid, reduced))[0][0], cid)) in out
    assert stack.sql("SELECT net, vat, total FROM invoices WHERE company_id = %s" % cid) == [
        ("799.00", "199.75", "998.75")]
    # With one, at that rate.
    period = free_period(stack)
    cid, _ = company_billed_in(stack, period)
    subscribe(stack, cid, reduced, period)
    stack.sql("UPDATE issuers SET reduced_vat_rate = 15.00 WHERE id = 1")
    try:
        a = biller.page("/admin/billing?period=" + period).find("preview/accounts/account")
        r = stack.selfcare("bill", "--period", period, "--date", period + "-28",
                           check=False)
    finally:
        stack.sql("UPDATE issuers SET reduced_vat_rate = NULL WHERE id = 1")
    assert r.returncode == 0, r.stdout
    assert (a.findtext("net"), a.findtext("vat"), a.findtext("total")) == (
        "899.00", "214.75", "1113.75")
    assert stack.sql("SELECT l.vat_rate, l.vat FROM invoice_lines l JOIN invoices i"
                     " ON i.id = l.invoice_id WHERE i.company_id = %s ORDER BY l.line_no"
                     % cid) == [("25.00", "199.75"), ("15.00", "15.00")]
