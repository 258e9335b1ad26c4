"""Help articles for every logged-in user: the categories and articles in
the reader's language, the search (bounded, its %, _, quotes and
backslashes literal), the articles of a portal page and the link every
company page has to them, an article in nb, da and en with its paragraphs
as plain text, drafts not found, and "was this article helpful?" (one vote
per user and article, a second replaces the first; bad input re-shows the
form and stores nothing; CSRF; the one-time form key). Every page is
checked against its schema and as HTML."""

import uuid

import pytest

import stack as st

BITPRO = "Bitpro Demo AS"


def sq(s):
    """A string as a MariaDB literal."""
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace(
        "\n", "\\n").replace("\r", "\\r") + "'"


def count(stack, where):
    return int(stack.sql("SELECT COUNT(*) FROM " + where)[0][0])


@pytest.fixture(scope="module")
def arts(stack):
    """Articles of this module's own: a published one in three languages
    with paragraphs, markup and the characters LIKE treats specially, one
    in Norwegian only, and a draft. Removed at the end."""
    tag = uuid.uuid4().hex[:8]
    a = {"tag": tag, "word": "zq" + tag, "cat": "t-" + tag,
         "plain": "t-%s-plain" % tag, "nb_only": "t-%s-nb-only" % tag,
         "draft": "t-%s-draft" % tag}
    a["body_nb"] = (
        "Første avsnitt om mobilbredbåndet %s.\nAndre linje i samme avsnitt.\n\n"
        "Andre avsnitt med <b>fet</b> &amp; «sitat» og \"sitat\" og o'brien, "
        "100%%_sikker og C:\\mappe.\r\n\r\n"
        "Tredje avsnitt." % a["word"])
    # A first paragraph longer than a list shows.
    a["body_nb_only"] = "Kun bokmål %s. %s\n\nAndre avsnitt." % (
        a["word"], "Lang tekst med mange ord " * 20)
    stack.sql(
        "INSERT INTO help_categories (code, position) VALUES (%s, 1000);"
        "SET @c = LAST_INSERT_ID();"
        "INSERT INTO help_category_names (category_id, lang, name) VALUES"
        " (@c, 'nb', 'Testemne'), (@c, 'da', 'Testemne DK'), (@c, 'en', 'Test topic');"
        "INSERT INTO help_articles (slug, category_id, position, status) VALUES"
        " (%s, @c, 1, 'published');"
        "SET @a = LAST_INSERT_ID();"
        "INSERT INTO help_article_texts (article_id, lang, title, body) VALUES"
        " (@a, 'nb', 'Testartikkel', %s),"
        " (@a, 'da', 'Testartikel', 'Dansk tekst %s.\\n\\nAndet afsnit.'),"
        " (@a, 'en', 'Test article', 'English text %s, zebrafish%s.');"
        "INSERT INTO help_article_pages (article_id, page) VALUES (@a, 'locations');"
        "INSERT INTO help_articles (slug, category_id, position, status) VALUES"
        " (%s, @c, 2, 'published');"
        "INSERT INTO help_article_texts (article_id, lang, title, body) VALUES"
        " (LAST_INSERT_ID(), 'nb', 'Bare norsk', %s);"
        "INSERT INTO help_articles (slug, category_id, position, status) VALUES"
        " (%s, @c, 3, 'draft');"
        "SET @d = LAST_INSERT_ID();"
        "INSERT INTO help_article_texts (article_id, lang, title, body) VALUES"
        " (@d, 'nb', 'Utkast', 'Hemmelig utkast draft%s.'),"
        " (@d, 'da', 'Kladde', 'Hemmelig kladde draft%s.'),"
        " (@d, 'en', 'Draft', 'Secret draft draft%s.');"
        "INSERT INTO help_article_pages (article_id, page) VALUES (@d, 'locations');"
        % (sq(a["cat"]), sq(a["plain"]), sq(a["body_nb"]), a["word"], a["word"], tag,
           sq(a["nb_only"]), sq(a["body_nb_only"]), sq(a["draft"]), tag, tag, tag))
    yield a
    stack.sql(
        "DELETE f FROM help_feedback f JOIN help_articles a ON a.id = f.article_id"
        " WHERE a.slug LIKE 't-%s-%%';"
        "DELETE FROM help_articles WHERE slug LIKE 't-%s-%%';"
        "DELETE FROM help_categories WHERE code = %s;" % (tag, tag, sq(a["cat"])))


def english(client):
    client.cookies.set("lang", "en")
    return client


def results(client, q, status=200):
    root = client.page("/help.xml?" + st_query(q=q), status=status)
    res = root.find("help/results")
    return root, None if res is None else [e.get("slug") for e in res.findall("article")]


def st_query(**kw):
    from urllib.parse import urlencode
    return urlencode(kw)


# -- the list, the search ------------------------------------------------------

def test_list_has_the_categories_in_the_readers_language(kari, mette, arts):
    root = kari.page("/help.xml")
    assert root.get("lang") == "nb"
    cats = root.findall("help/categories/category")
    codes = [c.get("code") for c in cats]
    # The demo's categories in their order, ours (position 1000) last.
    assert codes[:4] == ["login", "invoices", "orders", "support"]
    assert codes[-1] == arts["cat"]
    assert cats[0].findtext("name") == "Innlogging"
    ours = cats[-1]
    assert ours.findtext("name") == "Testemne"
    assert [(e.get("slug"), e.findtext("title")) for e in ours.findall("article")] == [
        (arts["plain"], "Testartikkel"), (arts["nb_only"], "Bare norsk")]
    # Drafts are nowhere, the demo's draft neither.
    slugs = {e.get("slug") for e in root.iter("article")}
    assert arts["draft"] not in slugs and "usage-and-quota" not in slugs
    assert {"log-in-with-code", "read-the-invoice", "order-more-data",
            "send-change-request"} <= slugs
    page = st.check_html(kari.get("/help"))
    assert page.xpath("//a[@href=$h]", h="/help/" + arts["plain"])
    assert page.xpath("//form[@method='get' and @action='/help']//input[@name='q']")
    # In Danish the Danish names; the article without Danish is not listed.
    root = mette.page("/help.xml")
    ours = root.find("help/categories/category[@code='%s']" % arts["cat"])
    assert ours.findtext("name") == "Testemne DK"
    assert [e.get("slug") for e in ours.findall("article")] == [arts["plain"]]
    assert root.find("help/categories/category[@code='login']/name").text == "Log ind"


def test_search_finds_title_and_body_in_the_readers_language(kari, mette, arts):
    # A word of the body, and part of a compound ("bredbånd" in
    # "mobilbredbåndet"): every word must be there.
    _, got = results(kari, arts["word"])
    assert got == [arts["plain"], arts["nb_only"]]
    _, got = results(kari, "bredbånd " + arts["word"])
    assert got == [arts["plain"]]
    _, got = results(kari, "BREDBÅND MOBILBREDBÅNDET " + arts["word"].upper())
    assert got == [arts["plain"]]
    # Case does not matter; the title counts too, and ranks first.
    _, got = results(kari, "TESTARTIKKEL")
    assert got == [arts["plain"]]
    _, got = results(kari, "faktura")
    assert "read-the-invoice" in got
    # English words are found in English only.
    _, got = results(kari, "zebrafish" + arts["tag"])
    assert got == []
    _, got = results(english(kari), "zebrafish" + arts["tag"])
    assert got == [arts["plain"]]
    _, got = results(mette, "dansk " + arts["word"])
    assert got == [arts["plain"]]


def test_search_without_match_says_so(kari, arts):
    root, got = results(kari, "ingenting" + arts["tag"])
    assert got == [] and root.find("help/results").get("count") == "0"
    assert root.find("help/results").get("q") == "ingenting" + arts["tag"]
    # The results alone, and the way back to every topic.
    assert root.find("help/categories") is None
    page = st.check_html(kari.get("/help?q=ingenting" + arts["tag"]))
    assert st.i18n("nb")["help.results.none"] in st.text_of(page)
    assert page.xpath("//main//a[@href='/help']")
    # Drafts are not searched.
    assert results(kari, "draft" + arts["tag"])[1] == []


@pytest.mark.parametrize("q", ["%_", "100%_sikker", "\"sitat\" o'brien", "'",
                               "C:\\mappe", "\\", "«sitat»"])
def test_search_takes_like_characters_and_quotes_literally(kari, arts, q):
    # Unescaped, "%_" would match every article; a quote would break the SQL.
    _, got = results(kari, q)
    assert got == [arts["plain"]], (q, got)
    root = kari.page("/help.xml?" + st_query(q=q))
    assert root.find("help/form/value[@name='q']").text == q
    page = st.check_html(kari.get("/help?" + st_query(q=q)))
    assert page.xpath("//input[@name='q']/@value") == [q]


@pytest.mark.parametrize("q, code", [("x" * 101, "too-long"), ("æ" * 101, "too-long"),
                                     (" ".join("ord%d" % i for i in range(9)), "too-many")])
def test_search_too_long_is_400_with_the_query_kept(kari, arts, q, code):
    r = kari.get("/help?" + st_query(q=q), xml=True)
    assert r.status_code == 400
    root = st.validate_xml(r)
    form = root.find("help/form")
    assert form.find("error").get("field") == "q" and form.find("error").get("code") == code
    assert form.find("value").text == q
    assert root.find("help/results") is None
    r = kari.get("/help?" + st_query(q=q))
    assert r.status_code == 400
    page = st.check_html(r)
    key = "help.search." + code
    assert st.i18n("nb")[key] in st.text_of(page)
    assert page.xpath("//input[@name='q' and @aria-invalid='true']/@value") == [q]


def test_search_at_the_bounds_is_fine(kari, arts):
    # 100 characters (not bytes: æ is two) and 8 words.
    assert results(kari, "æ" * 100)[1] == []
    assert results(kari, " ".join([arts["word"]] * 8))[1] == [arts["plain"], arts["nb_only"]]
    # Blank is no search.
    root = kari.page("/help.xml?q=+")
    assert root.find("help/results") is None


def test_bad_search_input_is_400(kari):
    assert kari.get("/help?q=%01").status_code == 400
    assert kari.get("/help?q=a&q=b").status_code == 400
    assert kari.get("/help?nosuch=1").status_code == 400


# -- help for a page --------------------------------------------------------------

def test_help_for_a_page(kari, arts, company_ids):
    root = kari.page("/help.xml?page=locations")
    ph = root.find("help/page-help")
    assert ph.get("page") == "locations"
    slugs = [e.get("slug") for e in ph.findall("article")]
    assert "order-more-data" in slugs and arts["plain"] in slugs
    assert arts["draft"] not in slugs
    # The start of the first paragraph.
    first = ph.find("article[@slug='%s']/summary" % arts["plain"]).text
    assert first == "Første avsnitt om mobilbredbåndet %s.\nAndre linje i samme avsnitt." % (
        arts["word"])
    # A long one: cut after a whole word, within the bound, marked.
    root = kari.page("/help.xml")
    long = root.find("help/categories/category/article[@slug='%s']/summary"
                     % arts["nb_only"]).text
    assert long.endswith("…") and len(long) <= 241
    assert arts["body_nb_only"].startswith(long[:-1] + " ")
    assert [e.get("slug") for e in kari.page("/help.xml?page=invoices").findall(
        "help/page-help/article")] == ["read-the-invoice", "e-invoice-by-mail"]
    # A page without articles says so, and leads to all topics.
    root = kari.page("/help.xml?page=audit")
    assert root.find("help/page-help").findall("article") == []
    assert root.find("help/categories") is None
    page = st.check_html(kari.get("/help?page=audit"))
    assert st.i18n("nb")["help.page.none"] in st.text_of(page)
    assert page.xpath("//main//a[@href='/help']")[0].text == st.i18n("nb")["help.all"]
    # Every company page links its own.
    cid = company_ids[BITPRO]
    for path, name in (("/companies/%s/locations" % cid, "locations"),
                       ("/companies/%s/invoices" % cid, "invoices"),
                       ("/companies/%s" % cid, "overview")):
        page = st.check_html(kari.get(path))
        link = page.xpath("//main//a[@href=$h]", h="/help?page=" + name)
        assert link and link[0].text == st.i18n("nb")["help.for-page"], path
    # The main navigation has the help page for every logged-in user.
    page = st.check_html(kari.get("/companies"))
    assert page.xpath("//nav[@class='main-nav']//a[@href='/help']")
    assert not page.xpath("//main//a[starts-with(@href, '/help?page=')]")


@pytest.mark.parametrize("page", ["nosuch", "Locations", "a_b", "x" * 33])
def test_help_for_an_unknown_page_is_400(kari, page):
    assert kari.get("/help?" + st_query(page=page)).status_code == 400


# -- an article ---------------------------------------------------------------------

@pytest.mark.parametrize("lang, title, question", [
    ("nb", "Slik logger du inn med engangskode", "Var denne artikkelen til hjelp?"),
    ("da", "Sådan logger du ind med engangskode", "Var denne artikel en hjælp?"),
    ("en", "How to log in with a one-time code", "Was this article helpful?"),
])
def test_demo_article_in_each_language(kari, lang, title, question):
    kari.cookies.set("lang", lang)
    root = kari.page("/help/log-in-with-code.xml")
    assert root.get("lang") == lang
    art = root.find("article")
    assert art.get("slug") == "log-in-with-code" and art.findtext("title") == title
    assert art.find("category").get("code") == "login"
    assert root.findtext("context/formkey") and root.find("form").get("name") == "feedback"
    page = st.check_html(kari.get("/help/log-in-with-code"))
    assert page.get("lang") == lang
    assert page.xpath("//h1")[0].text == title
    assert question in st.text_of(page)
    # Four paragraphs, the steps one of them, a line each.
    paras = page.xpath("//div[@class='help-body']/p")
    assert len(paras) == 4
    assert len(paras[1].findall("br")) == 2
    form = page.xpath("//form[@method='post' and @action='/help/log-in-with-code']")[0]
    assert sorted(form.xpath(".//button[@name='helpful']/@value")) == ["no", "yes"]
    assert form.xpath(".//textarea[@name='comment' and @maxlength='1000']")
    assert form.xpath(".//input[@name='formkey' and @type='hidden' and @value!='']")


def test_article_body_is_plain_text(kari, arts):
    root = kari.page("/help/%s.xml" % arts["plain"])
    assert root.findtext("article/body") == arts["body_nb"]
    page = st.check_html(kari.get("/help/" + arts["plain"]))
    paras = page.xpath("//div[@class='help-body']/p")
    assert [" ".join(p.itertext()) for p in paras] == [
        "Første avsnitt om mobilbredbåndet %s. Andre linje i samme avsnitt." % arts["word"],
        "Andre avsnitt med <b>fet</b> &amp; «sitat» og \"sitat\" og o'brien, "
        "100%_sikker og C:\\mappe.",
        "Tredje avsnitt."]
    assert len(paras[0].findall("br")) == 1
    # The database's markup is text: no <b> element anywhere in the article.
    assert not page.xpath("//div[@class='help-body']//b")


def test_draft_and_unknown_articles_are_404(stack, kari, arts):
    for slug in (arts["draft"], "usage-and-quota", "no-such-article-" + arts["tag"]):
        r = kari.get("/help/" + slug)
        assert r.status_code == 404, slug
        st.check_html(r)
        r = kari.get("/help/%s.xml" % slug)
        assert r.status_code == 404
        assert st.validate_xml(r).find("error").get("status") == "404"
    # An article without the reader's language is not found in it.
    assert kari.get("/help/" + arts["nb_only"]).status_code == 200
    assert english(kari).get("/help/" + arts["nb_only"]).status_code == 404
    # Nor can a draft be voted on, with good input or bad.
    csrf = kari.csrf("/help")
    for data in ({"helpful": "yes"}, {"helpful": "maybe"}):
        data.update(csrf=csrf, formkey="K" * 43)
        r = kari.post("/help/" + arts["draft"], data)
        assert r.status_code == 404
    assert count(stack, "help_feedback f JOIN help_articles a ON a.id = f.article_id"
                 " WHERE a.slug = %s" % sq(arts["draft"])) == 0


@pytest.mark.parametrize("path", ["/help/-x", "/help/%C3%A6", "/help/Log-in-with-code",
                                  "/help/a_b", "/help/log-in-with-code/x"])
def test_bad_slug_is_404(kari, path):
    assert kari.get(path).status_code == 404


# -- "was this helpful?" ----------------------------------------------------------------

def form_of(client, slug):
    root = client.page("/help/%s.xml" % slug)
    return {"csrf": root.findtext("context/csrf"), "formkey": root.findtext("context/formkey")}


def vote(client, slug, **data):
    d = form_of(client, slug)
    d.update(data)
    return d, client.post("/help/" + slug, d)


def votes(stack, user_id, slug):
    return stack.sql(
        "SELECT f.helpful, COALESCE(f.comment, 'NULL'), f.lang FROM help_feedback f"
        " JOIN help_articles a ON a.id = f.article_id"
        " WHERE f.user_id = %s AND a.slug = %s" % (user_id, sq(slug)))


def test_feedback_yes_then_no_is_one_vote(stack, member, company_ids, arts):
    # Any logged-in user, whatever their areas.
    who = member(company_ids[BITPRO], ())
    slug = arts["plain"]
    first, r = vote(who, slug, helpful="yes", comment="Veldig nyttig.")
    assert r.status_code == 303
    assert st.location_path(r) == "/help/%s?done=help-feedback" % slug
    assert votes(stack, who.user_id, slug) == [("1", "Veldig nyttig.", "nb")]
    root = who.page("/help/%s.xml?done=help-feedback" % slug)
    assert root.find("context/flash").get("code") == "help-feedback"
    v = root.find("article/vote")
    assert v.get("helpful") == "yes" and v.findtext("comment") == "Veldig nyttig."
    page = st.check_html(who.get("/help/%s?done=help-feedback" % slug))
    text = st.text_of(page)
    assert st.i18n("nb")["flash.help-feedback"] in text
    assert st.i18n("nb")["help.feedback.voted-yes"] in text
    # The last comment is offered again in the form.
    assert page.xpath("//textarea[@name='comment']")[0].text == "Veldig nyttig."
    audit = stack.sql("SELECT action, object, detail, company_id FROM audit_log"
                      " WHERE user_id = %s AND action = 'help-feedback' ORDER BY id DESC LIMIT 1"
                      % who.user_id)
    assert audit == [("help-feedback", "help-article", "helpful", "NULL")]

    # A second vote, in English and without a comment, replaces the first.
    _, r = vote(english(who), slug, helpful="no")
    assert r.status_code == 303
    assert votes(stack, who.user_id, slug) == [("0", "NULL", "en")]
    root = who.page("/help/%s.xml" % slug)
    v = root.find("article/vote")
    assert v.get("helpful") == "no" and v.find("comment") is None
    assert st.i18n("en")["help.feedback.voted-no"] in st.text_of(
        st.check_html(who.get("/help/" + slug)))
    # The first form sent again goes to its first result and changes nothing.
    r = who.post("/help/" + slug, first)
    assert r.status_code == 303
    assert st.location_path(r) == "/help/%s?done=help-feedback" % slug
    assert votes(stack, who.user_id, slug) == [("0", "NULL", "en")]
    # A vote is the voter's own: another user sees none of it.
    other = member(company_ids[BITPRO], ("support",))
    stack.sql("DELETE FROM help_feedback WHERE user_id = %s" % other.user_id)
    assert other.page("/help/%s.xml" % slug).find("article/vote") is None
    text = st.text_of(st.check_html(other.get("/help/" + slug)))
    assert st.i18n("nb")["help.feedback.voted-no"] not in text
    assert st.i18n("nb")["help.feedback.voted-yes"] not in text


@pytest.mark.parametrize("data, field, code", [
    ({"helpful": "yes", "comment": "x" * 1001}, "comment", "too-long"),
    ({"helpful": "no", "comment": "æ" * 1001}, "comment", "too-long"),
    ({"comment": "Uten svar"}, "helpful", "required"),
    ({"helpful": "", "comment": "Tomt svar"}, "helpful", "required"),
    ({"helpful": "maybe", "comment": "Kanskje"}, "helpful", "invalid"),
])
def test_feedback_bad_input_reshows_the_form_and_stores_nothing(
        stack, member, company_ids, arts, data, field, code):
    who = member(company_ids[BITPRO], ("users",))
    slug = arts["plain"]
    stack.sql("DELETE FROM help_feedback WHERE user_id = %s" % who.user_id)
    d, r = vote(who, slug, **data)
    assert r.status_code == 400
    root = st.validate_xml(who.post("/help/" + slug, d, xml=True))
    form = root.find("form")
    assert [(e.get("field"), e.get("code")) for e in form.findall("error")] == [(field, code)]
    # What the user typed is kept.
    assert form.find("value[@name='comment']").text == data["comment"]
    assert root.findtext("article/title") == "Testartikkel"
    page = st.check_html(r)
    assert page.xpath("//textarea[@name='comment']")[0].text == data["comment"]
    assert st.i18n("nb")["error.form"] in st.text_of(page)
    assert votes(stack, who.user_id, slug) == []


def test_feedback_comment_at_the_bound(stack, member, company_ids, arts):
    who = member(company_ids[BITPRO], ("invoices",))
    slug = arts["plain"]
    # 1000 characters as the browser counts them: its CRLF line breaks are one.
    comment = ("ø" * 98 + "\r\n") * 10 + "ø" * 10
    assert len(comment.replace("\r", "")) == 1000
    _, r = vote(who, slug, helpful="no", comment=comment)
    assert r.status_code == 303
    assert stack.sql("SELECT CHAR_LENGTH(f.comment), LOCATE(CHAR(13), f.comment)"
                     " FROM help_feedback f JOIN help_articles a ON a.id = f.article_id"
                     " WHERE f.user_id = %s AND a.slug = %s" % (who.user_id, sq(slug))) == [
        ("1000", "0")]
    # A blank comment is none.
    _, r = vote(who, slug, helpful="yes", comment="  \r\n ")
    assert r.status_code == 303
    assert votes(stack, who.user_id, slug) == [("1", "NULL", "nb")]


@pytest.mark.parametrize("csrf", [None, "", "A" * 43])
def test_feedback_without_the_right_csrf_is_403(stack, kari, arts, csrf):
    slug = arts["plain"]
    data = form_of(kari, slug)
    data.pop("csrf")
    if csrf is not None:
        data["csrf"] = csrf
    before = votes(stack, 1, slug)
    data.update(helpful="yes", comment="CSRF " + arts["tag"])
    r = kari.post("/help/" + slug, data)
    assert r.status_code == 403
    st.check_html(r)
    assert votes(stack, 1, slug) == before


def test_feedback_without_formkey_is_400(stack, kari, arts):
    slug = arts["plain"]
    before = votes(stack, 1, slug)
    r = kari.post("/help/" + slug, {"csrf": kari.csrf("/help"), "helpful": "yes"})
    assert r.status_code == 400
    assert votes(stack, 1, slug) == before


def test_feedback_from_another_origin_is_403(stack, kari, arts):
    slug = arts["plain"]
    before = votes(stack, 1, slug)
    data = form_of(kari, slug)
    data["helpful"] = "yes"
    r = kari.post("/help/" + slug, data, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403
    assert votes(stack, 1, slug) == before


# -- who may ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/help", "/help?q=faktura", "/help?page=locations",
                                  "/help/log-in-with-code"])
def test_anonymous_visitor_goes_to_the_login(anon, path):
    r = anon.get(path)
    assert r.status_code == 303 and st.location_path(r) == "/login"
    assert anon.get(path, xml=True).status_code == 401


def test_anonymous_vote_goes_to_the_login_and_stores_nothing(stack, anon, arts):
    before = count(stack, "help_feedback")
    r = anon.post("/help/" + arts["plain"], {"helpful": "yes", "csrf": "A" * 43,
                                             "formkey": "B" * 43})
    assert r.status_code == 303 and st.location_path(r) == "/login"
    assert count(stack, "help_feedback") == before
