"""What a page asks the database: the statements and round trips of a
request (debug_statements' X-Selfcare-Statements header), on a stack of
its own with the header on. A location's page (R_LOCATION) finds the
location's company in the session's statement, as a company page finds its
company: the session, the memberships and the location in one round trip,
and someone else's location is still not found."""

import re

import pytest

import stack as st

KARI = "kari.nordmann@example.no"
HEADER = re.compile(r"^(\d+) statements, (\d+) round trips$")


@pytest.fixture(scope="module")
def dbg():
    s = st.Stack(frontends=("nginx",), workers=1)
    s.conf_extra["debug_statements"] = "yes"
    try:
        s.start()
    except st.StackError as e:
        pytest.fail("the stack did not start: %s" % e, pytrace=False)
    yield s
    s.stop()


def one(s, query):
    return s.sql(query)[0][0]


def counted(client, path, status=200):
    """(statements, round trips) of a steady request: the second one, when
    the worker has prepared the page's statements."""
    client.get(path)
    r = client.get(path)
    assert r.status_code == status, "%s: %d\n%s" % (path, r.status_code, r.text[:500])
    m = HEADER.match(r.headers.get("X-Selfcare-Statements", ""))
    assert m, "%s: no statements header: %r" % (path, r.headers)
    return int(m.group(1)), int(m.group(2))


@pytest.fixture(scope="module")
def kari(dbg):
    return dbg.login(dbg.urls["nginx"], KARI)


@pytest.fixture(scope="module")
def places(dbg):
    """Kari's company with a location, its location, and a location of a
    company Kari is no member of."""
    uid = one(dbg, "SELECT id FROM users WHERE email = '%s'" % KARI)
    lid, cid = dbg.sql("SELECT l.id, l.company_id FROM locations l JOIN memberships m"
                       " ON m.company_id = l.company_id WHERE m.user_id = %s"
                       " AND m.role = 'admin' ORDER BY l.id LIMIT 1" % uid)[0]
    other = one(dbg, "SELECT MIN(l.id) FROM locations l WHERE l.company_id NOT IN"
                     " (SELECT company_id FROM memberships WHERE user_id = %s)" % uid)
    return {"uid": uid, "cid": cid, "lid": lid, "other": other}


LOCATION_PAGES = ("/locations/%s/invoices", "/locations/%s/manage", "/locations/%s/usage")


@pytest.mark.parametrize("page", LOCATION_PAGES)
def test_location_page_finds_its_company_with_the_session(dbg, kari, places, page):
    path = page % places["lid"]
    n, trips = counted(kari, path)
    root = kari.page(path + ".xml")
    assert root.find("context/company").get("id") == places["cid"]
    assert trips == n, "%s: %d statements in %d round trips" % (path, n, trips)
    # Someone else's location costs the session's statement alone: the
    # location's company was looked for in it.
    assert counted(kari, page % places["other"], status=404) == (1, 1)
    assert n > 1


def test_location_invoices_cost_their_company_page_and_the_location(dbg, kari, places):
    # The company's list: the session (with the memberships), the years,
    # the invoices; the location's: the same and the location's own row.
    company = counted(kari, "/companies/%s/invoices" % places["cid"])
    assert company == (3, 3)
    assert counted(kari, "/locations/%s/invoices" % places["lid"]) == (4, 4)


@pytest.mark.parametrize("page", LOCATION_PAGES)
def test_another_companys_location_is_not_found(dbg, kari, places, page):
    r = kari.get(page % places["other"])
    assert r.status_code == 404
    name = one(dbg, "SELECT l.name FROM locations l WHERE l.id = %s" % places["other"])
    assert name not in r.text
    assert kari.get(page % 999999999).status_code == 404
    # Not even through the XML view.
    assert kari.get((page % places["other"]) + ".xml").status_code == 404


def test_location_of_a_closed_company_is_refused(dbg, kari, places):
    dbg.sql("UPDATE companies SET status = 'closed' WHERE id = %s" % places["cid"])
    try:
        r = kari.get("/locations/%s/invoices" % places["lid"])
        assert r.status_code == 403
    finally:
        dbg.sql("UPDATE companies SET status = 'active' WHERE id = %s" % places["cid"])
    assert kari.get("/locations/%s/invoices" % places["lid"]).status_code == 200


def test_location_page_needs_its_area(dbg, kari, places):
    dbg.sql("UPDATE memberships SET role = 'manager', areas = 'support'"
            " WHERE user_id = %s AND company_id = %s" % (places["uid"], places["cid"]))
    try:
        assert kari.get("/locations/%s/invoices" % places["lid"]).status_code == 403
        assert kari.get("/locations/%s/manage" % places["lid"]).status_code == 403
    finally:
        dbg.sql("UPDATE memberships SET role = 'admin',"
                " areas = 'subscriptions,orders,invoices,support,users'"
                " WHERE user_id = %s AND company_id = %s" % (places["uid"], places["cid"]))
    assert kari.get("/locations/%s/invoices" % places["lid"]).status_code == 200


def test_switcher_is_read_with_the_session_on_a_location_page(dbg, kari, places):
    # Every company of Kari's is in the switcher, the location's active.
    want = {r[0] for r in dbg.sql("SELECT company_id FROM memberships WHERE user_id = %s"
                                   % places["uid"])}
    root = kari.page("/locations/%s/invoices.xml" % places["lid"])
    got = {e.get("id"): e.get("current") for e in root.iterfind("context/switcher/company")}
    assert set(got) == want, got
    assert got[places["cid"]] == "yes"


def test_location_list_shows_each_locations_newest_case(dbg, kari, places):
    cid, lid = places["cid"], places["lid"]
    other = one(dbg, "SELECT MIN(id) FROM locations WHERE company_id = %s AND id <> %s"
                % (cid, lid))
    dbg.sql("INSERT INTO cases (company_id, kind, category, subject, location_id, status)"
            " VALUES (%s, 'support', 'technical', 'Perf older', %s, 'waiting'),"
            " (%s, 'support', 'technical', 'Perf newer', %s, 'in-progress'),"
            " (%s, 'support', 'technical', 'Perf elsewhere', NULL, 'new')"
            % (cid, lid, cid, lid, cid))
    try:
        newest = one(dbg, "SELECT MAX(id) FROM cases WHERE subject = 'Perf newer'")
        root = kari.page("/companies/%s/locations.xml" % cid)
        locs = {e.get("id"): e for e in root.iterfind("locations/location")}
        assert locs[lid].find("latest-case").get("id") == newest
        assert locs[lid].findtext("latest-case") == "in-progress"
        # A case without a location belongs to none of them.
        for e in locs.values():
            lc = e.find("latest-case")
            assert lc is None or lc.get("id") != one(
                dbg, "SELECT MAX(id) FROM cases WHERE subject = 'Perf elsewhere'")
        if other != "NULL":
            want = dbg.sql("SELECT MAX(id) FROM cases WHERE location_id = %s" % other)[0][0]
            got = locs[other].find("latest-case")
            assert (got.get("id") if got is not None else "NULL") == want
    finally:
        dbg.sql("DELETE FROM cases WHERE subject LIKE 'Perf %'")


# -- the subscription's page ------------------------------------------------------

SUB_REF = "TSN-PERF-S1"


@pytest.fixture
def psub(dbg, places):
    """A subscription of Kari's company on the 100 GB plan, barred for data,
    suspended from yesterday for a week, ending for a reason of its own;
    removed afterwards with its orders."""
    cid = places["cid"]
    dbg.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
            " currency, status, started_on, bar_data, suspended_from, suspended_to,"
            " end_reason, end_note) VALUES (%s, 1, '%s', 799.00, 'NOK', 'active',"
            " '2025-01-01', 1, CURDATE() - INTERVAL 1 DAY, CURDATE() + INTERVAL 6 DAY,"
            " 'other', 'Perf moves away')" % (cid, SUB_REF))
    yield one(dbg, "SELECT id FROM subscriptions WHERE ref = '%s'" % SUB_REF)
    mine = "SELECT id FROM subscriptions WHERE ref = '%s'" % SUB_REF
    dbg.sql("DELETE o FROM orders o JOIN order_items i ON i.order_id = o.id"
            " WHERE i.subscription_id IN (%s); DELETE FROM subscriptions"
            " WHERE id IN (SELECT id FROM (%s) x)" % (mine, mine))


def topup(dbg, cid, sid, code, completed):
    """A completed top-up order of package code for sid, completed (and its
    completion event) at the SQL time completed."""
    dbg.sql("INSERT INTO orders (company_id, state, currency, delivery_name,"
            " delivery_street, delivery_postcode, delivery_city, delivery_country,"
            " completed_at) VALUES (%s, 'completed', 'NOK', 'Perf', 'Gata 1', '0150',"
            " 'Oslo', 'NO', %s);"
            "SET @o = LAST_INSERT_ID();"
            "INSERT INTO order_items (order_id, action, product_id, subscription_id,"
            " currency) SELECT @o, 'modify', id, %s, 'NOK' FROM products WHERE code = '%s';"
            "INSERT INTO order_events (order_id, from_state, to_state, at) VALUES"
            " (@o, NULL, 'acknowledged', %s), (@o, 'inProgress', 'completed', %s)"
            % (cid, completed, sid, code, completed, completed))


def test_subscription_page_reads_its_life_box_with_the_subscription(dbg, kari, places,
                                                                     psub):
    cid = places["cid"]
    path = "/companies/%s/subscriptions/%s" % (cid, psub)
    # The session; the subscription with its company's check, its bars,
    # suspension, spare SIMs, end reason and meter; its SIM cards, services
    # and history in one; the plans to change to.
    assert counted(kari, path) == (4, 4)
    s = kari.page(path + ".xml").find("subscription")
    # The three lists read together, each whole and in its own order.
    ids = lambda q: [r[0] for r in dbg.sql(q % psub)]
    assert [e.get("id") for e in s.iterfind("sims/sim")] == ids(
        "SELECT id FROM sim_cards WHERE subscription_id = %s ORDER BY id")
    assert [e.get("id") for e in s.iterfind("services/service")] == ids(
        "SELECT id FROM subscription_services WHERE subscription_id = %s ORDER BY id")
    assert [e.get("id") for e in s.iterfind("history/entry")] == ids(
        "SELECT id FROM subscription_history WHERE subscription_id = %s ORDER BY id DESC")
    life = s.find("life")
    spares = one(dbg, "SELECT COUNT(*) FROM sim_cards WHERE company_id = %s AND"
                      " subscription_id IS NULL AND status = 'inactive'" % cid)
    assert life.get("spares") == spares
    assert [b.text for b in life.iterfind("barred/bar")] == ["data"]
    span = dbg.sql("SELECT CURDATE() - INTERVAL 1 DAY, CURDATE() + INTERVAL 6 DAY")[0]
    assert (life.find("suspension").get("from"), life.find("suspension").get("to")) == \
        tuple(span)
    why = s.find("end-reason")
    assert (why.get("code"), why.text) == ("other", "Perf moves away")
    # A suspension that is over is not shown; no reason, no element.
    dbg.sql("UPDATE subscriptions SET suspended_from = '2025-02-01', suspended_to ="
            " '2025-02-10', end_reason = NULL, end_note = NULL, bar_data = 0"
            " WHERE id = %s" % psub)
    s = kari.page(path + ".xml").find("subscription")
    assert s.find("life/suspension") is None and s.find("life/barred") is None
    assert s.find("end-reason") is None
    assert "Perf moves away" not in kari.get(path).text


def test_another_companys_subscription_costs_one_statement_more(dbg, kari, places):
    other = one(dbg, "SELECT MIN(s.id) FROM subscriptions s WHERE s.company_id NOT IN"
                     " (SELECT company_id FROM memberships WHERE user_id = %s)"
                     % places["uid"])
    path = "/companies/%s/subscriptions/%s" % (places["cid"], other)
    assert counted(kari, path, status=404) == (2, 2)
    ref = one(dbg, "SELECT ref FROM subscriptions WHERE id = %s" % other)
    assert ref not in kari.get(path).text


def test_meter_counts_the_top_ups_completed_this_period(dbg, kari, places, psub):
    cid = places["cid"]
    path = "/companies/%s/subscriptions/%s.xml" % (cid, psub)
    # One completed this month, one 40 days before the start of it.
    topup(dbg, cid, psub, "TOP10", "NOW()")
    topup(dbg, cid, psub, "TOP20",
          "DATE_FORMAT(NOW(), '%Y-%m-01') - INTERVAL 40 DAY")
    m = kari.page(path).find("subscription/meter")
    assert (m.get("plan-gb"), m.get("topups-gb"), m.get("quota-gb")) == (
        "100.00", "10.00", "110.00")
    # The period is the order's completion (orders.completed_at): moved
    # into this one, the old order counts.
    old = one(dbg, "SELECT o.id FROM orders o JOIN order_items i ON i.order_id = o.id"
                   " JOIN products p ON p.id = i.product_id WHERE p.code = 'TOP20'"
                   " AND i.subscription_id = %s" % psub)
    dbg.sql("UPDATE orders SET completed_at = NOW() WHERE id = %s" % old)
    m = kari.page(path).find("subscription/meter")
    assert m.get("topups-gb") == "30.00"
