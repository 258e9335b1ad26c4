"""M2 company overview and M3 location overview, as Kari and Mette see them
in HTML and as partners get them in XML; and tenant isolation: another
company's id gives a 404 that tells nothing."""

import re

import pytest
from lxml import etree

import stack as st

BITPRO, NORDLYS, FJORDNET = "Bitpro Demo AS", "Nordlys Eiendom AS", "Fjordnet ApS"
# A time with the offset of the company's zone (tests/http/test_tz.py).
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")


def companies_of(root):
    return {c.findtext("name"): c for c in root.iter("company")}


# -- M2 ------------------------------------------------------------------

def test_kari_sees_both_her_companies(kari, company_ids):
    root = kari.page("/companies.xml")
    assert root.get("name") == "companies"
    assert root.findtext("context/user/name") == "Kari Nordmann"
    assert root.findtext("context/path") == "/companies"
    cs = companies_of(root)
    assert set(cs) == {BITPRO, NORDLYS}
    assert cs[BITPRO].findtext("orgnr") == "912345678"
    assert cs[BITPRO].findtext("locations") == "1"
    assert cs[BITPRO].findtext("added") == "2026-01-07T10:30:00+01:00"
    assert cs[BITPRO].findtext("role") == "admin"
    assert cs[NORDLYS].findtext("orgnr") == "987654321"
    assert cs[NORDLYS].findtext("locations") == "2"
    assert cs[NORDLYS].findtext("added") == "2025-09-15T16:00:00+02:00"

    page = st.check_html(kari.get("/companies"))
    text = st.text_of(page)
    for name, orgnr in ((BITPRO, "912345678"), (NORDLYS, "987654321")):
        assert name in text and orgnr in text
        assert page.xpath("//a[@href='/companies/%s/locations']" % company_ids[name])
    assert "07.01.2026" in text          # the date as a Norwegian reads it
    assert FJORDNET not in text


def test_mette_sees_only_hers(mette, company_ids):
    cs = companies_of(mette.page("/companies.xml"))
    assert set(cs) == {FJORDNET}
    assert cs[FJORDNET].findtext("orgnr") == "31234567"
    assert cs[FJORDNET].findtext("locations") == "1"
    text = st.text_of(st.check_html(mette.get("/companies")))
    assert FJORDNET in text and "31234567" in text
    for other in (BITPRO, NORDLYS, "912345678", "987654321"):
        assert other not in text


@pytest.mark.parametrize("lang,date", [("nb", "07.01.2026"), ("da", "07.01.2026"),
                                       ("en", "07/01/2026")])
def test_company_dates_in_the_reader_s_format(kari, lang, date):
    page = st.check_html(kari.get("/companies", cookies={"lang": lang}))
    assert page.get("lang") == lang
    assert date in st.text_of(page)


# -- M3 ------------------------------------------------------------------

def test_location_overview(kari, company_ids):
    cid = company_ids[BITPRO]
    r = kari.get("/companies/%s/locations" % cid)
    assert r.status_code == 200
    page = st.check_html(r)
    text = st.text_of(page)
    for seen in ("11001", "Internett MBE", "Mobilt bredbånd 100 GB",
                 "TSN-75606716", "799,00 kr", BITPRO, "912345678"):
        assert seen in text, "%r not on the page" % seen
    # "back to my company"
    back = st.i18n("nb")["locations.back"]
    assert page.xpath("//a[@href='/companies'][normalize-space()=$t]", t=back), \
        "no %r link to /companies" % back
    # Invoice, usage, manage per location.
    root = kari.page("/companies/%s/locations.xml" % cid)
    loc = root.find("locations/location")
    for action in ("invoices", "usage", "manage"):
        assert page.xpath("//a[@href='/locations/%s/%s']" % (loc.get("id"), action))
    # The company switcher in the menu names Kari's other company; the
    # page's content does not.
    main = " ".join(page.xpath("//main//text()"))
    assert NORDLYS not in main and "11002" not in text


def test_location_overview_xml_is_canonical(kari, company_ids):
    root = kari.page("/companies/%s/locations.xml" % company_ids[BITPRO])
    assert root.get("name") == "locations"
    assert root.findtext("company/name") == BITPRO
    assert root.findtext("company/orgnr") == "912345678"
    assert root.findtext("context/path") == "/companies/%s/locations" % company_ids[BITPRO]
    locs = root.findall("locations/location")
    assert len(locs) == 1
    loc = locs[0]
    assert loc.findtext("number") == "11001"
    assert loc.findtext("name") == "Internett MBE"
    assert loc.findtext("status") == "active"
    sub = loc.find("subscription")
    assert sub.find("product").get("code") == "MBB100"
    assert sub.findtext("product") == "Mobilt bredbånd 100 GB"
    assert sub.findtext("ref") == "TSN-75606716"
    assert sub.findtext("price") == "799.00"
    assert sub.find("price").get("currency") == "NOK"
    assert sub.findtext("status") == "active"


def test_company_with_two_locations(kari, company_ids):
    root = kari.page("/companies/%s/locations.xml" % company_ids[NORDLYS])
    locs = {l.findtext("number"): l for l in root.findall("locations/location")}
    assert set(locs) == {"11002", "11003"}
    assert locs["11002"].findtext("name") == "Kontor Trondheim"
    assert locs["11003"].findtext("name") == "Lager Sandnes"
    assert len(locs["11002"].findall("subscription")) == 2
    prices = sorted(p.text for p in root.iter("price"))
    assert prices == ["1199.00", "349.00", "549.00"]
    text = st.text_of(st.check_html(kari.get("/companies/%s/locations" % company_ids[NORDLYS])))
    assert "Kontor Trondheim" in text and "Lager Sandnes" in text


# Danish readers see "kr." for their own crowns only; Norwegian crowns are
# named NOK there (sc:money in Danish: "249,00 kr." for DKK, see Mette's page).
@pytest.mark.parametrize("lang,small,big", [
    ("nb", "349,00 kr", "1 199,00 kr"),
    ("da", "349,00 NOK", "1.199,00 NOK"),
    ("en", "NOK 349.00", "NOK 1,199.00"),
])
def test_money_in_the_reader_s_format(kari, company_ids, lang, small, big):
    page = st.check_html(kari.get("/companies/%s/locations" % company_ids[NORDLYS],
                                  cookies={"lang": lang}))
    text = st.text_of(page)
    assert small in text and big in text, (lang, text)


def test_mette_s_danish_subscription(mette, company_ids):
    page = st.check_html(mette.get("/companies/%s/locations" % company_ids[FJORDNET],
                                   cookies={"lang": "da"}))
    text = st.text_of(page)
    for seen in ("21001", "Hovedkontor Aarhus", "Mobilt bredbånd 50 GB", "249,00 kr."):
        assert seen in text
    root = mette.page("/companies/%s/locations.xml" % company_ids[FJORDNET])
    price = root.find(".//price")
    assert (price.text, price.get("currency")) == ("249.00", "DKK")


# -- XML: suffix and Accept are the same document -------------------------

PAGES = ["/companies", "/companies/{Bitpro Demo AS}/locations",
         "/companies/{Nordlys Eiendom AS}/locations"]


@pytest.mark.parametrize("path", PAGES)
def test_xml_by_suffix_and_by_accept_agree(kari, company_ids, path):
    path = re.sub(r"\{([^}]+)\}", lambda m: company_ids[m.group(1)], path)
    a = kari.get(path + ".xml")
    b = kari.get(path, xml=True)
    assert a.status_code == b.status_code == 200
    ra, rb = st.validate_xml(a), st.validate_xml(b)
    # The one-time form key is new on every page view.
    for r in (ra, rb):
        for k in r.findall("context/formkey"):
            k.text = "-"
    assert etree.tostring(ra) == etree.tostring(rb)
    assert ra.findtext("context/path") == path
    for d in ra.iter("added"):
        assert ISO_TIME.fullmatch(d.text)
    # HTML for the same path (no Accept) is HTML.
    st.check_html(kari.get(path))


# -- tenant isolation -----------------------------------------------------

LEAKS = [FJORDNET, "31234567", "21001", "Hovedkontor", "TSN-45100001", "249.00",
         BITPRO, NORDLYS, "912345678", "987654321", "11001", "TSN-75606716"]


@pytest.mark.parametrize("xml", [False, True], ids=["html", "xml"])
@pytest.mark.parametrize("cid", ["{other}", "0", "99999", "-1", "abc",
                                 "18446744073709551616", "1.0"])
def test_foreign_or_bad_company_id_is_404(request, base, company_ids, cid, xml):
    """Kari asks for Mette's company and Mette for Kari's: a 404 that is
    byte for byte the one of a company that does not exist."""
    for user, other in (("kari", FJORDNET), ("mette", BITPRO)):
        c = request.getfixturevalue(user)
        path = "/companies/%s/locations" % cid.replace("{other}", company_ids[other])
        r = c.get(path, xml=xml)
        assert r.status_code == 404, "%s %s: %d" % (user, path, r.status_code)
        if xml:
            assert st.validate_xml(r).find("error").get("status") == "404"
        else:
            st.check_html(r)
        for leak in LEAKS:      # an error page shows no company at all
            assert leak not in r.text, "%s leaked to %s" % (leak, user)
        if cid == "{other}":
            same = c.get("/companies/99999/locations", xml=xml)
            assert r.content == same.content, "the 404 differs from a missing company's"
        assert c.get(path + ".xml").status_code == 404


def test_foreign_company_in_suffix_form(kari, company_ids):
    r = kari.get("/companies/%s/locations.xml" % company_ids[FJORDNET])
    assert r.status_code == 404
    assert FJORDNET not in r.text


# -- not logged in --------------------------------------------------------

@pytest.mark.parametrize("path", ["/companies", "/companies/1/locations",
                                  "/companies/99999/locations"])
def test_not_logged_in(anon, path):
    r = anon.get(path)
    assert r.status_code == 303 and st.location_path(r) == "/login"
    for r in (anon.get(path + ".xml"), anon.get(path, xml=True)):
        assert r.status_code == 401
        assert st.validate_xml(r).find("error").get("status") == "401"
        assert BITPRO not in r.text


def test_companies_with_a_confirmation_matches_its_schema(kari):
    # Any page of the portal can carry ?done=CODE after a redirect; the
    # company list's document stays valid with the flash in its context.
    r = kari.get("/companies.xml?done=logged-out")
    assert r.status_code == 200
    root = st.validate_xml(r)
    assert root.find("context/flash").get("code") == "logged-out"


# The switcher's order: the database's collation's, though the session's
# statement no longer sorts (the dispatcher orders by the name's weight).
SWITCHER_USER = "switcher.order@example.no"
SWITCHER_NAMES = ["Zeta AS", "ærlig AS", "Øst AS", "alfa AS", "Beta AS", "Åpen AS", "beta AS",
                  "Éclair AS", "zulu AS"] + ["Firma %02d AS" % i for i in range(46, 0, -1)]


def test_switcher_in_the_collation_s_name_order_and_the_first_fifty(stack, base):
    sql = ["INSERT INTO users (email, name, lang) VALUES ('%s', 'Switcher', 'nb')"
           " ON DUPLICATE KEY UPDATE status = 'active'" % SWITCHER_USER]
    for i, name in enumerate(SWITCHER_NAMES):
        orgnr = "97%07d" % i
        sql.append("INSERT IGNORE INTO companies (name, orgnr, country) VALUES ('%s', '%s', 'NO')"
                   % (name, orgnr))
        sql.append("INSERT IGNORE INTO memberships (user_id, company_id, role, areas)"
                   " SELECT u.id, c.id, 'manager', 'support' FROM users u, companies c"
                   " WHERE u.email = '%s' AND c.country = 'NO' AND c.orgnr = '%s'"
                   % (SWITCHER_USER, orgnr))
    stack.sql(";".join(sql))
    try:
        mine = ("FROM memberships m JOIN companies c ON c.id = m.company_id"
                " JOIN users u ON u.id = m.user_id WHERE u.email = '%s'" % SWITCHER_USER)
        by_name = stack.sql("SELECT c.id, c.name %s ORDER BY c.name, c.id" % mine)
        assert len(by_name) == len(SWITCHER_NAMES) == 55
        # Neither the order of the bytes nor of the ids is the collation's.
        names = [n for _, n in by_name]
        assert names != sorted(names)
        assert [i for i, _ in by_name] != sorted(i for i, _ in by_name)
        client = stack.login(base, SWITCHER_USER)
        first, last = by_name[0][0], by_name[-1][0]
        for cid in (first, last):
            root = client.page("/companies/%s.xml" % cid)
            shown = [(c.get("id"), c.findtext("name")) for c in root.findall("context/switcher/company")]
            assert shown == [tuple(r) for r in by_name[:50]], cid
            assert root.findtext("context/company/name") == dict(by_name)[cid]
        page = st.check_html(client.get("/companies/%s" % first))
        assert [a.text for a in page.xpath("//ul[@class='switcher']//a")] == names[:50]
    finally:
        stack.sql("DELETE c FROM companies c JOIN memberships m ON m.company_id = c.id"
                  " JOIN users u ON u.id = m.user_id WHERE u.email = '%s'" % SWITCHER_USER)
