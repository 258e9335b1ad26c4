"""The operator's pages and lines (README "Operation"): the status page in
text, XML (against schema/xsd/status.xsd) and OpenMetrics, its counters,
ping, both hidden from other addresses (by the web server and by selfcare
itself), the slow-request log and the access line. The stack configures
status_path = /status, ping_path = /ping, status_allow = 127.0.0.1, ::1,
request_slowlog_timeout = 1s with slowlog in log/slow.log (stack.py)."""

import contextlib
import http.client
import re
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

import pytest
from lxml import etree
from prometheus_client.openmetrics.parser import text_string_to_metric_families

import conftest
import stack as st

sys.path.insert(0, str(st.SRC / "tests" / "faults"))
import faultstack as fs  # noqa: E402  (its FastCGI client)

XSD = etree.XMLSchema(etree.parse(str(st.SRC / "schema" / "xsd" / "status.xsd")))
OM_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8"


def om(base, **kw):
    """The status page as OpenMetrics, parsed: family name → family."""
    r = st.Client(base).get("/status?openmetrics", **kw)
    assert r.status_code == 200, r.status_code
    assert r.headers["Content-Type"] == OM_TYPE
    assert r.text.endswith("# EOF\n")
    return {f.name: f for f in text_string_to_metric_families(r.text)}


def value(families, name, **labels):
    for s in families[name].samples:
        if all(s.labels.get(k) == v for k, v in labels.items()) and \
                s.name in (name, name + "_total", name + "_info"):
            return s.value
    raise AssertionError("no %s%r" % (name, labels))


def test_status_text(stack, base):
    r = st.Client(base).get("/status")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert r.headers["Cache-Control"] == "no-store"
    text = r.text
    print(text)
    assert text.startswith("selfcare ")
    for label in ("start time:", "uptime:", "requests accepted:", "slow requests:",
                  "listen queue:", "workers:", "worker restarts:", "reloads:"):
        assert re.search(r"^%s +\S" % re.escape(label), text, re.M), label
    # The unix socket's queue, read through sock_diag: nothing waits now.
    assert re.search(r"^listen queue: +0 of \d+ \(sock_diag\)$", text, re.M)
    rows = [line.split() for line in text.split("\n\n", 1)[1].splitlines()[1:]]
    assert len(rows) == stack.workers
    # This request is the busy one, seen while it runs.
    busy = [row for row in rows if row[1] == "busy"]
    assert len(busy) == 1 and busy[0][5] == "GET" and busy[0][-1] == "/status", rows
    assert {row[1] for row in rows} <= {"busy", "idle", "reading"}


@pytest.mark.parametrize("how", [{"xml": True}, {"params": "xml"}, {"path": "/status.xml"}])
def test_status_xml_validates(stack, base, how):
    c = st.Client(base)
    if "params" in how:
        r = c.get("/status?" + how["params"])
    else:
        r = c.get(how.get("path", "/status"), xml=how.get("xml", False))
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/xml; charset=utf-8"
    root = etree.fromstring(r.content)
    assert XSD.validate(root), XSD.error_log
    ws = root.find("workers")
    assert int(ws.get("total")) == stack.workers == len(ws.findall("worker"))
    req = root.find("workers/worker[@state='busy']/request")
    assert req.get("path") == "/status" and req.get("method") == "GET"
    assert re.fullmatch(r"[0-9a-f]{16}", req.get("id"))
    assert root.find("listen").get("source") == "sock_diag"


def test_status_openmetrics(stack, base):
    for kw in ({}, {"headers": {"Accept": "application/openmetrics-text; version=1.0.0"}}):
        c = st.Client(base)
        r = c.get("/status?openmetrics") if not kw else c.get("/status", **kw)
        assert r.headers["Content-Type"] == OM_TYPE
        fam = {f.name: f for f in text_string_to_metric_families(r.text)}
        assert fam["selfcare_requests"].type == "counter"
        assert value(fam, "selfcare_workers", state="busy") == 1
        assert sum(s.value for s in fam["selfcare_workers"].samples) == stack.workers
        for reason in ("crash", "timeout", "recycle"):
            value(fam, "selfcare_worker_restarts", reason=reason)
        assert value(fam, "selfcare_listen_queue") == 0
        assert value(fam, "selfcare_listen_queue_max") >= 1
        assert value(fam, "selfcare_uptime_seconds") >= 0
        assert len(fam["selfcare_worker_requests"].samples) == stack.workers


def test_requests_accepted_counts_every_request(stack, base):
    """Requests accepted grows by the requests made in between, plus the
    second status request itself (it is counted when it is accepted)."""
    before = value(om(base), "selfcare_requests")
    c = st.Client(base)
    for path in ("/login", "/nosuchpage", "/login.xml", "/ping", "/static-not-here"):
        c.get(path)
    after = value(om(base), "selfcare_requests")
    assert after - before == 6, (before, after)


def test_ping(stack, base):
    r = st.Client(base).get("/ping")
    assert (r.status_code, r.text) == (200, "pong\n")
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"


def _get_from(base, path, source):
    """GET path from a client bound to another loopback address."""
    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=20,
                                      source_address=(source, 0))
    with contextlib.closing(conn):
        conn.request("GET", path, headers={"Accept": "text/html"})
        r = conn.getresponse()
        return r.status, r.read()


@pytest.mark.parametrize("path", ["/status", "/ping", "/status?openmetrics"])
def test_web_server_hides_the_pages_from_other_addresses(stack, base, path):
    """From 127.0.0.2 (not in the shipped allow lists) the pages answer what
    an unknown path answers: the portal's own 404, byte for byte."""
    status, body = _get_from(base, path, "127.0.0.2")
    unknown = _get_from(base, "/no-such-page", "127.0.0.2")
    assert (status, body) == unknown
    assert status == 404 and b"pong" not in body and b"selfcare_" not in body


def _fcgi(stack, path, addr, method="GET"):
    return fs.fcgi_request(stack.app_socket, path, method,
                           extra={"REMOTE_ADDR": addr, "HTTP_ACCEPT": "text/html"})


@pytest.mark.parametrize("addr", ["192.0.2.10", "127.0.0.2", "::2", "", "not-an-address",
                                  "::ffff:192.0.2.10"])
def test_selfcare_checks_remote_addr_itself(stack, addr):
    """Straight to the FastCGI socket (no web server in between): selfcare
    refuses an address outside status_allow with the ordinary 404."""
    for path in ("/status", "/ping"):
        status, out = _fcgi(stack, path, addr)
        unknown = _fcgi(stack, "/no-such-page", addr)
        assert status == 404, (path, addr, out[:300])
        assert out.split(b"\r\n\r\n", 1)[1] == unknown[1].split(b"\r\n\r\n", 1)[1]


@pytest.mark.parametrize("addr", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_allowed_addresses_see_the_pages(stack, addr):
    status, out = _fcgi(stack, "/ping", addr)
    assert status == 200 and out.endswith(b"\r\n\r\npong\n"), out
    assert _fcgi(stack, "/status", addr)[0] == 200
    # Only reading methods.
    assert _fcgi(stack, "/status", addr, method="POST")[0] == 405


def _wait_for(pred, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.1)
    return pred()


def test_slow_request_is_logged_while_it_runs(stack, _logins):
    """A request held past request_slowlog_timeout (1 s) by a lock on the
    sessions table: the slowlog names it while it still waits, with its
    request id, method, path without the query string, time and the named
    statement it waits in; the status page counts it."""
    kari = conftest._logged_in(stack, stack.urls["nginx"], conftest.KARI, _logins)
    slow_before = value(om(kari.base), "selfcare_slow_requests")
    mark = stack.slowlog.stat().st_size if stack.slowlog.exists() else 0

    def new_lines():
        if not stack.slowlog.exists():
            return ""
        with open(stack.slowlog, "rb") as f:
            f.seek(mark)
            return f.read().decode()

    result = {}
    with fs.table_locked(stack, "sessions"):
        t = threading.Thread(target=lambda: result.setdefault(
            "r", kari.get("/companies?done=user-updated")))
        t.start()
        line = _wait_for(new_lines, timeout=10)
        still_running = t.is_alive()
    t.join(30)
    print(line)
    assert still_running, "the line came only after the request"
    assert result["r"].status_code == 200
    m = re.search(r"warn slow request id=([0-9a-f]{16}) worker=(\d+) method=GET "
                  r"path=/companies ms=(\d+) phase=session\.by_token$", line.strip())
    assert m, line
    assert int(m.group(3)) >= 1000
    assert "user-updated" not in line and "?" not in line
    # The same request id is in its access line.
    log = stack.log.read_text(errors="replace")
    assert re.search(r"request id=%s client=127\.0\.0\.1 method=GET path=/companies "
                     r"status=200 " % m.group(1), log)
    assert value(om(kari.base), "selfcare_slow_requests") == slow_before + 1


def test_status_names_a_module_statement(stack, _logins):
    """A request held by a lock on the companies table waits in the
    companies module's statement: the status page names it by its declared
    name, in text and in XML that is still valid against status.xsd."""
    kari = conftest._logged_in(stack, stack.urls["nginx"], conftest.KARI, _logins)
    status = st.Client(stack.urls["nginx"])

    def waiting():
        xml = status.get("/status", xml=True).content
        return xml if b'phase="companies.of_user"' in xml else None

    result = {}
    with fs.table_locked(stack, "companies"):
        t = threading.Thread(target=lambda: result.setdefault("r", kari.get("/companies")))
        t.start()
        xml = _wait_for(waiting)
        text = status.get("/status").text
    t.join(30)
    print(text)
    assert xml, "no worker seen in companies.of_user"
    root = etree.fromstring(xml)
    assert XSD.validate(root), XSD.error_log
    req = root.find("workers/worker/request[@phase='companies.of_user']")
    assert req.get("path") == "/companies" and req.get("method") == "GET"
    rows = [line.split() for line in text.split("\n\n", 1)[1].splitlines()[1:]]
    assert any("companies.of_user" in row and row[-1] == "/companies" for row in rows), rows
    assert result["r"].status_code == 200


def test_access_line(stack, base, kari):
    """One line per request: id, client, method, path (decoded, blanks and
    quotes percent-encoded, no query), status, body bytes, time, user."""
    r = kari.get("/companies?done=einvoice-added")
    assert r.status_code == 200
    body_len = len(r.content)
    st.Client(base).get('/a b"c')
    uid = stack.sql("SELECT id FROM users WHERE email = '%s'" % kari.user)[0][0]
    log = _wait_for(lambda: (lambda t: t if '/a%20b%22c' in t else "")(
        stack.log.read_text(errors="replace")))
    lines = [line for line in log.splitlines() if " info request id=" in line]
    assert "done=" not in log and "einvoice-added" not in log
    pat = (r"^\S+Z \[\d+\] info request id=[0-9a-f]{16} client=127\.0\.0\.1 "
           r"method=GET path=/companies status=200 bytes=%d ms=\d+ user=%s$" % (body_len, uid))
    assert any(re.match(pat, line) for line in lines), lines[-5:]
    assert any(re.search(r" method=GET path=/a%20b%22c status=404 bytes=\d+ ms=\d+ user=0$",
                         line) for line in lines), lines[-5:]
    for line in lines:
        assert len(line.split()) == 12, line


def _with_line(stack, line):
    """The stack's configuration with line in place of its key's own line
    (a key set twice is an error of its own)."""
    key = line.split("=")[0].strip()
    kept = [l for l in stack.conf.read_text().splitlines()
            if l.split("=")[0].strip() != key]
    return kept, "\n".join(kept + [line]) + "\n"


def _check_config(stack, path, text):
    path.write_text(text)
    path.chmod(0o600)       # it holds the database password: check-config insists
    r = subprocess.run([str(stack.binary), "-c", str(path), "check-config"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return r.returncode, r.stdout.decode()


@pytest.mark.parametrize("line", [
    "status_path = status", "ping_path = /ping/../x", "ping_path = /p.xml",
    "status_allow = 127.0.0.1/33", "status_allow = localhost",
    "request_slowlog_timeout = 5 s", "request_slowlog_timeout = 2h",
    "process_control_timeout = -1", "log_priority_prefix = sometimes"])
def test_config_rejects_bad_operation_values(stack, tmp_path, line):
    """check-config names the file, the line and the key of a bad value."""
    kept, text = _with_line(stack, line)
    conf = tmp_path / "bad.conf"
    rc, out = _check_config(stack, conf, text)
    where = "%s:%d: %s" % (conf, len(kept) + 1, line.split()[0])
    assert rc != 0 and where in out, out


@pytest.mark.parametrize("line", [
    "request_slowlog_timeout = 500ms", "request_slowlog_timeout = 2m",
    "status_allow = 10.0.0.0/8 2001:db8::/32, ::ffff:192.0.2.0/120",
    "status_allow =", "process_control_timeout = 0", "log_priority_prefix = yes"])
def test_config_accepts_operation_values(stack, tmp_path, line):
    rc, out = _check_config(stack, tmp_path / "good.conf", _with_line(stack, line)[1])
    assert rc == 0, out
