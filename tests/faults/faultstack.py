"""Helpers for the fault and soak suites (tests/faults, tests/soak).

A FaultStack is tests/http/stack.py's Stack (imported, not changed) with:
  * configuration overrides (request_timeout, workers, max_requests ...);
  * nginx only by default (the fault tests are about the application);
  * mail_interval = 0: the supervisor's children are then its workers only,
    which the tests count and watch; mail for a login is delivered with
    `selfcare deliver` (the same code the mail child runs) when a test
    waits for it;
  * process helpers: the supervisor's children, their RSS, the log;
  * MariaDB stop/start on the same datadir and socket;
  * a wrk runner that parses wrk's summary;
  * a minimal FastCGI client for talking to the unix socket directly.

Only 127.0.0.1 and unix sockets are used; everything started is stopped by
pid (Stack.stop, or the caller for its own subprocesses).
"""

import contextlib
import re
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1]
sys.path.insert(0, str(SRC / "tests" / "http"))

import stack as st  # noqa: E402

KARI = "kari.nordmann@example.no"
METTE = "mette.jensen@example.dk"


def children(pid):
    """The pids of pid's children (all its threads'), from /proc."""
    out = set()
    for task in Path("/proc/%d/task" % pid).glob("*"):
        try:
            out.update(int(x) for x in (task / "children").read_text().split())
        except (OSError, ValueError):
            pass
    return out


def rss_kb(pid):
    """VmRSS of pid in KiB, or None if it is gone."""
    try:
        for line in Path("/proc/%d/status" % pid).read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def proc_state(pid):
    try:
        return Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


class FaultStack(st.Stack):
    def __init__(self, conf=None, frontends=("nginx",), workers=3, **kw):
        super().__init__(frontends=frontends, workers=workers, **kw)
        self.overrides = {"mail_interval": 0, "max_requests": 1000000}
        self.overrides.update(conf or {})

    def conf_values(self, **override):
        values = dict(self.overrides)
        values.update(override)
        return super().conf_values(**values)

    # -- mail without a mail child ------------------------------------------
    def wait_for_mail(self, address, after=(), timeout=20):
        after = set(after)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.selfcare("deliver", check=False, timeout=60)
            new = [p for p in self.mails_to(address) if p not in after]
            if new:
                return self.mails_to(address)[-1]
            time.sleep(0.2)
        raise AssertionError("no mail to %s within %ds" % (address, timeout))

    # -- processes -----------------------------------------------------------
    @property
    def supervisor(self):
        return self.procs["selfcare"].pid

    def workers_now(self):
        """The supervisor's live children (its workers: no mail child here)."""
        return {p for p in children(self.supervisor) if proc_state(p) not in (None, "Z")}

    def wait_workers(self, n=None, timeout=10, without=()):
        """Waits until the supervisor has n live workers, none of them in
        `without`; returns them (raises AssertionError after timeout)."""
        n = self.workers if n is None else n
        without = set(without)
        deadline = time.monotonic() + timeout
        while True:
            w = self.workers_now()
            if len(w) == n and not (w & without):
                return w
            if time.monotonic() > deadline:
                raise AssertionError("workers %r after %.1fs (want %d, not %r)\n%s" % (
                    sorted(w), timeout, n, sorted(without), self.log_tail()))
            time.sleep(0.02)

    def wait_replaced(self, before, timeout=5):
        """Waits until n live workers differ from `before` (one or more
        replaced); returns the new set."""
        deadline = time.monotonic() + timeout
        while True:
            w = self.workers_now()
            if len(w) == self.workers and w != set(before):
                return w
            if time.monotonic() > deadline:
                raise AssertionError("no worker replaced after %.1fs: %r\n%s" % (
                    timeout, sorted(w), self.log_tail()))
            time.sleep(0.02)

    def log_text(self):
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, n=30):
        return st.tail(self.log, n)

    def log_mark(self):
        """An offset into the log: log_since(mark) is what came after."""
        try:
            return self.log.stat().st_size
        except OSError:
            return 0

    def log_since(self, mark):
        try:
            with open(self.log, "rb") as f:
                f.seek(mark)
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    # -- MariaDB ---------------------------------------------------------------
    def mariadb_pid(self):
        return self.procs["mariadb"].pid

    def stop_mariadb(self, timeout=60):
        proc = self.procs["mariadb"]
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=timeout)
        del self.procs["mariadb"]

    def start_mariadb(self):
        """Starts mariadbd again on the same datadir and socket."""
        self._start_mariadb()
        # Keep the stop order: selfcare and the web servers before MariaDB.
        proc = self.procs.pop("mariadb")
        rest = list(self.procs.items())
        self.procs.clear()
        self.procs["mariadb"] = proc
        self.procs.update(rest)

    def mariadb_client(self):
        """An interactive `mariadb` client on the stack's database with its
        stdin held open: the caller writes SQL to .stdin and closes it."""
        return subprocess.Popen(
            self._mariadb_argv("selfcare") + ["--unbuffered"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True)


@contextlib.contextmanager
def table_locked(s, table, release_after=None):
    """LOCK TABLES table WRITE from a `mariadb` client of its own (s: any
    Stack), held until the block ends, or released by the client itself
    release_after seconds after it got the lock."""
    locker = FaultStack.mariadb_client(s)
    try:
        sql = "LOCK TABLES %s WRITE;\nSELECT 'locked';\n" % table
        if release_after is not None:
            sql += "SELECT SLEEP(%s);\nUNLOCK TABLES;\n" % release_after
        locker.stdin.write(sql.encode())
        locker.stdin.flush()
        line = locker.stdout.readline()
        assert line.strip() == b"locked", line
        yield locker
    finally:
        locker.stdin.close()          # the client leaves: the lock goes with it
        try:
            locker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            locker.kill()
            locker.wait()


# ---- wrk ---------------------------------------------------------------------

_UNIT = {"": 1, "k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9}


def run_wrk(url, duration=8, conns=4, threads=None, headers=(), script=None,
            timeout="10s", extra=(), popen=False):
    """Runs wrk; returns the parsed summary (or the Popen if popen)."""
    threads = threads or min(conns, 2)
    argv = ["wrk", "-t%d" % threads, "-c%d" % conns, "-d%ds" % duration,
            "--timeout", timeout, "--latency"]
    for h in headers:
        argv += ["-H", h]
    if script:
        argv += ["-s", str(script)]
    argv += list(extra) + [url]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    if popen:
        return p
    out, _ = p.communicate(timeout=duration + 60)
    return parse_wrk(out.decode(errors="replace"), p.returncode)


def parse_wrk(text, rc=0):
    r = {"text": text, "rc": rc, "requests": 0, "non2xx": 0, "connect": 0,
         "read": 0, "write": 0, "timeout": 0, "rps": 0.0, "seconds": 0.0}
    m = re.search(r"(\d+) requests in ([\d.]+)(m?s|m)\b", text)
    if m:
        r["requests"] = int(m.group(1))
        secs = float(m.group(2))
        r["seconds"] = secs / 1000 if m.group(3) == "ms" else secs * 60 if m.group(3) == "m" else secs
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        r["non2xx"] = int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        r["connect"], r["read"], r["write"], r["timeout"] = map(int, m.groups())
    m = re.search(r"Requests/sec:\s+([\d.]+)([kKMG]?)", text)
    if m:
        r["rps"] = float(m.group(1)) * _UNIT[m.group(2)]
    r["errors"] = r["non2xx"] + r["connect"] + r["read"] + r["write"] + r["timeout"]
    return r


# ---- FastCGI -------------------------------------------------------------------

FCGI_BEGIN_REQUEST = 1
FCGI_ABORT_REQUEST = 2
FCGI_END_REQUEST = 3
FCGI_PARAMS = 4
FCGI_STDIN = 5
FCGI_STDOUT = 6
FCGI_STDERR = 7
FCGI_RESPONDER = 1


def fcgi_record(rtype, content, req_id=1):
    assert len(content) <= 0xFFFF
    pad = (-len(content)) % 8
    return struct.pack(">BBHHBB", 1, rtype, req_id, len(content), pad, 0) + content + b"\0" * pad


def fcgi_len(n, force_long=False):
    if n < 128 and not force_long:
        return bytes([n])
    return struct.pack(">I", n | 0x80000000)


def fcgi_nv(name, value):
    name, value = name.encode(), value.encode()
    return fcgi_len(len(name)) + fcgi_len(len(value)) + name + value


def fcgi_begin(req_id=1, keep_conn=False):
    return fcgi_record(FCGI_BEGIN_REQUEST,
                       struct.pack(">HB5x", FCGI_RESPONDER, 1 if keep_conn else 0), req_id)


def fcgi_params_records(params, req_id=1):
    body = b"".join(fcgi_nv(k, v) for k, v in params.items())
    out = b""
    for i in range(0, len(body), 0xFFF8):
        out += fcgi_record(FCGI_PARAMS, body[i:i + 0xFFF8], req_id)
    return out + fcgi_record(FCGI_PARAMS, b"", req_id)


def fcgi_params(path="/login", method="GET", extra=None):
    p = {"REQUEST_METHOD": method, "REQUEST_URI": path, "DOCUMENT_URI": path.split("?")[0],
         "QUERY_STRING": path.split("?", 1)[1] if "?" in path else "",
         "SCRIPT_NAME": path.split("?")[0], "SERVER_PROTOCOL": "HTTP/1.1",
         "GATEWAY_INTERFACE": "CGI/1.1", "REMOTE_ADDR": "127.0.0.1",
         "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
         "CONTENT_LENGTH": "", "CONTENT_TYPE": ""}
    p.update(extra or {})
    return p


def fcgi_connect(path, timeout=10):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(str(path))
    return s


def fcgi_read_response(s):
    """Reads records until END_REQUEST or EOF; returns (stdout bytes, ended)."""
    buf = b""
    out = b""

    def need(n):
        nonlocal buf
        while len(buf) < n:
            chunk = s.recv(65536)
            if not chunk:
                raise EOFError
            buf += chunk

    try:
        while True:
            need(8)
            _, rtype, _, clen, pad, _ = struct.unpack(">BBHHBB", buf[:8])
            need(8 + clen + pad)
            content = buf[8:8 + clen]
            buf = buf[8 + clen + pad:]
            if rtype == FCGI_STDOUT:
                out += content
            elif rtype == FCGI_END_REQUEST:
                return out, True
    except (EOFError, ConnectionResetError, socket.timeout):
        return out, False


def fcgi_request(sock_path, path="/login", method="GET", extra=None, body=b"",
                 timeout=10):
    """One well-formed request straight to the application; returns
    (status, stdout bytes)."""
    with fcgi_connect(sock_path, timeout) as s:
        params = fcgi_params(path, method, extra)
        if body:
            params["CONTENT_LENGTH"] = str(len(body))
        msg = fcgi_begin() + fcgi_params_records(params)
        for i in range(0, len(body), 0xFFF8):
            msg += fcgi_record(FCGI_STDIN, body[i:i + 0xFFF8])
        msg += fcgi_record(FCGI_STDIN, b"")
        s.sendall(msg)
        out, _ = fcgi_read_response(s)
    m = re.match(rb"Status: (\d{3})", out)
    status = int(m.group(1)) if m else (200 if out else None)
    return status, out
