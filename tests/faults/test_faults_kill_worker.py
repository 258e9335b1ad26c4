"""A worker killed with SIGKILL under load (wrk, 4 connections, through
nginx, logged-in page) is replaced within a second; the other workers keep
serving; only the request in flight on the dead worker may fail."""

import os
import re
import signal
import time

import faultstack as fs


def served_by(log, pids):
    """Request lines per worker pid in a piece of the log."""
    counts = {p: 0 for p in pids}
    for m in re.finditer(r"\[(\d+)\] \w+ request ", log):
        p = int(m.group(1))
        if p in counts:
            counts[p] += 1
    return counts


def test_kill9_worker_under_load(fstack, kari, nginx):
    url = nginx + "/companies"
    before = fstack.wait_workers()
    sup = fstack.supervisor
    wrk = fs.run_wrk(url, duration=8, conns=4, threads=2,
                     headers=["Cookie: %s=%s" % (fs.st.SESSION_COOKIE, kari.token)],
                     popen=True)
    try:
        time.sleep(3)
        assert wrk.poll() is None, "wrk ended early"
        victim = sorted(before)[0]
        mark = fstack.log_mark()
        os.kill(victim, signal.SIGKILL)
        t0 = time.monotonic()
        after = fstack.wait_workers(timeout=1.0, without={victim})
        replaced_in = time.monotonic() - t0
        survivors = before - {victim}
        assert survivors <= after, "other workers gone: %r → %r" % (before, after)
        new = after - before
        assert len(new) == 1
        # Let the load run on the new set of workers for a while.
        time.sleep(2.5)
        log = fstack.log_since(mark)
        counts = served_by(log, after)
        out, _ = wrk.communicate(timeout=60)
    finally:
        if wrk.poll() is None:
            wrk.kill()
            wrk.wait()
    r = fs.parse_wrk(out.decode(errors="replace"), wrk.returncode)
    print("\nkill -9 %d: replaced by %r in %.3fs; requests after the kill per worker %r"
          % (victim, sorted(new), replaced_in, counts))
    print("wrk: %d requests, %.0f req/s, non-2xx %d, socket errors c%d r%d w%d t%d" % (
        r["requests"], r["rps"], r["non2xx"], r["connect"], r["read"], r["write"],
        r["timeout"]))
    assert fstack.supervisor == sup and fs.proc_state(sup) not in (None, "Z")
    assert "worker %d died from signal 9" % victim in log, log[-3000:]
    assert r["requests"] > 1000, r["text"]
    assert r["errors"] < 20 and r["errors"] < 0.01 * r["requests"], r["text"]
    # Every worker of the new set served requests after the kill.
    assert all(n > 0 for n in counts.values()), counts
    # Afterwards every request succeeds.
    for _ in range(60):
        resp = kari.get("/companies")
        assert resp.status_code == 200, resp.status_code
    assert fstack.workers_now() == after
