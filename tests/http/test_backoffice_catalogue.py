"""The catalogue in the back office (role "catalogue"): products of every
kind with names and notes in nb, da and en, prices per country from a date,
availability, contract lists and retirement; what the portal's plan change
offers follows it. Every change is audited; bad input comes back with its
errors and writes nothing."""

import datetime
import uuid

import pytest

import stack as st

BITPRO, NORDLYS, FJORDNET = "Bitpro Demo AS", "Nordlys Eiendom AS", "Fjordnet ApS"
NORDLYS_ORGNR = "987654321"


def count(stack, where):
    return int(stack.sql("SELECT COUNT(*) FROM " + where)[0][0])


def one(stack, sql):
    return stack.sql(sql)[0][0]


def today(stack):
    return datetime.date.fromisoformat(one(stack, "SELECT CURDATE()"))


def day(stack, offset):
    return (today(stack) + datetime.timedelta(days=offset)).isoformat()


def code(prefix):
    """A product code of this test run (every test runs through nginx and
    Apache, each with products of its own)."""
    return "T-%s-%s" % (prefix, uuid.uuid4().hex[:8].upper())


def keys(client, path):
    """The form fields every POST of a page carries: csrf and its form key."""
    ctx = client.page(path).find("context")
    return {"csrf": ctx.findtext("csrf"), "formkey": ctx.findtext("formkey")}


def product_form(stack, c, **fields):
    """A new product's form: a plan in the default catalogue at NOK 300,00
    a month in Norway from today, unless fields say otherwise."""
    data = {"kind": "subscription", "code": c, "name-nb": "Testplan " + c,
            "name-da": "Testabonnement " + c, "name-en": "Test plan " + c,
            "note-nb": "", "note-da": "", "note-en": "", "quota": "",
            "vat": "standard", "available-from": "", "available-to": "",
            "country": "NO", "monthly": "300,00", "oneoff": "", "from": day(stack, 0)}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def create(stack, staff_client, **fields):
    """Creates a product through the back office; returns (id, code)."""
    c = fields.pop("code", None) or code("P")
    data = dict(keys(staff_client, "/admin/catalogue/new"), **product_form(stack, c, **fields))
    r = staff_client.post("/admin/catalogue/new", data)
    assert r.status_code == 303, r.text[:3000]
    path = st.location_path(r)
    assert path.startswith("/admin/catalogue/") and path.endswith("?done=product-created")
    return path.split("/")[3].split("?")[0], c.upper()


def post(client, path, page, **fields):
    """A POST of a form on page (its csrf and form key) to path."""
    return client.post(path, dict(keys(client, page), **fields))


def price_rows(stack, pid, country="NO"):
    return stack.sql("SELECT DATE_FORMAT(valid_from, '%%Y-%%m-%%d'),"
                     " COALESCE(DATE_FORMAT(valid_to, '%%Y-%%m-%%d'), '-'), monthly_price,"
                     " oneoff_price, currency FROM product_prices WHERE product_id = %s"
                     " AND country = '%s' ORDER BY valid_from" % (pid, country))


def staff_audit(stack, client, action, object_id):
    return count(stack, "audit_log a JOIN staff s ON s.id = a.staff_id WHERE s.email = '%s'"
                 " AND a.action = '%s' AND a.object = 'product' AND a.object_id = %s"
                 % (client.user, action, object_id))


def plans(client, cid, sid):
    """The plans the portal offers a subscription: {code: (price, note)}."""
    root = client.page("/companies/%s/subscriptions/%s" % (cid, sid))
    return {p.find("product").get("code"): (p.findtext("price"), p.findtext("note"))
            for p in root.findall("plans/plan")}


def sub_id(stack, ref):
    return one(stack, "SELECT id FROM subscriptions WHERE ref = '%s'" % ref)


@pytest.fixture
def cat(staff):
    """A staff member holding the catalogue role only."""
    return staff(("catalogue",))


@pytest.fixture(autouse=True)
def _clean(stack):
    """Anne Berg's subscription back as the demo has it, and the products
    and subscriptions the test made gone."""
    yield
    anne = sub_id(stack, "TSN-75607001")
    stack.sql("UPDATE subscriptions SET product_id = 2, monthly_price = 349.00,"
              " ends_on = NULL WHERE id = %s;"
              " DELETE FROM subscription_history WHERE subscription_id = %s;"
              " DELETE FROM subscriptions WHERE ref LIKE 'CAT-%%';"
              " DELETE FROM products WHERE code LIKE 'T-%%'" % (anne, anne))


# -- the list -------------------------------------------------------------------

def test_the_demo_catalogue_by_kind(stack, cat):
    root = cat.page("/admin/catalogue")
    c = root.find("catalogue")
    assert c.get("on") == c.get("today") == day(stack, 0)
    assert [k.get("code") for k in c.findall("kind")] == [
        "subscription", "service", "topup", "hardware", "sim"]
    by_code = {p.findtext("code"): p for p in c.findall("product")}
    mbb = by_code["MBB100"]
    assert mbb.get("kind") == "subscription" and mbb.findtext("quota") == "100"
    assert {(p.get("country"), p.findtext("monthly"), p.find("monthly").get("currency"))
            for p in mbb.findall("price")} == {("NO", "799.00", "NOK"), ("DK", "349.00", "DKK")}
    # The seed's top-ups, paid once; 20 GB available from 2025-12-08.
    assert {k: by_code[k].findtext("price/oneoff") for k in ("TOP10", "TOP20", "TOP40",
                                                             "TOP130")} == {
        "TOP10": "299.00", "TOP20": "399.00", "TOP40": "499.00", "TOP130": "599.00"}
    assert by_code["TOP20"].findtext("available-from") == "2025-12-08"
    assert by_code["BTA30"].get("contract-only") == "yes"
    for k in ("EXD1", "EXD5", "EXD15", "EXD50", "CLOUD10", "CLOUD25", "CLOUD50", "NETV"):
        assert by_code[k].get("kind") == "service", k
    assert {by_code[k].get("kind") for k in ("TWIN", "DATACARD", "SIM")} == {"sim"}
    assert by_code["BTC10"].findtext("name") == "Bedrift Total C (10 GB)"
    page = st.check_html(cat.get("/admin/catalogue"))
    text = st.text_of(page)
    for heading in ("Abonnementer", "Tilleggstjenester", "Påfyllingspakker", "Utstyr",
                    "SIM-typer"):
        assert page.xpath("//h2[normalize-space() = $h]", h=heading), heading
    assert "799,00 kr per måned" in text and "399,00 kr én gang" in text
    assert "fra 08.12.2025" in text
    # Filters: a kind, a search in any language's name, the prices on a day.
    kinds = {p.get("kind") for p in cat.page("/admin/catalogue?kind=topup").iter("product")}
    assert kinds == {"topup"}
    found = [p.findtext("code") for p in cat.page("/admin/catalogue?q=my+cloud").iter("product")]
    assert sorted(found) == ["CLOUD10", "CLOUD25", "CLOUD50"]
    early = cat.page("/admin/catalogue?on=2025-06-01&kind=topup")
    assert {p.findtext("code"): p.find("price") is not None
            for p in early.iter("product")}["TOP20"] is False
    assert cat.get("/admin/catalogue?kind=gadget").status_code == 400
    assert cat.get("/admin/catalogue?on=2026-02-30").status_code == 400
    # In the staff member's language.
    cat.cookies.set("lang", "en")
    try:
        names = {p.findtext("code"): p.findtext("name")
                 for p in cat.page("/admin/catalogue?kind=subscription").iter("product")}
    finally:
        cat.cookies.pop("lang", None)
    assert names["MBB100"] == "Mobile broadband 100 GB"


# -- a new product ----------------------------------------------------------------

def test_create_a_top_up_with_names_and_a_price(stack, cat):
    c = code("top25").lower()
    before = count(stack, "products")
    data = dict(keys(cat, "/admin/catalogue/new"), **product_form(
        stack, c, kind="topup", quota="25", monthly="", oneoff=" 449,00 ",
        **{"name-nb": "Ekstra datapakke 25 GB", "name-da": "Ekstra datapakke 25 GB",
           "name-en": "Extra data package 25 GB",
           "note-nb": "Gjelder kun data innenfor Norge.",
           "note-da": "Gælder kun data i Norge.",
           "note-en": "Applies to data used in Norway only."}))
    r = cat.post("/admin/catalogue/new", data)
    assert r.status_code == 303, r.text[:2000]
    path = st.location_path(r)
    pid = path.split("/")[3].split("?")[0]
    assert path == "/admin/catalogue/%s?done=product-created" % pid
    # A second submit of the same form goes to the first result.
    again = cat.post("/admin/catalogue/new", data)
    assert again.status_code == 303 and st.location_path(again) == path
    assert count(stack, "products") == before + 1
    assert stack.sql("SELECT code, kind, name, quota_gb, vat_class, contract_only, active"
                     " FROM products WHERE id = %s" % pid) == [
        (c.upper(), "topup", "Ekstra datapakke 25 GB", "25", "standard", "0", "1")]
    assert stack.sql("SELECT lang, name, note FROM product_names WHERE product_id = %s"
                     " ORDER BY lang" % pid) == [
        ("da", "Ekstra datapakke 25 GB", "Gælder kun data i Norge."),
        ("en", "Extra data package 25 GB", "Applies to data used in Norway only."),
        ("nb", "Ekstra datapakke 25 GB", "Gjelder kun data innenfor Norge.")]
    assert price_rows(stack, pid) == [(day(stack, 0), "-", "0.00", "449.00", "NOK")]
    assert staff_audit(stack, cat, "catalogue-product-add", pid) == 1
    assert staff_audit(stack, cat, "catalogue-price-add", pid) == 1
    # Its page: what it is, the confirmation, and in the list among the top-ups.
    root = cat.page(path)
    assert root.find("context/flash").get("code") == "product-created"
    p = root.find("product")
    assert (p.get("kind"), p.findtext("code"), p.findtext("quota")) == ("topup", c.upper(), "25")
    assert p.find("prices/price").get("state") == "current"
    assert p.findtext("prices/price/oneoff") == "449.00"
    assert {n.get("lang"): n.text for n in p.findall("names/name")}["en"] == \
        "Extra data package 25 GB"
    page = st.check_html(cat.get(path))
    assert "Produktet er opprettet." in st.text_of(page)
    listed = cat.page("/admin/catalogue?kind=topup")
    assert c.upper() in [x.findtext("code") for x in listed.iter("product")]
    # The same code again (in any case): taken, the form back, nothing new.
    data = dict(keys(cat, "/admin/catalogue/new"), **product_form(stack, c.upper()))
    r = cat.post("/admin/catalogue/new", data, xml=True)
    assert r.status_code == 409
    form = st.validate_xml(r).find("form")
    assert [(e.get("field"), e.get("code")) for e in form.findall("error")] == [
        ("code", "exists")]
    assert count(stack, "products") == before + 1


# -- prices from a date ------------------------------------------------------------

def test_a_price_change_from_a_future_date(stack, cat, per, company_ids):
    cid = company_ids[BITPRO]
    pid, c = create(stack, cat, **{"note-nb": "Datakvoten gjelder kun data innenfor Norge."})
    anne = sub_id(stack, "TSN-75607001")
    # A subscription sold on the plan at today's price.
    stack.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price, currency,"
              " started_on) VALUES (%s, %s, 'CAT-%s', 300.00, 'NOK', CURDATE())"
              % (cid, pid, c[-8:]))
    sold = sub_id(stack, "CAT-" + c[-8:])
    in30, in60 = day(stack, 30), day(stack, 60)
    r = post(cat, "/admin/catalogue/%s/prices" % pid, page="/admin/catalogue/%s" % pid,
             country="NO", monthly="350", oneoff="", **{"from": in30})
    assert r.status_code == 303 and st.location_path(r) == \
        "/admin/catalogue/%s?done=price-added" % pid
    # Today's price ends the day before the new one, which holds from then on.
    assert price_rows(stack, pid) == [(day(stack, 0), day(stack, 29), "300.00", "0.00", "NOK"),
                                      (in30, "-", "350.00", "0.00", "NOK")]
    prices = cat.page("/admin/catalogue/%s" % pid).findall("product/prices/price")
    assert [(p.get("state"), p.findtext("monthly")) for p in prices] == [
        ("current", "300.00"), ("future", "350.00")]
    assert prices[1].findtext("by") == "Test Staff"
    st.check_html(cat.get("/admin/catalogue/%s" % pid))

    def on(d):
        root = cat.page("/admin/catalogue?q=%s&on=%s" % (c, d))
        return [p.findtext("monthly") for p in root.iter("price")]
    assert on(day(stack, 0)) == ["300.00"] and on(day(stack, 29)) == ["300.00"]
    assert on(in30) == ["350.00"] and on(day(stack, 400)) == ["350.00"]
    # The portal offers today's price, with the note.
    assert plans(per, cid, anne)[c] == ("300.00", "Datakvoten gjelder kun data innenfor Norge.")
    # A later price cuts the one before it; one of the same (future) day replaces it.
    assert post(cat, "/admin/catalogue/%s/prices" % pid, page="/admin/catalogue/%s" % pid,
                country="NO", monthly="375", **{"from": in60}).status_code == 303
    assert post(cat, "/admin/catalogue/%s/prices" % pid, page="/admin/catalogue/%s" % pid,
                country="NO", monthly="360,50", **{"from": in30}).status_code == 303
    assert price_rows(stack, pid) == [(day(stack, 0), day(stack, 29), "300.00", "0.00", "NOK"),
                                      (in30, day(stack, 59), "360.50", "0.00", "NOK"),
                                      (in60, "-", "375.00", "0.00", "NOK")]
    assert staff_audit(stack, cat, "catalogue-price-add", pid) == 4
    # A Danish price is a row of its own.
    assert post(cat, "/admin/catalogue/%s/prices" % pid, page="/admin/catalogue/%s" % pid,
                country="DK", monthly="199", **{"from": day(stack, 0)}).status_code == 303
    assert price_rows(stack, pid, "DK") == [(day(stack, 0), "-", "199.00", "0.00", "DKK")]
    # The day comes (the rows move 30 days back, as if 30 days had passed):
    # the plan change offers and takes the new price; the subscription sold
    # before keeps the price it was sold at, and so does its billing.
    stack.sql("UPDATE product_prices SET valid_from = valid_from - INTERVAL 30 DAY,"
              " valid_to = valid_to - INTERVAL 30 DAY WHERE product_id = %s" % pid)
    assert plans(per, cid, anne)[c][0] == "360.50"
    path = "/companies/%s/subscriptions/%s" % (cid, anne)
    confirm = per.page(path + "/plan?product=%s" % pid)
    assert confirm.findtext("confirm/plan/price") == "360.50"
    assert confirm.findtext("confirm/plan/note") == "Datakvoten gjelder kun data innenfor Norge."
    r = per.post(path + "/plan", {"csrf": confirm.findtext("context/csrf"),
                                  "formkey": confirm.findtext("context/formkey"),
                                  "product": pid})
    assert r.status_code == 303
    assert stack.sql("SELECT product_id, monthly_price FROM subscriptions WHERE id = %s"
                     % anne) == [(pid, "360.50")]
    assert stack.sql("SELECT monthly_price FROM subscriptions WHERE id = %s" % sold) == [
        ("300.00",)]
    assert per.page("/companies/%s/subscriptions/%s" % (cid, sold)).findtext(
        "subscription/price") == "300.00"


# -- retirement ----------------------------------------------------------------

def test_a_retired_plan_stays_on_its_subscription_and_is_offered_no_more(
        stack, cat, per, company_ids):
    cid = company_ids[BITPRO]
    pid, c = create(stack, cat, monthly="199")
    anne, jonas = sub_id(stack, "TSN-75607001"), sub_id(stack, "TSN-75607002")
    assert c in plans(per, cid, jonas)
    stack.sql("UPDATE subscriptions SET product_id = %s, monthly_price = 199.00 WHERE id = %s"
              % (pid, anne))
    r = post(cat, "/admin/catalogue/%s/retire" % pid, page="/admin/catalogue/%s" % pid)
    assert r.status_code == 303 and st.location_path(r) == \
        "/admin/catalogue/%s?done=product-retired" % pid
    assert stack.sql("SELECT active, retired_at IS NOT NULL FROM products WHERE id = %s"
                     % pid) == [("0", "1")]
    assert staff_audit(stack, cat, "catalogue-product-retire", pid) == 1
    # Retiring again changes nothing and audits nothing.
    assert post(cat, "/admin/catalogue/%s/retire" % pid,
                page="/admin/catalogue/%s" % pid).status_code == 303
    assert staff_audit(stack, cat, "catalogue-product-retire", pid) == 1
    # Not offered, not taken: neither asked for nor posted.
    assert c not in plans(per, cid, jonas)
    path = "/companies/%s/subscriptions/%s" % (cid, jonas)
    r = per.get(path + "/plan?product=%s" % pid, xml=True)
    assert r.status_code == 400
    assert st.validate_xml(r).find("form/error").get("code") == "invalid"
    ctx = per.page(path).find("context")
    r = per.post(path + "/plan", {"csrf": ctx.findtext("csrf"),
                                  "formkey": ctx.findtext("formkey"), "product": pid})
    assert r.status_code == 400
    assert one(stack, "SELECT product_id FROM subscriptions WHERE id = %s" % jonas) == "3"
    # Still on the subscription that has it, at its price.
    root = per.page("/companies/%s/subscriptions/%s" % (cid, anne))
    assert root.find("subscription/product").get("code") == c
    assert root.findtext("subscription/product") == "Testplan " + c
    assert root.findtext("subscription/price") == "199.00"
    assert "Testplan " + c in st.text_of(st.check_html(
        per.get("/companies/%s/subscriptions/%s" % (cid, anne))))
    # The back office shows it apart, among the retired.
    listed = {p.findtext("code"): p for p in cat.page("/admin/catalogue").iter("product")}
    assert listed[c].findtext("retired") == day(stack, 0)
    page = st.check_html(cat.get("/admin/catalogue"))
    def table(kind):
        return " ".join(page.xpath("//table[@aria-labelledby=$k]", k="kind-" + kind)[0]
                        .itertext())
    assert c in table("retired") and c not in table("subscription")
    assert not st.check_html(cat.get("/admin/catalogue/%s" % pid)).xpath(
        "//form[contains(@action, '/retire')]")


def test_a_plan_not_available_yet_is_not_offered(stack, cat, per, company_ids):
    cid = company_ids[BITPRO]
    jonas = sub_id(stack, "TSN-75607002")
    pid, c = create(stack, cat, **{"available-from": day(stack, 1)})
    assert c not in plans(per, cid, jonas)
    # The window opens: saved on its page, audited.
    data = {"name-nb": "Testplan " + c, "name-da": "Testabonnement " + c,
            "name-en": "Test plan " + c, "note-nb": "Ny merknad", "note-da": "",
            "note-en": "New note", "quota": "30", "vat": "standard",
            "available-from": day(stack, 0), "available-to": day(stack, 90)}
    r = post(cat, "/admin/catalogue/%s" % pid, page="/admin/catalogue/%s" % pid, **data)
    assert r.status_code == 303 and st.location_path(r) == \
        "/admin/catalogue/%s?done=product-saved" % pid
    assert stack.sql("SELECT quota_gb, DATE_FORMAT(available_from, '%%Y-%%m-%%d'),"
                     " DATE_FORMAT(available_to, '%%Y-%%m-%%d') FROM products WHERE id = %s"
                     % pid) == [("30", day(stack, 0), day(stack, 90))]
    assert stack.sql("SELECT lang, COALESCE(note, '-') FROM product_names WHERE product_id = %s"
                     " ORDER BY lang" % pid) == [("da", "-"), ("en", "New note"),
                                                 ("nb", "Ny merknad")]
    assert staff_audit(stack, cat, "catalogue-product-edit", pid) == 1
    assert plans(per, cid, jonas)[c] == ("300.00", "Ny merknad")
    # Closed again (until yesterday is before today): not offered.
    stack.sql("UPDATE products SET available_to = CURDATE() - INTERVAL 1 DAY,"
              " available_from = NULL WHERE id = %s" % pid)
    assert c not in plans(per, cid, jonas)


# -- contract lists ---------------------------------------------------------------

def test_a_contract_only_plan_is_offered_to_its_companies_only(
        stack, cat, per, kari, company_ids):
    bitpro, nordlys = company_ids[BITPRO], company_ids[NORDLYS]
    jonas = sub_id(stack, "TSN-75607002")          # Bitpro's
    nordlys_sub = sub_id(stack, "TSN-75606801")    # Nordlys's
    pid, c = create(stack, cat, contract="yes", monthly="279")
    assert c not in plans(kari, nordlys, nordlys_sub)
    # The demo's own contract plan: Nordlys's only.
    assert "BTA30" in plans(kari, nordlys, nordlys_sub)
    assert "BTA30" not in plans(per, bitpro, jonas)
    mark = int(one(stack, "SELECT COALESCE(MAX(id), 0) FROM audit_log"))
    r = post(cat, "/admin/catalogue/%s/companies" % pid, page="/admin/catalogue/%s" % pid,
             orgnr="987 654 321")
    assert r.status_code == 303 and st.location_path(r) == \
        "/admin/catalogue/%s?done=company-added" % pid
    companies = cat.page("/admin/catalogue/%s" % pid).findall("product/companies/company")
    assert [(x.get("id"), x.findtext("orgnr")) for x in companies] == [(nordlys, NORDLYS_ORGNR)]
    # The company's own audit log shows what the operator did.
    assert count(stack, "audit_log WHERE id > %d AND company_id = %s AND staff_id IS NOT NULL"
                 " AND action = 'catalogue-company-add' AND object_id = %s"
                 % (mark, nordlys, pid)) == 1
    actions = [e.findtext("action") for e in kari.page(
        "/companies/%s/audit" % nordlys).iter("entry")]
    assert "catalogue-company-add" in actions
    assert "catalogue-company-add" not in [e.findtext("action") for e in kari.page(
        "/companies/%s/audit" % bitpro).iter("entry") if e.findtext("object-id") == pid]
    # Offered to Nordlys; Bitpro's plan page does not list it, and its id
    # is refused there, asked for or posted.
    assert plans(kari, nordlys, nordlys_sub)[c][0] == "279.00"
    assert c not in plans(per, bitpro, jonas)
    path = "/companies/%s/subscriptions/%s" % (bitpro, jonas)
    assert per.get(path + "/plan?product=%s" % pid).status_code == 400
    ctx = per.page(path).find("context")
    r = per.post(path + "/plan", {"csrf": ctx.findtext("csrf"),
                                  "formkey": ctx.findtext("formkey"), "product": pid})
    assert r.status_code == 400
    assert one(stack, "SELECT product_id FROM subscriptions WHERE id = %s" % jonas) == "3"
    # An unknown number, and a company on the list already: the form back.
    for orgnr, err in (("999999999", "invalid"), (NORDLYS_ORGNR, "exists"), ("", "required")):
        r = cat.post("/admin/catalogue/%s/companies" % pid, dict(
            keys(cat, "/admin/catalogue/%s" % pid), orgnr=orgnr), xml=True)
        assert r.status_code == 400, orgnr
        form = st.validate_xml(r).find("form[@name='catalogue-company']")
        assert form.find("error").get("code") == err, orgnr
    assert count(stack, "product_companies WHERE product_id = %s" % pid) == 1
    # Off the list: offered to nobody.
    r = post(cat, "/admin/catalogue/%s/companies/%s/remove" % (pid, nordlys),
             page="/admin/catalogue/%s" % pid)
    assert r.status_code == 303 and st.location_path(r) == \
        "/admin/catalogue/%s?done=company-removed" % pid
    assert count(stack, "audit_log WHERE id > %d AND company_id = %s"
                 " AND action = 'catalogue-company-remove'" % (mark, nordlys)) == 1
    assert c not in plans(kari, nordlys, nordlys_sub)
    assert post(cat, "/admin/catalogue/%s/companies/%s/remove" % (pid, nordlys),
                page="/admin/catalogue/%s" % pid).status_code == 404


# -- the portal in the user's language ----------------------------------------------

def test_the_portal_shows_names_and_notes_in_the_users_language(
        stack, per, mette, company_ids):
    cid = company_ids[BITPRO]
    anne = sub_id(stack, "TSN-75607001")
    path = "/companies/%s/subscriptions/%s" % (cid, anne)
    got = plans(per, cid, anne)
    assert got["BTE50"] == ("549.00", "Datakvoten gjelder kun data innenfor Norge.")
    page = st.check_html(per.get(path))
    assert page.xpath("//ul[@class='plan-notes']/li[contains(., 'Bedrift Total E (50 GB)')"
                      " and contains(., 'Datakvoten gjelder kun data innenfor Norge.')]")
    per.cookies.set("lang", "en")
    try:
        root = per.page(path)
        assert root.findtext("subscription/product") == "Business Total C (10 GB)"
        assert [s.findtext("product") for s in root.findall(
            "subscription/services/service")] == ["Extra Data 5 GB", "Net protection"]
        en = {p.find("product").get("code"): (p.findtext("product"), p.findtext("note"))
              for p in root.findall("plans/plan")}
        assert en["BTE50"] == ("Business Total E (50 GB)",
                               "The data quota applies to data used in Norway only.")
        listed = per.page("/companies/%s/subscriptions?q=Business+Total+E" % cid)
        assert [s.findtext("ref") for s in listed.iter("subscription")] == ["TSN-75607002"]
        loc = per.page("/companies/%s/locations" % cid)
        assert loc.findtext("locations/location/subscription/product") == \
            "Mobile broadband 100 GB"
    finally:
        per.cookies.pop("lang", None)
    # Mette, Danish, at Fjordnet: Danish names, Danish prices in DKK.
    fj = company_ids[FJORDNET]
    sid = sub_id(stack, "TSN-45100001")
    root = mette.page("/companies/%s/subscriptions/%s" % (fj, sid))
    offered = {p.find("product").get("code"): (p.findtext("product"), p.findtext("price"),
                                                p.find("price").get("currency"))
               for p in root.findall("plans/plan")}
    assert offered == {"EM20": ("Erhverv Mobil 20 GB", "199.00", "DKK"),
                       "MBB100": ("Mobilt bredbånd 100 GB", "349.00", "DKK")}


# -- bad input --------------------------------------------------------------------

def _errors(resp):
    assert resp.status_code == 400, resp.text[:2000]
    form = st.validate_xml(resp).find("form")
    return {e.get("field"): e.get("code") for e in form.findall("error")}, form


def test_bad_input_comes_back_with_its_errors_and_writes_nothing(stack, cat):
    products, prices = count(stack, "products"), count(stack, "product_prices")
    audits = count(stack, "audit_log WHERE action LIKE 'catalogue-%'")
    cases = [
        ({"monthly": "-10,00"}, {"monthly": "invalid"}),
        ({"oneoff": "12,345"}, {"oneoff": "invalid"}),
        ({"from": day(stack, -1)}, {"from": "past-date"}),
        ({"from": ""}, {"from": "required"}),
        ({"name-da": "  "}, {"name-da": "required"}),
        ({"name-en": None}, {"name-en": "required"}),
        ({"name-nb": "x" * 201}, {"name-nb": "too-long"}),
        ({"name-nb": "Line\nbreak"}, {"name-nb": "invalid"}),
        ({"code": "T-WITH SPACE"}, {"code": "invalid"}),
        ({"code": ""}, {"code": "required"}),
        ({"kind": "gadget"}, {"kind": "invalid"}),
        ({"vat": "zero"}, {"vat": "invalid"}),
        ({"quota": "ten"}, {"quota": "invalid"}),
        ({"country": "XX"}, {"country": "invalid"}),
        ({"available-from": day(stack, 10), "available-to": day(stack, 5)},
         {"available-to": "invalid"}),
        ({"monthly": "-1", "from": "2020-01-01", "name-da": ""},
         {"monthly": "invalid", "from": "past-date", "name-da": "required"}),
    ]
    for fields, want in cases:
        data = dict(keys(cat, "/admin/catalogue/new"), **product_form(stack, code("BAD"),
                                                                      **fields))
        got, form = _errors(cat.post("/admin/catalogue/new", data, xml=True))
        assert got == want, fields
        # What was typed comes back as typed.
        typed = {v.get("name"): v.text or "" for v in form.findall("value")}
        for k, v in fields.items():
            if v is not None:
                assert typed.get(k, "") == v, (k, typed.get(k))
    # The page says what is wrong, in words.
    data = dict(keys(cat, "/admin/catalogue/new"), **product_form(
        stack, code("BAD"), monthly="-10,00", **{"from": day(stack, -1), "name-da": ""}))
    page = st.check_html(cat.post("/admin/catalogue/new", data))
    text = st.text_of(page)
    assert "Skriv et beløp på 0 eller mer, for eksempel 299,00." in text
    assert "En pris kan ikke gjelde fra en dag som har vært" in text
    assert page.xpath("//input[@name='name-da' and @aria-invalid='true']")
    assert page.xpath("//input[@name='monthly' and @value='-10,00']")
    # A price or details of an existing product: the same.
    pid = "1"
    for fields, want in (({"country": "NO", "monthly": "-5", "oneoff": "", "from": day(stack, 3)},
                          {"monthly": "invalid"}),
                         ({"country": "NO", "monthly": "5", "oneoff": "", "from": "2001-01-01"},
                          {"from": "past-date"})):
        got, form = _errors(cat.post("/admin/catalogue/%s/prices" % pid, dict(
            keys(cat, "/admin/catalogue/%s" % pid), **fields), xml=True))
        assert got == want and form.get("name") == "catalogue-price"
    names = stack.sql("SELECT lang, name FROM product_names WHERE product_id = 1 ORDER BY lang")
    got, form = _errors(cat.post("/admin/catalogue/1", dict(
        keys(cat, "/admin/catalogue/1"), **{"name-nb": "Nytt navn", "name-da": "Nyt navn",
                                            "name-en": "", "vat": "standard"}), xml=True))
    assert got == {"name-en": "required"} and form.get("name") == "catalogue-product"
    st.check_html(cat.post("/admin/catalogue/1", dict(
        keys(cat, "/admin/catalogue/1"), **{"name-nb": "Nytt navn", "name-da": "Nyt navn",
                                            "name-en": "", "vat": "standard"})))
    assert stack.sql("SELECT lang, name FROM product_names WHERE product_id = 1"
                     " ORDER BY lang") == names
    assert count(stack, "products") == products
    assert count(stack, "product_prices") == prices
    assert count(stack, "audit_log WHERE action LIKE 'catalogue-%'") == audits
    # An unknown product: not found.
    assert cat.get("/admin/catalogue/999999").status_code == 404
    r = cat.post("/admin/catalogue/999999/prices", dict(
        keys(cat, "/admin/catalogue/1"), country="NO", monthly="5", oneoff="",
        **{"from": day(stack, 1)}))
    assert r.status_code == 404
    assert count(stack, "product_prices") == prices


# -- who may ------------------------------------------------------------------------

def test_staff_without_the_role_are_refused(stack, staff, cat):
    other = staff(())
    products = count(stack, "products")
    for path in ("/admin/catalogue", "/admin/catalogue/new", "/admin/catalogue/1"):
        assert other.get(path).status_code == 403, path
        assert other.get(path, xml=True).status_code == 403, path
    token = other.page("/admin").findtext("context/csrf")
    form = dict(product_form(stack, code("NOPE")), csrf=token, formkey="A" * 43)
    assert other.post("/admin/catalogue/new", form).status_code == 403
    assert other.post("/admin/catalogue/1/retire", {"csrf": token,
                                                    "formkey": "A" * 43}).status_code == 403
    assert count(stack, "products") == products
    assert one(stack, "SELECT active FROM products WHERE id = 1") == "1"
    # The menu offers the catalogue only to who holds the role; an
    # administrator of the back office holds every role.
    assert "/admin/catalogue" not in [i.get("href") for i in other.page("/admin").iter("item")]
    assert "/admin/catalogue" in [i.get("href") for i in cat.page("/admin").iter("item")]
    assert staff(("admin",)).get("/admin/catalogue").status_code == 200
