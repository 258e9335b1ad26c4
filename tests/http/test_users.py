"""Issue #4, D3: users and areas of a company (invite, role and areas,
remove, the last administrator stays) and the company's audit log."""

import uuid

import pytest

import stack as st

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
    return data, client.post("/companies/%s/users" % cid, data)


def uid_of(stack, email):
    return stack.sql("SELECT id FROM users WHERE email = '%s'" % email)[0][0]


def test_invite_new_user(stack, kari, company_ids):
    cid = company_ids[NORDLYS]
    data, r = invite(stack, kari, cid)
    assert r.status_code == 303
    assert st.location_path(r) == "/companies/%s/users?done=user-invited" % cid
    uid = uid_of(stack, data["email"])
    assert stack.sql("SELECT role, areas FROM memberships WHERE user_id = %s AND company_id = %s"
                     % (uid, cid)) == [("manager", "invoices,support")]
    assert count(stack, "audit_log WHERE action = 'user-invite' AND object_id = %s"
                 " AND company_id = %s AND user_id = 1" % (uid, cid)) == 1
    mail = stack.wait_for_mail(data["email"])
    assert NORDLYS in st.mail_body(mail)
    # Double submit: one membership, one audit row.
    assert kari.post("/companies/%s/users" % cid, data).status_code == 303
    assert count(stack, "audit_log WHERE action = 'user-invite' AND object_id = %s" % uid) == 1
    root = kari.page("/companies/%s/users.xml?done=user-invited" % cid)
    u = [u for u in root.iter("user") if u.findtext("email") == data["email"]][0]
    assert [a.text for a in u.findall("areas/area")] == ["invoices", "support"]
    st.check_html(kari.get("/companies/%s/users" % cid))
    # The invitee logs in with the normal code flow and sees the company.
    c = stack.login(kari.base, data["email"])
    names = [c.findtext("name") for c in c.page("/companies.xml").iter("company")]
    assert names == [NORDLYS]


@pytest.mark.parametrize("field,value,code,status", [
    ("email", "", "required", 400),
    ("email", "not-an-address", "invalid", 400),
    ("role", "owner", "invalid", 400),
    ("name", "n" * 201, "too-long", 400),
    ("email", "kari.nordmann@example.no", "exists", 409),
])
def test_invite_bad_input(stack, kari, company_ids, field, value, code, status):
    cid = company_ids[NORDLYS]
    before = count(stack, "memberships")
    users = count(stack, "users")
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
    assert count(stack, "memberships") == before and count(stack, "users") == users


def test_role_change_and_remove(stack, kari, company_ids):
    cid = company_ids[NORDLYS]
    data, r = invite(stack, kari, cid)
    uid = uid_of(stack, data["email"])
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
