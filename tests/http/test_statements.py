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
