"""Bulk changes (B7): many subscriptions chosen by the list's search or by
an uploaded CSV of numbers, one change (plan, service added or removed,
cost centre) confirmed once per form key and worked as a background job
by the mail child, its progress page, its lines with outcome and reason,
the result CSV, 5 000 subscriptions of a company of the test's own, and
another company's job invisible."""

import csv
import io
import time
import uuid

import pytest

import stack as st

BITPRO, FJORDNET = "Bitpro Demo AS", "Fjordnet ApS"
AREAS = ("subscriptions", "orders")
BTC10, BTE50, FIB500 = "2", "3", "4"     # plans of the demo catalogue (NOK)
NETV = "12"                              # a service of it
MANY = 5000


def one(stack, query):
    return stack.sql(query)[0][0]


def count(stack, where):
    return int(one(stack, "SELECT COUNT(*) FROM " + where))


def own_company(stack, n, prefix):
    """A company of the test's own with n active subscriptions on BTC10,
    numbered PREFIX-000001 …; returns its id."""
    orgnr = str(900000000 + int(uuid.uuid4().int % 99999999))[:9]
    stack.sql("INSERT INTO companies (name, orgnr, country, street, postcode, city)"
              " VALUES ('Bulk %s AS', '%s', 'NO', 'Gate 1', '0150', 'Oslo')"
              % (prefix, orgnr))
    cid = one(stack, "SELECT id FROM companies WHERE orgnr = '%s'" % orgnr)
    stack.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
              " currency, started_on) SELECT %s, 2, CONCAT('%s-', LPAD(seq, 6, '0')),"
              " 349.00, 'NOK', '2024-01-01' FROM seq_1_to_%d" % (cid, prefix, n))
    return cid


def new_form(client, cid, q=""):
    root = client.page("/companies/%s/bulk/new.xml?q=%s" % (cid, q))
    return root, {"csrf": root.findtext("context/csrf"),
                  "formkey": root.findtext("context/formkey")}


def draft(client, cid, status=303, files=None, **fields):
    _, data = new_form(client, cid)
    data.update(fields)
    r = client.post("/companies/%s/bulk/new" % cid, data,
                    files=files or {"file": ("", b"", "application/octet-stream")})
    assert r.status_code == status, r.text[:3000]
    return r if status != 303 else st.location_path(r)


def confirm(client, path):
    root = client.page(path + ".xml")
    data = {"csrf": root.findtext("context/csrf"),
            "formkey": root.findtext("context/formkey")}
    r = client.post(path, data)
    assert r.status_code == 303 and st.location_path(r) == path + "?done=bulk-queued"
    return data


def wait_done(client, path, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        job = client.page(path + ".xml").find("job")
        if job.get("state") == "done":
            return job
        time.sleep(0.5)
    pytest.fail("the job %s did not finish: %s" % (path, job.attrib))


def lines(client, path, failed=False):
    """Every line of the job: ref -> (outcome, reason, detail)."""
    out, page = {}, 1
    while True:
        root = client.page("%s.xml?page=%d%s" % (path, page, "&failed=yes" if failed else ""))
        st.validate_xml(client.get("%s.xml?page=%d" % (path, page)))
        for ln in root.iter("line"):
            out[ln.findtext("ref")] = (ln.get("outcome"), ln.findtext("reason"),
                                       ln.findtext("detail"))
        if page >= int(root.find("job/lines").get("pages")):
            return out
        page += 1


@pytest.fixture
def bitpro_subs(stack, company_ids):
    """Bitpro's subscriptions put back as the demo has them afterwards."""
    cid = company_ids[BITPRO]
    saved = stack.sql("SELECT id, product_id, monthly_price, COALESCE(cost_centre, '')"
                      " FROM subscriptions WHERE company_id = %s" % cid)
    services = stack.sql("SELECT v.id, v.subscription_id, v.product_id, v.monthly_price,"
                         " v.currency, v.started_on FROM subscription_services v"
                         " JOIN subscriptions s ON s.id = v.subscription_id"
                         " WHERE s.company_id = %s" % cid)
    last = one(stack, "SELECT COALESCE(MAX(id), 0) FROM subscription_history")
    yield cid
    for sid, pid, price, cc in saved:
        stack.sql("UPDATE subscriptions SET product_id = %s, monthly_price = %s,"
                  " cost_centre = NULLIF('%s', '') WHERE id = %s" % (pid, price, cc, sid))
    stack.sql("DELETE v FROM subscription_services v JOIN subscriptions s"
              " ON s.id = v.subscription_id WHERE s.company_id = %s;"
              "DELETE h FROM subscription_history h JOIN subscriptions s"
              " ON s.id = h.subscription_id WHERE s.company_id = %s AND h.id > %s"
              % (cid, cid, last))
    for row in services:
        stack.sql("INSERT INTO subscription_services (id, subscription_id, product_id,"
                  " monthly_price, currency, started_on) VALUES (%s, %s, %s, %s, '%s', '%s')"
                  % tuple(row))


def test_search_selection_plan_change_in_history(stack, member, bitpro_subs):
    cid = bitpro_subs
    admin = member(cid, AREAS, "admin")
    # The list offers the change of all it finds, not one page of it.
    page = st.check_html(admin.get("/companies/%s/subscriptions?q=TSN-756070" % cid))
    assert page.xpath("//form[@action=$a]//input[@name='q'][@value='TSN-756070']",
                      a="/companies/%s/bulk/new" % cid)
    root, _ = new_form(admin, cid, "TSN-756070")
    assert root.find("bulk-new").get("matches") == "3"
    assert root.find("bulk-new/plans/plan[@id='%s']" % BTE50) is not None
    assert root.find("bulk-new/services/service[@id='%s']" % NETV) is not None
    st.validate_xml(admin.get("/companies/%s/bulk/new.xml?q=TSN-756070" % cid))
    path = draft(admin, cid, source="search", q="TSN-756070", kind="plan", plan=BTE50)
    job = admin.page(path + ".xml").find("job")
    assert job.get("state") == "draft" and job.get("total") == "3"
    assert job.findtext("selection") == "TSN-756070"
    # Nothing changes before it is confirmed (Jonas Lie is on it already).
    assert count(stack, "subscriptions WHERE company_id = %s AND product_id = %s"
                 " AND ref LIKE 'TSN-756070%%'" % (cid, BTE50)) == 1
    page = st.check_html(admin.get(path))
    assert page.xpath("//form[@action=$a][@method='post']", a=path)
    data = confirm(admin, path)
    # The same form key again: one job, confirmed once.
    r = admin.post(path, data)
    assert r.status_code == 303
    assert count(stack, "audit_log WHERE action = 'bulk-confirm' AND object_id = %s"
                 % path.rsplit("/", 1)[1]) == 1
    job = wait_done(admin, path)
    got = lines(admin, path)
    # Jonas Lie is on the plan already: his line fails with that reason.
    assert got["TSN-75607002"][:2] == ("failed", "same-plan")
    changed = sorted(ref for ref, (o, _, _) in got.items() if o == "done")
    assert changed == ["TSN-75607001", "TSN-75607003"]
    assert (job.get("done"), job.get("failed"), job.get("left")) == ("2", "1", "0")
    for ref in changed:
        sid = one(stack, "SELECT id FROM subscriptions WHERE ref = '%s'" % ref)
        assert one(stack, "SELECT product_id FROM subscriptions WHERE id = %s" % sid) == BTE50
        hist = admin.page("/companies/%s/subscriptions/%s.xml" % (cid, sid))
        entry = hist.find("subscription/history/entry")
        assert entry.findtext("action") == "plan-change"
        assert entry.findtext("by") == "Test Admin"
    assert got[changed[0]][2].endswith("-> Bedrift Total E (50 GB)")
    # The list of the company's jobs has it, and its page stops refreshing.
    jobs = admin.page("/companies/%s/bulk.xml" % cid)
    assert jobs.find("bulk-jobs/job[@id='%s']" % path.rsplit("/", 1)[1]) is not None
    st.validate_xml(admin.get("/companies/%s/bulk.xml" % cid))
    assert job.get("refresh") is None
    assert not st.check_html(admin.get(path)).xpath("//meta[@http-equiv='refresh']")


def test_csv_selection_with_unknown_and_foreign_numbers(stack, member, company_ids,
                                                       bitpro_subs):
    cid, other = bitpro_subs, company_ids[FJORDNET]
    admin = member(cid, AREAS, "admin")
    foreign = one(stack, "SELECT MIN(ref) FROM subscriptions WHERE company_id = %s" % other)
    foreign_cc = one(stack, "SELECT COALESCE(cost_centre, '') FROM subscriptions"
                            " WHERE ref = '%s'" % foreign)
    body = ("subscription\nTSN-75607001\n\n NO-SUCH-1 \n%s\n\"TSN-75607002\"\nTSN-75607001\n"
            % foreign).encode()
    path = draft(admin, cid, source="file", kind="cost-centre", **{"cost-centre": "Bulk-42"},
                 files={"file": ("numbers.csv", body, "text/csv")})
    job = admin.page(path + ".xml").find("job")
    assert job.get("total") == "5" and job.get("failed") == "3" and job.get("left") == "2"
    assert job.findtext("selection") == "numbers.csv"
    got = lines(admin, path)
    assert got["NO-SUCH-1"][:2] == ("failed", "unknown-number")
    assert got[foreign][:2] == ("failed", "unknown-number")
    page = st.check_html(admin.get(path))
    assert "Bulk-42" in st.text_of(page)
    confirm(admin, path)
    job = wait_done(admin, path)
    assert (job.get("done"), job.get("failed")) == ("2", "3")
    got = lines(admin, path, failed=True)
    assert set(got) == {"NO-SUCH-1", foreign, "TSN-75607001"}
    assert got["TSN-75607001"][1] == "duplicate"
    assert count(stack, "subscriptions WHERE company_id = %s AND cost_centre = 'Bulk-42'"
                 % cid) == 2
    # The other company's subscription is untouched.
    assert one(stack, "SELECT COALESCE(cost_centre, '') FROM subscriptions WHERE ref = '%s'"
               % foreign) == foreign_cc
    sid = one(stack, "SELECT id FROM subscriptions WHERE ref = 'TSN-75607002'")
    entry = admin.page("/companies/%s/subscriptions/%s.xml" % (cid, sid)).find(
        "subscription/history/entry")
    assert (entry.findtext("action"), entry.findtext("detail")) == ("cost-centre", "Bulk-42")
    # The result as CSV: every line with its outcome and reason.
    r = admin.get(path + "/result.csv", cookies={"lang": "en"})
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["line", "subscription", "outcome", "reason", "detail"]
    assert [row[1:4] for row in rows[1:]] == [
        ["TSN-75607001", "done", ""], ["NO-SUCH-1", "failed", "unknown-number"],
        [foreign, "failed", "unknown-number"], ["TSN-75607002", "done", ""],
        ["TSN-75607001", "failed", "duplicate"]]


def test_service_added_then_removed(stack, member, bitpro_subs):
    cid = bitpro_subs
    admin = member(cid, AREAS, "admin")
    refs = ("TSN-75607001", "TSN-75607002")
    body = "\n".join(refs).encode()
    before = {r: count(stack, "subscription_services v JOIN subscriptions s ON"
                       " s.id = v.subscription_id WHERE s.ref = '%s' AND v.product_id = %s"
                       % (r, NETV)) for r in refs}
    path = draft(admin, cid, source="file", kind="service-add", service=NETV,
                 files={"file": ("a.csv", body, "text/csv")})
    confirm(admin, path)
    wait_done(admin, path)
    got = lines(admin, path)
    for r in refs:
        n = count(stack, "subscription_services v JOIN subscriptions s ON"
                  " s.id = v.subscription_id WHERE s.ref = '%s' AND v.product_id = %s"
                  % (r, NETV))
        assert n == 1
        assert got[r][:2] == (("failed", "has-service") if before[r] else ("done", None))
    sid = one(stack, "SELECT id FROM subscriptions WHERE ref = 'TSN-75607002'")
    prof = admin.page("/companies/%s/subscriptions/%s.xml" % (cid, sid))
    assert prof.find("subscription/services/service/product[@code='NETV']") is not None
    st.validate_xml(admin.get("/companies/%s/subscriptions/%s.xml" % (cid, sid)))
    path = draft(admin, cid, source="file", kind="service-remove", service=NETV,
                 files={"file": ("r.csv", body, "text/csv")})
    confirm(admin, path)
    job = wait_done(admin, path)
    assert job.get("done") == "2"
    assert count(stack, "subscription_services WHERE subscription_id = %s AND product_id = %s"
                 % (sid, NETV)) == 0
    actions = [e.findtext("action") for e in admin.page(
        "/companies/%s/subscriptions/%s.xml" % (cid, sid)).iter("entry")]
    assert actions[:2] == ["service-remove", "service-add"]
    page = st.check_html(admin.get("/companies/%s/subscriptions/%s" % (cid, sid)))
    assert "Nettvern" in st.text_of(page)


def test_bad_input_is_refused_and_creates_nothing(stack, member, company_ids):
    cid = company_ids[BITPRO]
    admin = member(cid, AREAS, "admin")
    jobs = count(stack, "bulk_jobs WHERE company_id = %s" % cid)
    cases = [
        (dict(source="search", q="", kind="rename"), "kind", "required"),
        (dict(source="search", q="", kind="plan"), "plan", "required"),
        (dict(source="search", q="", kind="plan", plan="5"), "plan", "invalid"),  # DKK plan
        (dict(source="search", q="", kind="service-add", service=BTC10), "service",
         "invalid"),
        (dict(source="search", q="", kind="cost-centre", **{"cost-centre": "x" * 65}),
         "cost-centre", "invalid"),
        (dict(source="search", q="no such thing at all", kind="plan", plan=BTE50), "q",
         "invalid"),
        (dict(source="file", kind="plan", plan=BTE50), "file", "required"),
        (dict(source="elsewhere", kind="plan", plan=BTE50), "source", "required"),
    ]
    for fields, field, code in cases:
        r = draft(admin, cid, status=400, **fields)
        root = admin.page("/companies/%s/bulk/new.xml" % cid)   # a page still answers
        assert root.find("bulk-new") is not None
        page = st.check_html(r)
        assert page.xpath("//*[contains(@class, 'field-error')]"), fields
        r = admin.post("/companies/%s/bulk/new.xml" % cid, dict(
            new_form(admin, cid)[1], **fields), files={"file": ("", b"", "text/plain")})
        err = st.validate_xml(r).find("form/error")
        assert (err.get("field"), err.get("code")) == (field, code), fields
    # A file with no number in it.
    draft(admin, cid, status=400, source="file", kind="plan", plan=BTE50,
          files={"file": ("e.csv", b"\n \n", "text/csv")})
    assert count(stack, "bulk_jobs WHERE company_id = %s" % cid) == jobs


def test_another_companys_job_is_invisible(stack, member, company_ids):
    cid, other = company_ids[BITPRO], company_ids[FJORDNET]
    mine = member(other, AREAS, "admin")
    path = draft(mine, other, source="search", q="", kind="cost-centre",
                 **{"cost-centre": ""})
    jid = path.rsplit("/", 1)[1]
    admin = member(cid, AREAS, "admin")
    for p in ("/companies/%s/bulk/%s" % (cid, jid),
              "/companies/%s/bulk/%s/result.csv" % (cid, jid)):
        assert admin.get(p).status_code == 404
    root = admin.page("/companies/%s/bulk.xml" % cid)
    assert root.find("bulk-jobs/job[@id='%s']" % jid) is None
    # Confirming it through one's own company does not reach it.
    data = new_form(admin, cid)[1]
    assert admin.post("/companies/%s/bulk/%s" % (cid, jid), data).status_code == 404
    assert one(stack, "SELECT state FROM bulk_jobs WHERE id = %s" % jid) == "draft"
    # A member without the orders area may not make one.
    plain = member(cid, ("subscriptions",))
    assert plain.get("/companies/%s/bulk" % cid).status_code == 403
    stack.sql("DELETE FROM bulk_jobs WHERE id = %s" % jid)


def test_five_thousand_subscriptions(stack, member):
    prefix = "BK%s" % uuid.uuid4().hex[:6].upper()
    cid = own_company(stack, MANY, prefix)
    admin = member(cid, AREAS, "admin")
    root, _ = new_form(admin, cid, prefix)
    assert root.find("bulk-new").get("matches") == str(MANY)
    path = draft(admin, cid, source="search", q=prefix, kind="plan", plan=FIB500)
    assert admin.page(path + ".xml").find("job").get("total") == str(MANY)
    confirm(admin, path)
    # While it waits or runs, its page refreshes itself.
    job = admin.page(path + ".xml").find("job")
    if job.get("state") != "done":
        assert job.get("refresh")
        assert st.check_html(admin.get(path)).xpath("//meta[@http-equiv='refresh']")
    start = time.time()
    job = wait_done(admin, path, timeout=300)
    print("bulk: %d subscriptions in %.1f s" % (MANY, time.time() - start))
    assert (job.get("total"), job.get("done"), job.get("failed"), job.get("left")) == (
        str(MANY), str(MANY), "0", "0")
    assert count(stack, "subscriptions WHERE company_id = %s AND product_id = %s"
                 % (cid, FIB500)) == MANY
    assert count(stack, "subscription_history h JOIN subscriptions s ON"
                 " s.id = h.subscription_id WHERE s.company_id = %s"
                 " AND h.action = 'plan-change'" % cid) == MANY
    r = admin.get(path + "/result.csv")
    rows = r.content.decode("utf-8-sig").splitlines()
    assert len(rows) == MANY + 1
    root = admin.page(path + ".xml?page=50")
    assert len(root.findall("job/lines/line")) == 100
    assert root.find("job/lines").get("pages") == "50"
    st.validate_xml(admin.get(path + ".xml?page=50"))
    stack.sql("DELETE FROM companies WHERE id = %s" % cid)


def test_the_command_works_what_is_queued(stack, member, company_ids):
    r = stack.selfcare("bulk", check=False)
    assert r.returncode == 64 and b"--queued" in r.stdout
    r = stack.selfcare("bulk", "--queued", check=False)
    assert r.returncode == 0, r.stdout


def bars_of(stack, cid, prefix):
    """ref -> (data, abroad, premium) of the company's subscriptions."""
    return {r[0]: tuple(r[1:]) for r in stack.sql(
        "SELECT ref, bar_data, bar_abroad, bar_premium FROM subscriptions"
        " WHERE company_id = %s AND ref LIKE '%s-%%'" % (cid, prefix))}


def test_bar_over_a_selection_then_unbar_from_a_file(stack, member, company_ids):
    prefix = "BB%s" % uuid.uuid4().hex[:6].upper()
    cid = own_company(stack, 4, prefix)
    ref = ["%s-%06d" % (prefix, i) for i in range(1, 5)]
    # 1 has the bars asked for already, 2 has premium barred, 4 is terminated.
    stack.sql("UPDATE subscriptions SET bar_data = 1, bar_abroad = 1 WHERE ref = '%s';"
              "UPDATE subscriptions SET bar_premium = 1 WHERE ref = '%s';"
              "UPDATE subscriptions SET status = 'terminated' WHERE ref = '%s'"
              % (ref[0], ref[1], ref[3]))
    admin = member(cid, AREAS, "admin")
    mark = one(stack, "SELECT COALESCE(MAX(id), 0) FROM audit_log")
    path = draft(admin, cid, source="search", q=prefix, kind="bars",
                 **{"bar-data": "bar", "bar-abroad": "bar", "bar-premium": "unbar"})
    root = st.validate_xml(admin.get(path + ".xml"))
    change = root.find("job/change")
    assert change.get("kind") == "bars"
    assert {(b.get("flag"), b.get("to")) for b in change.findall("bar")} == {
        ("data", "bar"), ("abroad", "bar"), ("premium", "unbar")}
    page = st.check_html(admin.get(path))
    text = " ".join(page.xpath("//dd//text()"))
    assert "Sperr Data, Samtaler til utlandet; Opphev sperre Spesialnumre" in text, text
    assert bars_of(stack, cid, prefix)[ref[2]] == ("0", "0", "0")    # a draft changes nothing
    confirm(admin, path)
    job = wait_done(admin, path)
    assert (job.get("total"), job.get("done"), job.get("failed")) == ("4", "3", "1")
    got = lines(admin, path)
    assert got[ref[0]] == ("done", None, "unchanged")
    assert got[ref[1]] == ("done", None, "bar data, abroad; unbar premium")
    assert got[ref[2]] == ("done", None, "bar data, abroad")
    assert got[ref[3]] == ("failed", "terminated", None)
    assert bars_of(stack, cid, prefix) == {ref[0]: ("1", "1", "0"), ref[1]: ("1", "1", "0"),
                                           ref[2]: ("1", "1", "0"), ref[3]: ("0", "0", "0")}
    # The same history and audit as one by one: a row per flag that changed.
    hist = stack.sql("SELECT s.ref, h.action, h.detail, h.user_id FROM subscription_history h"
                     " JOIN subscriptions s ON s.id = h.subscription_id"
                     " WHERE s.company_id = %s ORDER BY s.ref, h.id" % cid)
    assert sorted((r[0], r[1], r[2]) for r in hist) == sorted([
        (ref[1], "bar", "data"), (ref[1], "bar", "abroad"), (ref[1], "unbar", "premium"),
        (ref[2], "bar", "data"), (ref[2], "bar", "abroad")])
    assert {r[3] for r in hist} == {admin.user_id}
    assert count(stack, "audit_log WHERE company_id = %s AND action IN ('bar', 'unbar')"
                 " AND id > %s" % (cid, mark)) == 5
    rows = list(csv.reader(io.StringIO(admin.get(path + "/result.csv").content
                                       .decode("utf-8-sig")), delimiter=";"))  # nb: ';'
    assert rows[0] == ["line", "subscription", "outcome", "reason", "detail"]
    assert [r[1:] for r in rows[1:]] == [
        [ref[0], "done", "", "unchanged"], [ref[1], "done", "", "bar data, abroad; unbar premium"],
        [ref[2], "done", "", "bar data, abroad"], [ref[3], "failed", "terminated", ""]]
    # Unbar data from a file of two numbers; abroad and premium left as they are.
    body = ("%s\n%s\n" % (ref[0], ref[2])).encode()
    path = draft(admin, cid, source="file", kind="bars", files={
        "file": ("unbar.csv", body, "text/csv")}, **{"bar-data": "unbar", "bar-abroad": "keep"})
    confirm(admin, path)
    job = wait_done(admin, path)
    assert (job.get("total"), job.get("done"), job.get("failed")) == ("2", "2", "0")
    assert lines(admin, path)[ref[2]] == ("done", None, "unbar data")
    assert bars_of(stack, cid, prefix) == {ref[0]: ("0", "1", "0"), ref[1]: ("1", "1", "0"),
                                           ref[2]: ("0", "1", "0"), ref[3]: ("0", "0", "0")}
    # The subscription's own page shows what the job did.
    sid = one(stack, "SELECT id FROM subscriptions WHERE ref = '%s'" % ref[2])
    root = admin.page("/companies/%s/subscriptions/%s.xml" % (cid, sid))
    assert [e.findtext("action") for e in root.findall("subscription/history/entry")] == [
        "unbar", "bar", "bar"]
    stack.sql("DELETE FROM companies WHERE id = %s" % cid)


def test_bars_bad_input_is_refused_and_creates_nothing(stack, member, company_ids):
    cid = company_ids[BITPRO]
    admin = member(cid, AREAS, "admin")
    jobs = count(stack, "bulk_jobs WHERE company_id = %s" % cid)
    for fields, field, code in (
            ({}, "bars", "required"),
            ({"bar-data": "keep", "bar-abroad": "keep", "bar-premium": "keep"}, "bars",
             "required"),
            ({"bar-data": "maybe"}, "bar-data", "invalid"),
            ({"bar-premium": "BAR"}, "bar-premium", "invalid")):
        data = dict(new_form(admin, cid)[1], source="search", q="", kind="bars", **fields)
        r = admin.post("/companies/%s/bulk/new.xml" % cid, data,
                       files={"file": ("", b"", "text/plain")})
        assert r.status_code == 400, fields
        root = st.validate_xml(r)
        err = root.find("form/error")
        assert (err.get("field"), err.get("code")) == (field, code), fields
        # What was typed is kept.
        for k, v in fields.items():
            assert root.find("form/value[@name='%s']" % k).text == v
        r = admin.post("/companies/%s/bulk/new" % cid, dict(data, **new_form(admin, cid)[1]),
                       files={"file": ("", b"", "text/plain")})
        assert r.status_code == 400
        assert st.check_html(r).xpath("//*[contains(@class, 'field-error')]"), fields
    assert count(stack, "bulk_jobs WHERE company_id = %s" % cid) == jobs
