"""Employees of a company mobile scheme: members of role employee, who see
only the subscriptions whose user they are; the phone check by a code sent
by SMS (through the gateway command, conf/demo/sms-to-dir, into the stack's
sms directory); single sign-on, where selfcare takes the address only from
the variable the web server's authenticated /sso location sets.

The tests run in a company of their own (made here, removed at the end), so
no other test's counts change."""

import base64
import hashlib
import re
import secrets
import subprocess
import time

import pytest

import stack as st

COMPANY = "Ansattselskapet AS"
ADMIN = "emp.admin@example.no"
ANNA = "emp.anna@example.no"        # two employees with a subscription each
BORD = "emp.bord@example.no"
NOPHONE = "emp.nophone@example.no"  # an employee without a number
ANNA_PHONE = "+4790011001"
CODE_RE = re.compile(r"\b[0-9]{8}\b")


@pytest.fixture(scope="module")
def scheme(stack):
    """The company, its administrator, its employees and their subscriptions:
    {"cid", "anna_sub", "bord_sub"}."""
    stack.sql(
        "INSERT INTO companies (name, orgnr, country) VALUES ('%s', '990011001', 'NO');"
        "INSERT INTO users (email, name, phone, lang) VALUES"
        " ('%s', 'Ada Admin', '+4790011000', 'nb'),"
        " ('%s', 'Anna Ansatt', '%s', 'nb'),"
        " ('%s', 'Bord Ansatt', '+4790011002', 'nb'),"
        " ('%s', 'Nils Nummerlos', NULL, 'nb');"
        % (COMPANY, ADMIN, ANNA, ANNA_PHONE, BORD, NOPHONE))
    cid = stack.sql("SELECT id FROM companies WHERE name = '%s'" % COMPANY)[0][0]
    stack.sql(
        "INSERT INTO memberships (user_id, company_id, role, areas)"
        " SELECT id, %s, IF(email = '%s', 'admin', 'employee'),"
        " IF(email = '%s', 'subscriptions,orders,invoices,support,users', '')"
        " FROM users WHERE email IN ('%s', '%s', '%s', '%s');"
        "INSERT INTO subscriptions (company_id, user_id, product_id, ref, monthly_price,"
        " currency, started_on)"
        " SELECT %s, id, 2, CONCAT('EMP-', SUBSTRING_INDEX(SUBSTRING_INDEX(email, '@', 1),"
        " '.', -1)), 349.00, 'NOK', '2026-01-07' FROM users WHERE email IN ('%s', '%s');"
        % (cid, ADMIN, ADMIN, ADMIN, ANNA, BORD, NOPHONE, cid, ANNA, BORD))
    subs = dict(stack.sql("SELECT ref, id FROM subscriptions WHERE company_id = %s" % cid))
    yield {"cid": cid, "anna_sub": subs["EMP-anna"], "bord_sub": subs["EMP-bord"]}
    stack.sql("DELETE FROM companies WHERE id = %s;"
              "DELETE FROM users WHERE email IN ('%s', '%s', '%s', '%s')"
              % (cid, ADMIN, ANNA, BORD, NOPHONE))


@pytest.fixture(autouse=True)
def _fresh_phone(stack, scheme):
    # Each test starts with Anna's number unconfirmed and no codes sent.
    stack.sql("DELETE FROM phone_codes;"
              "UPDATE users SET phone = '%s', phone_verified = NULL,"
              " phone_verified_at = NULL WHERE email = '%s'" % (ANNA_PHONE, ANNA))


def sms_files(stack):
    d = stack.sms_dir
    return sorted(d.glob("*.sms")) if d.exists() else []


def wait_for_sms(stack, number, before, timeout=20):
    """The text of the first SMS to number not in before."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for p in sms_files(stack):
            if p not in before:
                head, _, text = p.read_text().partition("\n\n")
                if head == "To: %s" % number:
                    return text
        time.sleep(0.2)
    raise AssertionError("no SMS to %s within %ds" % (number, timeout))


def send_code(stack, client, cid, expect=303):
    before = set(sms_files(stack))
    path = "/companies/%s/me/phone" % cid
    r = client.post(path, {"csrf": client.csrf(path)})
    assert r.status_code == expect, (r.status_code, r.text[:800])
    if expect != 303:
        return r
    assert st.location_path(r) == path + "?done=phone-code-sent"
    text = wait_for_sms(stack, ANNA_PHONE, before)
    codes = CODE_RE.findall(text)
    assert len(codes) == 1, text
    return codes[0]


def confirm(client, cid, code):
    path = "/companies/%s/me/phone" % cid
    return client.post(path + "/code", {"csrf": client.csrf(path), "code": code})


def message(resp):
    root = st.check_html(resp)
    return root, st.text_of(root)


# -- what an employee sees ---------------------------------------------------

def test_employee_sees_only_own_subscriptions(stack, base, scheme):
    cid = scheme["cid"]
    anna = stack.login(base, ANNA)
    root = anna.page("/companies/%s/me.xml" % cid)
    refs = [s.findtext("ref") for s in root.iter("subscription")]
    assert refs == ["EMP-anna"]
    assert root.find("context/company").get("role") == "employee"
    page = st.check_html(anna.get("/companies/%s/me" % cid))
    assert "EMP-anna" in st.text_of(page) and "EMP-bord" not in st.text_of(page)
    # Her own subscription opens; her colleague's is not found.
    r = anna.get("/companies/%s/me/subscriptions/%s" % (cid, scheme["anna_sub"]))
    assert r.status_code == 200 and "EMP-anna" in r.text
    assert anna.get("/companies/%s/me/subscriptions/%s" % (
        cid, scheme["bord_sub"])).status_code == 404
    # A subscription of another company (Bitpro's) is not found either.
    other = stack.sql("SELECT MIN(id) FROM subscriptions WHERE company_id <> %s" % cid)[0][0]
    assert anna.get("/companies/%s/me/subscriptions/%s" % (cid, other)).status_code == 404
    # Nor is another company's page of hers at all.
    bitpro = stack.sql("SELECT id FROM companies WHERE name = 'Bitpro Demo AS'")[0][0]
    assert anna.get("/companies/%s/me" % bitpro).status_code == 404


def test_employee_is_refused_the_company_areas(stack, base, scheme):
    cid = scheme["cid"]
    anna = stack.login(base, ANNA)
    for page in ("", "/locations", "/subscriptions", "/subscriptions/%s" % scheme["anna_sub"],
                 "/orders", "/invoices", "/cases", "/users", "/audit"):
        r = anna.get("/companies/%s%s" % (cid, page))
        assert r.status_code == 403, (page, r.status_code)
    # Her menu offers her own pages only; the companies list leads there.
    root = anna.page("/companies/%s/me.xml" % cid)
    hrefs = [i.get("href") for i in root.iter("item")]
    assert hrefs == ["/companies/%s/me" % cid]
    page = st.check_html(anna.get("/companies"))
    assert page.xpath("//td[@class='actions']/a[@href=$h]", h="/companies/%s/me" % cid)
    assert not page.xpath("//a[@href=$h]", h="/companies/%s" % cid)


def test_administrator_invites_an_employee_without_areas(stack, base, scheme):
    cid = scheme["cid"]
    admin = stack.login(base, ADMIN)
    path = "/companies/%s/users" % cid
    root = admin.page(path + ".xml")
    ctx = root.find("context")
    invitee = "emp.new.%s@example.no" % secrets.token_hex(3)
    r = admin.post(path, {"csrf": ctx.findtext("csrf"), "formkey": ctx.findtext("formkey"),
                          "email": invitee, "name": "Ny Ansatt", "role": "employee",
                          "area-users": "on", "area-invoices": "on"})
    assert r.status_code == 303, r.text[:800]
    # The boxes ticked give an employee nothing: no area is offered.
    assert stack.sql("SELECT role, areas FROM invitations WHERE company_id = %s"
                     " AND email = '%s'" % (cid, invitee)) == [("employee", "")]
    page = st.check_html(admin.get(path))
    assert "Ansatt" in st.text_of(page)
    stack.sql("DELETE FROM invitations WHERE email = '%s'" % invitee)


# -- the phone check ---------------------------------------------------------

def test_phone_check_by_sms(stack, base, scheme):
    cid = scheme["cid"]
    audited = "SELECT COUNT(*) FROM audit_log WHERE company_id = %s AND action = '%s'"
    confirmed = int(stack.sql(audited % (cid, "phone-confirmed"))[0][0])
    anna = stack.login(base, ANNA)
    path = "/companies/%s/me/phone" % cid
    root = anna.page(path + ".xml")
    check = root.find("phone-check")
    assert check.get("step") == "send"
    assert check.findtext("phone") == ANNA_PHONE
    # Wrong number? The company's administrator, named, with a mail link.
    page = st.check_html(anna.get(path))
    assert page.xpath("//a[@href='mailto:%s']" % ADMIN)
    assert "Ada Admin" in st.text_of(page)
    assert page.xpath("//button[normalize-space()='Send engangskode på SMS']")
    code = send_code(stack, anna, cid)
    # Only a keyed hash is kept, never the code.
    rows = stack.sql("SELECT HEX(code_hash), phone FROM phone_codes")
    assert len(rows) == 1 and rows[0][1] == ANNA_PHONE
    assert code not in rows[0][0] and rows[0][0] != hashlib.sha256(code.encode()).hexdigest()
    assert anna.page(path + ".xml").find("phone-check").get("step") == "code"
    page = st.check_html(anna.get(path))
    assert page.xpath("//button[normalize-space()='Bekreft telefonnummer']")
    wrong = "%08d" % ((int(code) + 1) % 100000000)
    r = confirm(anna, cid, wrong)
    assert r.status_code == 400
    assert "Koden stemmer ikke" in message(r)[1]
    r = confirm(anna, cid, code)
    assert r.status_code == 303
    assert st.location_path(r) == path + "?done=phone-confirmed"
    root = anna.page("/companies/%s/me.xml" % cid)
    assert root.find("employee/phone").get("verified") == "yes"
    assert anna.page(path + ".xml").find("phone-check").get("step") == "verified"
    assert stack.sql("SELECT phone_verified FROM users WHERE email = '%s'" % ANNA) == [
        (ANNA_PHONE,)]
    # Used once: the same code again does nothing more, and a new number
    # (the administrator corrected it) must be confirmed again.
    stack.sql("UPDATE users SET phone = '+4790011009' WHERE email = '%s'" % ANNA)
    assert anna.page("/companies/%s/me.xml" % cid).find("employee/phone").get(
        "verified") == "no"
    assert int(stack.sql(audited % (cid, "phone-confirmed"))[0][0]) == confirmed + 1


def test_bad_codes(stack, base, scheme):
    cid = scheme["cid"]
    anna = stack.login(base, ANNA)
    # Not a code at all: a clear error, nothing used up.
    r = confirm(anna, cid, "12ab")
    assert r.status_code == 400
    # No code asked for in this session.
    r = confirm(anna, cid, "12345678")
    assert r.status_code == 400 and "utløpt eller brukt" in message(r)[1]
    code = send_code(stack, anna, cid)
    wrong = "%08d" % ((int(code) + 7) % 100000000)
    for i in range(4):
        assert confirm(anna, cid, wrong).status_code == 400
    r = confirm(anna, cid, wrong)
    assert r.status_code == 400 and "ugyldig" in message(r)[1]
    # Burnt after five tries: the right code no longer works.
    r = confirm(anna, cid, code)
    assert r.status_code == 400 and "utløpt eller brukt" in message(r)[1]
    # An expired code does not work either.
    code = send_code(stack, anna, cid)
    stack.sql("UPDATE phone_codes SET expires_at = NOW() - INTERVAL 1 SECOND"
              " WHERE used_at IS NULL")
    r = confirm(anna, cid, code)
    assert r.status_code == 400 and "utløpt eller brukt" in message(r)[1]
    assert stack.sql("SELECT phone_verified FROM users WHERE email = '%s'" % ANNA) == [
        ("NULL",)]


def test_code_belongs_to_its_session(stack, base, scheme):
    cid = scheme["cid"]
    first, second = stack.login(base, ANNA), stack.login(base, ANNA)
    code = send_code(stack, first, cid)
    r = confirm(second, cid, code)
    assert r.status_code == 400
    assert confirm(first, cid, code).status_code == 303


def test_codes_are_rate_limited(stack, base, scheme):
    cid = scheme["cid"]
    anna = stack.login(base, ANNA)
    for i in range(3):
        send_code(stack, anna, cid)
    r = send_code(stack, anna, cid, expect=429)
    assert "Vent litt" in message(r)[1]
    assert stack.sql("SELECT COUNT(*) FROM phone_codes")[0][0] == "3"
    # Across sessions: five an hour for the user.
    other = stack.login(base, ANNA)
    send_code(stack, other, cid)
    send_code(stack, other, cid)
    send_code(stack, other, cid, expect=429)
    assert stack.sql("SELECT COUNT(*) FROM phone_codes")[0][0] == "5"


def test_no_number_registered(stack, base, scheme):
    cid = scheme["cid"]
    nils = stack.login(base, NOPHONE)
    path = "/companies/%s/me/phone" % cid
    assert nils.page(path + ".xml").find("phone-check").get("step") == "none"
    r = nils.post(path, {"csrf": nils.csrf(path)})
    assert r.status_code == 400
    root, text = message(r)
    assert "administrator" in text and root.xpath("//a[@href='mailto:%s']" % ADMIN)
    assert stack.sql("SELECT COUNT(*) FROM phone_codes")[0][0] == "0"


# -- single sign-on ------------------------------------------------------------

def sso_user(stack, address, password):
    """An account the web servers' /sso location authenticates ({SHA})."""
    digest = base64.b64encode(hashlib.sha1(password.encode()).digest()).decode()
    lines = [l for l in stack.sso_users.read_text().splitlines()
             if not l.startswith(address + ":")]
    lines.append("%s:{SHA}%s" % (address, digest))
    stack.sso_users.write_text("\n".join(lines) + "\n")


def basic(address, password):
    return {"Authorization": "Basic " + base64.b64encode(
        ("%s:%s" % (address, password)).encode()).decode()}


def test_sso_opens_a_session(stack, base, scheme):
    password = secrets.token_urlsafe(12)
    sso_user(stack, ANNA, password)
    c = st.Client(base)
    r = c.get("/sso", headers=basic(ANNA, password))
    assert r.status_code == 303 and st.location_path(r) == "/companies", r.text[:500]
    # A normal session: the cookie alone opens her pages afterwards.
    root = c.page("/companies.xml")
    assert [x.findtext("name") for x in root.iter("company")] == [COMPANY]
    assert c.get("/companies/%s/me" % scheme["cid"]).status_code == 200
    assert stack.sql("SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.user_id"
                     " WHERE u.email = '%s' AND a.action = 'login-sso'" % ANNA)[0][0] != "0"


def test_sso_refuses_what_the_web_server_did_not_vouch_for(stack, base, scheme):
    password = secrets.token_urlsafe(12)
    sso_user(stack, ANNA, password)
    # No authentication: the web server itself refuses, selfcare is not asked.
    c = st.Client(base)
    assert c.get("/sso").status_code == 401
    assert c.get("/sso", headers=basic(ANNA, "wrong")).status_code == 401
    # A client naming itself in a header is nobody: neither the variable's
    # name as a header nor a Remote-User reaches selfcare as the identity.
    forged = {"SSO-User": ANNA, "SSO_USER": ANNA, "Remote-User": ANNA, "X-Remote-User": ANNA}
    for path in ("/sso", "/companies", "/"):
        r = c.get(path, headers=forged)
        assert r.status_code in (303, 401), (path, r.status_code)
        if r.status_code == 303:
            assert st.location_path(r) == "/login", path
    assert c.get("/companies").status_code == 303
    # Basic credentials elsewhere are not an identity either (nginx's
    # $remote_user is the client's word outside the /sso location).
    r = c.get("/companies", headers=basic(ANNA, password))
    assert r.status_code == 303 and st.location_path(r) == "/login"


def test_sso_unknown_or_disabled_address(stack, base, scheme):
    stranger = "nobody.%s@example.no" % secrets.token_hex(3)
    password = secrets.token_urlsafe(12)
    sso_user(stack, stranger, password)
    c = st.Client(base)
    r = c.get("/sso", headers=basic(stranger, password))
    assert r.status_code == 403
    assert "ikke registrert" in st.text_of(st.check_html(r))
    assert c.get("/companies").status_code == 303
    # Not an e-mail address at all: refused the same way.
    sso_user(stack, "not-an-address", password)
    assert c.get("/sso", headers=basic("not-an-address", password)).status_code == 403
    # A disabled user is refused though the web server knows them.
    sso_user(stack, BORD, password)
    stack.sql("UPDATE users SET status = 'disabled' WHERE email = '%s'" % BORD)
    try:
        r = c.get("/sso", headers=basic(BORD, password))
        assert r.status_code == 403
    finally:
        stack.sql("UPDATE users SET status = 'active' WHERE email = '%s'" % BORD)


def test_sso_variable_must_not_be_a_header(stack, tmp_path):
    # A request header (HTTP_*) is what any client sends: refused as the
    # variable, so configuring a forgeable identity cannot happen.
    conf = tmp_path / "selfcare.conf"
    conf.write_text(stack.conf.read_text().replace(
        "sso_variable = SSO_USER", "sso_variable = HTTP_X_REMOTE_USER"))
    r = subprocess.run([str(stack.binary), "-c", str(conf), "check-config", "--no-db"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=stack.env())
    out = r.stdout.decode()
    assert r.returncode != 0, out
    assert "sso_variable" in out and "request header" in out, out


# -- the SMS outbox --------------------------------------------------------------

def test_sms_gateway_failure_is_retried_with_back_off(stack, scheme):
    # sms-to-dir refuses an empty number (exit 64): the gateway failed, so
    # the message stays in the outbox with the reason and a later attempt.
    stack.sql("INSERT INTO sms_outbox (recipient, body) VALUES ('', 'Test retry')")
    deadline = time.time() + 20
    row = None
    while time.time() < deadline:
        row = stack.sql("SELECT attempts, sent_at IS NULL, last_error,"
                        " TIMESTAMPDIFF(SECOND, NOW(), next_attempt_at) FROM sms_outbox"
                        " WHERE body = 'Test retry'")[0]
        if row[0] != "0":
            break
        time.sleep(0.2)
    try:
        assert row[0] == "1" and row[1] == "1", row
        assert row[2] == "sms_command failed (exit status 64)", row
        assert 20 <= int(row[3]) <= 30, row
    finally:
        stack.sql("DELETE FROM sms_outbox WHERE body = 'Test retry'")
    # A due message leaves through `selfcare deliver` as well.
    before = set(sms_files(stack))
    stack.sql("INSERT INTO sms_outbox (recipient, body) VALUES ('+4790011077', 'Levert')")
    out = stack.selfcare("deliver").stdout.decode()
    assert "SMS delivered" in out, out
    assert wait_for_sms(stack, "+4790011077", before) == "Levert"
    assert stack.sql("SELECT sent_at IS NOT NULL FROM sms_outbox WHERE body = 'Levert'") == [
        ("1",)]
