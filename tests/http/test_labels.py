"""The site stylesheet is compiled once per language, its literal labels
(sc:t('key')) replaced by the language's strings: every language's labels
on a page, in text, in attribute value templates and in parameters, and a
label missing from a language shown as its key, as sc:t() shows it."""

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
    edit_strings(xsl / "i18n" / "nb.xml", set_to={"lang.nb": TRICKY_NB})
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
    assert texts(login_page(odd_stack, "nb"), "//h1") == [st.i18n("nb")["login.title"]]


def test_labels_with_quotes_and_braces(odd_stack):
    # In a parameter (an XPath string literal: both quotes need concat()).
    switch = " ".join(texts(login_page(odd_stack, "nb"), "//nav[@class='lang-switch']"))
    assert TRICKY_NB in switch
    # In an attribute value template (braces doubled).
    root = login_page(odd_stack, "da")
    assert root.xpath("//nav[@class='lang-switch']/@aria-label") == [TRICKY_DA]
    root = login_page(odd_stack, "nb")
    assert root.xpath("//nav[@class='lang-switch']/@aria-label") == [
        st.i18n("nb")["nav.language"]]
