"""The back office's payments (role billing): a payment registered by hand,
a bank file uploaded (camt.054 or OCR giro, made here as a bank writes them,
tests/http/bankfiles.py), the queue of credits that paid no invoice and the
payments of an invoice or a company.

What staff see is the pages (as XML, each checked against its schema);
what the customer sees is the invoice pages; every change is in the audit
log under the staff member and in the company's own. A payment goes through
the same path as `selfcare pay` and `selfcare import-payments`: what remains
is never overpaid, and a file uploaded twice pays nothing twice.

The demo's open invoices: 100021 (Bitpro, 500.00 of 2557.50 paid), 100023
(Bitpro, 2557.50), 100024 (Nordlys, 3057.50). Every test puts them back."""

import pytest

import bankfiles as bf
import stack as st

BITPRO, NORDLYS = "Bitpro Demo AS", "Nordlys Eiendom AS"
OPEN = ("100021", "100023", "100024", "500012", "100010", "100025")
UNKNOWN = bf.kid("10000009999999")


def one(stack, sql):
    return stack.sql(sql)[0][0]


def kid_of(stack, number):
    return one(stack, "SELECT payment_ref FROM invoices WHERE number = %s" % number)


def inv(stack, number):
    return stack.sql("SELECT status, paid FROM invoices WHERE number = %s" % number)[0]


def inv_id(stack, number):
    return one(stack, "SELECT id FROM invoices WHERE number = %s" % number)


def count(stack, table):
    return int(one(stack, "SELECT COUNT(*) FROM " + table))


def snapshot(stack):
    """What a payment may change: the open invoices and the tables written."""
    return ({n: inv(stack, n) for n in OPEN}, count(stack, "payments"),
            count(stack, "bank_transactions"), count(stack, "unmatched_payments"),
            count(stack, "audit_log"))


@pytest.fixture(autouse=True)
def restored(stack):
    before = {n: inv(stack, n) for n in OPEN}
    last = one(stack, "SELECT COALESCE(MAX(id), 0) FROM payments")
    stack.sql("DELETE FROM unmatched_payments; DELETE FROM bank_transactions;")
    yield
    stack.sql("DELETE FROM unmatched_payments; DELETE FROM bank_transactions;"
              " DELETE FROM payments WHERE id > %s;" % last
              + "".join("UPDATE invoices SET status = '%s', paid = %s WHERE number = %s;"
                        % (status, paid, n) for n, (status, paid) in before.items()))


@pytest.fixture
def billing(staff):
    return staff(("billing",))


def keys(client, path):
    ctx = client.page(path).find("context")
    return {"csrf": ctx.findtext("csrf"), "formkey": ctx.findtext("formkey")}


def today(stack):
    return str(one(stack, "SELECT CURDATE()"))


def pay(client, stack, **fields):
    data = dict(keys(client, "/admin/payments"), date=today(stack), reference="")
    data.update(fields)
    return client.post("/admin/payments", data)


def upload(client, data, name="bank.xml", ctype="application/xml"):
    csrf = client.page("/admin/payments").findtext("context/csrf")
    files = {"file": (name, data, ctype)} if data is not None else None
    return client.post("/admin/payments/upload", {"csrf": csrf}, xml=True, files=files)


def last_audit(stack):
    return one(stack, "SELECT COALESCE(MAX(id), 0) FROM audit_log")


def audits(stack, action, since):
    """(company, staff email, object_id) of each audit row of action after since."""
    return stack.sql("SELECT COALESCE(c.name, 'NULL'), s.email, a.object_id"
                     " FROM audit_log a JOIN staff s ON s.id = a.staff_id"
                     " LEFT JOIN companies c ON c.id = a.company_id"
                     " WHERE a.action = '%s' AND a.id > %s ORDER BY a.id" % (action, since))


def customer_sees(client, company_ids, company, number, stack):
    e = client.page("/companies/%s/invoices/%s.xml" % (
        company_ids[company], inv_id(stack, number))).find("invoice")
    return e.get("status"), e.findtext("paid"), e.findtext("remaining")


# -- by hand ---------------------------------------------------------------

def test_by_hand_pays_an_invoice_the_customer_sees_paid(stack, billing, kari, company_ids):
    mark = one(stack, "SELECT COALESCE(MAX(id), 0) FROM audit_log")
    r = pay(billing, stack, invoice="100023", amount="2 557,50", reference="Giro 77")
    assert r.status_code == 303, r.text[:500]
    assert st.location_path(r) == "/admin/payments?invoice=100023&done=payment-registered"
    assert inv(stack, "100023") == ("paid", "2557.50")
    assert customer_sees(kari, company_ids, BITPRO, "100023", stack) == (
        "paid", "2557.50", "0.00")
    # Listed where staff look for it: by the invoice and by the company.
    root = billing.page(st.location_path(r))
    assert root.find("context/flash").get("code") == "payment-registered"
    rows = [(p.findtext("invoice"), p.find("invoice").get("status"), p.findtext("amount"),
             p.findtext("reference"), p.findtext("company"), p.find("file"))
            for p in root.iter("payment")]
    assert rows == [("100023", "paid", "2557.50", "Giro 77", BITPRO, None)]
    by_company = billing.page("/admin/payments.xml?company=Bitpro")
    assert "100023" in [p.findtext("invoice") for p in by_company.iter("payment")]
    assert "100023" not in [p.findtext("invoice") for p in
                            billing.page("/admin/payments.xml?company=Nordlys").iter("payment")]
    # Audited under the staff member and in Bitpro's own log.
    rows = stack.sql("SELECT c.name, a.staff_id IS NOT NULL, a.object_id FROM audit_log a"
                     " JOIN companies c ON c.id = a.company_id"
                     " WHERE a.id > %s AND a.action = 'payment-register'" % mark)
    assert rows == [(BITPRO, "1", inv_id(stack, "100023"))]


def test_by_hand_by_kid_leaves_the_rest(stack, billing, mette, company_ids):
    r = pay(billing, stack, invoice=kid_of(stack, "100024"), amount="1000")
    assert r.status_code == 303, r.text[:500]
    assert inv(stack, "100024") == ("partly_paid", "1000.00")
    # The same submit again (the same form key): nothing paid twice.
    assert pay(billing, stack, invoice="100024", amount="1000").status_code == 303
    assert inv(stack, "100024") == ("partly_paid", "2000.00")
    data = dict(keys(billing, "/admin/payments"), invoice="100024", amount="57.50",
                date=today(stack))
    assert billing.post("/admin/payments", data).status_code == 303
    assert billing.post("/admin/payments", data).status_code == 303
    assert inv(stack, "100024") == ("partly_paid", "2057.50")


@pytest.mark.parametrize("fields, field, code", [
    ({"amount": "abc"}, "amount", "invalid"),
    ({"amount": "0"}, "amount", "invalid"),
    ({"amount": "-5"}, "amount", "invalid"),
    ({"amount": "1,234"}, "amount", "invalid"),
    ({"amount": ""}, "amount", "required"),
    ({"invoice": ""}, "invoice", "required"),
    ({"date": "2999-01-01"}, "date", "invalid"),
    ({"date": "2026-02-30"}, "date", "invalid"),
    ({"reference": "x" * 65}, "reference", "too-long"),
])
def test_by_hand_bad_input_writes_nothing(stack, billing, fields, field, code):
    before = snapshot(stack)
    data = dict(invoice="100023", amount="100")
    data.update(fields)
    r = pay(billing, stack, **data)
    assert r.status_code == 400, r.text[:300]
    again = dict(keys(billing, "/admin/payments"), date=today(stack), reference="")
    again.update(data)
    root = st.validate_xml(billing.post("/admin/payments", again, xml=True))
    assert [(e.get("field"), e.get("code")) for e in root.find("form").iter("error")] == [
        (field, code)]
    # What was typed comes back.
    assert root.find("form/value[@name='amount']").text == (data["amount"] or None)
    assert snapshot(stack) == before


@pytest.mark.parametrize("number, amount, code, remaining", [
    ("999999", "10", "not-found", None),
    ("100021", "2057.51", "over", "2057.50"),
    ("100025", "10", "credit-note", None),
    ("100010", "10", "credited", None),
])
def test_by_hand_refused_as_the_command_refuses(stack, billing, number, amount, code,
                                                remaining):
    before = snapshot(stack)
    r = billing.post("/admin/payments", dict(keys(billing, "/admin/payments"),
                                             invoice=number, amount=amount,
                                             date=today(stack)), xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    assert root.find("refused").get("code") == code
    assert root.findtext("refused/remaining") == remaining
    assert snapshot(stack) == before
    # `selfcare pay` refuses the same.
    assert stack.selfcare("pay", number, amount, check=False).returncode == 1


# -- bank files ---------------------------------------------------------

def lines(root):
    return [(l.get("outcome"), l.get("reason"), l.findtext("invoice"), l.findtext("amount"),
             l.findtext("payer")) for l in root.iter("line")]


def test_camt_and_ocr_upload_pay_two_invoices_once(stack, billing, kari, mette, company_ids):
    k23, k24 = kid_of(stack, "100023"), kid_of(stack, "100024")
    mark = last_audit(stack)
    camt = bf.camt054([bf.Entry("W-1", "2557.50", kid=k23, payer="Bitpro Demo AS"),
                       bf.Entry("W-2", "150.00", kid=UNKNOWN, payer="Ukjent Betaler")])
    r = upload(billing, camt, "nov.xml")
    assert r.status_code == 200, r.text[:500]
    root = st.validate_xml(r)
    im = root.find("import")
    assert (im.get("file"), im.get("format"), im.get("paid"), im.get("unmatched"),
            im.get("before")) == ("nov.xml", "camt.054", "1", "1", "0")
    assert lines(root) == [("paid", None, "100023", "2557.50", "Bitpro Demo AS"),
                           ("unmatched", "unknown_kid", None, "150.00", "Ukjent Betaler")]
    ocr = bf.ocr([bf.Txn(k24, "3057.50", "400000001")])
    r = upload(billing, ocr, "nov.ocr", "text/plain")
    assert r.status_code == 200, r.text[:500]
    root = st.validate_xml(r)
    assert root.find("import").get("format") == "OCR giro"
    assert lines(root) == [("paid", None, "100024", "3057.50", None)]
    # The customers see their invoices paid; another company's sees none.
    assert customer_sees(kari, company_ids, BITPRO, "100023", stack) == (
        "paid", "2557.50", "0.00")
    assert customer_sees(kari, company_ids, NORDLYS, "100024", stack) == (
        "paid", "3057.50", "0.00")
    assert mette.get("/companies/%s/invoices/%s.xml" % (
        company_ids[BITPRO], inv_id(stack, "100023"))).status_code == 404
    # Audited: each credit in its company's log, the files apart.
    who = "staff.billing@operator.example.no"
    assert audits(stack, "payment-import", mark) == [
        (BITPRO, who, inv_id(stack, "100023")), (NORDLYS, who, inv_id(stack, "100024"))]
    assert [r[0] for r in audits(stack, "payment-unmatched", mark)] == ["NULL"]
    assert [r[0] for r in audits(stack, "bank-file-import", mark)] == ["NULL", "NULL"]
    # The same files again pay nothing and record nothing.
    before = snapshot(stack)[:4]
    for data, name, ctype in ((camt, "nov.xml", "application/xml"),
                              (ocr, "nov.ocr", "text/plain")):
        root = st.validate_xml(upload(billing, data, name, ctype))
        assert {l.get("outcome") for l in root.iter("line")} == {"before"}
        assert root.find("import").get("paid") == "0"
    assert snapshot(stack)[:4] == before
    # The payments list names the file each came from.
    files = {p.findtext("invoice"): (p.find("file").get("source"), p.findtext("file"))
             for p in billing.page("/admin/payments.xml").iter("payment")
             if p.find("file") is not None}
    assert files == {"100023": ("camt054", "nov.xml"), "100024": ("ocr", "nov.ocr")}


def test_upload_the_command_agrees(stack, billing, tmp_path):
    """A file the back office imported is one the command sees as imported."""
    data = bf.camt054([bf.Entry("W-9", "100.00", kid=kid_of(stack, "100023"))])
    assert st.validate_xml(upload(billing, data)).find("import").get("paid") == "1"
    path = tmp_path / "again.xml"
    path.write_bytes(data)
    out = stack.selfcare("import-payments", str(path)).stdout.decode()
    assert "imported before (invoice 100023)" in out
    assert inv(stack, "100023") == ("partly_paid", "100.00")


@pytest.mark.parametrize("data, code, why", [
    (None, "no-file", None),
    (b"", "no-file", None),
    (b"Hello, this is a letter, not a bank file.\n", "not-bank-file",
     "neither a camt.054 notification"),
    (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e 'x'>]><Document/>", "not-bank-file",
     "DOCTYPE"),
    (b"<html><body>no</body></html>", "not-bank-file", "not a camt.054.001.02"),
    ("oversized", "too-large", None),
], ids=["none", "empty", "letter", "doctype", "html", "oversized"])
def test_bad_upload_imports_nothing(stack, billing, data, code, why):
    if data == "oversized":
        data = b"NY" + b"0" * (600 * 1024)      # over 512 KiB, under the body limit
    before = snapshot(stack)
    r = upload(billing, data)
    assert r.status_code == 400, r.text[:300]
    root = st.validate_xml(r)
    assert root.find("import/refused").get("code") == code
    if why is not None:
        assert why in root.findtext("import/refused/why")
    assert snapshot(stack) == before
    # The HTML says so in the staff member's language.
    page = billing.post("/admin/payments/upload",
                        {"csrf": root.findtext("context/csrf")},
                        files={"file": ("f.xml", data or b"", "application/xml")}).text
    assert "Nothing was imported" in page or "Ingenting er lest inn" in page


def test_a_file_part_elsewhere_is_refused(stack, billing):
    """Only the upload takes files: any other form with one is malformed."""
    before = snapshot(stack)
    data = dict(keys(billing, "/admin/payments"), invoice="100023", amount="10",
                date=today(stack))
    r = billing.post("/admin/payments", data, files={"file": ("x.xml", b"<x/>", "text/xml")})
    assert r.status_code == 400
    assert snapshot(stack) == before


# -- the queue ---------------------------------------------------------

def queued(stack, billing):
    """Upload a credit of an unknown KID; its id in the queue."""
    data = bf.camt054([bf.Entry("Q-1", "150.00", kid=UNKNOWN, payer="Ola Nordmann")])
    assert st.validate_xml(upload(billing, data)).find("import").get("unmatched") == "1"
    root = billing.page("/admin/payments/unmatched.xml")
    credit = [c for c in root.iter("credit") if c.findtext("ref") == "Q-1"]
    assert len(credit) == 1
    c = credit[0]
    assert (c.get("reason"), c.findtext("amount"), c.findtext("kid"), c.findtext("payer"),
            c.findtext("date")) == ("unknown_kid", "150.00", UNKNOWN, "Ola Nordmann",
                                    "2026-11-20")
    return c.get("id")


def settle(client, cid, **fields):
    return client.post("/admin/payments/unmatched",
                       dict(keys(client, "/admin/payments/unmatched"), credit=cid, **fields))


def test_pair_pays_the_invoice_once(stack, billing, staff, kari, company_ids):
    cid = queued(stack, billing)
    mark = last_audit(stack)
    data = dict(keys(billing, "/admin/payments/unmatched"), credit=cid, action="pair",
                invoice="100023", note="")
    r = billing.post("/admin/payments/unmatched", data)
    assert r.status_code == 303, r.text[:500]
    assert st.location_path(r) == "/admin/payments/unmatched?done=unmatched-paired"
    assert inv(stack, "100023") == ("partly_paid", "150.00")
    assert customer_sees(kari, company_ids, BITPRO, "100023", stack) == (
        "partly-paid", "150.00", "2407.50")
    # The payment as an import makes it: the day paid, the KID as reference.
    assert stack.sql("SELECT p.amount, p.paid_on, p.reference FROM payments p"
                     " JOIN bank_transactions t ON t.payment_id = p.id"
                     " WHERE t.bank_ref = 'Q-1'") == [("150.00", "2026-11-20", UNKNOWN)]
    # Gone from the queue, listed among the settled.
    assert cid not in [c.get("id") for c in
                       billing.page("/admin/payments/unmatched.xml").iter("credit")]
    settled = [c for c in billing.page("/admin/payments/unmatched.xml?all=yes").iter("credit")
               if c.get("id") == cid][0]
    assert (settled.find("settled").get("as"), settled.findtext("settled/invoice")) == (
        "paired", "100023")
    assert [r[0] for r in audits(stack, "payment-pair", mark)] == [BITPRO]
    # The same submit again: the first result, nothing paid twice.
    assert billing.post("/admin/payments/unmatched", data).status_code == 303
    # Another staff member pairing it again is refused.
    before = snapshot(stack)
    other = staff(("billing",))
    r = other.post("/admin/payments/unmatched", dict(
        keys(other, "/admin/payments/unmatched"), credit=cid, action="pair", invoice="100024"), xml=True)
    assert r.status_code == 409
    root = st.validate_xml(r)
    assert root.find(".//credit[@id='%s']/form/error" % cid).get("code") == "closed"
    assert snapshot(stack) == before
    assert inv(stack, "100023") == ("partly_paid", "150.00")


@pytest.mark.parametrize("fields, field, code", [
    ({"action": "pair", "invoice": ""}, "invoice", "required"),
    ({"action": "pair", "invoice": "999999"}, "invoice", "invalid"),
    ({"action": "refunded", "note": ""}, "note", "required"),
    ({"action": "ignored", "note": "x" * 501}, "note", "too-long"),
    ({"action": "burn"}, "action", "required"),
])
def test_settle_bad_input_writes_nothing(stack, billing, fields, field, code):
    cid = queued(stack, billing)
    before = snapshot(stack)
    r = billing.post("/admin/payments/unmatched", dict(
        keys(billing, "/admin/payments/unmatched"), credit=cid, **fields), xml=True)
    assert r.status_code == 400, r.text[:300]
    root = st.validate_xml(r)
    errors = root.findall(".//credit[@id='%s']/form/error" % cid)
    assert [(e.get("field"), e.get("code")) for e in errors] == [(field, code)]
    assert snapshot(stack) == before


def test_pair_more_than_remains_is_refused(stack, billing):
    data = bf.camt054([bf.Entry("Q-2", "3000.00", kid=kid_of(stack, "100021"))])
    upload(billing, data)
    cid = one(stack, "SELECT u.id FROM unmatched_payments u JOIN bank_transactions t"
                     " ON t.id = u.bank_transaction_id WHERE t.bank_ref = 'Q-2'")
    root = billing.page("/admin/payments/unmatched.xml")
    assert root.find(".//credit[@id='%s']" % cid).findtext("kid-invoice") == "100021"
    before = snapshot(stack)
    r = billing.post("/admin/payments/unmatched", dict(
        keys(billing, "/admin/payments/unmatched"), credit=cid, action="pair", invoice="100021"),
        xml=True)
    assert r.status_code == 400
    refused = st.validate_xml(r).find(".//credit[@id='%s']/refused" % cid)
    assert (refused.get("code"), refused.findtext("remaining")) == ("over", "2057.50")
    assert snapshot(stack) == before


@pytest.mark.parametrize("action", ["refunded", "ignored"])
def test_refund_or_ignore_with_a_note(stack, billing, action):
    cid = queued(stack, billing)
    mark = last_audit(stack)
    before = snapshot(stack)
    r = settle(billing, cid, action=action, note="Paid twice by the customer; sent back")
    assert r.status_code == 303, r.text[:300]
    assert st.location_path(r) == "/admin/payments/unmatched?done=unmatched-" + action
    assert snapshot(stack)[:3] == before[:3]      # no invoice, no payment touched
    assert stack.sql("SELECT resolution, note, resolved_by IS NOT NULL FROM"
                     " unmatched_payments WHERE id = %s" % cid) == [
        (action, "Paid twice by the customer; sent back", "1")]
    assert len(audits(stack, "payment-settle", mark)) == 1
    s = [c for c in billing.page("/admin/payments/unmatched.xml?all=yes").iter("credit")
         if c.get("id") == cid][0].find("settled")
    assert (s.get("as"), s.findtext("note")) == (action, "Paid twice by the customer; sent back")


def test_a_reversal_cannot_pay(stack, billing):
    data = bf.camt054([bf.Entry("Q-3", "100.00", kid=kid_of(stack, "100023"),
                                reversal=True)])
    upload(billing, data)
    cid = one(stack, "SELECT u.id FROM unmatched_payments u JOIN bank_transactions t"
                     " ON t.id = u.bank_transaction_id WHERE t.bank_ref = 'Q-3'")
    before = snapshot(stack)
    r = billing.post("/admin/payments/unmatched", dict(
        keys(billing, "/admin/payments/unmatched"), credit=cid, action="pair", invoice="100023"),
        xml=True)
    assert r.status_code == 400
    assert st.validate_xml(r).find(".//credit[@id='%s']/form/error" % cid).get(
        "code") == "not-allowed"
    assert snapshot(stack) == before


def test_staff_without_billing_see_nothing(stack, staff):
    care = staff(("customers",))
    assert care.get("/admin/payments").status_code == 403
    assert care.get("/admin/payments/unmatched").status_code == 403
    before = snapshot(stack)
    r = care.post("/admin/payments/upload", {"csrf": care.page("/admin").findtext(
        "context/csrf")}, files={"file": ("b.xml", bf.camt054([bf.Entry(
            "X-1", "10.00", kid=kid_of(stack, "100023"))]), "application/xml")})
    assert r.status_code == 403
    assert snapshot(stack) == before


def test_html_pages_render(stack, billing):
    for path in ("/admin/payments", "/admin/payments/unmatched?all=yes"):
        r = billing.get(path)
        assert r.status_code == 200 and "<h1>" in r.text, path
