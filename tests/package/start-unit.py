#!/usr/bin/python3
"""Start an installed socket-activated service inside a chroot the way
systemd would, for a root that has no systemd as PID 1: the .socket unit's
listening socket (ListenStream, SocketUser, SocketGroup, SocketMode,
DirectoryMode, Backlog) is made and handed to the service as fd 0
(StandardInput=socket), the service runs as its User= and Group= with its
UMask= and systemd's plain environment, ExecStartPre= first, then
ExecStart=, stdout and stderr to LOG.

    start-unit.py ROOT SERVICE LOG      e.g. /tmp/r selfcare.service /tmp/r.log

Prints the pid of the service's main process (it keeps running) and exits 0,
or exits 1 when ExecStartPre= failed. Only the settings these units use are
understood; anything else in [Service] that would change how the process
starts is refused, so the emulation cannot silently drift from the unit.
"""

import os
import shlex
import socket
import sys

UNIT_DIRS = ("etc/systemd/system", "lib/systemd/system", "usr/lib/systemd/system")
# [Service] settings that would change how the process starts and are not
# done here (the sandboxing ones, Protect*, Restrict*, ..., have no meaning in
# a chroot; User, Group, UMask, LogsDirectory, ExecStartPre, ExecStart and
# StandardInput=socket are done).
STARTING = {"Environment", "EnvironmentFile", "WorkingDirectory", "RootDirectory",
            "SupplementaryGroups", "DynamicUser", "PAMName", "ExecStartPost",
            "RuntimeDirectory", "StateDirectory", "CacheDirectory", "Sockets"}


def read_unit(root, name):
    for d in UNIT_DIRS:
        path = os.path.join(root, d, name)
        if os.path.exists(path):
            break
    else:
        sys.exit("start-unit: %s not found under %s" % (name, root))
    sections, cur = {}, None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("["):
                cur = sections.setdefault(line.strip("[]"), {})
                continue
            k, _, v = line.partition("=")
            cur.setdefault(k.strip(), []).append(v.strip())
    return sections


def ids(root, user, group):
    def look(fname, name):
        with open(os.path.join(root, "etc", fname)) as f:
            for line in f:
                p = line.split(":")
                if p[0] == name:
                    return int(p[2])
        sys.exit("start-unit: no %s %s in the root" % (fname, name))
    return look("passwd", user), look("group", group)


def command(line):
    # systemd's prefixes (-, @, +, !) are not used by these units.
    if line[:1] in "-@+!:":
        sys.exit("start-unit: command prefix %r not supported" % line[0])
    return shlex.split(line.replace("%%", "%"))


def main():
    root, name, log = sys.argv[1:4]
    svc = read_unit(root, name)["Service"]
    sock_unit = read_unit(root, name.rsplit(".", 1)[0] + ".socket")["Socket"]
    odd = STARTING & set(svc)
    if odd:
        sys.exit("start-unit: %s sets %s, which this emulation does not do" % (name, sorted(odd)))
    if svc.get("StandardInput") != ["socket"]:
        sys.exit("start-unit: %s is not StandardInput=socket" % name)

    uid, gid = ids(root, svc["User"][-1], svc.get("Group", svc["User"])[-1])
    suid, sgid = ids(root, sock_unit.get("SocketUser", ["root"])[-1],
                     sock_unit.get("SocketGroup", ["root"])[-1])
    path = os.path.join(root, sock_unit["ListenStream"][-1].lstrip("/"))
    os.makedirs(os.path.dirname(path), mode=int(sock_unit.get("DirectoryMode", ["0755"])[-1], 8),
                exist_ok=True)
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    os.chown(path, suid, sgid)
    os.chmod(path, int(sock_unit.get("SocketMode", ["0666"])[-1], 8))
    s.listen(int(sock_unit.get("Backlog", ["128"])[-1]))

    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
           "LANG": "C.UTF-8", "USER": svc["User"][-1], "LOGNAME": svc["User"][-1],
           "HOME": "/nonexistent", "SHELL": "/usr/sbin/nologin"}
    umask = int(svc.get("UMask", ["0022"])[-1], 8)
    for d in svc.get("LogsDirectory", []):
        logs = os.path.join(root, "var/log", d)
        os.makedirs(logs, exist_ok=True)
        os.chown(logs, uid, gid)
        os.chmod(logs, int(svc.get("LogsDirectoryMode", ["0755"])[-1], 8))

    def become():
        os.chroot(root)
        os.chdir("/")
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
        os.umask(umask)
        os.dup2(out, 1)
        os.dup2(out, 2)

    for pre in svc.get("ExecStartPre", []):
        pid = os.fork()
        if pid == 0:
            nul = os.open("/dev/null", os.O_RDONLY)
            os.dup2(nul, 0)
            become()
            argv = command(pre)
            os.execve(argv[0], argv, env)
        _, status = os.waitpid(pid, 0)
        if status != 0:
            print("start-unit: ExecStartPre=%s failed (%d)" % (pre, status), file=sys.stderr)
            sys.exit(1)

    pid = os.fork()
    if pid == 0:
        os.setsid()
        os.dup2(s.fileno(), 0)
        become()
        argv = command(svc["ExecStart"][-1])
        os.execve(argv[0], argv, env)
    print(pid)


if __name__ == "__main__":
    main()
