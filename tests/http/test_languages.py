"""languages: an installation that offers fewer languages compiles fewer
stylesheets, its picker shows only those, and a language it does not offer
is neither shown nor accepted."""

import subprocess

import pytest
from lxml import html as lhtml

import stack as st


@pytest.fixture(scope="module")
def two():
    """A stack of its own offering Norwegian and English."""
    s = st.Stack(frontends=("nginx",), workers=1)
    s.conf_extra["languages"] = "nb, en"
    try:
        s.start()
    except st.StackError as e:
        pytest.fail("the stack did not start: %s" % e, pytrace=False)
    yield s
    s.stop()


def page(s, lang=None):
    c = st.Client(s.urls["nginx"])
    if lang:
        c.cookies.set("lang", lang)
    r = c.get("/login")
    assert r.status_code == 200, r.text[:500]
    return lhtml.document_fromstring(r.content, parser=lhtml.HTMLParser(encoding="utf-8"))


def test_picker_shows_only_the_languages_offered(two):
    root = page(two)
    assert root.xpath("//nav[@class='lang-switch']//a/@lang") == ["nb", "en"]
    assert [" ".join(a.text_content().split())
            for a in root.xpath("//nav[@class='lang-switch']//a")] == \
        [st.i18n("nb")["lang.nb"], st.i18n("nb")["lang.en"]]


def test_an_offered_language_is_used(two):
    root = page(two, "en")
    assert root.get("lang") == "en"
    assert root.xpath("//h1")[0].text_content().strip() == st.i18n("en")["login.title"]


def test_a_language_not_offered_gives_the_default(two):
    root = page(two, "da")
    assert root.get("lang") == "nb"
    assert root.xpath("//h1")[0].text_content().strip() == st.i18n("nb")["login.title"]


def test_choosing_a_language_not_offered_is_refused(two):
    c = st.Client(two.urls["nginx"])
    r = c.get("/lang?set=da&next=/login", allow_redirects=False)
    assert r.status_code == 400
    assert "lang" not in r.cookies
    r = c.get("/lang?set=en&next=/login", allow_redirects=False)
    assert r.status_code == 303 and r.cookies.get("lang") == "en"


def test_default_language_must_be_offered(two, tmp_path):
    conf = tmp_path / "selfcare.conf"
    conf.write_text(two.conf.read_text().replace("languages = nb, en", "languages = en"))
    r = subprocess.run([str(two.binary), "-c", str(conf), "check-config", "--no-db"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = r.stdout.decode()
    assert r.returncode != 0
    assert "default_lang = nb (line" in out and "is not one of languages = en" in out, out
