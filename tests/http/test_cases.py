"""Issue #4: company overview (D1), support cases (D1), change requests from
a location's Manage page (M6), the latest case per location and the list of
all requests (M7); the shared form mechanism on them: CSRF, one-time form
keys, re-shown forms, post/redirect/get, audit rows, mail, areas and tenant
isolation."""

import re
import uuid

import pytest

import stack as st

BITPRO, NORDLYS, FJORDNET = "Bitpro Demo AS", "Nordlys Eiendom AS", "Fjordnet ApS"


def marker():
    return "T" + uuid.uuid4().hex[:12]


def count(stack, where):
    return int(stack.sql("SELECT COUNT(*) FROM " + where)[0][0])


def formkey(client, path):
    root = client.page(path + ".xml")
    return root.findtext("context/csrf"), root.findtext("context/formkey")


def new_case(client, cid, **over):
    csrf, key = formkey(client, "/companies/%s/cases/new" % cid)
    data = {"csrf": csrf, "formkey": key, "subject": marker(),
            "category": "technical", "description": "Ingen forbindelse."}
    data.update(over)
    return data, client.post("/companies/%s/cases/new" % cid, data)


def bitpro_location(client, cid):
    loc = client.page("/companies/%s/locations.xml" % cid).find("locations/location")
    return loc.get("id"), loc.find("subscription").get("id")


# -- D1 overview and D2 menu ---------------------------------------------

def test_overview_switcher_and_menu(kari, company_ids):
    cid = company_ids[BITPRO]
    root = kari.page("/companies/%s.xml" % cid)
    ctx = root.find("context")
    names = [c.findtext("name") for c in ctx.findall("switcher/company")]
    assert names == [BITPRO, NORDLYS]
    assert ctx.find("switcher/company[@current='yes']").get("id") == cid
    co = ctx.find("company")
    assert co.get("role") == "admin" and co.findtext("name") == BITPRO
    assert [a.text for a in co.findall("area")] == [
        "subscriptions", "orders", "invoices", "support", "users"]
    assert root.find("overview/locations").text == "1"
    assert root.find("cases") is not None
    page = st.check_html(kari.get("/companies/%s" % cid))
    for href in ("/companies/%s/subscriptions", "/companies/%s/cases",
                 "/companies/%s/users", "/companies/%s/audit",
                 "/companies/%s/cases/new"):
        assert page.xpath("//a[@href=$h]", h=href % cid), href
    assert page.xpath("//nav//a[@href=$h]", h="/companies/%s" % company_ids[NORDLYS])


def test_manager_menu_has_only_their_areas(ola, per, company_ids):
    cid = company_ids[BITPRO]
    root = ola.page("/companies/%s.xml" % cid)
    assert [a.text for a in root.findall("context/company/area")] == ["support"]
    assert root.find("context/company").get("role") == "manager"
    page = st.check_html(ola.get("/companies/%s" % cid))
    assert page.xpath("//a[@href=$h]", h="/companies/%s/cases" % cid)
    for missing in ("subscriptions", "users", "audit"):
        assert not page.xpath("//a[@href=$h]", h="/companies/%s/%s" % (cid, missing))
    # Per lacks support: no cases on the overview, no link, 403 on the pages.
    root = per.page("/companies/%s.xml" % cid)
    assert root.find("cases") is None
    page = st.check_html(per.get("/companies/%s" % cid))
    assert not page.xpath("//a[@href=$h]", h="/companies/%s/cases" % cid)


@pytest.mark.parametrize("path", ["/companies/{c}/cases", "/companies/{c}/cases/new",
                                  "/companies/{c}/cases/1"])
def test_area_missing_is_403(per, kari, company_ids, path):
    cid = company_ids[BITPRO]
    lid, _ = bitpro_location(kari, cid)
    p = path.format(c=cid, l=lid)
    r = per.get(p)
    assert r.status_code == 403
    st.check_html(r)
    r = per.get(p, xml=True)
    assert r.status_code == 403
    assert st.validate_xml(r).find("error").get("status") == "403"


def test_area_missing_post_is_403_and_stores_nothing(stack, per, kari, company_ids):
    cid = company_ids[BITPRO]
    csrf = per.page("/companies/%s.xml" % cid).findtext("context/csrf")
    key = per.page("/companies/%s.xml" % cid).findtext("context/formkey")
    m = marker()
    r = per.post("/companies/%s/cases/new" % cid, {
        "csrf": csrf, "formkey": key, "subject": m, "category": "other",
        "description": "x"})
    assert r.status_code == 403
    assert count(stack, "cases WHERE subject = '%s'" % m) == 0


# -- D1 support cases -------------------------------------------------------

def test_create_support_case(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    before = set(stack.mails_to("kari.nordmann@example.no"))
    data, r = new_case(kari, cid, description="Linje 2 er nede\nsiden i går.")
    assert r.status_code == 303
    loc = st.location_path(r)
    m = re.fullmatch(r"/companies/%s/cases/(\d+)\?done=case-created" % cid, loc)
    assert m, loc
    case_id = m.group(1)
    rows = stack.sql("SELECT company_id, kind, category, status, created_by FROM cases"
                     " WHERE id = %s" % case_id)
    assert rows == [(cid, "support", "technical", "new", "1")]
    assert count(stack, "case_comments WHERE case_id = %s" % case_id) == 1
    assert count(stack, "case_status_history WHERE case_id = %s AND to_status = 'new'"
                 % case_id) == 1
    audit = stack.sql("SELECT user_id, company_id, action, object, client_ip FROM audit_log"
                      " WHERE object_id = %s AND action = 'case-create'" % case_id)
    assert audit == [("1", cid, "case-create", "case", "127.0.0.1")]
    # The confirmation on the next page, and the case in the lists.
    root = kari.page(loc.replace("?", ".xml?"))
    assert root.find("context/flash").get("code") == "case-created"
    assert root.findtext("case/subject") == data["subject"]
    assert root.findtext("case/comments/comment/body") == "Linje 2 er nede\nsiden i går."
    page = st.check_html(kari.get(loc))
    assert st.i18n("nb")["flash.case-created"] in st.text_of(page)
    ids = [c.get("id") for c in kari.page("/companies/%s/cases.xml" % cid).iter("case")]
    assert ids[0] == case_id
    ov = kari.page("/companies/%s.xml" % cid)
    assert ov.find("cases/case").get("id") == case_id
    # The "case received" mail, through the outbox.
    mail = stack.wait_for_mail("kari.nordmann@example.no", before)
    assert case_id in st.mail_body(mail)


def test_double_submit_creates_one_case(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    data, r1 = new_case(kari, cid)
    r2 = kari.post("/companies/%s/cases/new" % cid, data)
    assert r1.status_code == r2.status_code == 303
    assert st.location_path(r1) == st.location_path(r2)
    assert count(stack, "cases WHERE subject = '%s'" % data["subject"]) == 1
    assert count(stack, "audit_log a JOIN cases k ON k.id = a.object_id"
                 " WHERE a.action = 'case-create' AND k.subject = '%s'" % data["subject"]) == 1


@pytest.mark.parametrize("field,value,code", [
    ("subject", "", "required"),
    ("subject", "   ", "required"),
    ("subject", "x" * 201, "too-long"),
    ("category", "", "required"),
    ("category", "hacking", "invalid"),
    ("description", "", "required"),
    ("description", "y" * 5001, "too-long"),
])
def test_case_bad_input_reshows_form(stack, kari, company_ids, field, value, code):
    cid = company_ids[BITPRO]
    m = marker()
    csrf, key = formkey(kari, "/companies/%s/cases/new" % cid)
    data = {"csrf": csrf, "formkey": key, "subject": m, "category": "billing",
            "description": "Beskrivelse " + m}
    data[field] = value
    r = kari.post("/companies/%s/cases/new" % cid, data, xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    errors = {e.get("field"): e.get("code") for e in root.findall("form/error")}
    assert errors == {field: code}
    values = {v.get("name"): v.text or "" for v in root.findall("form/value")}
    for other in ("subject", "category", "description"):
        if other != field:
            assert values[other] == data[other]
    assert root.findtext("context/formkey") == key   # the same key: still one case
    r = kari.post("/companies/%s/cases/new" % cid, data)
    assert r.status_code == 400
    page = st.check_html(r)
    assert page.xpath("//*[@aria-invalid='true']")
    msg = st.i18n("nb")["error." + code]
    assert msg in st.text_of(page)
    assert count(stack, "cases WHERE subject = '%s'" % m) == 0
    assert count(stack, "case_comments WHERE body = 'Beskrivelse %s'" % m) == 0


@pytest.mark.parametrize("csrf", [None, "", "A" * 43])
def test_case_without_right_csrf_is_403(stack, kari, company_ids, csrf):
    cid = company_ids[BITPRO]
    _, key = formkey(kari, "/companies/%s/cases/new" % cid)
    m = marker()
    data = {"formkey": key, "subject": m, "category": "other", "description": "x"}
    if csrf is not None:
        data["csrf"] = csrf
    r = kari.post("/companies/%s/cases/new" % cid, data)
    assert r.status_code == 403
    assert count(stack, "cases WHERE subject = '%s'" % m) == 0


def test_case_without_formkey_is_400(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    csrf, _ = formkey(kari, "/companies/%s/cases/new" % cid)
    m = marker()
    r = kari.post("/companies/%s/cases/new" % cid, {
        "csrf": csrf, "subject": m, "category": "other", "description": "x"})
    assert r.status_code == 400
    assert count(stack, "cases WHERE subject = '%s'" % m) == 0


def test_comment_on_waiting_case_moves_it_to_in_progress(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    data, r = new_case(kari, cid)
    case_id = re.search(r"/cases/(\d+)", st.location_path(r)).group(1)
    stack.sql("UPDATE cases SET status = 'waiting' WHERE id = %s" % case_id)
    path = "/companies/%s/cases/%s" % (cid, case_id)
    csrf, key = formkey(kari, path)
    before = set(stack.mails_to("kari.nordmann@example.no"))
    r = kari.post(path, {"csrf": csrf, "formkey": key, "body": "Her er svaret."})
    assert r.status_code == 303
    assert st.location_path(r) == path + "?done=comment-added"
    assert stack.sql("SELECT status FROM cases WHERE id = %s" % case_id) == [("in-progress",)]
    root = kari.page(path + ".xml")
    assert [c.findtext("body") for c in root.findall("case/comments/comment")][-1] == "Her er svaret."
    assert [h.findtext("to") for h in root.findall("case/history/change")][-1] == "in-progress"
    assert count(stack, "audit_log WHERE object_id = %s AND action = 'case-comment'" % case_id) == 1
    assert count(stack, "audit_log WHERE object_id = %s AND action = 'case-status'" % case_id) == 1
    mail = stack.wait_for_mail("kari.nordmann@example.no", before)
    assert case_id in st.mail_body(mail)
    # A second submit of the same form: no second comment.
    r = kari.post(path, {"csrf": csrf, "formkey": key, "body": "Her er svaret."})
    assert r.status_code == 303
    assert count(stack, "case_comments WHERE case_id = %s" % case_id) == 2


def test_comment_errors(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    data, r = new_case(kari, cid)
    case_id = re.search(r"/cases/(\d+)", st.location_path(r)).group(1)
    path = "/companies/%s/cases/%s" % (cid, case_id)
    csrf, key = formkey(kari, path)
    r = kari.post(path, {"csrf": csrf, "formkey": key, "body": " "}, xml=True)
    assert r.status_code == 400
    assert st.validate_xml(r).find("form/error").get("code") == "required"
    stack.sql("UPDATE cases SET status = 'closed' WHERE id = %s" % case_id)
    r = kari.post(path, {"csrf": csrf, "formkey": key, "body": "Hallo?"}, xml=True)
    assert r.status_code == 409
    root = st.validate_xml(r)
    assert root.find("form/error").get("code") == "closed"
    assert root.findtext("form/value") == "Hallo?"
    assert count(stack, "case_comments WHERE case_id = %s" % case_id) == 1


# -- M6 change requests, M7 latest status -------------------------------------

def test_change_request_from_manage_page(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    lid, sid = bitpro_location(kari, cid)
    path = "/locations/%s/manage" % lid
    root = kari.page(path + ".xml")
    assert root.find("context/company").get("id") == cid
    svc = root.find("location/service")
    assert svc.get("id") == sid and svc.findtext("ref") == "TSN-75606716"
    page = st.check_html(kari.get(path))
    assert "Mobilt bredbånd 100 GB (TSN-75606716)" in st.text_of(page)
    csrf, key = root.findtext("context/csrf"), root.findtext("context/formkey")
    m = marker()
    data = {"csrf": csrf, "formkey": key, "service": sid, "change": "more-data",
            "comment": m}
    r = kari.post(path, data)
    assert r.status_code == 303
    assert st.location_path(r) == path + "?done=change-requested"
    assert kari.post(path, data).status_code == 303          # double submit
    rows = stack.sql("SELECT k.id, k.kind, k.category, k.subject, k.location_id,"
                     " k.subscription_id, k.status FROM cases k JOIN case_comments t"
                     " ON t.case_id = k.id WHERE t.body = '%s'" % m)
    assert len(rows) == 1
    case_id = rows[0][0]
    assert rows[0][1:] == ("change", "more-data", "Mobilt bredbånd 100 GB (TSN-75606716)",
                           lid, sid, "new")
    assert count(stack, "audit_log WHERE object_id = %s AND action = 'change-request'"
                 % case_id) == 1
    root = kari.page(path + ".xml?done=change-requested")
    assert root.find("cases/case").get("id") == case_id
    # M7: the location overview shows the latest case and its status.
    loc = kari.page("/companies/%s/locations.xml" % cid).find("locations/location")
    assert loc.find("latest-case").get("id") == case_id
    assert loc.findtext("latest-case") == "new"
    # One list of all requests: change requests and support cases.
    kinds = {c.get("kind") for c in kari.page("/companies/%s/cases.xml" % cid).iter("case")}
    assert kinds == {"change", "support"}


@pytest.mark.parametrize("field,value,code", [
    ("service", "", "required"),
    ("service", "abc", "invalid"),
    ("service", "OTHER", "invalid"),       # another company's subscription
    ("change", "", "required"),
    ("change", "free-money", "invalid"),
    ("comment", "z" * 5001, "too-long"),
])
def test_change_request_bad_input(stack, kari, company_ids, field, value, code):
    cid = company_ids[BITPRO]
    lid, sid = bitpro_location(kari, cid)
    path = "/locations/%s/manage" % lid
    csrf, key = formkey(kari, path)
    m = marker()
    data = {"csrf": csrf, "formkey": key, "service": sid, "change": "move", "comment": m}
    if value == "OTHER":
        value = stack.sql("SELECT id FROM subscriptions WHERE ref = 'TSN-45100001'")[0][0]
    data[field] = value
    r = kari.post(path, data, xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    assert {e.get("field"): e.get("code") for e in root.findall("form/error")} == {field: code}
    values = {v.get("name"): v.text or "" for v in root.findall("form/value")}
    for other in ("service", "change", "comment"):
        if other != field:
            assert values[other] == data[other]
    assert count(stack, "case_comments WHERE body = '%s'" % m) == 0


# -- tenant isolation: another company's ids everywhere ------------------------

def test_other_company_gets_404_everywhere(stack, kari, mette, company_ids):
    cid = company_ids[BITPRO]
    lid, sid = bitpro_location(kari, cid)
    case_id = stack.sql("SELECT MIN(id) FROM cases WHERE company_id = %s" % cid)[0][0]
    paths = ["/companies/%s" % cid, "/companies/%s/locations" % cid,
             "/companies/%s/cases" % cid, "/companies/%s/cases/new" % cid,
             "/companies/%s/cases/%s" % (cid, case_id), "/locations/%s/manage" % lid]
    for p in paths:
        for xml in (False, True):
            r = mette.get(p, xml=xml)
            assert r.status_code == 404, (p, r.status_code)
            assert BITPRO not in r.text and "TSN-75606716" not in r.text
    # Posts with Mette's own valid CSRF and form key.
    mine = company_ids[FJORDNET]
    ctx = mette.page("/companies/%s.xml" % mine).find("context")
    csrf, key = ctx.findtext("csrf"), ctx.findtext("formkey")
    n_cases = count(stack, "cases")
    n_comments = count(stack, "case_comments")
    posts = [("/companies/%s/cases/new" % cid,
              {"subject": "x", "category": "other", "description": "x"}),
             ("/companies/%s/cases/%s" % (cid, case_id), {"body": "x"}),
             ("/locations/%s/manage" % lid, {"service": sid, "change": "move", "comment": "x"})]
    for p, data in posts:
        data.update(csrf=csrf, formkey=key)
        r = mette.post(p, data)
        assert r.status_code == 404, (p, r.status_code)
    # Her own company's URL with Bitpro's case or subscription: 404 too.
    r = mette.get("/companies/%s/cases/%s" % (mine, case_id))
    assert r.status_code == 404
    r = mette.post("/companies/%s/cases/%s" % (mine, case_id),
                   {"csrf": csrf, "formkey": key, "body": "x"})
    assert r.status_code == 404
    fj_loc = mette.page("/companies/%s/locations.xml" % mine).find("locations/location").get("id")
    r = mette.post("/locations/%s/manage" % fj_loc, {
        "csrf": csrf, "formkey": key, "service": sid, "change": "move", "comment": "x"},
        xml=True)
    assert r.status_code == 400
    assert count(stack, "cases") == n_cases
    assert count(stack, "case_comments") == n_comments


def test_unknown_flash_code_is_400(kari, company_ids):
    r = kari.get("/companies/%s?done=pwned" % company_ids[BITPRO])
    assert r.status_code == 400
