"""All of a company's requests on one page: orders, change requests and
cases with their state and last change, newest first; filtered by kind,
state, the date of the last change and a text; paged; as CSV. A member
sees the kinds of the areas they hold; another company's requests never."""

import csv
import io
import uuid

import pytest

import declared
import stack as st
from test_orders import place

BITPRO, FJORDNET = "Bitpro Demo AS", "Fjordnet ApS"


def add_case(stack, cid, kind, subject, status="new", updated="NOW()"):
    stack.sql("INSERT INTO cases (company_id, kind, category, subject, status, created_at,"
              " updated_at) VALUES (%s, '%s', 'other', '%s', '%s', %s, %s)"
              % (cid, kind, subject, status, updated, updated))
    return stack.sql("SELECT MAX(id) FROM cases WHERE company_id = %s" % cid)[0][0]


def requests(client, cid, query=""):
    return client.page("/companies/%s/requests%s" % (cid, query))


def listed(root):
    return [(r.get("kind"), r.get("id")) for r in root.findall("requests/request")]


@pytest.fixture
def three(kari, stack, company_ids):
    """An order, a change request and a case of Bitpro, with one word in
    each title; the case changed last."""
    cid = company_ids[BITPRO]
    tag = uuid.uuid4().hex[:8]
    _, path = place(kari, cid, quantity="1")
    oid = path.rsplit("/", 1)[1]
    # After everything of the company so far.
    last = stack.sql("SELECT GREATEST((SELECT MAX(updated_at) FROM orders),"
                     " (SELECT MAX(updated_at) FROM cases))")[0][0]
    at = lambda m: "'%s' + INTERVAL %d MINUTE" % (last, m)
    stack.sql("UPDATE orders SET updated_at = %s WHERE id = %s" % (at(1), oid))
    change = add_case(stack, cid, "change", "Move %s" % tag, updated=at(2))
    case = add_case(stack, cid, "support", "Broken %s" % tag, status="waiting",
                    updated=at(3))
    return cid, tag, oid, change, case


def test_every_kind_newest_first(kari, three):
    cid, tag, oid, change, case = three
    root = requests(kari, cid)
    assert [k.text for k in root.findall("kinds/kind")] == ["order", "change", "case"]
    got = listed(root)
    assert got[:3] == [("case", case), ("change", change), ("order", oid)]
    r = root.find("requests/request[@kind='order'][@id='%s']" % oid)
    assert r.get("state") == "acknowledged" and r.get("link") == "yes"
    assert r.findtext("title").startswith("") and r.findtext("updated")
    c = root.find("requests/request[@kind='case'][@id='%s']" % case)
    assert c.get("state") == "waiting" and c.findtext("title") == "Broken %s" % tag
    updated = [r.findtext("updated") for r in root.findall("requests/request")]
    assert updated == sorted(updated, reverse=True)
    page = st.check_html(kari.get("/companies/%s/requests" % cid))
    assert page.xpath("//a[@href=$h]", h="/companies/%s/orders/%s" % (cid, oid))
    assert page.xpath("//a[@href=$h]", h="/companies/%s/cases/%s" % (cid, case))
    assert page.xpath("//a[starts-with(@href, $h)]", h="/companies/%s/requests.csv" % cid)


def test_filters(kari, stack, three):
    cid, tag, oid, change, case = three
    assert listed(requests(kari, cid, "?q=" + tag)) == [("case", case), ("change", change)]
    assert listed(requests(kari, cid, "?kind=change&q=" + tag)) == [("change", change)]
    assert listed(requests(kari, cid, "?state=waiting&q=" + tag)) == [("case", case)]
    assert ("order", oid) in listed(requests(kari, cid, "?kind=order&state=acknowledged"))
    assert ("order", oid) not in listed(requests(kari, cid, "?kind=order&state=held"))
    # The request's number finds it.
    assert ("order", oid) in listed(requests(kari, cid, "?q=" + oid))
    # The date of the last change, in the company's time zone.
    stack.sql("UPDATE cases SET updated_at = '2024-03-10 12:00:00' WHERE id = %s" % case)
    assert listed(requests(kari, cid, "?from=2024-03-10&to=2024-03-10&q=" + tag)) == \
        [("case", case)]
    assert listed(requests(kari, cid, "?from=2024-03-11&to=2024-03-31&q=" + tag)) == []
    # 23:30 UTC is the next day in Oslo.
    stack.sql("UPDATE cases SET updated_at = '2024-03-10 23:30:00' WHERE id = %s" % case)
    assert listed(requests(kari, cid, "?from=2024-03-11&to=2024-03-11&q=" + tag)) == \
        [("case", case)]
    root = requests(kari, cid, "?kind=order&q=" + tag)
    assert root.find("form/value[@name='kind']").text == "order"
    assert root.find("form/value[@name='q']").text == tag


@pytest.mark.parametrize("query, field", [
    ("?kind=invoice", "kind"), ("?state=sideways", "state"),
    ("?from=2024-03-02&to=2024-03-01", "to")])
def test_a_bad_filter_is_refused(kari, company_ids, query, field):
    cid = company_ids[BITPRO]
    r = kari.get("/companies/%s/requests%s" % (cid, query), xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    assert root.find("form/error[@field='%s']" % field).get("code") == "invalid"
    assert root.find("requests") is None
    assert kari.get("/companies/%s/requests.csv%s" % (cid, query)).status_code == 400


@pytest.mark.parametrize("query", ["?from=2024-02-30", "?q=" + "x" * 500, "?page=0"])
def test_a_field_that_is_no_such_value_is_refused(kari, company_ids, query):
    cid = company_ids[BITPRO]
    for path in ("/companies/%s/requests", "/companies/%s/requests.csv"):
        r = kari.get(path % cid + query, xml=True)
        assert r.status_code == 400
        assert st.validate_xml(r).get("name") == "error"


def test_csv(kari, three):
    cid, tag, oid, change, case = three
    r = kari.get("/companies/%s/requests.csv?q=%s" % (cid, tag))
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    assert "requests.csv" in r.headers["Content-Disposition"]
    text = r.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["kind", "id", "state", "title", "created", "updated"]
    assert [(x[0], x[1], x[2], x[3]) for x in rows[1:]] == [
        ("case", case, "waiting", "Broken %s" % tag), ("change", change, "new", "Move %s" % tag)]
    r = kari.get("/companies/%s/requests.csv?kind=order&q=%s" % (cid, oid))
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert [x[1] for x in rows[1:]] == [oid]


def test_paged(kari, stack, company_ids):
    cid = company_ids[BITPRO]
    tag = uuid.uuid4().hex[:8]
    stack.sql(";".join("INSERT INTO cases (company_id, kind, category, subject)"
                       " VALUES (%s, 'support', 'other', 'Many %s %02d')" % (cid, tag, i)
                       for i in range(55)))
    first = requests(kari, cid, "?q=" + tag)
    assert len(first.findall("requests/request")) == 50
    assert first.find("requests").get("next") == "2"
    second = requests(kari, cid, "?page=2&q=" + tag)
    assert len(second.findall("requests/request")) == 5 and second.find("requests").get(
        "next") is None
    assert not set(listed(first)) & set(listed(second))


def test_a_member_sees_the_kinds_of_their_areas(member, three):
    cid, tag, oid, change, case = three
    support = requests(member(cid, ("support",)), cid, "?q=" + tag)
    assert [k.text for k in support.findall("kinds/kind")] == ["case"]
    assert listed(support) == [("case", case)]
    orders = member(cid, ("orders",))
    root = requests(orders, cid)
    assert [k.text for k in root.findall("kinds/kind")] == ["order", "change"]
    assert ("case", case) not in listed(root) and ("order", oid) in listed(root)
    # A change request's page is support's: listed, not linked.
    assert root.find("requests/request[@kind='change'][@id='%s']" % change).get("link") is None
    assert listed(requests(orders, cid, "?kind=case&q=" + tag)) == []
    r = orders.get("/companies/%s/requests.csv?q=%s" % (cid, tag))
    assert "Broken %s" % tag not in r.content.decode("utf-8-sig")
    nothing = member(cid, ("invoices",))
    root = requests(nothing, cid)
    assert root.findall("kinds/kind") == [] and listed(root) == []


def test_another_companys_requests_never(kari, mette, stack, company_ids, three):
    cid, tag, oid, change, case = three
    theirs = company_ids[FJORDNET]
    their_order = declared._throwaway_order(stack, theirs)
    their_case = add_case(stack, theirs, "support", "Theirs %s" % tag)
    mine = requests(kari, cid)
    assert ("order", their_order) not in listed(mine)
    assert ("case", their_case) not in listed(mine)
    assert listed(requests(kari, cid, "?q=Theirs " + tag)) == []
    assert "Theirs" not in kari.get("/companies/%s/requests.csv?q=%s" % (cid, tag)).text
    assert ("case", their_case) in listed(requests(mette, theirs, "?q=" + tag))
    assert ("case", case) not in listed(requests(mette, theirs))
    kari.page("/companies/%s/requests" % theirs, status=404)
    assert kari.get("/companies/%s/requests.csv" % theirs).status_code == 404
