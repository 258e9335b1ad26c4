"""The back office's door: staff log in with a mailed code and a second
factor (TOTP enrolled by QR code, or a one-time recovery code), in
sessions of their own that no customer session opens and that open no
customer page; every step is audited."""

import re
import time
import urllib.parse

from lxml import etree

import pytest

import stack as st

OLA = "ola.drift@operator.example.no"
KARI_CARE = "kari.kundeservice@operator.example.no"
KARI = "kari.nordmann@example.no"


@pytest.fixture(scope="module")
def ola(stack):
    """Ola's enrolment, once for the module: (secret, recovery codes)."""
    base = stack.urls["nginx"]
    stack.sql("UPDATE staff SET totp_secret = NULL, totp_enrolled_at = NULL,"
              " totp_last_step = 0 WHERE email = '%s'" % OLA)
    c, secret, recovery = stack.staff_login(base, OLA)
    return secret, recovery


def _code_again(stack, address=OLA):
    """A TOTP code counts once per 30-second step; the tests log in more
    often than that, so the step taken last is forgotten first (only the
    replay test keeps it)."""
    stack.sql("UPDATE staff SET totp_last_step = 0 WHERE email = '%s'" % address)


def test_anonymous_back_office_goes_to_its_login(anon):
    r = anon.get("/admin")
    assert r.status_code == 303 and st.location_path(r) == "/admin/login"
    assert anon.get("/admin", xml=True).status_code == 401
    root = anon.page("/admin/login")
    assert root.find("login").get("step") == "email"


def test_first_login_enrols_with_qr_and_shows_recovery_codes(stack, ola):
    secret, recovery = ola
    assert len(secret) == 32        # 20 bytes in base32, no padding
    assert len(recovery) == 10 and all(len(x) == 10 and x.isdigit() for x in recovery)
    assert len(set(recovery)) == 10
    # Only keyed hashes are kept, and the secret is sealed.
    rows = stack.sql("SELECT COUNT(*) FROM staff_recovery_codes r JOIN staff s"
                     " ON s.id = r.staff_id WHERE s.email = '%s'" % OLA)
    assert rows[0][0] == "10"
    sealed = stack.sql("SELECT HEX(totp_secret) FROM staff WHERE email = '%s'" % OLA)[0][0]
    import base64
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)).hex().upper() not in sealed


def test_enrolment_page_shows_a_qr_code(stack, base):
    stack.sql("UPDATE staff SET totp_secret = NULL, totp_enrolled_at = NULL"
              " WHERE email = '%s'" % KARI_CARE)
    c = st.Client(base)
    before = set(stack.mails_to(KARI_CARE))
    c.post("/admin/login", {"csrf": c.page("/admin/login").findtext("context/csrf"),
                            "email": KARI_CARE})
    code = stack.wait_for_code(KARI_CARE, before)
    c.post("/admin/login/code", {"csrf": c.page("/admin/login/code").findtext("context/csrf"),
                                 "code": code})
    root = c.page("/admin/login/second")
    assert root.find("login").get("step") == "enroll"
    e = root.find("login/enroll")
    assert e.findtext("uri").startswith("otpauth://totp/") and "secret=" + e.findtext(
        "secret") in e.findtext("uri")
    assert int(e.find("qr").get("width")) >= 21 and e.findtext("qr").startswith("M")
    page = st.check_html(c.get("/admin/login/second"))
    assert page.xpath("//*[local-name()='svg']/*[local-name()='path']/@d")
    # The same secret until it is confirmed: reloading does not change it.
    assert c.page("/admin/login/second").findtext("login/enroll/secret") == e.findtext("secret")
    # A wrong code is refused and nothing is enrolled.
    r = c.post("/admin/login/second", {"csrf": root.findtext("context/csrf"), "code": "000000"})
    assert r.status_code == 400
    assert stack.sql("SELECT totp_enrolled_at IS NULL FROM staff WHERE email = '%s'"
                     % KARI_CARE)[0][0] == "1"


def test_logged_in_staff_see_the_work_waiting(stack, base, ola):
    secret, _ = ola
    _code_again(stack)
    c, _, recovery = stack.staff_login(base, OLA, secret)
    assert recovery == []
    root = c.page("/admin")
    assert root.findtext("context/staff/name") == "Ola Drift"
    assert int(root.findtext("work/companies")) >= 3
    page = st.check_html(c.get("/admin"))
    assert page.xpath("//form[@action='/admin/logout']")


def test_a_code_is_taken_once(stack, base, ola):
    secret, _ = ola
    _code_again(stack)
    code = st.totp(secret)
    stack.staff_login(base, OLA, secret)            # uses this step's code
    c = st.Client(base)
    before = set(stack.mails_to(OLA))
    c.post("/admin/login", {"csrf": c.page("/admin/login").findtext("context/csrf"),
                            "email": OLA})
    mail = stack.wait_for_code(OLA, before)
    c.post("/admin/login/code", {"csrf": c.page("/admin/login/code").findtext("context/csrf"),
                                 "code": mail})
    r = c.post("/admin/login/second", {"csrf": c.page("/admin/login/second").findtext(
        "context/csrf"), "code": code})
    assert r.status_code == 400
    assert c.get("/admin").status_code == 303


def test_recovery_code_works_once(stack, base, ola):
    secret, recovery = ola
    def second_step():
        c = st.Client(base)
        before = set(stack.mails_to(OLA))
        c.post("/admin/login", {"csrf": c.page("/admin/login").findtext("context/csrf"),
                                "email": OLA})
        mail = stack.wait_for_code(OLA, before)
        c.post("/admin/login/code", {"csrf": c.page("/admin/login/code").findtext(
            "context/csrf"), "code": mail})
        return c, c.page("/admin/login/second").findtext("context/csrf")
    c, csrf = second_step()
    code = recovery.pop()       # each run (nginx, Apache) takes one of its own
    typed = code[:5] + " " + code[5:]
    r = c.post("/admin/login/second", {"csrf": csrf, "code": typed})
    assert r.status_code == 303 and st.location_path(r) == "/admin"
    assert c.get("/admin").status_code == 200
    c, csrf = second_step()
    assert c.post("/admin/login/second", {"csrf": csrf, "code": typed}).status_code == 400


def test_unknown_address_gets_the_same_answer_and_no_mail(stack, anon):
    before = set(stack.mails_to("nobody@operator.example.no"))
    r = anon.post("/admin/login", {"csrf": anon.page("/admin/login").findtext("context/csrf"),
                                   "email": "nobody@operator.example.no"})
    assert r.status_code == 303 and st.location_path(r) == "/admin/login/code"
    time.sleep(1.5)
    assert set(stack.mails_to("nobody@operator.example.no")) == before


def test_a_customer_session_never_opens_the_back_office(kari):
    r = kari.get("/admin")
    assert r.status_code == 303 and st.location_path(r) == "/admin/login"
    # A customer's code is no staff code either: the address is no staff member's.
    assert kari.get("/admin", xml=True).status_code == 401


def test_a_staff_session_never_opens_a_customer_page(stack, base, ola):
    secret, _ = ola
    _code_again(stack)
    c, _, _ = stack.staff_login(base, OLA, secret)
    r = c.get("/companies")
    assert r.status_code == 303 and st.location_path(r) == "/login"


BOTH = "per.begge@example.no"


@pytest.fixture(scope="module")
def both(stack):
    """An address that is a customer's and a staff member's both."""
    stack.sql("INSERT IGNORE INTO users (email, name) VALUES ('%s', 'Per Begge')" % BOTH)
    stack.sql("INSERT IGNORE INTO staff (email, name, roles) VALUES"
              " ('%s', 'Per Begge', 'care')" % BOTH)
    return BOTH


def test_one_address_at_both_doors_each_code_opens_its_own_door(stack, base, both):
    portal = st.Client(base)
    before = set(stack.mails_to(both))
    portal.request_code(both)
    customer_code = stack.wait_for_code(both, before)
    office = st.Client(base)
    before = set(stack.mails_to(both))
    r = office.post("/admin/login", {"csrf": office.csrf("/admin/login"), "email": both})
    assert r.status_code == 303 and st.location_path(r) == "/admin/login/code"
    mail = stack.wait_for_mail(both, before)
    assert str(st.mail_message(mail)["Subject"]) == st.i18n("nb")["mail.staff.login.subject"]
    staff_code = st.mail_code(mail)
    assert staff_code != customer_code

    # The portal's code is wrong at the back office, and the back office's
    # at the portal; a wrong try leaves each door's own code working.
    wrong = st.i18n("nb")["login.message.invalid-code"]
    r = office.post("/admin/login/code", {"csrf": office.csrf("/admin/login/code"),
                                          "code": customer_code})
    assert r.status_code == 400 and wrong in st.text_of(st.check_html(r))
    r = portal.post("/login/code", {"csrf": portal.csrf("/login/code"), "code": staff_code})
    assert r.status_code == 400 and wrong in st.text_of(st.check_html(r))
    r = office.post("/admin/login/code", {"csrf": office.csrf("/admin/login/code"),
                                          "code": staff_code})
    assert r.status_code == 303 and st.location_path(r) == "/admin/login/second"
    r = portal.post("/login/code", {"csrf": portal.csrf("/login/code"),
                                    "code": customer_code})
    assert r.status_code == 303 and st.location_path(r) == "/companies"
    # Each session opens its own door only.
    assert portal.get("/admin", xml=True).status_code == 401
    assert office.get("/companies").status_code == 303


def test_logout_ends_the_staff_session_and_is_audited(stack, base, ola):
    secret, _ = ola
    _code_again(stack)
    c, _, _ = stack.staff_login(base, OLA, secret)
    csrf = c.page("/admin").findtext("context/csrf")
    r = c.post("/admin/logout", {"csrf": csrf})
    assert r.status_code == 303 and st.location_path(r) == "/admin/login?done=staff-logged-out"
    assert c.get("/admin").status_code == 303
    actions = [r[0] for r in stack.sql(
        "SELECT a.action FROM audit_log a JOIN staff s ON s.id = a.staff_id"
        " WHERE s.email = '%s' ORDER BY a.id" % OLA)]
    for a in ("staff-code-sent", "staff-code-ok", "staff-login", "staff-logout"):
        assert a in actions, (a, actions)


def test_csrf_is_checked_on_the_login_steps(anon):
    anon.get("/admin/login")
    assert anon.post("/admin/login", {"csrf": "A" * 43, "email": OLA}).status_code == 403


@pytest.mark.parametrize("path", ["/admin", "/admin/login", "/admin/login/code"])
def test_web_server_hides_the_back_office_from_other_addresses(base, path):
    """The shipped nginx and Apache configurations let only the allow-list
    reach /admin (127.0.0.1 and ::1 here): from 127.0.0.2 it is the portal's
    404, byte for byte the answer of a path that does not exist."""
    from test_ops import _get_from
    status, body = _get_from(base, path, "127.0.0.2")
    assert (status, body) == _get_from(base, "/no-such-page", "127.0.0.2")
    assert status == 404


def test_admin_host_serves_only_the_back_office(stack, tmp_path):
    """With admin_host set, the back office answers only on that host name
    and the portal not there (straight to the FastCGI socket, Host as sent)."""
    import subprocess
    import sys
    sys.path.insert(0, str(st.SRC / "tests" / "faults"))
    import faultstack as fs     # its FastCGI client
    conf = tmp_path / "admin-host.conf"
    sock = tmp_path / "app.sock"
    text = stack.conf.read_text().replace("mail_interval = 1", "mail_interval = 0")
    lines = [l for l in text.splitlines() if not l.startswith(("listen =", "admin_host"))]
    conf.write_text("\n".join(lines + ["listen = %s" % sock,
                                       "admin_host = backoffice.example.no"]) + "\n")
    conf.chmod(0o600)
    proc = subprocess.Popen([str(stack.binary), "-c", str(conf), "serve"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=stack.env())
    try:
        deadline = time.monotonic() + 10
        while not sock.exists() and time.monotonic() < deadline:
            time.sleep(0.1)

        def get(path, host):
            return fs.fcgi_request(sock, path, extra={"HTTP_HOST": host})[0]
        assert get("/admin/login", "backoffice.example.no:443") == 200
        assert get("/admin/login", "selfcare.example.no") == 404
        assert get("/login", "backoffice.example.no") == 404
        assert get("/login", "selfcare.example.no") == 200
        # A form of the back office posted from its own origin is taken;
        # from the portal's origin it is refused.
        status, out = fs.fcgi_request(sock, "/admin/login", extra={
            "HTTP_HOST": "backoffice.example.no", "HTTP_ACCEPT": "application/xml"})
        head, _, body = out.partition(b"\r\n\r\n")
        cookie = re.search(rb"Set-Cookie: ([^=]+=[^;]+)", head).group(1).decode()
        token = etree.fromstring(body).findtext("context/csrf")
        form = urllib.parse.urlencode({"csrf": token, "email": "nobody@operator.example.no"})

        def post(origin):
            return fs.fcgi_request(sock, "/admin/login", method="POST", body=form.encode(), extra={
                "HTTP_HOST": "backoffice.example.no", "HTTP_COOKIE": cookie,
                "HTTP_ORIGIN": origin,
                "CONTENT_TYPE": "application/x-www-form-urlencoded"})[0]
        base_scheme = stack.base_url.split(":")[0]
        assert post("%s://backoffice.example.no" % base_scheme) == 303
        assert post(stack.base_url.rstrip("/")) == 403
    finally:
        proc.terminate()
        proc.wait(20)


def test_a_role_not_held_gets_its_own_no_access_page(staff):
    """A staff member without the role a page needs is told so (not that a
    form was open too long), and led back to the back office's home."""
    c = staff(("catalogue",))
    nb = st.i18n("nb")
    for path in ("/admin/customers", "/admin/staff"):
        r = c.get(path)
        assert r.status_code == 403, path
        root = st.validate_xml(c.get(path, xml=True))
        assert root.find("error").get("status") == "403"
        assert root.find("error").get("reason") == "role", path
        page = st.check_html(r)
        text = st.text_of(page)
        assert nb["error.403.role.text"] in text and nb["error.403.text"] not in text
        assert page.xpath("//main//a[@class='button']/@href") == ["/admin"]
        assert page.xpath("//header//a[@class='brand']/@href") == ["/admin"]
    # A refused form is still the plain 403, without the reason.
    r = c.post("/admin/staff", {"csrf": "A" * 43, "name": "X", "email": "x@example.no"},
               xml=True)
    assert r.status_code == 403
    assert st.validate_xml(r).find("error").get("reason") is None
