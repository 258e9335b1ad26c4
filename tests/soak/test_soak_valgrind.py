"""Leaks and memory errors: `selfcare serve` under valgrind (memcheck, full
leak check, definite leaks count as errors), SELFCARE_POOL=0 so libxml2's
allocations go through malloc and are seen, workers = 1. About 300
requests through nginx over every page: anonymous and logged in, HTML and
XML, error pages (400 401 403 404 405 413 429), a whole login flow with a
wrong code, the language switch, logout. Then SIGTERM; every process's
report (valgrind --log-file=vg.%p: one file per pid, the forked worker's
included) must show no errors and no definite leaks. max_requests = 120:
the worker is recycled twice on the way, so the reports of workers that
left through the normal clean-up path (the request limit) and of the last
one (SIGTERM while idle) are all checked.

The binary: $SELFCARE_VALGRIND_BIN (a CFLAGS="-O1 -g" build, see
tests/run-soak.sh), else $SELFCARE_BIN.
"""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

import faultstack as fs

st = fs.st
TARGET_REQUESTS = 300
MAX_REQUESTS = 120


class ValgrindStack(fs.FaultStack):
    VALGRIND = ["valgrind", "--tool=memcheck", "--leak-check=full",
                "--suppressions=%s" % (st.SRC / "tests" / "valgrind.supp"),
                "--errors-for-leak-kinds=definite", "--error-exitcode=99",
                "--trace-children=yes", "--num-callers=40", "--track-fds=no"]

    def vg_logs(self):
        return sorted((self.dir / "log").glob("vg.*"))

    def vg_deliver_logs(self):
        return sorted((self.dir / "log").glob("vg-deliver.*"))

    def wait_for_mail(self, address, after=(), timeout=60):
        """As FaultStack's, with `selfcare deliver` (mail.c: the outbox,
        sendmail) under valgrind too; sendmail itself is not traced."""
        after = set(after)
        deadline = time.monotonic() + timeout
        env = self.env()
        env["SELFCARE_POOL"] = "0"
        while time.monotonic() < deadline:
            subprocess.run(
                [a for a in self.VALGRIND if a != "--trace-children=yes"] +
                ["--trace-children=no",
                 "--log-file=%s" % (self.dir / "log" / "vg-deliver.%p"),
                 str(self.binary), "-c", str(self.conf), "deliver"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                timeout=120)
            new = [p for p in self.mails_to(address) if p not in after]
            if new:
                return self.mails_to(address)[-1]
            time.sleep(0.2)
        raise AssertionError("no mail to %s within %ds" % (address, timeout))

    def _start_selfcare(self):
        if self.app_socket.exists():
            self.app_socket.unlink()
        env = self.env()
        env["SELFCARE_POOL"] = "0"
        argv = self.VALGRIND + ["--log-file=%s" % (self.dir / "log" / "vg.%p"),
                                self.binary, "-c", self.conf, "serve"]
        proc = self._spawn("selfcare", argv, "selfcare.log", env=env)
        self._wait("selfcare serve under valgrind", lambda: st.unix_open(self.app_socket),
                   proc, self.log, timeout=180)

    def _wait_frontend(self, fe):
        # The first page under valgrind is slow: allow for it.
        import urllib.error
        import urllib.request

        def ok():
            try:
                urllib.request.urlopen(self.urls[fe] + "/login", timeout=60)
                return True
            except urllib.error.HTTPError as e:
                return e.code not in (502, 503, 504)
            except OSError:
                return False
        self._wait("%s → selfcare (valgrind)" % fe, ok, self.procs.get("selfcare"),
                   self.log, timeout=180)

    def stop_selfcare(self, timeout=240):
        """SIGTERM to the supervisor; waits for valgrind's reports; returns
        the supervisor's exit status."""
        proc = self.procs.pop("selfcare")
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(timeout=timeout)
        except Exception:               # noqa: BLE001
            proc.kill()
            proc.wait()
            raise


def vg_binary():
    b = os.environ.get("SELFCARE_VALGRIND_BIN") or os.environ.get("SELFCARE_BIN")
    return Path(b).resolve() if b else None


@pytest.fixture(scope="module")
def vstack():
    s = ValgrindStack(binary=vg_binary(), workers=1,
                      conf={"max_requests": MAX_REQUESTS, "request_timeout": 120})
    try:
        s.start()
    except fs.st.StackError as e:
        pytest.fail("the valgrind stack did not start: %s" % e, pytrace=False)
    fs.st.CURRENT = s
    yield s
    fs.st.CURRENT = None
    s.stop()


class Driver:
    """Counts requests and statuses; every request is bounded by a timeout."""

    def __init__(self, base, stack):
        self.base = base
        self.stack = stack
        self.seen = set()           # every worker pid met on the way
        self.n = 0
        self.statuses = {}
        self.unexpected = []

    def client(self):
        return st.Client(self.base)

    def do(self, c, method, path, expect, **kw):
        kw.setdefault("timeout", 120)
        r = c.request(method, path, **kw)
        self.seen |= self.stack.workers_now()
        self.n += 1
        self.statuses[r.status_code] = self.statuses.get(r.status_code, 0) + 1
        if r.status_code not in (expect if isinstance(expect, tuple) else (expect,)):
            self.unexpected.append((method, path, r.status_code, expect))
        return r


def _drive(s, d):
    base = s.urls["nginx"]
    origin = {"Origin": base}
    # -- a login flow, with a wrong code first ---------------------------------
    kari = d.client()
    d.do(kari, "GET", "/", 303)
    d.do(kari, "GET", "/login", 200)
    csrf = kari.page("/login").findtext("context/csrf")
    d.n += 1
    d.do(kari, "POST", "/login", 400, data={"csrf": csrf, "email": "not-an-address"})
    before = set(s.mails_to(fs.KARI))
    d.do(kari, "POST", "/login", 303, data={"csrf": csrf, "email": fs.KARI}, headers=origin)
    d.do(kari, "GET", "/login/code", 200)
    d.do(kari, "GET", "/login/code.xml", 200)
    code = s.wait_for_code(fs.KARI, before)
    wrong = "%08d" % ((int(code) + 1) % 100000000)
    d.do(kari, "POST", "/login/code", 400, data={"csrf": csrf, "code": wrong})
    d.do(kari, "POST", "/login/code", 303, data={"csrf": csrf, "code": code})
    cids = [c.get("id") for c in kari.page("/companies.xml").iter("company")]
    d.n += 1
    assert cids, "no companies for Kari"
    # Mette's company: a 404 for Kari.
    mette = s.login(base, fs.METTE)
    d.n += 6
    other = mette.page("/companies.xml").find("companies/company").get("id")
    d.n += 1
    anon = d.client()
    rounds = 0
    while d.n < TARGET_REQUESTS and rounds < 40:
        rounds += 1
        for cid in cids:
            d.do(kari, "GET", "/companies/%s/locations" % cid, 200)
            d.do(kari, "GET", "/companies/%s/locations.xml" % cid, 200)
        d.do(kari, "GET", "/companies", 200)
        d.do(kari, "GET", "/companies.xml", 200)
        d.do(kari, "GET", "/companies", 200, xml=True)
        d.do(kari, "GET", "/companies/%s/locations" % other, 404)
        d.do(kari, "GET", "/companies/999999/locations.xml", 404)
        d.do(kari, "GET", "/", 303)
        d.do(kari, "GET", "/no-such-page", 404)
        d.do(kari, "GET", "/no-such-page.xml", 404)
        d.do(kari, "DELETE", "/companies", 405)
        d.do(kari, "GET", "/companies?unknown=1", 400)
        d.do(kari, "GET", "/companies?x=%zz", 400)
        d.do(kari, "POST", "/login", 403, data={"email": fs.KARI})            # no csrf
        d.do(kari, "POST", "/logout", 403, data={"csrf": "x" * 43})            # wrong csrf
        d.do(kari, "POST", "/logout", 403,
             data={"csrf": kari.page("/companies.xml").findtext("context/csrf")},
             headers={"Origin": "http://evil.example"})
        d.n += 1
        d.do(kari, "GET", "/lang?set=%s&next=/companies" % ("en", "da", "nb")[rounds % 3],
             303)
        d.do(kari, "GET", "/companies/%s/locations" % cids[0], 200)
        d.do(anon, "GET", "/login", 200)
        d.do(anon, "GET", "/login.xml", 200)
        d.do(anon, "GET", "/companies", 303)
        d.do(anon, "GET", "/companies.xml", 401)
        d.do(anon, "GET", "/login/code", 303)
        d.do(anon, "POST", "/login", 413, data={"email": "a" * 70000})
        d.do(anon, "GET", "/lang?set=xx&next=/login", 400)
        d.do(anon, "GET", "/%2e%2e/etc/passwd", (400, 404))
        d.do(mette, "GET", "/companies/%s/locations.xml" % other, 200)
        d.do(mette, "GET", "/companies/%s/locations" % cids[0], 404)
        # Help: the list, a search, an article, a draft, a vote and a bad one.
        d.do(kari, "GET", "/help", 200)
        d.do(kari, "GET", "/help?q=faktura+%25_+o%27brien", 200)
        d.do(kari, "GET", "/help?q=" + "x" * 101, 400)
        d.do(kari, "GET", "/help?page=locations", 200)
        d.do(kari, "GET", "/help/log-in-with-code", 200)
        d.do(kari, "GET", "/help/usage-and-quota", 404)
        ctx = kari.page("/help/log-in-with-code.xml").find("context")
        d.n += 1
        form = {"csrf": ctx.findtext("csrf"), "formkey": ctx.findtext("formkey")}
        d.do(kari, "POST", "/help/log-in-with-code", 400,
             data=dict(form, helpful="yes", comment="x" * 1001))
        d.do(kari, "POST", "/help/log-in-with-code", 303,
             data=dict(form, helpful=("yes", "no")[rounds % 2], comment="Nyttig."))
        if rounds == 2:
            # Too many codes for one address: 429 on the fourth.
            a = d.client()
            tok = a.page("/login").findtext("context/csrf")
            d.n += 1
            for i in range(4):
                d.do(a, "POST", "/login", (303, 429),
                     data={"csrf": tok, "email": "nobody%d@example.no" % 0})
            d.do(a, "POST", "/login", 429, data={"csrf": tok, "email": "nobody0@example.no"})
            s.sql("DELETE FROM login_codes")
    # Logout at the end.
    tok = kari.page("/companies.xml").findtext("context/csrf")
    d.n += 1
    d.do(kari, "POST", "/logout", 303, data={"csrf": tok})
    d.do(kari, "GET", "/companies", 303)
    d.do(kari, "GET", "/companies.xml", 401)


def _summary(text):
    m = re.search(r"ERROR SUMMARY: ([\d,]+) errors", text)
    errors = int(m.group(1).replace(",", "")) if m else None
    m = re.search(r"definitely lost: ([\d,]+) bytes in ([\d,]+) blocks", text)
    definite = int(m.group(1).replace(",", "")) if m else 0
    m = re.search(r"indirectly lost: ([\d,]+) bytes", text)
    indirect = int(m.group(1).replace(",", "")) if m else 0
    m = re.search(r"possibly lost: ([\d,]+) bytes", text)
    possible = int(m.group(1).replace(",", "")) if m else 0
    m = re.search(r"still reachable: ([\d,]+) bytes", text)
    reachable = int(m.group(1).replace(",", "")) if m else 0
    kinds = sorted(set(re.findall(
        r"==\d+== (Invalid (?:read|write|free)[^\n]*|Conditional jump[^\n]*|"
        r"Use of uninitialised[^\n]*|Syscall param[^\n]*|Mismatched free[^\n]*|"
        r"Source and destination overlap[^\n]*)", text)))
    return {"errors": errors, "definite": definite, "indirect": indirect,
            "possible": possible, "reachable": reachable, "kinds": kinds}


def test_valgrind_no_leaks_no_errors(vstack, say):
    s = vstack
    sup = s.supervisor
    d = Driver(s.urls["nginx"], s)
    d.seen |= s.wait_workers(n=1, timeout=60)
    t0 = time.monotonic()
    _drive(s, d)
    took = time.monotonic() - t0
    d.seen |= s.wait_workers(n=1, timeout=60)
    last = s.workers_now()
    rc = s.stop_selfcare()
    say("\nvalgrind: %d requests in %.0fs; statuses %r; supervisor exit %s" % (
        d.n, took, dict(sorted(d.statuses.items())), rc))
    reports = {}
    for f in s.vg_logs():
        pid = int(f.name.split(".")[1])
        text = f.read_text(errors="replace")
        reports[pid] = (text, _summary(text))
        role = "supervisor" if pid == sup else (
            ("last worker" if pid in last else "recycled worker") if pid in d.seen
            else "other")
        sm = reports[pid][1]
        say("  vg.%d (%s): ERROR SUMMARY %s errors; definitely lost %d B, indirectly %d B, "
            "possibly %d B, still reachable %d B %s" % (
                pid, role, sm["errors"], sm["definite"], sm["indirect"], sm["possible"],
                sm["reachable"], "; " + "; ".join(sm["kinds"]) if sm["kinds"] else ""))
    assert d.n >= TARGET_REQUESTS
    assert not d.unexpected, d.unexpected[:20]
    assert sup in reports, "no valgrind report for the supervisor %d" % sup
    # One report per worker: the recycled ones and the last one.
    assert set(reports) - {sup} == d.seen, "reports %r, workers %r" % (
        sorted(reports), sorted(d.seen))
    assert len(d.seen) >= d.n // MAX_REQUESTS, "workers not recycled: %r" % sorted(d.seen)
    bad = []
    for pid, (text, sm) in sorted(reports.items()):
        if sm["errors"] is None:
            bad.append("vg.%d: no ERROR SUMMARY (cut short?)" % pid)
        elif sm["errors"] or sm["definite"] or sm["kinds"]:
            bad.append("vg.%d: %s\n%s" % (pid, sm, text[-6000:]))
    deliver = s.vg_deliver_logs()
    pids = {int(f.name.split(".")[1]) for f in deliver}
    for f in deliver:
        text = f.read_text(errors="replace")
        sm = _summary(text)
        parent = re.search(r"Parent PID: (\d+)", text)
        if sm["errors"] is None and parent and int(parent.group(1)) in pids:
            continue        # the fork that became sendmail (exec, not traced)
        say("  %s (selfcare deliver): ERROR SUMMARY %s errors; definitely lost %d B" % (
            f.name, sm["errors"], sm["definite"]))
        if sm["errors"] is None or sm["errors"] or sm["definite"] or sm["kinds"]:
            bad.append("%s: %s\n%s" % (f.name, sm, text[-6000:]))
    assert deliver, "selfcare deliver never ran under valgrind"
    assert not bad, "\n\n".join(bad)
    assert rc != 99, "valgrind reported errors in the supervisor (exit 99)"
    log = s.log_text()
    assert "died from signal" not in log and "exited with" not in log, log[-3000:]
