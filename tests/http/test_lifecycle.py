"""A subscription's life (B9), from its page, for members with the area
subscriptions: a SIM swap (the new ICCID Luhn-checked and in use nowhere,
the old card blocked at once), a spare SIM of the company activated (as the
main SIM or an extra one), the spare SIMs a completed SIM order brings,
bars (data, calls abroad, premium numbers), a suspension for a period
(suspended while today is in it), and a card's PUK shown once on the answer
to a POST, each showing audited and the PUK in no other page. Every change
in the history and the audit log; bad input a clear error with nothing
lost; another company's subscription not found. Documents are checked
against their schemas."""

import uuid

import pytest

import stack as st
from test_fulfilment import act, own_company
from test_orders import place

BITPRO, FJORDNET = "Bitpro Demo AS", "Fjordnet ApS"
ANNE = "TSN-75607001"             # Anne Berg: main SIM 1, twin SIM 2 (PUK 31415926)
SPARES = ("7", "8")               # Bitpro's spare SIMs
FJORDNET_SPARE = "9"


def luhn(body):
    """body with its Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (1 if i % 2 else 2)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def new_iccid():
    return luhn("894708" + str(uuid.uuid4().int)[:12])


def count(stack, where):
    return int(stack.sql("SELECT COUNT(*) FROM " + where)[0][0])


def max_audit(stack):
    return int(stack.sql("SELECT COALESCE(MAX(id), 0) FROM audit_log")[0][0])


def sims(stack, sid):
    return stack.sql("SELECT iccid, type, status FROM sim_cards WHERE subscription_id = %s"
                     " ORDER BY id" % sid)


@pytest.fixture
def anne(stack, company_ids):
    """Anne Berg's subscription (id, path), put back as the demo has it."""
    cid = company_ids[BITPRO]
    sid = stack.sql("SELECT id FROM subscriptions WHERE ref = '%s'" % ANNE)[0][0]
    yield sid, "/companies/%s/subscriptions/%s" % (cid, sid)
    stack.sql("DELETE FROM sim_cards WHERE id > 9 AND company_id IN (1, 2, 3);"
              " UPDATE sim_cards SET subscription_id = 6, type = IF(id = 1, 'main', 'twin'),"
              " status = 'active' WHERE id IN (1, 2);"
              " UPDATE sim_cards SET subscription_id = NULL, type = 'main', status = 'inactive'"
              " WHERE id IN (7, 8, 9);"
              " UPDATE subscriptions SET bar_data = 0, bar_abroad = 0, bar_premium = 0,"
              " suspended_from = NULL, suspended_to = NULL, ends_on = NULL WHERE id = %s;"
              " DELETE FROM subscription_history WHERE subscription_id = %s" % (sid, sid))


def form(client, path):
    """The action page (checked against its schema) and a form's keys."""
    root = client.page(path + ".xml")
    return root, {"csrf": root.findtext("context/csrf"),
                  "formkey": root.findtext("context/formkey")}


def test_sim_swap(stack, per, anne):
    sid, path = anne
    root, keys = form(per, path + "/sim-swap")
    assert root.find("lifecycle").get("action") == "sim-swap"
    assert [s.findtext("iccid") for s in root.findall("lifecycle/subscription/sims/sim")] == [
        "8947080012345678901", "8947080012345678902"]
    st.check_html(per.get(path + "/sim-swap"))
    before = sims(stack, sid)
    good = new_iccid()
    wrong_digit = good[:-1] + str((int(good[-1]) + 1) % 10)
    for bad, code in ((wrong_digit, "invalid"), ("1234567890123456789", "invalid"),
                      ("89470800123", "invalid"), ("8947O80012345678918", "invalid"),
                      ("", "required"), ("8947080012345678918", "in-use"),   # a spare
                      ("8945080012345678946", "in-use")):          # another company's
        r = per.post(path + "/sim-swap", dict(keys, iccid=bad), xml=True)
        assert r.status_code == 400, bad
        doc = st.validate_xml(r)
        assert doc.find("form/error").get("code") == code, bad
        assert doc.findtext("form/value[@name='iccid']") == bad
    page = st.check_html(per.post(path + "/sim-swap", dict(keys, iccid="8947080012345678918")))
    assert "allerede i bruk" in st.text_of(page)
    assert sims(stack, sid) == before
    mark = max_audit(stack)
    spaced = " ".join(good[i:i + 4] for i in range(0, len(good), 4))
    r = per.post(path + "/sim-swap", dict(keys, iccid=spaced))
    assert r.status_code == 303 and st.location_path(r) == path + "?done=sim-swapped"
    assert per.post(path + "/sim-swap", dict(keys, iccid=spaced)).status_code == 303  # twice
    assert sims(stack, sid) == [("8947080012345678901", "main", "blocked"),
                                ("8947080012345678902", "twin", "active"),
                                (good, "main", "active")]
    assert stack.sql("SELECT action, detail FROM audit_log WHERE id > %d AND object_id = %s"
                     % (mark, sid)) == [("sim-swap", "8947080012345678901 -> " + good)]
    s = per.page(path + ".xml").find("subscription")
    assert [(m.findtext("iccid"), m.findtext("status")) for m in s.findall("sims/sim")][::2] == [
        ("8947080012345678901", "blocked"), (good, "active")]
    entry = s.find("history/entry")
    assert entry.findtext("action") == "sim-swap" and good in entry.findtext("detail")
    assert "SIM card swapped" in st.text_of(st.check_html(per.get(path, cookies={"lang": "en"})))


def test_spare_sim(stack, per, anne):
    sid, path = anne
    assert per.page(path + ".xml").find("subscription/life").get("spares") == "2"
    root, keys = form(per, path + "/spare-sim")
    assert [s.get("id") for s in root.findall("lifecycle/spares/sim")] == list(SPARES)
    st.check_html(per.get(path + "/spare-sim"))
    for data, field, code in (({"sim": FJORDNET_SPARE, "type": "twin"}, "sim", "invalid"),
                              ({"sim": "1", "type": "twin"}, "sim", "invalid"),  # in use
                              ({"sim": SPARES[0], "type": "spare"}, "type", "invalid"),
                              ({"type": "data"}, "sim", "required")):
        r = per.post(path + "/spare-sim", dict(keys, **data), xml=True)
        assert r.status_code == 400, data
        assert st.validate_xml(r).find("form/error[@field='%s']" % field).get("code") == code
    assert count(stack, "sim_cards WHERE id IN (7, 8, 9) AND subscription_id IS NULL") == 3
    r = per.post(path + "/spare-sim", dict(keys, sim=SPARES[0], type="data"))
    assert r.status_code == 303 and st.location_path(r) == path + "?done=sim-activated"
    keys["formkey"] = per.page(path + ".xml").findtext("context/formkey")
    assert per.post(path + "/spare-sim", dict(keys, sim=SPARES[1], type="main")).status_code == 303
    assert sims(stack, sid) == [("8947080012345678901", "main", "blocked"),
                                ("8947080012345678902", "twin", "active"),
                                ("8947080012345678918", "data", "active"),
                                ("8947080012345678926", "main", "active")]
    s = per.page(path + ".xml").find("subscription")
    assert s.find("life").get("spares") == "0"
    assert [e.findtext("action") for e in s.findall("history/entry")] == [
        "sim-activate", "sim-activate"]
    assert count(stack, "audit_log WHERE action = 'sim-activate' AND object_id = %s" % sid) >= 2


def test_completed_sim_order_brings_spare_sims(stack, member, staff):
    cid = own_company(stack)
    client = member(cid, ("orders", "subscriptions"))
    _, opath = place(client, cid, quantity="2")
    oid = opath.rsplit("/", 1)[1]
    desk = staff(("fulfilment",))
    cards = [new_iccid(), new_iccid()]
    for action, data in (("take", {}), ("start", {}),
                         ("fulfil", {"tracking": "NO1", "iccid": "\n".join(cards)})):
        assert act(desk, oid, action, **data).status_code == 303, action
    assert count(stack, "sim_cards WHERE company_id = %s" % cid) == 0
    assert act(desk, oid, "complete").status_code == 303
    assert stack.sql("SELECT iccid, subscription_id, status, order_id FROM sim_cards"
                     " WHERE company_id = %s ORDER BY iccid" % cid) == [
        (i, "NULL", "inactive", oid) for i in sorted(cards)]


def test_bar_and_unbar(stack, per, anne, company_ids):
    sid, path = anne
    root, keys = form(per, path + "/barring")
    assert root.find("lifecycle/subscription/barred") is None
    for data, field in (({"data": "no"}, "data"), ({}, "bars")):
        body = dict(keys, **data)
        if field != "bars":
            body["bars"] = "set"
        r = per.post(path + "/barring", body, xml=True)
        assert r.status_code == 400 and st.validate_xml(r).find("form/error").get("field") == field
    mark = max_audit(stack)
    r = per.post(path + "/barring", dict(keys, bars="set", data="yes", premium="yes"))
    assert r.status_code == 303 and st.location_path(r) == path + "?done=barring-saved"
    assert stack.sql("SELECT bar_data, bar_abroad, bar_premium FROM subscriptions WHERE id = %s"
                     % sid) == [("1", "0", "1")]
    s = per.page(path + ".xml").find("subscription")
    assert [b.text for b in s.findall("life/barred/bar")] == ["data", "premium"]
    subs = per.page("/companies/%s/subscriptions.xml" % company_ids[BITPRO])
    row = [x for x in subs.iter("subscription") if x.findtext("ref") == ANNE][0]
    assert [b.text for b in row.findall("barred/bar")] == ["data", "premium"]
    keys["formkey"] = per.page(path + ".xml").findtext("context/formkey")
    assert per.post(path + "/barring", dict(keys, bars="set", premium="yes")).status_code == 303
    assert stack.sql("SELECT action, detail FROM subscription_history WHERE subscription_id = %s"
                     " ORDER BY id" % sid) == [("bar", "data"), ("bar", "premium"),
                                              ("unbar", "data")]
    assert count(stack, "audit_log WHERE action IN ('bar', 'unbar') AND object_id = %s"
                 " AND id > %d" % (sid, mark)) == 3
    page = st.check_html(per.get(path, cookies={"lang": "en"}))
    assert "Premium numbers" in st.text_of(page)


def test_suspend_for_a_period(stack, per, anne, company_ids):
    sid, path = anne
    today = stack.sql("SELECT CURDATE(), CURDATE() + INTERVAL 6 DAY,"
                      " CURDATE() - INTERVAL 1 DAY, CURDATE() + INTERVAL 30 DAY")[0]
    root, keys = form(per, path + "/suspend")
    assert "The days it is suspended are not invoiced." in st.text_of(st.check_html(
        per.get(path + "/suspend", cookies={"lang": "en"})))
    for data, field, code in (({"from": today[2], "to": today[1]}, "from", "past-date"),
                              ({"from": today[1], "to": today[0]}, "to", "before-start"),
                              ({"from": "2099-02-30", "to": "2099-03-01"}, "from", "invalid"),
                              ({"from": today[0]}, "to", "required"),
                              ({"to": today[1]}, "from", "required")):
        r = per.post(path + "/suspend", dict(keys, **data), xml=True)
        assert r.status_code == 400, data
        doc = st.validate_xml(r)
        assert doc.find("form/error[@field='%s']" % field).get("code") == code, data
        for k, v in data.items():
            assert doc.findtext("form/value[@name='%s']" % k) == v
    assert stack.sql("SELECT suspended_from FROM subscriptions WHERE id = %s" % sid) == [("NULL",)]
    # A period ahead: active until it starts.
    r = per.post(path + "/suspend", dict(keys, **{"from": today[1], "to": today[3]}))
    assert r.status_code == 303 and st.location_path(r) == path + "?done=suspended"
    s = per.page(path + ".xml").find("subscription")
    assert s.findtext("status") == "active"
    assert s.find("life/suspension").get("from") == today[1]
    # From today: suspended now, in the list too, active again after it.
    keys["formkey"] = per.page(path + ".xml").findtext("context/formkey")
    assert per.post(path + "/suspend", dict(keys, **{"from": today[0], "to": today[1]})
                    ).status_code == 303
    assert per.page(path + ".xml").findtext("subscription/status") == "suspended"
    subs = per.page("/companies/%s/subscriptions.xml?q=%s" % (company_ids[BITPRO], ANNE))
    assert subs.findtext("subscriptions/subscription/status") == "suspended"
    stack.sql("UPDATE subscriptions SET suspended_from = CURDATE() - INTERVAL 9 DAY,"
              " suspended_to = CURDATE() - INTERVAL 1 DAY WHERE id = %s" % sid)
    s = per.page(path + ".xml").find("subscription")
    assert s.findtext("status") == "active" and s.find("life/suspension") is None
    assert stack.sql("SELECT action, DATE_FORMAT(effective_on, '%%Y-%%m-%%d'), detail"
                     " FROM subscription_history WHERE subscription_id = %s ORDER BY id"
                     % sid) == [("suspension", today[1], today[3]),
                                ("suspension", today[0], today[1])]
    assert count(stack, "audit_log WHERE action = 'suspend' AND object_id = %s" % sid) >= 2
    # A subscription with its termination set is not suspended.
    stack.sql("UPDATE subscriptions SET ends_on = '2099-12-31' WHERE id = %s" % sid)
    keys["formkey"] = per.page(path + ".xml").findtext("context/formkey")
    r = per.post(path + "/suspend", dict(keys, **{"from": today[0], "to": today[1]}), xml=True)
    assert r.status_code == 409
    assert st.validate_xml(r).find("form/error").get("code") == "terminated"


def test_puk_shown_once_and_audited(stack, per, anne, company_ids):
    sid, path = anne
    page = st.check_html(per.get(path))
    assert page.xpath("//form[@action=$a]//input[@name='sim']", a=path + "/puk")
    csrf = per.page(path + ".xml").findtext("context/csrf")
    mark = max_audit(stack)
    r = per.post(path + "/puk", {"csrf": csrf, "sim": "1"}, xml=True)
    assert r.status_code == 200
    doc = st.validate_xml(r)
    assert doc.get("name") == "sim-puk"
    assert doc.findtext("puk/code") == "31415926"
    assert doc.findtext("puk/iccid") == "8947080012345678901"
    assert "31415926" in st.text_of(st.check_html(per.post(path + "/puk",
                                                            {"csrf": csrf, "sim": "1"})))
    assert stack.sql("SELECT action, object, object_id, detail FROM audit_log WHERE id > %d"
                     % mark) == [("puk-shown", "sim", "1", "8947080012345678901")] * 2
    # Nowhere else: the subscription's page, its actions, the list, the CSV.
    cid = company_ids[BITPRO]
    for other in (path + ".xml", path, path + "/sim-swap.xml", path + "/spare-sim.xml",
                  "/companies/%s/subscriptions.xml" % cid,
                  "/companies/%s/subscriptions.csv" % cid):
        assert "31415926" not in per.get(other).text, other
    # A card of another subscription, a spare, an unknown one: not found.
    mark = max_audit(stack)
    for sim in ("3", SPARES[0], FJORDNET_SPARE, "999999"):
        assert per.post(path + "/puk", {"csrf": csrf, "sim": sim}).status_code == 404, sim
    assert per.post(path + "/puk", {"csrf": csrf, "sim": "x"}).status_code == 400
    assert max_audit(stack) == mark


def test_another_company_not_found(stack, mette, anne, company_ids):
    sid, path = anne
    mine = company_ids[FJORDNET]
    ctx = mette.page("/companies/%s.xml" % mine).find("context")
    keys = {"csrf": ctx.findtext("csrf"), "formkey": ctx.findtext("formkey")}
    before = (sims(stack, sid), stack.sql("SELECT bar_data, suspended_from FROM subscriptions"
                                          " WHERE id = %s" % sid))
    for cid in (company_ids[BITPRO], mine):
        base = "/companies/%s/subscriptions/%s" % (cid, sid)
        for action, data in (("sim-swap", {"iccid": new_iccid()}),
                             ("spare-sim", {"sim": SPARES[0], "type": "twin"}),
                             ("barring", {"bars": "set", "data": "yes"}),
                             ("suspend", {"from": "2099-01-01", "to": "2099-01-02"})):
            assert mette.get(base + "/" + action).status_code == 404, (cid, action)
            assert mette.post(base + "/" + action, dict(keys, **data)).status_code == 404
        assert mette.post(base + "/puk", {"csrf": keys["csrf"], "sim": "1"}).status_code == 404
    assert (sims(stack, sid), stack.sql("SELECT bar_data, suspended_from FROM subscriptions"
                                        " WHERE id = %s" % sid)) == before
    # Mette's own spare SIM is not offered to Bitpro, nor Bitpro's to her.
    own = stack.sql("SELECT MIN(id) FROM subscriptions WHERE company_id = %s" % mine)[0][0]
    root = mette.page("/companies/%s/subscriptions/%s/spare-sim.xml" % (mine, own))
    assert [s.get("id") for s in root.findall("lifecycle/spares/sim")] == [FJORDNET_SPARE]
