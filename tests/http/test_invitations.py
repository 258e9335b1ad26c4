"""Invitations: the invite form answers the same for every address, a person
becomes a member only by accepting (the mail's link, or the list on their
companies page at the next login), nothing of another company's data shows,
and the mail quotes names as data."""

import re

from lxml import etree

import stack as st
from conftest import KARI, METTE
from test_users import (BITPRO, FJORDNET, NORDLYS, LINK_RE, accept_by_link, count,
                        ctx, invitation_link, invite, uid_of)

NOBODY = "never.seen.before@example.no"


def _answer(client, data, cid):
    """The invite form's answer in XML, the address blanked out."""
    r = client.post("/companies/%s/users" % cid, dict(data, formkey=ctx(
        client, "/companies/%s/users" % cid)[1]), xml=True)
    root = st.validate_xml(r)
    for e in root.iter():
        if e.text and "@" in e.text:
            e.text = "-"
    for e in root.findall("context/formkey") + root.findall("context/csrf"):
        e.text = "-"
    return r.status_code, etree.tostring(root.find("form[@name='invite']"))


def test_invite_answers_the_same_for_every_address(stack, kari, company_ids):
    cid = company_ids[NORDLYS]
    csrf, _ = ctx(kari, "/companies/%s/users" % cid)
    base = {"csrf": csrf, "role": "manager", "area-support": "on"}
    # Mette has an account (of another company), NOBODY none: without a
    # name both are refused alike...
    mette = _answer(kari, dict(base, email=METTE), cid)
    nobody = _answer(kari, dict(base, email=NOBODY), cid)
    assert mette[0] == 400 and mette == nobody
    # ...and with one both are invited alike.
    for address in (METTE, NOBODY):
        data, r = invite(stack, kari, cid, email=address, name="Ny Bruker")
        assert r.status_code == 303
        assert st.location_path(r) == "/companies/%s/users?done=user-invited" % cid
    # Mette is not a member of Nordlys until she accepts; no account for NOBODY.
    assert count(stack, "memberships WHERE user_id = 2 AND company_id = %s" % cid) == 0
    assert count(stack, "users WHERE email = '%s'" % NOBODY) == 0
    # The users page shows what Kari typed, not Mette's own name.
    root = kari.page("/companies/%s/users.xml" % cid)
    inv = [i for i in root.iter("invitation") if i.findtext("email") == METTE]
    assert [i.findtext("name") for i in inv] == ["Ny Bruker"]
    page = kari.get("/companies/%s/users" % cid)
    assert "Mette Jensen" not in page.text and FJORDNET not in page.text
    stack.sql("DELETE FROM invitations WHERE email IN ('%s', '%s')" % (METTE, NOBODY))


def test_person_of_another_company_accepts_at_login(stack, kari, mette, company_ids):
    cid = company_ids[NORDLYS]
    data, r = invite(stack, kari, cid, email=METTE, name="Mette J")
    assert r.status_code == 303
    try:
        # Not a member: Nordlys stays a 404 for her until she accepts.
        assert mette.get("/companies/%s" % cid).status_code == 404
        root = mette.page("/companies.xml")
        assert [c.findtext("name") for c in root.iter("company")] == [FJORDNET]
        inv = root.find("invitations/invitation")
        assert inv.findtext("name") == NORDLYS and inv.get("company") == cid
        assert inv.findtext("role") == "manager"
        assert [a.text for a in inv.findall("areas/area")] == ["invoices", "support"]
        page = st.check_html(mette.get("/companies"))
        form = page.xpath("//form[@action='/companies'][.//input[@name='invitation']]")
        assert form and NORDLYS in st.text_of(page)
        # Kari's other company sees nothing of it; Kari cannot accept for her.
        other = company_ids[BITPRO]
        assert count(stack, "invitations WHERE company_id = %s AND email = '%s'"
                     % (other, METTE)) == 0
        r = kari.post("/companies", {"csrf": kari.csrf("/companies"),
                                     "invitation": inv.get("id")})
        assert r.status_code == 404
        # Mette accepts: a member with what was offered, her own name kept.
        r = mette.post("/companies", {"csrf": mette.csrf("/companies"),
                                      "invitation": inv.get("id")})
        assert r.status_code == 303
        assert st.location_path(r) == "/companies/%s?done=invitation-accepted" % cid
        assert stack.sql("SELECT role, areas FROM memberships WHERE user_id = 2 AND"
                         " company_id = %s" % cid) == [("manager", "invoices,support")]
        assert stack.sql("SELECT name FROM users WHERE id = 2") == [("Mette Jensen",)]
        root = mette.page("/companies/%s.xml?done=invitation-accepted" % cid)
        assert root.find("context/flash").get("code") == "invitation-accepted"
        assert mette.page("/companies.xml").find("invitations/invitation") is None
        assert count(stack, "audit_log WHERE action = 'invitation-accept' AND user_id = 2"
                     " AND company_id = %s AND object_id = %s" % (cid, inv.get("id"))) == 1
        # Accepted once: the link is spent too.
        path = invitation_link(stack, METTE)
        assert st.Client(kari.base).get(path).status_code == 404
    finally:
        stack.sql("DELETE FROM memberships WHERE user_id = 2 AND company_id = %s;"
                  "DELETE FROM invitations WHERE email = '%s'" % (cid, METTE))


def test_link_shows_the_offer_and_only_a_post_accepts(stack, kari, company_ids):
    cid = company_ids[NORDLYS]
    data, r = invite(stack, kari, cid, name="Link Person", role="manager")
    path = invitation_link(stack, data["email"])
    c = st.Client(kari.base)
    # A mail scanner following the link accepts nothing.
    for _ in range(3):
        root = c.page(path)
        assert root.find("invitation").get("state") == "open"
    assert root.findtext("invitation/company") == NORDLYS
    assert root.findtext("invitation/email") == data["email"]
    assert count(stack, "users WHERE email = '%s'" % data["email"]) == 0
    page = st.check_html(c.get(path))
    assert page.xpath("//form[@action='/invitation']//input[@name='t']")
    # A wrong token is refused like a used one, and changes nothing.
    bad = c.post("/invitation", {"csrf": root.findtext("context/csrf"), "t": "A" * 43})
    assert bad.status_code == 404
    assert count(stack, "users WHERE email = '%s'" % data["email"]) == 0
    r = c.post("/invitation", {"csrf": root.findtext("context/csrf"),
                               "t": path.split("t=", 1)[1]})
    assert r.status_code == 303
    assert st.location_path(r) == "/invitation?done=invitation-accepted"
    assert c.page("/invitation.xml?done=invitation-accepted").find(
        "invitation").get("state") == "accepted"
    uid = uid_of(stack, data["email"])
    assert stack.sql("SELECT name, lang FROM users WHERE id = %s" % uid) == [
        ("Link Person", "nb")]
    assert count(stack, "memberships WHERE user_id = %s AND company_id = %s" % (uid, cid)) == 1
    # The link works once.
    r = c.get(path)
    assert r.status_code == 404
    assert st.validate_xml(c.get(path, xml=True)).find("invitation").get("state") == "invalid"
    # Accepting needs the form's token: a forged POST from elsewhere does nothing.
    data2, _ = invite(stack, kari, cid)
    path2 = invitation_link(stack, data2["email"])
    r = st.Client(kari.base).post("/invitation", {"csrf": "B" * 43,
                                                  "t": path2.split("t=", 1)[1]})
    assert r.status_code == 403
    assert count(stack, "users WHERE email = '%s'" % data2["email"]) == 0


def test_withdrawn_or_expired_invitation_cannot_be_accepted(stack, kari, company_ids):
    cid = company_ids[NORDLYS]
    data, _ = invite(stack, kari, cid)
    path = invitation_link(stack, data["email"])
    iid = stack.sql("SELECT id FROM invitations WHERE email = '%s'" % data["email"])[0][0]
    csrf, _ = ctx(kari, "/companies/%s/users" % cid)
    r = kari.post("/companies/%s/invitations/%s/remove" % (cid, iid), {"csrf": csrf})
    assert r.status_code == 303
    assert st.location_path(r) == "/companies/%s/users?done=invitation-withdrawn" % cid
    assert st.Client(kari.base).get(path).status_code == 404
    assert count(stack, "audit_log WHERE action = 'invitation-withdraw' AND object_id = %s"
                 % iid) == 1
    # Expired: the same.
    data, _ = invite(stack, kari, cid)
    path = invitation_link(stack, data["email"])
    stack.sql("UPDATE invitations SET expires_at = NOW() - INTERVAL 1 MINUTE"
              " WHERE email = '%s'" % data["email"])
    assert st.Client(kari.base).get(path).status_code == 404


def test_other_company_cannot_touch_invitations(stack, kari, mette, company_ids):
    cid = company_ids[NORDLYS]
    data, _ = invite(stack, kari, cid)
    iid = stack.sql("SELECT id FROM invitations WHERE email = '%s'" % data["email"])[0][0]
    mine = company_ids[FJORDNET]
    csrf, _ = ctx(mette, "/companies/%s/users" % mine)
    for p in ("/companies/%s/invitations/%s/remove" % (cid, iid),
              "/companies/%s/invitations/%s/remove" % (mine, iid)):
        assert mette.post(p, {"csrf": csrf}).status_code == 404
    assert count(stack, "invitations WHERE id = %s" % iid) == 1
    assert data["email"] not in mette.get("/companies/%s/users" % mine).text


def test_invitation_mail_quotes_the_inviter_as_data(stack, kari, member, company_ids):
    cid = company_ids[NORDLYS]
    m = member(cid, ("users", "support"))
    # A name stored before names were checked: lines and a link in it.
    stack.sql("UPDATE users SET name = 'Ola\\n\\nYour account is locked. Log in at"
              " https://evil.example/login <kari@evil.example>' WHERE id = %s" % m.user_id)
    try:
        m.get("/companies")                  # the session reads the new name
        data, r = invite(stack, m, cid, **{"area-invoices": None})
        assert r.status_code == 303
        body = st.mail_body(stack.wait_for_mail(data["email"]))
    finally:
        stack.sql("UPDATE users SET name = 'Test Manager' WHERE id = %s" % m.user_id)
    lines = body.splitlines()
    quoted = [l for l in lines if l.startswith("«")]
    assert len(quoted) == 1 and quoted[0].endswith("»"), body
    assert "Your account is locked" in quoted[0]
    # The only link is ours; nothing from the name can be followed.
    assert "evil.example" not in body and "https://evil" not in body and "@evil" not in body
    links = re.findall(r"https?://\S+", body)
    assert len(links) == 1 and LINK_RE.fullmatch(links[0]), links
    assert links[0].startswith(stack.base_url + "/invitation?t=")
    # The line before names what it is.
    assert lines[lines.index(quoted[0]) - 1].endswith(":")


def test_invitation_mail_in_the_inviter_s_language(stack, base, company_ids):
    c = stack.login(base, KARI, lang="en")
    cid = company_ids[NORDLYS]
    data, r = invite(stack, c, cid)
    assert r.status_code == 303
    msg = st.mail_message(stack.wait_for_mail(data["email"]))
    assert str(msg["Subject"]) == st.i18n("en")["mail.invite.subject"].replace(
        "{company}", NORDLYS)
    body = st.mail_body(stack.wait_for_mail(data["email"]))
    assert "«Kari Nordmann»" in body
    accept_by_link(stack, base, data["email"])
    assert stack.sql("SELECT lang FROM users WHERE email = '%s'" % data["email"]) == [("en",)]
