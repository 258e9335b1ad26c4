"""The access matrix: every route of the page table against an anonymous
visitor, another company's member, a member of the company without the
route's area and one with exactly that area, GET and POST.

The routes are read from the modules' own tables (`selfcare routes`), so a
new route cannot be left out; which area owns each page is written down
once here, as the decision, and the test fails when a module says
otherwise or has a route this table does not name."""

import secrets

import pytest

import declared
import stack as st

BITPRO = "Bitpro Demo AS"
ALL = ("subscriptions", "orders", "invoices", "support", "users")

# Pages anyone may open, and what a visitor without a session gets from a
# bare GET (None: the route answers POST only).
PUBLIC = {
    "/": 303,                           # to /login
    "/lang": 400,                       # which language?
    "/login": 200,
    "/login/code": 303,                 # no code asked for: back to /login
    "/logout": None,
    "/einvoice/unsubscribe": 404,       # no link
    "/invitation": 404,                 # no link
    "/sso": 401,                        # the web server asks who it is
}
# A logged-in user's own pages, of no company.
LOGIN_ONLY = {"/companies", "/help", "/help/*"}
# Which area owns each company page: the data it shows or changes.
OWNER = {
    "/companies/#": (),                 # the overview: each figure by its area
    "/companies/#/locations": ("subscriptions",),   # references and prices
    "/companies/#/subscriptions": ("subscriptions",),
    "/companies/#/subscriptions.csv": ("subscriptions",),
    "/companies/#/subscriptions/#": ("subscriptions",),
    # Changing a plan or terminating is an order on a subscription.
    "/companies/#/subscriptions/#/plan": ("subscriptions", "orders"),
    "/companies/#/subscriptions/#/terminate": ("subscriptions", "orders"),
    # A location's change requests are orders.
    "/locations/#/manage": ("orders",),
    "/companies/#/cases": ("support",),
    "/companies/#/cases/new": ("support",),
    "/companies/#/cases/#": ("support",),
    "/companies/#/users": ("users",),
    "/companies/#/users/#": ("users",),
    "/companies/#/users/#/remove": ("users",),
    "/companies/#/invitations/#/remove": ("users",),
    "/companies/#/audit": ("admin",),
    "/companies/#/invoices": ("invoices",),
    "/locations/#/invoices": ("invoices",),
    "/companies/#/invoices/#": ("invoices",),
    "/companies/#/invoices/#/specification.csv": ("invoices",),
    "/companies/#/invoices/#/invoice.pdf": ("invoices",),
    "/companies/#/invoices/#/ehf": ("invoices",),
    "/companies/#/einvoice": ("invoices",),
    "/companies/#/einvoice/#/remove": ("invoices",),
    # Ordering SIM cards and hardware, and following the orders.
    "/companies/#/orders": ("orders",),
    "/companies/#/orders/new": ("orders",),
    "/companies/#/orders/#": ("orders",),
    "/companies/#/orders/#/cancel": ("orders",),
    # Approvals: the rules and the decision on a held order are a full
    # administrator's; the timeline of requests shows each kind by its area.
    "/companies/#/approvals": ("admin",),
    "/companies/#/orders/#/decision": ("admin",),
    "/companies/#/orders/#/approve": ("admin",),
    "/companies/#/orders/#/reject": ("admin",),
    "/companies/#/requests": (),
    "/companies/#/requests.csv": (),
    # A subscription's life: SIM swap, spare SIM, bars, suspension, PUK.
    "/companies/#/subscriptions/#/sim-swap": ("subscriptions",),
    "/companies/#/subscriptions/#/spare-sim": ("subscriptions",),
    "/companies/#/subscriptions/#/barring": ("subscriptions",),
    "/companies/#/subscriptions/#/suspend": ("subscriptions",),
    "/companies/#/subscriptions/#/puk": ("subscriptions",),
    # Usage: the meter and the history of a location's subscriptions or one.
    "/locations/#/usage": ("subscriptions",),
    "/companies/#/subscriptions/#/usage": ("subscriptions",),
    "/companies/#/subscriptions/#/usage.csv": ("subscriptions",),
    # A top-up is an order on a subscription.
    "/companies/#/subscriptions/#/topup": ("subscriptions", "orders"),
    # Bulk changes: a plan change is an order, as one subscription's is.
    "/companies/#/bulk": ("subscriptions", "orders"),
    "/companies/#/bulk/new": ("subscriptions", "orders"),
    "/companies/#/bulk/#": ("subscriptions", "orders"),
    "/companies/#/bulk/#/result.csv": ("subscriptions", "orders"),
    # The new-subscription wizard.
    "/companies/#/wizard": ("orders",),
    "/companies/#/wizard/#/user": ("orders",),
    "/companies/#/wizard/#/plan": ("orders",),
    "/companies/#/wizard/#/number": ("orders",),
    "/companies/#/wizard/#/sim": ("orders",),
    "/companies/#/wizard/#/cost-centre": ("orders",),
    "/companies/#/wizard/#/summary": ("orders",),
    "/companies/#/wizard/#/delete": ("orders",),
    # A member's own: the subscriptions whose user they are and the phone
    # check; the only company pages an employee opens.
    "/companies/#/me": (),
    "/companies/#/me/subscriptions/#": (),
    "/companies/#/me/phone": (),
    "/companies/#/me/phone/code": (),
    # Keys of the partner API: a full administrator's.
    "/companies/#/api-keys": ("admin",),
    "/companies/#/api-keys/#/rotate": ("admin",),
    "/companies/#/api-keys/#/revoke": ("admin",),
    # Self-service: an employee's order from their subscription's box and
    # following it; the company's policy and payroll deductions.
    "/companies/#/me/subscriptions/#/order/#": (),
    "/companies/#/me/orders/#": (),
    # A spare SIM card the employee activates on their own subscription; the
    # employee numbers the payroll file names, a full administrator's.
    "/companies/#/me/subscriptions/#/sim": (),
    "/companies/#/users/#/employee-number": ("admin",),
    "/companies/#/policy": ("admin",),
    "/companies/#/policy/#": ("admin",),
    "/companies/#/deductions": ("admin",),
    "/companies/#/deductions.csv": ("admin",),
    # Usage alerts' thresholds and who gets them: a full administrator's.
    "/companies/#/alerts": ("admin",),
    # Auto top-up buys top-ups: an order on a subscription.
    "/companies/#/subscriptions/#/auto-topup": ("subscriptions", "orders"),
    # The spending limit and lifting its data bar: a full administrator's.
    "/companies/#/subscriptions/#/spend-limit": ("admin",),
}
# A member's own pages answer the matrix's holder (who uses no subscription
# and has no phone number) so: a company's subscription not theirs is not
# found; a code cannot be sent without a number.
HOLDER_ANSWER = {"/companies/#/me/subscriptions/#": 404,
                 "/companies/#/me/subscriptions/#/order/#": 404,
                 "/companies/#/me/orders/#": 404,
                 "/companies/#/me/subscriptions/#/sim": 404}
HOLDER_POST = {"/companies/#/me/phone": 400,
               "/companies/#/me/subscriptions/#/order/#": 404,
               "/companies/#/me/subscriptions/#/sim": 404}
EMPLOYEE_PAGES = {p for p in OWNER if p.startswith("/companies/#/me")}
# A POST without fields that answers with a page, not a redirect: the
# rotated key's secret is shown on it, once.
ANSWER = {"/companies/#/api-keys/#/rotate": 200, "/admin/api-keys/#/rotate": 200}


ALL_ROUTES = declared.routes()
ROUTES = [r for r in ALL_ROUTES if r["door"] == "portal"]
ADMIN_ROUTES = [r for r in ALL_ROUTES if r["door"] == "admin"]

# The back office: its login steps anyone may open (a bare GET's answer),
# and the roles each of its pages needs.
ADMIN_PUBLIC = {
    "/admin/login": 200,
    "/admin/login/code": 303,           # no code asked for: back to the login
    "/admin/login/second": 303,
    "/admin/logout": None,
}
ADMIN_ROLE = {
    "/admin": (),                       # the start page: every staff member
    "/admin/staff": ("admin",),         # the staff and their roles
    "/admin/staff/#": ("admin",),
    "/admin/staff/#/status": ("admin",),
    "/admin/staff/#/second-factor": ("admin",),
    # Customers: search, create, change, deactivate, and see a company's
    # pages read-only; a role of its own, apart from answering cases.
    "/admin/customers": ("customers",),
    "/admin/customers/new": ("customers",),
    "/admin/customers/#": ("customers",),
    "/admin/customers/#/status": ("customers",),
    "/admin/customers/#/view/locations": ("customers",),
    "/admin/customers/#/view/subscriptions": ("customers",),
    "/admin/customers/#/view/invoices": ("customers",),
    # The catalogue and its prices.
    "/admin/catalogue": ("catalogue",),
    "/admin/catalogue/new": ("catalogue",),
    "/admin/catalogue/#": ("catalogue",),
    "/admin/catalogue/#/prices": ("catalogue",),
    "/admin/catalogue/#/companies": ("catalogue",),
    "/admin/catalogue/#/companies/#/remove": ("catalogue",),
    "/admin/catalogue/#/retire": ("catalogue",),
    # Billing runs, their previews and invoices' credit notes.
    "/admin/billing": ("billing",),
    "/admin/billing/runs/#": ("billing",),
    "/admin/invoices/#": ("billing",),
    "/admin/invoices/#/invoice.pdf": ("billing",),
    # Customer care: the queue and each case, with its actions.
    "/admin/cases": ("care",),
    "/admin/cases/#": ("care",),
    "/admin/cases/#/assign": ("care",),
    "/admin/cases/#/reply": ("care",),
    "/admin/cases/#/note": ("care",),
    "/admin/cases/#/status": ("care",),
    "/admin/cases/#/carry-out": ("care",),
    # Help articles, their feedback and their categories.
    "/admin/articles": ("articles",),
    "/admin/articles/new": ("articles",),
    "/admin/articles/#": ("articles",),
    "/admin/articles/categories": ("articles",),
    "/admin/articles/categories/#": ("articles",),
    # Payments: by hand, bank files, the queue of unmatched credits.
    "/admin/payments": ("billing",),
    "/admin/payments/upload": ("billing",),
    "/admin/payments/unmatched": ("billing",),
    # Payment reminders: a run's preview, today's run, a company's stop.
    "/admin/reminders": ("billing",),
    "/admin/reminders/companies/#": ("billing",),
    # Order fulfilment: the queue and each order, with its steps.
    "/admin/orders": ("fulfilment",),
    "/admin/orders/#": ("fulfilment",),
    "/admin/orders/#/take": ("fulfilment",),
    "/admin/orders/#/start": ("fulfilment",),
    "/admin/orders/#/fulfil": ("fulfilment",),
    "/admin/orders/#/complete": ("fulfilment",),
    "/admin/orders/#/fail": ("fulfilment",),
    # The operator's keys of the partner API (resellers', mediation's).
    "/admin/api-keys": ("customers",),
    "/admin/api-keys/#/rotate": ("customers",),
    "/admin/api-keys/#/revoke": ("customers",),
}


def test_every_route_has_its_owner():
    patterns = [r["pattern"] for r in ROUTES]
    assert len(patterns) == len(set(patterns)), "a pattern twice"
    assert set(patterns) == set(PUBLIC) | LOGIN_ONLY | set(OWNER), (
        "routes not in this table: %r; in this table only: %r" % (
            sorted(set(patterns) - set(PUBLIC) - LOGIN_ONLY - set(OWNER)),
            sorted((set(PUBLIC) | LOGIN_ONLY | set(OWNER)) - set(patterns))))
    for r in ROUTES:
        p, scoped = r["pattern"], r["flags"] & {"company", "location"}
        if p in PUBLIC:
            assert not r["flags"] & {"login", "company", "location"}, p
        elif p in LOGIN_ONLY:
            assert "login" in r["flags"] and not scoped, p
        else:
            assert scoped, "%s is not company-scoped" % p
            assert sorted(r["areas"]) == sorted(OWNER[p]), (
                "%s: route.c says %r, the owners' table %r" % (p, r["areas"], OWNER[p]))


# -- the matrix -------------------------------------------------------------------

def _post(client, route, path, csrf):
    data = {} if csrf is None else {"csrf": csrf}
    if "once" in route["flags"] and csrf is not None:
        data["formkey"] = secrets.token_urlsafe(32)
    return client.post(path, data)


def _assert_to_login(r, what):
    assert r.status_code == 303 and st.location_path(r) == "/login", (
        "%s: %d %s" % (what, r.status_code, r.headers.get("Location")))


@pytest.mark.parametrize("route", ROUTES, ids=[r["pattern"] for r in ROUTES])
def test_access(stack, base, route, member, mette, company_ids, staff):
    p = route["pattern"]
    get, post = "GET" in route["methods"], "POST" in route["methods"]
    anon = st.Client(base)
    # A member of the operator's staff is nobody to the portal: a visitor.
    if get and p not in PUBLIC:
        cid = company_ids[BITPRO]
        path, ids = declared.path_for(stack, cid, p)
        _assert_to_login(staff().get(path + declared.query_for(stack, p, ids)),
                         "staff GET " + path)
    if p in PUBLIC:
        if get:
            r = anon.get(p)
            assert r.status_code == PUBLIC[p], "anonymous GET %s: %d" % (p, r.status_code)
        if post:
            # No form of ours: refused, whatever the route (logout has
            # nothing to refuse without a session).
            r = anon.post(p, {"csrf": "A" * 43})
            assert r.status_code == (303 if "csrf-if-session" in route["flags"] else 403), p
        return

    cid = company_ids[BITPRO]
    path, ids = declared.path_for(stack, cid, p)
    query = declared.query_for(stack, p, ids)
    # An anonymous visitor: to the login page (401 for XML), GET or POST.
    if get:
        _assert_to_login(anon.get(path + query), "anonymous GET " + path)
        assert anon.get(path + query, xml=True).status_code == 401, path
    if post:
        _assert_to_login(_post(anon, route, path, None), "anonymous POST " + path)

    if p in LOGIN_ONLY:
        # Any logged-in user: their own page; an empty form is bad input.
        for who in (mette, member(cid, ())):
            if get:
                assert who.get(path).status_code == 200, path
            if post:
                assert _post(who, route, path, who.csrf("/companies")).status_code == 400
        return

    need = OWNER[p]
    # Another company's member: not found, and nothing tells whether it exists.
    principals = [("another company's member", mette, 404)]
    # A member without the area (each of the areas needed, in turn); a
    # page that needs no area opens for a member with none.
    if need == ("admin",):
        principals.append(("a manager with every area", member(cid, ALL), 403))
    elif need:
        for a in need:
            lacking = tuple(x for x in ALL if x != a)
            principals.append(("a member without %s" % a, member(cid, lacking), 403))
    # And one with exactly the areas needed: the page, or the handler's
    # answer to an empty form (400) or to a form without fields (303).
    holder = member(cid, ALL, role="admin") if need == ("admin",) else member(cid, need)
    answer = ANSWER.get(p, HOLDER_POST.get(p, 400 if route["post_fields"] else 303))
    # An employee holds no area: every company page but their own is refused.
    if p not in EMPLOYEE_PAGES:
        principals.append(("an employee", member(cid, (), role="employee"), 403))
    principals.append(("a member with %s" % (", ".join(need) or "no area"), holder,
                       HOLDER_ANSWER.get(p)))
    for what, client, status in principals:
        csrf = client.csrf("/companies")
        if get:
            r = client.get(path + query)
            assert r.status_code == (status or 200), "%s: GET %s%s: %d\n%s" % (
                what, path, query, r.status_code, r.text[:500])
        if post:
            r = _post(client, route, path, csrf)
            assert r.status_code == (status or answer), "%s: POST %s: %d\n%s" % (
                what, path, r.status_code, r.text[:500])


# -- what a page shows follows the areas too --------------------------------------

def test_each_page_shows_only_its_areas_data(stack, member, company_ids):
    cid = company_ids[BITPRO]
    lid = declared.one(stack, "SELECT MIN(id) FROM locations WHERE company_id = %s" % cid)
    # The location overview is the subscriptions area's; each location's
    # latest case the support area's; its links go to pages one may open.
    subs = member(cid, ("subscriptions",))
    loc = subs.page("/companies/%s/locations.xml" % cid).find("locations/location")
    assert loc.find("subscription/price") is not None
    assert loc.find("latest-case") is None
    page = st.check_html(subs.get("/companies/%s/locations" % cid))
    for href in ("/locations/%s/manage" % lid, "/locations/%s/invoices" % lid):
        assert not page.xpath("//a[@href=$h]", h=href), href
    both = member(cid, ("subscriptions", "support"))
    assert both.page("/companies/%s/locations.xml" % cid).find(
        "locations/location/latest-case") is not None
    # The overview: no figure of an area the member lacks, no menu link.
    none = member(cid, ())
    root = none.page("/companies/%s.xml" % cid)
    assert [e.tag for e in root.find("overview")] == []
    page = st.check_html(none.get("/companies/%s" % cid))
    assert not page.xpath("//a[@href=$h]", h="/companies/%s/locations" % cid)
    # The companies list leads such a member to the overview instead.
    page = st.check_html(none.get("/companies"))
    assert page.xpath("//td[@class='actions']/a[@href=$h]", h="/companies/%s" % cid)
    assert not page.xpath("//a[@href=$h]", h="/companies/%s/locations" % cid)
    assert [e.tag for e in both.page("/companies/%s.xml" % cid).find("overview")] == [
        "locations", "subscriptions", "open-cases"]
    # A subscription's profile offers the plans to change to only to a
    # member who may order.
    sid = declared.IDS["subscriptions"](stack, cid, None)
    root = subs.page("/companies/%s/subscriptions/%s.xml" % (cid, sid))
    assert root.find("plans") is None
    page = st.check_html(subs.get("/companies/%s/subscriptions/%s" % (cid, sid)))
    assert not page.xpath("//form[@action=$a]", a="/companies/%s/subscriptions/%s/plan"
                          % (cid, sid))
    orders = member(cid, ("subscriptions", "orders"))
    assert orders.page("/companies/%s/subscriptions/%s.xml" % (cid, sid)).find(
        "plans/plan") is not None
    # The manage page is the orders area's: its change requests only, and a
    # case's page (support) is not linked for who cannot open it.
    only = member(cid, ("orders",))
    stack.sql("INSERT INTO cases (company_id, kind, category, subject, location_id)"
              " VALUES (%s, 'support', 'technical', 'Matrix support case', %s)" % (cid, lid))
    try:
        root = only.page("/locations/%s/manage.xml" % lid)
        assert {c.get("kind") for c in root.iter("case")} == {"change"}
        page = st.check_html(only.get("/locations/%s/manage" % lid))
        assert "Matrix support case" not in st.text_of(page)
        assert not page.xpath("//a[contains(@href, '/cases/')]")
    finally:
        stack.sql("DELETE FROM cases WHERE subject = 'Matrix support case'")


# -- the back office's matrix -------------------------------------------------------

def test_every_admin_route_has_its_role():
    patterns = {r["pattern"] for r in ADMIN_ROUTES}
    assert patterns == set(ADMIN_PUBLIC) | set(ADMIN_ROLE), (
        "back-office routes not in these tables: %r; in the tables only: %r" % (
            sorted(patterns - set(ADMIN_PUBLIC) - set(ADMIN_ROLE)),
            sorted(set(ADMIN_PUBLIC) | set(ADMIN_ROLE) - patterns)))
    for r in ADMIN_ROUTES:
        p = r["pattern"]
        assert p.startswith("/admin"), p
        if p in ADMIN_PUBLIC:
            assert "staff" not in r["flags"], p
        else:
            assert "staff" in r["flags"], p
            assert sorted(r["areas"]) == sorted(ADMIN_ROLE[p]), (p, r["areas"])


def _assert_to_admin_login(r, what):
    assert r.status_code == 303 and st.location_path(r) == "/admin/login", (
        "%s: %d %s" % (what, r.status_code, r.headers.get("Location")))


def _staff_post(client, route, path):
    """A POST of one of the back office's own forms, without its fields."""
    data = {"csrf": client.page("/admin").findtext("context/csrf")}
    if "once" in route["flags"]:
        data["formkey"] = secrets.token_urlsafe(32)
    return client.post(path, data)


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=[r["pattern"] for r in ADMIN_ROUTES])
def test_admin_access(stack, base, route, kari, staff, company_ids):
    p = route["pattern"]
    get, post = "GET" in route["methods"], "POST" in route["methods"]
    anon = st.Client(base)
    if p in ADMIN_PUBLIC:
        if get:
            assert anon.get(p).status_code == ADMIN_PUBLIC[p], p
        if post:
            r = anon.post(p, {"csrf": "A" * 43})
            assert r.status_code == (303 if "csrf-if-session" in route["flags"] else 403), p
        return
    path, _ = declared.path_for(stack, company_ids[BITPRO], p)
    # A visitor and a customer (whatever their session) go to the back
    # office's login; XML asks get 401.
    for who, client in (("a visitor", anon), ("a customer", kari)):
        if get:
            _assert_to_admin_login(client.get(path), "%s: GET %s" % (who, path))
            assert client.get(path, xml=True).status_code == 401, (who, path)
        if post:
            _assert_to_admin_login(client.post(path, {}), "%s: POST %s" % (who, path))
    need = ADMIN_ROLE[p]
    roles = [m["name"] for m in declared.modules() if m["door"] == "admin" and m["area"]]
    for r in need:
        lacking = tuple(x for x in roles if x != r and x != "admin")
        c = staff(lacking)
        if get:
            assert c.get(path).status_code == 403, (p, lacking)
        if post:
            assert _staff_post(c, route, path).status_code == 403, (p, lacking)
    # One holding them: the page (the staff member in its context, or in
    # the view of a customer's page), or the handler's answer to a form
    # without its fields.
    c = staff(need)
    if get:
        assert c.get(path).status_code == 200, p
        if route["page"] is not None:       # a page, not a file (a PDF)
            root = c.page(path)
            assert (root.find("context/staff") is not None or
                    root.find("context/view/staff") is not None), p
    if post:
        # Role boxes left unticked are an answer (no roles), not a missing field.
        typed = [f for f in route["post_fields"] if not f.startswith("role-")]
        r = _staff_post(c, route, path)
        assert r.status_code == ANSWER.get(p, 400 if typed else 303), (
            p, r.status_code, r.text[:500])


# -- the partner API's matrix: keys instead of members ---------------------------

API_ROUTES = [r for r in ALL_ROUTES if r["door"] == "api"]
# Which area a key must read for each resource (none: any key of a company).
API_OWNER = {
    "/api/v1/organization": (), "/api/v1/organization/#": (),
    "/api/v1/location": (), "/api/v1/location/#": (),
    "/api/v1/productOffering": (), "/api/v1/productOffering/#": (),
    "/api/v1/product": ("subscriptions",), "/api/v1/product/#": ("subscriptions",),
    "/api/v1/productOrder": ("orders",), "/api/v1/productOrder/#": ("orders",),
    "/api/v1/troubleTicket": ("support",), "/api/v1/troubleTicket/#": ("support",),
    "/api/v1/customerBill": ("invoices",), "/api/v1/customerBill/#": ("invoices",),
    "/api/v1/customerBill/#/pdf": ("invoices",), "/api/v1/customerBill/#/ubl": ("invoices",),
    # The writes: making an order (a POST to the list) and cancelling one.
    "/api/v1/productOrder/#/cancel": ("orders",),
    # The hub: any key's own subscriptions (each event type's area is
    # checked when it is subscribed to; tests/http/test_hub.py).
    "/api/v1/hub": (), "/api/v1/hub/#": (), "/api/v1/hub/#/delivery": (),
    # Usage: read by a company's key; its POST is a mediation key's (test_api_usage.py).
    "/api/v1/usage": ("subscriptions",),
    # Trouble tickets: making one (a POST to the list) and a note on one.
    "/api/v1/troubleTicket/#/note": ("support",),
    # Payments: a billing partner's key only (no area; test_api_billing_access).
    "/api/v1/payment": (), "/api/v1/payment/#": (),
}
API_METHODS = {"/api/v1/productOrder": ("GET", "POST"),
               "/api/v1/productOrder/#/cancel": ("POST",),
               "/api/v1/hub": ("GET", "POST"), "/api/v1/hub/#": ("GET", "DELETE"),
               "/api/v1/usage": ("GET", "POST"),
               "/api/v1/troubleTicket": ("GET", "POST"),
               "/api/v1/troubleTicket/#/note": ("POST",),
               "/api/v1/payment": ("GET", "POST")}
API_FLAGS = {"/api/v1/hub/#": {"delete"}, "/api/v1/usage": {"mediation"}}
# A key's own rows, not a company's: another key's are test_hub.py's 404s.
API_KEYS_OWN = ("/api/v1/hub/#", "/api/v1/hub/#/delivery")
API_BILLING = ("/api/v1/payment", "/api/v1/payment/#")
# A write that takes a body, and what it answers when it is made.
API_BODIES = {"/api/v1/troubleTicket/#/note": (
    "<note><text>Matrix note</text></note>", 201)}
# The company's row each resource's id is of.
API_IDS = {
    "organization": "SELECT id FROM companies WHERE id = %s",
    "location": "SELECT MIN(id) FROM locations WHERE company_id = %s",
    "productOffering": "SELECT MIN(id) FROM products WHERE contract_only = 0",
    "product": "SELECT MIN(id) FROM subscriptions WHERE company_id = %s",
    "productOrder": "SELECT MAX(id) FROM orders WHERE company_id = %s",
    "troubleTicket": "SELECT MIN(id) FROM cases WHERE company_id = %s AND status <> 'closed'",
    "customerBill": "SELECT MIN(id) FROM invoices WHERE company_id = %s AND kind = 'invoice'",
}


def _api_key(client, cid, areas):
    """A key of company cid reading exactly those areas, made on its page."""
    data = {"csrf": client.csrf("/companies"), "name": "Matrix", "days": "1"}
    data.update({"area-" + a: "on" for a in areas})
    r = client.post("/companies/%s/api-keys.xml" % cid, data)
    assert r.status_code == 200, r.text[:500]
    return st.validate_xml(r).findtext("secret")


def _api_path(stack, cid, pattern):
    parts = pattern.split("/")
    for i, part in enumerate(parts):
        if part == "#":
            if parts[i - 1] == "productOrder":
                declared._throwaway_order(stack, cid)
            sql = API_IDS[parts[i - 1]]
            parts[i] = declared.one(stack, sql % cid if "%s" in sql else sql)
    return "/".join(parts)


def test_every_api_route_has_its_area():
    patterns = {r["pattern"] for r in API_ROUTES}
    assert patterns == set(API_OWNER), (sorted(patterns ^ set(API_OWNER)))
    for r in API_ROUTES:
        assert r["methods"] == API_METHODS.get(r["pattern"], ("GET",)), r["pattern"]
        assert set(r["flags"]) == API_FLAGS.get(r["pattern"], set()), r["pattern"]
        assert sorted(r["areas"]) == sorted(API_OWNER[r["pattern"]]), r["pattern"]


@pytest.mark.parametrize("route", [r for r in API_ROUTES if r["pattern"] in API_BILLING],
                         ids=lambda r: r["pattern"])
def test_api_billing_access(stack, base, route, kari, staff, company_ids):
    """Payments answer a billing partner's key, and no company's or reseller's."""
    desk = staff(("customers",))
    anon = st.Client(base)
    bearer = lambda key: {"Authorization": "Bearer " + key}   # noqa: E731

    def operator_key(kind, companies=""):
        r = desk.post("/admin/api-keys.xml", {
            "csrf": desk.page("/admin").findtext("context/csrf"), "name": "Matrix",
            "kind": kind, "companies": companies, "days": "1"})
        assert r.status_code == 200, r.text[:500]
        return st.validate_xml(r).findtext("secret")

    billing = operator_key("billing")
    made = None
    try:
        path = route["pattern"]
        if "#" in path:
            r = anon.post("/api/v1/payment", data=(
                "<payment><reference>MATRIX-1</reference><amount>1.00</amount>"
                "<currency>NOK</currency><date>2026-03-02</date><kid>18</kid></payment>"),
                headers=dict(bearer(billing), **{"Content-Type": "application/xml",
                                                 "Idempotency-Key": "matrix"}))
            assert r.status_code == 201, r.text[:500]
            made = declared.one(stack, "SELECT id FROM bank_transactions WHERE bank_ref ="
                                " 'MATRIX-1'")
            path = path.replace("#", made)
        assert anon.get(path).status_code == 401
        assert kari.get(path).status_code == 401
        company = _api_key(kari, company_ids[BITPRO], ALL)
        for key in (company, operator_key("reseller", company_ids[BITPRO])):
            assert anon.get(path, headers=bearer(key)).status_code == 403, path
        assert anon.get(path, headers=bearer(billing)).status_code == 200, path
        if made:
            assert anon.post(path, headers=bearer(billing)).status_code == 405
    finally:
        stack.sql("UPDATE api_keys SET revoked_at = NOW() WHERE name = 'Matrix'")
        if made:
            stack.sql("DELETE FROM unmatched_payments WHERE bank_transaction_id = %s;"
                      " DELETE FROM bank_transactions WHERE id = %s" % (made, made))


@pytest.mark.parametrize("route", [r for r in API_ROUTES
                                   if r["pattern"] not in API_BILLING + API_KEYS_OWN],
                         ids=lambda r: r["pattern"])
def test_api_access(stack, base, route, kari, mette, company_ids):
    p = route["pattern"]
    cid, other = company_ids[BITPRO], company_ids["Fjordnet ApS"]
    path = _api_path(stack, cid, p)
    need = API_OWNER[p]
    anon = st.Client(base)
    # A route that only writes is tried with its POST (a cancel takes no body).
    writes = API_METHODS.get(p) == ("POST",)
    body, made = API_BODIES.get(p, (None, 200))

    def ask(c, headers=None):
        if not writes:
            return c.get(path, headers=headers)
        if body is None:
            return c.post(path, headers=headers)
        return c.post(path, data=body, headers=dict(headers or {},
                                                    **{"Content-Type": "application/xml"}))
    try:
        # No key: 401; a member's session cookie is no key either.
        assert ask(anon).status_code == 401, path
        assert ask(kari).status_code == 401, path
        bearer = lambda key: {"Authorization": "Bearer " + key}   # noqa: E731
        # A key lacking each area needed: 403.
        for a in need:
            key = _api_key(kari, cid, tuple(x for x in ALL if x != a))
            assert ask(anon, headers=bearer(key)).status_code == 403, (path, a)
        # A key with exactly those areas: the resource.
        key = _api_key(kari, cid, need)
        r = ask(anon, headers=bearer(key))
        assert r.status_code == made, (path, r.status_code, r.text[:300])
        # Another company's key with every area: the company's row is not
        # found (the catalogue is everyone's).
        theirs = _api_key(mette, other, ALL)
        status = 200 if "#" not in p or p.startswith("/api/v1/productOffering") else 404
        assert ask(anon, headers=bearer(theirs)).status_code == status, path
        # The other method: 405 (the create's POST is test_api.py's).
        if writes:
            assert anon.get(path, headers=bearer(key)).status_code == 405, path
        elif "POST" not in API_METHODS.get(p, ()):
            assert anon.post(path, headers=bearer(key)).status_code == 405, path
    finally:
        stack.sql("UPDATE api_keys SET revoked_at = NOW() WHERE name = 'Matrix'")
