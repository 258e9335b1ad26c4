"""M1 log in with a one-time code by e-mail, as a person does it: the forms,
the mail, the code, the session cookie, and every way it may go wrong."""

import time

import pytest

import stack as st
from conftest import KARI, METTE

UNKNOWN = "nobody.here@example.no"


def message_code(resp):
    root = st.validate_xml(resp)
    m = root.find("login/message")
    return None if m is None else m.get("code")


def set_cookie_headers(resp):
    return resp.raw.headers.getlist("Set-Cookie")


def parse_set_cookie(header):
    """'sc=v; Path=/; HttpOnly' → ('sc', 'v', {'path': '/', 'httponly': ''})"""
    parts = [p.strip() for p in header.split(";")]
    name, _, value = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip()
    return name, value, attrs


# -- the pages ---------------------------------------------------------

def test_root_sends_anonymous_visitor_to_login(anon):
    r = anon.get("/")
    assert r.status_code == 303
    assert st.location_path(r) == "/login"


def test_root_sends_logged_in_user_to_companies(kari):
    r = kari.get("/")
    assert r.status_code == 303
    assert st.location_path(r) == "/companies"


def test_login_page_is_norwegian_by_default(anon):
    r = anon.get("/login")
    assert r.status_code == 200
    root = st.check_html(r)
    nb = st.i18n("nb")
    assert root.get("lang") == "nb"
    assert nb["login.title"] in st.text_of(root)
    # The form works without JavaScript and carries the CSRF token.
    form = root.xpath("//form[@method='post' and @action='/login']")
    assert form, "no POST /login form"
    assert form[0].xpath(".//input[@name='email']")
    assert st.validate_xml(anon.get("/login", xml=True)).get("lang") == "nb"


@pytest.mark.parametrize("lang", ["da", "en", "nb"])
def test_language_switch(anon, lang):
    anon.get("/login")
    r = anon.get("/lang", params={"set": lang, "next": "/login"})
    assert r.status_code == 303
    assert st.location_path(r) == "/login"
    assert anon.cookies.get("lang") == lang
    root = st.check_html(anon.get("/login"))
    assert root.get("lang") == lang
    assert st.i18n(lang)["login.title"] in st.text_of(root)
    assert st.validate_xml(anon.get("/login.xml")).get("lang") == lang
    # The page's own links offer every language.
    hrefs = root.xpath("//a/@href")
    for other in ("nb", "da", "en"):
        assert "/lang?set=%s&next=/login" % other in hrefs


@pytest.mark.parametrize("query", [
    {"set": "sv", "next": "/login"},                    # no such language
    {"set": "da", "next": "https://evil.example/"},     # no open redirect
    {"set": "da", "next": "//evil.example/"},
    {"set": "da", "next": "/login", "x": "1"},          # unknown field
])
def test_language_switch_refuses_bad_values(anon, query):
    r = anon.get("/lang", params=query)
    assert r.status_code == 400
    assert "evil.example" not in r.headers.get("Location", "")


def test_code_form_without_pending_address_sends_to_login(anon):
    anon.get("/login")
    r = anon.get("/login/code")
    assert r.status_code == 303
    assert st.location_path(r) == "/login"


# -- the whole flow ----------------------------------------------------

def test_full_login_with_code_from_mail(stack, base):
    c = st.Client(base)
    page = st.check_html(c.get("/login"))
    csrf = page.xpath("//form[@action='/login']//input[@name='csrf']/@value")[0]
    before = set(stack.mails_to(KARI))
    r = c.post("/login", {"csrf": csrf, "email": KARI})
    assert r.status_code == 303 and st.location_path(r) == "/login/code"

    # The code form names the address the code went to.
    r = c.get("/login/code")
    assert r.status_code == 200
    page = st.check_html(r)
    assert KARI in st.text_of(page)
    root = st.validate_xml(c.get("/login/code", xml=True))
    assert root.find("login").get("step") == "code"
    assert root.findtext("login/email") == KARI

    mail = stack.wait_for_mail(KARI, before)
    msg = st.mail_message(mail)
    assert st.i18n("nb")["mail.login.subject"] == str(msg["Subject"])
    code = st.mail_code(mail)

    csrf = page.xpath("//form[@action='/login/code']//input[@name='csrf']/@value")[0]
    r = c.post("/login/code", {"csrf": csrf, "code": code})
    assert r.status_code == 303
    assert st.location_path(r) == "/companies"
    page = st.check_html(c.get("/companies"))
    assert "Kari Nordmann" in st.text_of(page)
    # The logout form is there, with the session's token.
    assert page.xpath("//form[@action='/logout']//input[@name='csrf']/@value")


def test_login_mail_as_delivered(stack, base):
    """The login mail as the mail server gets it, read with Python's email
    package: headers, line lengths, the code in a UTF-8 text body."""
    c = st.Client(base)
    before = set(stack.mails_to(KARI))
    c.request_code(KARI)
    path = stack.wait_for_mail(KARI, before)
    msg = st.mail_checked(path)
    assert str(msg["Subject"]) == st.i18n("nb")["mail.login.subject"]
    assert [a.addr_spec for a in msg["To"].addresses] == [KARI]
    assert [a.addr_spec for a in msg["From"].addresses] == ["selfcare@localhost"]
    # The Message-ID names the outbox row and the second it went.
    row, when = st.MSGID_RE.fullmatch(msg["Message-ID"]).groups()
    assert stack.sql("SELECT recipient FROM mail_outbox WHERE id = %s" % row)[0][0] == KARI
    assert abs(int(when) - msg["Date"].datetime.timestamp()) < 2
    assert msg["List-Unsubscribe"] is None and msg["List-Unsubscribe-Post"] is None
    assert not msg.is_multipart() and msg.get_content_type() == "text/plain"
    body = msg.get_content()
    code = st.mail_code(path)
    assert code in body
    # The code works: the mail is the one just asked for.
    r = c.post("/login/code", {"csrf": c.csrf("/login/code"), "code": code})
    assert r.status_code == 303 and st.location_path(r) == "/companies"


def test_new_session_token_at_login(stack, base):
    c = st.Client(base)
    before = set(stack.mails_to(KARI))
    c.request_code(KARI)
    anonymous = c.token
    assert anonymous
    code = stack.wait_for_code(KARI, before)
    r = c.post("/login/code", {"csrf": c.csrf("/login/code"), "code": code})
    assert r.status_code == 303
    assert c.token and c.token != anonymous
    # The anonymous token does not carry the login.
    old = st.Client(base)
    old.cookies.set(st.SESSION_COOKIE, anonymous)
    r = old.get("/companies")
    assert r.status_code == 303 and st.location_path(r) == "/login"


def _assert_cookie_attributes(attrs):
    assert "httponly" in attrs
    assert attrs.get("samesite", "").lower() == "lax"
    assert attrs.get("path") == "/"
    assert "domain" not in attrs      # host-only, as __Host- demands
    assert "secure" not in attrs      # cookie_secure = no in the test stack


def test_anonymous_cookie_attributes(anon):
    # The form's page sets the CSRF cookie only; the anonymous session
    # comes with the first code.
    r = anon.get("/login")
    cookies = [parse_set_cookie(h) for h in set_cookie_headers(r)]
    assert [x[0] for x in cookies] == [st.CSRF_COOKIE], cookies
    _assert_cookie_attributes(cookies[0][2])
    assert "max-age" not in cookies[0][2]         # gone with the browser
    # Shown again, the page keeps the cookie (no new one).
    assert set_cookie_headers(anon.get("/login")) == []
    r = anon.post("/login", {"csrf": anon.csrf(), "email": KARI})
    assert r.status_code == 303
    sess = [parse_set_cookie(h) for h in set_cookie_headers(r)]
    assert [x[0] for x in sess] == [st.SESSION_COOKIE], sess
    _assert_cookie_attributes(sess[0][2])


def test_login_cookie_attributes(stack, base):
    c = st.Client(base)
    before = set(stack.mails_to(KARI))
    c.request_code(KARI)
    code = stack.wait_for_code(KARI, before)
    r = c.post("/login/code", {"csrf": c.csrf("/login/code"), "code": code})
    assert r.status_code == 303
    cookies = [parse_set_cookie(h) for h in set_cookie_headers(r)]
    sess = [x for x in cookies if x[0] == st.SESSION_COOKIE]
    assert len(sess) == 1, "one new session cookie at login: %r" % cookies
    name, value, attrs = sess[0]
    assert value == c.token
    _assert_cookie_attributes(attrs)
    # The browser is known for the address from now on (for half a year).
    dev = [x for x in cookies if x[0] == st.DEVICE_COOKIE]
    assert len(dev) == 1, cookies
    _assert_cookie_attributes(dev[0][2])
    assert dev[0][2].get("max-age") == str(180 * 24 * 3600)


def test_logout_revokes_the_session(stack, base):
    c = stack.login(base, KARI)
    token = c.token
    page = st.check_html(c.get("/companies"))
    csrf = page.xpath("//form[@action='/logout']//input[@name='csrf']/@value")[0]
    r = c.post("/logout", {"csrf": csrf})
    assert r.status_code == 303
    assert st.location_path(r) == "/login?done=logged-out"
    # The login page it leads to says so (HTML and XML).
    page = st.check_html(c.get(r.headers["Location"]))
    assert stack.i18n("nb")["login.message.logged-out"] in st.text_of(page)
    root = st.validate_xml(c.get(r.headers["Location"], xml=True))
    assert root.find("context/flash").get("code") == "logged-out"
    # The old cookie, replayed, is worth nothing: HTML and XML.
    old = st.Client(base)
    old.cookies.set(st.SESSION_COOKIE, token)
    r = old.get("/companies")
    assert r.status_code == 303 and st.location_path(r) == "/login"
    r = old.get("/companies.xml")
    assert r.status_code == 401
    assert st.validate_xml(r).find("error").get("status") == "401"


# -- codes that must not work ------------------------------------------

def _pending(stack, base, address=KARI):
    """A client with a code on its way; returns (client, code)."""
    c = st.Client(base)
    before = set(stack.mails_to(address))
    c.request_code(address)
    return c, stack.wait_for_code(address, before)


def _wrong(code):
    return "%08d" % ((int(code) + 1) % 100000000)


def _try_code(c, code, xml=False):
    return c.post("/login/code", {"csrf": c.csrf("/login/code"), "code": code}, xml=xml)


def _assert_refused(c, code):
    """The code form again, 400, with the invalid-code message, HTML and XML."""
    r = _try_code(c, code)
    assert r.status_code == 400
    page = st.check_html(r)
    assert st.i18n("nb")["login.message.invalid-code"] in st.text_of(page)
    assert page.xpath("//form[@action='/login/code']")
    r = _try_code(c, code, xml=True)
    assert r.status_code == 400
    assert message_code(r) == "invalid-code"
    assert c.get("/companies").status_code == 303


def test_wrong_code(stack, base):
    c, code = _pending(stack, base)
    _assert_refused(c, _wrong(code))
    # The right one still works after a wrong try or two.
    assert _try_code(c, code).status_code == 303


@pytest.mark.parametrize("bad", ["1234567", "123456789", "abcdefgh", "", "1234 678"])
def test_malformed_code_is_refused(stack, base, bad):
    c = st.Client(base)
    c.request_code(KARI)
    r = _try_code(c, bad)
    assert r.status_code == 400
    assert c.get("/companies").status_code == 303


def test_expired_code(stack, base):
    c, code = _pending(stack, base)
    stack.sql("UPDATE login_codes SET expires_at = NOW() - INTERVAL 1 MINUTE "
              "WHERE email = '%s'" % KARI)
    _assert_refused(c, code)


def test_used_code_does_not_work_twice(stack, base):
    c, code = _pending(stack, base)
    assert _try_code(c, code).status_code == 303
    # Another browser with the same code (and its own pending address).
    other = st.Client(base)
    other.request_code(KARI)
    r = _try_code(other, code)
    assert r.status_code == 400
    assert other.get("/companies").status_code == 303


def test_five_wrong_tries_burn_the_code(stack, base):
    c, code = _pending(stack, base)
    for _ in range(5):
        r = _try_code(c, _wrong(code))
        assert r.status_code == 400
    _assert_refused(c, code)


# -- the e-mail step ---------------------------------------------------

def test_unknown_address_gets_the_same_answer_and_no_mail(stack, base):
    known, unknown = st.Client(base), st.Client(base)
    before = set(stack.mails_to(KARI))
    r1 = unknown.request_code(UNKNOWN)
    r2 = known.request_code(KARI)
    assert (r1.status_code, st.location_path(r1)) == (r2.status_code, st.location_path(r2))
    p1 = st.validate_xml(unknown.get("/login/code", xml=True))
    p2 = st.validate_xml(known.get("/login/code", xml=True))
    # The same page, but for the address.
    for p in (p1, p2):
        p.find("context/csrf").text = ""
        p.find("login/email").text = ""
    from lxml import etree
    assert etree.tostring(p1) == etree.tostring(p2)
    # Kari's mail, written after the unknown address's request, arrives;
    # nothing ever goes to the unknown address.
    stack.wait_for_mail(KARI, before)
    time.sleep(1.5)
    assert stack.mails_to(UNKNOWN) == []
    assert stack.sql("SELECT COUNT(*) FROM mail_outbox WHERE recipient = '%s'"
                     % UNKNOWN) == [("0",)]


@pytest.mark.parametrize("address", [
    "not-an-address", "@example.no", "kari@", "kari@@example.no",
    "kari nordmann@example.no", "kari@example.no\r\nBcc: x@example.no",
    "a" * 250 + "@example.no",
])
def test_malformed_address(stack, anon, address):
    csrf = anon.csrf("/login")
    r = anon.post("/login", {"csrf": csrf, "email": address})
    assert r.status_code == 400
    page = st.check_html(r)
    assert st.i18n("nb")["login.message.invalid-email"] in st.text_of(page)
    assert page.xpath("//form[@action='/login']//input[@name='email']")
    r = anon.post("/login", {"csrf": csrf, "email": address}, xml=True)
    assert r.status_code == 400
    assert message_code(r) == "invalid-email"
    assert stack.sql("SELECT COUNT(*) FROM login_codes") == [("0",)]


@pytest.mark.parametrize("address", [METTE, UNKNOWN])
def test_too_many_codes_for_one_address(stack, base, address):
    c = st.Client(base)
    statuses = []
    for _ in range(12):
        r = c.post("/login", {"csrf": c.csrf("/login"), "email": address})
        statuses.append(r.status_code)
        if r.status_code == 429:
            break
    assert statuses[0] == 303
    assert statuses[-1] == 429, "no 429 after %d requests: %r" % (len(statuses), statuses)
    assert set(statuses[:-1]) == {303}
    page = st.check_html(r)
    assert st.i18n("nb")["login.message.rate-limited"] in st.text_of(page)
    r = c.post("/login", {"csrf": c.csrf("/login"), "email": address}, xml=True)
    assert r.status_code == 429
    assert message_code(r) == "rate-limited"
    # The limit is per address: another address still gets its code.
    r = st.Client(base).request_code(KARI)
    assert r.status_code == 303


# -- a code belongs to the session that asked for it ---------------------
# Nobody else's request retires it, uses up its limits or counts its tries;
# a code entered in another session is wrong there.

def _flood(stack, base, address, until=429, most=12):
    """Code requests for address, each from a fresh browser, until one is
    refused (the statuses)."""
    statuses = []
    for _ in range(most):
        statuses.append(st.Client(base).request_code(address, expect=None).status_code)
        if statuses[-1] == until:
            break
    return statuses


def test_others_requests_do_not_retire_a_code(stack, base):
    c, code = _pending(stack, base)
    # Someone else asks for Kari's codes, many times, from fresh sessions.
    _flood(stack, base, KARI, most=8)
    r = _try_code(c, code)
    assert r.status_code == 303 and st.location_path(r) == "/companies"


def test_a_code_entered_in_another_session_does_not_count(stack, base):
    c, code = _pending(stack, base)
    other = st.Client(base)
    other.request_code(KARI)
    # The other session has Kari as its pending address, but this code is
    # not its own: refused, and nothing is counted against c's code.
    for _ in range(5):
        assert _try_code(other, code).status_code == 400
    assert other.get("/companies").status_code == 303
    assert stack.sql("SELECT attempts, used_at IS NULL FROM login_codes WHERE id = "
                     "(SELECT MIN(id) FROM login_codes WHERE email = '%s')" % KARI) == [
        ("0", "1")]
    assert _try_code(c, code).status_code == 303


def test_others_requests_do_not_block_a_known_browser(stack, base):
    # Kari has logged in with this browser before: it is known for her.
    c = stack.login(base, KARI)
    r = c.post("/logout", {"csrf": c.csrf("/companies")})
    assert r.status_code == 303
    # Someone else floods her address from fresh browsers until refused...
    statuses = _flood(stack, base, KARI)
    assert statuses[-1] == 429, statuses
    # ...and her own browser still gets its code and logs in.
    before = set(stack.mails_to(KARI))
    c.request_code(KARI)
    code = stack.wait_for_code(KARI, before)
    r = _try_code(c, code)
    assert r.status_code == 303 and st.location_path(r) == "/companies"


@pytest.mark.parametrize("address", [METTE, UNKNOWN])
def test_mail_to_one_address_is_bounded_across_browsers(stack, base, address):
    # What still bounds the mail to one address: 5 codes an hour asked for
    # from browsers not known for it, whatever the number of sessions; the
    # same count, and the same answer, for an address nobody has.
    last = stack.sql("SELECT COALESCE(MAX(id), 0) FROM mail_outbox")[0][0]
    statuses = _flood(stack, base, address)
    assert statuses == [303] * 5 + [429], statuses
    assert stack.sql("SELECT COUNT(*) FROM login_codes WHERE email = '%s'" % address) == [
        ("5",)]
    assert stack.sql("SELECT COUNT(*) FROM mail_outbox WHERE id > %s AND recipient = '%s'"
                     % (last, address)) == [("0" if address == UNKNOWN else "5",)]
