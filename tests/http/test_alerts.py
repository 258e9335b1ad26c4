"""Usage alerts: when an import brings a subscription's use of this period
to one of its company's thresholds (80 and 100 % of the quota unless a full
administrator sets others on /companies/N/alerts), one mail per threshold
and period to the subscription's user and to the full administrators who
opted in; importing the same usage again mails nothing. Another company's
administrators get nothing, a manager cannot open the settings, and bad
thresholds are refused with nothing changed.

What the user sees is the mail (here: the outbox row the mail child
delivers) and the settings page. The tests import for a subscription of
their own (TSN-ALERT-T1, Bitpro, plan MBB100 of 100 GB) and remove it."""

from datetime import datetime, timezone

import pytest

import stack as st
import usagesub
from usagesub import OSLO, one

BITPRO, FJORDNET = "Bitpro Demo AS", "Fjordnet ApS"
KARI = "kari.nordmann@example.no"
METTE = "mette.jensen@example.dk"
REF = "TSN-ALERT-T1"
USER = "alert.user@example.no"


@pytest.fixture
def sub(stack, company_ids):
    """Bitpro's subscription of the test, used by USER, without usage; the
    company's settings as the migration leaves them."""
    yield from usagesub.subscription(stack, company_ids[BITPRO], REF, USER, "Alert User")
    stack.sql("UPDATE companies SET alert_first = 80, alert_second = 100;"
              "UPDATE memberships SET usage_alerts = 0;")


def import_gb(stack, tmp_path, name, records):
    """Imports (record id, GB) of data for REF; returns the command's output."""
    return usagesub.import_gb(stack, tmp_path, name, REF, records)


def alerts_to(stack, address):
    """(subject, body) of the alert mails queued for address, oldest first."""
    return stack.sql("SELECT subject, body FROM mail_outbox WHERE recipient = '%s'"
                     " AND subject LIKE '%%%s%%' ORDER BY id" % (address, REF))


def sent(stack, sid):
    return sorted(int(t) for (t,) in stack.sql(
        "SELECT threshold FROM usage_alerts_sent WHERE subscription_id = %s" % sid))


def settings(client, cid, first, second, mine=False, xml=False):
    root = client.page("/companies/%s/alerts" % cid)
    data = {"csrf": root.findtext("context/csrf"),
            "formkey": root.findtext("context/formkey"),
            "first": first, "second": second}
    if mine:
        data["mine"] = "yes"
    return client.post("/companies/%s/alerts" % cid, data, xml=xml)


def test_each_threshold_is_mailed_once_and_a_reimport_mails_nothing(
        stack, sub, tmp_path):
    import_gb(stack, tmp_path, "a.csv", [("al-1", "50")])
    assert alerts_to(stack, USER) == [] and sent(stack, sub) == []
    # 50 + 30 = 80 of 100 GB: the first threshold, exactly.
    import_gb(stack, tmp_path, "b.csv", [("al-2", "30")])
    mails = alerts_to(stack, USER)
    assert len(mails) == 1, mails
    subject, body = mails[0]
    assert subject == "%s has used 80 %% of its data" % REF
    assert "used 80.00 of 100.00 GB" in body and "80 % of its data quota" in body
    assert sent(stack, sub) == [80]
    # The same files again: nothing new, nothing mailed.
    out = import_gb(stack, tmp_path, "b.csv", [("al-2", "30")])
    assert "1 imported before" in out
    import_gb(stack, tmp_path, "a.csv", [("al-1", "50")])
    assert len(alerts_to(stack, USER)) == 1
    # Over the quota: the second threshold, once.
    import_gb(stack, tmp_path, "c.csv", [("al-3", "25")])
    import_gb(stack, tmp_path, "d.csv", [("al-4", "1")])
    mails = alerts_to(stack, USER)
    assert [s for s, _ in mails] == ["%s has used %d %% of its data" % (REF, t)
                                     for t in (80, 100)]
    assert "used 105.00 of 100.00 GB" in mails[1][1] and "105 %" in mails[1][1]
    assert sent(stack, sub) == [80, 100]


def test_crossing_both_at_once_mails_the_higher(stack, sub, tmp_path):
    import_gb(stack, tmp_path, "x.csv", [("al-x1", "60"), ("al-x2", "60")])
    mails = alerts_to(stack, USER)
    assert [s for s, _ in mails] == ["%s has used 100 %% of its data" % REF]
    assert sent(stack, sub) == [80, 100]


def test_just_below_a_threshold_is_no_alert(stack, sub, tmp_path):
    import_gb(stack, tmp_path, "y.csv", [("al-y1", "79.999")])
    assert alerts_to(stack, USER) == [] and sent(stack, sub) == []


def test_administrators_who_opt_in_get_them_others_not(
        stack, sub, tmp_path, kari, member, company_ids):
    cid = company_ids[BITPRO]
    other = member(cid, (), role="admin")      # a full administrator who did not opt in
    r = settings(kari, cid, "50", "90", mine=True)
    assert r.status_code == 303 and "done=alerts-saved" in r.headers["Location"]
    root = kari.page("/companies/%s/alerts" % cid)
    assert (root.find("alerts").get("first"), root.find("alerts").get("second")) \
        == ("50", "90")
    me = root.find("alerts/admin[@me='yes']")
    assert me.findtext("email") == KARI and me.get("alerts") == "yes"
    assert root.find("alerts/admin[email='%s']" % other.user).get("alerts") is None
    assert root.find("form/value[@name='mine']").text == "yes"
    page = st.check_html(kari.get("/companies/%s/alerts" % cid))
    assert page.xpath("//input[@name='mine' and @checked]")
    assert page.xpath("//ul[@class='alert-admins']/li[contains(., '%s')]" % KARI)
    assert one(stack, "SELECT detail FROM audit_log WHERE company_id = %s AND action ="
               " 'usage-alerts' ORDER BY id DESC LIMIT 1" % cid) \
        == "first=50 second=90 mine=yes"

    import_gb(stack, tmp_path, "o.csv", [("al-o1", "55")])
    assert [s for s, _ in alerts_to(stack, USER)] == [
        "%s has used 50 %% of its data" % REF]
    kari_mails = alerts_to(stack, KARI)
    assert len(kari_mails) == 1 and "50" in kari_mails[0][0]
    assert alerts_to(stack, other.user) == []
    assert alerts_to(stack, METTE) == []          # another company's administrator
    # Kari opts out again: the next threshold goes to the user only.
    assert settings(kari, cid, "50", "90").status_code == 303
    import_gb(stack, tmp_path, "p.csv", [("al-o2", "40")])
    assert len(alerts_to(stack, USER)) == 2 and len(alerts_to(stack, KARI)) == 1


@pytest.mark.parametrize("first,second,field,code", [
    ("0", "100", "first", "invalid"),
    ("", "100", "first", "required"),
    ("80", "101", "second", "invalid"),
    ("80", "eighty", "second", "invalid"),
    ("90", "90", "second", "invalid"),
    ("95", "60", "second", "invalid"),
])
def test_bad_thresholds_are_refused_and_nothing_changes(
        stack, sub, kari, company_ids, first, second, field, code):
    cid = company_ids[BITPRO]
    r = settings(kari, cid, first, second, mine=True, xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    assert root.find("form/error[@field='%s']" % field).get("code") == code
    assert root.find("form/value[@name='second']").text == (second or None)
    assert stack.sql("SELECT alert_first, alert_second FROM companies WHERE id = %s"
                     % cid) == [("80", "100")]
    assert one(stack, "SELECT usage_alerts FROM memberships m JOIN users u"
               " ON u.id = m.user_id WHERE u.email = '%s' AND m.company_id = %s"
               % (KARI, cid)) == "0"


def test_settings_are_a_full_administrators_and_the_companys_own(
        stack, sub, kari, mette, member, company_ids):
    bitpro, fjordnet = company_ids[BITPRO], company_ids[FJORDNET]
    manager = member(bitpro, ("subscriptions", "orders", "invoices", "support", "users"))
    assert manager.get("/companies/%s/alerts" % bitpro).status_code == 403
    # Another company's administrator: not found, and their save changes
    # only their own company.
    assert mette.get("/companies/%s/alerts" % bitpro).status_code == 404
    assert settings(mette, fjordnet, "60", "70").status_code == 303
    assert stack.sql("SELECT alert_first, alert_second FROM companies WHERE id = %s"
                     % bitpro) == [("80", "100")]
    assert kari.page("/companies/%s/alerts" % bitpro).find("alerts/admin[email='%s']"
                                                           % METTE) is None


# -- a top-up in the period ---------------------------------------------

def test_a_threshold_the_use_fell_below_after_a_topup_is_mailed_again(
        stack, sub, tmp_path, kari, company_ids):
    cid = company_ids[BITPRO]
    import_gb(stack, tmp_path, "t1.csv", [("tu-1", "80")])
    assert len(alerts_to(stack, USER)) == 1
    # 80 of 110 GB after the top-up: 73 %, below 80 % again.
    assert usagesub.buy(kari, cid, sub, "TOP10", stack).status_code == 303
    import_gb(stack, tmp_path, "t2.csv", [("tu-2", "7")])
    assert len(alerts_to(stack, USER)) == 1
    # 88 of 110 GB: 80 % of the new quota, mailed with it.
    import_gb(stack, tmp_path, "t3.csv", [("tu-3", "1")])
    mails = alerts_to(stack, USER)
    assert [s for s, _ in mails] == ["%s has used 80 %% of its data" % REF] * 2
    assert "used 88.00 of 110.00 GB" in mails[1][1]
    assert sorted(stack.sql("SELECT threshold, quota_gb FROM usage_alerts_sent"
                            " WHERE subscription_id = %s" % sub)) == [("80", "100"),
                                                                     ("80", "110")]
    import_gb(stack, tmp_path, "t3.csv", [("tu-3", "1")])
    assert len(alerts_to(stack, USER)) == 2


def test_a_topup_that_leaves_the_use_past_a_threshold_mails_it_not_again(
        stack, sub, tmp_path, kari, company_ids):
    cid = company_ids[BITPRO]
    import_gb(stack, tmp_path, "v1.csv", [("tv-1", "95")])
    assert len(alerts_to(stack, USER)) == 1
    # 95 of 110 GB: 86 %, still past 80 %: no news.
    assert usagesub.buy(kari, cid, sub, "TOP10", stack).status_code == 303
    import_gb(stack, tmp_path, "v2.csv", [("tv-2", "1")])
    assert len(alerts_to(stack, USER)) == 1
    # 110 of 110 GB: 100 % of the new quota.
    import_gb(stack, tmp_path, "v3.csv", [("tv-3", "14")])
    assert [s for s, _ in alerts_to(stack, USER)] == [
        "%s has used 80 %% of its data" % REF, "%s has used 100 %% of its data" % REF]


# -- auto top-up -------------------------------------------------------

def auto_path(cid, sid):
    return "/companies/%s/subscriptions/%s/auto-topup" % (cid, sid)


def set_auto(client, cid, sid, product, max_n, xml=False):
    root = client.page(auto_path(cid, sid))
    return client.post(auto_path(cid, sid), {
        "csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey"),
        "product": product, "max": max_n}, xml=xml)


def auto_orders(stack, sid):
    return stack.sql("SELECT o.state, p.code, o.form_key FROM orders o"
                     " JOIN order_items i ON i.order_id = o.id"
                     " JOIN products p ON p.id = i.product_id"
                     " WHERE i.subscription_id = %s ORDER BY o.id" % sid)


def test_auto_topup_buys_at_100_percent_up_to_its_cap(
        stack, sub, tmp_path, kari, company_ids):
    cid = company_ids[BITPRO]
    top10 = one(stack, "SELECT id FROM products WHERE code = 'TOP10'")
    page = st.check_html(kari.get("/companies/%s/subscriptions/%s/usage" % (cid, sub)))
    assert page.xpath("//a[@href='%s']" % auto_path(cid, sub))
    r = set_auto(kari, cid, sub, top10, "2")
    assert r.status_code == 303 and "done=auto-topup-saved" in r.headers["Location"]
    root = kari.page(auto_path(cid, sub))
    assert (root.find("auto-topup").get("product"), root.find("auto-topup").get("max")) \
        == (str(top10), "2")
    assert root.find("form/value[@name='max']").text == "2"

    import_gb(stack, tmp_path, "u1.csv", [("at-1", "99")])
    assert auto_orders(stack, sub) == []
    # 100 of 100 GB: TOP10 bought by the system, completed; 110 GB now.
    import_gb(stack, tmp_path, "u2.csv", [("at-2", "1")])
    period = datetime.now(timezone.utc).astimezone(OSLO).strftime("%Y-%m")
    assert auto_orders(stack, sub) == [("completed", "TOP10", "auto-%s-%s-1" % (sub, period))]
    meter = kari.page("/companies/%s/subscriptions/%s/usage.xml" % (cid, sub)) \
        .find("usage/subscription/meter")
    assert meter.get("quota-gb") == "110.00", meter.attrib
    mails = [s for s, _ in alerts_to(stack, USER)]
    assert mails == ["%s has used 80 %% of its data" % REF,
                     "%s has used 100 %% of its data" % REF,
                     "%s: Ekstra datapakke 10 GB bought automatically" % REF], mails
    body = alerts_to(stack, USER)[2][1]
    assert "(1 of at most 2 this period)" in body and "110.00 GB" in body
    assert stack.sql("SELECT user_id, detail FROM audit_log WHERE company_id = %s AND"
                     " action = 'topup-auto' AND object_id = %s" % (cid, sub)) \
        == [("NULL", "TOP10")]
    assert one(stack, "SELECT COUNT(*) FROM charges WHERE subscription_id = %s" % sub) == "1"
    # The same file again buys nothing.
    import_gb(stack, tmp_path, "u2.csv", [("at-2", "1")])
    assert len(auto_orders(stack, sub)) == 1
    # 125 of 110 GB: the second and last of the period; then no more.
    import_gb(stack, tmp_path, "u3.csv", [("at-3", "25")])
    assert [c for _, c, _ in auto_orders(stack, sub)] == ["TOP10", "TOP10"]
    import_gb(stack, tmp_path, "u4.csv", [("at-4", "30")])
    assert len(auto_orders(stack, sub)) == 2
    assert len([s for s, _ in alerts_to(stack, USER) if "automatically" in s]) == 2
    # Turned off: the page says so.
    assert set_auto(kari, cid, sub, "", "").status_code == 303
    assert kari.page(auto_path(cid, sub)).find("auto-topup").get("product") is None


def test_auto_topup_one_buy_covers_a_jump_until_the_cap(stack, sub, tmp_path, kari,
                                                      company_ids):
    cid = company_ids[BITPRO]
    top10 = one(stack, "SELECT id FROM products WHERE code = 'TOP10'")
    assert set_auto(kari, cid, sub, top10, "3").status_code == 303
    # 150 GB at once: 100 -> 110 -> 120 -> 130, still over, the cap of 3 reached.
    import_gb(stack, tmp_path, "j.csv", [("aj-1", "150")])
    assert [c for _, c, _ in auto_orders(stack, sub)] == ["TOP10"] * 3


@pytest.mark.parametrize("product,max_n,field,code", [
    ("TOP10", "0", "max", "invalid"),
    ("TOP10", "11", "max", "invalid"),
    ("TOP10", "", "max", "required"),
    ("MBB100", "1", "product", "invalid"),      # a plan, no package
    ("nine", "1", "product", "invalid"),
])
def test_bad_auto_topup_is_refused(stack, sub, kari, company_ids, product, max_n,
                                   field, code):
    cid = company_ids[BITPRO]
    pid = one(stack, "SELECT COALESCE(MIN(id), 0) FROM products WHERE code = '%s'"
              % product)
    r = set_auto(kari, cid, sub, pid if pid != "0" else product, max_n, xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    assert root.find("form/error[@field='%s']" % field).get("code") == code
    assert one(stack, "SELECT COUNT(*) FROM auto_topups WHERE subscription_id = %s"
               % sub) == "0"


def test_auto_topup_of_another_company_is_not_found(stack, sub, mette, member,
                                                    company_ids):
    bitpro, fjordnet = company_ids[BITPRO], company_ids[FJORDNET]
    assert mette.get(auto_path(bitpro, sub)).status_code == 404
    assert mette.get(auto_path(fjordnet, sub)).status_code == 404
    no_orders = member(bitpro, ("subscriptions",))
    assert no_orders.get(auto_path(bitpro, sub)).status_code == 403


@pytest.fixture
def fillers(stack, company_ids):
    """1 200 of Fjordnet's subscriptions without a user, made after the
    test's own: with it, a batch of more than the 1 000 read at once."""
    stack.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
              " currency, status, started_on) SELECT %s, 1,"
              " CONCAT('TSN-CHUNK-', LPAD(seq, 4, '0')), 799.00, 'DKK', 'active',"
              " '2025-01-01' FROM seq_1_to_1200" % company_ids[FJORDNET])
    ids = [int(i) for (i,) in stack.sql(
        "SELECT id FROM subscriptions WHERE ref LIKE 'TSN-CHUNK-%' ORDER BY id")]
    yield ids
    stack.sql("DELETE FROM usage_daily WHERE subscription_id IN (SELECT id FROM"
              " subscriptions WHERE ref LIKE 'TSN-CHUNK-%');"
              "DELETE FROM usage_records WHERE subscription_id IN (SELECT id FROM"
              " subscriptions WHERE ref LIKE 'TSN-CHUNK-%');"
              "DELETE FROM usage_alerts_sent WHERE subscription_id IN (SELECT id FROM"
              " subscriptions WHERE ref LIKE 'TSN-CHUNK-%');"
              "DELETE FROM subscriptions WHERE ref LIKE 'TSN-CHUNK-%';")


def test_a_batch_of_more_subscriptions_than_one_read_alerts_each_its_own(
        stack, sub, fillers, tmp_path):
    """One batch: the test's subscription (first read) at 80 %, the last of
    another company's (second read) at 85 %, a terminated one at 95 %, the
    rest at 1 %. Each due live one is marked for its own use and company,
    the terminated one not; Bitpro's user hears only of its own."""
    stack.sql("UPDATE subscriptions SET status = 'terminated' WHERE ref = 'TSN-CHUNK-0600'")
    t = usagesub.start().strftime("%Y-%m-%dT%H:%M:%SZ")
    gb = {600: "95", 1200: "85"}
    rows = ["ck-own,%s,data,%s,80,GB\n" % (REF, t)]
    rows += ["ck-%04d,TSN-CHUNK-%04d,data,%s,%s,GB\n" % (i, i, t, gb.get(i, "1"))
             for i in range(1, 1201)]
    p = tmp_path / "chunk.csv"
    p.write_text(usagesub.HEAD + "".join(rows), encoding="utf-8")
    r = stack.selfcare("import-usage", str(p), check=False, timeout=120)
    out = r.stdout.decode(errors="replace")
    assert r.returncode == 0 and "1201 imported" in out, out
    assert sent(stack, sub) == [80]
    assert sent(stack, fillers[-1]) == [80]
    marked = stack.sql("SELECT subscription_id, percent, company_id FROM usage_alerts_sent"
                       " WHERE subscription_id IN (%s)" % ",".join(map(str, fillers)))
    assert [tuple(map(int, m)) for m in marked] == [
        (fillers[-1], 85, int(one(stack, "SELECT company_id FROM subscriptions"
                                  " WHERE id = %s" % fillers[-1])))]
    mails = stack.sql("SELECT subject FROM mail_outbox WHERE recipient = '%s'" % USER)
    assert [s for (s,) in mails] == ["%s has used 80 %% of its data" % REF]
