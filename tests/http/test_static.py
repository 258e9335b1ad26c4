"""Static assets come from the web server, straight from xsl/static/: the
workers never see them."""

import pytest

import stack as st


def test_stylesheet_is_served_by_the_web_server(stack, anon):
    page = st.check_html(anon.get("/login"))
    hrefs = page.xpath("//link[@rel='stylesheet']/@href")
    assert "/static/selfcare.css" in hrefs
    for href in hrefs:
        r = anon.get(href)
        assert r.status_code == 200, href
        assert r.headers["Content-Type"].startswith("text/css")
        source = st.SRC / "xsl" / href.lstrip("/")
        assert r.content == source.read_bytes(), "%s is not %s" % (href, source)
        # Not from a worker: no session, none of the page headers, and a
        # cache lifetime instead of no-store.
        assert "Set-Cookie" not in r.headers
        assert "Content-Security-Policy" not in r.headers
        cc = r.headers.get("Cache-Control", "")
        assert "no-store" not in cc and "max-age=" in cc


@pytest.mark.parametrize("path", ["/static/no-such-file.css",
                                  "/static/../layout.xsl",
                                  "/static/%2e%2e/layout.xsl",
                                  "/static/..%2flayout.xsl",
                                  "/static/../i18n/nb.xml"])
def test_nothing_but_static_files(anon, path):
    r = anon.get(path)
    assert r.status_code in (400, 403, 404), "%s: %d" % (path, r.status_code)
    assert b"xsl:stylesheet" not in r.content and b"<i18n" not in r.content
