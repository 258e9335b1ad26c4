"""Operation under faults (a stack of its own: nginx and Apache,
request_timeout = 3, log_file and slowlog in files, slowlog after 1 s):

1. A request that runs past request_timeout: its client gets the fixed 504
   page (HTML or XML, through nginx and through Apache) instead of an empty
   reply, the log names the request, its access line says 504, the status
   page counts the restart. The request is held in MariaDB by two locks:
   sessions for 1.5 s (below the 2 s read timeout, so the session query
   succeeds), then companies until the end, so the page's second statement
   waits past the time limit (3 s) but not past its own read timeout (3.5 s).
2. ping: 503 with a plain reason while MariaDB is stopped, pong again after.
3. logrotate with the shipped rule (conf/logrotate/selfcare) and a private
   state file: SIGUSR1 from its postrotate, and the lines of the supervisor,
   of every worker and of the slowlog land in the new files.
4. SIGUSR2 reloads like SIGHUP: a configuration with the pages off is read,
   every worker is replaced and none is left behind.
"""

import os
import re
import signal
import subprocess
import threading
import time

import pytest

import conftest
import faultstack as fs

st = fs.st
LIMIT = 3


class OpsStack(fs.FaultStack):
    """log_file is a file (log/app.log): what logrotate rotates."""

    @property
    def log(self):
        return self.dir / "log" / "app.log"

    def conf_values(self, **override):
        values = {"log_file": self.log}
        values.update(override)
        return super().conf_values(**values)


@pytest.fixture(scope="module")
def ostack():
    s = conftest.start_stack(cls=OpsStack, frontends=("nginx", "apache"),
                             conf={"request_timeout": LIMIT})
    yield s
    st.CURRENT = None
    s.stop()


@pytest.fixture(scope="module")
def kari_token(ostack):
    ostack.sql("DELETE FROM login_codes")
    return ostack.login(ostack.urls["nginx"], fs.KARI).token


def client(s, fe, token):
    c = st.Client(s.urls[fe])
    c.cookies.set(st.SESSION_COOKIE, token)
    return c


def status_counter(s, name, **labels):
    text = st.Client(s.urls["nginx"]).get("/status?openmetrics").text
    want = "".join('%s="%s"' % kv for kv in labels.items())
    m = re.search(r"^%s(?:\{%s\})? (\S+)$" % (re.escape(name), re.escape(want)), text, re.M)
    assert m, (name, labels, text)
    return float(m.group(1))


def wait_until(pred, timeout=10, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


@pytest.mark.parametrize("xml", [False, True], ids=["html", "xml"])
@pytest.mark.parametrize("fe", ["nginx", "apache"])
def test_time_limit_answers_504(ostack, kari_token, fe, xml):
    c = client(ostack, fe, kari_token)
    assert c.get("/companies").status_code == 200
    before = ostack.wait_workers()
    timeouts = status_counter(ostack, "selfcare_worker_restarts_total", reason="timeout")
    mark = ostack.log_mark()
    with fs.table_locked(ostack, "companies"), \
            fs.table_locked(ostack, "sessions", release_after=1.5):
        t0 = time.monotonic()
        r = c.get("/companies", xml=xml, timeout=LIMIT + 20)
        took = time.monotonic() - t0
    print("\n%s %s: %d after %.2fs" % (fe, "xml" if xml else "html", r.status_code, took))
    assert r.status_code == 504, (r.status_code, r.text[:500])
    assert LIMIT - 0.2 <= took <= LIMIT + 2, took
    # The fixed error page, with the headers every page carries.
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    if xml:
        root = st.validate_xml(r)
        assert root.find("error").get("status") == "504" and root.get("lang") == "nb"
    else:
        root = st.check_html(r)
        assert st.i18n("nb")["error.504.title"] in st.text_of(root)
    log = wait_until(lambda: (lambda t: t if "path=/companies status=504" in t else "")(
        ostack.log_since(mark)))
    print(log)
    m = re.search(r"warn worker (\d+): request time limit reached \(3 s\): request "
                  r"id=([0-9a-f]{16}) method=GET path=/companies "
                  r"phase=companies\.of_user; answered 504; replacing it", log)
    assert m, log
    uid = ostack.sql("SELECT id FROM users WHERE email = '%s'" % fs.KARI)[0][0]
    assert re.search(r"info request id=%s client=127\.0\.0\.1 method=GET path=/companies "
                     r"status=504 bytes=%d ms=\d+ user=%s$" % (m.group(2), len(r.content), uid),
                     log, re.M), log
    assert int(m.group(1)) in before
    ostack.wait_replaced(before)
    assert status_counter(ostack, "selfcare_worker_restarts_total",
                          reason="timeout") == timeouts + 1
    assert c.get("/companies").status_code == 200


def test_ping_while_mariadb_is_stopped(ostack):
    c = st.Client(ostack.urls["nginx"])
    assert c.get("/ping").text == "pong\n"
    ostack.stop_mariadb()
    try:
        r = wait_until(lambda: (lambda r: r if r.status_code == 503 else None)(
            c.get("/ping")), timeout=10)
        assert r is not None, "ping never said 503"
        assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert r.text == "database unavailable: it did not answer SELECT 1\n"
        # The status page needs no database.
        assert c.get("/status").status_code == 200
    finally:
        ostack.start_mariadb()
    assert wait_until(lambda: c.get("/ping").status_code == 200, timeout=15)
    # Every worker is back (each waits a second between tries to reconnect),
    # so the next tests find the pool whole.
    assert wait_until(lambda: all(c.get("/ping").status_code == 200 for _ in range(10)),
                      timeout=15)


def _rotate_config(s, tmp_path):
    """conf/logrotate/selfcare for this stack's files: its paths, root as the
    owner (the directory is root's here), and SIGUSR1 to this supervisor."""
    text = (st.SRC / "conf" / "logrotate" / "selfcare").read_text()
    text, n = re.subn(r"^/var/log/selfcare/\*\.log ", "%s %s " % (s.log, s.slowlog),
                      text, flags=re.M)
    assert n == 1
    text = text.replace("su selfcare selfcare", "su root root")
    text, n = re.subn(r"systemctl kill .*", "kill -USR1 %d" % s.supervisor, text)
    assert n == 1
    conf = tmp_path / "selfcare.logrotate"
    conf.write_text(text)
    os.chmod(conf, 0o644)
    return conf


def _slow_request(s, c):
    with fs.table_locked(s, "sessions", release_after=1.6):
        assert c.get("/companies").status_code == 200


def test_logrotate_and_sigusr1(ostack, kari_token, tmp_path):
    """The rotation comes while a request waits in MariaDB: it finishes
    (200), and its access line and its slowlog line land in the new files,
    as do every later line of the supervisor and the workers."""
    c = client(ostack, "nginx", kari_token)
    _slow_request(ostack, c)            # the slowlog has a line to rotate
    assert wait_until(lambda: ostack.slowlog.exists() and ostack.slowlog.stat().st_size)
    conf = _rotate_config(ostack, tmp_path)
    old_log, old_slow = ostack.log.with_name("app.log.1"), ostack.slowlog.with_name("slow.log.1")
    result = {}
    with fs.table_locked(ostack, "sessions", release_after=1.7):
        t = threading.Thread(target=lambda: result.setdefault(
            "r", c.get("/companies?done=user-updated", timeout=20)))
        t.start()
        time.sleep(0.3)
        r = subprocess.run(["logrotate", "-f", "-v", "-s", str(tmp_path / "state"),
                            str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = r.stdout.decode(errors="replace")
        assert r.returncode == 0, out
        assert t.is_alive(), "the request did not wait"
        t.join(20)
    assert result["r"].status_code == 200
    assert old_log.exists() and old_slow.exists(), out
    assert wait_until(lambda: "SIGUSR1: log files reopened" in ostack.log.read_text()), \
        ostack.log.read_text()
    new = wait_until(lambda: (lambda t: t if "path=/companies status=200" in t else "")(
        ostack.log.read_text()))
    slow = ostack.slowlog.read_text()
    assert re.search(r"slow request id=\S+ worker=\d+ method=GET path=/companies ", slow), slow
    m = re.search(r"slow request id=(\S+) ", slow)
    assert re.search(r"info request id=%s client=\S+ method=GET path=/companies "
                     r"status=200 " % m.group(1), new), new
    old_size = (old_log.stat().st_size, old_slow.stat().st_size)
    workers = ostack.wait_workers()
    # Enough requests for every worker to serve some (each logs its line).
    for _ in range(60):
        assert c.get("/companies").status_code == 200
    text = ostack.log.read_text()
    pids = {int(p) for p in re.findall(r"\[(\d+)\] info request id=", text)}
    print("\nnew log: %d request lines from workers %s" % (
        text.count(" info request id="), sorted(pids)))
    assert text.count(" info request id=") >= 61
    assert pids <= workers and len(pids) >= 2, (pids, workers)
    # Nothing more went to the rotated files.
    assert (old_log.stat().st_size, old_slow.stat().st_size) == old_size
    assert oct(ostack.log.stat().st_mode & 0o777) == "0o640"


def test_sigusr2_reloads_without_orphans(ostack):
    """SIGUSR2 is php-fpm's graceful reload: here the same as SIGHUP. A
    configuration with status_path and ping_path empty turns both pages
    off; every worker is replaced by the supervisor, which stays."""
    c = st.Client(ostack.urls["nginx"])
    assert c.get("/status").status_code == 200
    reloads = status_counter(ostack, "selfcare_reloads_total")
    sup = ostack.supervisor
    conf = ostack.conf.read_text()
    try:
        for off, want in ((True, 404), (False, 200)):
            text = conf.replace("status_path = /status", "status_path =") \
                .replace("ping_path = /ping", "ping_path =") if off else conf
            ostack.conf.write_text(text)
            before = ostack.wait_workers()
            mark = ostack.log_mark()
            os.kill(sup, signal.SIGUSR2)
            after = ostack.wait_workers(without=before, timeout=10)
            # The old workers are gone, not parked under init.
            assert wait_until(lambda: not any(fs.proc_state(p) for p in before), timeout=5), \
                [(p, fs.proc_state(p)) for p in before]
            assert fs.proc_state(sup) not in (None, "Z") and ostack.supervisor == sup
            assert "reloaded: replacing workers" in ostack.log_since(mark)
            assert len(after) == ostack.workers
            assert c.get("/status").status_code == want
            assert c.get("/ping").status_code == want
            if off:
                unknown = c.get("/no-such-page")
                assert c.get("/status").content == unknown.content
    finally:
        ostack.conf.write_text(conf)
    assert status_counter(ostack, "selfcare_reloads_total") == reloads + 2
    log = ostack.log_text()
    assert "died from signal" not in log and "exited with" not in log, log[-3000:]
