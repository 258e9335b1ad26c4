"""Top-ups: the packages of kind topup on a subscription's usage page with
their prices and availability dates, the confirmation page, "be om mer
data" buying one package per form key (a double click buys one), the order
completed at once by the system, the quota rising on the meter, the one-off
charge for the next invoice, and another company's subscription invisible.

The tests buy for a subscription of their own (TSN-TOPUP-T1, Bitpro, plan
MBB100 of 100 GB) and remove it, its orders and charges afterwards."""

import secrets
import uuid
from datetime import date, timedelta, timezone

import pytest

import stack as st
from test_usage import period_start

BITPRO, FJORDNET = "Bitpro Demo AS", "Fjordnet ApS"
REF = "TSN-TOPUP-T1"
PRICE20 = "399,00 kr"
# The seed's packages (M5) as the demo's catalogue carries them.
SEED = [("TOP10", "Ekstra datapakke 10 GB", "10", "299.00"),
        ("TOP20", "Ekstra datapakke 20 GB", "20", "399.00"),
        ("TOP40", "Ekstra datapakke 40 GB", "40", "499.00"),
        ("TOP130", "Ekstra datapakke 130 GB", "130", "599.00")]


def one(stack, q):
    return stack.sql(q)[0][0]


def pid(stack, code):
    return one(stack, "SELECT id FROM products WHERE code = '%s'" % code)


def orders_of(stack, sub):
    return stack.sql("SELECT o.id, o.state, p.code, i.oneoff_price FROM orders o"
                     " JOIN order_items i ON i.order_id = o.id"
                     " JOIN products p ON p.id = i.product_id"
                     " WHERE i.subscription_id = %s ORDER BY o.id" % sub)


@pytest.fixture
def sub(stack, company_ids):
    cid = company_ids[BITPRO]
    stack.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
              " currency, status, started_on) VALUES (%s, 1, '%s', 799.00, 'NOK',"
              " 'active', '2025-01-01')" % (cid, REF))
    sid = one(stack, "SELECT id FROM subscriptions WHERE ref = '%s'" % REF)
    yield sid
    stack.sql("DELETE FROM charges WHERE subscription_id = %s;"
              "DELETE FROM orders WHERE id IN (SELECT order_id FROM order_items"
              " WHERE subscription_id = %s);"
              "DELETE FROM subscriptions WHERE id = %s;" % ((sid,) * 3))


@pytest.fixture
def later(stack):
    """A package of 50 GB the catalogue offers from a week ahead."""
    code = "TOPL" + uuid.uuid4().hex[:6].upper()
    day = date.today() + timedelta(days=7)
    stack.sql("INSERT INTO products (code, name, kind, monthly_price, currency, quota_gb,"
              " available_from) VALUES ('%s', 'Ekstra datapakke 50 GB', 'topup', 449.00,"
              " 'NOK', 50, '%s');"
              "INSERT INTO product_prices (product_id, country, currency, oneoff_price,"
              " valid_from) SELECT id, 'NO', 'NOK', 449.00, '2000-01-01' FROM products"
              " WHERE code = '%s'" % (code, day.isoformat(), code))
    yield pid(stack, code), day
    stack.sql("DELETE FROM products WHERE code = '%s'" % code)


def usage_path(cid, sid):
    return "/companies/%s/subscriptions/%s/usage" % (cid, sid)


def topup_path(cid, sid):
    return "/companies/%s/subscriptions/%s/topup" % (cid, sid)


def confirm(client, cid, sid, product):
    """The confirmation page's document and the POST its form sends."""
    root = st.validate_xml(client.get(topup_path(cid, sid) + "?product=%s" % product,
                                      xml=True))
    return root, {"csrf": root.findtext("context/csrf"),
                  "formkey": root.findtext("context/formkey"), "product": str(product)}


# -- what is offered ---------------------------------------------------------------

def test_usage_page_lists_the_packages_with_prices_and_dates(stack, kari, company_ids,
                                                              sub, later):
    cid = company_ids[BITPRO]
    late, day = later
    root = st.validate_xml(kari.get(usage_path(cid, sub), xml=True))
    pk = root.findall("usage/topups/package")
    seed = [(p.get("code"), p.findtext("name"), p.findtext("quota-gb"), p.findtext("price"))
            for p in pk if p.get("code") in {s[0] for s in SEED}]
    assert seed == SEED
    assert {p.find("price").get("currency") for p in pk} == {"NOK"}
    # The seed's 20 GB came on 2025-12-08: past, so it can be bought.
    top20 = root.find("usage/topups/package[@code='TOP20']")
    assert (top20.get("available-from"), top20.get("orderable")) == ("2025-12-08", "yes")
    lp = root.find("usage/topups/package[@id='%s']" % late)
    assert (lp.get("available-from"), lp.get("orderable")) == (day.isoformat(), "no")
    page = st.check_html(kari.get(usage_path(cid, sub)))
    text = " ".join(page.xpath("string(//section[contains(@class, 'topups')])").split())
    assert "Ekstra datapakke 20 GB %s" % PRICE20 in text
    assert "Tilgjengelig fra %s" % day.strftime("%d.%m.%Y") in text
    links = page.xpath("//a[contains(@class, 'topup-choose')]/@href")
    assert topup_path(cid, sub) + "?product=%s" % pid(stack, "TOP10") in links
    assert not [h for h in links if h.endswith("product=%s" % late)]


def test_a_package_is_not_bought_before_its_date(stack, kari, company_ids, sub, later):
    cid = company_ids[BITPRO]
    late, day = later
    root, data = confirm(kari, cid, sub, late)
    assert root.find("topup/package").get("orderable") == "no"
    page = st.check_html(kari.get(topup_path(cid, sub) + "?product=%s" % late))
    assert not page.xpath("//form[@method='post'][contains(@action, '/topup')]")
    assert day.strftime("%d.%m.%Y") in st.text_of(page)
    r = kari.post(topup_path(cid, sub), data, xml=True)
    assert r.status_code == 409
    assert st.validate_xml(r).find("form/error[@field='product']").get("code") == \
        "not-allowed"
    assert orders_of(stack, sub) == []


def test_a_plan_without_quota_or_an_unknown_package_is_not_found(stack, kari, company_ids,
                                                                 sub):
    cid = company_ids[BITPRO]
    top10 = pid(stack, "TOP10")
    # Internett Fiber 500 has no data quota: nothing to top up.
    stack.sql("UPDATE subscriptions SET product_id = %s WHERE id = %s"
              % (pid(stack, "FIB500"), sub))
    assert kari.get(topup_path(cid, sub) + "?product=%s" % top10).status_code == 404
    page = st.check_html(kari.get(usage_path(cid, sub)))
    assert not page.xpath("//section[contains(@class, 'topups')]")
    stack.sql("UPDATE subscriptions SET product_id = 1 WHERE id = %s" % sub)
    # A plan is no package; a product id that is none is bad input.
    assert kari.get(topup_path(cid, sub) + "?product=%s" % pid(stack, "MBB100")) \
        .status_code == 404
    assert kari.get(topup_path(cid, sub) + "?product=x1").status_code == 400
    assert kari.get(topup_path(cid, sub)).status_code == 400
    assert orders_of(stack, sub) == []


# -- buying ------------------------------------------------------------------------

def test_double_click_buys_one_package_and_the_quota_rises(stack, kari, company_ids, sub):
    cid = company_ids[BITPRO]
    top10 = pid(stack, "TOP10")
    before = kari.page(usage_path(cid, sub) + ".xml").find("usage/subscription/meter")
    assert (before.get("quota-gb"), before.get("topups-gb")) == ("100.00", "0.00")
    root, data = confirm(kari, cid, sub, top10)
    p = root.find("topup/package")
    assert (p.findtext("name"), p.findtext("price")) == ("Ekstra datapakke 10 GB", "299.00")
    if p.find("vat") is not None:
        assert p.findtext("total") == "%.2f" % (299 + float(p.findtext("vat")))
    page = st.check_html(kari.get(topup_path(cid, sub) + "?product=%s" % top10))
    assert page.xpath("//button[normalize-space() = 'Be om mer data']")
    first = kari.post(topup_path(cid, sub), data)
    again = kari.post(topup_path(cid, sub), data)
    assert first.status_code == again.status_code == 303
    assert st.location_path(first) == st.location_path(again) == \
        usage_path(cid, sub) + "?done=topup-bought"
    rows = orders_of(stack, sub)
    assert [(r[1], r[2], r[3]) for r in rows] == [("completed", "TOP10", "299.00")]
    oid = rows[0][0]
    # acknowledged → inProgress → completed, the last two by the system.
    ev = stack.sql("SELECT from_state, to_state, user_id IS NULL FROM order_events"
                   " WHERE order_id = %s ORDER BY id" % oid)
    assert [tuple(map(str, e)) for e in ev] == [
        ("NULL", "acknowledged", "0"), ("acknowledged", "inProgress", "1"),
        ("inProgress", "completed", "1")]
    m = kari.page(usage_path(cid, sub) + ".xml").find("usage/subscription/meter")
    assert (m.get("plan-gb"), m.get("topups-gb"), m.get("quota-gb")) == (
        "100.00", "10.00", "110.00")
    done = st.check_html(kari.get(usage_path(cid, sub) + "?done=topup-bought"))
    assert "Tilleggspakken er lagt til" in st.text_of(done)
    fig = " ".join(done.xpath("//*[contains(@class, 'usage-figure')]")[0]
                   .text_content().split())
    assert fig == "0,00 av 110 GB"
    # The charge for the next invoice: once, on the subscription.
    ch = stack.sql("SELECT quantity, unit_price, currency, company_id FROM charges"
                   " WHERE subscription_id = %s" % sub)
    assert [tuple(map(str, c)) for c in ch] == [("1", "299.00", "NOK", str(cid))]
    assert one(stack, "SELECT COUNT(*) FROM audit_log WHERE action = 'topup-buy'"
               " AND object_id = %s AND company_id = %s" % (sub, cid)) == "1"


def test_two_packages_two_orders(stack, kari, company_ids, sub):
    cid = company_ids[BITPRO]
    for code in ("TOP20", "TOP40"):
        _, data = confirm(kari, cid, sub, pid(stack, code))
        assert kari.post(topup_path(cid, sub), data).status_code == 303
    assert [r[2] for r in orders_of(stack, sub)] == ["TOP20", "TOP40"]
    m = kari.page(usage_path(cid, sub) + ".xml").find("usage/subscription/meter")
    assert m.get("quota-gb") == "160.00"


def test_a_package_counts_in_the_period_its_order_completed_in(stack, kari, company_ids,
                                                               sub):
    """The order completed by the system carries when (orders.completed_at);
    both meters (the usage page's, the subscription page's) count the
    package from the first instant of the period it completed in, and not
    in the period after it."""
    cid = company_ids[BITPRO]
    for code in ("TOP10", "TOP20"):
        _, data = confirm(kari, cid, sub, pid(stack, code))
        assert kari.post(topup_path(cid, sub), data).status_code == 303
    top10, top20 = [r[0] for r in orders_of(stack, sub)]
    assert stack.sql("SELECT COUNT(*) FROM orders o JOIN order_events e ON e.order_id = o.id"
                     " AND e.to_state = 'completed' WHERE o.id IN (%s, %s)"
                     " AND TIMESTAMPDIFF(SECOND, e.at, o.completed_at) IN (0, 1)"
                     % (top10, top20)) == [("2",)]

    def meters():
        return [(m.get("topups-gb"), m.get("quota-gb")) for m in (
            kari.page(usage_path(cid, sub) + ".xml").find("usage/subscription/meter"),
            kari.page("/companies/%s/subscriptions/%s.xml" % (cid, sub))
            .find("subscription/meter"))]
    assert meters() == [("30.00", "130.00")] * 2
    # The period begins at midnight of the 1st in the company's zone
    # (Europe/Oslo): completed the second before, it was last period's.
    start = period_start().astimezone(timezone.utc)
    for at, want in ((start - timedelta(seconds=1), ("10.00", "110.00")),
                     (start, ("30.00", "130.00"))):
        stack.sql("UPDATE orders SET completed_at = '%s' WHERE id = %s"
                  % (at.strftime("%Y-%m-%d %H:%M:%S"), top20))
        assert meters() == [want] * 2, at


# -- who may ------------------------------------------------------------------------

def test_without_the_orders_area_packages_are_shown_not_sold(stack, member, company_ids,
                                                             sub):
    cid = company_ids[BITPRO]
    per = member(cid, ("subscriptions", "invoices"))
    root = st.validate_xml(per.get(usage_path(cid, sub), xml=True))
    assert root.find("usage/topups").get("may-buy") is None
    assert root.findall("usage/topups/package")
    page = st.check_html(per.get(usage_path(cid, sub)))
    assert not page.xpath("//a[contains(@class, 'topup-choose')]")
    assert per.get(topup_path(cid, sub) + "?product=%s" % pid(stack, "TOP10")) \
        .status_code == 403


def test_another_companys_subscription_is_invisible(stack, kari, mette, company_ids, sub):
    cid, fid = company_ids[BITPRO], company_ids[FJORDNET]
    top10 = pid(stack, "TOP10")
    for path in (topup_path(cid, sub), topup_path(fid, sub)):
        assert mette.get(path + "?product=%s" % top10).status_code == 404
        r = mette.post(path, {"csrf": mette.csrf("/companies"),
                              "formkey": secrets.token_urlsafe(32), "product": str(top10)})
        assert r.status_code == 404
    assert orders_of(stack, sub) == []
    # Fjordnet's own subscription is not Bitpro's to top up either.
    dk = one(stack, "SELECT id FROM subscriptions WHERE ref = 'TSN-45100001'")
    assert kari.get(topup_path(cid, dk) + "?product=%s" % top10).status_code == 404
