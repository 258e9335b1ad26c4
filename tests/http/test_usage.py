"""Usage: `selfcare import-usage FILE` (CSV and XML batches), the meter of
the billing period ("20,48 av 100 GB") on the location's "Forbruk" page and
the subscription's, and the history as charts and CSV.

What the operator sees is the command's lines and exit status; what the
customer sees is the pages (XML, HTML, CSV). The demo leaves Internett MBE
(TSN-75606716, Bitpro Demo AS) at 20.48 GB of 100 GB this period. The
tests import for a subscription of their own (TSN-USAGE-T1, Bitpro, plan
MBB100 of 100 GB, company zone Europe/Oslo) and remove it afterwards."""

import csv
import io
import time
from datetime import datetime, timedelta, timezone
from os import EX_DATAERR, EX_NOINPUT
from zoneinfo import ZoneInfo

import pytest
from lxml import etree, html as lhtml

import stack as st

BITPRO, FJORDNET = "Bitpro Demo AS", "Fjordnet ApS"
REF = "TSN-USAGE-T1"
OSLO = ZoneInfo("Europe/Oslo")
HEAD = "record_id,subscription,type,start,amount,unit\n"
GB = 10 ** 9


# -- helpers -----------------------------------------------------------

def run(stack, *args, timeout=120):
    r = stack.selfcare(*args, check=False, timeout=timeout)
    return r.returncode, r.stdout.decode(errors="replace")


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def period_start(now=None):
    """This period's first instant: local midnight of the 1st in Oslo."""
    now = (now or datetime.now(timezone.utc)).astimezone(OSLO)
    return datetime(now.year, now.month, 1, tzinfo=OSLO)


def daily(stack, sub):
    """(day, type) → (amount, records) of a subscription's aggregates."""
    return {(d, t): (int(a), int(n)) for d, t, a, n in stack.sql(
        "SELECT DATE_FORMAT(day, '%%Y-%%m-%%d'), usage_type, amount, records"
        " FROM usage_daily WHERE subscription_id = %s" % sub)}


@pytest.fixture
def sub(stack, company_ids):
    """A subscription of Bitpro's own for the test, without usage."""
    cid = company_ids[BITPRO]
    stack.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
              " currency, status, started_on) VALUES (%s, 1, '%s', 799.00, 'NOK',"
              " 'active', '2025-01-01')" % (cid, REF))
    sid = stack.sql("SELECT id FROM subscriptions WHERE ref = '%s'" % REF)[0][0]
    yield sid
    stack.sql("DELETE FROM usage_daily WHERE subscription_id = %s;"
              "DELETE FROM usage_records WHERE subscription_id = %s;"
              "DELETE FROM order_events WHERE order_id IN (SELECT order_id FROM order_items"
              " WHERE subscription_id = %s);"
              "DELETE FROM orders WHERE id IN (SELECT order_id FROM order_items"
              " WHERE subscription_id = %s);"
              "DELETE FROM subscriptions WHERE id = %s;" % ((sid,) * 5))


def meter(client, cid, sid):
    return client.page("/companies/%s/subscriptions/%s/usage.xml" % (cid, sid)) \
        .find("usage/subscription/meter")


# -- the demo: Internett MBE's 20,48 av 100 GB ------------------------------

def test_demo_location_shows_20_48_of_100_gb(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    lid = stack.sql("SELECT location_id FROM subscriptions WHERE ref = 'TSN-75606716'")[0][0]
    root = kari.page("/locations/%s/usage.xml" % lid)
    assert root.findtext("usage/location/name") == "Internett MBE"
    s = [e for e in root.iter("subscription") if e.findtext("ref") == "TSN-75606716"][0]
    m = s.find("meter")
    assert (m.get("used-gb"), m.get("quota-gb"), m.get("percent")) == ("20.48", "100.00", "20")
    assert m.get("period") == datetime.now(OSLO).strftime("%Y-%m")
    page = st.check_html(kari.get("/locations/%s/usage" % lid))
    fig = page.xpath("//*[contains(@class, 'usage-figure')]")[0].text_content()
    assert " ".join(fig.split()) == "20,48 av 100 GB"
    bar = page.xpath("//meter[contains(@class, 'usage-bar')]")[0]
    assert (bar.get("value"), bar.get("max"), bar.text) == (
        str(2048 * GB // 100), str(100 * GB), "20 % brukt")
    # The overview's "Forbruk" link is this page.
    over = st.check_html(kari.get("/companies/%s/locations" % cid))
    assert "/locations/%s/usage" % lid in over.xpath("//a/@href")
    # The subscription's own page carries the same meter, and links the history.
    sid = stack.sql("SELECT id FROM subscriptions WHERE ref = 'TSN-75606716'")[0][0]
    prof = kari.page("/companies/%s/subscriptions/%s.xml" % (cid, sid))
    assert prof.find("subscription/meter").get("used-gb") == "20.48"
    h = st.check_html(kari.get("/companies/%s/subscriptions/%s" % (cid, sid)))
    assert "/companies/%s/subscriptions/%s/usage" % (cid, sid) in h.xpath("//a/@href")


@pytest.mark.parametrize("lang,text", [("en", "20.48 of 100 GB"), ("da", "20,48 af 100 GB")])
def test_meter_in_the_readers_language(stack, kari, company_ids, lang, text):
    cid = company_ids[BITPRO]
    sid = stack.sql("SELECT id FROM subscriptions WHERE ref = 'TSN-75606716'")[0][0]
    page = st.check_html(kari.get("/companies/%s/subscriptions/%s/usage" % (cid, sid),
                                  cookies={"lang": lang}))
    fig = " ".join(page.xpath("//*[contains(@class, 'usage-figure')]")[0]
                   .text_content().split())
    assert fig == text


# -- import ---------------------------------------------------------------

def test_import_csv_good_bad_and_duplicates(stack, sub, tmp_path):
    t0 = period_start() + timedelta(hours=10)
    good = [("c-1", REF, "data", iso(t0), "1.5", "GB"),
            ("c-2", REF, "data", iso(t0 + timedelta(hours=1)), "500", "MB"),
            ("c-3", REF, "voice", iso(t0), "2", "min"),
            ("c-4", REF, "sms", iso(t0), "3", "msg")]
    bad = [("c-5", REF, "fax", iso(t0), "1", "B"),                # line 6
           ("c-6", REF, "data", "2026-13-01T00:00:00Z", "1", "B"),  # 7
           ("c-7", "TSN-NOSUCH", "data", iso(t0), "1", "B"),      # 8
           ("c-8", REF, "data", iso(t0), "1,5", "GB"),            # 9: 7 fields
           ("c-9", REF, "data", iso(t0), "-1", "GB"),             # 10
           ("c 10", REF, "data", iso(t0), "1", "GB"),             # 11
           ("c-11", REF, "voice", iso(t0), "1", "GB")]            # 12
    text = HEAD + "".join(",".join(r) + "\n" for r in good + bad)
    path = write(tmp_path, "usage.csv", text)
    rc, out = run(stack, "import-usage", path)
    assert rc == 1, out
    lines = out.splitlines()
    assert lines[:-1] == [
        "%s:6: unknown usage type (data, voice, sms): fax" % path,
        "%s:7: bad start time (ISO 8601 with offset): 2026-13-01T00:00:00Z" % path,
        "%s:8: no such subscription: TSN-NOSUCH" % path,
        "%s:9: more than six fields" % path,
        "%s:10: amount is not a decimal number" % path,
        "%s:11: bad record id" % path,
        "%s:12: unknown unit for the usage type" % path]
    assert lines[-1] == "%s: 11 records: 4 imported, 0 imported before, 7 refused" % path
    day = t0.astimezone(OSLO).strftime("%Y-%m-%d")
    assert daily(stack, sub) == {(day, "data"): (2 * GB, 2), (day, "voice"): (120, 1),
                                 (day, "sms"): (3, 1)}
    # The same file again adds nothing.
    rc, out = run(stack, "import-usage", path)
    assert rc == 1
    assert out.splitlines()[-1] == \
        "%s: 11 records: 0 imported, 4 imported before, 7 refused" % path
    assert daily(stack, sub)[(day, "data")] == (2 * GB, 2)
    # A record id repeated in one file counts once.
    path2 = write(tmp_path, "again.csv", HEAD + "c-20,%s,data,%s,1,GB\nc-20,%s,data,%s,1,GB\n"
                  % (REF, iso(t0), REF, iso(t0)))
    rc, out = run(stack, "import-usage", path2)
    assert rc == 0 and out.splitlines()[-1].endswith("2 records: 1 imported, 1 imported before,"
                                                       " 0 refused"), out
    assert daily(stack, sub)[(day, "data")] == (3 * GB, 3)


def test_import_refuses_a_file_that_is_not_one(stack, sub, tmp_path):
    rc, out = run(stack, "import-usage", write(tmp_path, "x.csv", "id;sub\n1;2\n"))
    assert rc == EX_DATAERR and "the first line is not" in out
    rc, out = run(stack, "import-usage", str(tmp_path / "missing.csv"))
    assert rc == EX_NOINPUT and "cannot open" in out
    assert daily(stack, sub) == {}


def batch(records, doctype=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + doctype +
            '<usage-batch xmlns="urn:selfcare:usage-batch:1">\n' +
            "".join('  <usage id="%s" subscription="%s" type="%s" start="%s" amount="%s"'
                    ' unit="%s"/>\n' % r for r in records) + "</usage-batch>\n")


def test_import_xml_batch(stack, sub, tmp_path):
    t0 = period_start() + timedelta(days=1, hours=3)
    recs = [("x-1", REF, "data", iso(t0), "250", "MB"),
            ("x-2", REF, "data", t0.astimezone(OSLO).isoformat(), "0.75", "GB")]
    text = batch(recs)
    # The file is what the schema says.
    schema = etree.XMLSchema(etree.parse(str(st.SRC / "schema" / "xsd" / "usage-batch.xsd")))
    assert schema.validate(etree.fromstring(text.encode())), schema.error_log
    path = write(tmp_path, "batch.xml", text)
    rc, out = run(stack, "import-usage", path)
    assert rc == 0, out
    assert out.splitlines()[-1] == "%s: 2 records: 2 imported, 0 imported before, 0 refused" \
        % path
    day = t0.astimezone(OSLO).strftime("%Y-%m-%d")
    assert daily(stack, sub) == {(day, "data"): (GB, 2)}
    rc, out = run(stack, "import-usage", path)
    assert rc == 0 and "0 imported, 2 imported before" in out


def test_import_xml_bad_records_and_bad_files(stack, sub, tmp_path):
    t0 = period_start() + timedelta(hours=2)
    text = batch([("y-1", REF, "data", iso(t0), "1", "GB"),
                  ("y-2", REF, "data", iso(t0), "1", "TB")])
    # An element that is no record, one with content, and the records after them.
    text = text.replace("</usage-batch>", '  <other><usage id="y-9"/></other>\n'
                        '  <usage id="y-5" subscription="%s" type="data" start="%s"'
                        ' amount="1" unit="GB">x</usage>\n'
                        '  <usage id="y-6" subscription="%s" type="data" start="%s"'
                        ' amount="2" unit="GB"/>\n</usage-batch>' % (REF, iso(t0), REF, iso(t0)))
    path = write(tmp_path, "mixed.xml", text)
    rc, out = run(stack, "import-usage", path)
    assert rc == 1, out
    assert out.splitlines() == [
        "%s:4: unknown unit for the usage type" % path,
        "%s:5: unexpected element: other" % path,
        "%s:6: a usage element has no content" % path,
        "%s: 5 records: 2 imported, 0 imported before, 3 refused" % path]
    # A DOCTYPE (entities) is refused before anything is read.
    evil = batch([("y-3", REF, "data", iso(t0), "1", "GB")],
                 '<!DOCTYPE usage-batch [<!ENTITY x "y-4">]>\n')
    rc, out = run(stack, "import-usage", write(tmp_path, "dtd.xml", evil))
    assert rc == EX_DATAERR and "dtd.xml: a DOCTYPE is not allowed" in out, out
    # Another root, and XML that breaks off.
    rc, out = run(stack, "import-usage", write(tmp_path, "root.xml", "<usage-batch/>"))
    assert rc == EX_DATAERR and "not a usage batch" in out
    rc, out = run(stack, "import-usage", write(tmp_path, "cut.xml", batch([])[:-20]))
    assert rc == EX_DATAERR and "not well-formed XML" in out
    day = t0.astimezone(OSLO).strftime("%Y-%m-%d")
    assert daily(stack, sub) == {(day, "data"): (3 * GB, 2)}


def test_import_100000_records(stack, sub, tmp_path):
    t0 = period_start() + timedelta(hours=1)
    n = 100000
    path = tmp_path / "big.csv"
    with open(path, "w") as f:
        f.write(HEAD)
        for i in range(n):
            f.write("big-%d,%s,data,%s,1,MB\n" % (i, REF, iso(t0 + timedelta(seconds=i))))
    start = time.monotonic()
    rc, out = run(stack, "import-usage", str(path), timeout=600)
    took = time.monotonic() - start
    assert rc == 0, out
    assert out.splitlines()[-1].endswith("%d records: %d imported, 0 imported before,"
                                         " 0 refused" % (n, n))
    got = daily(stack, sub)
    assert sum(a for (d, t), (a, c) in got.items()) == n * 10 ** 6
    assert sum(c for (d, t), (a, c) in got.items()) == n
    print("\nimport-usage: %d records in %.2f s (%.0f a second)" % (n, took, n / took))


NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def sub_ny(stack):
    """A subscription of a company of the test's own in America/New_York."""
    stack.sql("INSERT INTO companies (name, orgnr, country, time_zone) VALUES"
              " ('Usage Zone Test Inc', '990001234', 'NO', 'America/New_York')")
    cid = stack.sql("SELECT id FROM companies WHERE orgnr = '990001234'")[0][0]
    stack.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price,"
              " currency, status, started_on) VALUES (%s, 1, 'TSN-USAGE-NY', 799.00,"
              " 'NOK', 'active', '2025-01-01')" % cid)
    sid = stack.sql("SELECT id FROM subscriptions WHERE ref = 'TSN-USAGE-NY'")[0][0]
    yield sid
    stack.sql("DELETE FROM usage_daily WHERE subscription_id = %s;"
              "DELETE FROM usage_records WHERE subscription_id = %s;"
              "DELETE FROM subscriptions WHERE id = %s;"
              "DELETE FROM companies WHERE id = %s;" % (sid, sid, sid, cid))


def test_import_local_days_of_two_zones_across_summer_time(stack, sub, sub_ny, tmp_path):
    """Records of two companies in turn, one in Oslo and one in New York,
    around midnights and the days their clocks change: each counts on its
    company's local day, as the tz database has it."""
    utc = timezone.utc
    instants = []
    for day in (datetime(2025, 3, 30, tzinfo=OSLO), datetime(2025, 10, 26, tzinfo=OSLO),
                datetime(2025, 3, 9, tzinfo=NEW_YORK), datetime(2025, 11, 2, tzinfo=NEW_YORK)):
        for d in (-1, 0, 1, 2):
            # Wall-clock arithmetic: the local midnight d days on.
            m = (day + timedelta(days=d)).astimezone(utc)
            instants += [m - timedelta(seconds=1), m, m + timedelta(hours=2, minutes=30),
                         m + timedelta(hours=12)]
    instants += [datetime(2025, 3, 30, 0, 59, 59, tzinfo=utc),
                 datetime(2025, 3, 30, 1, 0, 0, tzinfo=utc),
                 datetime(2025, 3, 9, 6, 59, 59, tzinfo=utc),
                 datetime(2025, 3, 9, 7, 0, 0, tzinfo=utc)]
    recs, want = [], {}
    for n, t in enumerate(sorted(set(instants))):
        for ref, sid, zone in ((REF, sub, OSLO), ("TSN-USAGE-NY", sub_ny, NEW_YORK)):
            recs.append(("tz-%s-%d" % (ref, n), ref, "sms", iso(t), "1", "msg"))
            key = (sid, t.astimezone(zone).strftime("%Y-%m-%d"))
            want[key] = want.get(key, 0) + 1
    rc, out = run(stack, "import-usage", write(tmp_path, "tz.csv", HEAD + "".join(
        ",".join(r) + "\n" for r in recs)))
    assert rc == 0, out
    got = {}
    for sid in (sub, sub_ny):
        for (d, t), (a, c) in daily(stack, sid).items():
            assert t == "sms" and a == c
            got[(sid, d)] = c
    assert got == want


# -- the meter -----------------------------------------------------------

def test_meter_counts_the_company_period(stack, kari, company_ids, sub, tmp_path):
    """A record at local midnight of the 1st is this period's; one a second
    before it is the last one's (in UTC both are the day before)."""
    cid = company_ids[BITPRO]
    p0 = period_start()
    recs = [("b-1", REF, "data", iso(p0), "3", "GB"),
            ("b-2", REF, "data", iso(p0 - timedelta(seconds=1)), "5", "GB")]
    assert run(stack, "import-usage", write(tmp_path, "b.xml", batch(recs)))[0] == 0
    m = meter(kari, cid, sub)
    now = datetime.now(OSLO)
    nxt = (p0 + timedelta(days=32)).replace(day=1)
    days = (nxt - p0).days
    assert (m.get("used"), m.get("used-gb"), m.get("quota-gb"), m.get("percent")) == (
        str(3 * GB), "3.00", "100.00", "3")
    assert (m.get("start"), m.get("days"), m.get("left")) == (
        p0.strftime("%Y-%m-%d"), str(days), str(days - now.day + 1))
    periods = kari.page("/companies/%s/subscriptions/%s/usage.xml" % (cid, sub)) \
        .findall("usage/subscription/history/periods/period")
    prev = (p0 - timedelta(days=1)).strftime("%Y-%m")
    assert [(e.get("name"), e.get("gb")) for e in periods[-2:]] == [
        (prev, "5.00"), (p0.strftime("%Y-%m"), "3.00")]
    assert len(periods) == 12


def test_meter_adds_this_periods_topups(stack, kari, company_ids, sub):
    """A completed top-up order (TOP20) of this period raises the quota; one
    completed in the last period does not."""
    cid = company_ids[BITPRO]
    last = (period_start() - timedelta(days=2)).astimezone(timezone.utc)
    for key, at in (("usage-t-now", "UTC_TIMESTAMP()"),
                    ("usage-t-old", "'%s'" % last.strftime("%Y-%m-%d %H:%M:%S"))):
        stack.sql(
            "INSERT INTO orders (company_id, state, form_key, currency, delivery_name,"
            " delivery_street, delivery_postcode, delivery_city, delivery_country,"
            " completed_at) VALUES (%s, 'completed', '%s', 'NOK', 'x', 'x', '0001', 'x',"
            " 'NO', %s);"
            "INSERT INTO order_items (order_id, product_id, subscription_id, oneoff_price,"
            " currency) SELECT id, 7, %s, 399.00, 'NOK' FROM orders WHERE form_key = '%s';"
            "INSERT INTO order_events (order_id, from_state, to_state, at) SELECT id,"
            " 'inProgress', 'completed', %s FROM orders WHERE form_key = '%s';"
            % (cid, key, at, sub, key, at, key))
    m = meter(kari, cid, sub)
    assert (m.get("plan-gb"), m.get("topups-gb"), m.get("quota-gb")) == (
        "100.00", "20.00", "120.00")
    page = st.check_html(kari.get("/companies/%s/subscriptions/%s/usage" % (cid, sub)))
    fig = " ".join(page.xpath("//*[contains(@class, 'usage-figure')]")[0].text_content().split())
    assert fig == "0,00 av 120 GB"


# -- the history: charts, XML and CSV agree ------------------------------------

def test_charts_and_csv_show_the_xml_figures(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    sid = stack.sql("SELECT id FROM subscriptions WHERE ref = 'TSN-75606716'")[0][0]
    path = "/companies/%s/subscriptions/%s/usage" % (cid, sid)
    root = kari.page(path + ".xml")
    h = root.find("usage/subscription/history")
    days = [(e.get("date"), e.get("gb")) for e in h.findall("daily/day")]
    periods = [(e.get("name"), e.get("gb")) for e in h.findall("periods/period")]
    today = datetime.now(OSLO)
    assert len(days) == today.day and days[-1][0] == today.strftime("%Y-%m-%d")
    assert sum(round(float(g) * 100) for _, g in days) in range(2048 - len(days), 2049 + len(days))
    assert periods[-1] == (today.strftime("%Y-%m"), "20.48")
    # The charts: one bar per figure, each titled with it, and the tables.
    page = st.check_html(kari.get(path))
    svgs = page.xpath("//figure[contains(@class, 'usage-chart')]")
    assert len(svgs) == 2
    for fig, figures in zip(svgs, (days, periods)):
        bars = fig.xpath(".//rect")
        assert [b.get("data-gb") for b in bars] == [g for _, g in figures]
        assert all(b.xpath("string(title)").endswith(": %s GB" % g.replace(".", ","))
                   for b, (_, g) in zip(bars, figures))
        assert fig.xpath(".//svg/@role") == ["img"] and fig.xpath(".//svg/title")
        cells = [td.text for td in fig.xpath(".//table//td")]
        assert cells == [g.replace(".", ",") for _, g in figures]
    # The highest bar is the chart's full height.
    heights = [float(b.get("height")) for b in svgs[1].xpath(".//rect")]
    assert max(heights) == 180
    # The CSV has the same figures (nb: ";" and a decimal comma).
    r = kari.get(path + ".csv")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["subscription", "kind", "date", "gb", "bytes"]
    assert [(r[2], r[3]) for r in rows[1:] if r[1] == "day"] == \
        [(d, g.replace(".", ",")) for d, g in days]
    assert [(r[2], r[3]) for r in rows[1:] if r[1] == "period"] == \
        [(p, g.replace(".", ",")) for p, g in periods]


# -- another company's usage -------------------------------------------------

def test_another_companys_usage_is_invisible(stack, kari, mette, company_ids):
    bitpro, fjordnet = company_ids[BITPRO], company_ids[FJORDNET]
    sid = stack.sql("SELECT id FROM subscriptions WHERE ref = 'TSN-75606716'")[0][0]
    lid = stack.sql("SELECT location_id FROM subscriptions WHERE id = %s" % sid)[0][0]
    for path in ("/companies/%s/subscriptions/%s/usage" % (bitpro, sid),
                 "/companies/%s/subscriptions/%s/usage.csv" % (bitpro, sid),
                 "/companies/%s/subscriptions/%s/usage" % (fjordnet, sid),
                 "/companies/%s/subscriptions/%s/usage.csv" % (fjordnet, sid),
                 "/locations/%s/usage" % lid):
        r = mette.get(path)
        assert r.status_code == 404, (path, r.status_code)
        assert b"20.48" not in r.content and b"20,48" not in r.content
    # Fjordnet's own location shows only its own subscription.
    flid = stack.sql("SELECT location_id FROM subscriptions WHERE ref = 'TSN-45100001'")[0][0]
    root = mette.page("/locations/%s/usage.xml" % flid)
    assert [e.findtext("ref") for e in root.iter("subscription")] == ["TSN-45100001"]
