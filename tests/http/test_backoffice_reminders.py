"""The back office's payment reminders (role "billing"): the preview of a
run's day, read by the run's own selection, is what today's run sends (the
reminder rows, the mails, the fee charged, the audit rows in the
company's log as the staff member's); a company's stop, switched with a
note of why, shown on the preview and in the list of companies stopped,
honoured by the run and by `selfcare remind`, audited in the company's
log; a closed company neither reminded nor billed; bad input refused with
nothing written; staff without "billing" refused. Every page is checked
against its schema (Client.page).

Each test has companies of its own with invoices overdue today; while a
test sends, every other company is stopped (and let go after), so that
no other file's invoices are reminded here, and its companies are closed
after it, so that no later file's runs remind or bill them."""

import contextlib
import random
import uuid

import pytest

import stack as st
from test_backoffice_billing import company_billed_in, count, free_period


@pytest.fixture
def biller(staff):
    return staff(("billing",))


def one(stack, query):
    return stack.sql(query)[0][0]


def overdue_company(stack, remaining=("500.00",), email=True, days=30):
    """A company of its own with an e-invoice address and one unpaid
    invoice per amount, due `days` ago (issuer 1 reminds 14 days past due,
    with its fee if it has one); (company id, name, [invoice ids])."""
    name = "Purr %s AS" % uuid.uuid4().hex[:8]
    orgnr = str(random.randint(800000000, 899999999))
    stack.sql("INSERT INTO companies (name, orgnr, country, street, postcode, city)"
              " VALUES ('%s', '%s', 'NO', 'Gate 2', '7011', 'Trondheim')" % (name, orgnr))
    cid = one(stack, "SELECT id FROM companies WHERE name = '%s'" % name)
    stack.sql("INSERT INTO billing_accounts (company_id, issuer_id, number, currency,"
              " vat_rate) VALUES (%s, 1, '%s', 'NOK', 25.00)" % (cid, 40000000 + int(cid)))
    account = one(stack, "SELECT id FROM billing_accounts WHERE company_id = %s" % cid)
    if email:
        stack.sql("INSERT INTO einvoice_recipients (company_id, email) VALUES"
                  " (%s, 'purr%s@example.no')" % (cid, cid))
    ids = []
    for total in remaining:
        number = one(stack, "SELECT GREATEST(COALESCE(MAX(number), 0), 700000) + 1"
                     " FROM invoices")
        stack.sql(
            "INSERT INTO invoices (issuer_id, number, kind, company_id, billing_account_id,"
            " period, invoice_date, due_date, currency, net, vat, total, status,"
            " payment_ref, customer_name, customer_orgnr, customer_street,"
            " customer_postcode, customer_city, customer_country) VALUES"
            " (1, %s, 'invoice', %s, %s, '2026-09', CURDATE() - INTERVAL %d DAY,"
            " CURDATE() - INTERVAL %d DAY, 'NOK', %s, 0, %s, 'unpaid', '%s', '%s', '%s',"
            " 'Gate 2', '7011', 'Trondheim', 'NO')"
            % (number, cid, account, days + 15, days, total, total, number, name, orgnr))
        ids.append(one(stack, "SELECT id FROM invoices WHERE number = %s" % number))
        stack.sql("INSERT INTO invoice_lines (invoice_id, line_no, description, period_from,"
                  " period_to, unit, quantity, base_quantity, unit_price, net, vat_rate, vat,"
                  " amount) VALUES (%s, 1, 'Tjeneste', '2026-09-01', '2026-09-30', 'piece',"
                  " 1, 1, %s, %s, 0.00, 0.00, %s)" % (ids[-1], total, total, total))
    return cid, name, ids


@pytest.fixture(autouse=True)
def closed_after(stack):
    """The companies made here closed after each test: the reminder and
    billing runs of the files after this one leave them (and the fees
    charged here) alone."""
    yield
    stack.sql("UPDATE companies SET status = 'closed', closed_at = NOW()"
              " WHERE name LIKE 'Purr %' AND status = 'active'")


@contextlib.contextmanager
def only(stack, *cids):
    """Every other company stopped from reminders meanwhile."""
    mine = ",".join(str(c) for c in cids)
    others = [r[0] for r in stack.sql(
        "SELECT id FROM companies WHERE no_reminders = 0 AND id NOT IN (%s)" % mine)]
    if others:
        stack.sql("UPDATE companies SET no_reminders = 1 WHERE id IN (%s)" % ",".join(others))
    try:
        yield
    finally:
        if others:
            stack.sql("UPDATE companies SET no_reminders = 0 WHERE id IN (%s)"
                      % ",".join(others))


def form_of(client, path):
    root = client.page(path)
    return root, root.findtext("context/csrf"), root.findtext("context/formkey")


def send(client, date=None):
    root, csrf, formkey = form_of(client, "/admin/reminders")
    data = {"csrf": csrf, "formkey": formkey,
            "date": date if date is not None else root.find("preview").get("date")}
    return client.post("/admin/reminders", data)


def previewed(root, cids):
    """The preview's invoices of these companies: {invoice id: (number,
    company, due, remaining, fee, stopped)}."""
    return {e.get("id"): (e.findtext("number"), e.get("company"), e.findtext("due"),
                          e.findtext("remaining"), e.findtext("fee"), e.get("stopped"))
            for e in root.findall("preview/invoice") if e.get("company") in cids}


def test_preview_is_what_is_sent(stack, base, biller):
    cid, name, ids = overdue_company(stack, ("500.00", "125.50"))
    stopped_cid, _, stopped_ids = overdue_company(stack)
    stack.sql("UPDATE companies SET no_reminders = 1 WHERE id = %s" % stopped_cid)
    fee = stack.sql("SELECT reminder_fee FROM issuers WHERE id = 1")[0][0]
    today = one(stack, "SELECT CURDATE()")
    root = biller.page("/admin/reminders")
    p = root.find("preview")
    assert p.get("date") == today and p.get("today") == "yes"
    seen = previewed(root, (cid, stopped_cid))
    want_fee = None if fee == "NULL" else fee
    due = one(stack, "SELECT CURDATE() - INTERVAL 30 DAY")
    number = lambda i: one(stack, "SELECT number FROM invoices WHERE id = %s" % i)
    assert seen == {
        ids[0]: (number(ids[0]), cid, due, "500.00", want_fee, None),
        ids[1]: (number(ids[1]), cid, due, "125.50", want_fee, None),
        stopped_ids[0]: (number(stopped_ids[0]), stopped_cid, due, "500.00", want_fee,
                         "yes")}
    html = biller.get("/admin/reminders").text
    assert name in html and "/admin/reminders/companies/%s" % stopped_cid in html
    # A preview writes nothing.
    assert count(stack, "invoice_reminders WHERE company_id IN (%s, %s)"
                 % (cid, stopped_cid)) == 0

    with only(stack, cid, stopped_cid):
        expected = {i for i, v in previewed(biller.page("/admin/reminders"),
                                            (cid, stopped_cid)).items() if v[5] is None}
        r = send(biller)
        assert r.status_code == 303, r.text[:500]
        assert st.location_path(r).split("?")[0] == "/admin/reminders"
        assert "done=reminders-sent" in r.headers["Location"]
    sent = {x[0] for x in stack.sql(
        "SELECT invoice_id FROM invoice_reminders WHERE company_id IN (%s, %s)"
        " AND sent_on = CURDATE()" % (cid, stopped_cid))}
    assert sent == expected == set(ids)
    # A mail each to the e-invoice address, the fee charged, audited in the
    # company's log as the staff member's.
    assert count(stack, "mail_outbox WHERE recipient = 'purr%s@example.no'"
                 " AND invoice_id IN (%s)" % (cid, ",".join(ids))) == 2
    assert count(stack, "mail_outbox WHERE recipient = 'purr%s@example.no'"
                 % stopped_cid) == 0
    if want_fee:
        assert count(stack, "charges WHERE company_id = %s AND unit_price = %s"
                     " AND vat_rate = 0.00" % (cid, fee)) == 2
    assert count(stack, "audit_log WHERE action = 'invoice-reminder' AND company_id = %s"
                 " AND staff_id IS NOT NULL AND object_id IN (%s)"
                 % (cid, ",".join(ids))) == 2
    assert count(stack, "audit_log WHERE action = 'reminders-run' AND staff_id IS NOT NULL"
                 " AND detail LIKE '2 reminder(s) sent%'") >= 1
    # The customer sees it in its own audit log.
    assert count(stack, "audit_log WHERE company_id = %s" % cid) == 2
    # Sent: not previewed again the same day, and a second press sends nothing.
    assert set(previewed(biller.page("/admin/reminders"), (cid,))) == set()
    with only(stack, cid, stopped_cid):
        r = send(biller)
        assert r.status_code == 303
    assert count(stack, "invoice_reminders WHERE company_id = %s" % cid) == 2


def test_no_recipient_is_not_reminded(stack, base, biller):
    cid, _, ids = overdue_company(stack, email=False)
    assert ids[0] in previewed(biller.page("/admin/reminders"), (cid,))
    with only(stack, cid):
        r = send(biller)
    assert r.status_code == 303 and "done=reminders-sent-partly" in r.headers["Location"]
    assert count(stack, "invoice_reminders WHERE company_id = %s" % cid) == 0


def test_stop_switched_audited_and_honoured(stack, base, biller):
    cid, name, ids = overdue_company(stack)
    path = "/admin/reminders/companies/%s" % cid
    root, csrf, formkey = form_of(biller, path)
    c = root.find("company")
    assert (c.get("id"), c.get("stopped"), c.get("status"), c.findtext("name")) == (
        cid, "no", "active", name)
    assert root.find("history/change") is None
    r = biller.post(path, {"csrf": csrf, "formkey": formkey, "stop": "yes",
                           "note": "Betalingsavtale til 15.01."})
    assert r.status_code == 303 and "done=reminders-stopped" in r.headers["Location"]
    assert one(stack, "SELECT no_reminders FROM companies WHERE id = %s" % cid) == "1"
    assert stack.sql("SELECT detail, object_id FROM audit_log WHERE action = 'reminders-stop'"
                     " AND company_id = %s AND staff_id IS NOT NULL" % cid) == [
        ("Betalingsavtale til 15.01.", cid)]
    root = biller.page(path)
    assert root.find("company").get("stopped") == "yes"
    change = root.find("history/change")
    assert (change.get("stop"), change.findtext("note"), change.findtext("by")) == (
        "yes", "Betalingsavtale til 15.01.", "Test Staff")
    # Listed, with its note, and shown stopped on the preview.
    root = biller.page("/admin/reminders")
    listed = {e.get("id"): e.findtext("note") for e in root.findall("stopped/company")}
    assert listed[cid] == "Betalingsavtale til 15.01."
    assert previewed(root, (cid,))[ids[0]][5] == "yes"
    # The run honours it, from here and from the command.
    with only(stack, cid):
        assert send(biller).status_code == 303
        r = stack.selfcare("remind", check=False)
        assert r.returncode == 0, r.stdout
    assert count(stack, "invoice_reminders WHERE company_id = %s" % cid) == 0
    # Let go again: audited; reminded by the next run.
    root, csrf, formkey = form_of(biller, path)
    r = biller.post(path, {"csrf": csrf, "formkey": formkey, "stop": "no",
                           "note": "Avtalen er brutt"})
    assert r.status_code == 303 and "done=reminders-resumed" in r.headers["Location"]
    assert count(stack, "audit_log WHERE action = 'reminders-resume' AND company_id = %s"
                 " AND detail = 'Avtalen er brutt'" % cid) == 1
    assert cid not in [e.get("id") for e in
                       biller.page("/admin/reminders").findall("stopped/company")]
    with only(stack, cid):
        assert send(biller).status_code == 303
    assert count(stack, "invoice_reminders WHERE company_id = %s" % cid) == 1


@pytest.mark.parametrize("data, field, code", [
    ({"note": "x"}, "stop", "required"),
    ({"stop": "maybe", "note": "x"}, "stop", "invalid"),
    ({"stop": "yes"}, "note", "required"),
    ({"stop": "yes", "note": "   "}, "note", "required"),
    ({"stop": "yes", "note": "x" * 501}, "note", "too-long"),
])
def test_stop_bad_input(stack, base, biller, data, field, code):
    cid, _, _ = overdue_company(stack)
    path = "/admin/reminders/companies/%s" % cid
    _, csrf, formkey = form_of(biller, path)
    audits = count(stack, "audit_log WHERE company_id = %s" % cid)
    r = biller.post(path, dict(data, csrf=csrf, formkey=formkey), xml=True)
    assert r.status_code == 400
    err = st.validate_xml(r).find("form/error")
    assert (err.get("field"), err.get("code")) == (field, code)
    assert one(stack, "SELECT no_reminders FROM companies WHERE id = %s" % cid) == "0"
    assert count(stack, "audit_log WHERE company_id = %s" % cid) == audits


def test_bad_date_refused(stack, base, biller):
    for date, code in (("2026-02-30", "invalid"), ("tomorrow", "invalid"), ("", "required")):
        r = biller.get("/admin/reminders?date=" + date, xml=True)
        assert r.status_code == 400, date
        root = st.validate_xml(r)
        assert root.find("form/error").get("code") == code
        assert root.find("preview") is None
    # A preview of another day is shown, but only today's run is sent.
    root = biller.page("/admin/reminders?date=2027-03-01")
    assert root.find("preview").get("date") == "2027-03-01"
    assert root.find("preview").get("today") is None
    before = count(stack, "invoice_reminders")
    for date, code in (("2027-03-01", "invalid"), ("nonsense", "invalid"), ("", "required")):
        _, csrf, formkey = form_of(biller, "/admin/reminders")
        r = biller.post("/admin/reminders", {"csrf": csrf, "formkey": formkey,
                                             "date": date}, xml=True)
        assert r.status_code == 400, date
        err = st.validate_xml(r).find("form/error")
        assert (err.get("field"), err.get("code")) == ("date", code)
    assert count(stack, "invoice_reminders") == before


def test_unknown_company(stack, base, biller):
    assert biller.get("/admin/reminders/companies/999999999").status_code == 404
    _, csrf, formkey = form_of(biller, "/admin/reminders")
    r = biller.post("/admin/reminders/companies/999999999", {
        "csrf": csrf, "formkey": formkey, "stop": "yes", "note": "x"})
    assert r.status_code == 404


def test_closed_company_not_reminded(stack, base, biller):
    cid, _, ids = overdue_company(stack)
    stack.sql("UPDATE companies SET status = 'closed', closed_at = NOW() WHERE id = %s" % cid)
    assert previewed(biller.page("/admin/reminders"), (cid,)) == {}
    with only(stack, cid):
        assert send(biller).status_code == 303
        r = stack.selfcare("remind", check=False)
        assert r.returncode == 0, r.stdout
    assert count(stack, "invoice_reminders WHERE company_id = %s" % cid) == 0
    assert count(stack, "mail_outbox WHERE recipient = 'purr%s@example.no'" % cid) == 0
    # Its page says so; its stop can still be switched.
    assert biller.page("/admin/reminders/companies/%s" % cid).find(
        "company").get("status") == "closed"


def test_closed_company_not_billed(stack, base):
    period = free_period(stack)
    cid, _ = company_billed_in(stack, period)
    stack.sql("UPDATE companies SET status = 'closed', closed_at = NOW() WHERE id = %s" % cid)
    r = stack.selfcare("bill", "--period", period, "--date", period + "-28", check=False)
    assert r.returncode == 0, r.stdout
    assert count(stack, "invoices WHERE company_id = %s" % cid) == 0
    # Reactivated, the next run bills it.
    stack.sql("UPDATE companies SET status = 'active', closed_at = NULL WHERE id = %s" % cid)
    r = stack.selfcare("bill", "--period", period, "--date", period + "-28", check=False)
    assert r.returncode == 0, r.stdout
    assert stack.sql("SELECT total FROM invoices WHERE company_id = %s" % cid) == [
        ("998.75",)]


def test_customer_page_links_the_stop(stack, base, staff):
    cid, _, _ = overdue_company(stack)
    both = staff(("billing", "customers"))
    assert "/admin/reminders/companies/%s" % cid in both.get("/admin/customers/%s" % cid).text
    care = staff(("customers",))
    assert "/admin/reminders/companies/" not in care.get("/admin/customers/%s" % cid).text


def test_staff_without_billing_refused(stack, base, staff):
    cid, _, _ = overdue_company(stack)
    other = staff(("customers", "care"))
    for path in ("/admin/reminders", "/admin/reminders/companies/%s" % cid):
        assert other.get(path).status_code == 403
    csrf = other.page("/admin").findtext("context/csrf")
    r = other.post("/admin/reminders/companies/%s" % cid, {
        "csrf": csrf, "formkey": "x" * 43, "stop": "yes", "note": "x"})
    assert r.status_code == 403
    assert one(stack, "SELECT no_reminders FROM companies WHERE id = %s" % cid) == "0"
    assert "/admin/reminders" not in other.get("/admin").text
