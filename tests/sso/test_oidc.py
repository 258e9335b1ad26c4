"""Single sign-on against a real OpenID Connect provider (LemonLDAP::NG on
the loopback, tests/sso/provider.py), through Apache's mod_auth_openidc and
through nginx's auth_request answered by it (tests/sso/oidcstack.py).

A browser-less client follows the redirects, posts the provider's login
form and lands in selfcare with a session. The provider's Demo users:
dwho (an employee here), rtyler (an administrator of the same company),
msmith (not a user of selfcare). Another company's data stays invisible."""

from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
import requests

import provider as idp
from conftest import st

COMPANY = "Tardis Telecom AS"
DWHO = idp.DEMO_USERS["dwho"]
RTYLER = idp.DEMO_USERS["rtyler"]
MSMITH = idp.DEMO_USERS["msmith"]


@pytest.fixture(scope="module")
def company(stack):
    """dwho an employee with one subscription, rtyler the administrator."""
    stack.sql(
        "INSERT INTO companies (name, orgnr, country) VALUES ('%s', '990022001', 'NO');"
        "INSERT INTO users (email, name, phone, lang) VALUES"
        " ('%s', 'Doctor Who', '+4790022001', 'en'),"
        " ('%s', 'Rose Tyler', '+4790022002', 'en');" % (COMPANY, DWHO, RTYLER))
    cid = stack.sql("SELECT id FROM companies WHERE name = '%s'" % COMPANY)[0][0]
    stack.sql(
        "INSERT INTO memberships (user_id, company_id, role, areas)"
        " SELECT id, %s, IF(email = '%s', 'admin', 'employee'),"
        " IF(email = '%s', 'subscriptions,orders,invoices,support,users', '')"
        " FROM users WHERE email IN ('%s', '%s');"
        "INSERT INTO subscriptions (company_id, user_id, product_id, ref, monthly_price,"
        " currency, started_on)"
        " SELECT %s, id, 2, 'TARDIS-1', 349.00, 'NOK', '2026-01-07'"
        " FROM users WHERE email = '%s';"
        % (cid, RTYLER, RTYLER, DWHO, RTYLER, cid, DWHO))
    yield {"cid": cid}
    stack.sql("DELETE FROM companies WHERE id = %s;"
              "DELETE FROM users WHERE email IN ('%s', '%s')" % (cid, DWHO, RTYLER))


def follow(session, resp, hops=None):
    """Follows redirects by hand (every hop recorded in hops)."""
    hops = [] if hops is None else hops
    while resp.is_redirect:
        hops.append(resp)
        assert len(hops) < 20, [h.url for h in hops]
        resp = session.get(urljoin(resp.url, resp.headers["Location"]),
                           allow_redirects=False, timeout=40)
    return resp


def provider_login(session, page, login, password, hops):
    """Posts the provider's login form on page; returns what follows."""
    assert page.status_code == 200 and page.url.startswith(session.provider), \
        (page.status_code, page.url, page.text[:500])
    form = next(f for f in lxml.html.fromstring(page.content).forms
                if "user" in f.fields and "password" in f.fields)
    fields = dict(form.fields)
    fields.update(user=login, password=password)
    r = session.post(urljoin(page.url, form.action or page.url), data=fields,
                     allow_redirects=False, timeout=40)
    return follow(session, r, hops)


def sso_login(stack, base, login, password=None, headers=None):
    """The whole walk from base's /sso; (client, final response, hops)."""
    c = st.Client(base)
    c.provider = stack.provider.url
    if headers:
        c.headers.update(headers)
    hops = []
    page = follow(c, c.get("/sso"), hops)
    r = provider_login(c, page, login, login if password is None else password, hops)
    return c, r, hops


def sso_answer(stack, hops, base):
    """selfcare's answer to /sso once back from the provider (None: the
    walk never came back)."""
    back = [i for i, h in enumerate(hops) if h.url.startswith(stack.provider.url)]
    if not back:
        return None
    ours = [h for h in hops[back[-1] + 1:] if h.url.startswith(base)
            and urlsplit(h.url).path == "/sso"]
    return ours[-1] if ours else None


def test_provider_is_real(stack):
    """The issuer publishes its metadata and keys: no stand-in."""
    meta = requests.get(stack.provider.metadata_url, timeout=10).json()
    assert meta["issuer"] == stack.provider.url
    assert "authorization_code" in meta["grant_types_supported"]
    keys = requests.get(meta["jwks_uri"], timeout=10).json()["keys"]
    assert [k["kty"] for k in keys] == ["RSA"]


def test_login_through_the_provider(stack, base, company):
    c, r, hops = sso_login(stack, base, "dwho")
    # The walk went to the provider and back through the redirect URI.
    assert any(h.url.startswith(stack.provider.url) for h in hops)
    assert any(urlsplit(h.url).path == "/sso/callback" for h in hops)
    last = sso_answer(stack, hops, base)
    assert last is not None and last.status_code == 303, [h.url for h in hops]
    assert st.location_path(last) == "/companies"
    assert r.status_code == 200 and urlsplit(r.url).path == "/companies"
    # A normal session: the portal as dwho, an employee who sees his company
    # and only his own subscription.
    root = c.page("/companies.xml")
    assert [x.findtext("name") for x in root.iter("company")] == [COMPANY]
    me = c.get("/companies/%s/me" % company["cid"])
    assert me.status_code == 200
    assert "Doctor Who" in st.text_of(st.check_html(me))
    # Not an administrator: the company's users page is not his.
    assert c.get("/companies/%s/users" % company["cid"]).status_code in (403, 404)
    assert stack.sql(
        "SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.user_id"
        " WHERE u.email = '%s' AND a.action = 'login-sso'" % DWHO)[0][0] != "0"


def test_administrator_sees_own_company_only(stack, base, company):
    c, r, hops = sso_login(stack, base, "rtyler")
    assert st.location_path(sso_answer(stack, hops, base)) == "/companies"
    names = [x.findtext("name") for x in c.page("/companies.xml").iter("company")]
    assert names == [COMPANY]
    users = c.get("/companies/%s/users" % company["cid"])
    assert users.status_code == 200
    text = st.text_of(st.check_html(users))
    assert "Doctor Who" in text and "Rose Tyler" in text
    # Another company's pages stay closed to her.
    other = stack.sql("SELECT id FROM companies WHERE name <> '%s' ORDER BY id LIMIT 1"
                      % COMPANY)[0][0]
    assert c.get("/companies/%s/subscriptions" % other).status_code in (403, 404)


def test_wrong_password_stays_at_the_provider(stack, base, company):
    c, r, hops = sso_login(stack, base, "dwho", password="not-dwho")
    # The provider shows its form again; selfcare was never reached.
    assert r.status_code in (200, 401) and r.url.startswith(stack.provider.url), r.url
    assert any("password" in f.fields for f in lxml.html.fromstring(r.content).forms)
    assert sso_answer(stack, hops, base) is None
    assert c.cookies.get(st.SESSION_COOKIE) is None
    assert c.get("/companies").status_code == 303


def test_provider_user_unknown_here(stack, base, company):
    """msmith is real at the provider but no user of selfcare: refused."""
    c, r, hops = sso_login(stack, base, "msmith")
    # selfcare's own refusal at /sso, back from the provider.
    assert r.status_code == 403 and r.url.startswith(base + "/sso"), (r.status_code, r.url)
    assert "ikke registrert" in st.text_of(st.check_html(r))
    assert c.get("/companies").status_code == 303


def test_forged_identity_header_refused(stack, base, company):
    forged = {"SSO-User": DWHO, "SSO_USER": DWHO, "Remote-User": DWHO,
              "X-Remote-User": DWHO, "X-SSO-Email": DWHO,
              "OIDC_CLAIM_email": DWHO, "OIDC-CLAIM-email": DWHO}
    # Without a session at the provider the headers get nobody in: the
    # web server sends the client to the provider, selfcare is not asked.
    c = st.Client(base)
    r = c.get("/sso", headers=forged)
    assert r.status_code == 302, r.status_code
    first = follow(c, r)
    assert first.url.startswith(stack.provider.url), first.url
    assert c.cookies.get(st.SESSION_COOKIE) is None
    for path in ("/companies", "/"):
        r = c.get(path, headers=forged)
        assert r.status_code == 303 and st.location_path(r) == "/login", path
    # Logged in at the provider as msmith (no user here), headers naming
    # dwho do not make her dwho: the claim alone is the identity.
    c, r, hops = sso_login(stack, base, "msmith", headers=forged)
    assert r.status_code == 403, (r.status_code, r.url)
    assert c.get("/companies").status_code == 303
    # And rtyler with headers naming dwho is rtyler.
    c, r, hops = sso_login(stack, base, "rtyler", headers=forged)
    assert r.status_code == 200
    assert c.get("/companies/%s/users" % company["cid"]).status_code == 200
    assert stack.sql(
        "SELECT u.email FROM audit_log a JOIN users u ON u.id = a.user_id"
        " WHERE a.action = 'login-sso' ORDER BY a.id DESC LIMIT 1")[0][0] == RTYLER


def test_auth_subrequest_is_not_a_page(stack):
    """nginx's /sso/auth is internal: a client cannot ask it who it is."""
    r = requests.get(stack.urls["nginx"] + "/sso/auth", allow_redirects=False,
                     headers={"X-SSO-Email": DWHO}, timeout=10)
    assert r.status_code == 404 and "X-SSO-Email" not in r.headers
