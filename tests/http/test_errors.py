"""The fixed error pages, in HTML and XML: the status a client gets for a
path that does not exist, a wrong method, a field the page does not take
and a body that is too big. They echo nothing from the request."""

import pytest

import stack as st

MARKER = "zq7marker"        # must never come back in an error page


def _check_error(r, status, xml):
    assert r.status_code == status, "%d, not %d:\n%s" % (r.status_code, status, r.text[:1000])
    assert MARKER not in r.text, "the error page echoes the request"
    if xml:
        root = st.validate_xml(r)
        assert root.find("error").get("status") == str(status)
        assert root.find("context/path") is None
    else:
        page = st.check_html(r)
        lang = page.get("lang")
        assert st.i18n(lang)["error.%d.title" % status] in st.text_of(page)


def _client(request, who):
    return request.getfixturevalue(who)


XML = pytest.mark.parametrize("xml", [False, True], ids=["html", "xml"])


@XML
@pytest.mark.parametrize("who", ["anon", "kari"])
@pytest.mark.parametrize("path", ["/%s" % MARKER, "/companies/1/%s" % MARKER,
                                  "/login/%s" % MARKER, "/static-%s" % MARKER])
def test_404(request, base, who, path, xml):
    _check_error(_client(request, who).get(path, xml=xml), 404, xml)


def test_404_xml_suffix(anon):
    _check_error(anon.get("/%s.xml" % MARKER), 404, True)


# (method, path, allowed methods that must be in Allow)
WRONG_METHODS = [
    ("DELETE", "/login", {"GET", "POST"}),
    ("PUT", "/login", {"GET", "POST"}),
    ("PATCH", "/login/code", {"GET", "POST"}),
    ("GET", "/logout", {"POST"}),
    ("POST", "/companies/1/invoices", {"GET"}),
    ("DELETE", "/companies", {"GET", "POST"}),
    ("POST", "/lang", {"GET"}),
]


@XML
@pytest.mark.parametrize("method,path,allowed", WRONG_METHODS,
                         ids=["%s %s" % (m, p) for m, p, a in WRONG_METHODS])
def test_405_names_the_allowed_methods(kari, method, path, allowed, xml):
    r = kari.request(method, path, xml=xml, data={"csrf": kari.csrf("/companies")}
                     if method in ("POST", "PUT", "PATCH") else None)
    _check_error(r, 405, xml)
    allow = {m.strip() for m in r.headers.get("Allow", "").split(",") if m.strip()}
    assert allowed <= allow, "Allow: %r" % r.headers.get("Allow")
    assert method not in allow


@XML
@pytest.mark.parametrize("path", ["/companies?%s=1" % MARKER, "/companies?lang=da",
                                  "/companies?x", "/companies/{id}/locations?year=2025"])
def test_400_unknown_query_field(kari, company_ids, path, xml):
    path = path.replace("{id}", company_ids["Bitpro Demo AS"])
    _check_error(kari.get(path, xml=xml), 400, xml)


@XML
@pytest.mark.parametrize("query", ["x=1", "email=kari.nordmann%40example.no"])
def test_400_unknown_query_field_anonymous(anon, query, xml):
    _check_error(anon.get("/login?" + query, xml=xml), 400, xml)


@XML
@pytest.mark.parametrize("case", ["duplicate", "unknown", "query-duplicate"])
def test_400_bad_form(stack, anon, case, xml):
    csrf = anon.csrf("/login")
    if case == "duplicate":
        data = [("csrf", csrf), ("email", "kari.nordmann@example.no"),
                ("email", "mette.jensen@example.dk")]
        path = "/login"
    elif case == "unknown":
        data = [("csrf", csrf), ("email", "kari.nordmann@example.no"), (MARKER, "1")]
        path = "/login"
    else:
        data = [("csrf", csrf), ("email", "kari.nordmann@example.no")]
        path = "/login?%s=1" % MARKER
    r = anon.post(path, data, xml=xml)
    # The error page (or the form again), never a code.
    assert r.status_code == 400
    assert MARKER not in r.text
    if xml:
        st.validate_xml(r)
    else:
        st.check_html(r)
    assert stack.sql("SELECT COUNT(*) FROM login_codes") == [("0",)]


@XML
@pytest.mark.parametrize("size", [64 * 1024 + 1, 200 * 1024])
def test_413_body_too_big(stack, anon, size, xml):
    csrf = anon.csrf("/login")
    body = "csrf=%s&email=%s" % (csrf, "a" * size)
    r = anon.post("/login", body, xml=xml,
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    _check_error(r, 413, xml)
    assert stack.sql("SELECT COUNT(*) FROM login_codes") == [("0",)]


def test_body_just_under_the_limit_is_read(anon):
    """64 KiB exactly is allowed: the answer is about the field, not the size."""
    csrf = anon.csrf("/login")
    head = "csrf=%s&email=" % csrf
    body = head + "a" * (64 * 1024 - len(head))
    r = anon.post("/login", body,
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400
