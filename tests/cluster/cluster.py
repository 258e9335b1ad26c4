#!/usr/bin/python3
"""Two selfcare hosts on a three-node MariaDB Galera cluster, behind one
nginx upstream, each part in a network namespace of its own (10.77.0.0/24,
which exists inside those namespaces only), under a steady load of page
views and orders placed with form keys from several clients. Faults: kill -9
of one database node and its return (IST), kill -9 of one selfcare host and
its restart, a restart of nginx. Printed: the requests failed in each fault
and for how long, lost acknowledged orders (every 303 is in the database
afterwards: 0), double orders (0), mail delivered twice (0: the lease), the
invoice number series without gaps per issuer, the time to full service.

  tests/cluster/cluster.py            (root; SELFCARE_BIN: the binary)

Bounded (a time limit of its own) and it cleans up its namespaces,
processes and directory also when it fails. Exit status 0: all held."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(SRC / "tests" / "http"))
import stack as st  # noqa: E402  (Client, mail_code)

LIMIT = 420                     # seconds for the whole test
NET = "10.77.0"
DBS = {"db1": NET + ".11", "db2": NET + ".12", "db3": NET + ".13"}
APPS = {"app1": NET + ".21", "app2": NET + ".22"}
WEB = NET + ".1"
KARI = "kari.nordmann@example.no"
SIM = "22"
# Each client tops up a subscription of Bitpro's of its own, and comments
# on one of Bitpro's two cases (two clients a case: a row written from both
# hosts at once now and then).
TOPUP_SUBS, TOPUP, CASES = ("1", "6", "7", "8"), "6", ("1", "2")
CLIENTS = 4


def sh(*argv, check=True, **kw):
    r = subprocess.run([str(a) for a in argv], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, **kw)
    if check and r.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(map(str, argv)),
                                       r.stdout.decode(errors="replace")))
    return r.stdout.decode(errors="replace")


class Cluster:
    def __init__(self):
        self.tag = "scg%d" % (os.getpid() % 100000)
        self.dir = Path(tempfile.mkdtemp(prefix="selfcare-cluster-"))
        os.chmod(self.dir, 0o711)
        self.procs = {}
        self.netns = []
        self.binary = Path(os.environ.get("SELFCARE_BIN", SRC / "selfcare")).resolve()
        self.events = []

    def ns(self, name):
        return "%s-%s" % (self.tag, name)

    def inns(self, name, *argv):
        return ["ip", "netns", "exec", self.ns(name)] + [str(a) for a in argv]

    # -- the network -------------------------------------------------
    def network(self):
        br = self.ns("br")
        sh("ip", "netns", "add", br)
        self.netns.append(br)
        sh("ip", "-n", br, "link", "set", "lo", "up")
        sh("ip", "-n", br, "link", "add", "br0", "type", "bridge")
        sh("ip", "-n", br, "addr", "add", WEB + "/24", "dev", "br0")
        sh("ip", "-n", br, "link", "set", "br0", "up")
        for name, addr in list(DBS.items()) + list(APPS.items()):
            n = self.ns(name)
            sh("ip", "netns", "add", n)
            self.netns.append(n)
            sh("ip", "-n", n, "link", "set", "lo", "up")
            sh("ip", "-n", br, "link", "add", "v" + name, "type", "veth",
               "peer", "name", "eth0", "netns", n)
            sh("ip", "-n", br, "link", "set", "v" + name, "master", "br0", "up")
            sh("ip", "-n", n, "addr", "add", addr + "/24", "dev", "eth0")
            sh("ip", "-n", n, "link", "set", "eth0", "up")

    def spawn(self, key, ns, argv, env=None):
        log = open(self.dir / ("%s.log" % key), "ab")
        p = subprocess.Popen(self.inns(ns, *argv), stdout=log, stderr=subprocess.STDOUT,
                             env=env, start_new_session=True)
        log.close()
        self.procs[key] = p
        return p

    def wait(self, what, pred, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if pred():
                    return
            except (RuntimeError, OSError):
                pass
            time.sleep(0.3)
        raise RuntimeError("%s not ready after %ds" % (what, timeout))

    # -- the database ------------------------------------------------
    def sock(self, name):
        return self.dir / ("%s.sock" % name)

    def sql(self, name, query, db="selfcare"):
        out = sh("mariadb", "--no-defaults", "--socket=%s" % self.sock(name), "-u", "root",
                 "--batch", "--skip-column-names", *([db] if db else []), "-e", query)
        return [tuple(line.split("\t")) for line in out.splitlines()]

    def status(self, name, var):
        rows = self.sql(name, "SHOW STATUS LIKE '%s'" % var, db=None)
        return rows[0][1] if rows else None

    def mariadb_argv(self, name, extra=()):
        addr = DBS[name]
        return ["mariadbd", "--no-defaults", "--datadir=%s" % (self.dir / name),
                "--socket=%s" % self.sock(name), "--bind-address=%s" % addr,
                "--port=3306", "--user=root",
                "--pid-file=%s" % (self.dir / ("%s.pid" % name)),
                "--log-error=%s" % (self.dir / ("%s.err" % name)),
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
                "--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M",
                "--innodb-flush-log-at-trx-commit=2", "--max-connections=200",
                "--binlog-format=ROW", "--innodb-autoinc-lock-mode=2",
                # Migration 020 makes a trigger: with binary logging on, a
                # user without SUPER may only if the server trusts it.
                "--log-bin-trust-function-creators=ON",
                "--wsrep-on=ON", "--wsrep-provider=/usr/lib/galera/libgalera_smm.so",
                "--wsrep-cluster-name=selfcare-test",
                "--wsrep-cluster-address=gcomm://" + ",".join(DBS.values()),
                "--wsrep-node-address=%s" % addr, "--wsrep-node-name=%s" % name,
                "--wsrep-sst-method=rsync",
                "--wsrep-provider-options=gcache.size=64M"] + list(extra)

    def start_db(self, name, extra=()):
        if not (self.dir / name / "mysql").is_dir():
            sh("mariadb-install-db", "--no-defaults", "--datadir=%s" % (self.dir / name),
               "--user=root", "--auth-root-authentication-method=socket", "--skip-test-db")
        # The state transfer's rsync daemon runs as nobody: it must reach
        # the joiner's datadir (a sandbox's, never a real one).
        os.chmod(self.dir / name, 0o777)
        self.spawn(name, name, self.mariadb_argv(name, extra))
        self.wait(name + " synced",
                  lambda: self.status(name, "wsrep_local_state_comment") == "Synced", 120)

    def recover_db(self, name):
        """As galera_recovery does after a crash: the node's position, so it
        asks for the writesets it missed (IST) rather than a full copy."""
        sh(*self.inns(name, *self.mariadb_argv(name, ["--wsrep-recover"])), check=False)
        err = (self.dir / ("%s.err" % name)).read_text(errors="replace")
        pos = re.findall(r"WSREP: Recovered position: (\S+)", err)
        self.start_db(name, ["--wsrep-start-position=%s" % pos[-1]] if pos else [])
        err = (self.dir / ("%s.err" % name)).read_text(errors="replace")
        return "IST" if re.search(r"IST received|Receiving IST", err[len(err) // 2:]) else \
            "SST" if "SST" in err else "?"

    def database(self):
        """The first node bootstrapped, the schema and the demo data loaded,
        stopped cleanly and copied to the others, which join with the same
        state (no full copy over the network), then the cluster started."""
        self.start_db("db1", ["--wsrep-new-cluster"])
        self.password = uuid.uuid4().hex
        self.sql("db1", "CREATE DATABASE selfcare CHARACTER SET utf8mb4 COLLATE "
                 "utf8mb4_unicode_ci; CREATE USER 'selfcare'@'%%' IDENTIFIED BY '%s'; "
                 "GRANT ALL ON selfcare.* TO 'selfcare'@'%%';" % self.password, db=None)
        self.write_confs()
        self.selfcare("app1", "migrate")
        self.selfcare("app1", "demo-data")
        sh("mariadb-admin", "--no-defaults", "--socket=%s" % self.sock("db1"), "-u", "root",
           "shutdown")
        self.procs["db1"].wait(60)
        for name in ("db2", "db3"):
            shutil.copytree(self.dir / "db1", self.dir / name)
            (self.dir / name / "gvwstate.dat").unlink(missing_ok=True)
        self.start_db("db1", ["--wsrep-new-cluster"])
        for name in ("db2", "db3"):
            self.start_db(name)
        assert self.status("db1", "wsrep_cluster_size") == "3"

    # -- selfcare ----------------------------------------------------
    def conf(self, name, nodes):
        path = self.dir / ("%s.conf" % name)
        values = {
            "listen": "%s:9000" % APPS[name], "workers": 4, "request_timeout": 30,
            "db_host": ",".join(nodes), "db_name": "selfcare", "db_user": "selfcare",
            "db_password": self.password, "xsl_dir": SRC / "xsl",
            "schema_dir": SRC / "schema", "secret_key_file": self.dir / "secret.key",
            "sendmail": "%s %s" % (SRC / "conf" / "demo" / "sendmail-to-dir",
                                   self.dir / "mail"),
            "mail_from": "selfcare@localhost", "mail_interval": 1,
            "base_url": "http://%s:8080" % WEB, "cookie_secure": "no",
            "default_lang": "nb", "log_file": "",
        }
        path.write_text("".join("%s = %s\n" % kv for kv in values.items()))
        os.chmod(path, 0o600)
        return path

    def selfcare(self, name, *args):
        return sh(*self.inns(name, self.binary, "-c", self.dir / ("%s.conf" % name), *args))

    def start_app(self, name):
        self.spawn(name, name, [self.binary, "-c", self.dir / ("%s.conf" % name), "serve"])
        self.wait(name, lambda: "9000" in sh(*self.inns(name, "ss", "-ltn")), 30)

    def kill_ns(self, name):
        for pid in sh("ip", "netns", "pids", self.ns(name), check=False).split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass

    def write_confs(self):
        (self.dir / "mail").mkdir()
        key = sh(self.binary, "genkey").strip()
        (self.dir / "secret.key").write_text(key + "\n")    # shared by both hosts
        os.chmod(self.dir / "secret.key", 0o600)
        nodes = list(DBS.values())
        self.conf("app1", nodes)
        self.conf("app2", nodes[1:] + nodes[:1])            # app2 starts on db2

    def apps(self):
        for name in APPS:
            self.start_app(name)

    # -- nginx -------------------------------------------------------
    def start_nginx(self):
        d = self.dir / "nginx"
        d.mkdir(exist_ok=True)
        servers = "".join("        server %s:9000 max_fails=1 fail_timeout=3s;\n" % a
                          for a in APPS.values())
        (d / "nginx.conf").write_text("""
worker_processes 1;
daemon off;
pid %(d)s/nginx.pid;
error_log %(d)s/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path %(d)s/body; fastcgi_temp_path %(d)s/fastcgi;
    proxy_temp_path %(d)s/proxy; uwsgi_temp_path %(d)s/uwsgi; scgi_temp_path %(d)s/scgi;
    upstream selfcare {
%(servers)s    }
    server {
        listen %(web)s:8080;
        location / {
            include /etc/nginx/fastcgi_params;
            fastcgi_param HTTP_PROXY "";
            fastcgi_pass selfcare;
            fastcgi_connect_timeout 2s;
            fastcgi_read_timeout 35s;
            fastcgi_next_upstream error timeout;
        }
    }
}
""" % {"d": d, "servers": servers, "web": WEB})
        self.spawn("nginx", "br", ["nginx", "-c", d / "nginx.conf"])
        self.wait("nginx", lambda: ":8080" in sh(*self.inns("br", "ss", "-ltn")), 20)

    def stop(self):
        for name in list(APPS) + list(DBS) + ["br"]:
            self.kill_ns(name)
        for p in self.procs.values():
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        for n in reversed(self.netns):
            subprocess.run(["ip", "netns", "del", n], stderr=subprocess.DEVNULL)
        if os.environ.get("CLUSTER_KEEP"):
            print("kept", self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


# -- the load (run inside the bridge's namespace) ----------------------------
def mail_codes(maildir, address):
    out = []
    for p in sorted(Path(maildir).iterdir(), key=lambda p: p.stat().st_mtime):
        try:
            if address in " ".join(st.mail_recipients(p)):
                out.append((p, st.mail_code(p)))
        except (AssertionError, OSError, ValueError):
            pass
    return out


def login(base, maildir, lock):
    with lock:      # one login at a time: the newest code is ours
        c = st.Client(base)
        before = {p for p, _ in mail_codes(maildir, KARI)}
        c.request_code(KARI)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            new = [code for p, code in mail_codes(maildir, KARI) if p not in before]
            if new:
                r = c.post("/login/code", {"csrf": c.csrf("/login/code"), "code": new[-1]})
                assert r.status_code == 303, r.status_code
                return c
            time.sleep(0.2)
    raise RuntimeError("no login code")


def client_loop(base, cid, stop, log, acked, client, i):
    def rec(kind, ok, r=None):
        log.append((time.monotonic(), kind, ok, r.status_code if r is not None else 0))

    def req(fn, *a, **kw):
        try:
            return fn(*a, **kw)
        except Exception:
            return None

    def form(path):
        """The form page's document (None: it failed, recorded)."""
        r = req(client.get, path, xml=True)
        rec("view", r is not None and r.status_code == 200, r)
        if r is None or r.status_code != 200:
            time.sleep(0.1)
            return None
        return st.validate_xml(r)

    def write(kind, path, data):
        """POSTs until a 303, the client's retry with the same form key
        (safe by design); True once acknowledged."""
        for attempt in range(20):
            r = req(client.post, path, data)
            ok = r is not None and r.status_code == 303
            if ok and st.location_path(r).startswith("/login"):
                rec(kind + "-to-login", False, r)     # not an acknowledgement
                return False
            rec(kind, ok, r)
            if ok:
                acked[kind].append(data["formkey"] if kind != "comment" else data["body"])
                page = req(client.get, st.location_path(r))
                # The page after the 303, perhaps from the other host and node.
                rec("after303", page is not None and page.status_code == 200, page)
                return True
            time.sleep(0.2)
        return False

    while not stop.is_set():
        root = form("/companies/%s/orders/new.xml" % cid)
        if root is None:
            continue
        values = {v.get("name"): v.text for v in root.findall("form/value")}
        data = {"csrf": root.findtext("context/csrf"),
                "formkey": root.findtext("context/formkey"), "product": SIM,
                "quantity": "1", "user": root.find("members/member").get("id"),
                "step": "confirm"}
        for name in ("name", "street", "postcode", "city"):
            data[name] = values[name]
        write("order", "/companies/%s/orders/new" % cid, data)
        # A top-up of the broadband subscription: an order of its own.
        path = "/companies/%s/subscriptions/%s/topup" % (cid, TOPUP_SUBS[i % len(TOPUP_SUBS)])
        root = form(path + "?product=" + TOPUP)
        if root is not None:
            write("topup", path, {"csrf": root.findtext("context/csrf"),
                                  "formkey": root.findtext("context/formkey"),
                                  "product": TOPUP})
        # A comment on the case, its text unique: kept once.
        path = "/companies/%s/cases/%s" % (cid, CASES[i % len(CASES)])
        root = form(path + ".xml")
        if root is not None:
            write("comment", path, {"csrf": root.findtext("context/csrf"),
                                    "formkey": root.findtext("context/formkey"),
                                    "body": "cluster %s" % uuid.uuid4().hex})
        r = req(client.get, "/companies/%s/orders" % cid)
        rec("view", r is not None and r.status_code == 200, r)


def load_main(out, maildir, cid, stopfile):
    base = "http://%s:8080" % WEB
    lock = threading.Lock()
    stop = threading.Event()
    clients = [login(base, maildir, lock) for _ in range(CLIENTS)]
    logs = [[] for _ in clients]
    acked = {"order": [], "topup": [], "comment": []}
    threads = [threading.Thread(target=client_loop, args=(base, cid, stop, logs[i], acked, c, i))
               for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    Path(out + ".ready").write_text("ready")
    deadline = time.monotonic() + LIMIT
    while not os.path.exists(stopfile) and time.monotonic() < deadline:
        time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join(60)
    Path(out).write_text(json.dumps({"log": sorted(sum(logs, [])), "acked": acked}))


# -- the faults and the figures -------------------------------------------------
def window(log, t0, t1):
    fails = [e for e in log if t0 <= e[0] < t1 and not e[2]]
    total = [e for e in log if t0 <= e[0] < t1]
    span = fails[-1][0] - fails[0][0] if fails else 0.0
    back = (fails[-1][0] - t0) if fails else 0.0
    return len(fails), len(total), span, back


def main():
    if os.geteuid() != 0:
        print("cluster.py: needs root (ip netns)", file=sys.stderr)
        return 2
    c = Cluster()
    signal.signal(signal.SIGALRM, lambda *a: (_ for _ in ()).throw(
        RuntimeError("the time limit of %ds" % LIMIT)))
    signal.alarm(LIMIT + 60)
    started = time.monotonic()
    faults, bad = [], []
    try:
        c.network()
        c.database()
        c.apps()
        c.start_nginx()
        cid = c.sql("db1", "SELECT id FROM companies WHERE name = 'Bitpro Demo AS'")[0][0]
        # The cost of wsrep_sync_wait on a read, on one node.
        cost = {0: [], 1: []}
        for w in (0, 1, 0, 1, 0, 1):
            t = time.monotonic()
            c.sql("db2", "SET SESSION wsrep_sync_wait = %d; " % w +
                  "SELECT COUNT(*) FROM orders;" * 500)
            cost[w].append((time.monotonic() - t) / 500 * 1e6)
        cost = {w: min(v) for w, v in cost.items()}
        out = str(c.dir / "load.json")
        stopfile = str(c.dir / "stop")
        load = subprocess.Popen(c.inns("br", sys.executable, __file__, "--load", out,
                                       c.dir / "mail", cid, stopfile))
        c.wait("the load", lambda: os.path.exists(out + ".ready"), 90)
        ready = time.monotonic()
        time.sleep(8)

        t0 = time.monotonic()
        c.kill_ns("db1")
        time.sleep(10)
        how = c.recover_db("db1")
        faults.append(("kill -9 database node db1, back by %s" % how, t0, time.monotonic()))
        time.sleep(5)

        t0 = time.monotonic()
        c.kill_ns("app1")
        time.sleep(8)
        c.start_app("app1")
        faults.append(("kill -9 selfcare host app1, restarted", t0, time.monotonic()))
        time.sleep(5)

        t0 = time.monotonic()
        c.procs["nginx"].send_signal(signal.SIGTERM)
        c.procs["nginx"].wait(10)
        c.start_nginx()
        faults.append(("restart of nginx", t0, time.monotonic()))
        time.sleep(6)

        Path(stopfile).write_text("stop")
        load.wait(90)
        res = json.loads(Path(out).read_text())
        log, acked = res["log"], res["acked"]

        print("selfcare on Galera: 3 nodes, 2 hosts, nginx upstream, %d clients, %.0f s "
              "of load, %d requests" % (CLIENTS, time.monotonic() - ready, len(log)))
        print("  wsrep_sync_wait = 1 per read: %.0f us, without: %.0f us"
              % (cost[1], cost[0]))
        n, tot, _, _ = window(log, ready, faults[0][1])
        print("  before the faults: %d of %d requests failed" % (n, tot))
        failed = {}
        for e in log:
            if not e[2]:
                failed[(e[1], e[3])] = failed.get((e[1], e[3]), 0) + 1
        print("  failed requests by kind and status (0: no answer): %s" % (
            ", ".join("%s %s: %d" % (k, c, n) for (k, c), n in sorted(failed.items()))
            or "none"))
        if n:
            bad.append("requests failed without a fault")
        for i, (what, f0, f1) in enumerate(faults):
            end = faults[i + 1][1] if i + 1 < len(faults) else float("inf")
            n, tot, span, back = window(log, f0, end)
            print("  %s: %d of %d requests failed, over %.1f s; full service %.1f s "
                  "after the fault (%.1f s of it down)" % (what, n, tot, span, back, f1 - f0))
        # Every acknowledged write is there, once: orders and top-ups by
        # their form key, comments by their text.
        # Read with wsrep_sync_wait: a node may not have applied the last
        # writes yet (Galera applies asynchronously after certification).
        rows = c.sql("db3", "SET SESSION wsrep_sync_wait = 1; "
                     "SELECT form_key, COUNT(*) FROM orders WHERE company_id = %s "
                     "AND form_key IS NOT NULL GROUP BY form_key" % cid)
        have = {k: int(n) for k, n in rows}
        rows = c.sql("db1", "SET SESSION wsrep_sync_wait = 1; "
                     "SELECT body, COUNT(*) FROM case_comments WHERE case_id IN (%s)"
                     " AND body LIKE 'cluster %%' GROUP BY body" % ", ".join(CASES))
        have.update({k: int(n) for k, n in rows})
        for kind, keys in sorted(acked.items()):
            lost = [k for k in keys if k not in have]
            double = [k for k in keys if have.get(k, 0) > 1]
            print("  acknowledged %ss %d, lost %d, double %d" % (kind, len(keys), len(lost),
                                                               len(double)))
            for k in lost:
                print("    lost %s %s: form key row %s" % (kind, k, c.sql(
                    "db1", "SELECT result FROM form_keys WHERE form_key = '%s'" % k)))
            if lost or double or not keys:
                bad.append("lost or double %ss, or none made" % kind)
        twice = sorted(k for k, n in have.items() if n > 1)
        print("  written twice (acknowledged or not): %d" % len(twice))
        if twice:
            bad.append("writes made twice")
        # A miss while nginx restarts is the restart; anywhere else the
        # read did not see the write (wsrep_sync_wait).
        misses = [e for e in log if e[1] == "after303" and not e[2]]
        stale = [e for e in misses if not faults[-1][1] <= e[0] < faults[-1][2] + 1]
        print("  the page after a 303 failed: %d (%d outside the nginx restart)"
              % (len(misses), len(stale)))
        # Mail: each login code delivered once (the lease: one deliverer).
        codes = [code for _, code in mail_codes(c.dir / "mail", KARI)]
        twice = len(codes) - len(set(codes))
        print("  login codes mailed %d, twice %d" % (len(codes), twice))
        if twice:
            bad.append("mail delivered twice")
        # Invoice numbers: 1..n per issuer, with no gap.
        gaps = 0
        for issuer, lo, hi, cnt in c.sql("db2", "SELECT issuer_id, MIN(number), "
                                         "MAX(number), COUNT(*) FROM invoices GROUP BY "
                                         "issuer_id"):
            gaps += int(hi) - int(lo) + 1 - int(cnt)
            print("  issuer %s: invoices %s..%s, %s of them" % (issuer, lo, hi, cnt))
        if gaps:
            bad.append("invoice numbers with gaps")
        sizes = {n: c.status(n, "wsrep_cluster_size") for n in DBS}
        print("  cluster size afterwards %s" % sizes)
        if set(sizes.values()) != {"3"}:
            bad.append("the cluster is not whole again")
    except Exception as e:
        bad.append("%s: %s" % (type(e).__name__, e))
        for name in list(DBS) + list(APPS):
            p = c.dir / ("%s.log" % name)
            if p.exists():
                print("--- %s (end)\n%s" % (name, st.tail(p, 15)))
    finally:
        signal.alarm(0)
        c.stop()
    print("cluster test: %s in %.0f s" % ("FAILED: " + "; ".join(bad) if bad else "passed",
                                          time.monotonic() - started))
    print("%d passed, %d failed" % (0 if bad else 1, 1 if bad else 0))
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--load":
        load_main(*sys.argv[2:])
        sys.exit(0)
    sys.exit(main())
