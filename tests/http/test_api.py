"""The partner API (/api/v1/) as a partner's program sees it: a client written
apart from the C code, with requests and lxml only. Keys made by a company's
full administrator in the portal (shown once, rotated with an overlap,
revoked, expired), every resource read as a list and one by one and checked
against schema/api/v1/api.xsd, paging, filters, ETag and 304, every error
status as the error document, the rate limit, and another company's
resources not found."""

import re
import statistics
import time
from pathlib import Path

import pytest
from lxml import etree

import declared
import stack as st

BITPRO, NORDLYS, FJORDNET = "Bitpro Demo AS", "Nordlys Eiendom AS", "Fjordnet ApS"
ALL = ("subscriptions", "orders", "invoices", "support", "users")
KEY_RE = re.compile(r"sck_[0-9a-f]{8}\.[A-Za-z0-9_-]{43}")
SCHEMAS = Path(__file__).resolve().parents[2] / "schema" / "api" / "v1"
RESOURCES = ("organization", "location", "product", "productOffering", "productOrder",
             "troubleTicket", "customerBill")
# What each resource is of, as a query of the company's own rows.
OWN = {
    "organization": "SELECT id FROM companies WHERE id = %s",
    "location": "SELECT id FROM locations WHERE company_id = %s",
    "product": "SELECT id FROM subscriptions WHERE company_id = %s",
    "productOrder": "SELECT id FROM orders WHERE company_id = %s",
    "troubleTicket": "SELECT id FROM cases WHERE company_id = %s",
    "customerBill": "SELECT id FROM invoices WHERE company_id = %s",
}

_xsd = {}


def schema(name):
    if name not in _xsd:
        _xsd[name] = etree.XMLSchema(etree.parse(str(SCHEMAS / (name + ".xsd"))))
    return _xsd[name]


def parse(r, xsd="api"):
    """The answer's document, checked against its schema."""
    assert r.headers.get("Content-Type") == "application/xml; charset=utf-8", (
        r.status_code, r.headers.get("Content-Type"), r.text[:300])
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(r.content, parser)
    s = schema(xsd)
    assert s.validate(root), "%s\n%s" % (s.error_log, r.text[:2000])
    return root


def error(r, status, field=None):
    """An error document of that status (and field)."""
    assert r.status_code == status, "%d, not %d: %s" % (r.status_code, status, r.text[:500])
    root = parse(r, "error")
    assert root.get("status") == str(status)
    assert root.findtext("field") == field
    return root


def rows(stack, sql):
    return [r[0] for r in stack.sql(sql)]


class Partner:
    """A partner's program: the key in every request's Authorization header."""

    def __init__(self, base, key):
        self.http = st.Client(base)
        self.key = key

    def get(self, path, key=None, headers=None, **kw):
        h = {"Authorization": "Bearer " + (key or self.key)}
        h.update(headers or {})
        return self.http.get("/api/v1/" + path, headers=h, **kw)

    def read(self, path, **kw):
        r = self.get(path, **kw)
        assert r.status_code == 200, "GET %s: %d %s" % (path, r.status_code, r.text[:800])
        return parse(r)


def make_key(client, cid, name="ERP", days="30", areas=ALL):
    """Makes a key on the portal's page; returns (secret, the page's root)."""
    data = {"csrf": client.csrf("/companies"), "name": name, "days": days}
    data.update({"area-" + a: "on" for a in areas})
    r = client.post("/companies/%s/api-keys.xml" % cid, data)
    assert r.status_code == 200, r.text[:2000]
    root = st.validate_xml(r)
    secret = root.findtext("secret")
    assert secret and KEY_RE.fullmatch(secret), etree.tostring(root.find("form"))
    return secret, root


@pytest.fixture(autouse=True)
def _keys_revoked_after(stack):
    """A company has at most 20 live keys: each test ends its own."""
    yield
    stack.sql("UPDATE api_keys SET revoked_at = NOW() WHERE revoked_at IS NULL")


@pytest.fixture
def bitpro_key(kari, company_ids):
    secret, _ = make_key(kari, company_ids[BITPRO])
    return secret


@pytest.fixture
def partner(base, bitpro_key):
    return Partner(base, bitpro_key)


# -- keys ------------------------------------------------------------------------

def test_key_is_made_shown_once_and_stored_as_a_hash(kari, stack, company_ids, base):
    cid = company_ids[BITPRO]
    secret, root = make_key(kari, cid, name="Shown once", areas=("invoices",))
    prefix = secret.split(".")[0]
    key = root.find("api-keys/key[prefix='%s']" % prefix)
    assert key is not None and key.get("live") == "yes"
    assert [a.text for a in key.findall("areas/area")] == ["invoices"]
    # The list shows the prefix, never the secret again.
    again = kari.get("/companies/%s/api-keys.xml" % cid)
    assert prefix in again.text and secret not in again.text
    page = st.check_html(kari.get("/companies/%s/api-keys" % cid))
    assert prefix in st.text_of(page) and secret not in st.text_of(page)
    # Stored: the prefix and a hash that is not the secret in any form.
    stored = stack.sql("SELECT HEX(secret_hash), areas, company_id, kind FROM api_keys"
                       " WHERE prefix = '%s'" % prefix)
    assert len(stored) == 1
    digest, areas, company, kind = stored[0]
    assert len(digest) == 64 and secret.split(".")[1] not in digest
    assert (areas, company, kind) == ("invoices", str(cid), "company")
    assert stack.sql("SELECT COUNT(*) FROM api_keys WHERE secret_hash = '%s'"
                     % secret)[0][0] == "0"
    # Made: audited under the company.
    assert rows(stack, "SELECT detail FROM audit_log WHERE action = 'api-key-made'"
                " AND company_id = %s ORDER BY id DESC LIMIT 1" % cid) == [prefix]
    # And it works: the key reads the company, and who used it when is shown.
    org = Partner(base, secret).read("organization")
    assert [o.get("id") for o in org.findall("organization")] == [str(cid)]
    used = kari.page("/companies/%s/api-keys.xml" % cid).find(
        "api-keys/key[prefix='%s']" % prefix)
    assert used.findtext("last-used") and used.findtext("last-used-from") == "127.0.0.1"


def test_bad_key_form_is_refused_and_makes_nothing(kari, stack, company_ids):
    cid = company_ids[BITPRO]
    before = stack.sql("SELECT COUNT(*) FROM api_keys")[0][0]
    for data, field, code in (({"name": "", "days": "30"}, "name", "required"),
                              ({"name": "X", "days": "0"}, "days", "invalid"),
                              ({"name": "X", "days": "731"}, "days", "invalid"),
                              ({"name": "X", "days": "ten"}, "days", "invalid"),
                              ({"name": "X"}, "days", "required")):
        data["csrf"] = kari.csrf("/companies")
        r = kari.post("/companies/%s/api-keys.xml" % cid, data)
        assert r.status_code == 400, r.text[:500]
        root = st.validate_xml(r)
        assert root.find("form/error[@field='%s'][@code='%s']" % (field, code)) is not None
        assert root.find("secret") is None
    assert stack.sql("SELECT COUNT(*) FROM api_keys")[0][0] == before


def test_twenty_live_keys_at_most(kari, stack, company_ids):
    cid = company_ids[BITPRO]
    for i in range(20):
        make_key(kari, cid, name="Key %d" % i)
    r = kari.post("/companies/%s/api-keys.xml" % cid, {
        "csrf": kari.csrf("/companies"), "name": "One too many", "days": "5"})
    root = st.validate_xml(r)
    assert root.find("form/error[@field='name'][@code='too-many']") is not None
    assert root.find("secret") is None
    assert stack.sql("SELECT COUNT(*) FROM api_keys WHERE name = 'One too many'")[0][0] == "0"


def test_a_manager_makes_no_key(ola, per, company_ids):
    cid = company_ids[BITPRO]
    for who in (ola, per):
        assert who.get("/companies/%s/api-keys" % cid).status_code == 403
        r = who.post("/companies/%s/api-keys" % cid,
                     {"csrf": who.csrf("/companies"), "name": "X", "days": "5"})
        assert r.status_code == 403


def test_rotation_overlaps_then_revoke_ends_the_old_key(kari, stack, company_ids, base):
    cid = company_ids[BITPRO]
    old, root = make_key(kari, cid, name="Rotated", areas=("support",))
    kid = root.find("api-keys/key[prefix='%s']" % old.split(".")[0]).get("id")
    r = kari.post("/companies/%s/api-keys/%s/rotate.xml" % (cid, kid),
                  {"csrf": kari.csrf("/companies")})
    assert r.status_code == 200, r.text[:1000]
    new = st.validate_xml(r).findtext("secret")
    assert KEY_RE.fullmatch(new) and new != old
    # The new key has the old one's scope; the old one lives for the overlap.
    prefix = new.split(".")[0]
    assert stack.sql("SELECT areas, rotated_from FROM api_keys WHERE prefix = '%s'"
                     % prefix)[0] == ("support", kid)
    left = int(stack.sql("SELECT TIMESTAMPDIFF(MINUTE, NOW(), expires_at) FROM api_keys"
                         " WHERE id = %s" % kid)[0][0])
    assert 0 < left <= 24 * 60
    p = Partner(base, new)
    for key in (old, new):
        assert p.get("troubleTicket", key=key).status_code == 200
    # Revoked: the old key is refused at once, the new one goes on.
    r = kari.post("/companies/%s/api-keys/%s/revoke" % (cid, kid),
                  {"csrf": kari.csrf("/companies")})
    assert r.status_code == 303
    assert st.location_path(r) == "/companies/%s/api-keys?done=api-key-revoked" % cid
    error(p.get("troubleTicket", key=old), 401)
    assert p.get("troubleTicket", key=new).status_code == 200
    # A revoked key is neither rotated nor revoked again.
    for act in ("rotate", "revoke"):
        r = kari.post("/companies/%s/api-keys/%s/%s" % (cid, kid, act),
                      {"csrf": kari.csrf("/companies")})
        assert r.status_code == 404


def test_another_companys_key_is_not_found_from_here(kari, mette, company_ids):
    """Mette's company's key: no row of Bitpro's page, and not revocable there."""
    fjord = company_ids[FJORDNET]
    secret, root = make_key(mette, fjord, name="Fjordnet ERP")
    kid = root.find("api-keys/key[prefix='%s']" % secret.split(".")[0]).get("id")
    cid = company_ids[BITPRO]
    assert secret.split(".")[0] not in kari.get("/companies/%s/api-keys.xml" % cid).text
    r = kari.post("/companies/%s/api-keys/%s/revoke" % (cid, kid),
                  {"csrf": kari.csrf("/companies")})
    assert r.status_code == 404


def _timed(p, key, n=15):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        r = p.get("organization", key=key)
        times.append(time.perf_counter() - t)
        assert r.status_code == 401
    return statistics.median(times)


def test_wrong_expired_revoked_and_unknown_keys_get_the_same_401(kari, stack, company_ids,
                                                                 base, bitpro_key):
    cid = company_ids[BITPRO]
    p = Partner(base, bitpro_key)
    prefix, secret = bitpro_key.split(".")
    expired, _ = make_key(kari, cid, name="Expired")
    stack.sql("UPDATE api_keys SET expires_at = NOW() - INTERVAL 1 SECOND"
              " WHERE prefix = '%s'" % expired.split(".")[0])
    revoked, _ = make_key(kari, cid, name="Revoked")
    stack.sql("UPDATE api_keys SET revoked_at = NOW() WHERE prefix = '%s'"
              % revoked.split(".")[0])
    wrong = prefix + "." + ("A" if secret[0] != "A" else "B") + secret[1:]
    unknown = "sck_00000000." + secret
    bodies = set()
    for key in (wrong, unknown, expired, revoked, "not a key", prefix):
        r = p.get("organization", key=key)
        error(r, 401)
        assert r.headers["WWW-Authenticate"] == 'Bearer realm="selfcare"'
        bodies.add(r.content)
    r = p.http.get("/api/v1/organization")          # no Authorization at all
    error(r, 401)
    bodies.add(r.content)
    assert len(bodies) == 1, bodies
    # The same work for each: a known prefix with a wrong secret takes no
    # longer than a prefix no key has (both hash and look up once).
    a, b, c = _timed(p, wrong), _timed(p, unknown), _timed(p, revoked)
    assert max(a, b, c) - min(a, b, c) < 0.02, (a, b, c)
    assert p.get("organization").status_code == 200


# -- the operator's keys: resellers' and mediation's -------------------------------

def make_partner_key(client, kind, companies, name="Reseller", days="30", status=200):
    data = {"csrf": client.page("/admin").findtext("context/csrf"), "name": name,
            "kind": kind, "companies": companies, "days": days}
    r = client.post("/admin/api-keys.xml", data)
    assert r.status_code == status, r.text[:2000]
    return st.validate_xml(r)


def test_a_resellers_key_reads_only_its_companies(staff, stack, company_ids, base):
    desk = staff(("customers",))
    bit, fjord, nord = (company_ids[n] for n in (BITPRO, FJORDNET, NORDLYS))
    root = make_partner_key(desk, "reseller", "%s, %s %s" % (bit, fjord, bit))
    secret = root.findtext("secret")
    assert KEY_RE.fullmatch(secret)
    key = root.find("api-keys/key[prefix='%s']" % secret.split(".")[0])
    assert key.get("kind") == "reseller"
    assert sorted(c.get("id") for c in key.findall("company")) == sorted([bit, fjord])
    assert secret not in desk.get("/admin/api-keys.xml").text
    p = Partner(base, secret)
    orgs = p.read("organization")
    assert sorted(o.get("id") for o in orgs.findall("organization")) == sorted([bit, fjord])
    error(p.get("organization/%s" % nord), 404)
    # Every area of its companies, and nothing of another's.
    subs = {e.get("id") for e in p.read("product?limit=100").findall("product")}
    assert subs == set(rows(stack, "SELECT id FROM subscriptions WHERE company_id IN"
                            " (%s, %s)" % (bit, fjord)))
    nord_sub = rows(stack, OWN["product"] % nord)[0]
    error(p.get("product/%s" % nord_sub), 404)
    assert rows(stack, "SELECT action FROM audit_log WHERE detail = '%s'"
                % secret.split(".")[0]) == ["api-key-made"]
    # Rotated: the new key serves the same companies; revoked: refused.
    kid = key.get("id")
    r = desk.post("/admin/api-keys/%s/rotate.xml" % kid,
                  {"csrf": desk.page("/admin").findtext("context/csrf")})
    new = st.validate_xml(r).findtext("secret")
    assert sorted(o.get("id") for o in Partner(base, new).read("organization")
                  .findall("organization")) == sorted([bit, fjord])
    r = desk.post("/admin/api-keys/%s/revoke" % kid,
                  {"csrf": desk.page("/admin").findtext("context/csrf")})
    assert st.location_path(r) == "/admin/api-keys?done=partner-key-revoked"
    error(p.get("organization"), 401)
    assert Partner(base, new).get("organization").status_code == 200


def test_a_mediation_key_reads_nothing(staff, base):
    root = make_partner_key(staff(("customers",)), "mediation", "", name="Mediation")
    p = Partner(base, root.findtext("secret"))
    for res in RESOURCES:
        error(p.get(res), 403)


def test_bad_partner_key_form_is_refused(staff, stack, company_ids):
    desk = staff(("customers",))
    bit = company_ids[BITPRO]
    before = stack.sql("SELECT COUNT(*) FROM api_keys")[0][0]
    for kind, companies, days, field, code in (
            ("reseller", "", "30", "companies", "required"),
            ("mediation", bit, "30", "companies", "not-allowed"),
            ("reseller", "%s x" % bit, "30", "companies", "invalid"),
            ("reseller", "999999999", "30", "companies", "invalid"),
            ("partner", bit, "30", "kind", "invalid"),
            ("reseller", bit, "0", "days", "invalid")):
        root = make_partner_key(desk, kind, companies, days=days, status=400)
        assert root.find("form/error[@field='%s'][@code='%s']" % (field, code)) is not None, (
            kind, companies, days)
        assert root.find("secret") is None
    assert stack.sql("SELECT COUNT(*) FROM api_keys")[0][0] == before


# -- the door's errors ------------------------------------------------------------

def test_each_error_status_is_the_error_document(partner, kari, company_ids, base, stack):
    error(partner.get("nothing"), 404)
    error(partner.get("product/0"), 404)
    error(partner.get("product/abc"), 404)
    error(partner.http.get("/api/v2/product"), 404)
    r = partner.http.post("/api/v1/product", data="<product/>",
                          headers={"Authorization": "Bearer " + partner.key,
                                   "Content-Type": "application/xml"})
    error(r, 405)
    assert r.headers["Allow"] == "GET, HEAD"
    error(partner.get("product", headers={"Accept": "application/json"}), 406)
    assert partner.get("product", headers={
        "Accept": "application/json, application/xml;q=0.5"}).status_code == 200
    error(partner.get("product?limit=abc"), 400, "limit")
    error(partner.get("product?colour=red"), 400, "colour")
    error(partner.get("product?limit=5&limit=6"), 400, "limit")
    error(partner.get("product/1?state=active"), 400, "state")
    error(partner.get("product?limit=0"), 422, "limit")
    error(partner.get("product?limit=101"), 422, "limit")
    error(partner.get("product?state=open"), 422, "state")
    # A key without the area: 403, whichever resource of it.
    narrow, _ = make_key(kari, company_ids[BITPRO], name="Bills only", areas=("invoices",))
    p = Partner(base, narrow)
    for res in ("product", "productOrder", "troubleTicket"):
        error(p.get(res), 403)
    assert p.get("customerBill").status_code == 200
    assert p.get("organization").status_code == 200


def test_rate_limit_answers_429_with_retry_after(partner, stack):
    prefix = partner.key.split(".")[0]
    assert partner.get("organization").status_code == 200
    # This minute's count at the limit (600 a minute by default); a minute
    # that turned in between is tried once more.
    for _ in range(2):
        stack.sql("INSERT INTO api_rate (key_id, minute, hits) SELECT id,"
                  " DATE_FORMAT(NOW(), '%%Y-%%m-%%d %%H:%%i:00'), 600 FROM api_keys"
                  " WHERE prefix = '%s' ON DUPLICATE KEY UPDATE hits = 600" % prefix)
        r = partner.get("organization")
        if r.status_code == 429:
            break
    error(r, 429)
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    # The minutes before are cleared by the first request of a new one.
    stack.sql("UPDATE api_rate r JOIN api_keys k ON k.id = r.key_id SET r.minute ="
              " r.minute - INTERVAL 5 MINUTE WHERE k.prefix = '%s'" % prefix)
    assert partner.get("organization").status_code == 200
    assert stack.sql("SELECT COUNT(*) FROM api_rate r JOIN api_keys k ON k.id = r.key_id"
                     " WHERE k.prefix = '%s'" % prefix)[0][0] == "1"


# -- reads ------------------------------------------------------------------------

@pytest.mark.parametrize("res", RESOURCES)
def test_every_resource_lists_and_reads_one(partner, stack, company_ids, res):
    cid = company_ids[BITPRO]
    if res == "productOrder" and not rows(stack, OWN[res] % cid):
        declared._throwaway_order(stack, cid)
    r = partner.get(res + "?limit=100")
    assert r.status_code == 200, r.text[:500]
    root = parse(r)
    assert root.tag == res + "List"
    items = root.findall(res)
    assert int(r.headers["X-Total-Count"]) == int(root.get("total")) >= len(items) > 0
    if res in OWN:
        own = set(rows(stack, OWN[res] % cid))
        assert {e.get("id") for e in items} <= own
        assert int(root.get("total")) == len(own)
    first = items[0]
    one = partner.read(first.get("href")[len("/api/v1/"):])
    assert one.tag == res and one.get("id") == first.get("id")
    assert etree.tostring(one) == etree.tostring(first)
    # Every reference names a resource the key can read.
    for ref in one.xpath("*[@href]"):
        if ref.tag != "document":
            assert partner.get(ref.get("href")[len("/api/v1/"):]).status_code == 200


def test_product_is_the_subscription(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    sid, ref, price, status = stack.sql(
        "SELECT id, ref, monthly_price, status FROM subscriptions WHERE company_id = %s"
        " ORDER BY id LIMIT 1" % cid)[0]
    p = partner.read("product/%s" % sid)
    assert p.findtext("name") == ref and p.findtext("monthlyPrice") == price
    assert p.findtext("state") == status
    assert p.find("organization").get("href") == "/api/v1/organization/%s" % cid


def offering_prices(o):
    """An offering's productOfferingPrice elements as tuples."""
    return [(e.findtext("country"), e.findtext("priceType"),
             e.findtext("recurringChargePeriod"), e.find("price").get("unit"),
             e.find("price").get("value"), e.findtext("taxIncluded"),
             e.findtext("validFrom")) for e in o.findall("productOfferingPrice")]


def test_product_offering_prices_are_the_catalogues_of_today(partner, stack):
    """TMF620's productOfferingPrice: a monthly price recurring by the month,
    a price paid once oneTime, each country's in force today, without VAT;
    a price that starts later is not one yet."""
    want = {}
    for pid, country, cur, once, month, since in stack.sql(
            "SELECT r.product_id, r.country, r.currency, r.oneoff_price, r.monthly_price,"
            " r.valid_from FROM product_prices r JOIN products p ON p.id = r.product_id"
            " WHERE p.contract_only = 0 AND r.valid_from <= CURDATE()"
            " AND (r.valid_to IS NULL OR r.valid_to >= CURDATE())"
            " ORDER BY r.product_id, r.country"):
        got = want.setdefault(pid, [])
        if month != "0.00":
            got.append((country, "recurring", "month", cur, month, "false", since))
        if once != "0.00" or month == "0.00":
            got.append((country, "oneTime", None, cur, once, "false", since))
    later = stack.sql("SELECT DATE_ADD(CURDATE(), INTERVAL 400 DAY)")[0][0]
    stack.sql("INSERT INTO product_prices (product_id, country, currency, monthly_price,"
              " oneoff_price, valid_from) VALUES (%s, 'NO', 'NOK', 0, 1.00, '%s')"
              % (SIM, later))
    try:
        listed = partner.read("productOffering?limit=100").findall("productOffering")
        assert listed
        for o in listed:
            assert offering_prices(o) == want.get(o.get("id"), []), o.findtext("code")
        by_code = {o.findtext("code"): offering_prices(o) for o in listed}
        # A SIM card is paid once, a Twin SIM every month: a partner tells them apart.
        assert [p[1:3] for p in by_code["SIM"]] == [("oneTime", None)] * len(by_code["SIM"])
        assert ("NO", "oneTime", None, "NOK", "99.00", "false", "2025-01-01") in by_code["SIM"]
        assert [p[1:3] for p in by_code["TWIN"]] == [("recurring", "month")]
        # One read has the same prices as the list.
        assert offering_prices(partner.read("productOffering/" + SIM)) == by_code["SIM"]
        assert all(p[4] != "1.00" for p in by_code["SIM"])
    finally:
        stack.sql("DELETE FROM product_prices WHERE product_id = %s AND valid_from = '%s'"
                  % (SIM, later))


def test_trouble_ticket_states_are_tmf621s(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    stack.sql("INSERT INTO cases (company_id, kind, category, subject, status) VALUES"
              " (%s, 'support', 'technical', 'API waiting case', 'waiting')" % cid)
    try:
        kid = rows(stack, "SELECT MAX(id) FROM cases WHERE subject = 'API waiting case'")[0]
        t = partner.read("troubleTicket/%s" % kid)
        assert t.findtext("state") == "pending" and t.findtext("name") == "API waiting case"
        pending = partner.read("troubleTicket?state=pending&limit=100")
        assert kid in [e.get("id") for e in pending.findall("troubleTicket")]
        assert {e.findtext("state") for e in pending.findall("troubleTicket")} == {"pending"}
    finally:
        stack.sql("DELETE FROM cases WHERE subject = 'API waiting case'")


def test_customer_bill_links_its_pdf_and_ubl(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    iid, number = stack.sql("SELECT id, number FROM invoices WHERE company_id = %s AND"
                            " kind = 'invoice' ORDER BY id LIMIT 1" % cid)[0]
    bill = partner.read("customerBill/%s" % iid)
    assert bill.findtext("billNo") == number
    docs = {d.get("type"): d.get("href") for d in bill.findall("document")}
    assert docs == {"pdf": "/api/v1/customerBill/%s/pdf" % iid,
                    "ubl": "/api/v1/customerBill/%s/ubl" % iid}
    pdf = partner.get(docs["pdf"][len("/api/v1/"):])
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    ubl = partner.get(docs["ubl"][len("/api/v1/"):])
    assert ubl.status_code == 200
    doc = etree.fromstring(ubl.content, etree.XMLParser(resolve_entities=False,
                                                        no_network=True))
    assert etree.QName(doc).localname == "Invoice"
    assert number in ubl.text


def test_another_companys_resources_are_not_found(partner, stack, company_ids):
    """A Bitpro key: Fjordnet's rows are 404, and no list holds one."""
    fjord = company_ids[FJORDNET]
    for res, sql in OWN.items():
        theirs = rows(stack, sql % fjord)
        if not theirs:
            continue
        error(partner.get("%s/%s" % (res, theirs[0])), 404)
        listed = {e.get("id") for e in partner.read(res + "?limit=100").findall(res)}
        assert not listed & set(theirs), res
    iid = rows(stack, OWN["customerBill"] % fjord)[0]
    for doc in ("pdf", "ubl"):
        error(partner.get("customerBill/%s/%s" % (iid, doc)), 404)


def test_a_key_sees_only_its_own_company_of_an_administrators_two(kari, company_ids, base,
                                                                  stack):
    """Kari administers Bitpro and Nordlys: a key made for Nordlys reads
    Nordlys only."""
    nord = company_ids[NORDLYS]
    secret, _ = make_key(kari, nord, name="Nordlys ERP")
    p = Partner(base, secret)
    assert [o.get("id") for o in p.read("organization").findall("organization")] == [
        str(nord)]
    error(p.get("organization/%s" % company_ids[BITPRO]), 404)
    subs = {e.get("id") for e in p.read("product?limit=100").findall("product")}
    assert subs == set(rows(stack, OWN["product"] % nord))


def test_paging_offset_limit_and_total(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    total = len(rows(stack, OWN["product"] % cid))
    assert total >= 3
    seen = []
    for offset in range(0, total, 2):
        r = partner.get("product?limit=2&offset=%d" % offset)
        root = parse(r)
        assert r.headers["X-Total-Count"] == str(total)
        assert root.get("offset") == str(offset) and root.get("limit") == "2"
        seen += [e.get("id") for e in root.findall("product")]
    assert len(seen) == total and len(set(seen)) == total
    assert seen == sorted(seen, key=int)
    past = partner.read("product?offset=%d" % total)
    assert past.findall("product") == [] and past.get("total") == str(total)
    error(partner.get("product?offset=-1"), 400, "offset")


def test_filters_state_dates_and_updated_since(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    for state in ("active", "terminated"):
        want = set(rows(stack, "SELECT id FROM subscriptions WHERE company_id = %s"
                        " AND status = '%s'" % (cid, state)))
        got = partner.read("product?limit=100&state=" + state)
        assert {e.get("id") for e in got.findall("product")} == want
        assert got.get("total") == str(len(want))
    day = stack.sql("SELECT DATE(MIN(created_at)) FROM subscriptions WHERE company_id = %s"
                    % cid)[0][0]
    want = set(rows(stack, "SELECT id FROM subscriptions WHERE company_id = %s"
                    " AND DATE(created_at) = '%s'" % (cid, day)))
    got = partner.read("product?limit=100&createdFrom=%s&createdTo=%s" % (day, day))
    assert {e.get("id") for e in got.findall("product")} == want
    # Changed since: a case touched now is in, one not touched is out.
    kid = rows(stack, OWN["troubleTicket"] % cid)[0]
    stack.sql("UPDATE cases SET updated_at = '2001-01-01' WHERE company_id = %s" % cid)
    stack.sql("UPDATE cases SET updated_at = UTC_TIMESTAMP() WHERE id = %s" % kid)
    since = stack.sql("SELECT DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 1 HOUR,"
                      " '%Y-%m-%dT%H:%i:%sZ')")[0][0]
    got = partner.read("troubleTicket?limit=100&updatedSince=" + since)
    assert [e.get("id") for e in got.findall("troubleTicket")] == [kid]
    assert partner.read("troubleTicket?updatedSince=2999-01-01T00:00:00Z").get("total") == "0"
    error(partner.get("product?createdFrom=2026-02-30"), 400, "createdFrom")
    error(partner.get("product?createdTo=yesterday"), 400, "createdTo")
    error(partner.get("product?createdFrom=2026-02-02&createdTo=2026-02-01"), 422,
          "createdTo")
    error(partner.get("troubleTicket?updatedSince=2026-01-01"), 400, "updatedSince")
    error(partner.get("troubleTicket?updatedSince=2026-01-01T25:00:00Z"), 400,
          "updatedSince")


def test_etag_and_if_none_match(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    r = partner.get("organization/%s" % cid)
    etag = r.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    again = partner.get("organization/%s" % cid, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag
    listed = partner.get("organization", headers={"If-None-Match": '"other", ' + etag})
    assert listed.status_code == 200 and listed.headers["ETag"] != etag
    assert partner.get("organization", headers={
        "If-None-Match": listed.headers["ETag"]}).status_code == 304
    # A change makes a new tag: the old one gets the whole answer.
    stack.sql("UPDATE companies SET city = CONCAT(city, ' ') WHERE id = %s" % cid)
    try:
        changed = partner.get("organization/%s" % cid, headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["ETag"] != etag
    finally:
        stack.sql("UPDATE companies SET city = TRIM(city) WHERE id = %s" % cid)


# -- the reference ----------------------------------------------------------------

EXAMPLES = sorted((SCHEMAS / "examples").glob("*.xml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_reference_examples_are_valid(path):
    root = etree.parse(str(path)).getroot()
    # A write's body (NAMECreate), the error and the event against their own
    # schemas, the resources against api.xsd.
    create = path.stem.endswith("Create")
    s = schema(path.stem if (SCHEMAS / (path.stem + ".xsd")).exists() else "api")
    assert s.validate(root), s.error_log
    assert root.tag == (path.stem[:-len("Create")] if create else path.stem)


def test_reference_is_made_from_the_schemas_and_served(anon):
    xsd = etree.parse(str(SCHEMAS / "api.xsd"))
    made = etree.XSLT(etree.parse(str(SCHEMAS / "reference.xsl")))(xsd)
    shipped = SCHEMAS.parents[2] / "xsl" / "static" / "api" / "v1.html"
    from lxml import html as lhtml
    a = lhtml.fromstring(bytes(made))
    b = lhtml.fromstring(shipped.read_bytes())
    assert " ".join(a.text_content().split()) == " ".join(b.text_content().split()), (
        "xsl/static/api/v1.html is not what the schemas make: run make api-reference")
    # Each resource, each of its fields, and its example.
    ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
    for res in RESOURCES + ("error", "writes", "events", "event", "hubCreate",
                            "productOrderCreate", "troubleTicketCreate", "paymentCreate"):
        assert b.get_element_by_id(res) is not None, res
    for res in RESOURCES:
        section = b.get_element_by_id(res)
        for el in xsd.xpath("/xs:schema/xs:complexType[@name=$t]/xs:sequence/xs:element/@name",
                            namespaces=ns, t=res + "Type"):
            assert section.xpath(".//td/code[text()=$f]", f=el), (res, el)
        assert "&lt;" not in section.findtext(".//pre") and "<" + res in section.findtext(".//pre")
    r = anon.get("/static/api/v1.html")
    assert r.status_code == 200 and r.content == shipped.read_bytes()


# -- writes: productOrder ---------------------------------------------------------

SIM, DONGLE = "22", "23"
XML = "application/xml"


def order_body(cid, product=SIM, quantity="2", postcode="0150", name="Bitpro Demo AS",
               extra=""):
    return ("<?xml version='1.0' encoding='UTF-8'?><productOrder>"
            "<organization id='%s'/><productOffering id='%s'/><quantity>%s</quantity>"
            "<deliveryName>%s</deliveryName><deliveryStreet>Gate 1</deliveryStreet>"
            "<deliveryPostcode>%s</deliveryPostcode><deliveryCity>Oslo</deliveryCity>%s"
            "</productOrder>" % (cid, product, quantity, name, postcode, extra))


def post(p, path, body=None, idem=None, ctype=XML, key=None):
    h = {"Authorization": "Bearer " + (key or p.key)}
    if ctype is not None:
        h["Content-Type"] = ctype
    if idem is not None:
        h["Idempotency-Key"] = idem
    return p.http.post("/api/v1/" + path, data=body, headers=h)


def order_count(stack):
    return int(stack.sql("SELECT COUNT(*) FROM orders")[0][0])


def test_create_makes_the_companys_order_audited_under_the_key(partner, stack,
                                                                company_ids):
    cid = company_ids[BITPRO]
    r = post(partner, "productOrder", order_body(cid), idem="erp-create-1")
    assert r.status_code == 201, r.text[:800]
    o = parse(r)
    assert o.tag == "productOrder" and o.findtext("state") == "acknowledged"
    assert o.find("organization").get("id") == str(cid)
    assert o.findtext("deliveryPostcode") == "0150" and o.findtext("itemCount") == "1"
    oid = o.get("id")
    assert stack.sql("SELECT company_id, ordered_by FROM orders WHERE id = %s" % oid) == [
        (str(cid), "NULL")]
    assert stack.sql("SELECT product_id, quantity FROM order_items WHERE order_id = %s"
                     % oid) == [(SIM, "2")]
    # The read shows it as the write answered it.
    assert partner.read("productOrder/" + oid).get("id") == oid
    # Audited under the key's name, and seen on the portal's order list.
    detail = stack.sql("SELECT detail, user_id FROM audit_log WHERE action = 'order-create'"
                       " AND object_id = %s" % oid)
    assert len(detail) == 1 and detail[0][0].startswith("API key ERP (sck_")
    assert detail[0][1] == "NULL"


def test_same_idempotency_key_and_body_answer_the_same_order(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    body = order_body(cid, product=DONGLE, quantity="1")
    first = post(partner, "productOrder", body, idem="erp-replay")
    assert first.status_code == 201, first.text[:800]
    before = order_count(stack)
    again = post(partner, "productOrder", body, idem="erp-replay")
    assert again.status_code == 201
    assert parse(again).get("id") == parse(first).get("id")
    assert order_count(stack) == before
    # The same key with another body: refused, nothing made.
    other = post(partner, "productOrder", order_body(cid, quantity="3"), idem="erp-replay")
    error(other, 422, "Idempotency-Key")
    assert order_count(stack) == before
    # Another key: another order.
    r = post(partner, "productOrder", body, idem="erp-replay-2")
    assert r.status_code == 201 and parse(r).get("id") != parse(first).get("id")


def test_idempotency_key_is_required(partner, stack, company_ids):
    before = order_count(stack)
    error(post(partner, "productOrder", order_body(company_ids[BITPRO])), 400,
          "Idempotency-Key")
    error(post(partner, "productOrder", order_body(company_ids[BITPRO]), idem="x" * 65),
          400, "Idempotency-Key")
    assert order_count(stack) == before


def test_a_body_not_xml_is_415(partner, stack, company_ids):
    before = order_count(stack)
    error(post(partner, "productOrder", '{"productOffering": 22}', idem="j1",
               ctype="application/json"), 415)
    error(post(partner, "productOrder", order_body(company_ids[BITPRO]), idem="j2",
               ctype=None), 415)
    assert order_count(stack) == before


@pytest.mark.parametrize("body", [
    "<productOrder><quantity>1</quantity>",
    "not xml at all",
    "<productOrder>" + "<a>" * 70 + "</a>" * 70 + "</productOrder>",
], ids=["unclosed", "text", "too-deep"])
def test_malformed_body_is_400(partner, stack, body):
    before = order_count(stack)
    error(post(partner, "productOrder", body, idem="bad-xml"), 400)
    assert order_count(stack) == before


def test_doctype_is_refused(partner, stack, company_ids):
    before = order_count(stack)
    body = ("<?xml version='1.0'?><!DOCTYPE productOrder [<!ENTITY x SYSTEM"
            " 'file:///etc/passwd'>]>" + order_body(company_ids[BITPRO],
                                                  name="&x;").split("?>", 1)[1])
    error(post(partner, "productOrder", body, idem="doctype"), 400)
    assert order_count(stack) == before


@pytest.mark.parametrize("over,field", [
    ({"quantity": "0"}, "quantity"),
    ({"quantity": "101"}, "quantity"),
    ({"quantity": "two"}, "quantity"),
    ({"postcode": "01X0!"}, "deliveryPostcode"),
    ({"postcode": "99"}, "deliveryPostcode"),
    ({"name": " "}, "deliveryName"),
    ({"product": "1"}, "productOffering"),
    ({"product": "999999"}, "productOffering"),
    ({"extra": "<colour>red</colour>"}, "colour"),
])
def test_invalid_body_is_422_with_the_field(partner, stack, company_ids, over, field):
    before = order_count(stack)
    r = post(partner, "productOrder", order_body(company_ids[BITPRO], **over),
             idem="invalid-" + field)
    error(r, 422, field)
    assert order_count(stack) == before
    assert stack.sql("SELECT COUNT(*) FROM api_idempotency WHERE idem_key = 'invalid-%s'"
                     % field)[0][0] == "0"


def test_another_companys_organization_is_refused(partner, stack, company_ids):
    before = order_count(stack)
    r = post(partner, "productOrder", order_body(company_ids[FJORDNET]), idem="theirs")
    error(r, 422, "organization")
    assert order_count(stack) == before


def test_writes_need_the_area_orders(kari, stack, company_ids, base):
    cid = company_ids[BITPRO]
    narrow, _ = make_key(kari, cid, name="No orders",
                         areas=tuple(a for a in ALL if a != "orders"))
    p = Partner(base, narrow)
    before = order_count(stack)
    error(post(p, "productOrder", order_body(cid), idem="no-area"), 403)
    oid = declared._throwaway_order(stack, cid)
    error(post(p, "productOrder/%s/cancel" % oid, ctype=None), 403)
    assert order_count(stack) == before + 1
    assert stack.sql("SELECT state FROM orders WHERE id = %s" % oid)[0][0] == "acknowledged"


def test_cancel_as_the_customer_may(partner, stack, company_ids):
    cid = company_ids[BITPRO]
    r = post(partner, "productOrder", order_body(cid, product=DONGLE, quantity="1"),
             idem="to-cancel")
    oid = parse(r).get("id")
    r = post(partner, "productOrder/%s/cancel" % oid, ctype=None)
    assert r.status_code == 200, r.text[:500]
    assert parse(r).findtext("state") == "cancelled"
    assert stack.sql("SELECT from_state, to_state FROM order_events WHERE order_id = %s"
                     " ORDER BY id" % oid) == [("NULL", "acknowledged"),
                                               ("acknowledged", "cancelled")]
    assert stack.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'order-cancel'"
                     " AND object_id = %s AND detail LIKE 'API key ERP%%'" % oid)[0][0] == "1"
    # Cancelled is final; an order the operator has in progress too: 409.
    error(post(partner, "productOrder/%s/cancel" % oid, ctype=None), 409)
    shipped = declared._throwaway_order(stack, cid, shipped=True)
    error(post(partner, "productOrder/%s/cancel" % shipped, ctype=None), 409)
    assert stack.sql("SELECT state FROM orders WHERE id = %s" % shipped)[0][0] == "inProgress"
    error(post(partner, "productOrder/%s/cancel?now=1" % oid, ctype=None), 400, "now")


def test_another_companys_order_cancel_is_404(partner, stack, company_ids):
    theirs = declared._throwaway_order(stack, company_ids[FJORDNET])
    error(post(partner, "productOrder/%s/cancel" % theirs, ctype=None), 404)
    assert stack.sql("SELECT state FROM orders WHERE id = %s" % theirs)[0][0] == "acknowledged"
    error(post(partner, "productOrder/999999999/cancel", ctype=None), 404)
