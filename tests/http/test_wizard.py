"""The new-subscription wizard (area "orders"): its steps (user found by
name or a new one, plan of the company's catalogue, a new number or one
ported in, physical SIM or eSIM, cost centre, summary with VAT), each a
server-side form saved into a draft the member can leave, resume and
delete; bad input on every step shown again with its error and nothing
lost; one order per form key; another company's (and member's) drafts and
orders not found; the back office assigning the number and the ICCID, and
completion creating the subscription, its SIM card and the new member,
billed by the billing run; an eSIM's activation code shown as a QR code.
Every document is checked against its schema (Client.page)."""

import re
import uuid

import pytest

import stack as st
from test_backoffice_billing import company_billed_in, count, free_period

PLAN, CONTRACT_PLAN, SIM = "2", "25", "22"     # BTC10 349.00 NOK; Nordlys' only; a SIM
STEPS = ("user", "plan", "number", "sim", "cost-centre", "summary")


@pytest.fixture
def company(stack):
    """A company of its own (NOK account at 25 % VAT, address Gate 1, 7011
    Trondheim): its id."""
    return company_billed_in(stack, None, ())[0]


@pytest.fixture
def admin(member, company):
    """A member of the company holding the area orders, with a client."""
    return member(company, ("orders",))


@pytest.fixture
def desk(staff):
    return staff(("fulfilment",))


def begin(client, cid):
    """A new draft: the path of its steps (/companies/N/wizard/D)."""
    root = client.page("/companies/%s/wizard" % cid)
    r = client.post("/companies/%s/wizard" % cid, {
        "csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey")})
    assert r.status_code == 303, r.text[:1000]
    path = st.location_path(r)
    assert path.endswith("/user")
    return path.rsplit("/", 1)[0]


def post(client, base, step, **data):
    """POST a step's form (go=next unless given); the answer."""
    root = client.page("%s/%s" % (base, step))
    data.setdefault("go", "next")
    data["csrf"] = root.findtext("context/csrf")
    data["formkey"] = root.findtext("context/formkey")
    if step == "summary":
        data.pop("go")
    return client.post("%s/%s" % (base, step), data, xml=True)


def ok(client, base, step, **data):
    r = post(client, base, step, **data)
    assert r.status_code == 303, r.text[:2000]
    return st.location_path(r)


def bad(client, base, step, **data):
    """A step refused: {field: code}, and the form with what was typed."""
    r = post(client, base, step, **data)
    assert r.status_code == 400, r.text[:2000]
    root = st.validate_xml(r)
    assert root.find("wizard").get("step") == step
    errors = {e.get("field"): e.get("code") for e in root.findall("form/error")}
    return errors, {v.get("name"): v.text for v in root.findall("form/value")}


def values(client, base, step):
    return {v.get("name"): v.text for v in client.page("%s/%s" % (base, step)).findall(
        "form/value")}


def draft_of(stack, base):
    return base.rsplit("/", 1)[1]


def fill(client, base, user=None, number=None, sim="physical", cost="Salg"):
    """Every step up to the summary; user: a member's id (default the
    client's own) or (name, email) of a new user."""
    if isinstance(user, tuple):
        ok(client, base, "user", who="new", **{"new-name": user[0], "new-email": user[1]})
    else:
        ok(client, base, "user", who="member", user=user or client.user_id)
    ok(client, base, "plan", plan=PLAN)
    if number:
        ok(client, base, "number", **{"number-kind": "port", "port-number": number[0],
                                      "donor": number[1], "port-date": number[2]})
    else:
        ok(client, base, "number", **{"number-kind": "new"})
    if sim == "physical":
        ok(client, base, "sim", sim="physical", **values(client, base, "sim"))
    else:
        ok(client, base, "sim", sim=sim)
    assert ok(client, base, "cost-centre", **{"cost-centre": cost}).endswith("/summary")


def today(stack):
    return stack.sql("SELECT CURDATE()")[0][0]


def free_number(stack):
    """A Norwegian mobile number no subscription or order has."""
    while True:
        n = "9%07d" % (uuid.uuid4().int % 10 ** 7)
        if count(stack, "subscriptions WHERE ref = 'TSN-%s'" % n) == 0 and count(
                stack, "order_items WHERE msisdn = '%s'" % n) == 0:
            return n


def act(client, oid, action, **data):
    root = client.page("/admin/orders/%s" % oid)
    data.update(csrf=root.findtext("context/csrf"), formkey=root.findtext("context/formkey"))
    return client.post("/admin/orders/%s/%s" % (oid, action), data, xml=True)


# ---- the steps --------------------------------------------------------------

def test_walk_to_an_order_made_once(stack, admin, company):
    base = begin(admin, company)
    # The user: found by typing a name (a search form), or chosen again.
    root = admin.page(base + "/user?q=Test")
    found = root.findall("wizard/members/member")
    assert admin.user_id in [m.get("id") for m in found]
    assert root.find("wizard/members").get("q") == "Test"
    page = st.check_html(admin.get(base + "/user?q=Test"))
    assert page.xpath("//form[@method='get']//input[@name='q']")
    assert page.xpath("//input[@type='radio'][@name='user'][@value=$v]", v=admin.user_id)
    assert ok(admin, base, "user", who="member", user=admin.user_id) == base + "/plan"
    assert admin.page(base + "/user").find("wizard/chosen").get("id") == admin.user_id
    # The plans: the company's catalogue of subscriptions, with the price.
    root = admin.page(base + "/plan")
    plans = {p.get("id"): p for p in root.findall("wizard/plans/plan")}
    assert PLAN in plans and SIM not in plans and CONTRACT_PLAN not in plans
    assert plans[PLAN].findtext("monthly") == "349.00"
    assert ok(admin, base, "plan", plan=PLAN) == base + "/number"
    assert ok(admin, base, "number", **{"number-kind": "new"}) == base + "/sim"
    # The SIM card goes to the company's address unless changed.
    addr = values(admin, base, "sim")
    assert (addr["street"], addr["postcode"], addr["city"]) == ("Gate 1", "7011", "Trondheim")
    assert admin.page(base + "/sim").find("wizard").get("esim") == "yes"
    assert ok(admin, base, "sim", sim="physical", **dict(addr, street="Ny gate 2")) == (
        base + "/cost-centre")
    assert ok(admin, base, "cost-centre", **{"cost-centre": "Salg"}) == base + "/summary"
    # The summary: monthly and one-off price with VAT at the account's rate.
    s = admin.page(base + "/summary").find("summary")
    assert s.findtext("plan/name") and s.findtext("plan/monthly") == "349.00"
    assert s.findtext("vat-rate") == "25.00"
    assert (s.findtext("monthly-vat"), s.findtext("monthly-total")) == ("87.25", "436.25")
    assert (s.findtext("oneoff-vat"), s.findtext("oneoff-total")) == ("0.00", "0.00")
    assert s.find("number").get("kind") == "new" and s.find("sim").get("kind") == "physical"
    assert s.findtext("sim/delivery/street") == "Ny gate 2"
    assert s.findtext("cost-centre") == "Salg"
    page = st.check_html(admin.get(base + "/summary"))
    assert page.xpath("//dd[contains(., '436,25') or contains(., '436.25')]")

    # Confirmed twice with the same form key: one order.
    before = count(stack, "orders WHERE company_id = %s" % company)
    root = admin.page(base + "/summary")
    data = {"csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey")}
    r1 = admin.post(base + "/summary", data)
    r2 = admin.post(base + "/summary", data)
    assert r1.status_code == r2.status_code == 303
    path = st.location_path(r1)
    assert path == st.location_path(r2)
    assert re.fullmatch(r"/companies/%s/orders/\d+\?done=order-placed" % company, path)
    assert count(stack, "orders WHERE company_id = %s" % company) == before + 1
    oid = path.split("?")[0].rsplit("/", 1)[1]
    assert stack.sql("SELECT number_kind, sim_kind, cost_centre, user_id, monthly_price,"
                     " product_id FROM order_items WHERE order_id = %s" % oid) == [
        ("new", "physical", "Salg", admin.user_id, "349.00", PLAN)]
    assert stack.sql("SELECT delivery_street FROM orders WHERE id = %s" % oid) == [
        ("Ny gate 2",)]
    # The draft became the order.
    assert count(stack, "subscription_drafts WHERE id = %s" % draft_of(stack, base)) == 0
    o = admin.page(path.split("?")[0]).find("order")
    n = o.find("new-subscription")
    assert n.get("number-kind") == "new" and n.get("sim") == "physical"
    assert n.find("number") is None and n.find("esim") is None


def test_each_step_refuses_bad_input_and_keeps_it(stack, admin, company, member,
                                                 company_ids):
    base = begin(admin, company)
    # User: a choice needed; another company's member is none of this one's.
    errors, _ = bad(admin, base, "user")
    assert errors == {"who": "required"}
    other = member(company_ids["Fjordnet ApS"], ("orders",))
    assert bad(admin, base, "user", who="member", user=other.user_id)[0] == {
        "user": "invalid"}
    assert bad(admin, base, "user", who="member")[0] == {"user": "required"}
    errors, kept = bad(admin, base, "user", who="new", **{"new-name": "Ny Bruker",
                                                          "new-email": "not-an-address"})
    assert errors == {"new-email": "invalid"} and kept["new-name"] == "Ny Bruker"
    assert kept["new-email"] == "not-an-address"
    assert bad(admin, base, "user", who="new", **{"new-email": "x@example.no"})[0] == {
        "new-name": "required"}
    # Already a member: chosen as one.
    assert bad(admin, base, "user", who="new", **{"new-name": "Again",
                                                  "new-email": admin.user})[0] == {
        "new-email": "exists"}
    assert bad(admin, base, "user", who="someone", user=admin.user_id)[0] == {
        "who": "invalid"}
    assert bad(admin, base, "user", go="sideways", who="member",
               user=admin.user_id)[0] == {"go": "invalid"}
    # Nothing was saved by any of it.
    assert stack.sql("SELECT user_id, new_user_email, step FROM subscription_drafts"
                     " WHERE id = %s" % draft_of(stack, base)) == [("NULL", "NULL", "user")]
    ok(admin, base, "user", who="member", user=admin.user_id)

    # Plan: one of the company's subscriptions only.
    assert bad(admin, base, "plan")[0] == {"plan": "required"}
    for product in (SIM, CONTRACT_PLAN, "999999", "x"):
        assert bad(admin, base, "plan", plan=product)[0] == {"plan": "invalid"}, product
    ok(admin, base, "plan", plan=PLAN)

    # Number: ported in, a number of the country, from an operator, not
    # before today.
    assert bad(admin, base, "number")[0] == {"number-kind": "required"}
    yesterday = stack.sql("SELECT CURDATE() - INTERVAL 1 DAY")[0][0]
    errors, kept = bad(admin, base, "number", **{
        "number-kind": "port", "port-number": "1234", "donor": "", "port-date": yesterday})
    assert errors == {"port-number": "invalid", "donor": "required",
                      "port-date": "past-date"}
    assert kept["port-number"] == "1234" and kept["port-date"] == yesterday
    for number in ("+46 912 34 567", "812 34 567", "9123456", "9123 45678"):
        assert bad(admin, base, "number", **{
            "number-kind": "port", "port-number": number, "donor": "Telia",
            "port-date": today(stack)})[0] == {"port-number": "invalid"}, number
    taken = free_number(stack)
    stack.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
              " currency, started_on) VALUES (%s, 2, 'TSN-%s', 349, 'NOK', CURDATE())"
              % (company, taken))
    assert bad(admin, base, "number", **{
        "number-kind": "port", "port-number": taken, "donor": "Telia",
        "port-date": today(stack)})[0] == {"port-number": "exists"}
    assert bad(admin, base, "number", **{
        "number-kind": "port", "port-number": "912 34 567", "donor": "Telia",
        "port-date": "2026-02-30"})[0] == {"port-date": "invalid"}
    number = free_number(stack)
    ok(admin, base, "number", **{"number-kind": "port",
                                 "port-number": "+47 %s %s" % (number[:3], number[3:]),
                                 "donor": "Telia", "port-date": today(stack)})
    assert values(admin, base, "number")["port-number"] == number

    # SIM: physical to an address in the country (postcode checked), or eSIM.
    addr = values(admin, base, "sim")
    errors, kept = bad(admin, base, "sim", sim="physical", **dict(addr, postcode="12"))
    assert errors == {"postcode": "invalid"} and kept["postcode"] == "12"
    assert bad(admin, base, "sim", sim="physical", **dict(addr, street=" "))[0] == {
        "street": "required"}
    assert bad(admin, base, "sim", sim="plastic")[0] == {"sim": "invalid"}
    assert bad(admin, base, "sim")[0] == {"sim": "required"}
    ok(admin, base, "sim", sim="esim")

    # Cost centre: none is a choice; too long is not.
    errors, kept = bad(admin, base, "cost-centre", **{"cost-centre": "x" * 65})
    assert errors == {"cost-centre": "too-long"} and kept["cost-centre"] == "x" * 65
    ok(admin, base, "cost-centre", **{"cost-centre": ""})
    s = admin.page(base + "/summary").find("summary")
    assert s.find("cost-centre") is None and s.find("sim").get("kind") == "esim"
    assert s.findtext("number/port-number") == number and s.findtext("number/donor") == "Telia"
    # The HTML of a refused step says what is wrong, beside the field.
    r = post(admin, base, "plan", plan="x")
    root = admin.page(base + "/plan")
    html = st.check_html(admin.post(base + "/plan", {
        "csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey"),
        "go": "next", "plan": "x"}))
    assert r.status_code == 400 and html.xpath("//p[@class='field-error']")


def test_a_ported_number_taken_since_its_step_is_refused_at_confirm(stack, admin, company):
    """Two drafts port the same number in; the first confirmed orders it, the
    second is refused at its summary (409) with why and a way back to the
    number step, orders nothing and keeps the draft."""
    number = free_number(stack)
    first, second = begin(admin, company), begin(admin, company)
    for base in (first, second):
        fill(admin, base, number=(number, "Telia", today(stack)))
    assert post(admin, first, "summary").status_code == 303
    before = count(stack, "orders WHERE company_id = %s" % company)
    r = post(admin, second, "summary")
    assert r.status_code == 409, r.text[:2000]
    root = st.validate_xml(r)
    assert [(e.get("field"), e.get("code")) for e in root.findall("form/error")] == [
        ("port-number", "exists")]
    assert count(stack, "orders WHERE company_id = %s" % company) == before
    assert admin.page("/companies/%s/wizard" % company).find(
        "drafts/draft[@id='%s']" % draft_of(stack, second)) is not None
    root = admin.page(second + "/summary")
    html = st.check_html(admin.post(second + "/summary", {
        "csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey")}))
    assert html.xpath("//p[@class='field-error']/a[@href=$h]", h=second + "/number")
    # Another number at its step, and the second draft orders.
    ok(admin, second, "number", **{"number-kind": "port", "port-number": free_number(stack),
                                   "donor": "Telia", "port-date": today(stack)})
    assert post(admin, second, "summary").status_code == 303


def test_drafts_resume_back_and_forth_and_delete(stack, admin, company):
    base = begin(admin, company)
    draft = draft_of(stack, base)
    ok(admin, base, "user", who="new", **{"new-name": "Nina Ny",
                                          "new-email": "nina.%s@example.no" % draft})
    ok(admin, base, "plan", plan=PLAN)
    # Left and resumed: the list shows it with the step to go on from.
    root = admin.page("/companies/%s/wizard" % company)
    d = root.find("drafts/draft[@id='%s']" % draft)
    assert d.get("step") == "number" and d.findtext("for") == "Nina Ny"
    assert d.findtext("plan")
    page = st.check_html(admin.get("/companies/%s/wizard" % company))
    assert page.xpath("//a[@href=$h]", h=base + "/number")
    # Back: what was saved is shown again.
    assert ok(admin, base, "number", go="back") == base + "/plan"
    assert values(admin, base, "plan") == {"plan": PLAN}
    kept = values(admin, base, "user")
    assert kept["who"] == "new" and kept["new-name"] == "Nina Ny"
    # Back with a valid change keeps it; forth again keeps the later steps.
    assert ok(admin, base, "plan", go="back", plan="3") == base + "/user"
    assert values(admin, base, "plan") == {"plan": "3"}
    ok(admin, base, "user", who="new", **{"new-name": "Nina Ny",
                                          "new-email": "nina.%s@example.no" % draft})
    steps = admin.page(base + "/user").findall("wizard/steps/step")
    assert [s.text for s in steps] == list(STEPS)
    assert [s.get("open") for s in steps] == ["yes", "yes", "yes", None, None, None]
    # The summary needs every step: to the first one missing.
    r = admin.get(base + "/summary")
    assert r.status_code == 303 and st.location_path(r) == base + "/number"
    # Deleted: gone from the list, and again is not found.
    csrf = admin.csrf("/companies")
    r = admin.post(base + "/delete", {"csrf": csrf})
    assert r.status_code == 303
    assert st.location_path(r) == "/companies/%s/wizard?done=wizard-draft-deleted" % company
    assert admin.page("/companies/%s/wizard" % company).find(
        "drafts/draft[@id='%s']" % draft) is None
    assert admin.post(base + "/delete", {"csrf": csrf}).status_code == 404
    assert admin.get(base + "/user").status_code == 404


def test_another_companys_or_members_drafts_and_orders_are_not_found(
        stack, admin, company, member, company_ids, mette):
    base = begin(admin, company)
    fill(admin, base)
    # Another member of the same company: drafts are their member's.
    colleague = member(company, ("orders", "users"))
    for step in STEPS:
        assert colleague.get("%s/%s" % (base, step), xml=True).status_code == 404, step
    r = colleague.post(base + "/delete", {"csrf": colleague.csrf("/companies")})
    assert r.status_code == 404
    assert colleague.page("/companies/%s/wizard" % company).find(
        "drafts/draft[@id='%s']" % draft_of(stack, base)) is None
    # The company's full administrators see every draft of it.
    boss = member(company, (), role="admin")
    assert boss.page(base + "/summary").find("wizard").get("draft") == draft_of(stack, base)
    assert boss.page("/companies/%s/wizard" % company).find(
        "drafts/draft[@id='%s']" % draft_of(stack, base)) is not None
    # Another company's member, with a draft path under their own company.
    other = member(company_ids["Fjordnet ApS"], ("orders",))
    theirs = base.replace("/companies/%s/" % company,
                          "/companies/%s/" % company_ids["Fjordnet ApS"])
    assert other.get(theirs + "/user", xml=True).status_code == 404
    assert other.post(theirs + "/delete", {"csrf": other.csrf("/companies")}
                      ).status_code == 404
    assert mette.get(base + "/user", xml=True).status_code == 404
    # The order made of it: not found for another company.
    path = ok(admin, base, "summary").split("?")[0]
    oid = path.rsplit("/", 1)[1]
    assert other.get("/companies/%s/orders/%s" % (company_ids["Fjordnet ApS"], oid),
                     xml=True).status_code == 404
    assert count(stack, "subscription_drafts WHERE id = %s" % draft_of(stack, base)) == 0


def test_completion_creates_the_subscription_billed_by_the_run(stack, admin, company, desk,
                                                               member):
    base = begin(admin, company)
    fill(admin, base, cost="Drift")
    path = ok(admin, base, "summary").split("?")[0]
    oid = path.rsplit("/", 1)[1]
    assert act(desk, oid, "start").status_code == 303
    # The operator's page: the item asks for a number and an ICCID.
    o = desk.page("/admin/orders/%s" % oid).find("order")
    assert o.find("new-subscription").get("number-kind") == "new"
    page = st.check_html(desk.get("/admin/orders/%s" % oid))
    assert page.xpath("//input[@name='number']") and page.xpath("//textarea[@name='iccid']")
    # Bad numbers and ICCIDs refused, nothing written (a valid ICCID of
    # this order's own, so that only the number is wrong).
    fresh = "89470003%011d" % (int(oid) % 10 ** 11)
    fresh += str(luhn(fresh))
    for number, iccid, field, code in (
            ("", fresh, "number", "required"),
            ("1234", fresh, "number", "invalid"),
            ("91234567", "8947000000000000013", "iccid", "invalid"),
            ("91234567", "", "iccid", "required")):
        r = act(desk, oid, "fulfil", tracking="NO1", number=number, iccid=iccid)
        assert r.status_code == 400, (number, iccid)
        assert st.validate_xml(r).find("form/error").attrib == {
            "field": field, "code": code}, (number, iccid)
    # An ICCID another SIM card has.
    used = "89470002%011d" % (int(oid) % 10 ** 11)
    used += str(luhn(used))
    stack.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
              " currency, started_on) VALUES (%s, 2, 'TSN-U%s', 349, 'NOK', CURDATE());"
              "INSERT INTO sim_cards (subscription_id, iccid, type) SELECT id, '%s', 'main'"
              " FROM subscriptions WHERE ref = 'TSN-U%s'" % (company, oid, used, oid))
    r = act(desk, oid, "fulfil", tracking="NO1", number=free_number(stack), iccid=used)
    assert st.validate_xml(r).find("form/error").attrib == {"field": "iccid",
                                                             "code": "exists"}
    assert stack.sql("SELECT msisdn, iccid FROM order_items WHERE order_id = %s" % oid) == [
        ("NULL", "NULL")]
    number = free_number(stack)
    iccid = "89470000%011d" % (int(oid) % 10 ** 11)
    iccid = iccid + str(luhn(iccid))
    r = act(desk, oid, "fulfil", tracking="NO1", number=number, iccid=iccid)
    assert r.status_code == 303, r.text[:2000]
    assert act(desk, oid, "complete").status_code == 303

    # The subscription: started today for the member, its SIM card, the
    # order's item pointing at it.
    sub = stack.sql("SELECT id, user_id, product_id, monthly_price, currency, status,"
                    " started_on = CURDATE(), cost_centre FROM subscriptions"
                    " WHERE company_id = %s AND ref = 'TSN-%s'" % (company, number))
    assert len(sub) == 1
    sid = sub[0][0]
    assert sub[0][1:] == (admin.user_id, PLAN, "349.00", "NOK", "active", "1", "Drift")
    assert stack.sql("SELECT iccid, type, status FROM sim_cards WHERE subscription_id = %s"
                     % sid) == [(iccid, "main", "active")]
    n = admin.page(path).find("order/new-subscription")
    assert n.get("subscription") == sid and n.findtext("number") == number
    # On the subscriptions area's pages.
    viewer = member(company, ("subscriptions",))
    root = viewer.page("/companies/%s/subscriptions/%s" % (company, sid))
    assert "TSN-%s" % number in root.xpath("string(.)")

    # Billed by the run from its start: moved into a month no other test
    # bills (test_backoffice_billing's way), the month's price on the invoice.
    period = free_period(stack)
    stack.sql("UPDATE subscriptions SET started_on = '%s-01', ends_on = LAST_DAY('%s-01')"
              " WHERE id = %s" % (period, period, sid))
    r = stack.selfcare("bill", "--period", period, "--date", period + "-28", check=False)
    assert r.returncode == 0, r.stdout
    inv = stack.sql("SELECT id, net, vat, total FROM invoices WHERE company_id = %s"
                    " AND period = '%s'" % (company, period))
    assert len(inv) == 1 and inv[0][1:] == ("349.00", "87.25", "436.25")


def test_esim_for_a_new_user_with_a_ported_number(stack, admin, company, desk):
    base = begin(admin, company)
    email = "esim.%s@example.no" % uuid.uuid4().hex[:8]
    number = free_number(stack)
    fill(admin, base, user=("Eva Esim", email), number=(number, "Telia", today(stack)),
         sim="esim")
    path = ok(admin, base, "summary").split("?")[0]
    oid = path.rsplit("/", 1)[1]
    assert stack.sql("SELECT number_kind, msisdn, port_donor, port_date = CURDATE(),"
                     " sim_kind, new_user_email FROM order_items WHERE order_id = %s"
                     % oid) == [("port", number, "Telia", "1", "esim", email)]
    # Not shown before completion.
    assert admin.page(path).find("order/new-subscription/esim") is None
    assert act(desk, oid, "start").status_code == 303
    # A ported number is not assigned; the eSIM profile's ICCID is.
    page = st.check_html(desk.get("/admin/orders/%s" % oid))
    assert not page.xpath("//input[@name='number']")
    iccid = "89470001%011d" % (int(oid) % 10 ** 11)
    iccid = iccid + str(luhn(iccid))
    assert act(desk, oid, "fulfil", tracking="ESIM", iccid=iccid).status_code == 303
    assert act(desk, oid, "complete").status_code == 303

    # The new user is a member of the company now, and the subscription's.
    uid = stack.sql("SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id"
                    " WHERE u.email = '%s' AND m.company_id = %s" % (email, company))
    assert len(uid) == 1
    assert stack.sql("SELECT user_id FROM subscriptions WHERE ref = 'TSN-%s'" % number) == [
        uid[0]]
    # The activation code, as text and as a QR code, on the order's page.
    e = admin.page(path).find("order/new-subscription/esim")
    code = e.findtext("code")
    assert re.fullmatch(r"LPA:1\$smdp\.test\.invalid\$[0-9A-F]{32}", code), code
    assert int(e.find("qr").get("width")) >= 21 and e.findtext("qr").startswith("M")
    page = st.check_html(admin.get(path))
    assert page.xpath("//*[local-name()='svg']/*[local-name()='path'][@d]")
    assert page.xpath("//code[.=$c]", c=code)
    # The operator sees it too.
    assert desk.page("/admin/orders/%s" % oid).findtext(
        "order/new-subscription/esim/code") == code


def luhn(digits):
    """The Luhn check digit for digits."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10
