"""Crafted FastCGI records straight to the application's unix socket (the
CVE-2025-23016 pattern: PARAMS whose name/value lengths use the 4-byte form
with values near 2^31, so nameLen + valueLen + 2 overflows an int in
libfcgi's ReadParams). At most the one worker that read it may die; it is
replaced; requests through nginx keep succeeding during and after. Twenty
rounds. And the socket itself: mode 0660, group www-data, closed to others.
"""

import grp
import os
import stat
import struct
import subprocess
import threading
import time

import faultstack as fs

st = fs.st
ROUNDS = 20


def _lens(name_len, value_len):
    return struct.pack(">II", name_len | 0x80000000, value_len | 0x80000000)


# (label, PARAMS stream content after a sane first pair)
VARIANTS = [
    ("both-max", _lens(0x7FFFFFFF, 0x7FFFFFFF)),      # sum + 2 wraps to 0
    ("sum-wraps-neg", _lens(0x7FFFFFFF, 0x00000001)),  # sum + 2 negative
    ("value-max", _lens(0x00000004, 0x7FFFFFFE)),
    ("near-2^31", _lens(0x40000000, 0x3FFFFFFF)),      # 2 GiB wanted
    ("name-max", _lens(0x7FFFFFFF, 0x00000000)),
]


def crafted(i):
    label, lens = VARIANTS[i % len(VARIANTS)]
    sane = fs.fcgi_nv("REQUEST_METHOD", "GET")
    payload = sane + lens + b"A" * 60000
    msg = fs.fcgi_begin()
    for off in range(0, len(payload), 0xFFF0):
        msg += fs.fcgi_record(fs.FCGI_PARAMS, payload[off:off + 0xFFF0])
    # A second batch of bytes so an overflowing copy runs well past a small
    # buffer, then the stream ends (empty PARAMS) and the connection closes.
    msg += fs.fcgi_record(fs.FCGI_PARAMS, b"B" * 0xFFF0)
    msg += fs.fcgi_record(fs.FCGI_PARAMS, b"")
    msg += fs.fcgi_record(fs.FCGI_STDIN, b"")
    return label, msg


class Load(threading.Thread):
    def __init__(self, base, token):
        super().__init__(daemon=True)
        self.c = st.Client(base)
        self.c.cookies.set(st.SESSION_COOKIE, token)
        self.ok = 0
        self.bad = []
        self.halt = threading.Event()

    def run(self):
        deadline = time.monotonic() + 180
        paths = ["/companies", "/companies.xml"]
        i = 0
        while not self.halt.is_set() and time.monotonic() < deadline:
            p = paths[i % 2]
            i += 1
            try:
                code = self.c.get(p, timeout=30).status_code
            except Exception as e:            # noqa: BLE001 (recorded)
                code = repr(e)
            if code == 200:
                self.ok += 1
            else:
                self.bad.append((p, code))


def test_crafted_params_records(fstack, kari, nginx):
    sup = fstack.supervisor
    workers = fstack.wait_workers()
    mark = fstack.log_mark()
    load = Load(nginx, kari.token)
    load.start()
    died = 0
    outcomes = {}
    try:
        for i in range(ROUNDS):
            before = fstack.wait_workers(timeout=5)
            label, msg = crafted(i)
            s = fs.fcgi_connect(fstack.app_socket, timeout=5)
            try:
                try:
                    s.sendall(msg)
                except OSError:
                    pass                      # the worker may be gone already
                out, ended = fs.fcgi_read_response(s)
            finally:
                s.close()
            time.sleep(0.3)
            after = fstack.wait_workers(timeout=3)
            lost = before - after
            assert len(lost) <= 1, "round %d (%s): workers %r → %r" % (
                i, label, before, after)
            died += len(lost)
            key = (label, "died" if lost else ("answered" if out else "closed"))
            outcomes[key] = outcomes.get(key, 0) + 1
            assert fs.proc_state(sup) not in (None, "Z"), "the supervisor is gone"
        time.sleep(1.0)
    finally:
        load.halt.set()
        load.join(timeout=60)
    print("\ncrafted records: %d rounds, %d workers died; outcomes %r" % (
        ROUNDS, died, sorted(outcomes.items())))
    print("load through nginx meanwhile: %d ok, %d failed %r" % (
        load.ok, len(load.bad), load.bad[:5]))
    assert load.ok > 50
    assert not load.bad, load.bad[:10]
    log = fstack.log_since(mark)
    assert log.count("died from signal") <= ROUNDS
    assert fstack.supervisor == sup
    # Afterwards: full set of workers, every request succeeds.
    fstack.wait_workers(timeout=5)
    for _ in range(30):
        assert kari.get("/companies").status_code == 200
    if died == 0:
        assert fstack.workers_now() == workers


def test_socket_permissions(fstack):
    sock = str(fstack.app_socket)
    stt = os.stat(sock)
    assert stat.S_ISSOCK(stt.st_mode)
    assert stat.S_IMODE(stt.st_mode) == 0o660, oct(stt.st_mode)
    assert grp.getgrgid(stt.st_gid).gr_name == "www-data"
    probe = ("import socket,sys\ns=socket.socket(socket.AF_UNIX)\n"
             "try:\n s.connect(sys.argv[1])\nexcept PermissionError:\n sys.exit(13)\n"
             "except OSError as e:\n print(e); sys.exit(2)\n")

    def try_as(*who):
        r = subprocess.run(["setpriv"] + list(who) + ["/usr/bin/python3", "-c", probe, sock],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        return r.returncode, r.stdout.decode(errors="replace")

    # The path is reachable to everyone (the directories are searchable):
    # only the socket's own mode keeps `nobody` out.
    rc, out = try_as("--reuid=nobody", "--regid=nogroup", "--clear-groups")
    assert rc == 13, "nobody: rc %d %s" % (rc, out)
    rc, out = try_as("--reuid=www-data", "--regid=www-data", "--init-groups")
    assert rc == 0, "www-data: rc %d %s" % (rc, out)
