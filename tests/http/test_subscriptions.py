"""Issue #4, D4: subscriptions of a company: list (alphabetical, search,
sort, pages, CSV), a user's profile, cost centre, plan change and
termination through a confirmation step, history, areas and isolation."""

import csv
import io

import pytest

import stack as st

BITPRO, NORDLYS, FJORDNET = "Bitpro Demo AS", "Nordlys Eiendom AS", "Fjordnet ApS"


def max_audit(stack):
    return int(stack.sql("SELECT COALESCE(MAX(id), 0) FROM audit_log")[0][0])


def count(stack, where):
    return int(stack.sql("SELECT COUNT(*) FROM " + where)[0][0])


def sub_id(stack, ref):
    return stack.sql("SELECT id FROM subscriptions WHERE ref = '%s'" % ref)[0][0]


@pytest.fixture
def fresh_sub(stack):
    """Anne Berg's subscription, put back as the demo has it afterwards."""
    sid = sub_id(stack, "TSN-75607001")
    yield sid
    stack.sql("UPDATE subscriptions SET product_id = 2, monthly_price = 349.00,"
              " ends_on = NULL, cost_centre = 'Salg' WHERE id = %s;"
              " DELETE FROM subscription_history WHERE subscription_id = %s" % (sid, sid))


def test_list_alphabetical_search_sort(per, company_ids):
    cid = company_ids[BITPRO]
    root = per.page("/companies/%s/subscriptions.xml" % cid)
    names = [s.findtext("user/name") for s in root.iter("subscription")]
    assert names[:3] == ["Anne Berg", "Jonas Lie", "Lars Dahl"]
    assert names[-1] is None            # the location's subscription has no user
    assert root.find("subscriptions").get("total") == "4"
    root = per.page("/companies/%s/subscriptions.xml?q=jonas" % cid)
    assert [s.findtext("ref") for s in root.iter("subscription")] == ["TSN-75607002"]
    root = per.page("/companies/%s/subscriptions.xml?q=%%2B4791000007" % cid)
    assert [s.findtext("user/name") for s in root.iter("subscription")] == ["Lars Dahl"]
    root = per.page("/companies/%s/subscriptions.xml?q=Bedrift+Total+E" % cid)
    assert [s.findtext("user/name") for s in root.iter("subscription")] == ["Jonas Lie"]
    root = per.page("/companies/%s/subscriptions.xml?q=%%25" % cid)
    assert root.find("subscriptions").get("total") == "0"   # % is literal
    root = per.page("/companies/%s/subscriptions.xml?sort=subscription" % cid)
    refs = [s.findtext("ref") for s in root.iter("subscription")]
    assert refs == sorted(refs)
    root = per.page("/companies/%s/subscriptions.xml?sort=phone" % cid)
    phones = [s.findtext("user/phone") for s in root.iter("subscription")]
    assert phones[:3] == sorted(phones[:3])
    assert per.get("/companies/%s/subscriptions?sort=price" % cid).status_code == 400
    page = st.check_html(per.get("/companies/%s/subscriptions" % cid))
    assert "Anne Berg" in st.text_of(page) and "Kari" not in st.text_of(page)


def test_csv_export(per, company_ids):
    cid = company_ids[BITPRO]
    # English: "," and a decimal point (the nb/da dialect: tests/http/test_csv.py).
    r = per.get("/companies/%s/subscriptions.csv?q=TSN-756070&sort=email" % cid,
                cookies={"lang": "en"})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert b"\r\n" in r.content
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["name", "email", "phone", "subscription"]
    assert [row[0] for row in rows[1:]] == ["Anne Berg", "Jonas Lie", "Lars Dahl"]
    assert rows[1][2] == "'+4791000005" and rows[1][5] == "349.00"


def test_paging_with_many_rows(stack, per, company_ids):
    cid = company_ids[BITPRO]
    stack.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
              " currency, started_on) SELECT %s, 2, CONCAT('PG-', seq), 349.00, 'NOK',"
              " '2026-01-01' FROM seq_1_to_120" % cid)
    try:
        root = per.page("/companies/%s/subscriptions.xml?q=PG-&sort=subscription&page=3" % cid)
        s = root.find("subscriptions")
        assert (s.get("total"), s.get("pages"), s.get("page")) == ("120", "3", "3")
        assert len(s.findall("subscription")) == 20
        page = st.check_html(per.get("/companies/%s/subscriptions?q=PG-&page=2" % cid))
        assert page.xpath("//a[@rel='next']") and page.xpath("//a[@rel='prev']")
    finally:
        stack.sql("DELETE FROM subscriptions WHERE ref LIKE 'PG-%'")


def test_profile(per, stack, company_ids):
    cid = company_ids[BITPRO]
    sid = sub_id(stack, "TSN-75607001")
    root = per.page("/companies/%s/subscriptions/%s.xml" % (cid, sid))
    s = root.find("subscription")
    assert s.findtext("user/name") == "Anne Berg"
    assert s.findtext("product") == "Bedrift Total C (10 GB)"
    assert s.findtext("price") == "349.00" and s.findtext("cost-centre") == "Salg"
    assert [m.findtext("type") for m in s.findall("sims/sim")] == ["main", "twin"]
    assert [v.findtext("product") for v in s.findall("services/service")] == [
        "Ekstra Data 5 GB", "Nettvern"]
    plans = [p.findtext("product") for p in root.findall("plans/plan")]
    assert "Bedrift Total E (50 GB)" in plans and "Bedrift Total C (10 GB)" not in plans
    assert "Mobilt bredbånd 50 GB" not in plans          # DKK: another currency
    st.check_html(per.get("/companies/%s/subscriptions/%s" % (cid, sid)))


def test_cost_centre(stack, per, company_ids, fresh_sub):
    cid = company_ids[BITPRO]
    path = "/companies/%s/subscriptions/%s" % (cid, fresh_sub)
    mark = max_audit(stack)
    ctx = per.page(path + ".xml").find("context")
    data = {"csrf": ctx.findtext("csrf"), "formkey": ctx.findtext("formkey"),
            "cost-centre": "Marked, Oslo"}
    r = per.post(path, data)
    assert r.status_code == 303 and st.location_path(r) == path + "?done=cost-centre-saved"
    assert stack.sql("SELECT cost_centre FROM subscriptions WHERE id = %s" % fresh_sub) == [
        ("Marked, Oslo",)]
    assert count(stack, "audit_log WHERE action = 'cost-centre' AND object_id = %s AND id > %d"
                 % (fresh_sub, mark)) == 1
    data["cost-centre"] = "x" * 65
    data["formkey"] = per.page(path + ".xml").findtext("context/formkey")
    r = per.post(path, data, xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    assert root.find("form/error").get("code") == "too-long"
    assert root.findtext("form/value") == "x" * 65
    assert stack.sql("SELECT cost_centre FROM subscriptions WHERE id = %s" % fresh_sub) == [
        ("Marked, Oslo",)]


def test_plan_change_confirmed(stack, per, company_ids, fresh_sub):
    cid = company_ids[BITPRO]
    path = "/companies/%s/subscriptions/%s" % (cid, fresh_sub)
    mark = max_audit(stack)
    # GET asks; nothing changes.
    r = per.get(path + "/plan.xml?product=3")
    root = st.validate_xml(r)
    assert root.get("name") == "subscription-confirm"
    assert root.findtext("confirm/plan/product") == "Bedrift Total E (50 GB)"
    st.check_html(per.get(path + "/plan?product=3"))
    assert stack.sql("SELECT product_id FROM subscriptions WHERE id = %s" % fresh_sub) == [("2",)]
    data = {"csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey"),
            "product": "3"}
    r = per.post(path + "/plan", data)
    assert r.status_code == 303 and st.location_path(r) == path + "?done=plan-changed"
    assert per.post(path + "/plan", data).status_code == 303     # double submit
    assert stack.sql("SELECT product_id, monthly_price FROM subscriptions WHERE id = %s"
                     % fresh_sub) == [("3", "549.00")]
    assert count(stack, "subscription_history WHERE subscription_id = %s" % fresh_sub) == 1
    assert count(stack, "audit_log WHERE action = 'plan-change' AND object_id = %s AND id > %d"
                 % (fresh_sub, mark)) == 1
    hist = per.page(path + ".xml").find("subscription/history/entry")
    assert hist.findtext("from") == "Bedrift Total C (10 GB)"
    assert hist.findtext("to") == "Bedrift Total E (50 GB)"
    # Another currency, a topup, the same plan, an unknown product: 400.
    for bad in ("5", "6", "3", "999999"):
        r = per.get(path + "/plan.xml?product=" + bad)
        assert r.status_code == 400, bad
        assert st.validate_xml(r).find("form/error").get("code") == "invalid"


def test_terminate_confirmed(stack, per, company_ids, fresh_sub):
    cid = company_ids[BITPRO]
    path = "/companies/%s/subscriptions/%s" % (cid, fresh_sub)
    mark = max_audit(stack)
    for bad, code in (("2020-01-01", "past-date"), ("2026-02-30", "invalid"), ("", "required")):
        r = per.get(path + "/terminate.xml?date=" + bad)
        assert r.status_code == 400
        root = st.validate_xml(r)
        assert root.find("form[@name='terminate']/error").get("code") == code
    # The reason: one of the list, words of one's own required for "other".
    long_note = "ø" * 201
    for q, field, code in (("", "reason", "required"), ("&reason=bored", "reason", "invalid"),
                           ("&reason=other", "note", "required"),
                           ("&reason=other&note=%20%20", "note", "required"),
                           ("&reason=cost&note=" + long_note, "note", "too-long")):
        r = per.get(path + "/terminate.xml?date=2099-12-31" + q)
        assert r.status_code == 400, q
        root = st.validate_xml(r)
        err = root.find("form[@name='terminate']/error")
        assert (err.get("field"), err.get("code")) == (field, code), q
        assert root.findtext("form[@name='terminate']/value[@name='date']") == "2099-12-31"
    r = per.get(path + "/terminate?date=2099-12-31&reason=other")
    assert st.check_html(r).xpath("//select[@name='reason']/option[@selected]/@value") == [
        "other"]
    r = per.get(path + "/terminate.xml?date=2099-12-31&reason=other&note=Samlet%20hos%20%C3%A9n")
    assert r.status_code == 200, r.text[-600:]
    root = st.validate_xml(r)
    assert root.find("confirm/end-reason").get("code") == "other"
    assert root.findtext("confirm/end-reason") == "Samlet hos én"
    page = st.check_html(per.get(path + "/terminate?date=2099-12-31&reason=other"
                                        "&note=Samlet%20hos%20%C3%A9n"))
    assert page.xpath("//input[@name='reason']/@value") == ["other"]
    assert page.xpath("//input[@name='note']/@value") == ["Samlet hos én"]
    assert "Annet: Samlet hos én" in " ".join(page.xpath("//strong//text()"))
    data = {"csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey"),
            "date": "2099-12-31"}
    # A POST without a reason, or "other" without words: 400, nothing written.
    assert per.post(path + "/terminate", data).status_code == 400
    assert per.post(path + "/terminate", dict(data, reason="other")).status_code == 400
    assert stack.sql("SELECT ends_on IS NULL FROM subscriptions WHERE id = %s" % fresh_sub) == [
        ("1",)]
    data.update(reason="other", note="Samlet hos én")
    data_past = dict(data, date="2001-01-01")
    assert per.post(path + "/terminate", data_past).status_code == 400
    r = per.post(path + "/terminate", data)
    assert r.status_code == 303 and st.location_path(r) == path + "?done=terminated"
    assert stack.sql("SELECT ends_on, end_reason, end_note FROM subscriptions WHERE id = %s"
                     % fresh_sub) == [("2099-12-31", "other", "Samlet hos én")]
    # Shown on the subscription's page and in its history.
    root = st.validate_xml(per.get(path + ".xml"))
    assert root.find("subscription/end-reason").get("code") == "other"
    entry = root.find("subscription/history/entry")
    assert (entry.findtext("action"), entry.findtext("detail")) == ("termination", "other")
    page = st.check_html(per.get(path))
    assert page.xpath("normalize-space(//dd[@class='end-reason'])") == "Annet: Samlet hos én"
    assert "(Annet: Samlet hos én)" in " ".join(page.xpath("//ul[@class='history']//text()"))
    assert count(stack, "audit_log WHERE action = 'terminate' AND object_id = %s AND id > %d"
                 % (fresh_sub, mark)) == 1
    # A terminated subscription cannot be terminated or changed again.
    data["formkey"] = per.page(path + ".xml").findtext("context/formkey")
    r = per.post(path + "/terminate", data)
    assert r.status_code == 409
    assert count(stack, "subscription_history WHERE subscription_id = %s" % fresh_sub) == 1


def test_area_and_isolation(stack, ola, mette, per, company_ids):
    cid = company_ids[BITPRO]
    sid = sub_id(stack, "TSN-75607001")
    paths = ["/companies/%s/subscriptions" % cid, "/companies/%s/subscriptions.csv" % cid,
             "/companies/%s/subscriptions/%s" % (cid, sid),
             "/companies/%s/subscriptions/%s/plan?product=3" % (cid, sid),
             "/companies/%s/subscriptions/%s/terminate?date=2099-01-01" % (cid, sid)]
    for client, status in ((ola, 403), (mette, 404)):
        for p in paths:
            assert client.get(p).status_code == status, p
    mine = company_ids[FJORDNET]
    ctx = mette.page("/companies/%s.xml" % mine).find("context")
    base = {"csrf": ctx.findtext("csrf"), "formkey": ctx.findtext("formkey")}
    before = stack.sql("SELECT product_id, ends_on, cost_centre FROM subscriptions WHERE id = %s" % sid)
    for c in (cid, mine):
        for suffix, data in (("", {"cost-centre": "X"}), ("/plan", {"product": "3"}),
                             ("/terminate", {"date": "2099-01-01"})):
            r = mette.post("/companies/%s/subscriptions/%s%s" % (c, sid, suffix),
                           dict(base, **data))
            assert r.status_code == 404, (c, suffix)
        assert mette.get("/companies/%s/subscriptions/%s" % (c, sid)).status_code == 404
    assert stack.sql("SELECT product_id, ends_on, cost_centre FROM subscriptions WHERE id = %s"
                     % sid) == before
    # Mette's own list holds nothing of Bitpro's.
    r = mette.get("/companies/%s/subscriptions.csv" % mine)
    assert "TSN-756" not in r.text and "Søren Nielsen" in r.text
