"""Help articles in the back office (role "articles"): every article, draft
or published, by category with its languages and its votes; a new article
and an edit (slug, category, status, position, title and body in nb, da and
en, the portal pages it helps with); its feedback, newest first; the
categories, named in each language and ordered. What the staff write is
what customers read, at once: a draft is nowhere in the portal, a published
article is found by the search and on its page. Bad input comes back with a
clear error and writes nothing; every change is audited under the staff
member. Every document is checked against its schema (Client.page)."""

import uuid
from urllib.parse import urlencode

import pytest

import stack as st

BITPRO = "Bitpro Demo AS"


def count(stack, where):
    return int(stack.sql("SELECT COUNT(*) FROM " + where)[0][0])


def one(stack, sql):
    return stack.sql(sql)[0][0]


def tag():
    """A name of this test run's own (every test runs through nginx and
    Apache, each with articles of its own)."""
    return "t-art-" + uuid.uuid4().hex[:8]


def keys(client, path):
    """The fields every POST of a page carries: csrf and its form key."""
    ctx = client.page(path).find("context")
    return {"csrf": ctx.findtext("csrf"), "formkey": ctx.findtext("formkey")}


def article_form(**fields):
    """An article's form: a draft under "invoices" in Norwegian only,
    unless fields say otherwise."""
    data = {"slug": tag(), "category": "invoices", "status": "draft", "position": "",
            "title-nb": "", "title-da": "", "title-en": "", "body-nb": "", "body-da": "",
            "body-en": "", "pages": ""}
    data.update(fields)
    return data


def create(writer, **fields):
    """Creates an article through the back office; returns (id, slug)."""
    data = article_form(**fields)
    r = writer.post("/admin/articles/new", dict(keys(writer, "/admin/articles/new"), **data))
    assert r.status_code == 303, r.text[:3000]
    path = st.location_path(r)
    assert path.startswith("/admin/articles/") and path.endswith("?done=article-created")
    return path.split("/")[3].split("?")[0], data["slug"]


def edit(writer, aid, **fields):
    """Saves the form of article aid with fields changed; returns the answer."""
    path = "/admin/articles/%s" % aid
    root = writer.page(path)
    a = root.find("article")
    data = {"slug": a.get("slug"), "category": a.get("category"), "status": a.get("status"),
            "position": a.get("position"), "pages": " ".join(p.text for p in a.findall("page"))}
    for lang in ("nb", "da", "en"):
        t = a.find("text[@lang='%s']" % lang)
        data["title-" + lang] = "" if t is None else t.findtext("title")
        data["body-" + lang] = "" if t is None else t.findtext("body")
    data.update(fields)
    return writer.post(path, dict(keys(writer, path), **data))


def search(client, q):
    root = client.page("/help.xml?" + urlencode({"q": q}))
    return [e.get("slug") for e in root.findall("help/results/article")]


def for_page(client, page):
    root = client.page("/help.xml?" + urlencode({"page": page}))
    return [e.get("slug") for e in root.findall("help/page-help/article")]


def vote(client, slug, helpful, comment=""):
    path = "/help/" + slug
    r = client.post(path, dict(keys(client, path), helpful=helpful, comment=comment))
    assert r.status_code == 303, r.text[:2000]


def staff_audit(stack, client, action, object_id, obj="help-article"):
    return count(stack, "audit_log a JOIN staff s ON s.id = a.staff_id WHERE s.email = '%s'"
                 " AND a.action = '%s' AND a.object = '%s' AND a.object_id = %s"
                 " AND a.company_id IS NULL" % (client.user, action, obj, object_id))


def english(client):
    client.cookies.set("lang", "en")
    return client


@pytest.fixture
def writer(staff):
    """A staff member holding the articles role only."""
    c = staff(("articles",))
    c.cookies.set("lang", "nb")
    return c


@pytest.fixture(autouse=True)
def _clean(stack):
    yield
    stack.sql("DELETE FROM help_articles WHERE slug LIKE 't-art-%%';"
              " DELETE FROM help_categories WHERE code LIKE 't-art-%%'")


# -- the list ---------------------------------------------------------------------

def test_the_list_has_every_article_by_category_drafts_too(stack, writer):
    root = writer.page("/admin/articles")
    arts = {a.get("slug"): a for a in root.findall("articles/article")}
    # The demo's six published articles and its draft.
    assert arts["usage-and-quota"].get("status") == "draft"
    assert arts["read-the-invoice"].get("status") == "published"
    assert arts["read-the-invoice"].get("category") == "invoices"
    assert [x.text for x in arts["read-the-invoice"].findall("lang")] == ["nb", "da", "en"]
    assert arts["read-the-invoice"].findtext("title") == "Slik leser du fakturaen"
    cats = [c.get("code") for c in root.findall("articles/category")]
    assert cats[:4] == ["login", "invoices", "orders", "support"]
    # In the categories' order, then by position.
    order = [a.get("category") for a in root.findall("articles/article")]
    assert order == sorted(order, key=lambda c: cats.index(c))
    page = st.check_html(writer.get("/admin/articles"))
    assert page.xpath("//h2[normalize-space() = 'Faktura']")
    assert page.xpath("//a[@href='/admin/articles/new']")
    assert page.xpath("//a[@href='/admin/articles/categories']")
    text = st.text_of(page)
    assert "Utkast" in text and "Publisert" in text
    # The filters: a status, a category, a search in the texts.
    drafts = writer.page("/admin/articles?status=draft").findall("articles/article")
    assert drafts and {a.get("status") for a in drafts} == {"draft"}
    inv = writer.page("/admin/articles?category=invoices").findall("articles/article")
    assert {a.get("category") for a in inv} == {"invoices"}
    assert {a.get("slug") for a in inv} >= {"read-the-invoice", "e-invoice-by-mail"}
    found = [a.get("slug") for a in writer.page(
        "/admin/articles?" + urlencode({"q": "e-invoice"})).findall("articles/article")]
    assert "e-invoice-by-mail" in found and "log-in-with-code" not in found
    assert writer.get("/admin/articles?status=gone").status_code == 400
    assert writer.get("/admin/articles?" + urlencode({"q": "x" * 101})).status_code == 400


def test_votes_are_counted_as_customers_cast_them(stack, writer, kari, mette):
    aid, slug = create(writer, status="published", **{
        "title-nb": "Stemmetest", "body-nb": "Tekst.", "title-da": "Stemmetest DK",
        "body-da": "Tekst på dansk."})
    a = writer.page("/admin/articles/%s" % aid).find("article")
    assert (a.find("votes").get("helpful"), a.find("votes").get("total")) == ("0", "0")
    vote(kari, slug, "yes", "Veldig klart")
    vote(mette, slug, "yes")         # in Danish: hers
    row = [a for a in writer.page("/admin/articles").findall("articles/article")
           if a.get("slug") == slug][0]
    assert (row.find("votes").get("helpful"), row.find("votes").get("total")) == ("2", "2")
    assert "2 av 2 fant dette nyttig" in st.text_of(st.check_html(writer.get("/admin/articles")))
    # A customer voting again replaces the vote: still two votes.
    vote(mette, slug, "no", "Fandt ikke svaret")
    a = writer.page("/admin/articles/%s" % aid).find("article")
    assert (a.find("votes").get("helpful"), a.find("votes").get("total")) == ("1", "2")
    # The feedback, newest first, with the language it was read in.
    votes = [(v.get("helpful"), v.get("lang"), v.findtext("comment"))
             for v in a.findall("feedback/vote")]
    assert votes == [("no", "da", "Fandt ikke svaret"), ("yes", "nb", "Veldig klart")]
    text = st.text_of(st.check_html(writer.get("/admin/articles/%s" % aid)))
    assert "1 av 2 fant dette nyttig" in text
    assert text.index("Fandt ikke svaret") < text.index("Veldig klart")
    english(writer)
    try:
        text = st.text_of(st.check_html(writer.get("/admin/articles/%s" % aid)))
        assert "1 of 2 found this helpful" in text
    finally:
        writer.cookies.set("lang", "nb")


# -- what customers see -----------------------------------------------------------------

def test_a_draft_is_invisible_until_published_and_an_edit_shows_at_once(
        stack, writer, kari):
    word = "zq" + uuid.uuid4().hex[:8]
    aid, slug = create(writer, pages="locations manage", **{
        "title-nb": "Ny artikkel",
        "body-nb": "Første avsnitt om %s.\r\n\r\nAndre avsnitt." % word})
    a = writer.page("/admin/articles/%s" % aid).find("article")
    assert a.get("status") == "draft"
    assert [p.text for p in a.findall("page")] == ["locations", "manage"]
    # Stored without carriage returns, as the portal shows it.
    assert a.findtext("text[@lang='nb']/body") == (
        "Første avsnitt om %s.\n\nAndre avsnitt." % word)
    # The customers: nowhere.
    assert kari.get("/help/" + slug).status_code == 404
    assert search(kari, word) == []
    assert slug not in for_page(kari, "locations")
    # Published: found by the search, listed on its pages and under its category.
    assert edit(writer, aid, status="published").status_code == 303
    assert search(kari, word) == [slug]
    assert slug in for_page(kari, "locations") and slug in for_page(kari, "manage")
    cat = [c for c in kari.page("/help.xml").findall("help/categories/category")
           if c.get("code") == "invoices"][0]
    assert slug in [e.get("slug") for e in cat.findall("article")]
    page = st.check_html(kari.get("/help/" + slug))
    assert [p.text_content() for p in page.xpath("//div[@class='help-body']/p")] == [
        "Første avsnitt om %s." % word, "Andre avsnitt."]
    # An edit: the new text at once, the old word no longer found.
    new = "zq" + uuid.uuid4().hex[:8]
    assert edit(writer, aid, **{"body-nb": "Nå om %s." % new}).status_code == 303
    assert search(kari, new) == [slug] and search(kari, word) == []
    assert kari.page("/help/" + slug).findtext("article/body") == "Nå om %s." % new
    # Not tied to a page any more: not listed there.
    assert edit(writer, aid, pages="manage").status_code == 303
    assert slug not in for_page(kari, "locations") and slug in for_page(kari, "manage")
    # Another language: Danish readers find it in Danish only when it has Danish.
    kari.cookies.set("lang", "da")
    try:
        assert kari.get("/help/" + slug).status_code == 404
        assert edit(writer, aid, **{"title-da": "Dansk titel",
                                    "body-da": "Dansk tekst."}).status_code == 303
        assert kari.page("/help/" + slug).findtext("article/title") == "Dansk titel"
    finally:
        kari.cookies.set("lang", "nb")
    # Back to a draft: gone from the portal again.
    assert edit(writer, aid, status="draft").status_code == 303
    assert kari.get("/help/" + slug).status_code == 404
    assert search(kari, new) == []


def test_a_body_is_plain_text_everywhere(stack, writer, kari):
    body = 'Med <b>fet</b> &amp; <script>alert(1)</script> og "sitat".\n\nSlutt.'
    aid, slug = create(writer, status="published", **{
        "title-nb": "<i>Tittel</i>", "body-nb": body})
    for client, path in ((writer, "/admin/articles/%s" % aid), (kari, "/help/" + slug)):
        page = st.check_html(client.get(path))
        assert not page.xpath("//div[@class='help-body']//b | //div[@class='help-body']//script"
                              " | //h1//i"), path
        paras = [p.text_content() for p in page.xpath("//div[@class='help-body']/p")]
        assert paras == ['Med <b>fet</b> &amp; <script>alert(1)</script> og "sitat".',
                         "Slutt."], path
    assert kari.page("/help/" + slug).findtext("article/title") == "<i>Tittel</i>"


def test_changes_are_audited_under_the_staff_member(stack, writer):
    aid, slug = create(writer, **{"title-en": "Audited", "body-en": "Text."})
    assert staff_audit(stack, writer, "help-article-add", aid) == 1
    renamed = tag()
    assert edit(writer, aid, slug=renamed, status="published").status_code == 303
    assert staff_audit(stack, writer, "help-article-edit", aid) == 1
    assert one(stack, "SELECT detail FROM audit_log WHERE action = 'help-article-edit'"
               " AND object_id = %s" % aid) == "%s -> %s published" % (slug, renamed)
    # Who wrote it and who changed it: the staff member.
    a = writer.page("/admin/articles/%s" % aid).find("article")
    assert a.findtext("created-by") == a.findtext("updated-by") == "Test Staff"
    r = writer.get("/admin/articles/%s?done=article-saved" % aid)
    assert "Endringene er lagret." in st.text_of(st.check_html(r))


# -- bad input ---------------------------------------------------------------------------

BAD = [
    ("slug", {"slug": "Stor Bokstav"}, "invalid", "Bruk bare små bokstaver"),
    ("slug", {"slug": "-first"}, "invalid", "Bruk bare små bokstaver"),
    ("slug", {"slug": "a" * 65}, "too-long", None),
    ("slug", {"slug": ""}, "required", None),
    ("slug", {"slug": "read-the-invoice"}, "exists", "En annen artikkel har denne adressen."),
    ("pages", {"pages": "locations nosuchpage"}, "invalid", "Bruk bare navnene på portalens sider"),
    ("pages", {"pages": "admin-articles"}, "invalid", "Bruk bare navnene på portalens sider"),
    ("status", {"status": "published", "title-nb": "", "body-nb": ""}, "required",
     "En publisert artikkel trenger tittel og tekst på minst ett språk."),
    ("status", {"status": "archived"}, "invalid", None),
    ("body-nb", {"body-nb": ""}, "required", "Språket har en tittel: skriv en tekst også"),
    ("title-da", {"body-da": "Tekst uten tittel."}, "required",
     "Språket har en tekst: skriv en tittel også"),
    ("title-nb", {"title-nb": "x" * 201}, "too-long", None),
    ("title-nb", {"title-nb": "To\nlinjer"}, "invalid", None),
    ("body-nb", {"body-nb": "x" * 10001}, "too-long", None),
    ("category", {"category": "nosuch"}, "invalid", "Velg et av emnene."),
    ("position", {"position": "-1"}, "invalid", "Skriv et helt tall fra 0"),
]


@pytest.mark.parametrize("field,fields,code,message", BAD,
                         ids=["%s-%s-%d" % (b[0], b[2], i) for i, b in enumerate(BAD)])
def test_bad_input_writes_nothing(stack, writer, field, fields, code, message):
    base = {"title-nb": "Tittel", "body-nb": "Tekst."}
    data = article_form(**dict(base, **fields))
    before = (count(stack, "help_articles"), count(stack, "help_article_texts"),
              count(stack, "help_article_pages"), count(stack, "audit_log"))
    r = writer.post("/admin/articles/new", dict(keys(writer, "/admin/articles/new"), **data),
                    xml=True)
    assert r.status_code == (409 if code == "exists" else 400), r.text[:2000]
    root = st.validate_xml(r)
    errors = {(e.get("field"), e.get("code")) for e in root.findall("form/error")}
    assert (field, code) in errors, errors
    # What was typed comes back.
    assert root.find("form/value[@name='slug']").text in (None, data["slug"])
    after = (count(stack, "help_articles"), count(stack, "help_article_texts"),
             count(stack, "help_article_pages"), count(stack, "audit_log"))
    assert after == before
    r = writer.post("/admin/articles/new", dict(keys(writer, "/admin/articles/new"), **data))
    page = st.check_html(r)
    assert page.xpath("//*[@aria-invalid='true']")
    if message:
        assert message in st.text_of(page)


def test_a_bad_edit_keeps_the_article_as_it_was(stack, writer, kari):
    aid, slug = create(writer, status="published", pages="invoices", **{
        "title-nb": "Uendret", "body-nb": "Som før."})
    before = writer.page("/admin/articles/%s" % aid).find("article")
    for fields, status in (({"slug": "read-the-invoice", "body-nb": "Nytt"}, 409),
                           ({"pages": "nosuchpage", "body-nb": "Nytt"}, 400),
                           ({"title-nb": "", "body-nb": ""}, 400)):
        assert edit(writer, aid, **fields).status_code == status, fields
    after = writer.page("/admin/articles/%s" % aid).find("article")
    assert after.get("slug") == slug
    assert after.findtext("text[@lang='nb']/body") == before.findtext(
        "text[@lang='nb']/body") == "Som før."
    assert [p.text for p in after.findall("page")] == ["invoices"]
    assert staff_audit(stack, writer, "help-article-edit", aid) == 0
    assert kari.page("/help/" + slug).findtext("article/body") == "Som før."
    assert writer.get("/admin/articles/999999999").status_code == 404


# -- categories -------------------------------------------------------------------------

def test_categories_are_added_renamed_and_ordered(stack, writer, kari):
    code = tag()
    path = "/admin/articles/categories"
    r = writer.post(path, dict(keys(writer, path), code=code, position="5", **{
        "name-nb": "Testemne", "name-da": "Testemne DK", "name-en": "Test topic"}))
    assert r.status_code == 303 and st.location_path(r) == path + "?done=category-created"
    cat = [c for c in writer.page(path).findall("categories/category")
           if c.get("code") == code][0]
    cid = cat.get("id")
    assert cat.get("position") == "5" and cat.get("articles") == "0"
    assert {n.get("lang"): n.text for n in cat.findall("name")} == {
        "nb": "Testemne", "da": "Testemne DK", "en": "Test topic"}
    assert staff_audit(stack, writer, "help-category-add", cid, "help-category") == 1
    # An article in it shows under it on the help page: first, at position 5.
    create(writer, category=code, status="published", **{
        "title-nb": "I testemnet", "body-nb": "Tekst.", "title-en": "In the test topic",
        "body-en": "Text."})
    cats = kari.page("/help.xml").findall("help/categories/category")
    assert cats[0].get("code") == code and cats[0].findtext("name") == "Testemne"
    # Renamed and moved last.
    r = writer.post(path + "/" + cid, dict(keys(writer, path), position="100000", **{
        "name-nb": "Omdøpt", "name-da": "Omdøbt", "name-en": "Renamed"}))
    assert r.status_code == 303 and st.location_path(r) == path + "?done=category-saved"
    cats = kari.page("/help.xml").findall("help/categories/category")
    assert cats[-1].get("code") == code and cats[-1].findtext("name") == "Omdøpt"
    assert staff_audit(stack, writer, "help-category-edit", cid, "help-category") == 1
    english(kari)
    try:
        assert kari.page("/help.xml").findall("help/categories/category")[-1].findtext(
            "name") == "Renamed"
    finally:
        kari.cookies.set("lang", "nb")
    # The article form offers it.
    choices = writer.page("/admin/articles/new").findall("choices/category")
    assert code in [c.get("code") for c in choices]
    assert "Omdøpt" in st.text_of(st.check_html(writer.get(path)))


@pytest.mark.parametrize("fields,field,code,status", [
    ({"code": "invoices"}, "code", "exists", 409),
    ({"code": "Med Mellomrom"}, "code", "invalid", 400),
    ({"code": ""}, "code", "required", 400),
    ({"name-da": ""}, "name-da", "required", 400),
    ({"name-en": "x" * 101}, "name-en", "too-long", 400),
    ({"position": "første"}, "position", "invalid", 400),
])
def test_a_bad_category_writes_nothing(stack, writer, fields, field, code, status):
    path = "/admin/articles/categories"
    data = {"code": tag(), "position": "", "name-nb": "N", "name-da": "D", "name-en": "E"}
    data.update(fields)
    before = (count(stack, "help_categories"), count(stack, "help_category_names"),
              count(stack, "audit_log"))
    r = writer.post(path, dict(keys(writer, path), **data), xml=True)
    assert r.status_code == status, r.text[:2000]
    root = st.validate_xml(r)
    assert root.find("form").get("name") == "articles-category-new"
    assert (field, code) in {(e.get("field"), e.get("code")) for e in root.iter("error")}
    assert (count(stack, "help_categories"), count(stack, "help_category_names"),
            count(stack, "audit_log")) == before
    page = st.check_html(writer.post(path, dict(keys(writer, path), **data)))
    assert page.xpath("//*[@aria-invalid='true']")


def test_a_bad_rename_keeps_the_names(stack, writer):
    path = "/admin/articles/categories"
    cid = one(stack, "SELECT id FROM help_categories WHERE code = 'invoices'")
    r = writer.post("%s/%s" % (path, cid), dict(keys(writer, path), position="20", **{
        "name-nb": "", "name-da": "Faktura", "name-en": "Invoices"}), xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    assert root.find("form").get("name") == "articles-category-%s" % cid
    assert one(stack, "SELECT name FROM help_category_names WHERE category_id = %s"
               " AND lang = 'nb'" % cid) == "Faktura"
    page = st.check_html(writer.post("%s/%s" % (path, cid), dict(keys(writer, path), **{
        "name-nb": "", "name-da": "Faktura", "name-en": "Invoices", "position": "20"})))
    assert page.xpath("//input[@id='category-%s-name-nb' and @aria-invalid='true']" % cid)
    assert writer.post("%s/999999999" % path, dict(keys(writer, path), **{
        "name-nb": "A", "name-da": "B", "name-en": "C"})).status_code == 404


# -- who may ----------------------------------------------------------------------------

def test_only_staff_with_the_role_write_help(stack, staff, kari, base):
    for roles in (("catalogue",), ("customers", "billing")):
        c = staff(roles)
        assert c.get("/admin/articles").status_code == 403, roles
        path = "/admin/articles/new"
        r = c.post(path, {"csrf": c.page("/admin").findtext("context/csrf"),
                          "formkey": "A" * 43, **article_form(**{
                              "title-nb": "Nei", "body-nb": "Nei."})})
        assert r.status_code == 403
        assert count(stack, "help_articles WHERE slug LIKE 't-art-%'") == 0
        menu = [i.get("href") for i in c.page("/admin").findall("context/menu/item")]
        assert "/admin/articles" not in menu
    # A customer is nobody to the back office.
    r = kari.get("/admin/articles")
    assert r.status_code == 303 and st.location_path(r) == "/admin/login"
    # The role's holder has it in the menu; no demo staff member holds it
    # but the administrator.
    holder = staff(("articles",))
    assert "/admin/articles" in [i.get("href") for i in holder.page("/admin").findall(
        "context/menu/item")]
    assert count(stack, "staff WHERE email LIKE '%%@operator.example.no' AND id <= 3"
                 " AND FIND_IN_SET('articles', roles)") == 0
