"""The partner API's writes on trouble tickets and If-Match, as a partner's
program sees them and as the customer then sees them in the portal: a case
made (Idempotency-Key, replayed, refused with another body), a note on it,
bodies that are not XML, malformed, a DOCTYPE or invalid, a stale If-Match
on a note and on an order's cancel, another company's ticket, and keys
that may not write."""

import pytest

import stack as st
from test_api import (ALL, BITPRO, DONGLE, FJORDNET, Partner, _keys_revoked_after,  # noqa: F401
                      bitpro_key, error, make_key, make_partner_key, order_body, parse,
                      partner, post, rows)


def ticket_body(cid, name="No signal in the basement", kind="support",
                category="technical", description="Since Monday no phone has a signal.",
                extra=""):
    return ("<?xml version='1.0' encoding='UTF-8'?><troubleTicket>"
            "<organization id='%s'/><name>%s</name><description>%s</description>"
            "<ticketType>%s</ticketType><category>%s</category>%s</troubleTicket>"
            % (cid, name, description, kind, category, extra))


def note_body(text="The signal is back this morning."):
    return "<?xml version='1.0' encoding='UTF-8'?><note><text>%s</text></note>" % text


def case_count(stack):
    return int(stack.sql("SELECT COUNT(*) FROM cases")[0][0])


def comment_count(stack, case_id):
    return int(stack.sql("SELECT COUNT(*) FROM case_comments WHERE case_id = %s"
                         % case_id)[0][0])


def post_note(p, tid, body=None, if_match=None):
    h = {"Authorization": "Bearer " + p.key, "Content-Type": "application/xml"}
    if if_match is not None:
        h["If-Match"] = if_match
    return p.http.post("/api/v1/troubleTicket/%s/note" % tid,
                       data=note_body() if body is None else body, headers=h)


def new_ticket(p, cid, idem, **kw):
    r = post(p, "troubleTicket", ticket_body(cid, **kw), idem=idem)
    assert r.status_code == 201, r.text[:800]
    return parse(r)


# -- POST troubleTicket -----------------------------------------------------------

def test_create_makes_the_companys_case_seen_in_the_portal(partner, stack, company_ids,
                                                           kari):
    cid = company_ids[BITPRO]
    sub = rows(stack, "SELECT MIN(id) FROM subscriptions WHERE company_id = %s" % cid)[0]
    t = new_ticket(partner, cid, "erp-case-1", extra="<product id='%s'/>" % sub)
    assert t.tag == "troubleTicket" and t.findtext("state") == "acknowledged"
    assert t.find("organization").get("id") == str(cid)
    assert t.find("product").get("id") == sub
    assert (t.findtext("name"), t.findtext("ticketType"), t.findtext("category"),
            t.findtext("noteCount")) == ("No signal in the basement", "support",
                                         "technical", "1")
    tid = t.get("id")
    assert stack.sql("SELECT company_id, kind, category, status, created_by,"
                     " subscription_id FROM cases WHERE id = %s" % tid) == [
        (str(cid), "support", "technical", "new", "NULL", sub)]
    # The description is the first comment, the key's.
    assert stack.sql("SELECT author, user_id, body FROM case_comments t JOIN api_keys a"
                     " ON a.id = t.api_key_id WHERE t.case_id = %s AND a.prefix = '%s'"
                     % (tid, partner.key.split(".")[0])) == [
        ("customer", "NULL", "Since Monday no phone has a signal.")]
    detail = stack.sql("SELECT detail FROM audit_log WHERE action = 'case-create'"
                       " AND object = 'case' AND object_id = %s" % tid)
    assert len(detail) == 1 and detail[0][0].startswith("API key ERP (sck_")
    # The read shows it as the write answered it.
    assert partner.read("troubleTicket/" + tid).findtext("name") == t.findtext("name")
    # The customer sees the case and its description, under the key's name.
    page = kari.page("/companies/%s/cases/%s.xml" % (cid, tid))
    comments = page.findall("case/comments/comment")
    assert [(c.findtext("name"), c.findtext("body")) for c in comments] == [
        ("ERP", "Since Monday no phone has a signal.")]
    html = st.text_of(st.check_html(kari.get("/companies/%s/cases/%s" % (cid, tid))))
    assert "No signal in the basement" in html and "Since Monday no phone" in html
    assert "No signal in the basement" in st.text_of(
        st.check_html(kari.get("/companies/%s/cases" % cid)))


def test_a_change_request_takes_the_change_categories(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    t = new_ticket(partner, cid, "erp-change", kind="change", category="more-data",
                   name="More data for the sales team")
    assert (t.findtext("ticketType"), t.findtext("category")) == ("change", "more-data")
    assert stack.sql("SELECT action FROM audit_log WHERE object = 'case' AND object_id = %s"
                     % t.get("id")) == [("change-request",)]


def test_same_idempotency_key_and_body_answer_the_same_case(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    body = ticket_body(cid, name="Replayed case")
    first = post(partner, "troubleTicket", body, idem="erp-case-replay")
    assert first.status_code == 201, first.text[:800]
    before = case_count(stack)
    again = post(partner, "troubleTicket", body, idem="erp-case-replay")
    assert again.status_code == 201 and parse(again).get("id") == parse(first).get("id")
    assert case_count(stack) == before
    # The same key with another body: refused, nothing made.
    error(post(partner, "troubleTicket", ticket_body(cid, name="Another"),
               idem="erp-case-replay"), 422, "Idempotency-Key")
    # An order's key used for a case: refused too.
    r = post(partner, "productOrder", order_body(cid, product=DONGLE, quantity="1"),
             idem="erp-order-key")
    assert r.status_code == 201, r.text[:500]
    error(post(partner, "troubleTicket", body, idem="erp-order-key"), 422,
          "Idempotency-Key")
    assert case_count(stack) == before
    # Without a key: 400.
    error(post(partner, "troubleTicket", body), 400, "Idempotency-Key")
    assert case_count(stack) == before


def test_a_body_not_xml_malformed_or_with_a_doctype_is_refused(partner, stack,
                                                               company_ids):
    cid = company_ids[BITPRO]
    before = case_count(stack)
    error(post(partner, "troubleTicket", '{"name": "x"}', idem="t-json",
               ctype="application/json"), 415)
    error(post(partner, "troubleTicket", ticket_body(cid), idem="t-none", ctype=None), 415)
    error(post(partner, "troubleTicket", "<troubleTicket><name>x</name>", idem="t-open"),
          400)
    body = ("<?xml version='1.0'?><!DOCTYPE troubleTicket [<!ENTITY x SYSTEM"
            " 'file:///etc/passwd'>]>" + ticket_body(cid, description="&x;").split(
                "?>", 1)[1])
    error(post(partner, "troubleTicket", body, idem="t-doctype"), 400)
    assert case_count(stack) == before


@pytest.mark.parametrize("over,field", [
    ({"name": " "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"description": " "}, "description"),
    ({"description": "x" * 5001}, "description"),
    ({"kind": "complaint"}, "ticketType"),
    ({"category": "terminate"}, "category"),
    ({"kind": "change", "category": "technical"}, "category"),
    ({"extra": "<colour>red</colour>"}, "colour"),
    ({"extra": "<product id='999999999'/>"}, "product"),
])
def test_invalid_ticket_is_422_with_the_field(partner, stack, company_ids, over, field):
    before = case_count(stack)
    r = post(partner, "troubleTicket", ticket_body(company_ids[BITPRO], **over),
             idem="t-invalid-" + field)
    error(r, 422, field)
    assert case_count(stack) == before
    assert stack.sql("SELECT COUNT(*) FROM api_idempotency WHERE idem_key LIKE"
                     " 't-invalid-%'")[0][0] == "0"


def test_another_companys_organization_or_product_is_refused(partner, stack, company_ids):
    cid, theirs = company_ids[BITPRO], company_ids[FJORDNET]
    before = case_count(stack)
    error(post(partner, "troubleTicket", ticket_body(theirs), idem="t-theirs"), 422,
          "organization")
    sub = rows(stack, "SELECT MIN(id) FROM subscriptions WHERE company_id = %s" % theirs)[0]
    error(post(partner, "troubleTicket", ticket_body(cid, extra="<product id='%s'/>" % sub),
               idem="t-their-sub"), 422, "product")
    assert case_count(stack) == before


# -- POST troubleTicket/{id}/note ---------------------------------------------------

def test_note_is_seen_by_the_customer_and_customer_care(partner, stack, company_ids, kari,
                                                        staff):
    cid = company_ids[BITPRO]
    tid = new_ticket(partner, cid, "erp-note-1").get("id")
    got = partner.get("troubleTicket/" + tid)
    etag = got.headers["ETag"]
    # With the ETag the read gave: the note is made, the answer the ticket.
    r = post_note(partner, tid, if_match=etag)
    assert r.status_code == 201, r.text[:800]
    t = parse(r)
    assert t.get("id") == tid and t.findtext("noteCount") == "2"
    assert partner.get("troubleTicket/" + tid).headers["ETag"] != etag
    # Without If-Match: allowed.
    assert post_note(partner, tid, body=note_body("A second note.")).status_code == 201
    assert rows(stack, "SELECT COUNT(*) FROM audit_log WHERE action = 'case-comment'"
                " AND object_id = %s AND detail LIKE 'API key ERP%%'" % tid) == ["2"]
    # The customer's case page and customer care's show both, by the key's name.
    page = kari.page("/companies/%s/cases/%s.xml" % (cid, tid))
    assert [(c.findtext("name"), c.findtext("body"))
            for c in page.findall("case/comments/comment")][1:] == [
        ("ERP", "The signal is back this morning."), ("ERP", "A second note.")]
    assert "The signal is back this morning." in st.text_of(
        st.check_html(kari.get("/companies/%s/cases/%s" % (cid, tid))))
    desk = staff(("care",))
    care = st.text_of(st.check_html(desk.get("/admin/cases/%s" % tid)))
    assert "The signal is back this morning." in care and "ERP" in care


def test_a_note_on_a_waiting_ticket_sends_it_back_in_progress(partner, stack,
                                                             company_ids):
    cid = company_ids[BITPRO]
    tid = new_ticket(partner, cid, "erp-note-wait").get("id")
    stack.sql("UPDATE cases SET status = 'waiting' WHERE id = %s" % tid)
    r = post_note(partner, tid)
    assert r.status_code == 201, r.text[:500]
    assert parse(r).findtext("state") == "inProgress"
    assert stack.sql("SELECT from_status, to_status FROM case_status_history"
                     " WHERE case_id = %s ORDER BY id DESC LIMIT 1" % tid) == [
        ("waiting", "in-progress")]


def test_a_stale_if_match_is_412_and_adds_nothing(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    tid = new_ticket(partner, cid, "erp-note-stale").get("id")
    old = partner.get("troubleTicket/" + tid).headers["ETag"]
    assert post_note(partner, tid, body=note_body("Someone else's.")).status_code == 201
    before = comment_count(stack, tid)
    root = error(post_note(partner, tid, if_match=old), 412)
    assert root.findtext("code") == "preconditionFailed"
    assert comment_count(stack, tid) == before
    error(post_note(partner, tid, if_match='"not-an-etag"'), 412)
    # The current one, or *, goes through.
    now = partner.get("troubleTicket/" + tid).headers["ETag"]
    assert post_note(partner, tid, if_match=now).status_code == 201
    assert post_note(partner, tid, if_match="*").status_code == 201
    assert comment_count(stack, tid) == before + 2


def test_bad_notes_are_refused(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    tid = new_ticket(partner, cid, "erp-note-bad").get("id")
    before = comment_count(stack, tid)
    error(post_note(partner, tid, body=note_body(" ")), 422, "text")
    error(post_note(partner, tid, body=note_body("x" * 5001)), 422, "text")
    error(post_note(partner, tid, body="<note><text>open"), 400)
    error(post_note(partner, tid, body="<note><body>x</body></note>"), 422, "body")
    r = partner.http.post("/api/v1/troubleTicket/%s/note" % tid, data="plain",
                          headers={"Authorization": "Bearer " + partner.key,
                                   "Content-Type": "text/plain"})
    error(r, 415)
    error(partner.http.post("/api/v1/troubleTicket/%s/note" % tid,
                            headers={"Authorization": "Bearer " + partner.key}), 400, "note")
    # A closed ticket takes no note.
    stack.sql("UPDATE cases SET status = 'closed' WHERE id = %s" % tid)
    error(post_note(partner, tid), 409)
    assert comment_count(stack, tid) == before


def test_another_companys_ticket_is_not_found(partner, stack, company_ids):
    theirs = company_ids[FJORDNET]
    stack.sql("INSERT INTO cases (company_id, kind, category, subject) VALUES"
              " (%s, 'support', 'technical', 'Fjordnet private case')" % theirs)
    kid = rows(stack, "SELECT MAX(id) FROM cases WHERE subject = 'Fjordnet private case'")[0]
    error(post_note(partner, kid), 404)
    error(post_note(partner, 999999999), 404)
    assert comment_count(stack, kid) == 0


# -- keys that may not write ----------------------------------------------------------

def test_tickets_need_the_area_support(kari, stack, company_ids, base, partner):
    cid = company_ids[BITPRO]
    tid = new_ticket(partner, cid, "erp-area").get("id")
    narrow, _ = make_key(kari, cid, name="No support",
                         areas=tuple(a for a in ALL if a != "support"))
    p = Partner(base, narrow)
    before, notes = case_count(stack), comment_count(stack, tid)
    error(post(p, "troubleTicket", ticket_body(cid), idem="no-support"), 403)
    error(post_note(p, tid), 403)
    assert (case_count(stack), comment_count(stack, tid)) == (before, notes)


def test_a_mediation_key_writes_no_ticket(staff, stack, company_ids, base, partner):
    cid = company_ids[BITPRO]
    tid = new_ticket(partner, cid, "erp-mediation").get("id")
    root = make_partner_key(staff(("customers",)), "mediation", "", name="Mediation")
    p = Partner(base, root.findtext("secret"))
    before = case_count(stack)
    error(post(p, "troubleTicket", ticket_body(cid), idem="mediation"), 403)
    error(post_note(p, tid), 403)
    assert case_count(stack) == before


# -- If-Match on an order's cancel ------------------------------------------------------

def test_cancel_with_a_stale_if_match_is_412(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    r = post(partner, "productOrder", order_body(cid, product=DONGLE, quantity="1"),
             idem="cancel-if-match")
    oid = parse(r).get("id")
    old = partner.get("productOrder/" + oid).headers["ETag"]
    stack.sql("UPDATE orders SET tracking_ref = 'TRACK-1', updated_at = NOW()"
              " WHERE id = %s" % oid)
    h = {"Authorization": "Bearer " + partner.key, "If-Match": old}
    error(partner.http.post("/api/v1/productOrder/%s/cancel" % oid, headers=h), 412)
    assert stack.sql("SELECT state FROM orders WHERE id = %s" % oid)[0][0] == "acknowledged"
    h["If-Match"] = partner.get("productOrder/" + oid).headers["ETag"]
    r = partner.http.post("/api/v1/productOrder/%s/cancel" % oid, headers=h)
    assert r.status_code == 200, r.text[:500]
    assert parse(r).findtext("state") == "cancelled"


# -- POST payment: the operator's billing partners ------------------------------------

from test_payments import UNKNOWN as UNKNOWN_KID  # noqa: E402  (valid MOD10, no invoice's)
from test_payments import inv, inv_id, kid_of, restored  # noqa: E402,F401  (autouse)


def payment_body(reference, kid, amount="2557.50", currency="NOK", date="2026-03-02",
                 payer="Bitpro Demo AS", extra=""):
    return ("<?xml version='1.0' encoding='UTF-8'?><payment><reference>%s</reference>"
            "<amount>%s</amount><currency>%s</currency><date>%s</date><kid>%s</kid>"
            "<payer>%s</payer>%s</payment>" % (reference, amount, currency, date, kid,
                                               payer, extra))


@pytest.fixture
def billing(staff, base):
    root = make_partner_key(staff(("customers",)), "billing", "", name="Bank partner")
    key = root.find("api-keys/key[prefix='%s']" % root.findtext("secret").split(".")[0])
    assert key.get("kind") == "billing"
    return Partner(base, root.findtext("secret"))


def payments_count(stack):
    return int(stack.sql("SELECT COUNT(*) FROM payments")[0][0])


def test_payment_pays_the_invoice_the_customer_sees_paid(billing, stack, company_ids, kari):
    cid = company_ids[BITPRO]
    kid = kid_of(stack, "100023")
    r = post(billing, "payment", payment_body("BANK-0001", kid), idem="pay-1")
    assert r.status_code == 201, r.text[:800]
    p = parse(r)
    assert (p.tag, p.findtext("state"), p.findtext("reference"), p.findtext("kid"),
            p.findtext("amount"), p.findtext("currency"), p.findtext("paymentDate"),
            p.findtext("billNo"), p.findtext("billState")) == (
        "payment", "matched", "BANK-0001", kid, "2557.50", "NOK", "2026-03-02", "100023",
        "settled")
    assert p.find("customerBill").get("id") == inv_id(stack, "100023")
    assert p.find("unmatchedReason") is None
    # Paid as a bank file pays: the invoice, the payment with the KID, the
    # transaction under the partner's reference and key.
    assert inv(stack, "100023")[:2] == ("paid", "2557.50")
    assert stack.sql("SELECT source, bank_ref, paid_on, a.kind FROM bank_transactions t"
                     " JOIN api_keys a ON a.id = t.api_key_id WHERE t.id = %s"
                     % p.get("id")) == [("api", "BANK-0001", "2026-03-02", "billing")]
    assert stack.sql("SELECT p.amount, p.reference FROM payments p JOIN bank_transactions t"
                     " ON t.payment_id = p.id WHERE t.id = %s" % p.get("id")) == [
        ("2557.50", kid)]
    detail = stack.sql("SELECT company_id, detail FROM audit_log WHERE action = 'api-payment'"
                       " AND object_id = %s" % p.get("id"))
    assert len(detail) == 1 and detail[0][0] == str(cid)
    assert detail[0][1].startswith("API key Bank partner (sck_") and "BANK-0001" in detail[0][1]
    # The customer's invoice page says paid.
    page = kari.page("/companies/%s/invoices/%s.xml" % (cid, inv_id(stack, "100023")))
    assert (page.find("invoice").get("status"), page.find("invoice").findtext("remaining")) == (
        "paid", "0.00")
    # The reads: one, and the list with its size.
    assert billing.read("payment/" + p.get("id")).findtext("billState") == "settled"
    r = billing.get("payment")
    assert r.status_code == 200 and r.headers["X-Total-Count"] == "1"
    assert [e.get("id") for e in parse(r).findall("payment")] == [p.get("id")]


def test_payment_replayed_or_its_reference_again_pays_nothing_twice(billing, stack):
    kid = kid_of(stack, "100024")
    body = payment_body("BANK-0002", kid, amount="1000.00", payer="Nordlys Eiendom AS")
    first = post(billing, "payment", body, idem="pay-replay")
    assert first.status_code == 201, first.text[:500]
    before = payments_count(stack)
    again = post(billing, "payment", body, idem="pay-replay")
    assert again.status_code == 201 and parse(again).get("id") == parse(first).get("id")
    error(post(billing, "payment", payment_body("BANK-0003", kid, amount="5.00"),
               idem="pay-replay"), 422, "Idempotency-Key")
    # The same reference under another Idempotency-Key: the payment was had.
    error(post(billing, "payment", body, idem="pay-replay-2"), 409, "reference")
    assert payments_count(stack) == before
    assert inv(stack, "100024")[:2] == ("partly_paid", "1000.00")
    error(post(billing, "payment", body), 400, "Idempotency-Key")


def test_a_payment_that_pays_no_invoice_is_kept_unmatched(billing, stack):
    before = payments_count(stack)
    r = post(billing, "payment", payment_body("BANK-0004", UNKNOWN_KID, amount="150.00"),
             idem="pay-unknown")
    assert r.status_code == 201, r.text[:500]
    p = parse(r)
    assert (p.findtext("state"), p.findtext("unmatchedReason")) == ("unmatched", "unknown_kid")
    assert p.find("customerBill") is None
    r = post(billing, "payment", payment_body("BANK-0005", kid_of(stack, "100021"),
                                              amount="3000.00"), idem="pay-over")
    assert parse(r).findtext("unmatchedReason") == "overpaid"
    assert payments_count(stack) == before
    assert inv(stack, "100021")[:2] == ("partly_paid", "500.00")
    assert stack.sql("SELECT t.bank_ref, u.reason FROM unmatched_payments u JOIN"
                     " bank_transactions t ON t.id = u.bank_transaction_id ORDER BY u.id") == [
        ("BANK-0004", "unknown_kid"), ("BANK-0005", "overpaid")]
    # The state filter.
    got = billing.read("payment?state=unmatched")
    assert {e.findtext("reference") for e in got.findall("payment")} == {"BANK-0004",
                                                                         "BANK-0005"}
    assert billing.read("payment?state=matched").findall("payment") == []


@pytest.mark.parametrize("over,field", [
    ({"amount": "0"}, "amount"),
    ({"amount": "12.345"}, "amount"),
    ({"amount": "-5.00"}, "amount"),
    ({"amount": "ten"}, "amount"),
    ({"currency": "nok"}, "currency"),
    ({"date": "2026-02-30"}, "date"),
    ({"date": "02.03.2026"}, "date"),
    ({"kid": "12x4"}, "kid"),
    ({"payer": "x" * 141}, "payer"),
    ({"extra": "<invoice>100023</invoice>"}, "invoice"),
])
def test_invalid_payment_is_422_with_the_field(billing, stack, over, field):
    before = (payments_count(stack), inv(stack, "100023"))
    over = dict(over)
    body = payment_body("BANK-BAD", over.pop("kid", kid_of(stack, "100023")), **over)
    error(post(billing, "payment", body, idem="pay-bad-" + field), 422, field)
    assert (payments_count(stack), inv(stack, "100023")) == before
    assert stack.sql("SELECT COUNT(*) FROM bank_transactions")[0][0] == "0"


def test_a_payment_body_not_xml_malformed_or_with_a_doctype_is_refused(billing, stack):
    kid = kid_of(stack, "100023")
    error(post(billing, "payment", '{"amount": 1}', idem="p-json",
               ctype="application/json"), 415)
    error(post(billing, "payment", "<payment><amount>1", idem="p-open"), 400)
    body = ("<?xml version='1.0'?><!DOCTYPE payment [<!ENTITY x SYSTEM"
            " 'file:///etc/passwd'>]>" + payment_body("BANK-DTD", kid, payer="&x;").split(
                "?>", 1)[1])
    error(post(billing, "payment", body, idem="p-doctype"), 400)
    assert stack.sql("SELECT COUNT(*) FROM bank_transactions")[0][0] == "0"


def test_payments_need_a_billing_key_and_it_reads_nothing_else(billing, partner, staff,
                                                               stack, company_ids, base):
    kid = kid_of(stack, "100023")
    body = payment_body("BANK-KIND", kid)
    # A company's key and a reseller's: 403, nothing paid.
    reseller = Partner(base, make_partner_key(staff(("customers",)), "reseller",
                                              company_ids[BITPRO]).findtext("secret"))
    for p in (partner, reseller):
        error(post(p, "payment", body, idem="kind"), 403)
        error(p.get("payment"), 403)
    assert stack.sql("SELECT COUNT(*) FROM bank_transactions")[0][0] == "0"
    assert inv(stack, "100023")[0] == "unpaid"
    # The billing key reads no company's resources and writes nothing else.
    for res in ("organization", "customerBill", "troubleTicket", "productOffering"):
        error(billing.get(res), 403)
    error(post(billing, "troubleTicket", ticket_body(company_ids[BITPRO]), idem="b-t"), 403)
    error(billing.get("payment/999999999"), 404)
