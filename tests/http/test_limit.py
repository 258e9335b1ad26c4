"""A subscription's spending limit: the most its top-ups (bought by hand or
automatically) may cost in a billing period, excluding VAT, set by a full
administrator on /companies/N/subscriptions/M/spend-limit and shown there
with what the period's top-ups cost so far. A top-up that would pass it is
refused (409, nothing ordered). When an import brings the use to the quota
and no package fits within the limit any more, the system bars data once a
period (audited, mailed); an administrator lifts the bar and it stays
lifted for the period; the first import of a later period clears a bar
still set. Auto top-up has a kroner cap besides its number of times.

The tests use a subscription of their own (TSN-LIMIT-T1, Bitpro, plan
MBB100 of 100 GB, the packages TOP10 at 299.00 and TOP40 at 499.00 NOK)."""

from datetime import datetime, timezone

import pytest

import stack as st
import usagesub
from usagesub import OSLO, buy, one

BITPRO, FJORDNET = "Bitpro Demo AS", "Fjordnet ApS"
REF = "TSN-LIMIT-T1"
USER = "limit.user@example.no"


@pytest.fixture
def sub(stack, company_ids):
    yield from usagesub.subscription(stack, company_ids[BITPRO], REF, USER, "Limit User")


def period(back=0):
    now = datetime.now(timezone.utc).astimezone(OSLO)
    y, m = now.year, now.month - back
    if m < 1:
        y, m = y - 1, m + 12
    return "%04d-%02d" % (y, m)


def import_gb(stack, tmp_path, name, records):
    usagesub.import_gb(stack, tmp_path, name, REF, records)


def pid(stack, code):
    return one(stack, "SELECT id FROM products WHERE code = '%s'" % code)


def limit_path(cid, sid):
    return "/companies/%s/subscriptions/%s/spend-limit" % (cid, sid)


def post_limit(client, cid, sid, data, xml=False):
    root = client.page(limit_path(cid, sid))
    body = {"csrf": root.findtext("context/csrf"),
            "formkey": root.findtext("context/formkey")}
    body.update(data)
    return client.post(limit_path(cid, sid), body, xml=xml)


def orders_of(stack, sid):
    return stack.sql("SELECT o.state, p.code FROM orders o"
                     " JOIN order_items i ON i.order_id = o.id"
                     " JOIN products p ON p.id = i.product_id"
                     " WHERE i.subscription_id = %s ORDER BY o.id" % sid)


def mails(stack, address=USER):
    return stack.sql("SELECT subject, body FROM mail_outbox WHERE recipient = '%s'"
                     " AND subject LIKE '%%%s%%' ORDER BY id" % (address, REF))


def limit_mails(stack):
    return [b for s, b in mails(stack) if s == "%s: spending limit" % REF]


def bars(stack, sid):
    return one(stack, "SELECT bar_data FROM subscriptions WHERE id = %s" % sid)


def data_barred_on_the_subscription_page(client, cid, sid):
    s = client.page("/companies/%s/subscriptions/%s.xml" % (cid, sid)).find("subscription")
    return "data" in [b.text for b in s.findall("life/barred/bar")]


# -- the limit on its page ------------------------------------------------------

def test_limit_is_set_shown_and_turned_off(stack, sub, kari, company_ids):
    cid = company_ids[BITPRO]
    root = kari.page(limit_path(cid, sub))
    l = root.find("spend-limit")
    assert (l.get("limit"), l.get("spent"), l.get("currency"), l.get("vat"),
            l.get("period")) == (None, "0.00", "NOK", "excluded", period())
    usage = st.check_html(kari.get("/companies/%s/subscriptions/%s/usage" % (cid, sub)))
    assert usage.xpath("//a[@href='%s']" % limit_path(cid, sub))

    r = post_limit(kari, cid, sub, {"amount": "1 250,50"})
    assert r.status_code == 303 and "done=spend-limit-saved" in r.headers["Location"]
    root = kari.page(limit_path(cid, sub))
    assert root.find("spend-limit").get("limit") == "1250.50"
    assert root.find("form/value[@name='amount']").text == "1250.50"
    page = st.check_html(kari.get(limit_path(cid, sub), cookies={"lang": "en"}))
    text = st.text_of(page)
    assert "excl. VAT" in text and "1,250.50" in text
    assert one(stack, "SELECT detail FROM audit_log WHERE company_id = %s AND action ="
               " 'spend-limit-set' AND object_id = %s ORDER BY id DESC LIMIT 1"
               % (cid, sub)) == "1250.50"
    # Empty: no limit.
    assert post_limit(kari, cid, sub, {"amount": ""}).status_code == 303
    assert kari.page(limit_path(cid, sub)).find("spend-limit").get("limit") is None
    assert one(stack, "SELECT COUNT(*) FROM spend_limits WHERE subscription_id = %s"
               % sub) == "0"


@pytest.mark.parametrize("amount", ["-1", "abc", "12.345", "1000000.01", "5 kr"])
def test_bad_limit_is_refused_and_nothing_changes(stack, sub, kari, company_ids, amount):
    cid = company_ids[BITPRO]
    assert post_limit(kari, cid, sub, {"amount": "500"}).status_code == 303
    r = post_limit(kari, cid, sub, {"amount": amount}, xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    assert root.find("form/error[@field='amount']").get("code") == "invalid"
    assert root.find("form/value[@name='amount']").text == amount
    assert stack.sql("SELECT amount FROM spend_limits WHERE subscription_id = %s"
                     % sub) == [("500.00",)]


def test_a_manager_cannot_set_the_limit(stack, sub, member, company_ids):
    cid = company_ids[BITPRO]
    manager = member(cid, ("subscriptions", "orders", "invoices", "support", "users"))
    assert manager.get(limit_path(cid, sub)).status_code == 403
    r = manager.post(limit_path(cid, sub), {"amount": "0"})
    assert r.status_code == 403
    usage = st.check_html(manager.get("/companies/%s/subscriptions/%s/usage" % (cid, sub)))
    assert not usage.xpath("//a[@href='%s']" % limit_path(cid, sub))
    assert one(stack, "SELECT COUNT(*) FROM spend_limits WHERE subscription_id = %s"
               % sub) == "0"


def test_another_companys_subscription_is_invisible(stack, sub, mette, kari, company_ids):
    bitpro, fjordnet = company_ids[BITPRO], company_ids[FJORDNET]
    assert post_limit(kari, bitpro, sub, {"amount": "500"}).status_code == 303
    assert mette.get(limit_path(bitpro, sub)).status_code == 404
    assert mette.get(limit_path(fjordnet, sub)).status_code == 404
    root = mette.page("/companies/%s/alerts" % fjordnet)
    r = mette.post(limit_path(fjordnet, sub), {
        "csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey"),
        "amount": "0"})
    assert r.status_code == 404
    assert stack.sql("SELECT amount FROM spend_limits WHERE subscription_id = %s"
                     % sub) == [("500.00",)]


# -- a purchase against the limit --------------------------------------------

def test_a_topup_over_the_limit_is_refused_with_nothing_ordered(stack, sub, kari,
                                                                 company_ids):
    cid = company_ids[BITPRO]
    assert post_limit(kari, cid, sub, {"amount": "500"}).status_code == 303
    assert buy(kari, cid, sub, "TOP10", stack).status_code == 303
    assert kari.page(limit_path(cid, sub)).find("spend-limit").get("spent") == "299.00"
    # 299 + 299 = 598 > 500: refused, said so, nothing ordered.
    r = buy(kari, cid, sub, "TOP10", stack, xml=True)
    assert r.status_code == 409
    root = st.validate_xml(r)
    assert root.find("form/error[@field='product']").get("code") == "over-limit"
    r = buy(kari, cid, sub, "TOP10", stack)
    assert r.status_code == 409
    assert "forbruksgrense for perioden" in st.text_of(st.check_html(r))
    assert orders_of(stack, sub) == [("completed", "TOP10")]
    # Raised: it fits again.
    assert post_limit(kari, cid, sub, {"amount": "600"}).status_code == 303
    assert buy(kari, cid, sub, "TOP10", stack).status_code == 303
    assert len(orders_of(stack, sub)) == 2


# -- the bar at the limit -------------------------------------------------------

def test_data_is_barred_at_the_limit_lifted_and_stays_lifted(stack, sub, tmp_path, kari,
                                                              company_ids):
    cid = company_ids[BITPRO]
    assert post_limit(kari, cid, sub, {"amount": "500"}).status_code == 303
    # 100 of 100 GB, but a package still fits: no bar.
    import_gb(stack, tmp_path, "l1.csv", [("lim-1", "100")])
    assert bars(stack, sub) == "0" and limit_mails(stack) == []
    assert buy(kari, cid, sub, "TOP10", stack).status_code == 303
    # 110 of 110 GB, 299 spent, the cheapest package 299 more: barred.
    import_gb(stack, tmp_path, "l2.csv", [("lim-2", "10")])
    assert bars(stack, sub) == "1"
    assert data_barred_on_the_subscription_page(kari, cid, sub)
    bodies = limit_mails(stack)
    assert len(bodies) == 1 and "500.00 NOK" in bodies[0] and "299.00 spent" in bodies[0]
    assert stack.sql("SELECT action, user_id, detail FROM audit_log WHERE company_id = %s"
                     " AND object_id = %s AND action IN ('bar', 'spend-limit-bar')"
                     " ORDER BY id" % (cid, sub)) == [("bar", "NULL", "data"),
                                                     ("spend-limit-bar", "NULL", "500.00")]
    assert stack.sql("SELECT action, detail, user_id FROM subscription_history"
                     " WHERE subscription_id = %s" % sub) == [("bar", "data", "NULL")]
    root = kari.page(limit_path(cid, sub))
    assert root.find("spend-limit").get("bar") == "barred"
    # A top-up now is over the limit too.
    assert buy(kari, cid, sub, "TOP10", stack).status_code == 409
    # Imported again: no second bar, no second mail.
    import_gb(stack, tmp_path, "l3.csv", [("lim-3", "1")])
    assert len(limit_mails(stack)) == 1

    r = post_limit(kari, cid, sub, {"lift": "yes"})
    assert r.status_code == 303 and "done=spend-limit-lifted" in r.headers["Location"]
    assert bars(stack, sub) == "0"
    assert not data_barred_on_the_subscription_page(kari, cid, sub)
    assert kari.page(limit_path(cid, sub)).find("spend-limit").get("bar") == "lifted"
    assert one(stack, "SELECT user_id IS NOT NULL FROM audit_log WHERE action ="
               " 'spend-limit-lift' AND object_id = %s" % sub) == "1"
    # Lifted stays lifted for the period, however much more comes in.
    import_gb(stack, tmp_path, "l4.csv", [("lim-4", "20")])
    assert bars(stack, sub) == "0" and len(limit_mails(stack)) == 1
    # Nothing left to lift.
    assert post_limit(kari, cid, sub, {"lift": "yes"}).status_code == 409


def test_the_next_period_clears_a_limit_bar(stack, sub, tmp_path, kari, company_ids):
    cid = company_ids[BITPRO]
    # 0: no top-up at all; at the quota the bar comes straight away.
    assert post_limit(kari, cid, sub, {"amount": "0"}).status_code == 303
    import_gb(stack, tmp_path, "n1.csv", [("nxt-1", "100")])
    assert bars(stack, sub) == "1"
    # The bar and its use as if they were last period's.
    stack.sql("UPDATE spend_events SET period = '%s' WHERE subscription_id = %s;"
              "UPDATE usage_daily SET day = day - INTERVAL 1 MONTH"
              " WHERE subscription_id = %s" % (period(1), sub, sub))
    import_gb(stack, tmp_path, "n2.csv", [("nxt-2", "1")])
    assert bars(stack, sub) == "0"
    assert not data_barred_on_the_subscription_page(kari, cid, sub)
    assert one(stack, "SELECT cleared_at IS NOT NULL FROM spend_events"
               " WHERE subscription_id = %s" % sub) == "1"
    assert stack.sql("SELECT user_id, detail FROM audit_log WHERE action ="
                     " 'spend-limit-cleared' AND object_id = %s" % sub) == [("NULL", period(1))]
    assert kari.page(limit_path(cid, sub)).find("spend-limit").get("bar") is None


# -- auto top-up ----------------------------------------------------------------

def set_auto(client, cid, sid, product, max_n, cap, xml=False):
    path = "/companies/%s/subscriptions/%s/auto-topup" % (cid, sid)
    root = client.page(path)
    return client.post(path, {
        "csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey"),
        "product": product, "max": max_n, "cap": cap}, xml=xml)


def test_auto_topup_stops_at_its_kroner_cap(stack, sub, tmp_path, kari, company_ids):
    cid = company_ids[BITPRO]
    r = set_auto(kari, cid, sub, pid(stack, "TOP10"), "5", "700")
    assert r.status_code == 303
    root = kari.page("/companies/%s/subscriptions/%s/auto-topup" % (cid, sub))
    assert root.find("auto-topup").get("cap") == "700.00"
    # 150 GB at once: two of TOP10 (598), the third would pass 700.
    import_gb(stack, tmp_path, "c1.csv", [("cap-1", "150")])
    assert [c for _, c in orders_of(stack, sub)] == ["TOP10", "TOP10"]
    bodies = limit_mails(stack)
    assert len(bodies) == 1 and "cap of 700.00" in bodies[0]
    assert stack.sql("SELECT user_id, detail FROM audit_log WHERE action ="
                     " 'topup-auto-capped' AND object_id = %s" % sub) == [("NULL", "700.00")]
    # Again over the quota: not bought, not mailed a second time.
    import_gb(stack, tmp_path, "c2.csv", [("cap-2", "5")])
    assert len(orders_of(stack, sub)) == 2 and len(limit_mails(stack)) == 1


def test_auto_topup_within_the_spending_limit_then_data_barred(stack, sub, tmp_path, kari,
                                                               company_ids):
    cid = company_ids[BITPRO]
    assert set_auto(kari, cid, sub, pid(stack, "TOP10"), "5", "").status_code == 303
    assert post_limit(kari, cid, sub, {"amount": "300"}).status_code == 303
    import_gb(stack, tmp_path, "s1.csv", [("sl-1", "150")])
    # One TOP10 (299); the second would pass 300: not made, and data barred.
    assert [c for _, c in orders_of(stack, sub)] == ["TOP10"]
    assert one(stack, "SELECT COUNT(*) FROM audit_log WHERE action ="
               " 'topup-auto-over-limit' AND object_id = %s" % sub) == "1"
    assert bars(stack, sub) == "1"
    assert len(limit_mails(stack)) == 2


@pytest.mark.parametrize("cap", ["-5", "abc", "0"])
def test_bad_kroner_cap_is_refused(stack, sub, kari, company_ids, cap):
    cid = company_ids[BITPRO]
    r = set_auto(kari, cid, sub, pid(stack, "TOP10"), "2", cap, xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    assert root.find("form/error[@field='cap']").get("code") == "invalid"
    assert one(stack, "SELECT COUNT(*) FROM auto_topups WHERE subscription_id = %s"
               % sub) == "0"
