"""Soak: at least 200 000 requests through nginx over the pages that exist
(/login, /companies, /companies/ID/locations as Kari, a 404, and the .xml
variants), with workers = 3 and max_requests high enough that no worker is
recycled. Zero 5xx, every answer the status its path expects (the only
non-2xx are the 404s asked for), the same worker pids from start to end,
and no worker's RSS grows after warm-up: the max of VmRSS (sampled every
2 s) over the last quarter of the run is within 1 MiB of the max over the
first quarter."""

import math
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest

import faultstack as fs

HERE = Path(__file__).resolve().parent
TARGET = 200000
MAX_RUN = 210           # seconds of wrk at most, whatever the machine
SAMPLE_EVERY = 2.0
RSS_SLACK_KB = 1024


@pytest.fixture(scope="module")
def sstack():
    s = fs.FaultStack(workers=3, conf={"max_requests": 10000000, "request_timeout": 30})
    try:
        s.start()
    except fs.st.StackError as e:
        pytest.fail("the soak stack did not start: %s" % e, pytrace=False)
    fs.st.CURRENT = s
    yield s
    fs.st.CURRENT = None
    s.stop()


class Sampler(threading.Thread):
    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids = sorted(pids)
        self.samples = []           # (t, {pid: kb})
        self.halt = threading.Event()

    def run(self):
        t0 = time.monotonic()
        while not self.halt.is_set() and time.monotonic() - t0 < MAX_RUN + 120:
            self.samples.append((time.monotonic() - t0,
                                 {p: fs.rss_kb(p) for p in self.pids}))
            self.halt.wait(SAMPLE_EVERY)


def _wrk(url, token, cid, duration):
    argv = ["wrk", "-t4", "-c4", "-d%ds" % duration, "--timeout", "10s",
            "-s", str(HERE / "soak.lua"), url, "--",
            "%s=%s" % (fs.st.SESSION_COOKIE, token), str(cid)]
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=duration + 60)
    text = p.stdout.decode(errors="replace")
    r = fs.parse_wrk(text, p.returncode)
    m = re.search(r"SOAK total=(\d+) ok=(\d+) expected404=(\d+) bad=(\d+) s5xx=(\d+) "
                  r"unmatched=(\d+)", text)
    assert m, text
    r.update(zip(("total", "ok", "expected404", "bad", "s5xx", "unmatched"),
                 map(int, m.groups())))
    r["badinfo"] = re.search(r"SOAKBAD (.*)", text).group(1).strip()
    return r


def test_soak(sstack, say):
    s = sstack
    kari = s.login(s.urls["nginx"], fs.KARI)
    cid = kari.page("/companies.xml").find("companies/company").get("id")
    url = s.urls["nginx"]
    # Warm-up and calibration: every worker has served every page.
    cal = _wrk(url, kari.token, cid, 3)
    assert cal["bad"] == 0 and cal["s5xx"] == 0, cal["text"]
    rps = max(cal["rps"], 200.0)
    workers = s.wait_workers()
    sampler = Sampler(workers)
    sampler.start()
    runs = []
    total = 0
    started = time.monotonic()
    try:
        while total < TARGET and len(runs) < 5:
            left = MAX_RUN - (time.monotonic() - started)
            if left < 5:
                break
            duration = int(min(left, max(5, math.ceil((TARGET - total) / rps * 1.1) + 2)))
            r = _wrk(url, kari.token, cid, duration)
            runs.append(r)
            total += r["total"]
            rps = max(r["rps"], 200.0)
            if r["s5xx"] or r["bad"] or r["errors"] - r["non2xx"]:
                break               # a failure: no need to go on
    finally:
        sampler.halt.set()
        sampler.join(timeout=10)
    elapsed = sum(r["seconds"] for r in runs)
    agg = {k: sum(r[k] for r in runs) for k in
           ("total", "ok", "expected404", "bad", "s5xx", "unmatched", "non2xx",
            "connect", "read", "write", "timeout")}
    say("\nsoak: %d requests in %.1fs over %d wrk run(s): %.0f req/s; ok %d, expected 404 %d, "
        "unexpected %d, 5xx %d, socket errors c%d r%d w%d t%d" % (
            agg["total"], elapsed, len(runs), agg["total"] / max(elapsed, 0.001),
            agg["ok"], agg["expected404"], agg["bad"], agg["s5xx"], agg["connect"],
            agg["read"], agg["write"], agg["timeout"]))
    # RSS per worker: first quarter vs last quarter of the samples.
    samples = sampler.samples
    q = max(1, len(samples) // 4)
    growth = {}
    for pid in sampler.pids:
        series = [kb.get(pid) for _, kb in samples]
        assert None not in series, "worker %d disappeared during the soak" % pid
        first, last = max(series[:q]), max(series[-q:])
        growth[pid] = last - first
        say("worker %d: VmRSS start %d KiB, end %d KiB, max first quarter %d KiB, "
            "max last quarter %d KiB (%+d KiB), min %d max %d, %d samples" % (
                pid, series[0], series[-1], first, last, last - first,
                min(series), max(series), len(series)))
    if agg["bad"]:
        say("unexpected answers (path=status): %s" % " ".join(r["badinfo"] for r in runs))
    assert agg["s5xx"] == 0, "5xx answers"
    assert agg["bad"] == 0, "answers with another status than expected"
    assert agg["connect"] + agg["read"] + agg["write"] + agg["timeout"] == 0
    # wrk's non-2xx/3xx are exactly the 404s the script asked for.
    assert agg["non2xx"] == agg["expected404"], (agg["non2xx"], agg["expected404"])
    assert agg["total"] >= TARGET, "only %d requests in %ds" % (agg["total"], MAX_RUN)
    assert s.workers_now() == workers, "workers replaced during the soak"
    log = s.log_text()
    assert "died from signal" not in log and "exited with" not in log
    assert len(samples) >= 8
    for pid, g in growth.items():
        assert g <= RSS_SLACK_KB, "worker %d grew %d KiB after warm-up" % (pid, g)
