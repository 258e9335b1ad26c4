"""One site stylesheet for every language: its literal labels (sc:t('key'))
that are only output are markers the HTML writer fills in the request's
language. Every language's labels on a page, in text, in attribute value
templates and in parameters; a label missing from a language shown as its
key, as sc:t() shows it; quotes, braces, & and < escaped right in text and
in attributes; and a marker typed into the page's data shows nothing of a
label."""

import html as htmlmod
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from lxml import etree, html as lhtml

import stack as st

LANGS = ("nb", "da", "en")


def html_of(resp):
    assert resp.status_code == 200, resp.text[:1000]
    st.check_html(resp)
    return lhtml.document_fromstring(resp.content,
                                     parser=lhtml.HTMLParser(encoding="utf-8"))


def texts(root, xpath):
    return [" ".join(e.text_content().split()) for e in root.xpath(xpath)]


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_labels_on_a_company_page(kari, company_ids, lang):
    s = st.i18n(lang)
    cid = company_ids["Bitpro Demo AS"]
    kari.cookies.set("lang", lang)
    root = html_of(kari.get("/companies/%s/locations" % cid))
    assert root.get("lang") == lang
    # A label as text (xsl:value-of), in an attribute value template and
    # passed as a parameter (the language switch's links).
    assert texts(root, "//h2[@id='locations-title']") == [s["locations.title"]]
    assert root.xpath("//nav[@class='main-nav']/@aria-label") == [s["nav.main"]]
    assert root.xpath("//nav[@class='lang-switch']/@aria-label") == [s["nav.language"]]
    switch = " ".join(texts(root, "//nav[@class='lang-switch']"))
    for other in LANGS:
        assert s["lang." + other] in switch


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_labels_on_the_login_page(anon, lang):
    s = st.i18n(lang)
    anon.cookies.set("lang", lang)
    root = html_of(anon.get("/login"))
    assert texts(root, "//h1") == [s["login.title"]]
    assert texts(root, "//label[@for='email']") == [s["login.email.label"]]
    assert texts(root, "//button[@type='submit']") == [s["login.email.submit"]]


# -- a language that lacks labels, or whose labels hold quotes and braces --

TRICKY_NB = "Norsk's \"bokmål\" {nb}"
TRICKY_DA = "Sprog's \"valg\" {da} }{"
# One as text (an xsl:value-of), one in an attribute (a value template).
TRICKY_TITLE = "Logg inn & <b>\"her\"</b> {nb} 'nå'"
TRICKY_NAV = "Språk & <i>\"valg\"</i>\t{nb}"


def edit_strings(path, drop=(), set_to=None):
    doc = etree.parse(str(path))
    for s in list(doc.getroot().iter("s")):
        if s.get("k") in drop:
            s.getparent().remove(s)
        elif set_to and s.get("k") in set_to:
            s.text = set_to[s.get("k")]
    doc.write(str(path), encoding="utf-8", xml_declaration=True)


@pytest.fixture(scope="module")
def odd_stack():
    """A stack of its own whose stylesheets' strings lack two English
    labels and hold both quotes and braces in two others."""
    d = Path(tempfile.mkdtemp(prefix="selfcare-labels-"))
    d.chmod(0o755)      # nginx (www-data) reaches the socket inside
    xsl = d / "xsl"
    shutil.copytree(st.SRC / "xsl", xsl)
    edit_strings(xsl / "i18n" / "en.xml", drop=("login.title", "nav.language"))
    edit_strings(xsl / "i18n" / "nb.xml", set_to={"lang.nb": TRICKY_NB,
                                                  "login.title": TRICKY_TITLE,
                                                  "nav.language": TRICKY_NAV})
    edit_strings(xsl / "i18n" / "da.xml", set_to={"nav.language": TRICKY_DA})
    s = st.Stack(workdir=str(d / "stack"), frontends=("nginx",), workers=1)
    s.conf_extra["xsl_dir"] = xsl
    try:
        s.start()
    except st.StackError as e:
        shutil.rmtree(d, ignore_errors=True)
        pytest.fail("the stack did not start: %s" % e, pytrace=False)
    yield s
    s.stop()
    shutil.rmtree(d, ignore_errors=True)


def login_page(s, lang):
    c = st.Client(s.urls["nginx"])
    c.cookies.set("lang", lang)
    return html_of(c.get("/login"))


def test_missing_label_shows_its_key(odd_stack):
    root = login_page(odd_stack, "en")
    assert texts(root, "//h1") == ["login.title"]
    assert root.xpath("//nav[@class='lang-switch']/@aria-label") == ["nav.language"]
    # The labels the language has are there as always.
    assert texts(root, "//label[@for='email']") == [st.i18n("en")["login.email.label"]]
    # Only English lacks them.
    assert texts(login_page(odd_stack, "da"), "//h1") == [st.i18n("da")["login.title"]]


def test_labels_with_quotes_and_braces(odd_stack):
    # In a parameter (an XPath string literal: both quotes need concat()).
    switch = " ".join(texts(login_page(odd_stack, "nb"), "//nav[@class='lang-switch']"))
    assert TRICKY_NB in switch
    # In an attribute value template (braces doubled).
    root = login_page(odd_stack, "da")
    assert root.xpath("//nav[@class='lang-switch']/@aria-label") == [TRICKY_DA]


def raw_login(s, lang):
    c = st.Client(s.urls["nginx"])
    c.cookies.set("lang", lang)
    r = c.get("/login")
    assert r.status_code == 200
    st.check_html(r)
    return r.text


def test_labels_escaped_in_text_and_attributes(odd_stack):
    text = raw_login(odd_stack, "nb")
    # In text: &, < and > escaped, quotes and braces as they are.
    assert ("<h1>Logg inn &amp; &lt;b&gt;\"her\"&lt;/b&gt; {nb} 'nå'</h1>") in text
    # In an attribute: the double quote and the tab too.
    assert ('aria-label="Språk &amp; &lt;i&gt;&quot;valg&quot;&lt;/i&gt;&#9;{nb}"') in text
    # A parameter's label is text in the language switch.
    assert htmlmod.escape(TRICKY_NB, quote=False) in text
    root = login_page(odd_stack, "nb")
    assert texts(root, "//h1") == [" ".join(TRICKY_TITLE.split())]
    assert root.xpath("//nav[@class='lang-switch']/@aria-label") == [TRICKY_NAV]
    # Nothing of a marker is left in any language's page.
    for lang in LANGS:
        assert not re.search("[\ufdd0-\ufdef]", raw_login(odd_stack, lang))


# -- a marker in the page's data --

def markers(n):
    return "".join("\ufdd0%d\ufdd1" % i for i in range(n))


def test_marker_typed_in_data_shows_no_label(kari, company_ids):
    from test_cases import new_case
    cid = company_ids["Bitpro Demo AS"]
    subject = "Merke " + markers(12) + " slutt"
    shown = "Merke " + "".join(str(i) for i in range(12)) + " slutt"
    data, r = new_case(kari, cid, subject=subject)
    assert r.status_code == 303, r.text[:1000]
    page = kari.get("/companies/%s/cases" % cid)
    assert page.status_code == 200
    st.check_html(page)
    assert not re.search("[\ufdd0-\ufdef]", page.text)
    # The subject as typed without the markers' characters: no label in it.
    assert shown in page.text
    # The raw XML holds no marker either, and parses.
    xml = kari.page("/companies/%s/cases.xml" % cid)
    subjects = [e.text for e in xml.iter("subject")]
    assert shown in subjects
