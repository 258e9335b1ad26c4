"""Usage over the partner API as the mediation system and a partner see it:
POST /api/v1/usage with a mediation key (a batch of schema/xsd/usage-batch.xsd,
a result per record, the same batch twice adds nothing), refused for other
keys and for bad batches, and GET /api/v1/usage with a company's key (TMF635
shape, paging, filters, another company's usage invisible)."""

import itertools
from pathlib import Path

from lxml import etree

import stack as st
from test_api import (BITPRO, FJORDNET, XML, Partner, error, make_key, make_partner_key,
                      parse)

NS = "urn:selfcare:usage-batch:1"
XSD = Path(__file__).resolve().parents[2] / "schema" / "xsd" / "usage-batch.xsd"
# Each test (once per front end) uses a year of its own (Y): its days and
# record ids are new to the database.
_years = itertools.count(2001)




def batch(records):
    return ("<?xml version='1.0' encoding='UTF-8'?>\n<usage-batch xmlns='%s'>\n%s\n"
            "</usage-batch>" % (NS, "\n".join(
                "<usage id='%s' subscription='%s' type='%s' start='%s' amount='%s'"
                " unit='%s'/>" % r for r in records))).encode()


def post(base, key, body, ctype=XML, idem=None):
    h = {"Authorization": "Bearer " + key, "Content-Type": ctype}
    if idem:
        h["Idempotency-Key"] = idem
    return st.Client(base).post("/api/v1/usage", data=body, headers=h)


def mediation(staff):
    return make_partner_key(staff(("customers",)), "mediation", "",
                            name="Mediation").findtext("secret")


def ref_of(stack, cid):
    return stack.sql("SELECT id, ref FROM subscriptions WHERE company_id = %s"
                     " AND status = 'active' ORDER BY id LIMIT 1" % cid)[0]


def daily(stack, sid, day):
    r = stack.sql("SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(records), 0)"
                  " FROM usage_daily WHERE subscription_id = %s AND day = '%s'"
                  " AND usage_type = 'data'" % (sid, day))
    return int(r[0][0]), int(r[0][1])


def test_a_batch_answers_each_record_and_twice_adds_nothing(staff, base, stack,
                                                            company_ids):
    Y = str(next(_years))
    key = mediation(staff)
    sid, ref = ref_of(stack, company_ids[BITPRO])
    recs = [("apiu-" + Y + "-1", ref, "data", Y + "-01-10T10:00:00Z", "2", "MB"),
            ("apiu-" + Y + "-1", ref, "data", Y + "-01-10T11:00:00Z", "5", "MB"),
            ("apiu-" + Y + "-2", ref, "video", Y + "-01-10T10:00:00Z", "1", "MB"),
            ("apiu-" + Y + "-3", "TSN-00000000", "data", Y + "-01-10T10:00:00Z", "1", "MB"),
            ("apiu-" + Y + "-4", ref, "data", Y + "-01-10T12:00:00+01:00", "500", "kB")]
    before = daily(stack, sid, Y + "-01-10")
    r = post(base, key, batch(recs), idem="batch-1")
    assert r.status_code == 200, r.text[:500]
    root = parse(r)
    assert root.tag == "usageBatchResult"
    assert (root.get("records"), root.get("accepted"), root.get("duplicates"),
            root.get("refused")) == ("5", "2", "1", "2")
    got = [(e.get("position"), e.get("record"), e.get("status")) for e in root.findall("result")]
    assert got == [("1", "apiu-" + Y + "-1", "accepted"), ("2", "apiu-" + Y + "-1", "duplicate"),
                   ("3", "apiu-" + Y + "-2", "refused"), ("4", "apiu-" + Y + "-3", "refused"),
                   ("5", "apiu-" + Y + "-4", "accepted")]
    reasons = [e.get("reason") for e in root.findall("result")]
    assert reasons[2] == "unknown usage type (data, voice, sms): video"
    assert reasons[3] == "no such subscription: TSN-00000000"
    assert [e.get("line") for e in root.findall("result")] == ["3", "4", "5", "6", "7"]
    after = daily(stack, sid, Y + "-01-10")
    assert after == (before[0] + 2500000, before[1] + 2)
    # The same batch again (with or without its key): nothing added.
    for idem in ("batch-1", None):
        again = parse(post(base, key, batch(recs), idem=idem))
        assert [e.get("status") for e in again.findall("result")] == [
            "duplicate", "duplicate", "refused", "refused", "duplicate"]
        assert daily(stack, sid, Y + "-01-10") == after
    # Each call is an import of its own, named after the key.
    assert [tuple(map(int, r)) for r in stack.sql(
        "SELECT records, duplicates, refused FROM usage_imports WHERE file_name = 'api:%s'"
        " ORDER BY id" % key.split(".")[0])] == [(2, 1, 2), (0, 3, 2), (0, 3, 2)]


def test_known_and_new_records_in_turn_answer_each_in_place(staff, base, stack,
                                                            company_ids):
    """A batch of 10 000 whose every third record was imported before and
    whose last repeats its first: each answered at its own position, only
    the new ones added."""
    Y = str(next(_years))
    key = mediation(staff)
    sid, ref = ref_of(stack, company_ids[BITPRO])

    def rec(k):
        return ("apik-%s-%05d" % (Y, k), ref, "data", Y + "-02-03T10:00:00Z", "1", "B")
    before = daily(stack, sid, Y + "-02-03")
    first = [rec(k) for k in range(0, 9999, 3)]
    assert parse(post(base, key, batch(first))).get("accepted") == str(len(first))
    recs = [rec(k) for k in range(9999)] + [rec(1)]
    root = parse(post(base, key, batch(recs)))
    assert (root.get("records"), root.get("accepted"), root.get("duplicates")) == (
        "10000", str(9999 - len(first)), str(len(first) + 1))
    got = [(e.get("position"), e.get("record"), e.get("status")) for e in root.findall("result")]
    assert got == [(str(p + 1), r[0], "duplicate" if p % 3 == 0 or p == 9999 else "accepted")
                   for p, r in enumerate(recs)]
    assert daily(stack, sid, Y + "-02-03") == (before[0] + 9999, before[1] + 9999)


def test_only_a_mediation_key_posts_usage_and_it_reads_nothing(staff, kari, base, stack,
                                                               company_ids):
    Y = str(next(_years))
    cid = company_ids[BITPRO]
    sid, ref = ref_of(stack, cid)
    company_key, _ = make_key(kari, cid)
    body = batch([("apiu-" + Y + "-forbidden", ref, "data", Y + "-01-11T10:00:00Z", "1", "GB")])
    error(post(base, company_key, body), 403)
    assert stack.sql("SELECT COUNT(*) FROM usage_records WHERE record_id ="
                     " 'apiu-%s-forbidden'" % Y)[0][0] == "0"
    error(Partner(base, mediation(staff)).get("usage"), 403)


def test_bad_batches_are_refused_and_add_nothing(staff, base, stack, company_ids):
    Y = str(next(_years))
    key = mediation(staff)
    sid, ref = ref_of(stack, company_ids[BITPRO])
    one = ("apiu-" + Y + "-bad", ref, "data", Y + "-01-12T10:00:00Z", "1", "GB")
    error(post(base, key, batch([one]), ctype="text/csv"), 415)
    error(post(base, key, b"<!DOCTYPE x [<!ENTITY a 'b'>]>" + batch([one])[39:]), 400)
    error(post(base, key, b"<usage-batch xmlns='urn:other'/>"), 422, "usage-batch")
    error(post(base, key, batch([one]).replace(b"</usage-batch>", b"text</usage-batch>")),
          422, "usage-batch")
    many = [("apiu-%s-many-%d" % (Y, i), ref, "data", Y + "-01-12T10:00:00Z", "1", "kB")
            for i in range(10001)]
    error(post(base, key, batch(many)), 422, "usage")
    error(post(base, key, b""), 400, "usage-batch")
    assert stack.sql("SELECT COUNT(*) FROM usage_records WHERE record_id LIKE 'apiu-%%'"
                     " AND day = '%s-01-12'" % Y)[0][0] == "0"


def test_ten_thousand_records_in_one_call(staff, base, stack, company_ids):
    Y = str(next(_years))
    key = mediation(staff)
    sid, ref = ref_of(stack, company_ids[BITPRO])
    before = daily(stack, sid, Y + "-01-13")
    recs = [("apiu-%s-big-%05d" % (Y, i), ref, "data", Y + "-01-13T%02d:%02d:00Z"
             % (i // 600 % 24, i // 10 % 60), "1", "kB") for i in range(10000)]
    body = batch(recs)
    assert len(body) > 1 << 20
    root = parse(post(base, key, body))
    assert root.get("accepted") == "10000" and len(root.findall("result")) == 10000
    assert daily(stack, sid, Y + "-01-13") == (before[0] + 10000000, before[1] + 10000)


def test_usage_is_read_by_the_companys_key_only(staff, kari, mette, base, stack,
                                                company_ids):
    Y = str(next(_years))
    bit, fjord = company_ids[BITPRO], company_ids[FJORDNET]
    sid, ref = ref_of(stack, bit)
    theirs_sid, theirs_ref = ref_of(stack, fjord)
    key = mediation(staff)
    parse(post(base, key, batch([
        ("apiu-" + Y + "-read-1", ref, "data", Y + "-01-14T10:00:00Z", "3", "MB"),
        ("apiu-" + Y + "-read-2", ref, "voice", Y + "-01-15T10:00:00Z", "2", "min"),
        ("apiu-" + Y + "-read-3", theirs_ref, "sms", Y + "-01-14T10:00:00Z", "4", "msg")])))
    p = Partner(base, make_key(kari, bit, areas=("subscriptions",))[0])
    span = "createdFrom=%s-01-14&createdTo=%s-01-15" % (Y, Y)
    r = p.get("usage?subscription=%s&%s" % (sid, span))
    root = parse(r)
    assert r.headers["X-Total-Count"] == "2" and root.get("total") == "2"
    got = [(u.get("id"), u.findtext("usageType"), u.findtext("usageDate"),
            u.find("product").get("id"), u.findtext("subscriptionRef"), u.findtext("status"))
           for u in root.findall("usage")]
    assert got == [("%s-data-%s-01-14" % (sid, Y), "data", Y + "-01-14", str(sid), ref,
                    "rated"),
                   ("%s-voice-%s-01-15" % (sid, Y), "voice", Y + "-01-15", str(sid), ref,
                    "rated")]
    ch = root.findall("usage")[1].findall("usageCharacteristic")
    assert [(c.get("name"), c.get("unit"), c.text) for c in ch] == [
        ("amount", "s", "120"), ("records", None, "1")]
    page = parse(p.get("usage?subscription=%s&%s&limit=1&offset=1" % (sid, span)))
    assert [u.findtext("usageType") for u in page.findall("usage")] == ["voice"]
    # Another company's subscription: nothing, as if it had no use.
    none = p.get("usage?subscription=%s" % theirs_sid)
    assert none.headers["X-Total-Count"] == "0" and parse(none).find("usage") is None
    mine = parse(Partner(base, make_key(mette, fjord)[0]).get(
        "usage?createdFrom=%s-01-14&createdTo=%s-01-14" % (Y, Y)))
    assert {u.findtext("subscriptionRef") for u in mine.findall("usage")} == {theirs_ref}
    # A key without the area, and bad filters.
    error(Partner(base, make_key(kari, bit, areas=("invoices",))[0]).get("usage"), 403)
    error(p.get("usage?subscription=x"), 400, "subscription")
    error(p.get("usage?createdFrom=%s-02-01&createdTo=%s-01-01" % (Y, Y)), 422, "createdTo")
    error(p.get("usage?updatedSince=%s-01-01T00:00:00Z" % Y), 400, "updatedSince")
    error(p.get("usage?colour=red"), 400, "colour")


def test_the_body_example_is_a_usage_batch():
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    body = batch([("med-0001", "TSN-75606716", "data", "2026-12-01T10:00:00Z", "512.5",
                   "MB")])
    assert schema.validate(etree.fromstring(body)), schema.error_log
