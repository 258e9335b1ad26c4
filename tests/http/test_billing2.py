"""Partial credit notes (`selfcare credit NUMBER --line N`, `--amount A`)
and payment reminders (`selfcare remind`).

What this file adds is kept out of the way of the files after it: a
company of its own for the credit notes (921, with an administrator of
its own, its subscriptions starting in July 2027), a company stopped from
reminders (922, an overdue invoice written here), the reminders of the
demo's overdue invoices on 30.11.2026 with their fees billed at once by a
billing run for 2027-07 dated 30.11.2026 (so no charge is left for the
runs of test_invoices.py and no invoice leaves the year 2026)."""

from os import EX_USAGE

import pytest

import stack as st
from test_invoices import NS, count, inv_id, inv_row, lines_of, mail_pdf, pdf_text, \
    run, ubl_validate

CREDIT_CO, STOP_CO = 921, 922
ADMIN = "kreditt.admin@example.no"
STOP_MAIL = "regnskap@purring922.example.no"
STOP_NUMBER = 190922                 # the stopped company's overdue invoice
REMIND_DAY = "2026-11-30"
PERIOD, BILL_DAY = "2027-07", "2026-11-30"
BITPRO, NORDLYS, FJORDNET = 1, 2, 3
OVERDUE = {"100021": (BITPRO, "2057.50", "NOK"), "100023": (BITPRO, "2557.50", "NOK"),
           "100024": (NORDLYS, "3057.50", "NOK"), "500012": (FJORDNET, "560.00", "DKK")}


def one(stack, query):
    return stack.sql(query)[0][0]


def snapshot(stack):
    """What a refused command must leave as it was."""
    return stack.sql(
        "SELECT (SELECT COUNT(*) FROM invoices), (SELECT COUNT(*) FROM invoice_lines),"
        " (SELECT COUNT(*) FROM mail_outbox), (SELECT COUNT(*) FROM charges),"
        " (SELECT COUNT(*) FROM invoice_reminders), (SELECT COUNT(*) FROM audit_log),"
        " (SELECT GROUP_CONCAT(next_number ORDER BY id) FROM issuers),"
        " (SELECT GROUP_CONCAT(CONCAT_WS(':', id, status, paid, credited) ORDER BY id)"
        "  FROM invoices)")[0]


def reminded_numbers(out):
    return {line.split()[3].rstrip(":") for line in out.splitlines()
            if line.startswith("reminder for invoice ")}


def wait_delivered(stack, address):
    return stack.wait_for_mail(address, timeout=60)


# -- the module's world --------------------------------------------------

@pytest.fixture(scope="module")
def world(stack):
    """Companies 921 and 922, then the reminders of 30.11.2026 run twice,
    and a day later in the interval, then the stopped company let go, its
    interval, and the billing run that bills the fees: what each run
    printed and what it left."""
    stack.sql("""
INSERT INTO companies (id, name, orgnr, country, street, postcode, city) VALUES
  (%(c)d, 'Kreditt Test AS', '999000921', 'NO', 'Testveien 21', '0150', 'Oslo'),
  (%(s)d, 'Purring Stopp AS', '999000922', 'NO', 'Testveien 22', '0150', 'Oslo');
UPDATE companies SET no_reminders = 1 WHERE id = %(s)d;
INSERT INTO users (id, email, name, lang) VALUES (921, '%(admin)s', 'Kreditt Admin', 'nb');
INSERT INTO memberships (user_id, company_id, role, areas) VALUES
  (921, %(c)d, 'admin', 'subscriptions,orders,invoices,support,users');
INSERT INTO billing_accounts (id, company_id, issuer_id, number, currency, vat_rate) VALUES
  (9211, %(c)d, 1, '10009211', 'NOK', 25.00),
  (9212, %(c)d, 1, '10009212', 'NOK', 25.00),
  (9220, %(s)d, 1, '10009220', 'NOK', 25.00);
INSERT INTO subscriptions (id, company_id, product_id, ref, monthly_price, currency,
    started_on, cost_centre, billing_account_id) VALUES
  (9211, %(c)d, 1, 'KRT-9211', 799.00, 'NOK', '2027-07-01', 'Salg', 9211),
  (9212, %(c)d, 2, 'KRT-9212', 349.00, 'NOK', '2027-07-12', NULL, 9211),
  (9213, %(c)d, 13, 'KRT-9213', 199.00, 'NOK', '2027-07-01', NULL, 9212),
  (9214, %(c)d, 5, 'KRT-9214', 249.00, 'NOK', '2027-07-01', NULL, 9212);
INSERT INTO charges (company_id, billing_account_id, description, quantity, unit_price,
    currency, charged_on) VALUES
  (%(c)d, 9211, 'Oppsett', 2, 125.00, 'NOK', '2027-07-05');
INSERT INTO einvoice_recipients (company_id, email) VALUES (%(s)d, '%(stop)s');
INSERT INTO invoices (issuer_id, number, kind, company_id, billing_account_id, period,
    period_key, invoice_date, due_date, currency, net, vat, total, status, payment_ref,
    customer_name, customer_orgnr, customer_street, customer_postcode, customer_city,
    customer_country) VALUES
  (1, %(n)d, 'invoice', %(s)d, 9220, '2026-09', '2026-09', '2026-09-15', '2026-09-30',
   'NOK', 100.00, 25.00, 125.00, 'unpaid', '1000922019092209', 'Purring Stopp AS',
   '999000922', 'Testveien 22', '0150', 'Oslo', 'NO');
INSERT INTO invoice_lines (invoice_id, line_no, description, period_from, period_to, unit,
    quantity, base_quantity, unit_price, net, vat_rate, vat, amount)
  SELECT id, 1, 'Tjeneste', '2026-09-01', '2026-09-30', 'piece', 1, 1, 100.00, 100.00,
   25.00, 25.00, 125.00 FROM invoices WHERE number = %(n)d;
""" % {"c": CREDIT_CO, "s": STOP_CO, "admin": ADMIN, "stop": STOP_MAIL, "n": STOP_NUMBER})
    w = {"stop_invoice": inv_id(stack, STOP_NUMBER),
         "mark": {t: int(one(stack, "SELECT COALESCE(MAX(id), 0) FROM " + t))
                  for t in ("mail_outbox", "audit_log", "charges", "invoice_reminders")}}
    w["r1"] = run(stack, "remind", "--date", REMIND_DAY)
    w["after_r1"] = snapshot(stack)
    w["r2"] = run(stack, "remind", "--date", REMIND_DAY)
    w["after_r2"] = snapshot(stack)
    w["r3"] = run(stack, "remind", "--date", "2026-12-05")
    w["after_r3"] = snapshot(stack)
    # The stop lifted: only the stopped company's invoice is due then.
    stack.sql("UPDATE companies SET no_reminders = 0 WHERE id = %d" % STOP_CO)
    w["r4"] = run(stack, "remind", "--date", "2026-12-05")
    # Its interval, with the demo's companies stopped meanwhile (their
    # second reminders are not this file's to make).
    stack.sql("UPDATE companies SET no_reminders = 1 WHERE id IN (1, 2, 3)")
    try:
        w["r5"] = run(stack, "remind", "--date", "2026-12-18")
        w["r6"] = run(stack, "remind", "--date", "2026-12-19")
    finally:
        stack.sql("UPDATE companies SET no_reminders = 0 WHERE id IN (1, 2, 3)")
    # Every reminder mail delivered before another test logs in as Kari.
    for address in ("faktura@bitpro.example.no", "kari.nordmann@example.no",
                    "mette.jensen@example.dk", STOP_MAIL):
        wait_delivered(stack, address)
    w["bill"] = run(stack, "bill", "--period", PERIOD, "--date", BILL_DAY)
    assert w["bill"][0] == 0, w["bill"][1]
    w["r7"] = run(stack, "remind", "--date", "2026-12-05")
    w["made"] = {co: stack.sql("SELECT id, number, billing_account_id FROM invoices"
                               " WHERE company_id = %d AND period_key = '%s' ORDER BY id"
                               % (co, PERIOD))
                 for co in (BITPRO, NORDLYS, FJORDNET, CREDIT_CO, STOP_CO)}
    return w


@pytest.fixture
def admin(stack, base, _logins):
    """Company 921's administrator, logged in through this front end."""
    c = _logins.get((base, ADMIN))
    if c is None or c.get("/companies").status_code != 200:
        c = _logins[(base, ADMIN)] = stack.login(base, ADMIN)
    return c


# -- reminders -----------------------------------------------------------

def test_overdue_demo_invoices_get_one_reminder_each(stack, world):
    rc, out = world["r1"]
    assert rc == 0, out
    assert reminded_numbers(out) == set(OVERDUE), out
    for number, (co, rest, cur) in OVERDUE.items():
        line, = [l for l in out.splitlines()
                 if l.startswith("reminder for invoice %s:" % number)]
        assert line.startswith("reminder for invoice %s: %s %s remaining, " % (
            number, rest, cur)), line
        # The Norwegian issuer's fee; the Danish issuer has none.
        assert line.endswith(", fee 35.00 NOK") == (cur == "NOK"), line
    assert "remind %s: 4 reminder(s) sent" % REMIND_DAY in out
    mark = world["mark"]["invoice_reminders"]
    rows = stack.sql("SELECT i.number, r.company_id, r.sent_on, r.remaining, r.mails > 0"
                     " FROM invoice_reminders r JOIN invoices i ON i.id = r.invoice_id"
                     " WHERE r.id > %d AND r.sent_on = '%s' ORDER BY i.number"
                     % (mark, REMIND_DAY))
    assert rows == [(n, str(co), REMIND_DAY, rest, "1")
                    for n, (co, rest, cur) in sorted(OVERDUE.items())]


def test_paid_and_stopped_invoices_get_none(stack, world):
    out = world["r1"][1]
    paid = stack.sql("SELECT number FROM invoices WHERE kind = 'invoice' AND status = 'paid'"
                     " AND company_id IN (1, 2, 3) AND due_date <= '2026-11-16'")
    assert paid and "100019" in {p[0] for p in paid}
    assert not {p[0] for p in paid} & reminded_numbers(out)
    assert str(STOP_NUMBER) not in out
    assert count(stack, "invoice_reminders WHERE invoice_id = %s AND sent_on < '2026-12-05'"
                 % world["stop_invoice"]) == 0
    # The stop was all that kept it: let go, it is reminded, alone.
    rc, out = world["r4"]
    assert rc == 0 and reminded_numbers(out) == {str(STOP_NUMBER)}, out
    assert "reminder for invoice %d: 125.00 NOK remaining, 1 e-mail(s), fee 35.00 NOK" \
        % STOP_NUMBER in out


def test_twice_on_a_day_sends_nothing_more(stack, world):
    rc, out = world["r2"]
    assert rc == 0 and reminded_numbers(out) == set(), out
    assert "remind %s: 0 reminder(s) sent, 0 e-mail(s) queued, 0 fee(s) charged" \
        % REMIND_DAY in out
    assert world["after_r2"] == world["after_r1"]


def test_one_reminder_per_interval(stack, world):
    # Five days later: within the 14 days, nothing.
    rc, out = world["r3"]
    assert rc == 0 and reminded_numbers(out) == set(), out
    assert world["after_r3"] == world["after_r1"]
    # Reminded on 5.12: not on 18.12, again on 19.12 (14 days), with a fee.
    assert reminded_numbers(world["r5"][1]) == set(), world["r5"][1]
    assert reminded_numbers(world["r6"][1]) == {str(STOP_NUMBER)}, world["r6"][1]
    assert stack.sql("SELECT sent_on FROM invoice_reminders WHERE invoice_id = %s"
                     " ORDER BY sent_on" % world["stop_invoice"]) == [
        ("2026-12-05",), ("2026-12-19",)]
    # After the billing run, a day already run again: nothing, no fee again.
    rc, out = world["r7"]
    assert rc == 0 and reminded_numbers(out) == set(), out


def test_fee_charged_once_and_billed_on_the_next_invoice(stack, world):
    mark = world["mark"]["charges"]
    fees = stack.sql("SELECT c.company_id, c.description, c.unit_price, c.vat_rate,"
                     " c.charged_on, c.billing_account_id, c.invoice_id IS NOT NULL"
                     " FROM charges c WHERE c.id > %d AND c.description LIKE 'Purregebyr%%'"
                     " ORDER BY c.id" % mark)
    assert fees == [
        ("1", "Purregebyr faktura 100021", "35.00", "0.00", REMIND_DAY, "1", "1"),
        ("1", "Purregebyr faktura 100023", "35.00", "0.00", REMIND_DAY, "1", "1"),
        ("2", "Purregebyr faktura 100024", "35.00", "0.00", REMIND_DAY, "2", "1"),
        (str(STOP_CO), "Purregebyr faktura %d" % STOP_NUMBER, "35.00", "0.00",
         "2026-12-05", "9220", "1"),
        (str(STOP_CO), "Purregebyr faktura %d" % STOP_NUMBER, "35.00", "0.00",
         "2026-12-19", "9220", "1"),
    ]
    # The Danish issuer charges none; nothing is left for a later run.
    assert count(stack, "charges WHERE company_id = 3 AND id > %d" % mark) == 0
    assert count(stack, "charges WHERE id > %d AND invoice_id IS NULL" % mark) == 0
    # Each reminder row names its fee's charge.
    assert count(stack, "invoice_reminders r JOIN charges c ON c.id = r.fee_charge_id"
                 " WHERE r.id > %d" % world["mark"]["invoice_reminders"]) == 5
    # On the next invoice of the reminded invoice's account, at 0 % VAT.
    (bitpro_id, _, account), = world["made"][BITPRO]
    lines = {l["description"]: l for l in lines_of(stack, bitpro_id)}
    for number in ("100021", "100023"):
        l = lines["Purregebyr faktura %s" % number]
        assert (l["unit"], l["quantity"], l["price"], l["net"], l["vat"], l["amount"]) == (
            "piece", "1", "35.00", "35.00", "0.00", "35.00")
    (stop_id, stop_number, _), = world["made"][STOP_CO]
    assert [(l["description"], l["amount"]) for l in lines_of(stack, stop_id)] == [
        ("Purregebyr faktura %d" % STOP_NUMBER, "35.00")] * 2
    assert inv_row(stack, stop_number, "total") == ("70.00",)


def test_fee_shown_on_the_invoice_page(stack, world, kari):
    (bitpro_id, number, _), = world["made"][BITPRO]
    inv = kari.page("/companies/1/invoices/%s.xml" % bitpro_id).find("invoice")
    fees = [l for l in inv.iter("line")
            if l.findtext("description") == "Purregebyr faktura 100023"]
    assert len(fees) == 1
    assert (fees[0].findtext("amount"), fees[0].findtext("vat-rate")) == ("35.00", "0.00")
    text = st.text_of(st.check_html(kari.get("/companies/1/invoices/%s" % bitpro_id)))
    assert "Purregebyr faktura 100023" in text and "35,00 kr" in text


def test_reminder_mails(stack, world, tmp_path):
    # Bitpro: its e-invoice address, in Norwegian, with the fee and the PDF.
    by_subject = {str(st.mail_message(m)["Subject"]): m
                  for m in stack.mails_to("faktura@bitpro.example.no")}
    mail = by_subject["Påminnelse: faktura 100023"]
    st.mail_checked(mail)
    body = st.mail_body(mail)
    kid = one(stack, "SELECT payment_ref FROM invoices WHERE number = 100023")
    for seen in ("faktura 100023 fra Nordnett Telekom AS", "forfalt 12.11.2026",
                 "Gjenstår å betale: 2 557,50 kr", "konto 1503.12.34567", "KID " + kid,
                 "/companies/1/invoices/%s" % inv_id(stack, 100023),
                 "purregebyr på 35,00 kr på neste faktura"):
        assert seen in body.replace("\u00a0", " ").replace("\u202f", " "), (seen, body)
    name, data = mail_pdf(mail)
    assert name == "faktura-100023.pdf" and "100023" in pdf_text(data, tmp_path)
    # Nordlys has no e-invoice address: its administrators, each in theirs.
    admins = {r[0]: r[1] for r in stack.sql(
        "SELECT u.email, u.lang FROM memberships m JOIN users u ON u.id = m.user_id"
        " WHERE m.company_id = 2 AND m.role = 'admin' AND u.status = 'active'")}
    assert admins["kari.nordmann@example.no"] == "nb"
    subjects = {"nb": "Påminnelse: faktura 100024", "da": "Påmindelse: faktura 100024",
                "en": "Reminder: invoice 100024"}
    for address, lang in admins.items():
        got = [m for m in stack.mails_to(address)
               if str(st.mail_message(m)["Subject"]) == subjects[lang]]
        assert len(got) == 1, address
    # Fjordnet: Danish, no fee.
    got = [m for m in stack.mails_to("mette.jensen@example.dk")
           if str(st.mail_message(m)["Subject"]) == "Påmindelse: faktura 500012"]
    assert len(got) == 1
    body = st.mail_body(got[0]).replace("\u00a0", " ").replace("\u202f", " ")
    assert "Restbeløb at betale: 560,00 kr." in body and "forfaldt 12.11.2026" in body
    assert "gebyr" not in body
    # One mail per address and reminder, however often it ran.
    assert count(stack, "mail_outbox WHERE id > %d AND subject LIKE '%%faktura 100023'"
                 % world["mark"]["mail_outbox"]) == 1


def test_reminder_in_the_company_audit_log(stack, world, kari):
    entries = [e for e in kari.page("/companies/1/audit.xml").iter("entry")
               if e.findtext("action") == "invoice-reminder"]
    details = {e.findtext("detail") for e in entries}
    assert "100023: 2557.50 NOK remaining, fee 35.00 NOK, 1 e-mail(s)" in details
    assert {e.findtext("object-id") for e in entries} >= {
        inv_id(stack, 100021), inv_id(stack, 100023)}
    # Nordlys's reminder is in Nordlys's log, not Bitpro's.
    assert not any(d.startswith("100024:") for d in details)
    nordlys = [e.findtext("detail") for e in kari.page("/companies/2/audit.xml").iter("entry")
               if e.findtext("action") == "invoice-reminder"]
    assert len([d for d in nordlys if d.startswith("100024:")]) == 1


def test_remind_bad_input(stack, world):
    before = snapshot(stack)
    for args, message in ((("--date", "2026-02-30"), "date 2026-02-30: not a date"),
                          (("--date",), "remind: no value after '--date'"),
                          (("--line", "1"), "--line and --amount are only for credit"),
                          (("extra",), "remind: one argument too many: 'extra'")):
        rc, out = run(stack, "remind", *args)
        assert rc == EX_USAGE and message in out, (args, out)
    assert snapshot(stack) == before


# -- partial credit notes --------------------------------------------------

@pytest.fixture(scope="module")
def invoices(stack, world):
    """Company 921's two invoices of the module's run: (id, number) of
    account 9211 (lines 998.75, 281.45 and 312.50) and of account 9212
    (248.75 and 311.25)."""
    made = {acc: (iid, number) for iid, number, acc in world["made"][CREDIT_CO]}
    return made["9211"], made["9212"]


def test_the_invoices_to_credit(stack, invoices):
    (a_id, a_no), (b_id, b_no) = invoices
    assert [(l["ref"], l["unit"], l["quantity"], l["base"], l["net"], l["vat"], l["amount"])
            for l in lines_of(stack, a_id)] == [
        ("KRT-9211", "month", "1", "1", "799.00", "199.75", "998.75"),
        ("KRT-9212", "day", "20", "31", "225.16", "56.29", "281.45"),
        ("NULL", "piece", "2", "1", "250.00", "62.50", "312.50")]
    assert inv_row(stack, a_no, "net, vat, total, status") == (
        "1274.16", "318.54", "1592.70", "unpaid")
    assert inv_row(stack, b_no, "total") == ("560.00",)


@pytest.fixture(scope="module")
def partial(stack, invoices):
    """500.00 paid of invoice A, then line 2 credited and 123.45; the
    refusals between; invoice B credited line by line to the whole."""
    (a_id, a_no), (b_id, b_no) = invoices
    p = {"pay": run(stack, "pay", a_no, "500.00", "--date", "2026-12-01"),
         "line": run(stack, "credit", a_no, "--line", "2", "--date", "2026-12-02"),
         "amount": run(stack, "credit", a_no, "--amount", "123.45", "--date", "2026-12-03")}
    p["line_no"] = one(stack, "SELECT number FROM invoices WHERE credits_id = %s"
                       " AND invoice_date = '2026-12-02'" % a_id)
    p["amount_no"] = one(stack, "SELECT number FROM invoices WHERE credits_id = %s"
                         " AND invoice_date = '2026-12-03'" % a_id)
    p["b1"] = run(stack, "credit", b_no, "--line", "1", "--date", "2026-12-04")
    p["b2"] = run(stack, "credit", b_no, "--line", "2", "--date", "2026-12-04")
    return p


def test_credit_by_line(stack, invoices, partial):
    (a_id, a_no), _ = invoices
    assert partial["pay"][0] == 0, partial["pay"][1]
    rc, out = partial["line"]
    cn = partial["line_no"]
    assert rc == 0, out
    assert out.strip() == ("credit note %s for invoice %s: 281.45 NOK credited, 1311.25 NOK"
                           " uncredited, the invoice is partly paid" % (cn, a_no))
    cn_id = inv_id(stack, cn)
    assert inv_row(stack, cn, "kind, status, credits_id, net, vat, total, invoice_date") == (
        "credit_note", "credit", a_id, "-225.16", "-56.29", "-281.45", "2026-12-02")
    line2 = one(stack, "SELECT id FROM invoice_lines WHERE invoice_id = %s AND line_no = 2"
                % a_id)
    assert stack.sql("SELECT line_no, subscription_ref, unit, quantity, base_quantity,"
                     " unit_price, net, vat_rate, vat, amount, credits_line_id"
                     " FROM invoice_lines WHERE invoice_id = %s" % cn_id) == [
        ("1", "KRT-9212", "day", "-20", "31", "349.00", "-225.16", "25.00", "-56.29",
         "-281.45", line2)]


def test_credit_by_amount(stack, invoices, partial):
    (a_id, a_no), _ = invoices
    rc, out = partial["amount"]
    cn = partial["amount_no"]
    assert rc == 0, out
    # 123.45 with 25 % VAT in it: 98.76 net and 24.69 VAT, to the øre.
    assert out.strip() == ("credit note %s for invoice %s: 123.45 NOK credited, 1187.80 NOK"
                           " uncredited, the invoice is partly paid" % (cn, a_no))
    assert inv_row(stack, cn, "net, vat, total, credits_id") == (
        "-98.76", "-24.69", "-123.45", a_id)
    assert stack.sql("SELECT line_no, description, unit, quantity, unit_price, net, vat_rate,"
                     " vat, amount, period_from, period_to, subscription_id, credits_line_id"
                     " FROM invoice_lines WHERE invoice_id = %s" % inv_id(stack, cn)) == [
        ("1", "Kreditering av faktura %s" % a_no, "piece", "-1", "98.76", "-98.76",
         "25.00", "-24.69", "-123.45", "2027-07-01", "2027-07-31", "NULL", "NULL")]
    # Paid 500.00 of 1592.70, 404.90 credited: 687.80 left to pay.
    assert inv_row(stack, a_no, "status, paid, credited, total") == (
        "partly_paid", "500.00", "404.90", "1592.70")


def test_credit_beyond_what_remains_is_refused(stack, invoices, partial):
    (a_id, a_no), _ = invoices
    before = snapshot(stack)
    for args, message in (
            (("--amount", "1187.81"), "credit: invoice %s: 1187.81 NOK is more than the"
                                      " 1187.80 NOK it has uncredited" % a_no),
            (("--line", "2"), "credit: invoice %s: line 2 is credited already (credit note"
                              " %s)" % (a_no, partial["line_no"])),
            (("--line", "4"), "credit: invoice %s has no line 4" % a_no),
            (("--line", "1", "--line", "1"), "credit: line 1 is named twice")):
        rc, out = run(stack, "credit", a_no, *args)
        assert rc == 1 and out.strip() == message, (args, out)
    # A payment may not pass what credit notes and payments left.
    rc, out = run(stack, "pay", a_no, "687.81")
    assert rc == 1 and "the payment is more than the remaining 687.80 NOK" in out, out
    assert snapshot(stack) == before


@pytest.mark.parametrize("args,message", [
    (("--amount", "0"), "credit: amount 0: not a positive amount"),
    (("--amount", "-5"), "credit: amount -5: not a positive amount"),
    (("--amount", "1.005"), "credit: amount 1.005: not a positive amount"),
    (("--line", "x"), "credit: line x: not a line number"),
    (("--line", "0"), "credit: line 0: not a line number"),
    (("--line", "1", "--amount", "1.00"), "--line and --amount do not go together"),
    (("--line",), "credit: no value after '--line'"),
    (("--date", "2026-13-01", "--line", "1"), "date 2026-13-01: not a date"),
])
def test_credit_bad_input(stack, invoices, partial, args, message):
    (a_id, a_no), _ = invoices
    before = snapshot(stack)
    rc, out = run(stack, "credit", a_no, *args)
    assert rc == EX_USAGE and message in out, out
    assert snapshot(stack) == before


def test_two_partial_credits_add_up_to_credited(stack, invoices, partial):
    _, (b_id, b_no) = invoices
    rc, out = partial["b1"]
    assert rc == 0 and out.endswith("248.75 NOK credited, 311.25 NOK uncredited, the invoice"
                                    " is unpaid\n"), out
    rc, out = partial["b2"]
    assert rc == 0 and out.endswith("311.25 NOK credited, 0.00 NOK uncredited, the invoice"
                                    " is credited\n"), out
    assert inv_row(stack, b_no, "status, credited, total") == ("credited", "560.00", "560.00")
    assert one(stack, "SELECT SUM(total) FROM invoices WHERE credits_id = %s" % b_id) == "-560.00"
    rc, out = run(stack, "credit", b_no)
    assert rc == 1 and "invoice %s: is credited already" % b_no in out
    rc, out = run(stack, "pay", b_no, "1.00")
    assert rc == 1 and "credited, no payment can be registered" in out


def test_partly_credited_invoice_page(stack, admin, invoices, partial):
    (a_id, a_no), _ = invoices
    inv = admin.page("/companies/%d/invoices/%s.xml" % (CREDIT_CO, a_id)).find("invoice")
    assert (inv.get("status"), inv.findtext("total"), inv.findtext("paid"),
            inv.findtext("credited"), inv.findtext("remaining")) == (
        "partly-paid", "1592.70", "500.00", "404.90", "687.80")
    cns = [(e.get("id"), e.text, e.get("date"), e.get("total"))
           for e in inv.findall("credited-by")]
    assert cns == [(inv_id(stack, partial["line_no"]), partial["line_no"], "2026-12-02",
                    "-281.45"),
                   (inv_id(stack, partial["amount_no"]), partial["amount_no"], "2026-12-03",
                    "-123.45")]
    page = st.check_html(admin.get("/companies/%d/invoices/%s" % (CREDIT_CO, a_id)))
    text = st.text_of(page)
    nb = st.i18n("nb")
    assert nb["invoice.credited-by"] in text and nb["invoice.credited"] in text
    assert "404,90 kr" in text and "687,80 kr" in text
    for cn_id, cn_no, _, _ in cns:
        link = page.xpath("//a[@href=$h]", h="/companies/%d/invoices/%s" % (CREDIT_CO, cn_id))
        assert link and link[0].text_content().strip() == cn_no
    # The list shows what remains too.
    rows = {i.findtext("number"): i for i in
            admin.page("/companies/%d/invoices.xml?year=2026" % CREDIT_CO).iter("invoice")}
    assert rows[a_no].findtext("remaining") == "687.80"
    assert rows[partial["amount_no"]].get("kind") == "credit-note"


def test_credit_note_page_names_its_invoice(stack, admin, invoices, partial):
    (a_id, a_no), _ = invoices
    cn_id = inv_id(stack, partial["amount_no"])
    cn = admin.page("/companies/%d/invoices/%s.xml" % (CREDIT_CO, cn_id)).find("invoice")
    assert (cn.get("kind"), cn.get("status"), cn.findtext("total"), cn.findtext("remaining")) \
        == ("credit-note", "credit", "-123.45", "0.00")
    c = cn.find("credits")
    assert (c.get("id"), c.text, c.get("date")) == (a_id, a_no, BILL_DAY)
    assert cn.find("credited") is None and cn.find("credited-by") is None
    page = st.check_html(admin.get("/companies/%d/invoices/%s" % (CREDIT_CO, cn_id)))
    assert page.xpath("//a[@href=$h]", h="/companies/%d/invoices/%s" % (CREDIT_CO, a_id))
    assert "Kreditering av faktura %s" % a_no in st.text_of(page)


def test_partial_credit_note_pdf(stack, admin, invoices, partial, tmp_path):
    (a_id, a_no), _ = invoices
    cn_no = partial["amount_no"]
    r = admin.get("/companies/%d/invoices/%s/invoice.pdf" % (CREDIT_CO, inv_id(stack, cn_no)))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    text = pdf_text(r.content, tmp_path)
    nb = st.i18n("nb")
    for seen in (nb["pdf.title.credit-note"], nb["pdf.credits"], a_no, cn_no,
                 "Kreditering av faktura %s" % a_no, "98,76", "24,69", "123,45"):
        assert seen in text, (seen, text)
    # The invoice's PDF: what was credited, by which notes, what is left to pay.
    r = admin.get("/companies/%d/invoices/%s/invoice.pdf" % (CREDIT_CO, a_id))
    text = pdf_text(r.content, tmp_path, "a.pdf")
    for seen in (nb["pdf.credited"], "404,90", "687,80", partial["line_no"], cn_no):
        assert seen in text, (seen, text)
    # The info box's label wraps, beside the credit notes' numbers.
    assert all(w in text for w in nb["pdf.credited-by"].split()), text


@pytest.mark.parametrize("which,payable,net,vat,qty", [
    ("line_no", "281.45", "225.16", "56.29", "20"),
    ("amount_no", "123.45", "98.76", "24.69", "1"),
])
def test_partial_credit_note_ehf(stack, admin, invoices, partial, which, payable, net, vat,
                                 qty):
    (a_id, a_no), _ = invoices
    r = admin.get("/companies/%d/invoices/%s/ehf" % (CREDIT_CO, inv_id(stack, partial[which])))
    assert r.status_code == 200
    root = ubl_validate(r.content, "CreditNote")
    f = lambda path: root.findtext(path, namespaces=NS)
    assert f("cbc:ID") == partial[which]
    assert f("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == a_no
    assert f("cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate") == BILL_DAY
    assert (f("cac:LegalMonetaryTotal/cbc:LineExtensionAmount"),
            f("cac:TaxTotal/cbc:TaxAmount"), f("cac:LegalMonetaryTotal/cbc:PayableAmount")) \
        == (net, vat, payable)
    lines = root.findall("cac:CreditNoteLine", NS)
    assert len(lines) == 1
    assert lines[0].findtext("cbc:CreditedQuantity", namespaces=NS) == qty
    assert f("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent") == "25"
    # The invoice itself is still a valid invoice, as issued.
    ubl_validate(admin.get("/companies/%d/invoices/%s/ehf" % (CREDIT_CO, a_id)).content)


@pytest.fixture(scope="module")
def rest(stack, invoices, partial):
    """All that remains of invoice A credited (after the tests of its
    partly credited state)."""
    return run(stack, "credit", invoices[0][1], "--date", "2026-12-05")


def test_credit_the_rest(stack, admin, invoices, rest, tmp_path):
    # After an amount, "the rest" is what remains uncredited, as an amount.
    (a_id, a_no), _ = invoices
    rc, out = rest
    assert rc == 0 and out.endswith("1187.80 NOK credited, 0.00 NOK uncredited, the invoice"
                                    " is credited\n"), out
    assert inv_row(stack, a_no, "status, credited") == ("credited", "1592.70")
    assert one(stack, "SELECT SUM(total) FROM invoices WHERE credits_id = %s" % a_id) \
        == "-1592.70"
    inv = admin.page("/companies/%d/invoices/%s.xml" % (CREDIT_CO, a_id)).find("invoice")
    assert (inv.get("status"), inv.findtext("remaining")) == ("credited", "0.00")
    assert len(inv.findall("credited-by")) == 3
    # Its PDF says it is credited, not that it was paid.
    text = pdf_text(admin.get("/companies/%d/invoices/%s/invoice.pdf" % (
        CREDIT_CO, a_id)).content, tmp_path)
    nb = st.i18n("nb")
    assert nb["pdf.pay.credited"] in text and nb["pdf.pay.paid"] not in text


def test_credit_notes_of_another_company_are_404(stack, admin, kari, invoices, partial):
    (a_id, _), _ = invoices
    cn_id = inv_id(stack, partial["line_no"])
    for path in ("/companies/%d/invoices/%s" % (CREDIT_CO, cn_id),
                 "/companies/1/invoices/%s" % cn_id, "/companies/1/invoices/%s.xml" % a_id,
                 "/companies/1/invoices/%s/ehf" % cn_id):
        assert kari.get(path).status_code == 404, path
    # Nor does 921's administrator see Bitpro's invoice under 921.
    assert admin.get("/companies/%d/invoices/%s" % (
        CREDIT_CO, inv_id(stack, 100023))).status_code == 404
    # And Bitpro's invoice page names none of 921's credit notes.
    inv = kari.page("/companies/1/invoices/%s.xml" % inv_id(stack, 100023)).find("invoice")
    assert inv.findall("credited-by") == []


def test_help_names_the_commands(stack):
    rc, out = run(stack, "--help")
    assert rc == 0
    assert "credit NUMBER [--line N ... | --amount AMOUNT] [--date YYYY-MM-DD]" in out
    assert "remind [--date YYYY-MM-DD]" in out


# -- a billing run of some companies (`bill --company`) ---------------------

SCOPED_PERIOD, SCOPED_DAY = "2001-02", "2001-02-28"
SCOPED = {"a": 931, "b": 932, "c": 933, "shut": 934}   # shut: a closed company


def scoped_counts(stack):
    """Per company: invoices of the period, their lines; and the issuer's next number."""
    rows = stack.sql("SELECT c.id, (SELECT COUNT(*) FROM invoices i WHERE i.company_id = c.id"
                     " AND i.period_key = '%s'), (SELECT COUNT(*) FROM invoice_lines l"
                     " JOIN invoices i ON i.id = l.invoice_id WHERE i.company_id = c.id)"
                     " FROM companies c WHERE c.id IN (%s) ORDER BY c.id"
                     % (SCOPED_PERIOD, ",".join(str(v) for v in SCOPED.values())))
    return {int(r[0]): (int(r[1]), int(r[2])) for r in rows}


@pytest.fixture(scope="module")
def scoped(stack):
    """Four companies of an issuer of their own (country IS), each with a
    subscription billed in February 2001 only; one of them closed."""
    ids = SCOPED.values()
    stack.sql("INSERT INTO issuers (country, name, orgnr, vat_id) VALUES"
              " ('IS', 'Avgrenset Utsteder', '999000930', 'IS999000930');"
              "SET @iss = LAST_INSERT_ID();" + "".join(
                  "INSERT INTO companies (id, name, orgnr, country) VALUES"
                  " (%d, 'Avgrenset %d AS', '9990%05d', 'IS');"
                  "INSERT INTO billing_accounts (id, company_id, issuer_id, number, currency,"
                  " vat_rate) VALUES (%d0, %d, @iss, '1000%d0', 'NOK', 25.00);"
                  "INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
                  " currency, started_on, ends_on, billing_account_id) VALUES"
                  " (%d, 1, 'AVG-%d', 100.00, 'NOK', '2001-02-01', '2001-02-28', %d0);"
                  % (co, co, co, co, co, co, co, co, co) for co in ids) +
              "UPDATE companies SET status = 'closed' WHERE id = %d" % SCOPED["shut"])
    yield SCOPED
    stack.sql("DELETE FROM invoices WHERE company_id IN (%(i)s);"
              "DELETE FROM subscriptions WHERE company_id IN (%(i)s);"
              "DELETE FROM billing_accounts WHERE company_id IN (%(i)s);"
              "DELETE FROM companies WHERE id IN (%(i)s);"
              "DELETE FROM issuers WHERE country = 'IS'"
              % {"i": ",".join(str(v) for v in ids)})


def issuer_next(stack):
    return one(stack, "SELECT next_number FROM issuers WHERE country = 'IS'")


def test_a_scoped_billing_run_bills_only_the_companies_given(stack, scoped):
    a, b, c = scoped["a"], scoped["b"], scoped["c"]
    rc, out = run(stack, "bill", "--period", SCOPED_PERIOD, "--date", SCOPED_DAY,
                  "--company", str(a))
    assert rc == 0, out
    assert "bill %s, 1 company(ies): 1 invoice(s) made" % SCOPED_PERIOD in out
    counts = scoped_counts(stack)
    assert counts[a] == (1, 1)
    # The others of the period are untouched, and a later run still bills them.
    assert counts[b] == (0, 0) and counts[c] == (0, 0)
    first = issuer_next(stack)
    # Again: nothing twice, not even a number taken.
    rc, out = run(stack, "bill", "--period", SCOPED_PERIOD, "--date", SCOPED_DAY,
                  "--company", str(a))
    assert rc == 0 and "0 invoice(s) made" in out, out
    assert scoped_counts(stack) == counts and issuer_next(stack) == first
    # Several: a comma list and the option again; the one billed already is not billed twice.
    rc, out = run(stack, "bill", "--period", SCOPED_PERIOD, "--date", SCOPED_DAY,
                  "--company", "%d,%d" % (b, a), "--company", str(c))
    assert rc == 0, out
    assert "3 company(ies): 2 invoice(s) made" in out
    counts = scoped_counts(stack)
    assert (counts[a], counts[b], counts[c]) == ((1, 1), (1, 1), (1, 1))
    assert int(issuer_next(stack)) == int(first) + 2
    # The closed company was never billed.
    assert counts[scoped["shut"]] == (0, 0)


def test_an_unknown_or_closed_company_is_refused_and_nothing_billed(stack, scoped):
    before = snapshot(stack)
    missing = int(one(stack, "SELECT COALESCE(MAX(id), 0) + 1000 FROM companies"))
    for ids, why in ((str(missing), "company %d does not exist" % missing),
                     ("%d,%d" % (scoped["a"], scoped["shut"]),
                      "company %d is closed" % scoped["shut"])):
        rc, out = run(stack, "bill", "--period", SCOPED_PERIOD, "--date", SCOPED_DAY,
                      "--company", ids)
        assert rc == 1, out
        assert "bill: %s: nothing billed" % why in out
        assert "invoice(s) made" not in out
    assert snapshot(stack) == before


@pytest.mark.parametrize("args,why", [
    (("--company", "x"), "--company: not a company id: 'x'"),
    (("--company", "0"), "--company: not a company id: '0'"),
    (("--company", "931,,932"), "--company: not a company id in '931,,932'"),
    (("--company", "-5"), "--company: not a company id: '-5'"),
    (("--company",), "no value after '--company'"),
])
def test_a_bad_company_id_is_a_usage_error(stack, scoped, args, why):
    before = snapshot(stack)
    rc, out = run(stack, "bill", "--period", SCOPED_PERIOD, *args)
    assert rc == EX_USAGE, out
    assert "selfcare: bill: " + why in out
    assert snapshot(stack) == before


def test_queued_takes_no_company(stack):
    rc, out = run(stack, "bill", "--queued", "--company", "931")
    assert rc == EX_USAGE and "--queued takes no --period, --date or --company" in out


def test_a_suspended_period_is_not_billed(stack):
    """A subscription's days inside its suspension are left out of the
    month it is billed for: a suspension inside the month leaves two runs
    of days, one over the month's end one, one over all of it none."""
    import calendar
    from test_backoffice_billing import company_billed_in, free_period
    period = free_period(stack)
    y, m = map(int, period.split("-"))
    days = calendar.monthrange(y, m)[1]
    cid, _ = company_billed_in(stack, period, ("310.00",) * 4)
    subs = [r[0] for r in stack.sql("SELECT id FROM subscriptions WHERE company_id = %s"
                                    " ORDER BY id" % cid)]
    day = lambda d: "%s-%02d" % (period, d)
    for sub, (f, t) in zip(subs[1:], (
            (day(10), day(20)),                                  # inside
            ("%s-01-01" % (y - 1), "%s-12-31" % (y + 1)),        # all of it
            (day(25), "%s-12-31" % (y + 1)))):                   # over the end
        stack.sql("UPDATE subscriptions SET suspended_from = '%s', suspended_to = '%s'"
                  " WHERE id = %s" % (f, t, sub))
    rc, out = run(stack, "bill", "--period", period, "--date", day(days),
                  "--company", str(cid))
    assert rc == 0 and "1 invoice(s) made" in out, out
    lines = stack.sql(
        "SELECT l.subscription_id, l.period_from, l.period_to, l.unit, l.quantity,"
        " l.base_quantity, l.net FROM invoice_lines l JOIN invoices i"
        " ON i.id = l.invoice_id WHERE i.company_id = %s ORDER BY l.line_no" % cid)

    def net(q):
        return "%.2f" % (int(q * 31000 / days + 0.5) / 100)
    assert lines == [
        (subs[0], day(1), day(days), "month", "1", "1", "310.00"),
        (subs[1], day(1), day(9), "day", "9", str(days), net(9)),
        (subs[1], day(21), day(days), "day", str(days - 20), str(days), net(days - 20)),
        (subs[3], day(1), day(24), "day", "24", str(days), net(24))], lines
    # Run again: nothing billed twice.
    rc, out = run(stack, "bill", "--period", period, "--date", day(days),
                  "--company", str(cid))
    assert rc == 0 and "0 invoice(s) made" in out, out
