"""The back office's staff, managed by its administrators (the role
"admin", fcgi/admin/team.c): the list, adding a member (mailed the back
office's address; they log in with the mailed code and enrol the app),
changing roles (the member's pages follow at once), disabling and enabling
(their sessions end at once), resetting the second factor (they enrol
again), no administrator disabling or demoting themselves, the last
active administrator keeping the role, bad input, CSRF, and every route
refused to a member without the role. Every change is audited under the
administrator's staff id and confirmed after the redirect."""

import re
import threading
import uuid
from datetime import datetime, timezone

import pytest

import declared
import stack as st

ROUNDS = 25         # the race of two administrators, tried this often
ROLES = [m["name"] for m in declared.modules() if m["door"] == "admin" and m["area"]]


def count(stack, where):
    return int(stack.sql("SELECT COUNT(*) FROM " + where)[0][0])


def staff_id(stack, address):
    return stack.sql("SELECT id FROM staff WHERE email = '%s'" % address)[0][0]


def new_member(stack, roles=(), name="Test Member"):
    """A member of staff made for one test (never logged in): address, id."""
    address = "m-%s@operator.example.no" % uuid.uuid4().hex[:10]
    stack.sql("INSERT INTO staff (email, name, roles) VALUES ('%s', '%s', '%s')"
              % (address, name, ",".join(roles)))
    return address, staff_id(stack, address)


def logged_in_member(stack, base, roles=()):
    """A new member, logged in (enrolled at this first login): the client,
    its id, the TOTP secret and the recovery codes."""
    address, sid = new_member(stack, roles)
    c, secret, recovery = stack.staff_login(base, address)
    return c, sid, secret, recovery


def form(client, path):
    """The csrf and one-time form key of the page at path."""
    cx = client.page(path).find("context")
    return {"csrf": cx.findtext("csrf"), "formkey": cx.findtext("formkey")}


def post(client, page, path=None, **fields):
    data = form(client, page)
    data.update({k: v for k, v in fields.items() if v is not None})
    return client.post(path or page, data)


def last_audit_id(stack):
    return int(stack.sql("SELECT IFNULL(MAX(id), 0) FROM audit_log")[0][0])


def audit(stack, actor, action, target, since=0):
    """The details of the audit rows of actor's action on staff member
    target (after row since)."""
    return [r[0] for r in stack.sql(
        "SELECT IFNULL(detail, '') FROM audit_log WHERE staff_id = %s AND action = '%s'"
        " AND object = 'staff' AND object_id = %s AND id > %d ORDER BY id"
        % (actor, action, target, since))]


def refused_xml(client, page, path, want, form_name, code, **fields):
    """A change refused: the member page again (status want) with the
    form's error."""
    data = form(client, page)
    data.update(fields)
    r = client.post(path, data, xml=True)
    assert r.status_code == want, (r.status_code, r.text[:1000])
    root = st.validate_xml(r)
    f = root.find("form[@name='%s']" % form_name)
    assert f is not None and f.find("error").get("code") == code, r.text[:2000]
    return root


@pytest.fixture
def admin(stack, staff):
    """An administrator of the back office, and their staff id."""
    c = staff(("admin",))
    c.staff_id = staff_id(stack, c.user)
    return c


@pytest.fixture
def only_admin(stack, admin):
    """The administrator fixture as the only active administrator: every
    other active one is disabled for the test and enabled again after."""
    others = [r[0] for r in stack.sql(
        "SELECT id FROM staff WHERE status = 'active' AND FIND_IN_SET('admin', roles)"
        " AND id <> %s" % admin.staff_id)]
    if others:
        stack.sql("UPDATE staff SET status = 'disabled' WHERE id IN (%s)" % ",".join(others))
    try:
        yield admin
    finally:
        if others:
            stack.sql("UPDATE staff SET status = 'active' WHERE id IN (%s)"
                      % ",".join(others))


# -- the list -----------------------------------------------------------------

def test_staff_list_shows_each_member(stack, base, admin):
    fresh, fresh_id = new_member(stack, ("admin",), name="Fresh Member")
    c, sid, _, _ = logged_in_member(stack, base)
    stack.sql("UPDATE staff SET status = 'disabled' WHERE id = %s" % sid)
    root = admin.page("/admin/staff")
    assert root.get("name") == "admin-staff"
    assert [r.text for r in root.findall("roles/role")] == ROLES
    members = {m.get("id"): m for m in root.findall("members/member")}
    m = members[fresh_id]
    assert (m.findtext("name"), m.findtext("email")) == ("Fresh Member", fresh)
    assert [r.text for r in m.findall("roles/role")] == ["admin"]
    assert (m.get("status"), m.get("enrolled")) == ("active", "no")
    assert m.find("last-login") is None         # never logged in
    m = members[sid]
    assert (m.get("status"), m.get("enrolled")) == ("disabled", "yes")
    assert m.findall("roles/role") == []
    # The last login is the newest staff-login row of the audit log.
    at = stack.sql("SELECT DATE_FORMAT(MAX(at), '%%Y-%%m-%%d %%H:%%i:%%s') FROM audit_log"
                   " WHERE staff_id = %s AND action = 'staff-login'" % sid)[0][0]
    shown = datetime.fromisoformat(m.findtext("last-login").replace("Z", "+00:00"))
    assert shown.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S") == at
    page = st.check_html(admin.get("/admin/staff"))
    text = st.text_of(page)
    assert "Fresh Member" in text and fresh in text
    assert page.xpath("//a[@href='/admin/staff/%s']" % sid)
    assert page.xpath("//form[@action='/admin/staff']//input[@name='role-admin']")
    # The role's name through its string, role.NAME.
    assert st.i18n("nb")["role.admin"] in text
    # The menu of an administrator links the staff.
    assert admin.page("/admin").find("context/menu/item[@href='/admin/staff']") is not None


def test_a_member_page_shows_the_member_and_its_forms(stack, base, admin):
    c, sid, _, _ = logged_in_member(stack, base, ("admin",))
    root = admin.page("/admin/staff/%s" % sid)
    assert root.get("name") == "admin-staff-member"
    m = root.find("member")
    assert m.get("id") == sid and m.get("enrolled") == "yes" and m.find("last-login") is not None
    page = st.check_html(admin.get("/admin/staff/%s" % sid))
    for action in ("/admin/staff/%s", "/admin/staff/%s/status",
                   "/admin/staff/%s/second-factor"):
        assert page.xpath("//form[@action='%s']" % (action % sid)), action
    assert page.xpath("//input[@name='role-admin' and @checked]")
    assert admin.get("/admin/staff/999999999").status_code == 404


# -- adding a member -------------------------------------------------------------

def test_adding_a_member_who_logs_in_with_the_code_and_enrols(stack, base, admin):
    address = "new-%s@operator.example.no" % uuid.uuid4().hex[:10]
    before = count(stack, "staff")
    data = form(admin, "/admin/staff")
    data.update({"name": "Nina Ny", "email": address.upper(), "role-admin": "on"})
    r = admin.post("/admin/staff", data)
    assert r.status_code == 303 and st.location_path(r) == "/admin/staff?done=staff-added"
    sid = staff_id(stack, address)          # the address lower-cased
    assert stack.sql("SELECT name, roles, status, totp_secret IS NULL FROM staff"
                     " WHERE id = %s" % sid)[0] == ("Nina Ny", "admin", "active", "1")
    assert audit(stack, admin.staff_id, "staff-add", sid) == ["admin"]
    root = admin.page(st.location_path(r))
    assert root.find("context/flash").get("code") == "staff-added"
    assert any(m.get("id") == sid for m in root.findall("members/member"))
    # The same form sent again: the first result, nothing added twice.
    r2 = admin.post("/admin/staff", data)
    assert r2.status_code == 303 and st.location_path(r2) == st.location_path(r)
    assert count(stack, "staff") == before + 1
    # The mail: the back office's address, no password, no code.
    mail = stack.wait_for_mail(address)
    body = st.mail_body(mail)
    assert stack.base_url + "/admin/login" in body
    assert "Nina Ny" in body and not re.search(r"\b\d{8}\b", body)
    assert len(stack.mails_to(address)) == 1
    # They log in with the mailed code and enrol the app.
    c, secret, recovery = stack.staff_login(base, address)
    assert secret and len(recovery) == 10
    assert c.page("/admin").findtext("context/staff/name") == "Nina Ny"
    assert c.get("/admin/staff").status_code == 200
    assert admin.page("/admin/staff/%s" % sid).find("member").get("enrolled") == "yes"


def test_adding_an_address_already_on_the_staff_shows_the_form_again(stack, admin):
    address, sid = new_member(stack)
    before = count(stack, "staff")
    data = form(admin, "/admin/staff")
    data.update({"name": "Someone Else", "email": address})
    r = admin.post("/admin/staff", data, xml=True)
    assert r.status_code == 409
    f = st.validate_xml(r).find("form[@name='add']")
    assert f.find("error[@field='email']").get("code") == "duplicate"
    assert f.findtext("value[@name='name']") == "Someone Else"
    assert count(stack, "staff") == before
    assert stack.sql("SELECT name FROM staff WHERE id = %s" % sid)[0][0] == "Test Member"
    assert stack.mails_to(address) == []
    html = st.check_html(admin.post("/admin/staff", data))
    assert st.i18n("nb")["error.duplicate"] in st.text_of(html)


@pytest.mark.parametrize("field,value,code", [
    ("name", "", "required"),
    ("name", "   ", "required"),
    ("name", "x" * 101, "too-long"),
    ("name", "Visit www.example.com now", "invalid"),
    ("name", "Line\nbreak", "invalid"),
    ("email", "", "required"),
    ("email", "not-an-address", "invalid"),
    ("email", "a@b@c.no", "invalid"),
])
def test_adding_with_bad_input_writes_nothing(stack, admin, field, value, code):
    address = "bad-%s@operator.example.no" % uuid.uuid4().hex[:10]
    before = count(stack, "staff")
    data = form(admin, "/admin/staff")
    data.update({"name": "Valid Name", "email": address, "role-admin": "on"})
    data[field] = value
    r = admin.post("/admin/staff", data, xml=True)
    assert r.status_code == 400
    f = st.validate_xml(r).find("form[@name='add']")
    assert [(e.get("field"), e.get("code")) for e in f.findall("error")] == [(field, code)]
    # What was typed is kept, the box too.
    assert f.findtext("value[@name='role-admin']") == "on"
    assert count(stack, "staff") == before
    assert stack.mails_to(address) == []


def test_adding_with_fields_it_does_not_know_is_refused(stack, admin):
    before = count(stack, "staff")
    for extra in ({"role-nonesuch": "on"}, {"roles": "admin"}, {"status": "active"}):
        data = form(admin, "/admin/staff")
        data.update({"name": "Valid Name",
                     "email": "x-%s@operator.example.no" % uuid.uuid4().hex[:8]})
        data.update(extra)
        assert admin.post("/admin/staff", data).status_code == 400, extra
    assert count(stack, "staff") == before


# -- roles --------------------------------------------------------------------

def test_changing_roles_the_member_pages_follow(stack, base, admin):
    c, sid, _, _ = logged_in_member(stack, base, ("admin",))
    assert c.get("/admin/staff").status_code == 200
    page = "/admin/staff/%s" % sid
    r = post(admin, page)                    # no box ticked: no roles
    assert r.status_code == 303 and st.location_path(r) == page + "?done=staff-roles-changed"
    assert stack.sql("SELECT roles FROM staff WHERE id = %s" % sid)[0][0] == ""
    assert audit(stack, admin.staff_id, "staff-roles", sid) == [""]
    assert admin.page(st.location_path(r)).find("context/flash").get(
        "code") == "staff-roles-changed"
    # Their very next request: the role is gone (403), the start page stays.
    assert c.get("/admin/staff").status_code == 403
    assert c.get("/admin").status_code == 200
    assert c.page("/admin").find("context/menu/item[@href='/admin/staff']") is None
    assert c.page("/admin").findall("context/staff/role") == []
    r = post(admin, page, **{"role-admin": "on"})
    assert r.status_code == 303
    assert stack.sql("SELECT roles FROM staff WHERE id = %s" % sid)[0][0] == "admin"
    assert audit(stack, admin.staff_id, "staff-roles", sid) == ["", "admin"]
    assert c.get("/admin/staff").status_code == 200
    # An administrator holds every role of the back office.
    assert [r.text for r in c.page("/admin").findall("context/staff/role")] == ROLES


def test_roles_of_an_unknown_member_are_404(stack, admin):
    assert post(admin, "/admin/staff", "/admin/staff/999999999",
                **{"role-admin": "on"}).status_code == 404


# -- disabling and enabling -----------------------------------------------------

def test_disabling_ends_the_session_at_once(stack, base, admin):
    c, sid, secret, _ = logged_in_member(stack, base, ("admin",))
    address = stack.sql("SELECT email FROM staff WHERE id = %s" % sid)[0][0]
    assert c.get("/admin").status_code == 200
    page = "/admin/staff/%s" % sid
    r = post(admin, page, page + "/status", status="disabled")
    assert r.status_code == 303 and st.location_path(r) == page + "?done=staff-disabled"
    assert stack.sql("SELECT status FROM staff WHERE id = %s" % sid)[0][0] == "disabled"
    assert count(stack, "staff_sessions WHERE staff_id = %s AND revoked_at IS NULL" % sid) == 0
    assert audit(stack, admin.staff_id, "staff-disable", sid) == ["disabled"]
    # Their next request: the login.
    r = c.get("/admin")
    assert r.status_code == 303 and st.location_path(r) == "/admin/login"
    assert c.get("/admin", xml=True).status_code == 401
    root = admin.page(page + "?done=staff-disabled")
    assert root.find("member").get("status") == "disabled"
    page_html = st.check_html(admin.get(page))
    assert page_html.xpath("//form[@action='%s/status']//input[@value='active']" % page)
    # A disabled member is mailed no code (the answer is the same as ever).
    queued = count(stack, "mail_outbox WHERE recipient = '%s'" % address)
    anon = st.Client(base)
    r = anon.post("/admin/login", {"csrf": anon.page("/admin/login").findtext(
        "context/csrf"), "email": address})
    assert r.status_code == 303 and st.location_path(r) == "/admin/login/code"
    assert count(stack, "mail_outbox WHERE recipient = '%s'" % address) == queued
    # Enabled again: the old session stays ended, a new login works.
    r = post(admin, page, page + "/status", status="active")
    assert r.status_code == 303 and st.location_path(r) == page + "?done=staff-enabled"
    assert audit(stack, admin.staff_id, "staff-enable", sid) == ["active"]
    assert c.get("/admin").status_code == 303
    stack.sql("UPDATE staff SET totp_last_step = 0 WHERE id = %s" % sid)
    c2, _, _ = stack.staff_login(base, address, secret)
    assert c2.get("/admin").status_code == 200


# -- the second factor ----------------------------------------------------------

def test_resetting_the_second_factor_enrols_again(stack, base, admin):
    c, sid, secret, recovery = logged_in_member(stack, base)
    address = stack.sql("SELECT email FROM staff WHERE id = %s" % sid)[0][0]
    page = "/admin/staff/%s" % sid
    r = post(admin, page, page + "/second-factor")
    assert r.status_code == 303
    assert st.location_path(r) == page + "?done=staff-second-factor-reset"
    assert stack.sql("SELECT totp_secret IS NULL, totp_enrolled_at IS NULL FROM staff"
                     " WHERE id = %s" % sid)[0] == ("1", "1")
    assert count(stack, "staff_recovery_codes WHERE staff_id = %s" % sid) == 0
    assert count(stack, "staff_sessions WHERE staff_id = %s AND revoked_at IS NULL" % sid) == 0
    assert audit(stack, admin.staff_id, "staff-second-factor-reset", sid) == [""]
    assert admin.page(page).find("member").get("enrolled") == "no"
    # Their session has ended.
    assert c.get("/admin").status_code == 303
    # The next login enrols again: the old app's codes and the old recovery
    # codes open nothing, a new secret does.
    c, root = stack.staff_second_step(base, address)
    assert root.find("login").get("step") == "enroll"
    new_secret = root.findtext("login/enroll/secret")
    assert new_secret != secret
    csrf = root.findtext("context/csrf")
    for old in (st.totp(secret), recovery[0]):
        assert c.post("/admin/login/second", {"csrf": csrf, "code": old}).status_code == 400
    r = c.post("/admin/login/second", {"csrf": csrf, "code": st.totp(new_secret)})
    assert r.status_code == 200 and len(re.findall(r"<code>\d{5} \d{5}</code>", r.text)) == 10
    assert c.get("/admin").status_code == 200


def test_resetting_ones_own_second_factor_ends_ones_session(stack, base, admin):
    c, sid, _, _ = logged_in_member(stack, base, ("admin",))
    page = "/admin/staff/%s" % sid
    r = post(c, page, page + "/second-factor")
    assert r.status_code == 303
    assert st.location_path(r) == "/admin/login?done=staff-second-factor-reset"
    assert audit(stack, sid, "staff-second-factor-reset", sid) == [""]
    assert c.get("/admin").status_code == 303
    root = c.page("/admin/login?done=staff-second-factor-reset")
    assert root.find("context/flash").get("code") == "staff-second-factor-reset"


# -- self-protection and the last administrator ----------------------------------

def test_an_administrator_cannot_disable_or_demote_themselves(stack, base, admin):
    new_member(stack, ("admin",))           # another active administrator
    since = last_audit_id(stack)
    page = "/admin/staff/%s" % admin.staff_id
    root = refused_xml(admin, page, page, 403, "roles", "own-account")
    assert root.find("form[@name='roles']/error").get("field") == "role-admin"
    refused_xml(admin, page, page + "/status", 403, "status", "own-account",
                status="disabled")
    assert stack.sql("SELECT roles, status FROM staff WHERE id = %s"
                     % admin.staff_id)[0] == ("admin", "active")
    for action in ("staff-roles", "staff-disable"):
        assert audit(stack, admin.staff_id, action, admin.staff_id, since) == []
    assert admin.get("/admin/staff").status_code == 200
    # The page says so, offers no disable button, and shows the refusal.
    html = st.check_html(admin.get(page))
    assert not html.xpath("//form[@action='%s/status']" % page)
    assert st.i18n("nb")["admin.staff.own"] in st.text_of(html)
    data = form(admin, page)
    html = st.check_html(admin.post(page, data))
    assert st.i18n("nb")["admin.staff.error.own-account"] in st.text_of(html)
    # Keeping the role, their own roles may be saved.
    assert post(admin, page, **{"role-admin": "on"}).status_code == 303


def test_the_last_active_administrator_keeps_the_role(stack, base, only_admin):
    admin = only_admin
    page = "/admin/staff/%s" % admin.staff_id
    refused_xml(admin, page, page, 409, "roles", "last-admin")
    refused_xml(admin, page, page + "/status", 409, "status", "last-admin",
                status="disabled")
    assert stack.sql("SELECT roles, status FROM staff WHERE id = %s"
                     % admin.staff_id)[0] == ("admin", "active")
    html = st.check_html(admin.post(page, form(admin, page)))
    assert st.i18n("nb")["admin.staff.error.last-admin"] in st.text_of(html)
    # A disabled administrator does not count, an active one does.
    _, other = new_member(stack, ("admin",))
    stack.sql("UPDATE staff SET status = 'disabled' WHERE id = %s" % other)
    refused_xml(admin, page, page, 409, "roles", "last-admin")
    stack.sql("UPDATE staff SET status = 'active' WHERE id = %s" % other)
    refused_xml(admin, page, page, 403, "roles", "own-account")
    # The other may now be demoted by this one, but then not this one by anyone.
    assert post(admin, "/admin/staff/%s" % other).status_code == 303
    refused_xml(admin, page, page, 409, "roles", "last-admin")


def test_two_administrators_demoting_each_other_at_once_leave_one(stack, base, only_admin):
    """With the administrators locked in the transaction, the second change
    sees the first: exactly one of them stays an administrator, however
    close together the two arrive (tried a number of times)."""
    a, a_id, _, _ = logged_in_member(stack, base, ("admin",))
    b, b_id, _, _ = logged_in_member(stack, base, ("admin",))
    # Only a and b are active administrators for this test.
    stack.sql("UPDATE staff SET status = 'disabled' WHERE id = %s" % only_admin.staff_id)
    try:
        for _ in range(ROUNDS):
            stack.sql("UPDATE staff SET roles = 'admin' WHERE id IN (%s, %s)" % (a_id, b_id))
            forms = {a_id: form(a, "/admin/staff/%s" % b_id),
                     b_id: form(b, "/admin/staff/%s" % a_id)}
            results = {}
            go = threading.Barrier(2)

            def demote(client, me, other):
                go.wait()
                results[me] = client.post("/admin/staff/%s" % other,
                                          forms[me]).status_code
            threads = [threading.Thread(target=demote, args=(a, a_id, b_id)),
                       threading.Thread(target=demote, args=(b, b_id, a_id))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            assert sorted(results.values()) == [303, 403], results
            admins = [r[0] for r in stack.sql(
                "SELECT id FROM staff WHERE status = 'active'"
                " AND FIND_IN_SET('admin', roles)")]
            assert len(admins) == 1 and admins[0] in (a_id, b_id), admins
    finally:
        stack.sql("UPDATE staff SET status = 'active' WHERE id = %s" % only_admin.staff_id)


# -- bad input, CSRF, who may ------------------------------------------------------

def test_bad_status_is_refused_and_changes_nothing(stack, admin):
    _, sid = new_member(stack, ("admin",))
    page = "/admin/staff/%s" % sid
    refused_xml(admin, page, page + "/status", 400, "status", "invalid", status="gone")
    refused_xml(admin, page, page + "/status", 400, "status", "required")
    assert admin.post(page + "/status", dict(form(admin, page), status="x" * 40)
                      ).status_code == 400
    assert stack.sql("SELECT status FROM staff WHERE id = %s" % sid)[0][0] == "active"
    assert count(stack, "audit_log WHERE object = 'staff' AND object_id = %s" % sid) == 0


def test_every_change_needs_the_csrf_token_and_form_key(stack, admin):
    _, sid = new_member(stack, ("admin",))
    page = "/admin/staff/%s" % sid
    before = count(stack, "staff")
    good = form(admin, page)
    for path, fields in (("/admin/staff", {"name": "Csrf Test",
                                           "email": "csrf-%s@operator.example.no" % sid}),
                         (page, {}), (page + "/status", {"status": "disabled"}),
                         (page + "/second-factor", {})):
        bad = dict(fields, csrf="A" * 43, formkey=good["formkey"])
        assert admin.post(path, bad).status_code == 403, path
        assert admin.post(path, dict(fields, formkey=good["formkey"])).status_code == 403, path
        assert admin.post(path, dict(fields, csrf=good["csrf"])).status_code == 400, path
    assert count(stack, "staff") == before
    assert stack.sql("SELECT roles, status FROM staff WHERE id = %s" % sid)[0] == (
        "admin", "active")
    assert count(stack, "audit_log WHERE object = 'staff' AND object_id = %s" % sid) == 0


def test_a_care_only_member_gets_403_on_every_staff_route(stack, staff, admin):
    care = staff(("care",))
    _, sid = new_member(stack, ("admin",))
    own = form(care, "/admin")              # the start page: every member's
    own["formkey"] = "k" * 43
    before = count(stack, "staff")
    for path in ("/admin/staff", "/admin/staff/%s" % sid):
        assert care.get(path).status_code == 403, path
        assert care.get(path, xml=True).status_code == 403, path
    for path, fields in (("/admin/staff", {"name": "No Way",
                                           "email": "noway-%s@operator.example.no" % sid}),
                         ("/admin/staff/%s" % sid, {}),
                         ("/admin/staff/%s/status" % sid, {"status": "disabled"}),
                         ("/admin/staff/%s/second-factor" % sid, {})):
        assert care.post(path, dict(own, **fields)).status_code == 403, path
    assert count(stack, "staff") == before
    assert stack.sql("SELECT roles, status FROM staff WHERE id = %s" % sid)[0] == (
        "admin", "active")
    assert care.page("/admin").find("context/menu/item[@href='/admin/staff']") is None
