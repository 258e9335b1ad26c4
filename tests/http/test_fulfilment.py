"""The back office's order fulfilment (role "fulfilment"): the queue by
state and age; an order taken, started, fulfilled (an ICCID per SIM card,
checked by its Luhn digit, and the shipment's tracking reference) and
completed or failed with a reason; each step on the customer's timeline,
in the company's audit log, mails to the one who ordered at the end;
moves the state machine does not allow refused with nothing written; bad
input refused; a one-off charge per item on completion, which the billing
run puts on the company's invoice. Every document is checked against its
schema (Client.page).

Each test orders for a company of its own, so no other test's queue,
charges or invoices move."""

import uuid

import pytest

import stack as st
from test_backoffice_billing import company_billed_in, count, free_period
from test_orders import place

ICCIDS = ("8947000000000000012", "8945 0000 1234 5678 9016")


@pytest.fixture
def desk(staff):
    """Order fulfilment's staff member: that role only."""
    return staff(("fulfilment",))


def own_company(stack):
    """A company of its own with a NOK account at 25 % VAT and nothing
    else; its id."""
    return company_billed_in(stack, None, ())[0]


@pytest.fixture
def ordered(stack, member):
    """An order of two SIM cards by a member of a company of its own:
    (the member's client, company id, order id, portal path)."""
    cid = own_company(stack)
    client = member(cid, ("orders",))
    _, path = place(client, cid, quantity="2")
    return client, cid, path.rsplit("/", 1)[1], path


def act(client, oid, action, **data):
    root = client.page("/admin/orders/%s" % oid)
    data.update(csrf=root.findtext("context/csrf"), formkey=root.findtext("context/formkey"))
    return client.post("/admin/orders/%s/%s" % (oid, action), data, xml=True)


def actions(client, oid):
    return [a.text for a in client.page("/admin/orders/%s" % oid).findall("actions/action")]


def completed_at(stack, oid):
    return stack.sql("SELECT completed_at FROM orders WHERE id = %s" % oid)[0][0]


def audit(stack, oid):
    return stack.sql("SELECT action, staff_id IS NOT NULL, company_id FROM audit_log"
                     " WHERE object = 'order' AND object_id = %s ORDER BY id" % oid)


def test_queue_by_state_and_age(stack, desk, ordered):
    _, cid, oid, _ = ordered
    q = desk.page("/admin/orders").find("queue")
    assert q.get("state") == "open"
    o = q.find("order[@id='%s']" % oid)
    assert o.get("state") == "acknowledged" and o.find("age").get("days") == "0"
    assert o.find("company").get("id") == cid and o.find("assignee") is None
    # The oldest first.
    created = [e.findtext("created") for e in q.findall("order")]
    assert created == sorted(created)
    assert desk.page("/admin/orders?state=completed").find(
        "queue/order[@id='%s']" % oid) is None
    assert desk.page("/admin/orders?state=acknowledged").find(
        "queue/order[@id='%s']" % oid) is not None
    page = st.check_html(desk.get("/admin/orders"))
    assert page.xpath("//a[@href=$h]", h="/admin/orders/%s" % oid)
    assert desk.get("/admin/orders?state=sideways").status_code == 400


def test_take_start_fulfil_complete_and_billed(stack, desk, ordered):
    client, cid, oid, path = ordered
    me = stack.sql("SELECT id FROM staff WHERE email = 'staff.fulfilment@operator"
                   ".example.no'")[0][0]
    assert actions(desk, oid) == ["take", "start"]
    r = act(desk, oid, "take")
    assert r.status_code == 303 and st.location_path(r).endswith("?done=order-taken")
    o = desk.page("/admin/orders/%s" % oid).find("order")
    assert o.find("assignee").get("id") == me
    assert o.findtext("ordered-by/email") == client.user

    assert act(desk, oid, "start").status_code == 303
    assert actions(desk, oid) == ["take", "fulfil", "fail"]
    page = st.check_html(desk.get("/admin/orders/%s" % oid))
    assert page.xpath("//form[@action=$a]//textarea[@name='iccid']",
                      a="/admin/orders/%s/fulfil" % oid)
    assert not page.xpath("//form[@action=$a]", a="/admin/orders/%s/complete" % oid)
    # Not complete before it is sent.
    r = act(desk, oid, "complete")
    assert r.status_code == 409
    assert st.validate_xml(r).find("form/error").get("code") == "not-allowed"

    # Bad input: nothing written.
    for data, field, code in (
            ({"tracking": "", "iccid": "\n".join(ICCIDS)}, "tracking", "required"),
            ({"tracking": "NO123", "iccid": "8947000000000000013\n" + ICCIDS[1]},
             "iccid", "invalid"),
            ({"tracking": "NO123", "iccid": ICCIDS[0]}, "iccid", "invalid"),
            ({"tracking": "NO123", "iccid": "\n".join(ICCIDS + ICCIDS)}, "iccid",
             "invalid"),
            ({"tracking": "NO123", "iccid": "89470000000000000l2"}, "iccid", "invalid"),
            ({"tracking": "NO123"}, "iccid", "required"),
            ({"tracking": "NO123", "iccid": ""}, "iccid", "required")):
        r = act(desk, oid, "fulfil", **data)
        assert r.status_code == 400, (data, r.text[:500])
        assert st.validate_xml(r).find("form/error[@field='%s']" % field).get(
            "code") == code, data
    assert stack.sql("SELECT tracking_ref FROM orders WHERE id = %s" % oid)[0][0] == "NULL"
    assert count(stack, "order_items WHERE order_id = %s AND iccid IS NOT NULL" % oid) == 0

    tracking = "NO%s" % uuid.uuid4().hex[:10].upper()
    r = act(desk, oid, "fulfil", tracking=tracking, iccid="\r\n".join(ICCIDS) + "\n")
    assert r.status_code == 303, r.text[:1000]
    # Once: a second shipment of the same order is refused.
    assert act(desk, oid, "fulfil", tracking="X1", iccid="\n".join(ICCIDS)).status_code == 409

    mails = count(stack, "mail_outbox WHERE recipient = '%s'" % client.user)
    assert actions(desk, oid) == ["take", "complete", "fail"]
    assert completed_at(stack, oid) == "NULL"
    assert act(desk, oid, "complete").status_code == 303
    assert act(desk, oid, "complete").status_code == 409
    # When it was completed, on the order, as its completion's event has it
    # (the same second or the next: two statements).
    assert stack.sql("SELECT TIMESTAMPDIFF(SECOND, e.at, o.completed_at) FROM orders o"
                     " JOIN order_events e ON e.order_id = o.id AND e.to_state = 'completed'"
                     " WHERE o.id = %s" % oid)[0][0] in ("0", "1")

    # What the customer sees: each step, the shipment, the cards.
    o = client.page(path + ".xml").find("order")
    assert o.get("state") == "completed" and o.findtext("tracking") == tracking
    assert o.findtext("items/item/iccid") == "8947000000000000012 89450000123456789016"
    events = o.findall("timeline/event")
    assert [(e.get("from"), e.get("to")) for e in events] == [
        (None, "acknowledged"), ("acknowledged", "inProgress"),
        ("inProgress", "inProgress"), ("inProgress", "completed")]
    assert all(e.find("by").get("operator") == "yes" for e in events[1:])
    assert tracking in events[2].findtext("note")
    html = client.get(path).text
    assert tracking in html and "89450000123456789016" in html
    # The mail to who ordered, in their language (the member's: nb).
    assert count(stack, "mail_outbox WHERE recipient = '%s'" % client.user) == mails + 1
    subject, body = stack.sql("SELECT subject, body FROM mail_outbox WHERE recipient = '%s'"
                              " ORDER BY id DESC LIMIT 1" % client.user)[0]
    assert subject == "Ordren din %s er fullført" % oid
    assert "/companies/%s/orders/%s" % (cid, oid) in body
    # Every step in the company's log, by the staff member.
    assert audit(stack, oid) == [
        ("order-create", "0", cid), ("order-take", "1", cid), ("order-start", "1", cid),
        ("order-fulfil", "1", cid), ("order-complete", "1", cid)]

    # The one-off charge, for the next invoice.
    charges = stack.sql("SELECT id, quantity, unit_price, currency, vat_rate, invoice_id,"
                        " charged_on = CURDATE(), description FROM charges"
                        " WHERE company_id = %s" % cid)
    assert len(charges) == 1
    charge = charges[0]
    assert charge[1:7] == ("2", "99.00", "NOK", "NULL", "NULL", "1")
    assert charge[7].endswith("#%s" % oid)
    # The billing run bills it: dated into a month no other test bills, so
    # only this company's invoice is made (test_backoffice_billing's way).
    period = free_period(stack)
    stack.sql("UPDATE charges SET charged_on = '%s-15' WHERE id = %s" % (period, charge[0]))
    r = stack.selfcare("bill", "--period", period, "--date", period + "-28", check=False)
    assert r.returncode == 0, r.stdout
    inv = stack.sql("SELECT id, net, vat, total FROM invoices WHERE company_id = %s" % cid)
    assert len(inv) == 1 and inv[0][1:] == ("198.00", "49.50", "247.50")
    assert stack.sql("SELECT quantity, unit_price, net, description FROM invoice_lines"
                     " WHERE invoice_id = %s" % inv[0][0]) == [
        ("2", "99.00", "198.00", charge[7])]
    assert stack.sql("SELECT invoice_id FROM charges WHERE id = %s" % charge[0]) == [
        (inv[0][0],)]


def test_fail_with_a_reason(stack, desk, ordered):
    client, cid, oid, path = ordered
    assert act(desk, oid, "start").status_code == 303
    r = act(desk, oid, "fail", reason="  ")
    assert r.status_code == 400
    assert st.validate_xml(r).find("form/error[@field='reason']").get("code") == "required"
    assert stack.sql("SELECT state FROM orders WHERE id = %s" % oid)[0][0] == "inProgress"
    reason = "Ikke på lager %s" % uuid.uuid4().hex[:6]
    r = act(desk, oid, "fail", reason=reason)
    assert r.status_code == 303 and st.location_path(r).endswith("?done=order-failed")
    o = client.page(path + ".xml").find("order")
    assert o.get("state") == "failed"
    assert o.findall("timeline/event")[-1].findtext("note") == reason
    subject, body = stack.sql("SELECT subject, body FROM mail_outbox WHERE recipient = '%s'"
                              " ORDER BY id DESC LIMIT 1" % client.user)[0]
    assert subject == "Ordren din %s kunne ikke gjennomføres" % oid and reason in body
    assert ("order-fail", "1", cid) in audit(stack, oid)
    # Failed is final: nothing moves it, nothing is charged.
    assert actions(desk, oid) == []
    for action in ("take", "start", "complete"):
        assert act(desk, oid, action).status_code == 409, action
    assert act(desk, oid, "fail", reason="again").status_code == 409
    assert count(stack, "order_events WHERE order_id = %s" % oid) == 3
    assert completed_at(stack, oid) == "NULL"
    assert count(stack, "charges WHERE company_id = %s" % cid) == 0


@pytest.mark.parametrize("state", ["acknowledged", "held", "cancelled", "completed"])
def test_moves_the_state_machine_refuses(stack, desk, ordered, state):
    _, cid, oid, _ = ordered
    stack.sql("UPDATE orders SET state = '%s' WHERE id = %s" % (state, oid))
    before = count(stack, "order_events WHERE order_id = %s" % oid)
    # The operator starts what is acknowledged only (held waits for the
    # customer's approval).
    if state != "acknowledged":
        assert act(desk, oid, "start").status_code == 409
    # Fulfil, complete and fail need it in progress.
    assert act(desk, oid, "fulfil", tracking="NO1", iccid="\n".join(ICCIDS)).status_code \
        == 409
    assert act(desk, oid, "complete").status_code == 409
    assert act(desk, oid, "fail", reason="No").status_code == 409
    assert count(stack, "order_events WHERE order_id = %s" % oid) == before
    assert stack.sql("SELECT state FROM orders WHERE id = %s" % oid)[0][0] == state
    assert count(stack, "charges WHERE company_id = %s" % cid) == 0


def test_a_hardware_order_takes_no_iccid(stack, desk, member):
    cid = own_company(stack)
    client = member(cid, ("orders",))
    _, path = place(client, cid, product="23", quantity="1")
    oid = path.rsplit("/", 1)[1]
    assert act(desk, oid, "start").status_code == 303
    r = act(desk, oid, "fulfil", tracking="NO9", iccid=ICCIDS[0])
    assert r.status_code == 400
    assert act(desk, oid, "fulfil", tracking="NO9").status_code == 303
    assert act(desk, oid, "complete").status_code == 303
    assert count(stack, "charges WHERE company_id = %s" % cid) == 1


def test_unknown_order_and_other_roles(stack, desk, staff, ordered):
    desk.page("/admin/orders/99999999", status=404)
    assert act_blind(desk, ordered[2], "99999999", "start").status_code == 404
    care = staff(("care",))
    assert care.get("/admin/orders", xml=True).status_code == 403
    assert care.get("/admin/orders/%s" % ordered[2], xml=True).status_code == 403


def act_blind(client, real, oid, action):
    root = client.page("/admin/orders/%s" % real)
    return client.post("/admin/orders/%s/%s" % (oid, action),
                       {"csrf": root.findtext("context/csrf"),
                        "formkey": root.findtext("context/formkey")}, xml=True)
