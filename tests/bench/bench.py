#!/usr/bin/python3
"""`make bench`: throughput and latency of every page against a bare responder.

Starts a private stack (tests/http/stack.py) with nginx only, loads the
large data set (tests/bench/gen-data.py), logs in BENCH_USERS administrators
through HTTP (login code by mail, as a person does; the requests come from
127.0.0.2, .3, … so the per-address code limit is not hit), then runs `wrk`
with the same load against:

  static   a file of the pages' size served by nginx itself
  bare     tests/bench/bare (a libfcgi responder printing a fixed page of
           that size), as many processes as selfcare has workers, behind the
           same nginx with the same FastCGI settings
  pages    every GET page, each request as another user and company (and
           subscription), rotating over all logged-in users

and prints, per target and connection count: requests/s, p50 and p99
latency, the page's throughput as a fraction of bare's, and the CPU time
per request of nginx, the FastCGI side (selfcare or bare) and mariadbd, from
/proc/PID/stat (utime+stime, children included) over the run. Worker RSS
before and after.

Environment (all optional):
  BENCH_CONNS="16 32 64"  BENCH_SECONDS=15  BENCH_WARMUP=3  BENCH_THREADS=2
  BENCH_WORKERS=4  BENCH_USERS=64  BENCH_COMPANIES=5000  BENCH_SEED=1
  BENCH_SCALE=10  ten times the data (make bench-large): gen-data.py --scale,
  its own invoices and usage records instead of the billing run and the
  usage import (whose figures are the small set's)
  BENCH_PAGES="locations,subscriptions"   only these targets (names below)
  BENCH_MAX_REQUESTS (selfcare max_requests; default: never recycle, so
  RSS can be watched)  BENCH_MARIADB_ARGS (extra mariadbd options)
  BENCH_KEEP=1  keep the stack running at the end until Ctrl-C
"""

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BULK = 5000                 # subscriptions of the bulk job timed
SRC = HERE.parents[1]
sys.path.insert(0, str(SRC / "tests" / "http"))
os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
sys.dont_write_bytecode = True

import requests                      # noqa: E402
from requests.adapters import HTTPAdapter  # noqa: E402
import stack as stackmod             # noqa: E402
import usage_bench                   # noqa: E402


def env_int(name, default):
    return int(os.environ.get(name, default))


CONNS = [int(x) for x in os.environ.get("BENCH_CONNS", "16 32 64").split()]
SECONDS = env_int("BENCH_SECONDS", 15)
WARMUP = env_int("BENCH_WARMUP", 3)
THREADS = env_int("BENCH_THREADS", 2)
WORKERS = env_int("BENCH_WORKERS", 4)
USERS = env_int("BENCH_USERS", 64)
SCALE = env_int("BENCH_SCALE", 1)
COMPANIES = env_int("BENCH_COMPANIES", 5000 * SCALE)
SEED = env_int("BENCH_SEED", 1)
ONLY = [p for p in os.environ.get("BENCH_PAGES", "").replace(",", " ").split()]
MAX_REQUESTS = env_int("BENCH_MAX_REQUESTS", 100000000)
BARE_BIN = Path(os.environ.get("BENCH_BARE", SRC / "tests" / "bench" / "bare"))

PAGES = ["companies", "overview", "locations", "subscriptions", "subscription",
         "cases", "users", "audit", "invoices", "invoice"]
# Reads of the partner API, each with a key of the company (made on the
# portal's key page by its administrator).
API_PAGES = ["api-product", "api-customerBill"]
API_KEYS = 50


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


class BenchStack(stackmod.Stack):
    """The test stack plus a bare responder and a static file on nginx."""

    def conf_values(self, **override):
        v = super().conf_values(**override)
        v["max_requests"] = MAX_REQUESTS
        v["debug_statements"] = "yes"
        # The API's reads are measured, not its rate limit.
        v["api_rate_limit"] = 1000000
        return v

    @property
    def bare_socket(self):
        return self.dir / "run" / "bare.sock"

    def _nginx_server(self, port, sock):
        block = super()._nginx_server(port, sock)
        extra = """
        access_log off;
        location = /bench/bare {
            include /etc/nginx/fastcgi_params;
            fastcgi_param HTTP_PROXY "";
            fastcgi_pass unix:%(bare)s;
            fastcgi_keep_conn off;
        }
""" % {"bare": self.bare_socket}
        # Beside the stack's own locations, at the server's level.
        anchor = "\n        location /static/ {"
        assert anchor in block, "bench: the stack's nginx server changed"
        return block.replace(anchor, extra + anchor, 1)


class SourceAdapter(HTTPAdapter):
    """Connections from a given loopback address (127.0.0.N)."""

    def __init__(self, source, **kw):
        self.source = source
        super().__init__(**kw)

    def init_poolmanager(self, *a, **kw):
        kw["source_address"] = (self.source, 0)
        super().init_poolmanager(*a, **kw)


CSRF_RE = re.compile(r"<csrf>([A-Za-z0-9_-]+)</csrf>")


def csrf_of(client, path):
    r = client.get(path, xml=True)
    m = CSRF_RE.search(r.text)
    if r.status_code != 200 or not m:
        raise RuntimeError("no csrf in %s: %d %s" % (path, r.status_code, r.text[:500]))
    return m.group(1)


def login_all(st, emails):
    """Logs every address in through nginx; returns {email: cookie value}."""
    clients = {}
    before = {}
    for i, email in enumerate(emails):
        c = stackmod.Client(st.urls["nginx"])
        # 20 codes per client address per hour: 16 users per address.
        c.mount("http://", SourceAdapter("127.0.0.%d" % (2 + i // 16)))
        before[email] = set(st.mails_to(email))
        r = c.post("/login", {"csrf": csrf_of(c, "/login"), "email": email})
        if r.status_code != 303:
            raise RuntimeError("POST /login %s: %d" % (email, r.status_code))
        clients[email] = c
    tokens = {}
    for email, c in clients.items():
        code = st.wait_for_code(email, before[email], timeout=120)
        r = c.post("/login/code", {"csrf": csrf_of(c, "/login/code"), "code": code})
        if r.status_code != 303 or not c.token:
            raise RuntimeError("login %s: %d %s" % (email, r.status_code, r.text[:300]))
        tokens[email] = c.token
    return tokens


def plan_requests(st, tokens):
    """Per target: a list of (path, cookie) to rotate over."""
    users = {}
    for uid, email in st.sql("SELECT id, email FROM users WHERE email LIKE "
                             "'bench.admin.%@example.net'"):
        users[int(uid)] = email
    memberships = st.sql("SELECT m.user_id, m.company_id, (SELECT MIN(s.id) FROM "
                         "subscriptions s WHERE s.company_id = m.company_id AND "
                         "s.user_id IS NOT NULL) FROM memberships m JOIN users u ON "
                         "u.id = m.user_id WHERE u.email LIKE 'bench.admin.%' "
                         "AND m.role = 'admin' ORDER BY m.company_id")
    plan = {p: [] for p in PAGES}
    for uid, email in sorted(users.items()):
        plan["companies"].append(("/companies", tokens[email]))
    invoices = dict(st.sql("SELECT company_id, MIN(id) FROM invoices GROUP BY company_id"))
    for uid, cid, sid in memberships:
        tok = tokens[users[int(uid)]]
        base = "/companies/%s" % cid
        plan["overview"].append((base, tok))
        plan["locations"].append((base + "/locations", tok))
        plan["subscriptions"].append((base + "/subscriptions", tok))
        plan["cases"].append((base + "/cases", tok))
        plan["users"].append((base + "/users", tok))
        plan["audit"].append((base + "/audit", tok))
        plan["invoices"].append((base + "/invoices", tok))
        if sid != "NULL":
            plan["subscription"].append((base + "/subscriptions/" + sid, tok))
        if cid in invoices:
            plan["invoice"].append((base + "/invoices/" + invoices[cid], tok))
    return plan


def api_plan(st, tokens):
    """API reads: (path, key) for the first API_KEYS companies of the bench
    administrators, a key made for each on the portal."""
    rows = st.sql("SELECT u.email, m.company_id FROM memberships m JOIN users u"
                  " ON u.id = m.user_id WHERE u.email LIKE 'bench.admin.%%' AND"
                  " m.role = 'admin' ORDER BY m.company_id LIMIT %d" % API_KEYS)
    plan = {p: [] for p in API_PAGES}
    for email, cid in rows:
        c = stackmod.Client(st.urls["nginx"])
        c.cookies.set("sc", tokens[email])
        path = "/companies/%s/api-keys" % cid
        r = c.post(path + ".xml", {"csrf": csrf_of(c, path), "name": "bench",
                                   "days": "5", "area-subscriptions": "on",
                                   "area-invoices": "on"})
        key = re.search(r"<secret[^>]*>([^<]+)</secret>", r.text)
        if r.status_code != 200 or not key:
            raise RuntimeError("API key for %s: %d %s" % (cid, r.status_code, r.text[:300]))
        for name in API_PAGES:
            plan[name].append(("/api/v1/%s?limit=20" % name[4:], key.group(1)))
    return plan


def lua_script(path, reqs, header="Cookie", prefix="sc="):
    """A wrk script that sends reqs in turn, each thread from its own offset."""
    def lit(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    body = ["local reqs = {"]
    for p, tok in reqs:
        body.append("  {%s, %s}," % (lit(p), lit(prefix + tok)))
    body.append("}")
    body.append("""
local n = #reqs
local counter = 0
local i = 0
function setup(thread)
  thread:set("start", counter)
  counter = counter + 1
end
function init(args)
  i = ((start or 0) * 7919) %% n
end
function request()
  i = i %% n + 1
  local r = reqs[i]
  return wrk.format("GET", r[1], {["HEADER"] = r[2]})
end
""".replace("%%", "%").replace("HEADER", header))
    Path(path).write_text("\n".join(body))


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(out):
    def lat(pct):
        m = re.search(r"^\s*%d%%\s+([\d.]+)(us|ms|s|m)\s*$" % pct, out, re.M)
        return float(m.group(1)) * UNITS[m.group(2)] if m else float("nan")
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errs = re.search(r"Socket errors:(.*)", out)
    return {"rps": float(rps.group(1)) if rps else 0.0,
            "requests": int(total.group(1)) if total else 0,
            "p50": lat(50), "p99": lat(99),
            "bad": int(bad.group(1)) if bad else 0,
            "errors": errs.group(1).strip() if errs else ""}


CLK = os.sysconf("SC_CLK_TCK")


def proc_stat(pid):
    try:
        raw = Path("/proc/%d/stat" % pid).read_text()
    except OSError:
        return None
    f = raw[raw.rindex(")") + 2:].split()
    # fields after the name: state ppid pgrp … utime(14) stime cutime cstime
    return {"ppid": int(f[1]), "pgrp": int(f[2]),
            "cpu": sum(int(x) for x in f[11:15])}


def group_cpu(pgids, pids=()):
    """CPU seconds (self + reaped children) of every process in the groups."""
    total = 0
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        s = proc_stat(int(d))
        if s and (s["pgrp"] in pgids or int(d) in pids):
            total += s["cpu"]
    return total / CLK


def rss_of_children(ppid):
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        s = proc_stat(int(d))
        if s and s["ppid"] == ppid:
            try:
                for line in Path("/proc/%s/status" % d).read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        out.append(int(line.split()[1]))
            except OSError:
                pass
    return sorted(out)


def smaps_of_children(ppid):
    """Per worker (the supervisor's children): Pss, Private_Dirty and the
    shared part of its RSS (KiB, /proc/PID/smaps_rollup), sorted by
    Private_Dirty: what a worker costs of its own, and what it shares
    copy-on-write with the supervisor and the other workers."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        s = proc_stat(int(d))
        if not s or s["ppid"] != ppid:
            continue
        try:
            lines = Path("/proc/%s/smaps_rollup" % d).read_text().splitlines()
        except OSError:
            continue
        kb = {}
        for line in lines[1:]:
            f = line.split()
            if len(f) >= 2 and f[1].isdigit():
                kb[f[0].rstrip(":")] = int(f[1])
        out.append((kb.get("Private_Dirty", 0), kb.get("Pss", 0),
                    kb.get("Shared_Clean", 0) + kb.get("Shared_Dirty", 0),
                    kb.get("Rss", 0)))
    return sorted(out)


class Bare:
    def __init__(self, st, size, n):
        self.procs = []
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if st.bare_socket.exists():
            st.bare_socket.unlink()
        sock.bind(str(st.bare_socket))
        os.chmod(st.bare_socket, 0o666)
        sock.listen(128)
        for _ in range(n):
            self.procs.append(subprocess.Popen(
                [str(BARE_BIN), str(size)], stdin=sock.fileno(),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True))
        sock.close()

    @property
    def pids(self):
        return {p.pid for p in self.procs}

    def stop(self):
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()


def run_wrk(url, script, conns, seconds):
    argv = ["wrk", "-t%d" % min(THREADS, conns), "-c%d" % conns, "-d%ds" % seconds,
            "--latency", "--timeout", "5s"]
    if script:
        argv += ["-s", str(script)]
    argv.append(url)
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return r.stdout.decode(errors="replace")


def _interrupt(*_):
    raise KeyboardInterrupt


def main():
    # Ctrl-C and kill both stop everything started here (a background
    # shell starts us with SIGINT ignored).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    if not BARE_BIN.exists():
        sys.exit("bench: no %s (make tests/bench/bare)" % BARE_BIN)
    st = BenchStack(frontends=("nginx",), workers=WORKERS)
    st.mariadb_args = ["--innodb-buffer-pool-size=%s" % (
        "256M" if SCALE < 10 else "2G")] + shlex.split(
        os.environ.get("BENCH_MARIADB_ARGS", ""))
    bare = None
    work = Path(tempfile.mkdtemp(prefix="selfcare-bench-"))
    try:
        t0 = time.monotonic()
        st.start()
        log("stack up in %.0fs: %s (%d workers)" % (time.monotonic() - t0,
                                                    st.urls["nginx"], WORKERS))
        t0 = time.monotonic()
        # Streamed from the generator into the client: the large set's SQL
        # is over a gigabyte.
        gen = subprocess.Popen([sys.executable, str(HERE / "gen-data.py"),
                                "--scale", str(SCALE), "--companies", str(COMPANIES),
                                "--bench-users", str(USERS), "--seed", str(SEED)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        r = subprocess.run(st._mariadb_argv("selfcare"), stdin=gen.stdout,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        gen.stdout.close()
        gen_err = gen.stderr.read().decode().strip()
        if gen.wait() != 0 or r.returncode != 0:
            sys.exit("bench: loading the data failed: %s %s" % (
                gen_err[-2000:], r.stderr.decode()[-2000:]))
        log(gen_err)
        log("data loaded in %.0fs" % (time.monotonic() - t0))
        usage_lines = []
        if SCALE < 10:
            # The billing run over the whole set: its time is a figure too.
            t0 = time.monotonic()
            out = st.selfcare("bill", "--period", "2026-10", "--date", "2026-10-28",
                              timeout=1800).stdout.decode(errors="replace").strip()
            summary = out.splitlines()[-1] if out else ""
            log("billing run (%s) in %.1fs" % (summary, time.monotonic() - t0))
            # Importing usage: records a second, and the tables' size.
            usage_lines = usage_bench.run(st, log)
        emails = ["bench.admin.%d@example.net" % i for i in range(USERS)]
        t0 = time.monotonic()
        tokens = login_all(st, emails)
        log("%d users logged in in %.0fs" % (len(tokens), time.monotonic() - t0))
        plan = plan_requests(st, tokens)
        plan.update(api_plan(st, tokens))

        # The pages' size: the median of one of each, as HTML; and what
        # each page asks the database (the worker's debug header).
        sizes = {}
        counts = {}
        for name in PAGES:
            p, tok = plan[name][0]
            resp = requests.get(st.urls["nginx"] + p, cookies={"sc": tok},
                                allow_redirects=False, timeout=30)
            if resp.status_code != 200:
                sys.exit("bench: %s %s: %d\n%s" % (name, p, resp.status_code,
                                                   resp.text[:1000]))
            sizes[name] = len(resp.content)
            # Again with every worker's statements prepared: a steady request.
            for _ in range(2 * WORKERS):
                resp = requests.get(st.urls["nginx"] + p, cookies={"sc": tok},
                                    allow_redirects=False, timeout=30)
            counts[name] = resp.headers.get("X-Selfcare-Statements", "?")
        size = sorted(sizes.values())[len(sizes) // 2]
        log("page sizes: %s; bare and static: %d bytes" % (
            " ".join("%s=%d" % kv for kv in sizes.items()), size))
        static = st.dir / "static" / "bench.html"
        static.write_text("<!DOCTYPE html>\n<html><body><p>" + "x" * (size - 47)
                          + "</p></body></html>")
        os.chmod(static, 0o644)
        bare = Bare(st, size, WORKERS)
        time.sleep(0.3)

        targets = [("static", "/static/bench.html", None),
                   ("bare", "/bench/bare", None)]
        for name in PAGES:
            script = work / (name + ".lua")
            lua_script(script, plan[name])
            targets.append((name, plan[name][0][0], script))
        for name in API_PAGES:
            script = work / (name + ".lua")
            lua_script(script, plan[name], "Authorization", "Bearer ")
            targets.append((name, plan[name][0][0], script))
        if ONLY:
            targets = [t for t in targets if t[0] in ONLY or t[0] == "bare"]

        sc_pgid = st.procs["selfcare"].pid
        groups = {"nginx": ({st.procs["nginx"].pid}, ()),
                  "mariadbd": ({st.procs["mariadb"].pid}, ())}
        rss_before = rss_of_children(sc_pgid)
        smaps_before = smaps_of_children(sc_pgid)
        results = []
        base = st.urls["nginx"]
        for name, path, script in targets:
            if WARMUP:
                run_wrk(base + path, script, CONNS[0], WARMUP)
            for conns in CONNS:
                fcgi = ({sc_pgid}, ()) if name != "bare" else (set(), bare.pids)
                grp = dict(groups, fcgi=fcgi)
                if name == "static":
                    grp.pop("fcgi")
                before = {g: group_cpu(*v) for g, v in grp.items()}
                out = run_wrk(base + path, script, conns, SECONDS)
                after = {g: group_cpu(*v) for g, v in grp.items()}
                res = parse_wrk(out)
                res.update(name=name, conns=conns)
                n = max(1, res["requests"])
                res["cpu"] = {g: (after[g] - before[g]) * 1e6 / n for g in grp}
                results.append(res)
                if res["bad"] or res["errors"] or not res["requests"]:
                    log("%s at %d: %d non-2xx, socket errors %s\n%s" % (
                        name, conns, res["bad"], res["errors"] or "none", out))
                log("%-13s c=%-3d %8.0f rps  p50 %6.2f ms  p99 %6.2f ms" % (
                    name, conns, res["rps"], res["p50"], res["p99"]))
        rss_after = rss_of_children(sc_pgid)
        report(results, rss_before, rss_after, size, counts)
        for when, sm in (("before", smaps_before), ("after", smaps_of_children(sc_pgid))):
            print("selfcare workers %s (KiB, Private_Dirty / Pss / shared of Rss): %s" % (
                when, ", ".join("%d / %d / %d of %d" % w for w in sm)))
        if SCALE < 10:
            bulk = bulk_job(st)
            print("\n".join([""] + usage_lines))
            print("bulk job: %d subscriptions' plan changed in %.1f s, queued to done"
                  " (%.0f subscriptions/s)" % (BULK, bulk, BULK / bulk))
        if os.environ.get("BENCH_KEEP"):
            log("stack kept: %s in %s, wrk scripts in %s (Ctrl-C ends it)" % (
                st.urls["nginx"], st.dir, work))
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        if bare:
            bare.stop()
        st.stop()
        for f in work.iterdir():
            f.unlink()
        work.rmdir()


def bulk_job(st):
    """A bulk plan change over BULK subscriptions of the bench data, made
    one company's (after the page runs: they no longer count), queued as
    the portal's confirmation queues it and worked by the mail child; the
    seconds from queued to done, polled as the progress page does."""
    pick = ("SELECT id FROM subscriptions WHERE ref LIKE 'BEN-%%' AND status = 'active'"
            " AND ends_on IS NULL AND product_id <> 4 ORDER BY id LIMIT %d" % BULK)
    cid = st.sql("SELECT MIN(company_id) FROM subscriptions WHERE ref LIKE 'BEN-%'")[0][0]
    st.sql("UPDATE subscriptions SET company_id = %s WHERE id IN (SELECT id FROM (%s) x);"
           "INSERT INTO bulk_jobs (company_id, lang, kind, product_id, source, query)"
           " VALUES (%s, 'nb', 'plan', 4, 'search', 'bench')" % (cid, pick, cid))
    job = st.sql("SELECT MAX(id) FROM bulk_jobs")[0][0]
    st.sql("INSERT INTO bulk_job_lines (job_id, line_no, ref, subscription_id)"
           " SELECT %s, ROW_NUMBER() OVER (ORDER BY id), ref, id FROM subscriptions"
           " WHERE id IN (SELECT id FROM (%s) x);"
           "UPDATE bulk_jobs SET lines_total = %d WHERE id = %s" % (job, pick, BULK, job))
    t0 = time.monotonic()
    st.sql("UPDATE bulk_jobs SET state = 'queued', queued_at = NOW() WHERE id = %s" % job)
    while time.monotonic() - t0 < 1800:
        state, done, failed = st.sql("SELECT state, lines_done, lines_failed FROM bulk_jobs"
                                     " WHERE id = %s" % job)[0]
        if state == "done":
            break
        time.sleep(0.1)
    took = time.monotonic() - t0
    log("bulk job: %s done, %s failed in %.1fs" % (done, failed, took))
    if state != "done" or int(done) != BULK:
        sys.exit("bench: the bulk job did not change every subscription: %s, %s done"
                 % (state, done))
    return took


def report(results, rss_before, rss_after, size, counts):
    bare = {r["conns"]: r["rps"] for r in results if r["name"] == "bare"}
    print()
    print("selfcare bench: %d workers, %d s per run, wrk %d threads, page size %d B, "
          "%d CPUs, load average %.1f" % (WORKERS, SECONDS, THREADS, size,
                                          os.cpu_count(), os.getloadavg()[0]))
    print()
    print("| page | conns | req/s | p50 ms | p99 ms | % of bare | CPU µs/req nginx | "
          "fcgi | mariadbd | non-2xx |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        pct = "%.0f %%" % (100.0 * r["rps"] / bare[r["conns"]]) if bare.get(r["conns"]) else "–"
        cpu = r["cpu"]
        print("| %s | %d | %.0f | %.2f | %.2f | %s | %.0f | %s | %.0f | %d |" % (
            r["name"], r["conns"], r["rps"], r["p50"], r["p99"], pct,
            cpu.get("nginx", 0), "%.0f" % cpu["fcgi"] if "fcgi" in cpu else "–",
            cpu.get("mariadbd", 0), r["bad"]))
    print()
    print("| page | statements and round trips per request |")
    print("|---|---|")
    for name, what in counts.items():
        print("| %s | %s |" % (name, what))
    print()
    print("selfcare worker RSS (KiB, supervisor's children) before: %s, after: %s" % (
        rss_before, rss_after))


if __name__ == "__main__":
    main()
