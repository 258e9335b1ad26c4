"""Issue #4, D3: users and areas of a company (invite, role and areas,
remove, the last administrator stays), who may grant what, and the
company's audit log. Accepting invitations: test_invitations.py."""

import re
import uuid

import pytest

import stack as st
from conftest import make_member

BITPRO, NORDLYS, FJORDNET = "Bitpro Demo AS", "Nordlys Eiendom AS", "Fjordnet ApS"


def count(stack, where):
    return int(stack.sql("SELECT COUNT(*) FROM " + where)[0][0])


def ctx(client, path):
    c = client.page(path + ".xml").find("context")
    return c.findtext("csrf"), c.findtext("formkey")


def invite(stack, client, cid, **over):
    email = "u%s@example.no" % uuid.uuid4().hex[:10]
    csrf, key = ctx(client, "/companies/%s/users" % cid)
    data = {"csrf": csrf, "formkey": key, "email": email, "name": "Test Person",
            "role": "manager", "area-support": "on", "area-invoices": "on"}
    data.update(over)
    data = {k: v for k, v in data.items() if v is not None}
    return data, client.post("/companies/%s/users" % cid, data)


def uid_of(stack, email):
    return stack.sql("SELECT id FROM users WHERE email = '%s'" % email)[0][0]


LINK_RE = re.compile(r"https?://[^/\s]+(/invitation\?t=[A-Za-z0-9_-]{43})")


def invitation_link(stack, email):
    """The path of the link in the newest invitation mail to email."""
    m = LINK_RE.search(st.mail_body(stack.wait_for_mail(email)))
    assert m, "no invitation link in the mail to %s" % email
    return m.group(1)


def accept_by_link(stack, base, email):
    """Opens the mail's link in a fresh browser and accepts (303)."""
    c = st.Client(base)
    path = invitation_link(stack, email)
    csrf = c.page(path).findtext("context/csrf")
    r = c.post("/invitation", {"csrf": csrf, "t": path.split("t=", 1)[1]})
    assert r.status_code == 303, r.text[:1000]
    return r


def invite_member(stack, client, cid, **over):
    """An invitation made and accepted: the new member's form data and id."""
    data, r = invite(stack, client, cid, **over)
    assert r.status_code == 303, r.text[:1000]
    accept_by_link(stack, client.base, data["email"])
    return data, uid_of(stack, data["email"])


def test_invite_new_user(stack, kari, company_ids):
    cid = company_ids[NORDLYS]
    data, r = invite(stack, kari, cid)
    assert r.status_code == 303
    assert st.location_path(r) == "/companies/%s/users?done=user-invited" % cid
    # An invitation, not a member (nor an account) until it is accepted.
    assert count(stack, "users WHERE email = '%s'" % data["email"]) == 0
    iid = stack.sql("SELECT id FROM invitations WHERE email = '%s' AND company_id = %s"
                    % (data["email"], cid))[0][0]
    assert count(stack, "audit_log WHERE action = 'user-invite' AND object_id = %s"
                 " AND company_id = %s AND user_id = 1" % (iid, cid)) == 1
    mail = stack.wait_for_mail(data["email"])
    assert NORDLYS in st.mail_body(mail)
    # Double submit: one invitation, one audit row, one mail.
    assert kari.post("/companies/%s/users" % cid, data).status_code == 303
    assert count(stack, "audit_log WHERE action = 'user-invite' AND object_id = %s" % iid) == 1
    assert count(stack, "mail_outbox WHERE recipient = '%s'" % data["email"]) == 1
    root = kari.page("/companies/%s/users.xml?done=user-invited" % cid)
    assert data["email"] not in [u.findtext("email") for u in root.iter("user")]
    inv = [i for i in root.iter("invitation") if i.findtext("email") == data["email"]][0]
    assert inv.findtext("name") == "Test Person" and inv.findtext("role") == "manager"
    assert [a.text for a in inv.findall("areas/area")] == ["invoices", "support"]
    page = st.check_html(kari.get("/companies/%s/users" % cid))
    assert page.xpath("//form[@action=$a]", a="/companies/%s/invitations/%s/remove" % (cid, iid))
    # The invitee accepts by the link: an account with the name given, the
    # membership offered; then the normal code flow shows the company.
    accept_by_link(stack, kari.base, data["email"])
    uid = uid_of(stack, data["email"])
    assert stack.sql("SELECT name FROM users WHERE id = %s" % uid) == [("Test Person",)]
    assert stack.sql("SELECT role, areas FROM memberships WHERE user_id = %s AND company_id = %s"
                     % (uid, cid)) == [("manager", "invoices,support")]
    root = kari.page("/companies/%s/users.xml" % cid)
    u = [u for u in root.iter("user") if u.findtext("email") == data["email"]][0]
    assert [a.text for a in u.findall("areas/area")] == ["invoices", "support"]
    assert data["email"] not in [i.findtext("email") for i in root.iter("invitation")]
    c = stack.login(kari.base, data["email"])
    names = [c.findtext("name") for c in c.page("/companies.xml").iter("company")]
    assert names == [NORDLYS]


@pytest.mark.parametrize("field,value,code,status", [
    ("email", "", "required", 400),
    ("email", "not-an-address", "invalid", 400),
    ("role", "owner", "invalid", 400),
    ("name", "n" * 101, "too-long", 400),
    ("name", "", "required", 400),
    # A person's name is one line without control characters or links.
    ("name", "Kari\n\nYour account is locked. Log in at https://evil.example/", "invalid", 400),
    ("name", "Kari\u2028Nordmann", "invalid", 400),
    ("name", "Kari\tNordmann", "invalid", 400),
    ("name", "Support evil.example", "invalid", 400),
    ("name", "<a href=x>Kari</a>", "invalid", 400),
    ("email", "kari.nordmann@example.no", "exists", 409),
])
def test_invite_bad_input(stack, kari, company_ids, field, value, code, status):
    cid = company_ids[NORDLYS]
    before = count(stack, "memberships") + count(stack, "invitations")
    users = count(stack, "users")
    last = stack.sql("SELECT COALESCE(MAX(id), 0) FROM mail_outbox")[0][0]
    data, r = invite(stack, kari, cid, **{field: value})
    assert r.status_code == status
    root = st.validate_xml(kari.post("/companies/%s/users" % cid, data, xml=True))
    f = root.find("form[@name='invite']")
    assert {e.get("field"): e.get("code") for e in f.findall("error")} == {field: code}
    values = {v.get("name"): v.text for v in f.findall("value")}
    for other in ("email", "name", "role"):
        if other != field:
            assert values[other] == data[other]
    assert values["area-support"] == "on"
    assert count(stack, "memberships") + count(stack, "invitations") == before
    assert count(stack, "users") == users
    # No invitation mailed (Kari, an address of the cases, gets her codes).
    assert count(stack, "mail_outbox WHERE id > %s AND body LIKE '%%/invitation?t=%%'"
                 % last) == 0


def test_role_change_and_remove(stack, kari, company_ids):
    cid = company_ids[NORDLYS]
    data, uid = invite_member(stack, kari, cid)
    csrf, _ = ctx(kari, "/companies/%s/users" % cid)
    r = kari.post("/companies/%s/users/%s" % (cid, uid),
                  {"csrf": csrf, "role": "manager", "area-subscriptions": "on"})
    assert r.status_code == 303
    assert st.location_path(r) == "/companies/%s/users?done=user-updated" % cid
    assert stack.sql("SELECT role, areas FROM memberships WHERE user_id = %s" % uid) == [
        ("manager", "subscriptions")]
    assert count(stack, "audit_log WHERE action = 'user-update' AND object_id = %s" % uid) == 1
    r = kari.post("/companies/%s/users/%s/remove" % (cid, uid), {"csrf": csrf})
    assert r.status_code == 303
    assert count(stack, "memberships WHERE user_id = %s" % uid) == 0
    assert count(stack, "audit_log WHERE action = 'user-remove' AND object_id = %s" % uid) == 1


def test_last_admin_stays(stack, kari, company_ids):
    cid = company_ids[NORDLYS]
    csrf, _ = ctx(kari, "/companies/%s/users" % cid)
    r = kari.post("/companies/%s/users/1" % cid, {"csrf": csrf, "role": "manager"}, xml=True)
    assert r.status_code == 409
    root = st.validate_xml(r)
    assert root.find("form[@name='member-1']/error").get("code") == "last-admin"
    r = kari.post("/companies/%s/users/1/remove" % cid, {"csrf": csrf})
    assert r.status_code == 409
    assert st.i18n("nb")["error.last-admin"] in st.text_of(st.check_html(r))
    assert stack.sql("SELECT role FROM memberships WHERE user_id = 1 AND company_id = %s"
                     % cid) == [("admin",)]


def test_users_area_and_isolation(stack, kari, ola, mette, company_ids):
    cid = company_ids[BITPRO]
    for client, status in ((ola, 403), (mette, 404)):
        for p in ("/companies/%s/users" % cid, "/companies/%s/audit" % cid):
            assert client.get(p).status_code == status
            r = client.get(p, xml=True)
            assert r.status_code == status
            st.validate_xml(r)
    n = count(stack, "memberships")
    mine = company_ids[FJORDNET]
    csrf, key = ctx(mette, "/companies/%s/users" % mine)
    for p, data in (("/companies/%s/users" % cid, {"formkey": key, "email": "x@example.no",
                                                   "name": "X", "role": "admin"}),
                    ("/companies/%s/users/1" % cid, {"role": "manager"}),
                    ("/companies/%s/users/1/remove" % cid, {}),
                    # Kari's membership of Bitpro through Mette's own company: not found.
                    ("/companies/%s/users/1" % mine, {"role": "manager"}),
                    ("/companies/%s/users/1/remove" % mine, {})):
        data["csrf"] = csrf
        r = mette.post(p, data)
        assert r.status_code == 404, (p, r.status_code)
    assert count(stack, "memberships") == n
    # Ola has no users area: no user link in the menu.
    page = st.check_html(ola.get("/companies/%s" % cid))
    assert not page.xpath("//a[@href=$h]", h="/companies/%s/users" % cid)


def test_audit_log_page(stack, kari, company_ids):
    cid = company_ids[NORDLYS]
    invite(stack, kari, cid)
    root = kari.page("/companies/%s/audit.xml" % cid)
    actions = [e.findtext("action") for e in root.iter("entry")]
    assert "user-invite" in actions
    e = root.find("audit/entry")
    assert e.findtext("email") == "kari.nordmann@example.no" and e.findtext("ip") == "127.0.0.1"
    # Nothing of another company.
    ids = {r[0] for r in stack.sql("SELECT id FROM audit_log WHERE company_id <> %s" % cid)}
    assert not ids & {e.get("id") for e in root.iter("entry")}
    st.check_html(kari.get("/companies/%s/audit" % cid))
    # Paging: older entries by id.
    for i in range(51):
        invite(stack, kari, cid)
    root = kari.page("/companies/%s/audit.xml" % cid)
    assert len(root.findall("audit/entry")) == 50
    nb = root.find("audit").get("next-before")
    older = kari.page("/companies/%s/audit.xml?before=%s" % (cid, nb))
    assert all(int(e.get("id")) < int(nb) for e in older.iter("entry"))


# -- who may grant what -------------------------------------------------------
# A member with the users area who is not an administrator grants only the
# areas they hold, never the admin role, and changes neither an
# administrator nor their own membership.

ALL = ("subscriptions", "orders", "invoices", "support", "users")
ALL_SET = ",".join(ALL)


def change_member(client, cid, uid, role="manager", areas=()):
    csrf, _ = ctx(client, "/companies/%s/users" % cid)
    data = {"csrf": csrf, "role": role}
    data.update({"area-" + a: "on" for a in areas})
    return client.post("/companies/%s/users/%s" % (cid, uid), data, xml=True)


def remove_member(client, cid, uid):
    csrf, _ = ctx(client, "/companies/%s/users" % cid)
    return client.post("/companies/%s/users/%s/remove" % (cid, uid), {"csrf": csrf}, xml=True)


def membership(stack, cid, uid):
    rows = stack.sql("SELECT role, areas FROM memberships WHERE company_id = %s"
                     " AND user_id = %s" % (cid, uid))
    return rows[0] if rows else None


def refused(r, uid, field):
    assert r.status_code == 403, r.text[:1000]
    root = st.validate_xml(r)
    assert {e.get("field"): e.get("code") for e in root.findall(
        "form[@name='member-%s']/error" % uid)} == {field: "not-allowed"}


def test_manager_cannot_give_themselves_every_area(stack, member, company_ids):
    cid = company_ids[BITPRO]
    m = member(cid, ("users",))
    refused(change_member(m, cid, m.user_id, areas=ALL), m.user_id, "role")
    assert membership(stack, cid, m.user_id) == ("manager", "users")
    assert m.get("/companies/%s/invoices" % cid).status_code == 403
    # Nor the admin role, nor leaving: their own membership is not theirs.
    refused(change_member(m, cid, m.user_id, role="admin"), m.user_id, "role")
    refused(remove_member(m, cid, m.user_id), m.user_id, "role")
    assert membership(stack, cid, m.user_id) == ("manager", "users")
    assert count(stack, "audit_log WHERE action = 'user-update' AND object_id = %s"
                 % m.user_id) == 0
    # The page offers no form for their own row, nor the admin role anywhere.
    page = st.check_html(m.get("/companies/%s/users" % cid))
    assert not page.xpath("//form[@action=$a]", a="/companies/%s/users/%s" % (cid, m.user_id))
    assert not page.xpath("//option[@value='admin']")


def test_manager_grants_only_areas_they_hold(stack, member, company_ids):
    cid = company_ids[NORDLYS]
    m = member(cid, ("users", "support"))
    uid = uid_of(stack, make_member(stack, cid, ("invoices", "support")))
    # Giving an area they do not hold: refused, nothing changes.
    refused(change_member(m, cid, uid, areas=("support", "subscriptions")), uid, "areas")
    assert membership(stack, cid, uid) == ("manager", "invoices,support")
    # Within their own areas: done; the area they do not hold stays.
    r = change_member(m, cid, uid, areas=("users",))
    assert r.status_code == 303
    assert membership(stack, cid, uid) == ("manager", "invoices,users")
    # Never the admin role, never an administrator.
    refused(change_member(m, cid, uid, role="admin", areas=("users",)), uid, "role")
    refused(change_member(m, cid, 1, areas=("users",)), 1, "role")
    assert membership(stack, cid, 1) == ("admin", ALL_SET)
    # Removing takes every area away: only a member whose areas they hold.
    refused(remove_member(m, cid, uid), uid, "areas")
    assert membership(stack, cid, uid) == ("manager", "invoices,users")
    other = uid_of(stack, make_member(stack, cid, ("support",)))
    assert remove_member(m, cid, other).status_code == 303
    assert membership(stack, cid, other) is None
    # The boxes of the areas they do not hold cannot be ticked.
    page = st.check_html(m.get("/companies/%s/users" % cid))
    box = page.xpath("//input[@id=$i]", i="u%s-area-invoices" % uid)[0]
    assert box.get("checked") and box.get("disabled")
    assert not page.xpath("//input[@id=$i]", i="u%s-area-support" % uid)[0].get("disabled")


def test_manager_invites_only_with_areas_they_hold(stack, member, company_ids):
    cid = company_ids[NORDLYS]
    m = member(cid, ("users", "support"))
    for over, field in (({}, "areas"),                          # invoices: not theirs
                        ({"role": "admin", "area-invoices": None}, "role")):
        data, r = invite(stack, m, cid, **over)
        assert r.status_code == 403, r.text[:1000]
        root = st.validate_xml(m.post("/companies/%s/users" % cid, data, xml=True))
        assert {e.get("field"): e.get("code") for e in root.findall(
            "form[@name='invite']/error")} == {field: "not-allowed"}
        assert count(stack, "invitations WHERE email = '%s'" % data["email"]) == 0
        assert count(stack, "mail_outbox WHERE recipient = '%s'" % data["email"]) == 0
    data, r = invite(stack, m, cid, **{"area-invoices": None, "area-users": "on"})
    assert r.status_code == 303
    assert stack.sql("SELECT role, areas FROM invitations WHERE email = '%s'"
                     % data["email"]) == [("manager", "support,users")]
    page = st.check_html(m.get("/companies/%s/users" % cid))
    assert page.xpath("//input[@id='invite-area-invoices']")[0].get("disabled")
    assert not page.xpath("//select[@name='role']/option[@value='admin']")
