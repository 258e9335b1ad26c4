"""Orders of SIM cards and hardware: the form with the company's catalogue
and members, the delivery address, the summary with VAT, one order per form
key, the company's orders, an order's timeline, cancelling it as the state
machine allows, bad input, and another company's orders invisible."""

import uuid

import pytest

import stack as st

BITPRO, FJORDNET = "Bitpro Demo AS", "Fjordnet ApS"
SIM, DONGLE, PLAN = "22", "23", "1"


def count(stack, where):
    return int(stack.sql("SELECT COUNT(*) FROM " + where)[0][0])


def start(client, cid):
    root = client.page("/companies/%s/orders/new.xml" % cid)
    values = {v.get("name"): v.text for v in root.findall("form/value")}
    member = root.find("members/member").get("id")
    data = {"csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey"),
            "product": SIM, "quantity": "3", "user": member}
    for name in ("name", "street", "postcode", "city"):
        data[name] = values[name]
    return root, data


def post(client, cid, data, **over):
    d = dict(data)
    d.update(over)
    return client.post("/companies/%s/orders/new" % cid, d)


def place(client, cid, **over):
    _, data = start(client, cid)
    data.update(over)
    r = post(client, cid, data, step="confirm")
    assert r.status_code == 303, r.text[:2000]
    return data, st.location_path(r).split("?")[0]


def test_form_offers_the_catalogue_members_and_address(kari, stack, company_ids):
    cid = company_ids[BITPRO]
    root, data = start(kari, cid)
    kinds = {p.get("kind") for p in root.findall("products/product")}
    assert kinds == {"sim", "hardware"}
    sim = root.find("products/product[@id='%s']" % SIM)
    assert sim.findtext("oneoff") == "99.00" and sim.find("oneoff").get("currency") == "NOK"
    assert root.find("products/product[@id='%s']" % PLAN) is None
    street, postcode = stack.sql("SELECT street, postcode FROM companies WHERE id = %s"
                                 % cid)[0]
    assert data["street"] == street and data["postcode"] == postcode
    page = st.check_html(kari.get("/companies/%s/orders/new" % cid))
    assert page.xpath("//select[@name='product']/option[@value=$v]", v=SIM)
    assert page.xpath("//select[@name='user']/option")


def test_summary_then_one_order_per_form_key(kari, stack, company_ids):
    cid = company_ids[BITPRO]
    _, data = start(kari, cid)
    data["street"] = "Ny gate %s" % uuid.uuid4().hex[:6]
    data["postcode"] = "7011"
    before = count(stack, "orders WHERE company_id = %s" % cid)
    r = post(kari, cid, data, step="summary")
    assert r.status_code == 200
    root = st.validate_xml(kari.post("/companies/%s/orders/new" % cid,
                                     dict(data, step="summary"), xml=True))
    s = root.find("summary")
    assert s.findtext("quantity") == "3" and s.findtext("delivery/street") == data["street"]
    assert s.findtext("net") == "297.00"
    assert s.findtext("vat") == "74.25" and s.findtext("total") == "371.25"
    assert count(stack, "orders WHERE company_id = %s" % cid) == before
    # Back to the form: what was entered is kept.
    root = st.validate_xml(kari.post("/companies/%s/orders/new" % cid,
                                     dict(data, step="edit"), xml=True))
    assert root.find("summary") is None
    assert root.find("form/value[@name='street']").text == data["street"]
    first = post(kari, cid, data, step="confirm")
    again = post(kari, cid, data, step="confirm")
    assert first.status_code == again.status_code == 303
    assert st.location_path(first) == st.location_path(again)
    assert count(stack, "orders WHERE company_id = %s AND form_key = '%s'"
                 % (cid, data["formkey"])) == 1
    assert count(stack, "orders WHERE company_id = %s" % cid) == before + 1
    assert st.location_path(first).endswith("?done=order-placed")
    path = st.location_path(first).split("?")[0]
    o = kari.page(path + ".xml").find("order")
    assert o.get("state") == "acknowledged" and o.get("cancellable") == "yes"
    assert o.findtext("delivery/street") == data["street"]
    item = o.find("items/item")
    assert item.findtext("quantity") == "3" and item.findtext("oneoff") == "99.00"
    assert [e.get("to") for e in o.findall("timeline/event")] == ["acknowledged"]
    oid = o.get("id")
    assert count(stack, "audit_log WHERE action = 'order-create' AND object_id = %s"
                 % oid) == 1
    listed = kari.page("/companies/%s/orders.xml" % cid).find("orders/order[@id='%s']" % oid)
    assert listed.get("state") == "acknowledged" and listed.findtext("quantity") == "3"
    page = st.check_html(kari.get(path + "?done=order-placed"))
    assert page.xpath("//form[@action=$a]", a=path + "/cancel")


@pytest.mark.parametrize("field,value,code", [
    ("postcode", "12", "invalid"),
    ("postcode", "", "required"),
    ("quantity", "0", "invalid"),
    ("quantity", "101", "invalid"),
    ("quantity", "tre", "invalid"),
    ("quantity", "", "required"),
    ("product", PLAN, "invalid"),
    ("product", "999999", "invalid"),
    ("product", "", "required"),
    ("user", "999999", "invalid"),
    ("street", "", "required"),
    ("step", "sideways", "invalid"),
])
def test_bad_input_refused(kari, stack, company_ids, field, value, code):
    cid = company_ids[BITPRO]
    _, data = start(kari, cid)
    data[field] = value
    before = count(stack, "orders")
    step = {} if field == "step" else {"step": "confirm"}
    r = kari.post("/companies/%s/orders/new" % cid, dict(data, **step), xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    assert root.find("form/error[@field='%s']" % field).get("code") == code
    assert root.find("summary") is None
    assert count(stack, "orders") == before


def test_a_member_of_another_company_is_refused(kari, stack, company_ids):
    cid = company_ids[BITPRO]
    _, data = start(kari, cid)
    other = stack.sql("SELECT MIN(user_id) FROM memberships WHERE company_id = %s AND"
                      " user_id NOT IN (SELECT user_id FROM memberships WHERE company_id = %s)"
                      % (company_ids[FJORDNET], cid))[0][0]
    r = kari.post("/companies/%s/orders/new" % cid, dict(data, user=other, step="confirm"),
                  xml=True)
    assert r.status_code == 400
    assert st.validate_xml(r).find("form/error[@field='user']").get("code") == "invalid"


def cancel(client, path):
    root = client.page(path + ".xml")
    return client.post(path + "/cancel", {"csrf": root.findtext("context/csrf"),
                                          "formkey": root.findtext("context/formkey")},
                       xml=True)


def test_cancel_as_the_state_machine_allows(kari, stack, company_ids):
    cid = company_ids[BITPRO]
    _, path = place(kari, cid, product=DONGLE, quantity="1")
    r = cancel(kari, path)
    assert r.status_code == 303
    o = kari.page(path + ".xml").find("order")
    assert o.get("state") == "cancelled" and o.get("cancellable") is None
    events = o.findall("timeline/event")
    assert [(e.get("from"), e.get("to")) for e in events] == [
        (None, "acknowledged"), ("acknowledged", "cancelled")]
    assert events[1].findtext("by") == "Kari Nordmann"
    # Cancelled is final: a second cancel is refused, nothing written.
    r = cancel(kari, path)
    assert r.status_code == 409
    assert st.validate_xml(r).find("form/error").get("code") == "not-allowed"
    oid = o.get("id")
    assert count(stack, "order_events WHERE order_id = %s" % oid) == 2


@pytest.mark.parametrize("state", ["inProgress", "completed", "failed", "held"])
def test_cancel_refused_once_the_operator_has_it(kari, stack, company_ids, state):
    cid = company_ids[BITPRO]
    _, path = place(kari, cid)
    oid = path.rsplit("/", 1)[1]
    stack.sql("UPDATE orders SET state = '%s' WHERE id = %s" % (state, oid))
    r = cancel(kari, path)
    if state == "held":
        # Rejected while waiting for approval: the customer may.
        assert r.status_code == 303
        assert kari.page(path + ".xml").find("order").get("state") == "cancelled"
        return
    assert r.status_code == 409
    assert kari.page(path + ".xml").find("order").get("state") == state
    assert count(stack, "order_events WHERE order_id = %s" % oid) == 1


def test_another_companys_orders_are_invisible(kari, stack, company_ids):
    import declared
    cid = company_ids[BITPRO]
    theirs = declared._throwaway_order(stack, company_ids[FJORDNET])
    kari.page("/companies/%s/orders/%s.xml" % (cid, theirs), status=404)
    root = kari.page("/companies/%s/orders.xml" % cid)
    assert root.find("orders/order[@id='%s']" % theirs) is None
    r = cancel_blind(kari, cid, theirs)
    assert r.status_code == 404
    assert stack.sql("SELECT state FROM orders WHERE id = %s" % theirs)[0][0] == "acknowledged"
    # Nor by Fjordnet's id: Kari is no member there.
    kari.page("/companies/%s/orders/%s.xml" % (company_ids[FJORDNET], theirs), status=404)


def cancel_blind(client, cid, oid):
    root = client.page("/companies/%s/orders/new.xml" % cid)
    return client.post("/companies/%s/orders/%s/cancel" % (cid, oid),
                       {"csrf": root.findtext("context/csrf"),
                        "formkey": root.findtext("context/formkey")}, xml=True)
