"""The back office's customers (role "customers"): the search over every
company by each of its keys with the key figures, a new Norwegian or Danish
company (organisation numbers and postcodes checked by country; bad input
re-shows the form and writes nothing), its first administrator invited
through the portal's invitation and seeing the company once accepted, the
staff overview with name and address changed, deactivation (its members
get the closed page, nothing is deleted) and reactivation, and the
company's own pages seen read-only by staff, each view in the customer's
audit log. Every document is checked against its schema (Client.page)."""

import random
import re
import uuid

import pytest

import stack as st
from conftest import KARI, METTE
from test_users import accept_by_link, invitation_link

BITPRO = "Bitpro Demo AS"
NORDLYS = "Nordlys Eiendom AS"
FJORDNET = "Fjordnet ApS"
ALL_AREAS = "subscriptions,orders,invoices,support,users"


@pytest.fixture
def cust(staff):
    """A staff member holding the customers role only."""
    return staff(("customers",))


def count(stack, where):
    return int(stack.sql("SELECT COUNT(*) FROM " + where)[0][0])


def taken(stack, country, number):
    return count(stack, "companies WHERE country = '%s' AND orgnr = '%s'" % (country, number))


def orgnr_no(stack):
    """A valid Norwegian organisation number no company has yet."""
    while True:
        d = [9] + [random.randint(0, 9) for _ in range(7)]
        c = (11 - sum(x * w for x, w in zip(d, (3, 2, 7, 6, 5, 4, 3, 2))) % 11) % 11
        n = "".join(map(str, d + [c]))
        if c < 10 and not taken(stack, "NO", n):
            return n


def cvr(stack):
    """A valid Danish CVR number no company has yet."""
    while True:
        d = [random.randint(1, 9)] + [random.randint(0, 9) for _ in range(6)]
        c = (11 - sum(x * w for x, w in zip(d, (2, 7, 6, 5, 4, 3, 2))) % 11) % 11
        n = "".join(map(str, d + [c]))
        if c < 10 and not taken(stack, "DK", n):
            return n


def off_by_one(number):
    """The same number with its last digit one up: never valid (mod 11)."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def form_of(client, path):
    root = client.page(path)
    return root.findtext("context/csrf"), root.findtext("context/formkey")


def new_company(stack, country="NO", **over):
    """The new-company form's fields for a company of its own."""
    tag = uuid.uuid4().hex[:8]
    data = {
        "name": "Testfirma %s %s" % (country, tag),
        "orgnr": orgnr_no(stack) if country == "NO" else cvr(stack),
        "country": country,
        "street": "Storgata 5" if country == "NO" else "Vesterbrogade 3",
        "postcode": "0155" if country == "NO" else "1620",
        "city": "Oslo" if country == "NO" else "København V",
        "currency": "NOK" if country == "NO" else "DKK",
        "vat-rate": "25",
        "location-number": "L" + tag[:6],
        "location-name": "Hovedkontor",
        "admin-name": "Førstemann Admin",
        "admin-email": "first.%s@example.%s" % (tag, country.lower()),
    }
    data.update(over)
    return data


def post_new(client, data):
    csrf, formkey = form_of(client, "/admin/customers/new")
    return client.post("/admin/customers/new", dict(data, csrf=csrf, formkey=formkey))


def create(stack, client, country="NO", **over):
    """A company made through the form: (form data, company id)."""
    data = new_company(stack, country, **over)
    r = post_new(client, data)
    assert r.status_code == 303, (r.status_code, r.text[:2000])
    m = re.fullmatch(r"/admin/customers/(\d+)\?done=customer-created", st.location_path(r))
    assert m, st.location_path(r)
    return data, m.group(1)


def found(client, q, **extra):
    """The companies the search finds, by name (the XML, schema-checked)."""
    from urllib.parse import urlencode
    root = client.page("/admin/customers?" + urlencode(dict(q=q, **extra)))
    return root, [c.findtext("name") for c in root.iter("customer")]


# -- the search ------------------------------------------------------------

def test_search_by_each_key(stack, cust, company_ids):
    bitpro = company_ids[BITPRO]
    invoice = stack.sql("SELECT MIN(number) FROM invoices WHERE company_id = %s"
                        % company_ids[FJORDNET])[0][0]
    cases = [
        ("Nordlys", [NORDLYS]),                 # the name, any part of it
        ("bitpro demo", [BITPRO]),              # whatever the case
        ("912345678", [BITPRO]),                # the organisation number
        ("912 345 678", [BITPRO]),              # as people type it
        ("3123456", [FJORDNET]),                # a part of the CVR
        (METTE, [FJORDNET]),                    # a member's e-mail
        ("per.olsen@", [BITPRO]),
        ("+4791000004", [BITPRO]),              # a member's phone
        ("+47 910 00 004", [BITPRO]),
        ("+4791234567", [BITPRO, NORDLYS]),     # Kari is in both
        (invoice, [FJORDNET]),                  # an invoice number
    ]
    for q, want in cases:
        root, names = found(cust, q)
        assert names == want, (q, names)
        assert root.find("customers").get("total") == str(len(want)), q
    # The key figures of each company, as the database has them.
    root, _ = found(cust, BITPRO)
    f = root.find("customers/customer/figures")
    assert root.find("customers/customer").get("id") == bitpro
    assert f.findtext("locations") == str(count(stack, "locations WHERE company_id = %s"
                                                % bitpro))
    assert f.findtext("subscriptions") == str(count(
        stack, "subscriptions WHERE company_id = %s AND status = 'active'" % bitpro))
    assert f.findtext("open-cases") == str(count(
        stack, "cases WHERE company_id = %s AND status NOT IN ('resolved', 'closed')" % bitpro))
    assert f.findtext("unpaid-invoices") == str(count(
        stack, "invoices WHERE company_id = %s AND status IN ('unpaid', 'partly_paid')"
        % bitpro))
    page = st.check_html(cust.get("/admin/customers?q=Bitpro"))
    assert page.xpath("//a[@href=$h]", h="/admin/customers/%s" % bitpro)
    assert page.xpath("//form[@method='get'][@action='/admin/customers']//input[@name='q']")


def test_search_input_is_bounded_and_literal(stack, cust):
    # LIKE's wildcards are the searcher's characters, not patterns.
    for q in ("%", "_", "\\", "%%%"):
        root, names = found(cust, q)
        assert names == [], (q, names)
    # An empty search lists every company, by name, in pages of 25.
    root, names = found(cust, "")
    total = count(stack, "companies")
    assert root.find("customers").get("total") == str(total)
    assert len(names) == min(total, 25)
    # Blanks around a search are not part of it; blanks alone search all.
    root, _ = found(cust, "   ")
    assert root.find("customers").get("q") == "" and root.find("customers").get(
        "total") == str(total)
    assert found(cust, "  Nordlys ")[1] == [NORDLYS]
    # A page past the end is empty and still counts them all.
    root, names = found(cust, "", page="999")
    assert names == [] and root.find("customers").get("total") == str(total)
    # Bounded: a search of more than 100 bytes, or a page that is no
    # number, is refused.
    assert cust.get("/admin/customers?q=" + "x" * 101).status_code == 400
    assert cust.get("/admin/customers?page=first").status_code == 400
    assert cust.get("/admin/customers?q=a&q=b").status_code == 400
    # The text searched for is shown as text, never as markup.
    page = cust.get("/admin/customers?q=%3Cscript%3Ex%3C/script%3E")
    assert page.status_code == 200 and "<script>x" not in page.text
    st.check_html(page)


# -- a new company -----------------------------------------------------------

def test_create_a_norwegian_company(stack, cust):
    data, cid = create(stack, cust, "NO")
    row = stack.sql("SELECT name, orgnr, country, time_zone, street, postcode, city,"
                    " status FROM companies WHERE id = %s" % cid)
    assert row == [(data["name"], data["orgnr"], "NO", "Europe/Oslo", "Storgata 5", "0155",
                    "Oslo", "active")]
    # Its billing account: the currency and rate given, the country's issuer,
    # numbered in that issuer's series.
    acc = stack.sql("SELECT a.currency, a.vat_rate, i.country, a.number, i.id"
                    " FROM billing_accounts a JOIN issuers i ON i.id = a.issuer_id"
                    " WHERE a.company_id = %s" % cid)
    assert len(acc) == 1 and acc[0][:3] == ("NOK", "25.00", "NO")
    assert int(acc[0][3]) > int(acc[0][4]) * 10000000
    assert stack.sql("SELECT number, name, status FROM locations WHERE company_id = %s"
                     % cid) == [(data["location-number"], "Hovedkontor", "active")]
    # The first administrator is invited, not made: an invitation of the
    # admin role with every area, in Norwegian, from the operator.
    assert stack.sql("SELECT email, name, role, areas, lang, invited_by IS NULL"
                     " FROM invitations WHERE company_id = %s" % cid) == [
        (data["admin-email"], "Førstemann Admin", "admin", ALL_AREAS, "nb", "1")]
    assert count(stack, "memberships WHERE company_id = %s" % cid) == 0
    mail = stack.wait_for_mail(data["admin-email"])
    msg = st.mail_checked(mail)
    assert msg["Subject"] == st.i18n("nb")["mail.invite.subject"].replace(
        "{company}", data["name"])
    body = st.mail_body(mail)
    assert "«Test Staff»" in body and "/invitation?t=" in body
    # Every step in the company's log under the staff member.
    staff_id = stack.sql("SELECT id FROM staff WHERE email = 'staff.customers@operator."
                         "example.no'")[0][0]
    assert stack.sql("SELECT action, user_id IS NULL FROM audit_log WHERE company_id = %s"
                     " AND staff_id = %s ORDER BY id" % (cid, staff_id)) == [
        ("customer-create", "1"), ("user-invite", "1")]
    # The overview after the redirect says so and shows it all.
    root = cust.page("/admin/customers/%s?done=customer-created" % cid)
    assert root.find("context/flash").get("code") == "customer-created"
    c = root.find("customer")
    assert (c.get("status"), c.findtext("name"), c.findtext("orgnr"),
            c.findtext("time-zone")) == ("active", data["name"], data["orgnr"], "Europe/Oslo")
    assert [i.findtext("email") for i in root.iter("invitation")] == [data["admin-email"]]
    assert [l.findtext("number") for l in root.iter("location")] == [data["location-number"]]
    assert root.findtext("billing-accounts/account/currency") == "NOK"
    page = st.check_html(cust.get("/admin/customers/%s" % cid))
    assert data["name"] in st.text_of(page)


def test_a_form_submitted_twice_makes_one_company(stack, cust):
    data = new_company(stack, "NO")
    csrf, formkey = form_of(cust, "/admin/customers/new")
    first = cust.post("/admin/customers/new", dict(data, csrf=csrf, formkey=formkey))
    again = cust.post("/admin/customers/new", dict(data, csrf=csrf, formkey=formkey))
    assert first.status_code == again.status_code == 303
    assert st.location_path(first) == st.location_path(again)
    assert taken(stack, "NO", data["orgnr"]) == 1
    assert count(stack, "invitations WHERE email = '%s'" % data["admin-email"]) == 1


def test_create_a_danish_company(stack, cust):
    data, cid = create(stack, cust, "DK", **{"vat-rate": "25,00"})
    assert stack.sql("SELECT country, time_zone, postcode FROM companies WHERE id = %s"
                     % cid) == [("DK", "Europe/Copenhagen", "1620")]
    assert stack.sql("SELECT a.currency, a.vat_rate, i.country FROM billing_accounts a"
                     " JOIN issuers i ON i.id = a.issuer_id WHERE a.company_id = %s"
                     % cid) == [("DKK", "25.00", "DK")]
    assert stack.sql("SELECT lang FROM invitations WHERE company_id = %s" % cid) == [("da",)]
    mail = stack.wait_for_mail(data["admin-email"])
    assert st.mail_message(mail)["Subject"] == st.i18n("da")["mail.invite.subject"].replace(
        "{company}", data["name"])


# Each bad field (country, the value) and the error the form shows on it.
BAD = [
    ("NO", "orgnr", "off-by-one", "invalid"),
    ("DK", "orgnr", "off-by-one", "invalid"),
    ("NO", "orgnr", "92360901", "invalid"),         # eight digits for Norway
    ("DK", "orgnr", "923609016", "invalid"),        # a Norwegian number for Denmark
    ("NO", "orgnr", "", "required"),
    ("NO", "postcode", "701", "invalid"),
    ("NO", "postcode", "70111", "invalid"),
    ("DK", "postcode", "DK-8000", "invalid"),
    ("DK", "postcode", "", "required"),
    ("NO", "country", "SE", "invalid"),
    ("NO", "name", "", "required"),
    ("NO", "name", "Bitpro\nKlikk her", "invalid"),
    ("NO", "name", "x" * 201, "too-long"),
    ("NO", "street", "", "required"),
    ("NO", "city", "a\u202eb", "invalid"),
    ("NO", "currency", "SEK", "invalid"),
    ("NO", "vat-rate", "125", "invalid"),
    ("NO", "vat-rate", "-5", "invalid"),
    ("NO", "vat-rate", "25.005", "invalid"),
    ("NO", "location-number", "-1", "invalid"),
    ("NO", "location-number", "", "required"),
    ("NO", "location-name", "", "required"),
    ("NO", "admin-name", "kari@evil.example", "invalid"),
    ("NO", "admin-name", "", "required"),
    ("NO", "admin-email", "no-at-sign", "invalid"),
    ("NO", "admin-email", "", "required"),
]


def _written(stack):
    return [count(stack, t) for t in ("companies", "billing_accounts", "locations",
                                      "invitations", "mail_outbox", "audit_log")]


@pytest.mark.parametrize("country,field,value,code", BAD,
                         ids=["%s-%s-%s" % (c, f, v[:12] or "empty") for c, f, v, _ in BAD])
def test_bad_input_shows_the_form_and_writes_nothing(stack, cust, country, field, value, code):
    data = new_company(stack, country)
    data[field] = off_by_one(data["orgnr"]) if value == "off-by-one" else value
    before = _written(stack)
    csrf, formkey = form_of(cust, "/admin/customers/new")
    r = cust.post("/admin/customers/new", dict(data, csrf=csrf, formkey=formkey), xml=True)
    assert r.status_code == 400, r.text[:2000]
    root = st.validate_xml(r)
    errors = {e.get("field"): e.get("code") for e in root.findall("form/error")}
    assert errors == {field: code}, errors
    # What was typed comes back, the rest of the form with it.
    kept = {v.get("name"): v.text or "" for v in root.findall("form/value")}
    assert kept["admin-email"] == data["admin-email"] and kept[field] == data[field]
    assert _written(stack) == before
    # The same form key works again once the input is right.
    page = st.check_html(cust.post("/admin/customers/new",
                                   dict(data, csrf=csrf, formkey=formkey)))
    assert page.xpath("//*[@aria-invalid='true']/@name") == [field]
    assert page.xpath("//div[@role='alert']")


def test_orgnr_of_an_existing_company_is_refused(stack, cust):
    data, cid = create(stack, cust, "NO")
    again = new_company(stack, "NO", orgnr=data["orgnr"])
    before = _written(stack)
    csrf, formkey = form_of(cust, "/admin/customers/new")
    r = cust.post("/admin/customers/new", dict(again, csrf=csrf, formkey=formkey), xml=True)
    assert r.status_code == 409
    root = st.validate_xml(r)
    assert [(e.get("field"), e.get("code")) for e in root.findall("form/error")] == [
        ("orgnr", "orgnr-taken")]
    assert _written(stack) == before
    # The same digits in Denmark are another company's number space.
    assert taken(stack, "NO", data["orgnr"]) == 1


def test_a_country_without_an_issuer_cannot_be_chosen_yet(stack, cust):
    stack.sql("UPDATE issuers SET country = 'XX' WHERE country = 'DK'")
    try:
        root = cust.page("/admin/customers/new")
        dk = [c for c in root.iter("country") if c.get("code") == "DK"][0]
        assert dk.find("issuer") is None
        before = _written(stack)
        csrf, formkey = form_of(cust, "/admin/customers/new")
        r = cust.post("/admin/customers/new", dict(new_company(stack, "DK"), csrf=csrf,
                                                    formkey=formkey), xml=True)
        assert r.status_code == 409
        assert [(e.get("field"), e.get("code")) for e in
                st.validate_xml(r).findall("form/error")] == [("country", "no-issuer")]
        assert _written(stack) == before
    finally:
        stack.sql("UPDATE issuers SET country = 'DK' WHERE country = 'XX'")


# -- the first administrator ---------------------------------------------------

def test_first_administrator_accepts_and_sees_the_company(stack, base, cust):
    data, cid = create(stack, cust, "NO")
    path = invitation_link(stack, data["admin-email"])
    offer = st.Client(base).page(path)
    assert offer.findtext("invitation/company") == data["name"]
    assert offer.findtext("invitation/role") == "admin"
    accept_by_link(stack, base, data["admin-email"])
    assert stack.sql("SELECT u.name, m.role FROM memberships m JOIN users u"
                     " ON u.id = m.user_id WHERE m.company_id = %s" % cid) == [
        ("Førstemann Admin", "admin")]
    c = stack.login(base, data["admin-email"])
    companies = c.page("/companies.xml")
    assert [(e.get("id"), e.findtext("name"), e.findtext("role")) for e in
            companies.iter("company")] == [(cid, data["name"], "admin")]
    root = c.page("/companies/%s/locations" % cid)
    assert [l.findtext("number") for l in root.iter("location")] == [data["location-number"]]
    # The staff overview now lists the administrator as a member.
    root = cust.page("/admin/customers/%s" % cid)
    assert [(u.findtext("email"), u.findtext("role")) for u in root.iter("user")] == [
        (data["admin-email"], "admin")]
    assert root.find("invitations/invitation") is None
    # The company's own audit log shows the operator's steps and the acceptance.
    log = c.page("/companies/%s/audit" % cid)
    actions = [(e.findtext("action"), e.findtext("operator")) for e in log.iter("entry")]
    assert ("customer-create", "Test Staff") in actions
    assert ("user-invite", "Test Staff") in actions
    assert ("invitation-accept", None) in actions


# -- the overview, name and address ----------------------------------------------

def test_name_and_address_are_changed_and_audited(stack, cust):
    data, cid = create(stack, cust, "DK")
    csrf, formkey = form_of(cust, "/admin/customers/%s" % cid)
    bad = {"csrf": csrf, "formkey": formkey, "name": "Nyt Navn ApS",
           "street": "Ny Gade 1", "postcode": "123", "city": "Aarhus C"}
    r = cust.post("/admin/customers/%s" % cid, bad, xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    assert [(e.get("field"), e.get("code")) for e in root.findall("form/error")] == [
        ("postcode", "invalid")]
    assert {v.get("name"): v.text for v in root.findall("form/value")}["name"] == "Nyt Navn ApS"
    assert stack.sql("SELECT name FROM companies WHERE id = %s" % cid) == [(data["name"],)]
    r = cust.post("/admin/customers/%s" % cid, dict(bad, postcode="8000"))
    assert r.status_code == 303
    assert st.location_path(r) == "/admin/customers/%s?done=customer-updated" % cid
    assert stack.sql("SELECT name, street, postcode, city FROM companies WHERE id = %s"
                     % cid) == [("Nyt Navn ApS", "Ny Gade 1", "8000", "Aarhus C")]
    assert count(stack, "audit_log WHERE company_id = %s AND action = 'customer-update'"
                 " AND staff_id IS NOT NULL" % cid) == 1
    root = cust.page("/admin/customers/%s" % cid)
    assert root.findtext("customer/name") == "Nyt Navn ApS"
    assert {v.get("name"): v.text for v in root.findall("form/value")}["postcode"] == "8000"


def test_the_overview_shows_what_the_company_has(stack, cust, company_ids):
    cid = company_ids[BITPRO]
    root = cust.page("/admin/customers/%s" % cid)
    assert {u.findtext("email") for u in root.iter("user")} >= {KARI, "per.olsen@example.no"}
    assert [l.findtext("number") for l in root.findall("locations/location")] == [
        r[0] for r in stack.sql("SELECT number FROM locations WHERE company_id = %s"
                                " ORDER BY number, id" % cid)]
    assert ("10000001", "NOK") in [(a.findtext("number"), a.findtext("currency"))
                                   for a in root.iter("account")]
    invoices = root.findall("invoices/invoice")
    assert 0 < len(invoices) <= 10
    assert invoices[0].findtext("number") == stack.sql(
        "SELECT number FROM invoices WHERE company_id = %s ORDER BY invoice_date DESC,"
        " id DESC LIMIT 1" % cid)[0][0]
    assert [k.get("id") for k in root.iter("case")] == [
        r[0] for r in stack.sql("SELECT id FROM cases WHERE company_id = %s"
                                " ORDER BY id DESC LIMIT 10" % cid)]
    page = st.check_html(cust.get("/admin/customers/%s" % cid))
    for view in ("locations", "subscriptions", "invoices"):
        assert page.xpath("//a[@href=$h]", h="/admin/customers/%s/view/%s" % (cid, view))
    # Unknown ids are not found, whatever is asked of them.
    assert cust.get("/admin/customers/99999999").status_code == 404
    assert cust.get("/admin/customers/99999999/view/locations").status_code == 404
    r = cust.post("/admin/customers/99999999/status", {
        "csrf": cust.page("/admin").findtext("context/csrf"), "status": "closed"})
    assert r.status_code == 404


# -- deactivation ------------------------------------------------------------------

def _set_status(stack, client, cid, status):
    return client.post("/admin/customers/%s/status" % cid, {
        "csrf": client.page("/admin").findtext("context/csrf"), "status": status})


def test_deactivated_company_is_closed_to_its_members(stack, cust, member):
    data, cid = create(stack, cust, "NO")
    lid = stack.sql("SELECT id FROM locations WHERE company_id = %s" % cid)[0][0]
    m = member(cid, (), role="admin")
    assert m.get("/companies/%s" % cid).status_code == 200
    kept = [count(stack, t + " WHERE company_id = %s" % cid) for t in
            ("memberships", "locations", "billing_accounts", "invitations")]
    r = _set_status(stack, cust, cid, "closed")
    assert r.status_code == 303
    assert st.location_path(r) == "/admin/customers/%s?done=customer-deactivated" % cid
    assert stack.sql("SELECT status, closed_at IS NOT NULL FROM companies WHERE id = %s"
                     % cid) == [("closed", "1")]
    # Its members get the closed page, on every page of it, in HTML and XML.
    for path in ("/companies/%s" % cid, "/companies/%s/locations" % cid,
                 "/companies/%s/users" % cid, "/locations/%s/manage" % lid):
        assert m.get(path).status_code == 403, path
        root = st.validate_xml(m.get(path, xml=True))
        assert root.find("error").get("reason") == "company-closed", path
    page = m.get("/companies/%s" % cid)
    text = st.text_of(st.check_html(page))
    assert st.i18n("nb")["error.403.company-closed.title"] in text
    # Its form POSTs are refused the same way, before anything is done.
    r = m.post("/companies/%s/users" % cid, {"csrf": m.csrf("/companies"),
                                             "formkey": "A" * 43, "email": "x@example.no"})
    assert r.status_code == 403
    # The companies list still names it, marked closed, with no link into it.
    listed = [e for e in m.page("/companies.xml").iter("company") if e.get("id") == cid]
    assert [e.findtext("closed") for e in listed] == ["yes"]
    page = st.check_html(m.get("/companies"))
    assert not page.xpath("//a[starts-with(@href, $h)]", h="/companies/%s" % cid)
    # Nothing is deleted.
    assert [count(stack, t + " WHERE company_id = %s" % cid) for t in
            ("memberships", "locations", "billing_accounts", "invitations")] == kept
    # Staff still see it, marked.
    root = cust.page("/admin/customers/%s" % cid)
    assert root.find("customer").get("status") == "closed"
    assert root.find("customer/closed") is not None
    _, names = found(cust, data["orgnr"])
    assert names == [data["name"]]
    # The same again changes nothing and is not audited twice.
    assert _set_status(stack, cust, cid, "closed").status_code == 303
    assert count(stack, "audit_log WHERE company_id = %s AND action = 'customer-deactivate'"
                 % cid) == 1
    # Reactivated: open again.
    r = _set_status(stack, cust, cid, "active")
    assert st.location_path(r) == "/admin/customers/%s?done=customer-reactivated" % cid
    assert stack.sql("SELECT status, closed_at IS NULL FROM companies WHERE id = %s"
                     % cid) == [("active", "1")]
    assert m.get("/companies/%s" % cid).status_code == 200
    assert m.page("/companies.xml").find("companies/company/closed") is None
    assert count(stack, "audit_log WHERE company_id = %s AND action = 'customer-reactivate'"
                 " AND staff_id IS NOT NULL" % cid) == 1
    # Only the two states there are.
    assert _set_status(stack, cust, cid, "deleted").status_code == 400


def test_a_closed_company_leaves_the_members_other_companies_open(stack, cust, kari,
                                                                  company_ids):
    """Kari administers Bitpro and Nordlys: Nordlys closed, Bitpro opens, and
    its switcher no longer offers Nordlys."""
    nordlys, bitpro = company_ids[NORDLYS], company_ids[BITPRO]
    try:
        assert _set_status(stack, cust, nordlys, "closed").status_code == 303
        assert kari.get("/companies/%s" % nordlys).status_code == 403
        root = kari.page("/companies/%s" % bitpro)
        assert [c.get("id") for c in root.iter("company")
                if c.getparent().tag == "switcher"] == [bitpro]
    finally:
        assert _set_status(stack, cust, nordlys, "active").status_code == 303
    root = kari.page("/companies/%s" % bitpro)
    assert nordlys in [c.get("id") for c in root.findall("context/switcher/company")]


# -- the company's pages as its administrators see them ------------------------------

VIEWS = [("locations", ""), ("subscriptions", "?q=TSN&sort=email"),
         ("invoices", "?year=2026")]


def test_read_only_views_are_the_customers_pages_and_audited(stack, cust, kari,
                                                             company_ids):
    cid = company_ids[BITPRO]
    base = "/admin/customers/%s/view" % cid
    first = int(stack.sql("SELECT COALESCE(MAX(id), 0) FROM audit_log")[0][0])
    for view, query in VIEWS:
        root = cust.page(base + "/" + view + query)      # valid against the portal's schema
        assert root.get("name") == view
        assert root.find("context/user") is None
        assert root.find("context/view").get("base") == base
        assert root.findtext("context/view/staff/name") == "Test Staff"
        assert root.find("context/company").get("id") == cid
        # The company menu leads to the view's pages only.
        hrefs = [i.get("href") for i in root.findall("context/company/menu/item")]
        assert hrefs == [base + "/" + v for v, _ in VIEWS], hrefs
        # The same data as the customer's own page.
        own = kari.page("/companies/%s/%s%s" % (cid, view, query))
        strip = lambda r: [e for e in r if e.tag != "context"]
        from lxml import etree
        assert [etree.tostring(e) for e in strip(root)] == [etree.tostring(e) for e in
                                                            strip(own)], view
        # Shown with the banner, the portal's stylesheet, and nothing that
        # changes anything or leads out of the view into the portal.
        page = st.check_html(cust.get(base + "/" + view + query))
        assert page.xpath("//*[@id='view-banner']")
        assert page.xpath("//link[@href='/static/selfcare.css']")
        assert not page.xpath("//form[translate(@method, 'POST', 'post') = 'post']"), view
        for form in page.xpath("//form"):
            assert form.get("action").startswith(base), form.get("action")
        for href in page.xpath("//main//a/@href | //nav[@class='company-nav']//a/@href"):
            assert href.startswith(base) or href.startswith("/admin/"), (view, href)
        # No POST is possible.
        r = cust.post(base + "/" + view, {"csrf": cust.page("/admin").findtext(
            "context/csrf")})
        assert r.status_code == 405
    # Every page seen is in the company's own log, under the operator.
    seen = stack.sql("SELECT action, object, company_id, staff_id IS NOT NULL,"
                     " user_id IS NULL FROM audit_log WHERE id > %d AND action = 'staff-view'"
                     " ORDER BY id" % first)
    assert [r[1] for r in seen] == [v for v, _ in VIEWS for _ in (0, 1)]
    assert {r[2:] for r in seen} == {(cid, "1", "1")}
    log = kari.page("/companies/%s/audit" % cid)
    entries = [e for e in log.iter("entry") if e.findtext("action") == "staff-view"]
    assert entries and entries[0].findtext("operator") == "Test Staff"
    assert entries[0].findtext("object") == "invoices"
    assert entries[0].findtext("ip") in (None, "")       # the operator's network stays its own
    text = st.text_of(st.check_html(kari.get("/companies/%s/audit" % cid)))
    assert "Test Staff (%s)" % st.i18n("nb")["audit.operator"] in text
    # Another company's log has none of it.
    other = company_ids[FJORDNET]
    assert count(stack, "audit_log WHERE id > %d AND company_id = %s" % (first, other)) == 0


def test_views_read_every_field_the_page_declares(stack, cust, company_ids):
    base = "/admin/customers/%s/view" % company_ids[BITPRO]
    root = cust.page(base + "/subscriptions?q=Lie&sort=name&page=1")
    assert [s.findtext("user/name") for s in root.iter("subscription")] == ["Jonas Lie"]
    assert cust.get(base + "/subscriptions?sort=nonsense").status_code == 400
    assert cust.get(base + "/invoices?year=1999").status_code == 400
    assert cust.get(base + "/locations?x=1").status_code == 400
    # A closed company is seen all the same (the view is the operator's).
    cid = company_ids[FJORDNET]
    try:
        assert _set_status(stack, cust, cid, "closed").status_code == 303
        assert cust.page("/admin/customers/%s/view/locations" % cid).get("name") == "locations"
    finally:
        _set_status(stack, cust, cid, "active")


# -- who may ---------------------------------------------------------------------------

def test_staff_without_the_role_are_refused(stack, staff, company_ids):
    other = staff(())
    cid = company_ids[BITPRO]
    for path in ("/admin/customers", "/admin/customers/new", "/admin/customers/%s" % cid,
                 "/admin/customers/%s/view/locations" % cid):
        assert other.get(path).status_code == 403, path
        assert st.validate_xml(other.get(path, xml=True)).find("error").get("status") == "403"
    before = _written(stack)
    r = other.post("/admin/customers/new", dict(
        new_company(stack, "NO"), csrf=other.page("/admin").findtext("context/csrf"),
        formkey="B" * 43))
    assert r.status_code == 403
    r = _set_status(stack, other, cid, "closed")
    assert r.status_code == 403
    assert _written(stack) == before
    assert stack.sql("SELECT status FROM companies WHERE id = %s" % cid) == [("active",)]
    # The menu offers the customers only to who holds the role.
    assert "/admin/customers" not in [i.get("href") for i in
                                      other.page("/admin").findall("context/menu/item")]
    holder = staff(("customers",))
    assert "/admin/customers" in [i.get("href") for i in
                                  holder.page("/admin").findall("context/menu/item")]
