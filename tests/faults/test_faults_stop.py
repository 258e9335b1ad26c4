"""Under systemd, and stopping (a stack of its own, request_timeout = 20):

1. journald: with JOURNAL_STREAM naming its stderr, as systemd sets it,
   every line starts with the syslog priority ("<6>" info, "<4>" warning)
   instead of a time stamp, so `journalctl -p warning` finds the warnings.
2. Graceful stop: SIGTERM while a request runs longer than the 10 s the
   supervisor used to wait. Idle workers leave at once; the busy one
   finishes (its client gets the page) within process_control_timeout
   (default: request_timeout), and only then does the supervisor exit.
   Runs last: it stops the stack.
"""

import os
import re
import signal
import threading
import time

import pytest

import conftest
import faultstack as fs

st = fs.st
LIMIT = 20


class JournalStack(fs.FaultStack):
    """selfcare serve's stderr (log/selfcare.log) announced as the journal."""

    def env(self):
        env = super().env()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log.touch()
        s = self.log.stat()
        env["JOURNAL_STREAM"] = "%d:%d" % (s.st_dev, s.st_ino)
        return env


@pytest.fixture(scope="module")
def jstack():
    s = conftest.start_stack(cls=JournalStack, conf={"request_timeout": LIMIT})
    yield s
    st.CURRENT = None
    s.stop()


def test_journald_priority_prefixes(jstack):
    c = st.Client(jstack.urls["nginx"])
    assert c.get("/login").status_code == 200
    victim = sorted(jstack.wait_workers())[0]
    mark = jstack.log_mark()
    os.kill(victim, signal.SIGKILL)
    jstack.wait_workers(without={victim})
    assert c.get("/nosuchpage").status_code == 404
    new = jstack.log_since(mark)
    print(new)
    assert re.search(r"^<4>\[%d\] warn worker %d died from signal 9; replacing it$" % (
        jstack.supervisor, victim), new, re.M), new
    assert re.search(r"^<6>\[\d+\] info request id=[0-9a-f]{16} client=127\.0\.0\.1 "
                     r"method=GET path=/nosuchpage status=404 ", new, re.M), new
    # Every line of the server has its priority and no time stamp of its own.
    lines = [line for line in jstack.log_text().splitlines() if line.strip()]
    assert lines
    for line in lines:
        assert re.match(r"<[346]>\[\d+\] (info|warn|error) ", line), line


def test_graceful_stop_waits_for_a_long_request(jstack):
    jstack.sql("DELETE FROM login_codes")
    kari = jstack.login(jstack.urls["nginx"], fs.KARI)
    sup = jstack.supervisor
    workers = jstack.wait_workers()
    result = {}
    hold = 12                   # past the 10 s the supervisor used to wait
    with fs.table_locked(jstack, "sessions"):
        t = threading.Thread(target=lambda: result.setdefault(
            "r", kari.get("/companies", timeout=LIMIT + 20)))
        t.start()
        time.sleep(0.5)
        mark = jstack.log_mark()
        t0 = time.monotonic()
        os.kill(sup, signal.SIGTERM)
        # The idle workers leave at once; the busy one stays.
        left = None
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            left = {p for p in workers if fs.proc_state(p) not in (None, "Z")}
            if len(left) == 1:
                break
            time.sleep(0.05)
        assert left is not None and len(left) == 1, left
        time.sleep(hold - (time.monotonic() - t0))
        alive = fs.proc_state(sup) not in (None, "Z")
        assert alive, "the supervisor did not wait for the request"
        assert t.is_alive()
    # The lock is gone: the request finishes, then the supervisor.
    t.join(LIMIT)
    proc = jstack.procs["selfcare"]
    proc.wait(timeout=10)
    took = time.monotonic() - t0
    log = jstack.log_since(mark)
    print("\nstopped after %.1fs:\n%s" % (took, log))
    assert result["r"].status_code == 200
    assert proc.returncode == 0
    assert hold <= took < LIMIT, took
    assert "stopping: waiting up to %d ms for requests in progress" % (LIMIT * 1000) in log
    assert "killing them" not in log and "stopped" in log
    assert re.search(r"info request id=\S+ client=127\.0\.0\.1 method=GET path=/companies "
                     r"status=200 ", log), log
