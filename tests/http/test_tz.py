"""Times in the company's time zone: the database keeps UTC, the page
documents carry ISO 8601 local times with the offset of the company's zone
(companies.time_zone, from the country by default), and the pages show the
wall time, through nginx and Apache."""

import pytest

import stack as st

BITPRO, NORDLYS, FJORDNET = "Bitpro Demo AS", "Nordlys Eiendom AS", "Fjordnet ApS"
WINTER, SUMMER = "2026-01-13 08:30:00", "2025-07-01 08:30:00"   # UTC


def one(stack, query):
    return stack.sql(query)[0][0]


def add_case(stack, cid, subject, created, history_at, comment_at):
    """A case of company cid made at known UTC instants: its id."""
    return one(stack, """
        INSERT INTO cases (company_id, kind, category, subject, status, created_at, updated_at)
          VALUES (%s, 'support', 'technical', '%s', 'in-progress', '%s', '%s');
        SET @k = LAST_INSERT_ID();
        INSERT INTO case_status_history (case_id, from_status, to_status, at)
          VALUES (@k, 'new', 'in-progress', '%s');
        INSERT INTO case_comments (case_id, author, body, created_at)
          VALUES (@k, 'operator', 'Vi ser på det.', '%s');
        SELECT @k;""" % (cid, subject, created, created, history_at, comment_at))


@pytest.fixture
def tz_cases(stack, company_ids):
    """Cases of Bitpro (Oslo) and Fjordnet (Copenhagen), winter and summer."""
    ids = {
        "winter": add_case(stack, company_ids[BITPRO], "TZ winter", WINTER, SUMMER, WINTER),
        "summer": add_case(stack, company_ids[BITPRO], "TZ summer", SUMMER, WINTER, SUMMER),
        "dk": add_case(stack, company_ids[FJORDNET], "TZ dk", WINTER, SUMMER, WINTER),
    }
    yield ids
    stack.sql("DELETE FROM cases WHERE subject LIKE 'TZ %'")


@pytest.fixture
def zone_back(stack, company_ids):
    """Puts the demo companies' zones back afterwards."""
    yield
    stack.sql("UPDATE companies SET time_zone = IF(country = 'DK', 'Europe/Copenhagen',"
              " 'Europe/Oslo') WHERE id IN (%s)" % ", ".join(company_ids.values()))


def test_zone_follows_the_country(stack):
    assert stack.sql("SELECT name, time_zone FROM companies WHERE id IN (1, 2, 3)"
                     " ORDER BY id") == [(BITPRO, "Europe/Oslo"), (NORDLYS, "Europe/Oslo"),
                                         (FJORDNET, "Europe/Copenhagen")]
    # A new company without a zone gets its country's (the migration's default).
    stack.sql("INSERT INTO companies (name, orgnr, country) VALUES"
              " ('TZ DK', 'tz-1', 'DK'), ('TZ NO', 'tz-2', 'NO'), ('TZ DE', 'tz-3', 'DE')")
    try:
        assert stack.sql("SELECT orgnr, time_zone FROM companies WHERE orgnr LIKE 'tz-%'"
                         " ORDER BY orgnr") == [("tz-1", "Europe/Copenhagen"),
                                                ("tz-2", "Europe/Oslo"), ("tz-3", "UTC")]
    finally:
        stack.sql("DELETE FROM companies WHERE orgnr LIKE 'tz-%'")


def test_case_in_oslo_winter_and_summer(kari, company_ids, tz_cases):
    cid = company_ids[BITPRO]
    path = "/companies/%s/cases/%s" % (cid, tz_cases["winter"])
    k = kari.page(path + ".xml").find("case")
    assert k.findtext("created") == "2026-01-13T09:30:00+01:00"
    assert k.findtext("updated") == "2026-01-13T09:30:00+01:00"
    assert k.findtext("comments/comment/at") == "2026-01-13T09:30:00+01:00"
    assert k.findtext("history/change/at") == "2025-07-01T10:30:00+02:00"
    page = st.check_html(kari.get(path))
    assert page.xpath("//time[@datetime='2026-01-13T09:30:00+01:00']")
    text = st.text_of(page)
    assert "13.01.2026 09:30" in text and "01.07.2025 10:30" in text, text
    assert "08:30" not in text                      # never the UTC wall time
    k = kari.page("/companies/%s/cases/%s.xml" % (cid, tz_cases["summer"])).find("case")
    assert k.findtext("created") == "2025-07-01T10:30:00+02:00"
    assert k.findtext("history/change/at") == "2026-01-13T09:30:00+01:00"
    text = st.text_of(st.check_html(kari.get("/companies/%s/cases/%s" % (
        cid, tz_cases["summer"]))))
    assert "01.07.2025 10:30" in text


@pytest.mark.parametrize("lang,wall", [("nb", "13.01.2026 09:30"), ("da", "13.01.2026 09.30"),
                                       ("en", "13/01/2026 09:30")])
def test_wall_time_in_the_reader_s_format(kari, company_ids, tz_cases, lang, wall):
    path = "/companies/%s/cases/%s" % (company_ids[BITPRO], tz_cases["winter"])
    assert wall in st.text_of(st.check_html(kari.get(path, cookies={"lang": lang})))


def test_case_list_shows_the_local_day(stack, kari, company_ids):
    # 23:30 UTC on New Year's Eve is already 1 January in Oslo.
    cid = company_ids[BITPRO]
    k = add_case(stack, cid, "TZ new year", "2025-12-31 23:30:00", WINTER, WINTER)
    try:
        cases = kari.page("/companies/%s/cases.xml" % cid).iter("case")
        mine = [c for c in cases if c.get("id") == k][0]
        assert mine.findtext("created") == "2026-01-01T00:30:00+01:00"
        page = st.check_html(kari.get("/companies/%s/cases" % cid))
        cell = page.xpath("//time[@datetime='2026-01-01T00:30:00+01:00']")
        assert cell and "".join(cell[0].itertext()) == "01.01.2026"
    finally:
        stack.sql("DELETE FROM cases WHERE id = %s" % k)


def test_danish_company_in_copenhagen(stack, mette, company_ids, tz_cases, zone_back):
    cid = company_ids[FJORDNET]
    path = "/companies/%s/cases/%s" % (cid, tz_cases["dk"])
    k = mette.page(path + ".xml").find("case")
    assert k.findtext("created") == "2026-01-13T09:30:00+01:00"
    assert k.findtext("history/change/at") == "2025-07-01T10:30:00+02:00"
    assert "13.01.2026 09.30" in st.text_of(st.check_html(mette.get(path)))
    # The zone is the company's own: the Faroes (Danish, UTC+0 in winter).
    stack.sql("UPDATE companies SET time_zone = 'Atlantic/Faroe' WHERE id = %s" % cid)
    k = mette.page(path + ".xml").find("case")
    assert k.findtext("created") == "2026-01-13T08:30:00Z"
    assert k.findtext("history/change/at") == "2025-07-01T09:30:00+01:00"


def test_unknown_zone_is_the_server_s(stack, kari, company_ids, tz_cases, zone_back):
    """A zone the tz database lacks (or a path) falls back to the server's
    zone (the test stack's: UTC); the page still answers and validates."""
    cid = company_ids[BITPRO]
    path = "/companies/%s/cases/%s.xml" % (cid, tz_cases["winter"])
    for bad in ("Mars/Olympus_Mons", "../../../etc/passwd"):
        stack.sql("UPDATE companies SET time_zone = '%s' WHERE id = %s" % (bad, cid))
        k = kari.page(path).find("case")
        assert k.findtext("created") == "2026-01-13T08:30:00Z", bad


def test_audit_log_in_the_company_s_zone(stack, kari, company_ids):
    cid = company_ids[BITPRO]
    aid = one(stack, "INSERT INTO audit_log (at, user_id, company_id, action, object,"
                     " client_ip) VALUES ('2026-01-13 08:30:00.250', 1, %s, 'tz-test',"
                     " 'case', '127.0.0.1'); SELECT LAST_INSERT_ID()" % cid)
    sid = one(stack, "INSERT INTO audit_log (at, user_id, company_id, action, object,"
                     " client_ip) VALUES ('2025-07-01 08:30:00', 1, %s, 'tz-test',"
                     " 'case', '127.0.0.1'); SELECT LAST_INSERT_ID()" % cid)
    try:
        def at(entry_id):
            for before in ("", "?before=%d" % (int(entry_id) + 1)):
                root = kari.page("/companies/%s/audit.xml%s" % (cid, before))
                for e in root.iter("entry"):
                    if e.get("id") == entry_id:
                        return e.findtext("at")
            raise AssertionError("entry %s not listed" % entry_id)
        assert at(aid) == "2026-01-13T09:30:00+01:00"
        assert at(sid) == "2025-07-01T10:30:00+02:00"
        page = st.check_html(kari.get("/companies/%s/audit?before=%d" % (cid, int(aid) + 1)))
        cell = page.xpath("//time[@datetime='2026-01-13T09:30:00+01:00']")
        assert cell and "".join(cell[0].itertext()) == "13.01.2026 09:30"
        assert "UTC" not in st.text_of(page)          # the column says no zone of its own
    finally:
        stack.sql("DELETE FROM audit_log WHERE action = 'tz-test'")


def test_companies_list_each_in_its_own_zone(kari, mette, company_ids):
    dates = {c.findtext("name"): c.findtext("added")
             for c in kari.page("/companies.xml").iter("company")}
    # demo.sql: 2026-01-07 09:30 and 2025-09-15 14:00 UTC.
    assert dates[BITPRO] == "2026-01-07T10:30:00+01:00"
    assert dates[NORDLYS] == "2025-09-15T16:00:00+02:00"
    added = [c.findtext("added") for c in mette.page("/companies.xml").iter("company")]
    assert added == ["2025-11-03T11:15:00+01:00"]
