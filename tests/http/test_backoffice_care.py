"""Customer care in the back office (the role "care", fcgi/admin/care.c):
the work queue of every company's cases and change requests (filters,
order, pages, the age against the target of case_target_days working days
with overdue cases marked), one case taken or assigned, answered (the
customer sees the reply on the case's page and gets a mail) or noted
internally (never on a customer's page nor in its XML), moved along the
status model (the refused moves 409, nothing written), and a change request
carried out: the subscription's plan or end changes as the portal's own plan
change and termination do. Every action is audited under the staff id and
the company, and shows in the customer's audit log."""

import re
import subprocess
import time
import uuid

import pytest

import stack as st
from conftest import make_staff

BITPRO, NORDLYS, FJORDNET = "Bitpro Demo AS", "Nordlys Eiendom AS", "Fjordnet ApS"
KARI = "kari.nordmann@example.no"
CARE_STAFF = "staff.care@operator.example.no"        # conftest.make_staff(("care",))
NB = st.i18n("nb")


def text(el):
    """An element's own visible text, white space collapsed."""
    return re.sub(r"\s+", " ", el.text_content()).strip()


def marker():
    return "C" + uuid.uuid4().hex[:12]


def one(stack, sql):
    return stack.sql(sql)[0][0]


def count(stack, where):
    return int(one(stack, "SELECT COUNT(*) FROM " + where))


def max_audit(stack):
    return int(one(stack, "SELECT COALESCE(MAX(id), 0) FROM audit_log"))


def staff_id(stack, address):
    return one(stack, "SELECT id FROM staff WHERE email = '%s'" % address)


def support_case(stack, client, cid, subject=None):
    """A support case made by the customer through the portal: its id."""
    root = client.page("/companies/%s/cases/new.xml" % cid)
    r = client.post("/companies/%s/cases/new" % cid, {
        "csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey"),
        "subject": subject or marker(), "category": "technical",
        "description": "Linjen er nede."})
    assert r.status_code == 303, r.text[:500]
    return re.search(r"/cases/(\d+)", st.location_path(r)).group(1)


def keys(client, case_id):
    """The case page's csrf and one-time form key."""
    ctx = client.page("/admin/cases/%s.xml" % case_id).find("context")
    return {"csrf": ctx.findtext("csrf"), "formkey": ctx.findtext("formkey")}


def act(client, case_id, action, xml=False, **fields):
    data = keys(client, case_id)
    data.update(fields)
    return client.post("/admin/cases/%s/%s" % (case_id, action), data, xml=xml)


def queue(client, **query):
    q = "&".join("%s=%s" % kv for kv in query.items())
    return client.page("/admin/cases.xml" + ("?" + q if q else "")).find("queue")


@pytest.fixture
def care(staff):
    return staff(("care",))


# -- the queue ----------------------------------------------------------------

def test_queue_filters_and_overdue(stack, care, kari, mette, company_ids):
    bitpro, fjordnet = company_ids[BITPRO], company_ids[FJORDNET]
    old = support_case(stack, kari, bitpro)
    fresh = support_case(stack, mette, fjordnet)
    # Ten calendar days are at least six working days: past the target of 2.
    stack.sql("UPDATE cases SET created_at = NOW() - INTERVAL 10 DAY WHERE id = %s" % old)
    q = queue(care, company=bitpro, age="overdue", order="newest")
    assert q.get("target-days") == "2" and q.get("age") == "overdue"
    row = q.find("case[@id='%s']" % old)
    assert row is not None and row.get("overdue") == "yes"
    assert int(row.find("age").get("working-days")) >= 6
    assert row.findtext("company/name") == BITPRO and row.findtext("status") == "new"
    assert {c.findtext("company/name") for c in q.findall("case")} == {BITPRO}
    # The fresh case: the other company's, not overdue, not in that filter.
    q = queue(care, company="Fjordnet", order="newest")
    row = q.find("case[@id='%s']" % fresh)
    assert row is not None and row.get("overdue") is None
    assert int(row.find("age").get("working-days")) == 0
    assert q.find("case[@id='%s']" % old) is None
    assert queue(care, age="overdue", company=fjordnet).find(
        "case[@id='%s']" % fresh) is None
    # Older than five working days: the old one, not the fresh one.
    assert queue(care, age="5", company=bitpro, order="newest").find(
        "case[@id='%s']" % old) is not None
    assert queue(care, age="1", company=fjordnet).find("case[@id='%s']" % fresh) is None
    # The badge says it in words, and the row is marked.
    page = st.check_html(care.get("/admin/cases?company=%s&age=overdue&order=newest"
                                  % bitpro))
    tr = page.xpath("//tr[td[1]=$id]", id=old)[0]
    assert tr.get("class") == "overdue"
    assert tr.xpath(".//span[contains(@class,'badge-overdue')]/text()") == [
        NB["admin.case.overdue"]]
    page = st.check_html(care.get("/admin/cases?company=%s&order=newest" % fjordnet))
    tr = page.xpath("//tr[td[1]=$id]", id=fresh)[0]
    assert not tr.xpath(".//span[contains(@class,'badge-overdue')]")
    # Waiting for the customer: the ball is not the operator's, not overdue;
    # the state filter finds it there and not among the new ones.
    stack.sql("UPDATE cases SET status = 'waiting' WHERE id = %s" % old)
    q = queue(care, company=bitpro, state="waiting", order="newest")
    assert q.find("case[@id='%s']" % old).get("overdue") is None
    assert queue(care, company=bitpro, state="new", order="newest").find(
        "case[@id='%s']" % old) is None
    assert queue(care, company=bitpro, age="overdue", order="newest").find(
        "case[@id='%s']" % old) is None
    # Resolved ones leave the open queue (its default) but not "all".
    stack.sql("UPDATE cases SET status = 'resolved' WHERE id = %s" % old)
    assert queue(care, company=bitpro, order="newest").find("case[@id='%s']" % old) is None
    assert queue(care, company=bitpro, state="all", order="newest").find(
        "case[@id='%s']" % old) is not None
    # Kinds: a support case is no change request.
    assert queue(care, company=fjordnet, kind="change").find(
        "case[@id='%s']" % fresh) is None
    assert queue(care, company=fjordnet, kind="support").find(
        "case[@id='%s']" % fresh) is not None


def test_queue_order_and_pages(stack, care, company_ids):
    cid = company_ids[NORDLYS]
    m = marker()
    stack.sql("INSERT INTO cases (company_id, kind, category, subject, status, created_at)"
              " SELECT %s, 'support', 'other', CONCAT('%s-', seq), 'closed',"
              " NOW() - INTERVAL seq HOUR FROM seq_1_to_55" % (cid, m))
    try:
        q = queue(care, company=cid, state="closed", order="oldest")
        total = int(q.get("total"))
        assert total >= 55 and q.get("pages") == str((total + 49) // 50)
        rows = q.findall("case")
        assert len(rows) == 50
        made = [r.findtext("created") for r in rows]
        assert made == sorted(made)
        q = queue(care, company=cid, state="closed", order="oldest", page=2)
        assert len(q.findall("case")) == total - 50 and q.get("page") == "2"
        newest = queue(care, company=cid, state="closed", order="newest").find("case")
        assert newest.findtext("subject") == m + "-1"
        # Past the last page: nothing, and still the total.
        q = queue(care, company=cid, state="closed", page=99)
        assert q.findall("case") == [] and q.get("total") == str(total)
        page = st.check_html(care.get("/admin/cases?company=%s&state=closed" % cid))
        assert page.xpath("//form[@class='pager']//button[@name='page' and @value='2']")
        assert page.xpath("//form[@class='pager']//input[@name='company' and @value=$c]",
                          c=str(cid))
    finally:
        stack.sql("DELETE FROM cases WHERE subject LIKE '%s-%%'" % m)


@pytest.mark.parametrize("query", [
    "state=bogus", "state=", "kind=hardware", "assignee=everyone", "age=0", "age=251",
    "age=old", "order=random", "page=0", "page=x", "company=" + "x" * 201,
    "unknown=1", "state=new&state=closed",
])
def test_queue_bad_input_is_400(care, query):
    r = care.get("/admin/cases?" + query)
    assert r.status_code == 400, query
    st.check_html(r)
    assert care.get("/admin/cases?" + query, xml=True).status_code == 400


# -- take, assign ---------------------------------------------------------------

def test_take_and_assign(stack, care, kari, company_ids):
    cid = company_ids[BITPRO]
    case_id = support_case(stack, kari, cid)
    me = staff_id(stack, CARE_STAFF)
    other = staff_id(stack, "kari.kundeservice@operator.example.no")
    clerk = staff_id(stack, make_staff(stack, ("billing",)))
    mark = max_audit(stack)
    root = care.page("/admin/cases/%s.xml" % case_id)
    assert root.find("case/assignee") is None
    members = {m.get("id") for m in root.findall("assignees/member")}
    assert me in members and other in members and clerk not in members
    page = st.check_html(care.get("/admin/cases/%s" % case_id))
    assert page.xpath("//form[@action=$a]//input[@name='staff' and @value=$me]",
                      a="/admin/cases/%s/assign" % case_id, me=me)
    # Take it: assigned to me, in "mine", not in "nobody".
    data = keys(care, case_id)
    data["staff"] = me
    r = care.post("/admin/cases/%s/assign" % case_id, data)
    assert r.status_code == 303
    assert st.location_path(r) == "/admin/cases/%s?done=case-assigned" % case_id
    assert care.post("/admin/cases/%s/assign" % case_id, data).status_code == 303  # twice
    assert one(stack, "SELECT assignee_id FROM cases WHERE id = %s" % case_id) == me
    assert queue(care, assignee="mine", company=cid, order="newest").find(
        "case[@id='%s']" % case_id) is not None
    assert queue(care, assignee="nobody", company=cid, order="newest").find(
        "case[@id='%s']" % case_id) is None
    root = care.page("/admin/cases/%s.xml?done=case-assigned" % case_id)
    assert root.find("context/flash").get("code") == "case-assigned"
    assert root.find("case/assignee").get("id") == me
    # To another member of customer care.
    r = act(care, case_id, "assign", staff=other)
    assert r.status_code == 303
    assert one(stack, "SELECT assignee_id FROM cases WHERE id = %s" % case_id) == other
    assert queue(care, assignee="mine", company=cid, order="newest").find(
        "case[@id='%s']" % case_id) is None
    # Audited once per change, with the staff id and the company.
    rows = stack.sql("SELECT staff_id, user_id, company_id, detail FROM audit_log"
                     " WHERE action = 'case-assign' AND object_id = %s AND id > %d"
                     " ORDER BY id" % (case_id, mark))
    assert [r[:3] for r in rows] == [(me, "NULL", cid), (me, "NULL", cid)]
    assert "Kari Kundeservice" in rows[1][3]
    # Not care's: a billing clerk, nobody at all, not a number: 400, unchanged.
    for value, code in ((clerk, "invalid"), ("999999999", "invalid"), ("abc", "invalid")):
        r = act(care, case_id, "assign", xml=True, staff=value)
        assert r.status_code == 400, value
        root = st.validate_xml(r)
        assert root.find("form[@name='assign']/error").get("code") == code
    r = care.post("/admin/cases/%s/assign" % case_id, keys(care, case_id))
    assert r.status_code == 400
    assert one(stack, "SELECT assignee_id FROM cases WHERE id = %s" % case_id) == other
    # Empty: nobody has it.
    assert act(care, case_id, "assign", staff="").status_code == 303
    assert one(stack, "SELECT assignee_id FROM cases WHERE id = %s" % case_id) == "NULL"
    assert queue(care, assignee="nobody", company=cid, order="newest").find(
        "case[@id='%s']" % case_id) is not None
    # The customer's audit log shows what the operator did, by the staff
    # member as the operator's, without the address they worked from.
    entries = [e for e in kari.page("/companies/%s/audit.xml" % cid).iter("entry")
               if e.findtext("action") == "case-assign" and e.findtext("object-id") == case_id]
    assert len(entries) == 3
    assert all(e.findtext("operator") == "Test Staff" and e.findtext("user") is None
               and e.findtext("ip") in (None, "") for e in entries)
    page = st.check_html(kari.get("/companies/%s/audit" % cid))
    assert "Test Staff (%s)" % NB["audit.operator"] in st.text_of(page)


# -- reply and internal note ------------------------------------------------------

def test_reply_reaches_the_customer(stack, care, kari, company_ids):
    cid = company_ids[BITPRO]
    case_id = support_case(stack, kari, cid)
    reply = "Vi har sjekket linjen %s.\nPrøv igjen nå." % marker()
    before = set(stack.mails_to(KARI))
    mark = max_audit(stack)
    r = act(care, case_id, "reply", body=reply)
    assert r.status_code == 303
    assert st.location_path(r) == "/admin/cases/%s?done=reply-sent" % case_id
    row = stack.sql("SELECT author, user_id, staff_id, internal, body FROM case_comments"
                    " WHERE case_id = %s ORDER BY id DESC LIMIT 1" % case_id)
    # (the mariadb client writes a newline as \n)
    assert row == [("operator", "NULL", staff_id(stack, CARE_STAFF), "0",
                    reply.replace("\n", "\\n"))]
    assert count(stack, "audit_log WHERE action = 'case-reply' AND object_id = %s"
                 " AND company_id = %s AND staff_id IS NOT NULL AND id > %d"
                 % (case_id, cid, mark)) == 1
    # Kari sees it on her case's page: the staff member's first name, customer care.
    path = "/companies/%s/cases/%s" % (cid, case_id)
    last = kari.page(path + ".xml").findall("case/comments/comment")[-1]
    assert last.get("author") == "operator"
    assert last.findtext("name") == "Test" and last.findtext("body") == reply
    page = st.check_html(kari.get(path))
    meta = page.xpath("//li[contains(@class,'comment-operator')]/p[@class='meta']")[-1]
    assert text(meta).startswith("Test (%s)," % NB["case.operator"])
    # And by mail, with the reply and the link to the case.
    mail = stack.wait_for_mail(KARI, before)
    msg = st.mail_checked(mail)
    assert case_id in msg["Subject"]
    body = st.mail_body(mail)
    assert reply in body and path in body
    # The staff's own page shows it too.
    root = care.page("/admin/cases/%s.xml" % case_id)
    c = root.findall("case/comments/comment")[-1]
    assert c.findtext("body") == reply and c.get("internal") is None
    assert c.findtext("name") == "Test Staff"


def test_internal_note_is_never_the_customers(stack, care, kari, company_ids):
    cid = company_ids[BITPRO]
    case_id = support_case(stack, kari, cid)
    secret = "Internt %s: kunden har ubetalt faktura." % marker()
    path = "/companies/%s/cases/%s" % (cid, case_id)
    shown = len(kari.page(path + ".xml").findall("case/comments/comment"))
    stack.wait_for_mail(KARI)             # the "case received" mail is out
    before = set(stack.mails_to(KARI))
    r = act(care, case_id, "note", body=secret)
    assert r.status_code == 303
    assert st.location_path(r) == "/admin/cases/%s?done=note-added" % case_id
    assert stack.sql("SELECT author, internal FROM case_comments WHERE body = '%s'"
                     % secret) == [("operator", "1")]
    assert count(stack, "audit_log WHERE action = 'case-note' AND object_id = %s"
                 " AND company_id = %s" % (case_id, cid)) == 1
    # Not in the customer's XML, HTML, list or overview.
    r = kari.get(path + ".xml")
    assert secret not in r.text and "Internt" not in r.text
    assert len(st.validate_xml(r).findall("case/comments/comment")) == shown
    for p in (path, "/companies/%s/cases" % cid, "/companies/%s" % cid):
        r = kari.get(p)
        assert r.status_code == 200 and secret not in r.text, p
    # No mail about it.
    time.sleep(1.5)
    assert stack.outbox_pending(KARI) == 0 and set(stack.mails_to(KARI)) == before
    # The staff see it, marked as internal in data and in words.
    root = care.page("/admin/cases/%s.xml" % case_id)
    note = [c for c in root.findall("case/comments/comment") if c.findtext("body") == secret]
    assert len(note) == 1 and note[0].get("internal") == "yes"
    page = st.check_html(care.get("/admin/cases/%s" % case_id))
    li = page.xpath("//li[contains(@class,'comment-internal')]")
    assert len(li) == 1 and NB["admin.case.internal"] in text(li[0])


@pytest.mark.parametrize("action", ["reply", "note"])
@pytest.mark.parametrize("body,code", [("", "required"), ("  \n ", "required"),
                                       ("x" * 5001, "too-long")])
def test_reply_and_note_bad_input(stack, care, kari, company_ids, action, body, code):
    case_id = support_case(stack, kari, company_ids[BITPRO])
    n = count(stack, "case_comments WHERE case_id = %s" % case_id)
    r = act(care, case_id, action, xml=True, body=body)
    assert r.status_code == 400
    root = st.validate_xml(r)
    assert root.find("form[@name='%s']/error" % action).get("code") == code
    assert (root.findtext("form/value") or "") == body
    r = act(care, case_id, action, body=body)
    page = st.check_html(r)
    assert page.xpath("//*[@aria-invalid='true']") and NB["error." + code] in st.text_of(page)
    assert count(stack, "case_comments WHERE case_id = %s" % case_id) == n


# -- the status -------------------------------------------------------------------------

def test_status_changes_and_refusals(stack, care, kari, company_ids):
    cid = company_ids[BITPRO]
    case_id = support_case(stack, kari, cid)
    me = staff_id(stack, CARE_STAFF)
    root = care.page("/admin/cases/%s.xml" % case_id)
    assert [s.text for s in root.findall("transitions/status")] == [
        "in-progress", "waiting", "resolved", "closed"]
    before = set(stack.mails_to(KARI))
    r = act(care, case_id, "status", status="in-progress")
    assert r.status_code == 303
    assert st.location_path(r) == "/admin/cases/%s?done=status-changed" % case_id
    assert one(stack, "SELECT status FROM cases WHERE id = %s" % case_id) == "in-progress"
    assert stack.sql("SELECT from_status, user_id, staff_id FROM case_status_history"
                     " WHERE case_id = %s AND to_status = 'in-progress'" % case_id) == [
        ("new", "NULL", me)]
    assert "case-status" in [r[0] for r in stack.sql(
        "SELECT action FROM audit_log WHERE object_id = %s AND company_id = %s"
        " AND staff_id = %s" % (case_id, cid, me))]
    # The customer's mail on a status change, and the history on her page.
    mail = stack.wait_for_mail(KARI, before)
    assert NB["case.status.in-progress"] in st.mail_body(mail)
    hist = kari.page("/companies/%s/cases/%s.xml" % (cid, case_id)).findall(
        "case/history/change")
    assert hist[-1].findtext("to") == "in-progress"
    root = care.page("/admin/cases/%s.xml" % case_id)
    by = root.findall("case/history/change")[-1].find("by")
    assert by.text == "Test Staff" and by.get("operator") == "yes"
    # Moves the table refuses: 409, nothing written.
    for to in ("in-progress", "new"):
        n = count(stack, "case_status_history WHERE case_id = %s" % case_id)
        r = act(care, case_id, "status", xml=True, status=to)
        assert r.status_code == 409, to
        root = st.validate_xml(r)
        assert root.find("form[@name='status']/error").get("code") == "not-allowed"
        assert one(stack, "SELECT status FROM cases WHERE id = %s" % case_id) == "in-progress"
        assert count(stack, "case_status_history WHERE case_id = %s" % case_id) == n
    for to in ("resolved", "closed"):
        assert act(care, case_id, "status", status=to).status_code == 303
    # Closed is the end: no move, no reply, no note, no assignment.
    assert care.page("/admin/cases/%s.xml" % case_id).findall("transitions/status") == []
    n = count(stack, "case_status_history WHERE case_id = %s" % case_id)
    r = act(care, case_id, "status", status="in-progress")
    assert r.status_code == 409
    st.check_html(r)
    for action, field, value in (("reply", "body", "Hallo?"), ("note", "body", "x"),
                                 ("assign", "staff", me)):
        r = act(care, case_id, action, xml=True, **{field: value})
        assert r.status_code == 409, action
        assert st.validate_xml(r).find("form/error").get("code") == "closed"
    assert count(stack, "case_status_history WHERE case_id = %s" % case_id) == n
    assert one(stack, "SELECT status FROM cases WHERE id = %s" % case_id) == "closed"
    # Not a status at all: 400.
    for bad, code in (("bogus", "invalid"), ("Closed", "invalid")):
        r = act(care, case_id, "status", xml=True, status=bad)
        assert r.status_code == 400
        assert st.validate_xml(r).find("form/error").get("code") == code


# -- a change request carried out ---------------------------------------------------------

@pytest.fixture
def change_request(stack, kari, company_ids):
    """change_request(category): a change request Kari sends from the Manage
    page of a location of her own made for the test, on its subscription
    (Bedrift Total C, 349 NOK); (case id, subscription id, location id).
    Everything made is removed afterwards."""
    cid = company_ids[BITPRO]
    made = []

    def make(category):
        m = marker()
        stack.sql("INSERT INTO locations (company_id, number, name) VALUES (%s, '%s',"
                  " 'Kundeservice-test');"
                  "INSERT INTO subscriptions (company_id, location_id, product_id, ref,"
                  " monthly_price, currency, started_on) SELECT %s, id, 2, '%s', 349.00,"
                  " 'NOK', '2026-01-01' FROM locations WHERE number = '%s'"
                  % (cid, m, cid, m, m))
        lid = one(stack, "SELECT id FROM locations WHERE number = '%s'" % m)
        sid = one(stack, "SELECT id FROM subscriptions WHERE ref = '%s'" % m)
        made.append(lid)
        root = kari.page("/locations/%s/manage.xml" % lid)
        r = kari.post("/locations/%s/manage" % lid, {
            "csrf": root.findtext("context/csrf"),
            "formkey": root.findtext("context/formkey"),
            "service": sid, "change": category, "comment": "Vi ønsker endring " + m})
        assert r.status_code == 303, r.text[:500]
        case_id = one(stack, "SELECT id FROM cases WHERE location_id = %s" % lid)
        return case_id, sid, lid

    yield make
    for lid in made:
        stack.sql("DELETE FROM cases WHERE location_id = %s;"
                  "DELETE FROM subscriptions WHERE location_id = %s;"
                  "DELETE FROM locations WHERE id = %s" % (lid, lid, lid))


def test_plan_change_carried_out(stack, care, kari, company_ids, change_request):
    cid = company_ids[BITPRO]
    case_id, sid, lid = change_request("change-subscription")
    me = staff_id(stack, CARE_STAFF)
    mark = max_audit(stack)
    root = care.page("/admin/cases/%s.xml" % case_id)
    assert root.find("case").get("kind") == "change"
    assert root.findtext("case/category") == "change-subscription"
    assert root.find("case/subscription").get("id") == sid
    carry = root.find("carry-out")
    assert carry.get("action") == "plan"
    plans = {p.findtext("product"): p.get("id") for p in carry.findall("plans/plan")}
    assert "Bedrift Total E (50 GB)" in plans and "Bedrift Total C (10 GB)" not in plans
    assert "Mobilt bredbånd 50 GB" not in plans          # DKK: another currency
    st.check_html(care.get("/admin/cases/%s" % case_id))
    # Asked: what it will do, to confirm; nothing changes yet.
    target = plans["Bedrift Total E (50 GB)"]
    root = care.page("/admin/cases/%s.xml?product=%s" % (case_id, target))
    assert root.find("confirm").get("action") == "plan"
    assert root.findtext("confirm/plan/product") == "Bedrift Total E (50 GB)"
    page = st.check_html(care.get("/admin/cases/%s?product=%s" % (case_id, target)))
    assert page.xpath("//form[@action=$a]//input[@name='product' and @value=$p]",
                      a="/admin/cases/%s/carry-out" % case_id, p=target)
    assert one(stack, "SELECT product_id FROM subscriptions WHERE id = %s" % sid) == "2"
    before = set(stack.mails_to(KARI))
    data = {"csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey"),
            "product": target}
    r = care.post("/admin/cases/%s/carry-out" % case_id, data)
    assert r.status_code == 303
    assert st.location_path(r) == "/admin/cases/%s?done=change-carried-out" % case_id
    assert care.post("/admin/cases/%s/carry-out" % case_id, data).status_code == 303
    # The subscription: the plan and its price (what billing reads), its history.
    assert stack.sql("SELECT product_id, monthly_price FROM subscriptions WHERE id = %s"
                     % sid) == [(target, "549.00")]
    assert stack.sql("SELECT action, from_product_id, to_product_id, user_id, staff_id"
                     " FROM subscription_history WHERE subscription_id = %s" % sid) == [
        ("plan-change", "2", target, "NULL", me)]
    # The case: recorded where the customer sees it, and resolved.
    assert one(stack, "SELECT status FROM cases WHERE id = %s" % case_id) == "resolved"
    rows = stack.sql("SELECT staff_id, company_id, action, object FROM audit_log"
                     " WHERE id > %d ORDER BY id" % mark)
    assert (me, cid, "plan-change", "subscription") in rows
    assert (me, cid, "case-carry-out", "case") in rows
    assert (me, cid, "case-status", "case") in rows
    assert len([r for r in rows if r[2] == "plan-change"]) == 1
    path = "/companies/%s/cases/%s" % (cid, case_id)
    root = kari.page(path + ".xml")
    assert root.findtext("case/status") == "resolved"
    last = root.findall("case/comments/comment")[-1]
    assert last.get("author") == "operator"
    assert "Bedrift Total C (10 GB)" in last.findtext("body")
    assert "Bedrift Total E (50 GB)" in last.findtext("body")
    # Kari's subscription page: the new plan, the change by the operator.
    root = kari.page("/companies/%s/subscriptions/%s.xml" % (cid, sid))
    assert root.findtext("subscription/product") == "Bedrift Total E (50 GB)"
    entry = root.find("subscription/history/entry")
    assert entry.findtext("action") == "plan-change"
    assert entry.find("by").text == "Test" and entry.find("by").get("operator") == "yes"
    page = st.check_html(kari.get("/companies/%s/subscriptions/%s" % (cid, sid)))
    assert "Test (%s)" % NB["case.operator"] in st.text_of(page)
    # She is told it is resolved.
    mail = stack.wait_for_mail(KARI, before)
    assert NB["case.status.resolved"] in st.mail_body(mail)
    # Resolved: nothing more to carry out.
    root = care.page("/admin/cases/%s.xml" % case_id)
    assert root.find("carry-out") is None
    r = act(care, case_id, "carry-out", xml=True, product="2")     # back to C
    assert r.status_code == 409
    assert st.validate_xml(r).find("form/error").get("code") == "not-allowed"
    assert count(stack, "subscription_history WHERE subscription_id = %s" % sid) == 1


def _plan(stack, tag, legacy, prices, contract=False, retired=False):
    """A plan of the catalogue made for the test: names in nb and en, the
    legacy price legacy (products.monthly_price, which the catalogue's
    prices replace) and prices [(country, currency, monthly, from)];
    (id, its Norwegian name, its English name)."""
    c = "T-CARE-%s-%s" % (tag, uuid.uuid4().hex[:8].upper())
    nb, en = "Kundeplan %s" % c, "Care plan %s" % c
    stack.sql("INSERT INTO products (code, name, kind, monthly_price, currency,"
              " contract_only, retired_at, active) VALUES ('%s', '%s', 'subscription',"
              " %s, 'NOK', %d, %s, %d)" % (c, nb, legacy, int(contract),
                                           "NOW()" if retired else "NULL", int(not retired)))
    pid = one(stack, "SELECT id FROM products WHERE code = '%s'" % c)
    stack.sql("INSERT INTO product_names (product_id, lang, name, note) VALUES"
              " (%s, 'nb', '%s', 'Gjelder i Norge'), (%s, 'da', '%s', NULL),"
              " (%s, 'en', '%s', 'Valid in Norway')" % (pid, nb, pid, nb, pid, en))
    for country, currency, monthly, start in prices:
        stack.sql("INSERT INTO product_prices (product_id, country, currency,"
                  " monthly_price, valid_from) VALUES (%s, '%s', '%s', %s, %s)"
                  % (pid, country, currency, monthly, start))
    return pid, nb, en


def test_carry_out_follows_the_catalogue(stack, care, kari, company_ids, change_request):
    """The plans offered and taken are the catalogue's for the case's company:
    not retired, not another company's contract plan, with a price in force
    today in its country, which the subscription takes; the staff member
    reads the plans in their language, the customer's record is in hers."""
    cid = company_ids[BITPRO]
    case_id, sid, lid = change_request("change-subscription")
    today = "CURDATE()"
    good, good_nb, good_en = _plan(stack, "OK", "100.00", [("NO", "NOK", "611.00", today)])
    made = [good]
    try:
        made.append(_plan(stack, "CONTRACT", "100.00", [("NO", "NOK", "200.00", today)],
                          contract=True)[0])
        made.append(_plan(stack, "RETIRED", "100.00", [("NO", "NOK", "200.00", today)],
                          retired=True)[0])
        made.append(_plan(stack, "DK", "100.00", [("DK", "NOK", "200.00", today)])[0])
        made.append(_plan(stack, "LATER", "100.00", [
            ("NO", "NOK", "200.00", "CURDATE() + INTERVAL 1 DAY")])[0])
        stack.sql("UPDATE staff SET lang = 'en' WHERE email = '%s'" % CARE_STAFF)
        root = care.page("/admin/cases/%s.xml" % case_id)
        offered = {p.get("id"): p for p in root.findall("carry-out/plans/plan")}
        assert good in offered and not set(made[1:]) & set(offered)
        assert offered[good].findtext("product") == good_en
        assert offered[good].findtext("price") == "611.00"
        assert offered[good].findtext("note") == "Valid in Norway"
        page = st.check_html(care.get("/admin/cases/%s" % case_id))
        assert good_en in st.text_of(page)
        # None of the others, asked for or posted: 400, nothing done.
        for pid in made[1:]:
            assert care.get("/admin/cases/%s.xml?product=%s" % (case_id, pid)).status_code \
                == 400, pid
            r = act(care, case_id, "carry-out", xml=True, product=pid)
            assert r.status_code == 400, pid
            assert st.validate_xml(r).find("form/error").get("code") == "invalid"
        assert count(stack, "subscription_history WHERE subscription_id = %s" % sid) == 0
        assert care.page("/admin/cases/%s.xml?product=%s" % (case_id, good)).findtext(
            "confirm/plan/price") == "611.00"
        assert act(care, case_id, "carry-out", product=good).status_code == 303
        # Today's price of the catalogue is what billing reads from now on.
        assert stack.sql("SELECT product_id, monthly_price FROM subscriptions WHERE id = %s"
                         % sid) == [(good, "611.00")]
        # Kari (nb) reads the record in Norwegian, the plan by its Norwegian name.
        body = kari.page("/companies/%s/cases/%s.xml" % (cid, case_id)).findall(
            "case/comments/comment")[-1].findtext("body")
        assert good_nb in body and good_en not in body
        assert body.startswith("Abonnementet ")
    finally:
        stack.sql("UPDATE staff SET lang = 'nb' WHERE email = '%s'" % CARE_STAFF)
        # Out of every later test's way (a subscription's history keeps them).
        stack.sql("UPDATE products SET retired_at = COALESCE(retired_at, NOW()), active = 0"
                  " WHERE id IN (%s)" % ", ".join(made))


def test_carry_out_bad_input(stack, care, kari, company_ids, change_request):
    case_id, sid, lid = change_request("change-subscription")
    dkk = one(stack, "SELECT id FROM products WHERE currency = 'DKK' AND kind = 'subscription'"
                     " LIMIT 1")
    topup = one(stack, "SELECT id FROM products WHERE kind <> 'subscription' LIMIT 1")
    # The plan it has, another currency's, not a plan, none: 400, nothing done.
    for value, code in (("2", "invalid"), (dkk, "invalid"), (topup, "invalid"),
                        ("999999999", "invalid"), ("", "required")):
        r = act(care, case_id, "carry-out", xml=True, product=value)
        assert r.status_code == 400, value
        root = st.validate_xml(r)
        assert root.find("form[@name='carry-out']/error").get("code") == code
        if value != "":
            r = care.get("/admin/cases/%s.xml?product=%s" % (case_id, value))
            assert r.status_code == 400
            assert st.validate_xml(r).find("form/error").get("code") == code
    assert care.get("/admin/cases/%s?product=abc" % case_id).status_code == 400
    assert count(stack, "subscription_history WHERE subscription_id = %s" % sid) == 0
    assert one(stack, "SELECT status FROM cases WHERE id = %s" % case_id) == "new"
    # A support case has nothing to carry out.
    other = support_case(stack, kari, company_ids[BITPRO])
    r = act(care, other, "carry-out", xml=True, product="3")
    assert r.status_code == 409
    assert st.validate_xml(r).find("form/error").get("code") == "not-allowed"
    assert care.get("/admin/cases/%s?product=3" % other).status_code == 409


def test_termination_carried_out(stack, care, kari, company_ids, change_request):
    cid = company_ids[BITPRO]
    case_id, sid, lid = change_request("terminate")
    me = staff_id(stack, CARE_STAFF)
    root = care.page("/admin/cases/%s.xml" % case_id)
    assert root.find("carry-out").get("action") == "terminate"
    for bad, code in (("2020-01-01", "past-date"), ("2026-02-30", "invalid"),
                      ("", "required")):
        r = act(care, case_id, "carry-out", xml=True, date=bad)
        assert r.status_code == 400, bad
        assert st.validate_xml(r).find("form/error").get("code") == code
    assert one(stack, "SELECT ends_on FROM subscriptions WHERE id = %s" % sid) == "NULL"
    root = care.page("/admin/cases/%s.xml?date=2099-06-30" % case_id)
    assert root.findtext("confirm/date") == "2099-06-30"
    r = act(care, case_id, "carry-out", date="2099-06-30")
    assert r.status_code == 303
    assert one(stack, "SELECT ends_on FROM subscriptions WHERE id = %s" % sid) == "2099-06-30"
    assert stack.sql("SELECT action, effective_on, staff_id FROM subscription_history"
                     " WHERE subscription_id = %s" % sid) == [
        ("termination", "2099-06-30", me)]
    assert one(stack, "SELECT status FROM cases WHERE id = %s" % case_id) == "resolved"
    last = kari.page("/companies/%s/cases/%s.xml" % (cid, case_id)).findall(
        "case/comments/comment")[-1]
    assert "2099-06-30" in last.findtext("body")
    root = kari.page("/companies/%s/subscriptions/%s.xml" % (cid, sid))
    assert root.findtext("subscription/ends") == "2099-06-30"
    # The reason is fixed: on the customer's request (their words are the case's).
    assert stack.sql("SELECT end_reason, end_note IS NULL FROM subscriptions WHERE id = %s"
                     % sid) == [("customer-request", "1")]
    assert root.find("subscription/end-reason").get("code") == "customer-request"
    page = st.check_html(kari.get("/companies/%s/subscriptions/%s" % (cid, sid)))
    assert page.xpath("normalize-space(//dd[@class='end-reason'])") == "Etter kundens ønske"


# -- who may -------------------------------------------------------------------------------

# Each route of a case, with a form of its fields that would be good input.
CASE_ROUTES = [("GET", "", None), ("GET", "?product=3", None),
               ("POST", "/assign", {"staff": "1"}), ("POST", "/reply", {"body": "x"}),
               ("POST", "/note", {"body": "x"}), ("POST", "/status", {"status": "closed"}),
               ("POST", "/carry-out", {"product": "3"})]


def test_billing_role_gets_403_on_every_case_route(stack, staff, care, kari, company_ids):
    case_id = support_case(stack, kari, company_ids[BITPRO])
    clerk = staff(("billing",))
    csrf = clerk.page("/admin.xml").findtext("context/csrf")
    n = count(stack, "case_comments WHERE case_id = %s" % case_id)
    for path in ("/admin/cases", "/admin/cases?state=all"):
        r = clerk.get(path)
        assert r.status_code == 403, path
        st.check_html(r)
        assert clerk.get(path, xml=True).status_code == 403
    for method, tail, form in CASE_ROUTES:
        path = "/admin/cases/%s%s" % (case_id, tail)
        if method == "GET":
            r = clerk.get(path)
        else:
            r = clerk.post(path, dict(form, csrf=csrf, formkey="A" * 43))
        assert r.status_code == 403, (method, path)
    assert count(stack, "case_comments WHERE case_id = %s" % case_id) == n
    assert stack.sql("SELECT status, assignee_id FROM cases WHERE id = %s" % case_id) == [
        ("new", "NULL")]
    # Not in the billing clerk's menu; in care's and in an administrator's.
    assert "/admin/cases" not in [i.get("href") for i in clerk.page("/admin.xml").findall(
        "context/menu/item")]
    assert "/admin/cases" in [i.get("href") for i in care.page("/admin.xml").findall(
        "context/menu/item")]
    admin = staff(("admin",))
    assert "care" in [r.text for r in admin.page("/admin/cases.xml").findall(
        "context/staff/role")]
    assert admin.get("/admin/cases/%s" % case_id).status_code == 200


def test_unknown_case_is_404(care):
    for method, tail, form in CASE_ROUTES:
        path = "/admin/cases/999999999%s" % tail
        if method == "GET":
            r = care.get(path)
        else:
            r = care.post(path, dict(form, **keys(care, one_case(care))))
        assert r.status_code == 404, (method, path)


def one_case(client):
    return queue(client, state="all").find("case").get("id")


def test_demo_cases(stack, care, kari, company_ids):
    """Each case of the demo, whatever its kind and state, as XML (valid)
    and HTML; the change request's internal note is the staff's alone."""
    for (case_id,) in stack.sql("SELECT id FROM cases WHERE id <= 4"):
        root = care.page("/admin/cases/%s.xml" % case_id)
        assert root.find("case").get("id") == case_id
        st.check_html(care.get("/admin/cases/%s" % case_id))
    root = care.page("/admin/cases/1.xml")
    assert root.findtext("case/assignee/name") == "Kari Kundeservice"
    notes = root.findall("case/comments/comment[@internal='yes']")
    assert len(notes) == 1 and "200 GB" in notes[0].findtext("body")
    r = kari.get("/companies/%s/cases/1.xml" % company_ids[BITPRO])
    assert r.status_code == 200 and "200 GB" not in r.text
    names = [c.findtext("name") for c in st.validate_xml(r).findall(
        "case/comments/comment[@author='operator']")]
    assert names == ["Kari"]


# -- configuration ---------------------------------------------------------------------------

@pytest.mark.parametrize("value,ok", [("1", True), ("30", True), ("0", False),
                                      ("31", False), ("two", False)])
def test_case_target_days_is_checked(stack, tmp_path, value, ok):
    conf = tmp_path / "selfcare.conf"
    conf.write_text(stack.conf.read_text() + "case_target_days = %s\n" % value)
    conf.chmod(0o600)
    r = subprocess.run([str(stack.binary), "-c", str(conf), "check-config", "--no-db"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=stack.env())
    out = r.stdout.decode()
    if ok:
        assert r.returncode == 0, out
    else:
        assert r.returncode == 78 and "case_target_days" in out, out
