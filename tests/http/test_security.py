"""CSRF tokens, the Origin check and the headers every response carries.
A refused request must change nothing: the session still works, no code is
made, no mail is sent."""

import re

import pytest
import requests

import stack as st
from conftest import KARI

EVIL = "http://evil.example"


def _origin(stack):
    return re.match(r"https?://[^/]+", stack.base_url).group(0)


def _assert_403(r, xml=False):
    assert r.status_code == 403, r.text[:1000]
    if xml:
        assert st.validate_xml(r).find("error").get("status") == "403"
    else:
        st.check_html(r)


# -- logout: the session must survive a forged request ------------------

@pytest.mark.parametrize("xml", [False, True], ids=["html", "xml"])
@pytest.mark.parametrize("case", ["missing", "wrong", "other-session", "empty"])
def test_logout_without_right_csrf_is_refused(base, kari, case, xml):
    c = kari
    other = st.Client(base).csrf("/login")
    data = {"missing": {}, "wrong": {"csrf": "A" * 43},
            "other-session": {"csrf": other}, "empty": {"csrf": ""}}[case]
    _assert_403(c.post("/logout", data, xml=xml), xml)
    assert c.get("/companies").status_code == 200, "the session was touched"


@pytest.mark.parametrize("origin", [EVIL, "null", "http://127.0.0.1:1"])
def test_logout_from_another_origin_is_refused(kari, origin):
    c = kari
    r = c.post("/logout", {"csrf": c.csrf("/companies")}, headers={"Origin": origin})
    _assert_403(r)
    assert c.get("/companies").status_code == 200, "the session was touched"


def test_logout_from_own_origin_works(stack, base):
    c = stack.login(base, KARI)
    r = c.post("/logout", {"csrf": c.csrf("/companies")},
               headers={"Origin": _origin(stack)})
    assert r.status_code == 303
    assert c.get("/companies").status_code == 303


# -- login: no code, no mail for a forged request -----------------------

@pytest.mark.parametrize("case", ["missing-csrf", "wrong-csrf", "evil-origin"])
def test_forged_code_request_does_nothing(stack, base, case):
    c = st.Client(base)
    csrf = c.csrf("/login")
    data, headers = {"csrf": csrf, "email": KARI}, {}
    if case == "missing-csrf":
        del data["csrf"]
    elif case == "wrong-csrf":
        data["csrf"] = csrf[::-1] if csrf[::-1] != csrf else "B" * 43
    else:
        headers["Origin"] = EVIL
    mails = set(stack.mails_to(KARI))
    outbox = stack.sql("SELECT COUNT(*) FROM mail_outbox")
    _assert_403(c.post("/login", data, headers=headers))
    assert stack.sql("SELECT COUNT(*) FROM login_codes") == [("0",)]
    assert stack.sql("SELECT COUNT(*) FROM mail_outbox") == outbox
    assert set(stack.mails_to(KARI)) == mails
    # Still on the e-mail step.
    r = c.get("/login/code")
    assert r.status_code == 303 and st.location_path(r) == "/login"


@pytest.mark.parametrize("case", ["missing-csrf", "wrong-csrf", "evil-origin"])
def test_forged_code_entry_does_nothing(stack, base, case):
    c = st.Client(base)
    before = set(stack.mails_to(KARI))
    c.request_code(KARI)
    code = stack.wait_for_code(KARI, before)
    csrf = c.csrf("/login/code")
    data, headers = {"csrf": csrf, "code": code}, {}
    if case == "missing-csrf":
        del data["csrf"]
    elif case == "wrong-csrf":
        data["csrf"] = "C" * 43
    else:
        headers["Origin"] = EVIL
    _assert_403(c.post("/login/code", data, headers=headers))
    assert c.get("/companies").status_code == 303
    # The code was neither used nor counted as a wrong try.
    assert stack.sql("SELECT attempts, used_at IS NULL FROM login_codes "
                     "WHERE email = '%s'" % KARI) == [("0", "1")]
    r = c.post("/login/code", {"csrf": csrf, "code": code})
    assert r.status_code == 303 and st.location_path(r) == "/companies"


# -- headers -------------------------------------------------------------

CSP_PARTS = ["default-src 'self'", "frame-ancestors 'none'",
             "form-action 'self'", "base-uri 'none'"]

# (who, method, path, xml, status)
RESPONSES = [
    ("anon", "GET", "/login", False, 200),
    ("anon", "GET", "/login", True, 200),
    ("anon", "GET", "/", False, 303),
    ("anon", "GET", "/companies", False, 303),
    ("anon", "GET", "/companies.xml", False, 401),
    ("anon", "GET", "/no-such-page", False, 404),
    ("anon", "GET", "/no-such-page", True, 404),
    ("anon", "DELETE", "/login", False, 405),
    ("anon", "POST", "/login", False, 403),
    ("kari", "GET", "/companies", False, 200),
    ("kari", "GET", "/companies", True, 200),
    ("kari", "GET", "/companies?x=1", False, 400),
    ("kari", "GET", "/companies/99999/locations", False, 404),
]


@pytest.mark.parametrize("who,method,path,xml,status", RESPONSES,
                         ids=["%s %s %s%s" % (w, m, p, " xml" if x else "")
                              for w, m, p, x, s in RESPONSES])
def test_security_headers(request, base, anon, who, method, path, xml, status):
    c = anon if who == "anon" else request.getfixturevalue("kari")
    r = c.request(method, path, xml=xml)
    assert r.status_code == status
    csp = r.headers.get("Content-Security-Policy", "")
    for part in CSP_PARTS:
        assert part in csp, "CSP %r lacks %r" % (csp, part)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers.get("X-Content-Type-Options") == "nosniff"
    assert r.headers.get("Referrer-Policy") == "same-origin"
    assert "no-store" in r.headers.get("Cache-Control", "")
    # Each header once: the web server must not add a second copy.
    for h in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert len(r.raw.headers.getlist(h)) == 1, h
    if status != 303:
        ct = r.headers.get("Content-Type")
        assert ct == ("application/xml; charset=utf-8" if xml or path.endswith(".xml")
                      else "text/html; charset=utf-8")


# -- what an anonymous visitor costs, what a neighbour's cookies cost ---------

def _sessions(stack):
    return int(stack.sql("SELECT COUNT(*) FROM sessions")[0][0])


@pytest.mark.parametrize("path", ["/login", "/login.xml", "/login/code",
                                  "/einvoice/unsubscribe?r=1&t=" + "A" * 43,
                                  "/invitation?t=" + "A" * 43])
def test_anonymous_pages_store_nothing(stack, base, path):
    """Showing a form to a visitor writes no session row: the anonymous
    session comes with the first code asked for (rate-limited)."""
    before = _sessions(stack)
    for _ in range(50):
        r = requests.get(base + path, allow_redirects=False, timeout=20)
        assert r.status_code in (200, 303, 404), r.status_code
    assert _sessions(stack) == before
    # The form still works: its token comes from a cookie, not a row.
    c = st.Client(base)
    csrf = c.csrf("/login")
    assert _sessions(stack) == before
    r = c.post("/login", {"csrf": csrf, "email": KARI})
    assert r.status_code == 303
    assert _sessions(stack) == before + 1
    # The same token carries on to the code form.
    assert c.csrf("/login/code") == csrf


def test_a_form_token_of_another_browser_is_refused(stack, base):
    a, b = st.Client(base), st.Client(base)
    token = a.csrf("/login")
    b.csrf("/login")
    r = b.post("/login", {"csrf": token, "email": KARI})
    assert r.status_code == 403
    assert stack.sql("SELECT COUNT(*) FROM login_codes") == [("0",)]
    # A CSRF cookie chosen by someone else is worth nothing without its token.
    c = st.Client(base)
    c.cookies.set(st.CSRF_COOKIE, "A" * 43)
    r = c.post("/login", {"csrf": "A" * 43, "email": KARI})
    assert r.status_code == 403


def _junk(n=100, size=60):
    """What sites on neighbouring hosts may set for the whole domain."""
    return "; ".join("site%d=%s" % (i, "v" * size) for i in range(n))


def test_many_foreign_cookies_do_not_shut_anyone_out(base, kari):
    junk = _junk()
    assert len(junk) > 6000
    # A logged-in user: their session cookie found behind 100 others.
    for cookie in (junk + "; sc=" + kari.token, "sc=" + kari.token + "; " + junk):
        r = requests.get(base + "/companies", headers={"Cookie": cookie},
                         allow_redirects=False, timeout=20)
        assert r.status_code == 200, r.status_code
        assert "Kari Nordmann" in r.text
    # A visitor: the login page and its form.
    c = st.Client(base)
    r = c.get("/login", headers={"Cookie": junk})
    assert r.status_code == 200
    token = r.cookies.get(st.CSRF_COOKIE)
    csrf = st.validate_xml(c.get("/login", xml=True, headers={
        "Cookie": junk + "; %s=%s" % (st.CSRF_COOKIE, token)})).findtext("context/csrf")
    r = c.post("/login", {"csrf": csrf, "email": KARI}, headers={
        "Cookie": junk + "; %s=%s" % (st.CSRF_COOKIE, token)})
    assert r.status_code == 303
