"""Approvals: a company's rules (an amount, or members who are not full
administrators) hold a new order; the full administrators get a mail with
a link and decide on the order's page: approved it goes to the operator's
queue, rejected it is cancelled with the comment, and the orderer is told
by mail and on the timeline. A manager cannot decide, not even their own;
another company's orders are not found; a held order is not in the
operator's queue."""

import pytest

import stack as st
from test_orders import place

BITPRO, FJORDNET = "Bitpro Demo AS", "Fjordnet ApS"
KARI = "kari.nordmann@example.no"


@pytest.fixture(autouse=True)
def no_rules(stack):
    stack.sql("DELETE FROM approval_rules")
    yield
    stack.sql("DELETE FROM approval_rules")


def set_rules(client, cid, limit="", members=False):
    root = client.page("/companies/%s/approvals" % cid)
    data = {"csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey"),
            "limit": limit}
    if members:
        data["members"] = "yes"
    return client.post("/companies/%s/approvals" % cid, data)


def state_of(stack, oid):
    return stack.sql("SELECT state FROM orders WHERE id = %s" % oid)[0][0]


def order_id(path):
    return path.rsplit("/", 1)[1]


def decide(client, path, action, **data):
    page = client.page(path)
    d = {"csrf": page.findtext("context/csrf"), "formkey": page.findtext("context/formkey")}
    d.update(data)
    return client.post(path + "/" + action, d)


def in_queue(desk, oid):
    return desk.page("/admin/orders").find("queue/order[@id='%s']" % oid) is not None


def test_the_rules_page_sets_and_shows_the_rules(kari, stack, company_ids):
    cid = company_ids[BITPRO]
    root = kari.page("/companies/%s/approvals" % cid)
    assert root.find("rules/limit") is None and root.find("rules/members") is None
    assert root.find("rules").get("currency") == "NOK"
    r = set_rules(kari, cid, limit="1 500,50", members=True)
    assert r.status_code == 303 and "done=approval-rules-saved" in r.headers["Location"]
    root = kari.page("/companies/%s/approvals" % cid)
    assert root.findtext("rules/limit") == "1500.50" and root.find("rules/members") is not None
    assert stack.sql("SELECT amount, currency, members FROM approval_rules WHERE company_id = %s"
                     % cid) == [("1500.50", "NOK", "1")]
    assert stack.sql("SELECT detail FROM audit_log WHERE company_id = %s AND action ="
                     " 'approval-rules' ORDER BY id DESC LIMIT 1" % cid)[0][0] \
        == "limit=1500.50 members=yes"
    page = st.check_html(kari.get("/companies/%s/approvals" % cid))
    assert page.xpath("//input[@name='members' and @checked]")
    # Emptied: no limit; unticked: no member rule.
    assert set_rules(kari, cid).status_code == 303
    root = kari.page("/companies/%s/approvals" % cid)
    assert root.find("rules/limit") is None and root.find("rules/members") is None


@pytest.mark.parametrize("bad", ["many", "-5", "12.345", "1" * 20])
def test_a_bad_limit_is_refused_and_kept(kari, stack, company_ids, bad):
    cid = company_ids[BITPRO]
    assert set_rules(kari, cid, limit="700").status_code == 303
    r = set_rules(kari, cid, limit=bad, members=True)
    assert r.status_code == 400
    root = st.validate_xml(kari.post("/companies/%s/approvals" % cid, {
        "csrf": kari.csrf("/companies/%s/approvals" % cid), "formkey": "k" * 43,
        "limit": bad}, xml=True))
    assert root.find("form/error[@field='limit']").get("code") == "invalid"
    assert root.find("form/value[@name='limit']").text == bad
    assert stack.sql("SELECT amount FROM approval_rules WHERE company_id = %s" % cid)[0][0] \
        == "700.00"


def test_an_order_above_the_amount_is_held_and_the_approvers_mailed(
        kari, stack, company_ids, staff):
    cid = company_ids[BITPRO]
    set_rules(kari, cid, limit="200")
    before = stack.mails_to(KARI)
    _, path = place(kari, cid, quantity="3")          # 3 × 99.00
    oid = order_id(path)
    assert state_of(stack, oid) == "held"
    o = kari.page(path).find("order")
    assert o.get("state") == "held"
    held = o.find("timeline/event[@to='held']")
    assert held.get("from") == "acknowledged"
    assert "297.00" in held.findtext("note") and "200.00" in held.findtext("note")
    mail = stack.wait_for_mail(KARI, after=before)
    body = st.mail_body(mail)
    assert st.mail_checked(mail)["Subject"].find(oid) >= 0
    assert "%s/companies/%s/orders/%s" % (stack.base_url, cid, oid) in body
    assert "297.00" in body
    # Not the operator's to do until approved.
    desk = staff(("fulfilment",))
    assert not in_queue(desk, oid)
    assert desk.page("/admin/orders?state=held").find("queue/order[@id='%s']" % oid) \
        is not None
    # One at or below the limit goes on as before.
    _, path = place(kari, cid, quantity="2")
    assert state_of(stack, order_id(path)) == "acknowledged"
    assert in_queue(desk, order_id(path))


def test_a_members_order_is_held_and_an_administrators_is_not(
        kari, member, stack, company_ids):
    cid = company_ids[BITPRO]
    set_rules(kari, cid, members=True)
    m = member(cid, ("orders",))
    _, path = place(m, cid, quantity="1")
    o = m.page(path).find("order")
    assert o.get("state") == "held"
    assert "not a full administrator" in "".join(
        e.findtext("note") or "" for e in o.findall("timeline/event")) or \
        o.find("timeline/event[@to='held']").findtext("note")
    # The member sees no decision, on the order page or anywhere.
    assert m.page(path).find("approval") is None
    _, path = place(kari, cid, quantity="1")
    assert state_of(stack, order_id(path)) == "acknowledged"


def test_approve_sends_it_to_the_operator_and_tells_the_orderer(
        kari, member, stack, company_ids, staff):
    cid = company_ids[BITPRO]
    set_rules(kari, cid, members=True)
    m = member(cid, ("orders",))
    _, path = place(m, cid, quantity="1")
    oid = order_id(path)
    root = kari.page(path)
    assert root.find("approval").get("decide") == "yes"
    page = st.check_html(kari.get(path))
    assert page.xpath("//form[@action=$a]", a=path + "/approve")
    assert page.xpath("//form[@action=$a]//textarea[@name='comment']", a=path + "/reject")
    dec = kari.page(path + "/decision")
    assert dec.find("order").get("state") == "held"
    assert dec.findtext("order/total") == "99.00"
    assert dec.findtext("order/why")
    before = stack.mails_to(m.user)
    r = decide(kari, path, "approve")
    assert r.status_code == 303 and "done=order-approved" in r.headers["Location"]
    assert state_of(stack, oid) == "acknowledged"
    ev = kari.page(path).find("order/timeline")[-1]
    assert (ev.get("from"), ev.get("to")) == ("held", "acknowledged")
    assert ev.findtext("by") == "Kari Nordmann"
    assert kari.page(path).find("approval") is None
    assert in_queue(staff(("fulfilment",)), oid)
    body = st.mail_body(stack.wait_for_mail(m.user, after=before))
    assert oid in body and "/companies/%s/orders/%s" % (cid, oid) in body
    # Decided once: a second approval, or a rejection now, is refused.
    r = kari.post(path + "/approve", {"csrf": kari.csrf(path), "formkey": "a" * 43},
                  xml=True)
    assert r.status_code == 409
    assert st.validate_xml(r).find("form/error").get("code") == "not-allowed"
    assert decide(kari, path, "reject", comment="Too late").status_code == 409
    assert state_of(stack, oid) == "acknowledged"


def test_reject_needs_a_comment_and_the_orderer_sees_why(
        kari, member, stack, company_ids, staff):
    cid = company_ids[BITPRO]
    set_rules(kari, cid, limit="50")
    m = member(cid, ("orders",))
    _, path = place(m, cid, quantity="1")
    oid = order_id(path)
    r = kari.post(path + "/reject", {"csrf": kari.csrf(path), "formkey": "r" * 43,
                                     "comment": "   "}, xml=True)
    assert r.status_code == 400
    assert st.validate_xml(r).find("form/error[@field='comment']").get("code") == "required"
    assert state_of(stack, oid) == "held"
    before = stack.mails_to(m.user)
    r = decide(kari, path, "reject", comment="We have spare SIM cards in the office")
    assert r.status_code == 303 and "done=order-rejected" in r.headers["Location"]
    assert state_of(stack, oid) == "cancelled"
    ev = m.page(path).find("order/timeline")[-1]
    assert (ev.get("from"), ev.get("to")) == ("held", "cancelled")
    assert ev.findtext("note") == "We have spare SIM cards in the office"
    page = st.check_html(m.get(path))
    assert "We have spare SIM cards in the office" in "".join(page.itertext())
    body = st.mail_body(stack.wait_for_mail(m.user, after=before))
    assert "We have spare SIM cards in the office" in body
    assert stack.sql("SELECT detail FROM audit_log WHERE action = 'order-reject' AND"
                     " object_id = %s" % oid)[0][0] == "We have spare SIM cards in the office"
    assert not in_queue(staff(("fulfilment",)), oid)


def test_a_manager_cannot_decide_not_even_their_own(kari, member, stack, company_ids):
    cid = company_ids[BITPRO]
    set_rules(kari, cid, members=True)
    m = member(cid, ("orders", "support", "users", "subscriptions", "invoices"))
    _, path = place(m, cid, quantity="1")
    oid = order_id(path)
    assert m.get(path + "/decision").status_code == 403
    for action, data in (("approve", {}), ("reject", {"comment": "no"})):
        d = {"csrf": m.csrf(path), "formkey": "m" * 43}
        d.update(data)
        assert m.post(path + "/" + action, d).status_code == 403
    assert m.get("/companies/%s/approvals" % cid).status_code == 403
    assert state_of(stack, oid) == "held"
    assert stack.sql("SELECT COUNT(*) FROM order_events WHERE order_id = %s" % oid)[0][0] == "2"


def test_another_companys_order_is_not_found(kari, mette, stack, company_ids):
    import declared
    cid, theirs_cid = company_ids[BITPRO], company_ids[FJORDNET]
    theirs = declared._throwaway_order(stack, theirs_cid)
    stack.sql("UPDATE orders SET state = 'held' WHERE id = %s" % theirs)
    path = "/companies/%s/orders/%s" % (cid, theirs)
    assert kari.get(path + "/decision").status_code == 404
    mine = kari.csrf("/companies/%s/orders" % cid)
    assert kari.post(path + "/approve", {"csrf": mine, "formkey": "x" * 43}).status_code == 404
    assert kari.post(path + "/reject", {"csrf": mine, "formkey": "y" * 43,
                                        "comment": "no"}).status_code == 404
    assert state_of(stack, theirs) == "held"
    # Their rules are theirs: Bitpro's limit holds nothing of Fjordnet's.
    set_rules(kari, cid, limit="1")
    assert stack.sql("SELECT COUNT(*) FROM approval_rules WHERE company_id = %s"
                     % theirs_cid)[0][0] == "0"
