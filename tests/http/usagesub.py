"""A subscription of a test's own for the usage tests (alerts, spending
limit): Bitpro's, plan MBB100 of 100 GB, used by a user of its own, and
its data imported as the mediation system's CSV."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import stack as st

HEAD = "record_id,subscription,type,start,amount,unit\n"
OSLO = ZoneInfo("Europe/Oslo")


def one(stack, q):
    return stack.sql(q)[0][0]


def subscription(stack, cid, ref, user, name):
    """Makes it (without usage, no mail for it queued); yields its id, then
    removes it with its usage, orders and mails."""
    stack.sql("INSERT INTO users (email, name, lang) VALUES ('%s', '%s', 'en')"
              " ON DUPLICATE KEY UPDATE lang = 'en', status = 'active';"
              "INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
              " currency, status, started_on, user_id) SELECT %s, 1, '%s', 799.00, 'NOK',"
              " 'active', '2025-01-01', id FROM users WHERE email = '%s';"
              "DELETE FROM mail_outbox WHERE subject LIKE '%%%s%%';"
              % (user, name, cid, ref, user, ref))
    sid = one(stack, "SELECT id FROM subscriptions WHERE ref = '%s'" % ref)
    yield sid
    stack.sql("DELETE FROM usage_daily WHERE subscription_id = %s;"
              "DELETE FROM usage_records WHERE subscription_id = %s;"
              "DELETE FROM charges WHERE subscription_id = %s;"
              "DELETE FROM order_events WHERE order_id IN (SELECT order_id FROM order_items"
              " WHERE subscription_id = %s);"
              "DELETE FROM orders WHERE id IN (SELECT order_id FROM order_items"
              " WHERE subscription_id = %s);"
              "DELETE FROM subscriptions WHERE id = %s;"
              "DELETE FROM mail_outbox WHERE subject LIKE '%%%s%%';" % ((sid,) * 6 + (ref,)))


def start():
    """An instant of this period (Oslo), a minute into today or its first hour."""
    now = datetime.now(timezone.utc)
    first = datetime(now.astimezone(OSLO).year, now.astimezone(OSLO).month, 1,
                     tzinfo=OSLO)
    return max(first, now - timedelta(hours=1)).astimezone(timezone.utc)


def import_gb(stack, tmp_path, name, ref, records):
    """Imports (record id, GB) of data for ref; returns the command's output."""
    t = start().strftime("%Y-%m-%dT%H:%M:%SZ")
    p = tmp_path / name
    p.write_text(HEAD + "".join("%s,%s,data,%s,%s,GB\n" % (rec, ref, t, gb)
                                for rec, gb in records), encoding="utf-8")
    r = stack.selfcare("import-usage", str(p), check=False, timeout=120)
    out = r.stdout.decode(errors="replace")
    assert r.returncode == 0, out
    return out


def buy(client, cid, sid, code, stack, xml=False):
    """Package code bought for subscription sid from its confirmation page."""
    path = "/companies/%s/subscriptions/%s/topup" % (cid, sid)
    product = one(stack, "SELECT id FROM products WHERE code = '%s'" % code)
    root = st.validate_xml(client.get(path + "?product=%s" % product, xml=True))
    return client.post(path, {"csrf": root.findtext("context/csrf"),
                              "formkey": root.findtext("context/formkey"),
                              "product": product}, xml=xml)
