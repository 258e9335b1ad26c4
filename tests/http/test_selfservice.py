"""Employee self-service: the box on an employee's subscription page (plan,
SIM cards, services, what the company's policy lets them order, the other
plans, the meter), ordering with a confirmation that says what it costs
them, the company's policy per product (allowed, approval, who pays, split)
set by its full administrators, and the payroll deductions completed orders
make, per month and as CSV. Employees see only their own; a manager or an
employee does not reach the policy or the deductions.

The tests run in a company of their own (made here, removed at the end)."""

import csv
import io

import pytest

import stack as st
from bankfiles import kid              # the Luhn check digit an ICCID ends with
from test_fulfilment import act, actions

COMPANY = "Selvbetjent AS"
ADMIN = "ss.admin@example.no"
ANNA = "ss.anna@example.no"
BO = "ss.bo@example.no"
MANAGER = "ss.manager@example.no"


def one(stack, q):
    return stack.sql(q)[0][0]


@pytest.fixture(scope="module")
def scheme(stack):
    stack.sql(
        "INSERT INTO companies (name, orgnr, country, street, postcode, city)"
        " VALUES ('%s', '990022001', 'NO', 'Gate 1', '0150', 'Oslo');"
        "INSERT INTO users (email, name, phone, lang) VALUES"
        " ('%s', 'Siri Admin', '+4790022000', 'nb'),"
        " ('%s', 'Anna Ansatt', '+4790022001', 'nb'),"
        " ('%s', 'Bo Ansatt', '+4790022002', 'nb'),"
        " ('%s', 'Mona Manager', '+4790022003', 'nb');"
        % (COMPANY, ADMIN, ANNA, BO, MANAGER))
    cid = one(stack, "SELECT id FROM companies WHERE name = '%s'" % COMPANY)
    stack.sql(
        "INSERT INTO memberships (user_id, company_id, role, areas, employee_number)"
        " SELECT id, %s, CASE email WHEN '%s' THEN 'admin' WHEN '%s' THEN 'manager'"
        "  ELSE 'employee' END,"
        " IF(email IN ('%s', '%s'), 'subscriptions,orders,invoices,support,users', ''),"
        " CASE email WHEN '%s' THEN 'A-1001' WHEN '%s' THEN 'A-1002' END"
        " FROM users WHERE email IN ('%s', '%s', '%s', '%s');"
        "INSERT INTO subscriptions (company_id, user_id, product_id, ref, monthly_price,"
        " currency, started_on)"
        " SELECT %s, id, 2, IF(email = '%s', '90022001', '90022002'), 349.00, 'NOK',"
        " '2026-01-07' FROM users WHERE email IN ('%s', '%s');"
        % (cid, ADMIN, MANAGER, ADMIN, MANAGER, ANNA, BO, ADMIN, ANNA, BO, MANAGER,
           cid, ANNA, ANNA, BO))
    subs = dict(stack.sql("SELECT ref, id FROM subscriptions WHERE company_id = %s" % cid))
    stack.sql("INSERT INTO sim_cards (subscription_id, iccid, type)"
              " VALUES (%s, '8947000000090022001', 'main')" % subs["90022001"])
    yield {"cid": cid, "anna_sub": subs["90022001"], "bo_sub": subs["90022002"]}
    stack.sql("DELETE FROM companies WHERE id = %s;"
              "DELETE FROM users WHERE email IN ('%s', '%s', '%s', '%s')"
              % (cid, ADMIN, ANNA, BO, MANAGER))


def product(stack, code):
    return one(stack, "SELECT id FROM products WHERE code = '%s'" % code)


@pytest.fixture(autouse=True)
def _fresh(stack, scheme):
    # Each test starts with no policy, no orders, both numbers confirmed.
    cid = scheme["cid"]
    stack.sql("DELETE FROM service_policies WHERE company_id = %s;"
              "DELETE FROM payroll_deductions WHERE company_id = %s;"
              "DELETE FROM orders WHERE company_id = %s;"
              "DELETE FROM subscription_services WHERE subscription_id IN (%s, %s);"
              "UPDATE users SET phone_verified = phone WHERE email IN ('%s', '%s');"
              "UPDATE subscriptions SET product_id = 2, monthly_price = 349.00,"
              " started_on = '2026-01-07' WHERE company_id = %s;"
              "DELETE FROM subscription_history WHERE subscription_id IN (%s, %s)"
              % (cid, cid, cid, scheme["anna_sub"], scheme["bo_sub"], ANNA, BO, cid,
                 scheme["anna_sub"], scheme["bo_sub"]))


@pytest.fixture
def clients(stack, base, scheme):
    return {who: stack.login(base, addr) for who, addr in
            (("admin", ADMIN), ("anna", ANNA), ("bo", BO), ("manager", MANAGER))}


def set_policy(client, cid, pid, expect=303, **fields):
    root = client.page("/companies/%s/policy" % cid)
    data = {"csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey"),
            "payer": "company", "amount": "", "text": "", "url": ""}
    data.update(fields)
    r = client.post("/companies/%s/policy/%s" % (cid, pid), data)
    assert r.status_code == expect, (r.status_code, r.text[:800])
    return r


def rule(client, cid, pid):
    root = client.page("/companies/%s/policy.xml" % cid)
    return root.find("products/product[@id='%s']/rule" % pid)


def box(client, cid, sub):
    return client.page("/companies/%s/me/subscriptions/%s.xml" % (cid, sub)).find(
        "employee/selfservice")


def order(client, cid, sub, pid, expect=303):
    path = "/companies/%s/me/subscriptions/%s/order/%s" % (cid, sub, pid)
    root = client.page(path + ".xml")
    r = client.post(path, {"csrf": root.findtext("context/csrf"),
                           "formkey": root.findtext("context/formkey")})
    assert r.status_code == expect, (r.status_code, r.text[:800])
    return r


def refused(stack, client, cid, sub, pids):
    """Each product neither shown nor ordered (404), and no order made."""
    for pid in pids:
        path = "/companies/%s/me/subscriptions/%s/order/%s" % (cid, sub, pid)
        assert client.get(path).status_code == 404
        assert client.post(path, {"csrf": client.csrf("/companies/%s/me" % cid),
                                  "formkey": "x" * 43}).status_code == 404
    assert one(stack, "SELECT COUNT(*) FROM orders WHERE company_id = %s" % cid) == "0"


def order_id(r):
    path = st.location_path(r)
    assert "?done=selfservice-ordered" in path, path
    return path.split("?")[0].rsplit("/", 1)[1]


def complete(staff, oid):
    """The operator's desk takes the order, starts and fulfils it, completes it."""
    desk = staff(("fulfilment",))
    assert act(desk, oid, "take").status_code == 303
    if "start" in actions(desk, oid):
        assert act(desk, oid, "start").status_code == 303
    if "fulfil" in actions(desk, oid):
        assert act(desk, oid, "fulfil", tracking="SS-1").status_code == 303
    assert "complete" in actions(desk, oid), actions(desk, oid)
    assert act(desk, oid, "complete").status_code == 303


# -- the policy --------------------------------------------------------------

def test_policy_is_set_per_product_and_bad_input_changes_nothing(stack, clients, scheme):
    admin, cid = clients["admin"], scheme["cid"]
    exd50 = product(stack, "EXD50")
    r = rule(admin, cid, exd50)
    assert (r.get("allowed"), r.get("approval"), r.get("payer")) == ("no", "no", "company")
    set_policy(admin, cid, exd50, allowed="yes", payer="split", amount="50",
               text="Ekstra data over 50 kr betaler du selv.",
               url="https://intranett.example.no/mobil")
    r = rule(admin, cid, exd50)
    assert (r.get("allowed"), r.get("approval"), r.get("payer")) == ("yes", "no", "split")
    assert r.findtext("company-amount") == "50.00"
    assert r.findtext("url") == "https://intranett.example.no/mobil"
    assert ("selfservice-policy",) in stack.sql(
        "SELECT action FROM audit_log WHERE company_id = %s" % cid)
    # Split without the company's amount, a payer not known, an amount or a
    # link that is none: the form again with the error, the rule as it was.
    for bad, field, code in (({"payer": "split", "amount": ""}, "amount", "required"),
                             ({"payer": "nobody"}, "payer", "invalid"),
                             ({"payer": "split", "amount": "-5"}, "amount", "invalid"),
                             ({"url": "intranett mobil"}, "url", "invalid"),
                             ({"url": "ftp://example.no/x"}, "url", "invalid")):
        resp = set_policy(admin, cid, exd50, expect=400, allowed="yes", **bad)
        assert st.check_html(resp).xpath("//*[@id=$i]", i="product-%s" % exd50)
        page = admin.page("/companies/%s/policy" % cid)
        doc = admin.post("/companies/%s/policy/%s" % (cid, exd50), {
            "csrf": page.findtext("context/csrf"), "formkey": page.findtext("context/formkey"),
            "allowed": "yes", "payer": "company", "amount": "", "text": "", "url": "",
            **bad}, xml=True)
        assert doc.status_code == 400
        root = st.validate_xml(doc)
        assert root.find("form/error[@field='%s']" % field).get("code") == code
        assert root.find("editing").get("product") == str(exd50)
    r = rule(admin, cid, exd50)
    assert (r.get("payer"), r.findtext("company-amount")) == ("split", "50.00")


def test_employees_and_managers_do_not_reach_policy_or_deductions(clients, scheme):
    cid = scheme["cid"]
    for who in ("anna", "manager"):
        for path in ("/policy", "/deductions", "/deductions.csv"):
            assert clients[who].get("/companies/%s%s" % (cid, path)).status_code == 403, (
                who, path)


# -- the box -----------------------------------------------------------------

def test_the_box_shows_plan_sims_services_offers_and_plans(stack, clients, scheme):
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    exd15, netv, exd5 = product(stack, "EXD15"), product(stack, "NETV"), product(stack, "EXD5")
    set_policy(admin, cid, exd15, allowed="yes", payer="employee")
    set_policy(admin, cid, netv, allowed="no")
    stack.sql("INSERT INTO subscription_services (subscription_id, product_id, monthly_price,"
              " currency, started_on) VALUES (%s, %s, 49.00, 'NOK', '2026-01-07')"
              % (sub, exd5))
    set_policy(admin, cid, exd5, allowed="yes")
    b = box(anna, cid, sub)
    assert b.findtext("plan/name") == "Bedrift Total C (10 GB)"
    assert [(s.get("type"), s.findtext("iccid")) for s in b.findall("sims/sim")] == [
        ("main", "8947000000090022001")]
    assert [s.findtext("name") for s in b.findall("services/service")] == ["Ekstra Data 5 GB"]
    # Only what the policy allows, and not what the subscription has already.
    offered = {p.findtext("name"): p for p in b.findall("offered/product")}
    assert list(offered) == ["Ekstra Data 15 GB"]
    p = offered["Ekstra Data 15 GB"]
    assert p.findtext("note") == "Gjelder kun data innenfor Norge."
    assert (p.find("cost").get("payer"), p.findtext("cost/monthly")) == ("employee", "99.00")
    plans = {p.findtext("name"): p.get("way") for p in b.findall("plans/plan")}
    assert plans["Bedrift Total E (50 GB)"] == "bigger"
    page = st.check_html(anna.get("/companies/%s/me/subscriptions/%s" % (cid, sub)))
    text = st.text_of(page)
    assert "Mine SIM-kort" in text and "Tilgjengelige tjenester" in text
    assert "Dette medfører lønnstrekk: 99,00 kr per måned" in text
    assert page.xpath("//a[@href=$h]", h="/companies/%s/me/subscriptions/%s/order/%s"
                      % (cid, sub, exd15))


def test_a_forbidden_product_is_neither_offered_nor_orderable(stack, clients, scheme):
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    netv, clouds = product(stack, "NETV"), product(stack, "CLOUD10")
    set_policy(admin, cid, netv, allowed="no", payer="employee")
    refused(stack, anna, cid, sub, (netv, clouds))     # forbidden; no policy at all


def test_split_shows_the_deduction_and_policy_before_ordering(stack, clients, scheme):
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    exd50 = product(stack, "EXD50")
    set_policy(admin, cid, exd50, allowed="yes", payer="split", amount="50",
               text="Bedriften dekker 50 kr.", url="https://intranett.example.no/mobil")
    path = "/companies/%s/me/subscriptions/%s/order/%s" % (cid, sub, exd50)
    root = anna.page(path + ".xml")
    c = root.find("confirm")
    assert (c.findtext("ref"), c.findtext("product/name")) == ("90022001", "Ekstra Data 50 GB")
    assert c.findtext("product/cost/monthly") == "149.00"
    page = st.check_html(anna.get(path))
    text = st.text_of(page)
    assert "Dette medfører lønnstrekk: 149,00 kr per måned" in text
    assert "Bedriften dekker 50 kr." in text
    assert page.xpath("//a[@href='https://intranett.example.no/mobil']")
    assert page.xpath("//form[@action=$a]//button", a=path)


def test_ordering_waits_for_the_confirmed_number(stack, clients, scheme):
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    exd15 = product(stack, "EXD15")
    set_policy(admin, cid, exd15, allowed="yes", payer="employee")
    stack.sql("UPDATE users SET phone_verified = NULL WHERE email = '%s'" % ANNA)
    r = order(anna, cid, sub, exd15, expect=403)
    assert "Bekreft telefonnummeret ditt" in st.text_of(st.check_html(r))
    assert one(stack, "SELECT COUNT(*) FROM orders WHERE company_id = %s" % cid) == "0"
    assert box(anna, cid, sub) is not None
    page = st.check_html(anna.get("/companies/%s/me/subscriptions/%s" % (cid, sub)))
    assert not page.xpath("//a[contains(@href, '/order/')]")


# -- orders, completion, deductions ------------------------------------------

def test_an_allowed_order_completes_into_service_and_deduction(stack, clients, scheme, staff):
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    exd15 = product(stack, "EXD15")
    set_policy(admin, cid, exd15, allowed="yes", payer="employee")
    oid = order_id(order(anna, cid, sub, exd15))
    o = anna.page("/companies/%s/me/orders/%s.xml" % (cid, oid)).find("orders/order")
    assert (o.get("state"), o.findtext("product"), o.findtext("ref")) == (
        "acknowledged", "Ekstra Data 15 GB", "90022001")
    assert one(stack, "SELECT user_id FROM order_items WHERE order_id = %s" % oid) == one(
        stack, "SELECT id FROM users WHERE email = '%s'" % ANNA)
    # Nothing is deducted before the order is done.
    assert one(stack, "SELECT COUNT(*) FROM payroll_deductions WHERE company_id = %s"
               % cid) == "0"
    complete(staff, oid)
    o = anna.page("/companies/%s/me/orders/%s.xml" % (cid, oid)).find("orders/order")
    assert o.get("state") == "completed"
    assert [e.get("to") for e in o.findall("timeline/event")][-1] == "completed"
    b = box(anna, cid, sub)
    assert [s.findtext("name") for s in b.findall("services/service")] == ["Ekstra Data 15 GB"]
    assert b.find("offered/product[@id='%s']" % exd15) is None
    month = one(stack, "SELECT DATE_FORMAT(CURDATE(), '%Y-%m')")
    d = admin.page("/companies/%s/deductions.xml?month=%s" % (cid, month)).find("deductions")
    rows = [(x.findtext("employee-number"), x.findtext("name"), x.findtext("period"),
             x.findtext("amount")) for x in d.findall("list/deduction")]
    assert rows == [("A-1001", "Anna Ansatt", month, "99.00")]
    assert "Ekstra Data 15 GB" in d.findtext("list/deduction/what")
    r = admin.get("/companies/%s/deductions.csv?month=%s" % (cid, month))
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["employee_number", "name", "period", "amount", "currency", "what"]
    assert lines[1][:5] == ["A-1001", "Anna Ansatt", month, "99,00", "NOK"]
    assert len(lines) == 2
    # Another month has none.
    d = admin.page("/companies/%s/deductions.xml?month=2001-01" % cid).find("deductions")
    assert d.findall("list/deduction") == []


# -- the months after: the billing run's deductions -----------------------------

def free_month(stack):
    """A month no invoice or billing run has yet, and the one before it."""
    for y in range(2003, 2024):
        m1 = "%04d-05" % y
        if one(stack, "SELECT (SELECT COUNT(*) FROM invoices WHERE period_key = '%s')"
               " + (SELECT COUNT(*) FROM billing_runs WHERE period = '%s')" % (m1, m1)) == "0":
            return "%04d-04" % y, m1
    raise AssertionError("no free month")


def completed_in(stack, cid, oid, month):
    """The order as if it had completed in month: its deduction, its
    service's start, the subscriptions it is on older still."""
    stack.sql("UPDATE payroll_deductions SET period = '%s' WHERE order_id = %s;"
              "UPDATE subscription_services v JOIN order_items i"
              " ON i.subscription_id = v.subscription_id AND i.product_id = v.product_id"
              " SET v.started_on = '%s-10' WHERE i.order_id = %s;"
              "UPDATE subscriptions SET started_on = '2000-01-07' WHERE company_id = %s"
              % (month, oid, month, oid, cid))


def bill(stack, month, *companies):
    """The billing run of month for those companies only: the other files'
    companies of the shared stack are left as they were."""
    assert companies
    r = stack.selfcare("bill", "--period", month, "--date", month + "-28", "--company",
                       ",".join(str(c) for c in companies), check=False)
    assert r.returncode == 0, r.stdout.decode(errors="replace")
    return r


def deductions(client, cid, month):
    d = client.page("/companies/%s/deductions.xml?month=%s" % (cid, month)).find("deductions")
    return [(x.findtext("name"), x.findtext("period"), x.findtext("amount"))
            for x in d.findall("list/deduction")]


def clone(stack, table, where, **values):
    """A copy of table's row where, with values in place of its own; its id."""
    cols = [c[0] for c in stack.sql("SHOW COLUMNS FROM %s" % table)
            if c[0] not in ("id", "created_at", "updated_at")]
    sel = ", ".join(str(values[c]) if c in values else c for c in cols)
    return one(stack, "INSERT INTO %s (%s) SELECT %s FROM %s WHERE %s;"
               "SELECT LAST_INSERT_ID()" % (table, ", ".join(cols), sel, table, where))


def monthly_ordered(stack, clients, scheme, staff):
    """Anna's Ekstra Data 15 GB, paid by her under the policy, completed in a
    free month m0 (m1 the next): (admin, cid, sub, product, order, m0, m1)."""
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    exd15 = product(stack, "EXD15")
    set_policy(admin, cid, exd15, allowed="yes", payer="employee")
    oid = order_id(order(anna, cid, sub, exd15))
    complete(staff, oid)
    m0, m1 = free_month(stack)
    completed_in(stack, cid, oid, m0)
    return admin, cid, sub, exd15, oid, m0, m1


def test_a_monthly_service_is_deducted_each_month_it_is_kept(stack, clients, scheme, staff):
    admin, cid, sub, exd15, oid, m0, m1 = monthly_ordered(stack, clients, scheme, staff)
    # The policy changes after the order: the share agreed stays.
    set_policy(admin, cid, exd15, allowed="yes", payer="company")
    assert deductions(admin, cid, m1) == []
    bill(stack, m1, cid)
    assert deductions(admin, cid, m0) == [("Anna Ansatt", m0, "99.00")]
    assert deductions(admin, cid, m1) == [("Anna Ansatt", m1, "99.00")]
    d = admin.page("/companies/%s/deductions.xml?month=%s" % (cid, m1)).find("deductions")
    assert "Ekstra Data 15 GB (90022001) #%s" % oid in d.findtext("list/deduction/what")
    r = admin.get("/companies/%s/deductions.csv?month=%s" % (cid, m1))
    lines = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert [x[:5] for x in lines[1:]] == [["A-1001", "Anna Ansatt", m1, "99,00", "NOK"]]
    # The billing run again writes nothing twice.
    bill(stack, m1, cid)
    assert one(stack, "SELECT COUNT(*) FROM payroll_deductions WHERE order_id = %s"
               % oid) == "2"
    # No month before the order's.
    m_before = "%04d-03" % int(m0[:4])
    bill(stack, m_before, cid)
    assert deductions(admin, cid, m_before) == []
    # The service removed: the next month has none.
    stack.sql("DELETE FROM subscription_services WHERE subscription_id = %s" % sub)
    m2 = m1[:5] + "06"
    bill(stack, m2, cid)
    assert deductions(admin, cid, m2) == []


def test_no_deduction_after_the_subscription_ends_or_changes_hands(
        stack, clients, scheme, staff):
    admin, cid, sub, exd15, oid, m0, m1 = monthly_ordered(stack, clients, scheme, staff)
    # Ended on the last day of m0: nothing for m1.
    stack.sql("UPDATE subscriptions SET ends_on = '%s-30' WHERE id = %s" % (m0, sub))
    try:
        bill(stack, m1, cid)
        assert deductions(admin, cid, m1) == []
        # Given to Bo: Anna pays no more, nor does Bo for her order.
        stack.sql("UPDATE subscriptions SET ends_on = NULL, user_id = (SELECT id FROM users"
                  " WHERE email = '%s') WHERE id = %s" % (BO, sub))
        m2 = m1[:5] + "06"
        bill(stack, m2, cid)
        assert deductions(admin, cid, m2) == []
    finally:
        stack.sql("UPDATE subscriptions SET ends_on = NULL, user_id = (SELECT id FROM users"
                  " WHERE email = '%s') WHERE id = %s" % (ANNA, sub))


def test_a_split_plan_is_deducted_monthly_while_it_is_the_plan(stack, clients, scheme, staff):
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    bte50 = product(stack, "BTE50")
    set_policy(admin, cid, bte50, allowed="yes", payer="split", amount="349")
    oid = order_id(order(anna, cid, sub, bte50))
    complete(staff, oid)
    m0, m1 = free_month(stack)
    completed_in(stack, cid, oid, m0)
    bill(stack, m1, cid)
    assert deductions(admin, cid, m1) == [("Anna Ansatt", m1, "200.00")]
    # Back on the old plan: no more.
    stack.sql("UPDATE subscriptions SET product_id = 2 WHERE id = %s" % sub)
    m2 = m1[:5] + "06"
    bill(stack, m2, cid)
    assert deductions(admin, cid, m2) == []


def test_a_one_off_product_is_deducted_once(stack, clients, scheme, staff):
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    pid, price = stack.sql("SELECT p.id, pp.oneoff_price FROM products p"
                           " JOIN product_prices pp ON pp.product_id = p.id"
                           " AND pp.country = 'NO' WHERE p.kind = 'sim'"
                           " AND pp.oneoff_price > 0 ORDER BY p.id LIMIT 1")[0]
    set_policy(admin, cid, pid, allowed="yes", payer="employee")
    oid = order_id(order(anna, cid, sub, pid))
    desk, card = staff(("fulfilment",)), kid("894700000009002209")
    try:
        for step, data in (("take", {}), ("start", {}),
                           ("fulfil", {"tracking": "SS-1", "iccid": card}), ("complete", {})):
            if step in actions(desk, oid):
                assert act(desk, oid, step, **data).status_code == 303, step
        m0, m1 = free_month(stack)
        completed_in(stack, cid, oid, m0)
        (name, period, amount), = deductions(admin, cid, m0)
        assert (name, period) == ("Anna Ansatt", m0) and float(amount) >= float(price)
        bill(stack, m1, cid)
        assert deductions(admin, cid, m1) == []
    finally:
        stack.sql("DELETE FROM sim_cards WHERE iccid = '%s'" % card)


def test_another_companys_monthly_deductions_stay_invisible(
        stack, clients, scheme, staff, mette):
    admin, cid, sub, exd15, oid, m0, m1 = monthly_ordered(stack, clients, scheme, staff)
    # The same order in another company of its own, for its employee.
    stack.sql("INSERT INTO companies (name, orgnr, country) VALUES ('Annet Selvbetjent AS',"
              " '990022009', 'NO');"
              "INSERT INTO users (email, name, lang) VALUES ('ss.other@example.no',"
              " 'Olav Annen', 'nb');"
              "INSERT INTO memberships (user_id, company_id, role, areas)"
              " SELECT u.id, c.id, 'employee', '' FROM users u, companies c"
              " WHERE u.email = 'ss.other@example.no' AND c.orgnr = '990022009'")
    other, uid = stack.sql("SELECT m.company_id, m.user_id FROM memberships m"
                           " JOIN users u ON u.id = m.user_id"
                           " WHERE u.email = 'ss.other@example.no'")[0]
    osub = clone(stack, "subscriptions", "id = %s" % sub, company_id=other, user_id=uid,
                 ref="'90022099'", billing_account_id="NULL")
    clone(stack, "subscription_services", "subscription_id = %s" % sub,
          subscription_id=osub)
    ooid = clone(stack, "orders", "id = %s" % oid, company_id=other)
    oitem = clone(stack, "order_items", "order_id = %s" % oid, order_id=ooid,
                  subscription_id=osub, user_id=uid)
    stack.sql("INSERT INTO order_item_shares (item_id, employee_monthly, employee_oneoff)"
              " VALUES (%s, 99.00, 0.00)" % oitem)
    clone(stack, "payroll_deductions", "order_id = %s" % oid, company_id=other,
          user_id=uid, order_id=ooid)
    count = ("SELECT COUNT(*) FROM payroll_deductions WHERE company_id = %s"
             " AND period = '%s'")
    try:
        # The run of one company deducts nothing in the other.
        bill(stack, m1, cid)
        assert one(stack, count % (other, m1)) == "0"
        assert deductions(admin, cid, m1) == [("Anna Ansatt", m1, "99.00")]
        bill(stack, m1, other)
        assert one(stack, count % (other, m1)) == "1"
        assert one(stack, count % (cid, m1)) == "1"
        assert deductions(admin, cid, m1) == [("Anna Ansatt", m1, "99.00")]
        r = admin.get("/companies/%s/deductions.csv?month=%s" % (cid, m1))
        assert len(r.content.decode("utf-8-sig").splitlines()) == 2
        assert mette.get("/companies/%s/deductions?month=%s" % (cid, m1)).status_code == 404
    finally:
        stack.sql("DELETE FROM payroll_deductions WHERE order_id = %s;"
                  "DELETE FROM orders WHERE id = %s;"
                  "DELETE FROM subscriptions WHERE id = %s;"
                  "DELETE FROM companies WHERE id = %s;"
                  "DELETE FROM users WHERE email = 'ss.other@example.no'"
                  % (ooid, ooid, osub, other))


def test_the_company_paying_makes_no_deduction(stack, clients, scheme, staff):
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    netv = product(stack, "NETV")
    set_policy(admin, cid, netv, allowed="yes", payer="company")
    b = box(anna, cid, sub)
    assert b.findtext("offered/product[@id='%s']/cost/monthly" % netv) == "0.00"
    oid = order_id(order(anna, cid, sub, netv))
    complete(staff, oid)
    assert one(stack, "SELECT COUNT(*) FROM payroll_deductions WHERE company_id = %s"
               % cid) == "0"
    assert [s.findtext("name") for s in box(anna, cid, sub).findall("services/service")] == [
        "Nettvern"]


def test_the_policy_approval_holds_the_order_until_an_administrator_decides(
        stack, clients, scheme):
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    exd5 = product(stack, "EXD5")
    set_policy(admin, cid, exd5, allowed="yes", approval="yes", payer="employee")
    text = st.text_of(st.check_html(anna.get(
        "/companies/%s/me/subscriptions/%s/order/%s" % (cid, sub, exd5))))
    assert "må godkjennes" in text
    oid = order_id(order(anna, cid, sub, exd5))
    o = anna.page("/companies/%s/me/orders/%s.xml" % (cid, oid)).find("orders/order")
    assert o.get("state") == "held"
    assert o.findall("timeline/event")[-1].findtext("note") == (
        "Bedriftens retningslinjer krever godkjenning.")
    path = "/companies/%s/orders/%s/decision" % (cid, oid)
    page = admin.page(path)
    r = admin.post("/companies/%s/orders/%s/approve" % (cid, oid), {
        "csrf": page.findtext("context/csrf"), "formkey": page.findtext("context/formkey")})
    assert r.status_code == 303
    assert anna.page("/companies/%s/me/orders/%s.xml" % (cid, oid)).find(
        "orders/order").get("state") == "acknowledged"


def test_employees_do_not_see_each_others_orders_or_subscriptions(stack, clients, scheme):
    admin, anna, bo = clients["admin"], clients["anna"], clients["bo"]
    cid, sub = scheme["cid"], scheme["anna_sub"]
    exd15 = product(stack, "EXD15")
    set_policy(admin, cid, exd15, allowed="yes", payer="employee")
    oid = order_id(order(anna, cid, sub, exd15))
    assert bo.get("/companies/%s/me/orders/%s" % (cid, oid)).status_code == 404
    assert bo.get("/companies/%s/me/subscriptions/%s/order/%s" % (cid, sub, exd15)
                  ).status_code == 404
    # Bo's own box lists none of Anna's orders.
    assert box(bo, cid, scheme["bo_sub"]).findall("orders/order") == []
    assert len(box(anna, cid, sub).findall("orders/order")) == 1


def test_another_company_sees_none_of_it(stack, clients, scheme, mette):
    cid = scheme["cid"]
    for path in ("/policy", "/deductions", "/deductions.csv", "/me"):
        assert mette.get("/companies/%s%s" % (cid, path)).status_code == 404, path


def test_a_bad_month_is_refused(clients, scheme):
    admin, cid = clients["admin"], scheme["cid"]
    for month in ("2026-13", "26-01", "abcdefg", "2026-1x"):
        for path in ("/deductions", "/deductions.csv"):
            r = admin.get("/companies/%s%s?month=%s" % (cid, path, month))
            assert r.status_code == 400, (path, month, r.status_code)


# -- a plan change from the box ------------------------------------------------

def test_a_plan_the_policy_allows_is_ordered_and_its_completion_changes_the_plan(
        stack, clients, scheme, staff):
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    bte50 = product(stack, "BTE50")
    set_policy(admin, cid, bte50, allowed="yes", payer="split", amount="349")
    b = box(anna, cid, sub)
    # The plan is offered among the plans, with what it costs her; her own
    # plan is not offered, nor is one the policy does not name.
    offer = b.find("offered/product[@id='%s']" % bte50)
    assert (offer.get("kind"), offer.findtext("cost/monthly")) == ("subscription", "200.00")
    assert b.find("offered/product[@id='%s']" % product(stack, "BTC10")) is None
    page = st.check_html(anna.get("/companies/%s/me/subscriptions/%s" % (cid, sub)))
    link = "/companies/%s/me/subscriptions/%s/order/%s" % (cid, sub, bte50)
    assert page.xpath("//ul[@class='ss-plans']//a[@href=$h]", h=link)
    assert "Dette medfører lønnstrekk: 200,00 kr per måned" in st.text_of(page)
    oid = order_id(order(anna, cid, sub, bte50))
    # Nothing changes before the order is done.
    assert box(anna, cid, sub).findtext("plan/name") == "Bedrift Total C (10 GB)"
    complete(staff, oid)
    b = box(anna, cid, sub)
    assert b.findtext("plan/name") == "Bedrift Total E (50 GB)"
    assert b.find("offered/product[@id='%s']" % bte50) is None
    assert stack.sql("SELECT product_id, monthly_price FROM subscriptions WHERE id = %s"
                     % sub) == [(str(bte50), "549.00")]
    assert stack.sql("SELECT action, to_product_id FROM subscription_history"
                     " WHERE subscription_id = %s" % sub) == [("plan-change", str(bte50))]
    month = one(stack, "SELECT DATE_FORMAT(CURDATE(), '%Y-%m')")
    d = admin.page("/companies/%s/deductions.xml?month=%s" % (cid, month)).find("deductions")
    assert [(x.findtext("name"), x.findtext("amount")) for x in d.findall("list/deduction")] == [
        ("Anna Ansatt", "200.00")]
    # Bo's subscription kept its plan.
    assert box(clients["bo"], cid, scheme["bo_sub"]).findtext(
        "plan/name") == "Bedrift Total C (10 GB)"


def test_a_plan_the_policy_does_not_allow_is_refused(stack, clients, scheme):
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    bte50, mbb = product(stack, "BTE50"), product(stack, "MBB100")
    set_policy(admin, cid, bte50, allowed="no", payer="employee")
    page = st.check_html(anna.get("/companies/%s/me/subscriptions/%s" % (cid, sub)))
    assert not page.xpath("//a[contains(@href, '/order/')]")
    assert "kontakt bedriftens administrator" in st.text_of(page)
    refused(stack, anna, cid, sub, (bte50, mbb))       # forbidden; no rule at all
    assert one(stack, "SELECT product_id FROM subscriptions WHERE id = %s" % sub) == "2"


def test_a_policy_held_order_mails_the_full_administrators(stack, clients, scheme):
    admin, anna, cid, sub = clients["admin"], clients["anna"], scheme["cid"], scheme["anna_sub"]
    bte50 = product(stack, "BTE50")
    set_policy(admin, cid, bte50, allowed="yes", approval="yes", payer="company")
    admin_before, manager_before = stack.mails_to(ADMIN), stack.mails_to(MANAGER)
    oid = order_id(order(anna, cid, sub, bte50))
    assert anna.page("/companies/%s/me/orders/%s.xml" % (cid, oid)).find(
        "orders/order").get("state") == "held"
    mail = stack.wait_for_mail(ADMIN, after=admin_before)
    assert oid in st.mail_checked(mail)["Subject"]
    body = st.mail_body(mail)
    assert "/companies/%s/orders/%s" % (cid, oid) in body
    assert "Bedriftens retningslinjer krever godkjenning." in body
    # Only the full administrators are asked: not the manager, not Anna.
    assert stack.mails_to(MANAGER) == manager_before


# -- employee numbers on the users page ---------------------------------------

def set_number(client, cid, uid, number, expect=303, xml=False):
    path = "/companies/%s/users" % cid
    data = {"csrf": client.csrf(path)}
    if number is not None:              # None: a form without the field
        data["number"] = number
    r = client.post("%s/%s/employee-number" % (path, uid), data, xml=xml)
    assert r.status_code == expect, (r.status_code, r.text[:800])
    return r


def numbers(client, cid):
    root = client.page("/companies/%s/users.xml" % cid)
    return {u.findtext("email"): u.findtext("employee-number") for u in root.iter("user")}


@pytest.fixture
def numbered(stack, scheme):
    yield
    stack.sql("UPDATE memberships SET employee_number = CASE user_id"
              " WHEN (SELECT id FROM users WHERE email = '%s') THEN 'A-1001'"
              " WHEN (SELECT id FROM users WHERE email = '%s') THEN 'A-1002' END"
              " WHERE company_id = %s" % (ANNA, BO, scheme["cid"]))


def test_a_full_administrator_sets_an_employee_number(stack, clients, scheme, numbered):
    admin, cid = clients["admin"], scheme["cid"]
    anna = one(stack, "SELECT id FROM users WHERE email = '%s'" % ANNA)
    page = st.check_html(admin.get("/companies/%s/users" % cid))
    form = page.xpath("//form[@action=$a]", a="/companies/%s/users/%s/employee-number"
                      % (cid, anna))[0]
    assert form.xpath(".//input[@name='number']/@value") == ["A-1001"]
    r = set_number(admin, cid, anna, "HR/2026-17")
    assert st.location_path(r) == "/companies/%s/users?done=employee-number-saved" % cid
    assert r.headers["Location"].endswith("#user-%s" % anna)
    assert numbers(admin, cid)[ANNA] == "HR/2026-17"
    assert ("employee-number", "HR/2026-17") in stack.sql(
        "SELECT action, detail FROM audit_log WHERE company_id = %s" % cid)
    # The payroll file says it from now on.
    assert one(stack, "SELECT employee_number FROM memberships WHERE user_id = %s"
               " AND company_id = %s" % (anna, cid)) == "HR/2026-17"
    # Empty clears it.
    set_number(admin, cid, anna, "")
    assert numbers(admin, cid)[ANNA] is None


@pytest.mark.parametrize("number,code", [
    ("A 1001", "invalid"), ("A<1001>", "invalid"), ("Ä-1001", "invalid"),
    ("1" * 33, "too-long"), (None, "required")])
def test_a_bad_employee_number_is_refused_with_what_was_typed(
        stack, clients, scheme, number, code, numbered):
    admin, cid = clients["admin"], scheme["cid"]
    anna = one(stack, "SELECT id FROM users WHERE email = '%s'" % ANNA)
    r = set_number(admin, cid, anna, number, expect=400)
    page = st.check_html(r)
    assert page.xpath("//input[@id=$i]/@value", i="number-%s" % anna) == [number or ""]
    assert page.xpath("//*[@id=$i]", i="number-%s-error" % anna)
    root = st.validate_xml(set_number(admin, cid, anna, number, expect=400, xml=True))
    f = root.find("form[@name='employee-number-%s']" % anna)
    assert f.find("error").get("code") == code
    assert numbers(admin, cid)[ANNA] == "A-1001"


def test_an_employee_number_is_one_employees_in_the_company(stack, clients, scheme, numbered):
    admin, cid = clients["admin"], scheme["cid"]
    anna = one(stack, "SELECT id FROM users WHERE email = '%s'" % ANNA)
    r = set_number(admin, cid, anna, "A-1002", expect=409)
    assert "En annen i bedriften har allerede dette ansattnummeret." in st.text_of(
        st.check_html(r))
    assert numbers(admin, cid)[ANNA] == "A-1001" and numbers(admin, cid)[BO] == "A-1002"
    # Another company's member may have the same number.
    other = one(stack, "SELECT company_id FROM memberships WHERE company_id <> %s"
                " ORDER BY company_id LIMIT 1" % cid)
    stack.sql("UPDATE memberships SET employee_number = 'A-1001' WHERE company_id = %s"
              " ORDER BY user_id LIMIT 1" % other)
    try:
        set_number(admin, cid, anna, "A-1001")
    finally:
        stack.sql("UPDATE memberships SET employee_number = NULL WHERE company_id = %s"
                  % other)


def test_only_a_full_administrator_sets_employee_numbers(stack, clients, scheme, mette,
                                                         numbered):
    cid = scheme["cid"]
    anna = one(stack, "SELECT id FROM users WHERE email = '%s'" % ANNA)
    path = "/companies/%s/users/%s/employee-number" % (cid, anna)
    for who in ("manager", "anna"):
        c = clients[who]
        assert c.post(path, {"csrf": c.csrf("/companies/%s/me" % cid if who == "anna" else
                                             "/companies/%s/users" % cid),
                             "number": "X-1"}).status_code == 403, who
    # The manager sees the numbers but no form for them.
    page = st.check_html(clients["manager"].get("/companies/%s/users" % cid))
    assert not page.xpath("//form[contains(@action, '/employee-number')]")
    assert "A-1001" in st.text_of(page)
    # Another company's administrator: not found.
    assert mette.post(path, {"csrf": mette.csrf("/companies"), "number": "X-1"}
                      ).status_code == 404
    # A member of no company of hers: not found, nothing written.
    set_number(clients["admin"], cid, 999999, "X-1", expect=404)
    assert numbers(clients["admin"], cid)[ANNA] == "A-1001"


# -- a new SIM card from the box ----------------------------------------------

OLD_SIM = "8947000000090022001"


SPARE = kid("894700000009002200")
OTHER_SPARE = kid("894700000009002201")   # another company's spare card
IN_USE = kid("894700000009002202")        # Bo's twin SIM


@pytest.fixture
def spares(stack, scheme):
    other = one(stack, "SELECT MIN(id) FROM companies WHERE id <> %s" % scheme["cid"])
    stack.sql("INSERT INTO sim_cards (company_id, iccid, type, status) VALUES"
              " (%s, '%s', 'main', 'inactive'), (%s, '%s', 'main', 'inactive');"
              "INSERT INTO sim_cards (company_id, subscription_id, iccid, type, status)"
              " VALUES (%s, %s, '%s', 'twin', 'active')"
              % (scheme["cid"], SPARE, other, OTHER_SPARE, scheme["cid"], scheme["bo_sub"],
                 IN_USE))
    yield
    stack.sql("DELETE FROM sim_cards WHERE iccid IN ('%s', '%s', '%s');"
              "UPDATE sim_cards SET status = 'active' WHERE iccid = '%s';"
              "DELETE FROM subscription_history WHERE subscription_id = %s"
              % (SPARE, OTHER_SPARE, IN_USE, OLD_SIM, scheme["anna_sub"]))


def activate(client, cid, sub, iccid, expect=303, xml=False):
    path = "/companies/%s/me/subscriptions/%s/sim" % (cid, sub)
    root = client.page(path + ".xml")
    r = client.post(path, {"csrf": root.findtext("context/csrf"),
                           "formkey": root.findtext("context/formkey"), "iccid": iccid},
                    xml=xml)
    assert r.status_code == expect, (r.status_code, r.text[:800])
    return r


def sims(client, cid, sub):
    return [(s.get("type"), s.get("status"), s.findtext("iccid"))
            for s in box(client, cid, sub).findall("sims/sim")]


def test_an_employee_activates_a_spare_sim_card_of_the_company(stack, clients, scheme, spares):
    anna, cid, sub = clients["anna"], scheme["cid"], scheme["anna_sub"]
    page = st.check_html(anna.get("/companies/%s/me/subscriptions/%s" % (cid, sub)))
    path = "/companies/%s/me/subscriptions/%s/sim" % (cid, sub)
    assert page.xpath("//a[@href=$h]", h=path)
    form = st.check_html(anna.get(path))
    assert "Aktiver nytt SIM-kort" in st.text_of(form) and OLD_SIM in st.text_of(form)
    # Typed as printed on the card, in groups.
    grouped = " ".join(SPARE[i:i + 4] for i in range(0, len(SPARE), 4))
    r = activate(anna, cid, sub, grouped)
    assert st.location_path(r) == (
        "/companies/%s/me/subscriptions/%s?done=selfservice-sim-activated" % (cid, sub))
    assert "Det nye SIM-kortet er aktivert" in st.text_of(st.check_html(anna.get(
        st.location_path(r))))
    assert sims(anna, cid, sub) == [("main", "blocked", OLD_SIM), ("main", "active", SPARE)]
    anna_id = one(stack, "SELECT id FROM users WHERE email = '%s'" % ANNA)
    assert stack.sql("SELECT user_id, detail FROM audit_log WHERE company_id = %s"
                     " AND action = 'sim-activate' ORDER BY id DESC LIMIT 1" % cid) == [
        (anna_id, "%s -> %s" % (OLD_SIM, SPARE))]
    # Once used, the card is no spare any more.
    r = activate(anna, cid, sub, SPARE, expect=400, xml=True)
    assert st.validate_xml(r).find("form/error").get("code") == "unknown"


@pytest.mark.parametrize("iccid,code", [
    ("", "required"), ("12345", "invalid"), ("8947000000090022009x", "invalid"),
    (SPARE[:-1] + str((int(SPARE[-1]) + 1) % 10), "invalid"),     # wrong check digit
    (OTHER_SPARE, "unknown"),         # another company's spare card
    (IN_USE, "unknown"),              # a card in use
    ("1" * 80, "invalid")])
def test_a_card_that_is_no_spare_of_the_company_is_refused(
        stack, clients, scheme, spares, iccid, code):
    anna, cid, sub = clients["anna"], scheme["cid"], scheme["anna_sub"]
    r = activate(anna, cid, sub, iccid, expect=400)
    page = st.check_html(r)
    assert page.xpath("//*[@id='sim-iccid-error']")
    if len(iccid) <= 32:
        assert page.xpath("//input[@name='iccid']/@value") == [iccid]
    root = st.validate_xml(activate(anna, cid, sub, iccid, expect=400, xml=True))
    assert root.find("form/error[@field='iccid']").get("code") == code
    assert sims(anna, cid, sub) == [("main", "active", OLD_SIM)]
    assert one(stack, "SELECT COUNT(*) FROM sim_cards WHERE iccid IN ('%s', '%s')"
               " AND status = 'inactive' AND subscription_id IS NULL"
               % (SPARE, OTHER_SPARE)) == "2"


def test_a_new_sim_waits_for_the_number_and_stays_on_ones_own_subscription(
        stack, clients, scheme, spares):
    anna, bo, cid, sub = clients["anna"], clients["bo"], scheme["cid"], scheme["anna_sub"]
    path = "/companies/%s/me/subscriptions/%s/sim" % (cid, sub)
    # Bo cannot open or use Anna's.
    assert bo.get(path).status_code == 404
    assert bo.post(path, {"csrf": bo.csrf("/companies/%s/me" % cid), "formkey": "x" * 43,
                          "iccid": SPARE}).status_code == 404
    stack.sql("UPDATE users SET phone_verified = NULL WHERE email = '%s'" % ANNA)
    page = st.check_html(anna.get("/companies/%s/me/subscriptions/%s" % (cid, sub)))
    assert not page.xpath("//a[@href=$h]", h=path)
    r = activate(anna, cid, sub, SPARE, expect=403)
    assert "Bekreft telefonnummeret ditt" in st.text_of(st.check_html(r))
    assert sims(anna, cid, sub) == [("main", "active", OLD_SIM)]
