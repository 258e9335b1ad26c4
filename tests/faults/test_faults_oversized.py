"""Oversized input through nginx (client_max_body_size 1m there, so the
application's own limits answer): never a 5xx, never a crash.

body > 64 KiB → 413; query string > 4 KiB → 413; a Cookie header > 4 KiB
from someone else's cookie → the page (only our cookies are read); 70 form
fields → 413 (64 at most); a 16 KiB header → the web server's
refusal (400/431/494) or the application's 4xx; a 1000-character field
value → 400 (it is not a valid e-mail address). Also straight to the
FastCGI socket: a CONTENT_LENGTH of 10 GB (413, nothing read) and a
malformed one (400)."""

import pytest

import faultstack as fs

st = fs.st
KIB = 1024


def _form(c, n_extra=0, **fields):
    data = {"csrf": c.csrf("/login")}
    data.update(fields)
    for i in range(n_extra):
        data["f%d" % i] = "x"
    return data


CASES = [
    "body-100k", "body-65k", "query-5k", "cookie-5k", "fields-70", "header-16k",
    "value-1000", "query-value-1000", "path-2k",
]


def _run(case, nginx, kari, xml):
    anon = st.Client(nginx)
    if case == "body-100k":
        return anon.post("/login", data={"email": "a" * 100 * KIB}, xml=xml), {413}
    if case == "body-65k":
        return anon.post("/login", data="email=" + "a" * (64 * KIB), xml=xml,
                         headers={"Content-Type": "application/x-www-form-urlencoded"}), {413}
    if case == "query-5k":
        return kari.get("/companies?x=" + "q" * 5 * KIB, xml=xml), {413, 414}
    if case == "cookie-5k":
        c = st.Client(nginx)
        c.cookies.set(st.SESSION_COOKIE, kari.token)
        c.cookies.set("big", "c" * 5 * KIB)
        return c.get("/companies", xml=xml), {200}
    if case == "fields-70":
        c = st.Client(nginx)
        data = _form(c, 69, email=fs.KARI)
        assert len(data) == 71
        return c.post("/login", data=data, xml=xml), {413}
    if case == "header-16k":
        return kari.get("/companies", xml=xml, headers={"X-Big": "h" * 16 * KIB}), \
            {400, 413, 431, 494}
    if case == "value-1000":
        c = st.Client(nginx)
        return c.post("/login", data=_form(c, email="v" * 990 + "@example.no"), xml=xml), {400}
    if case == "query-value-1000":
        return kari.get("/lang?set=nb&next=/" + "n" * 1000, xml=xml), {303, 400}
    if case == "path-2k":
        return kari.get("/" + "p" * 2 * KIB, xml=xml), {404, 413, 414}
    raise AssertionError(case)


@pytest.fixture(scope="module")
def baseline(fstack):
    return {"workers": fstack.wait_workers(), "mark": fstack.log_mark()}


# The over-long path asked for as XML is test_rejected_path_answers_xml below.
PAIRS = [(c, x) for c in CASES for x in (False, True) if not (c == "path-2k" and x)]


@pytest.mark.parametrize("case,xml", PAIRS,
                         ids=["%s-%s" % (c, "xml" if x else "html") for c, x in PAIRS])
def test_oversized(fstack, kari, nginx, baseline, case, xml):
    r, expected = _run(case, nginx, kari, xml)
    print("\n%s %s: %d" % (case, "xml" if xml else "html", r.status_code))
    assert r.status_code < 500, "%s: %d\n%s" % (case, r.status_code, r.text[:1000])
    assert r.status_code in expected, "%s: %d, expected one of %r\n%s" % (
        case, r.status_code, sorted(expected), r.text[:1000])
    app = "Content-Security-Policy" in r.headers       # not nginx's own page
    if app and r.status_code != 303:
        if xml:
            # The client asked for XML (Accept: application/xml): the
            # contract answers every path in XML then, errors included.
            root = st.validate_xml(r)
            if root.get("name") == "error":
                assert root.find("error").get("status") == str(r.status_code)
        else:
            st.check_html(r)
    assert fstack.workers_now() == baseline["workers"]


REJECTED_PATHS = [
    ("/" + "p" * 2 * KIB, 413),          # over REQ_MAX_PATH
    ("/" + "p" * 2 * KIB + ".xml", 413),
    ("/companies//x", 400),              # path_clean refuses these
    ("/a/%2e%2e/companies", 400),
    ("/%ff", 400),
]


def test_rejected_path_answers_xml(fstack, nginx, baseline):
    """A path the request parser refuses is still answered in XML when the
    client asked for XML (contract: every path also answers as XML with
    Accept: application/xml or the .xml suffix; error pages included).
    One test for the whole group: it is one behaviour of req_parse()."""
    wrong = []
    for path, status in REJECTED_PATHS:
        r = st.Client(nginx).get(path, xml=True)
        ct = r.headers.get("Content-Type")
        if r.status_code != status:
            wrong.append("%s...: %d, not %d" % (path[:30], r.status_code, status))
        elif ct != "application/xml; charset=utf-8":
            wrong.append("%s... (Accept: application/xml): %d as %r" % (
                path[:30], r.status_code, ct))
        else:
            root = st.validate_xml(r)
            assert root.find("error").get("status") == str(status)
    assert not wrong, "\n".join(wrong)


def test_direct_content_length(fstack, baseline):
    sock = fstack.app_socket
    status, out = fs.fcgi_request(sock, "/login", "POST", {
        "CONTENT_LENGTH": str(10 * 1024 ** 3),
        "CONTENT_TYPE": "application/x-www-form-urlencoded"})
    assert status == 413, out[:500]
    for bad in ("-1", "12abc", "99999999999999999999999"):
        status, out = fs.fcgi_request(sock, "/login", "POST", {
            "CONTENT_LENGTH": bad, "CONTENT_TYPE": "application/x-www-form-urlencoded"})
        assert status in (400, 413), (bad, status, out[:300])
    assert fstack.workers_now() == baseline["workers"]


def test_no_crash_after_oversized(fstack, kari, baseline):
    """Last in the module: the same workers, and nothing died."""
    log = fstack.log_since(baseline["mark"])
    assert "died from signal" not in log and "exited with" not in log, log[-3000:]
    assert fstack.workers_now() == baseline["workers"]
    assert kari.get("/companies").status_code == 200
