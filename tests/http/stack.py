#!/usr/bin/python3
"""A private selfcare stack for the HTTP tests and the demo.

Starts, in one directory of its own, everything a person's request goes
through: a private MariaDB (its own datadir and socket, no TCP), `selfcare
serve` on a unix socket, nginx and Apache in front of it on 127.0.0.1, and a
sendmail stand-in that drops the mail into a directory. Nothing listens on
anything but 127.0.0.1 and the temporary directory's sockets; `stop()` ends
every process it started (by pid) and removes the temporary directory.

Used three ways:
  * by tests/http/conftest.py (a session fixture), with the helpers at the
    bottom: Client/login, mail and code reading, XSD and HTML checks;
  * by hand:  /usr/bin/python3 tests/http/stack.py run   (until Ctrl-C);
  * by conf/demo/run-demo.sh:  stack.py demo-start|demo-stop --dir DIR
    (a persistent directory, processes left running in the background).

Only the standard library is needed to start a stack; the helpers import
requests and lxml (Debian's python3-requests, python3-lxml) when used.

Environment: SELFCARE_BIN (the binary), else SELFCARE_BUILD/selfcare, else
the repository's ./selfcare (an in-tree build). SELFCARE_TEST_LOG: copy the
selfcare log there when the stack stops (CI greps it for sanitizer reports).
SELFCARE_KEEP=1 keeps the temporary directory for a post-mortem.
"""

import argparse
import atexit
import email
import email.policy
import email.utils
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

try:                    # the helpers need it, a stack alone does not
    import requests
except ImportError:
    requests = None

SRC = Path(__file__).resolve().parents[2]
APACHE_MODULES = Path("/usr/lib/apache2/modules")
SESSION_COOKIE = "sc"           # cookie_secure = no → "sc", not "__Host-sc"
CSRF_COOKIE = "scf"             # a visitor's CSRF cookie before a session
DEVICE_COOKIE = "scd"           # a browser that has logged in as an address
CODE_RE = re.compile(rb"\b\d{8}\b")
WEB_USER = "www-data"


class StackError(RuntimeError):
    pass


def default_binary():
    if os.environ.get("SELFCARE_BIN"):
        return Path(os.environ["SELFCARE_BIN"]).resolve()
    build = Path(os.environ.get("SELFCARE_BUILD", SRC))
    return (build / "selfcare").resolve()


def free_port():
    """A TCP port on 127.0.0.1 that nobody uses right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def unix_open(path):
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(0.5)
            s.connect(str(path))
            return True
    except OSError:
        return False


def tail(path, lines=40):
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return "(no %s)" % path
    return "\n".join(text.splitlines()[-lines:])


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def is_root():
    return os.geteuid() == 0


def shipped_ops_block(name):
    """The status and ping part of conf/NAME, between its markers: the
    tests' web servers restrict those pages exactly as the shipped files."""
    text = (SRC / "conf" / name).read_text()
    return text.split("# -- status and ping (begin)")[1].split(
        "# -- status and ping (end)")[0].split("\n", 1)[1]


class Stack:
    """One private selfcare installation.

    workdir None: a fresh temporary directory, removed by stop().
    workdir given (the demo): kept, and reused by the next start().
    """

    def __init__(self, workdir=None, frontends=("nginx", "apache"),
                 binary=None, workers=3, ports=None, detach=False,
                 fd0=False, demo_data="always"):
        self.binary = Path(binary).resolve() if binary else default_binary()
        self.persistent = workdir is not None
        self.dir = Path(workdir).resolve() if workdir else None
        self.frontends = tuple(frontends)
        self.workers = workers
        self.ports = dict(ports or {})
        self.detach = detach            # demo: leave processes running
        self.fd0 = fd0                  # also a supervisor on an inherited fd 0
        self.procs = {}                 # name → Popen (or pid when detached)
        self.urls = {}                  # front end → base URL
        self.started = False
        self.mariadb_args = ()          # extra mariadbd options (the bench)
        # "always": load the demo data at every start (a test's fresh
        # database); "if-empty": only into a database without companies
        # (a restarted demo keeps what its users changed).
        self.demo_data = demo_data
        self.demo_loaded = False
        self.conf_extra = {}            # more keys of selfcare.conf (the demo's)

    # -- paths ---------------------------------------------------------
    @property
    def db_dir(self):
        return self.dir / "db"

    @property
    def db_socket(self):
        return self.dir / "mysql.sock"

    @property
    def mail_dir(self):
        return self.dir / "mail"

    @property
    def sms_dir(self):
        """Where conf/demo/sms-to-dir, the SMS gateway, writes each SMS."""
        return self.dir / "sms"

    @property
    def sso_users(self):
        """The web servers' password file of /sso (tests/http/test_employee.py)."""
        return self.dir / "sso.htpasswd"

    @property
    def conf(self):
        return self.dir / "selfcare.conf"

    @property
    def app_socket(self):
        return self.dir / "run" / "selfcare.sock"

    @property
    def log(self):
        return self.dir / "log" / "selfcare.log"

    @property
    def slowlog(self):
        return self.dir / "log" / "slow.log"

    @property
    def base_url(self):
        """The URL in selfcare.conf's base_url: the first front end's.

        Only this origin passes the Origin check, so tests send it as the
        Origin of a same-site POST whichever front end they go through."""
        return self.urls[self.frontends[0]]

    # -- start/stop ----------------------------------------------------
    def start(self):
        if not self.binary.exists():
            raise StackError("no selfcare binary at %s (build it, or set "
                             "SELFCARE_BIN / SELFCARE_BUILD)" % self.binary)
        if " " in str(SRC):
            # sendmail and other config values are split on spaces
            raise StackError("the source path must not contain spaces: %s" % SRC)
        if self.dir is None:
            self.dir = Path(tempfile.mkdtemp(prefix="selfcare-http-"))
        self.dir.mkdir(parents=True, exist_ok=True)
        # The web servers' workers run as www-data: they need to pass
        # through this directory to reach the socket in run/.
        os.chmod(self.dir, 0o711)
        for sub in ("log", "run", "mail", "nginx", "apache"):
            (self.dir / sub).mkdir(exist_ok=True)
        os.chmod(self.dir / "run", 0o755)
        atexit.register(self.stop)
        self.started = True
        try:
            for fe in self.frontends + (("fd0",) if self.fd0 else ()):
                self.ports.setdefault(fe, free_port())
                self.urls[fe] = "http://127.0.0.1:%d" % self.ports[fe]
            self._copy_static()
            self._start_mariadb()
            self._setup_database()
            self._write_conf()
            self.selfcare("migrate")
            if self.demo_data == "always" or self._no_companies():
                self.selfcare("demo-data")
                self.demo_loaded = True
            self._start_selfcare()
            if not self.sso_users.exists():
                self.sso_users.write_text("")
                os.chmod(self.sso_users, 0o644)
            if "nginx" in self.frontends or self.fd0:
                self._start_nginx()
            if "apache" in self.frontends:
                self._start_apache()
            for fe in self.urls:
                self._wait_frontend(fe)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        """Stops what this object started, newest first; idempotent."""
        if not self.started:
            return
        self.started = False
        for name in reversed(list(self.procs)):
            self._stop_proc(name, self.procs.pop(name))
        copy = os.environ.get("SELFCARE_TEST_LOG")
        if copy and self.dir and self.log.exists():
            try:
                with open(copy, "ab") as out:
                    out.write(self.log.read_bytes())
            except OSError as e:
                print("stack: cannot copy the log to %s: %s" % (copy, e),
                      file=sys.stderr)
        if not self.persistent and self.dir and self.dir.exists():
            if os.environ.get("SELFCARE_KEEP"):
                print("stack: kept %s" % self.dir, file=sys.stderr)
            else:
                shutil.rmtree(self.dir, ignore_errors=True)

    # Graceful signal per program, then SIGKILL to the process group that
    # Popen(start_new_session=True) made for it (its own children only).
    STOP_SIGNAL = {"mariadb": signal.SIGTERM, "selfcare": signal.SIGTERM,
                   "fd0": signal.SIGTERM, "nginx": signal.SIGQUIT,
                   "apache": signal.SIGTERM}

    def _stop_proc(self, name, proc, timeout=20):
        pid = proc if isinstance(proc, int) else proc.pid
        try:
            os.kill(pid, self.STOP_SIGNAL.get(name, signal.SIGTERM))
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if isinstance(proc, int):
                if not pid_alive(pid):
                    break
            elif proc.poll() is not None:
                break
            time.sleep(0.05)
        else:
            print("stack: %s (pid %d) did not stop, killing it" % (name, pid),
                  file=sys.stderr)
        # Leftovers of the group (a worker whose supervisor died, say).
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if not isinstance(proc, int):
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass

    def _spawn(self, name, argv, logname, env=None):
        logf = open(self.dir / "log" / logname, "ab")
        try:
            proc = subprocess.Popen(
                [str(a) for a in argv], stdin=subprocess.DEVNULL, stdout=logf,
                stderr=subprocess.STDOUT, start_new_session=True,
                env=env, cwd=self.dir)
        finally:
            logf.close()
        self.procs[name] = proc
        (self.dir / "run" / (name + ".pid")).write_text("%d\n" % proc.pid)
        return proc

    def _wait(self, what, pred, proc=None, logfile=None, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pred():
                return
            if proc is not None and proc.poll() is not None:
                raise StackError("%s exited with %s:\n%s" % (
                    what, proc.returncode, tail(logfile) if logfile else ""))
            time.sleep(0.1)
        raise StackError("%s not ready after %ds:\n%s" % (
            what, timeout, tail(logfile) if logfile else ""))

    # -- MariaDB -------------------------------------------------------
    def _start_mariadb(self):
        user = "root" if is_root() else os.environ.get("USER", "nobody")
        if not (self.db_dir / "mysql").is_dir():
            shutil.rmtree(self.db_dir, ignore_errors=True)
            r = subprocess.run(
                ["mariadb-install-db", "--no-defaults", "--datadir=%s" % self.db_dir,
                 "--user=%s" % user, "--auth-root-authentication-method=socket",
                 "--skip-test-db"],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if r.returncode != 0:
                raise StackError("mariadb-install-db failed:\n%s" %
                                 r.stdout.decode(errors="replace")[-3000:])
        # Small and fast: a test database, not a production one.
        proc = self._spawn("mariadb", [
            "mariadbd", "--no-defaults", "--datadir=%s" % self.db_dir,
            "--socket=%s" % self.db_socket, "--skip-networking",
            "--user=%s" % user, "--pid-file=%s" % (self.dir / "run" / "mariadbd.pid"),
            "--log-error=%s" % (self.dir / "log" / "mariadb.err"),
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
            "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=16M",
            "--innodb-flush-log-at-trx-commit=2", "--skip-log-bin",
            "--max-connections=200"] + list(self.mariadb_args), "mariadb.out")
        self._wait("mariadbd", lambda: self._sql_ok(), proc,
                   self.dir / "log" / "mariadb.err", timeout=60)

    def _no_companies(self):
        return self.sql("SELECT COUNT(*) FROM companies")[0][0] == "0"

    def _sql_ok(self):
        r = subprocess.run(self._mariadb_argv(None) + ["-e", "SELECT 1"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return r.returncode == 0

    def _mariadb_argv(self, db="selfcare"):
        argv = ["mariadb", "--no-defaults", "--socket=%s" % self.db_socket,
                "-u", "root", "--batch", "--skip-column-names",
                "--default-character-set=utf8mb4"]
        return argv + ([db] if db else [])

    def sql(self, query, db="selfcare"):
        """Runs SQL as the database's root; returns the rows as tuples of str."""
        r = subprocess.run(self._mariadb_argv(db), input=query.encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            raise StackError("SQL failed: %s\n%s" % (query, r.stderr.decode()))
        out = r.stdout.decode()
        return [tuple(line.split("\t")) for line in out.splitlines()]

    def _setup_database(self):
        pwfile = self.dir / "db-password"
        if pwfile.exists():
            password = pwfile.read_text().strip()
        else:
            password = secrets.token_hex(16)
            pwfile.write_text(password + "\n")
            os.chmod(pwfile, 0o600)
        self.db_password = password
        # Idempotent, so a demo restart reuses the same database.
        self.sql("CREATE DATABASE IF NOT EXISTS selfcare "
                 "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n"
                 "CREATE USER IF NOT EXISTS 'selfcare'@'localhost';\n"
                 "ALTER USER 'selfcare'@'localhost' IDENTIFIED BY '%s';\n"
                 "GRANT ALL ON selfcare.* TO 'selfcare'@'localhost';\n" % password,
                 db=None)

    # -- selfcare ------------------------------------------------------
    def conf_values(self, **override):
        keyfile = self.dir / "secret.key"
        if not keyfile.exists():
            r = subprocess.run([str(self.binary), "genkey"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
            key = r.stdout.decode().strip()
            if r.returncode != 0 or not re.fullmatch(r"[0-9a-f]{64}", key):
                raise StackError("selfcare genkey failed (rc %d): %r %s" % (
                    r.returncode, key, r.stderr.decode(errors="replace")))
            keyfile.write_text(key + "\n")
            os.chmod(keyfile, 0o600)
        values = {
            "listen": self.app_socket,
            "listen_mode": "0660",
            # Apache and nginx workers run as www-data and reach the socket
            # through its group, as in production.
            "listen_group": WEB_USER if is_root() else "",
            "workers": self.workers,
            "request_timeout": 30,
            "db_socket": self.db_socket,
            "db_name": "selfcare",
            "db_user": "selfcare",
            "db_password": self.db_password,
            "xsl_dir": SRC / "xsl",
            "schema_dir": SRC / "schema",
            "secret_key_file": keyfile,
            "sendmail": "%s %s" % (SRC / "conf" / "demo" / "sendmail-to-dir",
                                   self.mail_dir),
            "mail_from": "selfcare@localhost",
            "mail_interval": 1,
            # Webhooks to the tests' receivers on the loopback, retried soon.
            "webhook_allow": "127.0.0.1, ::1",
            "webhook_retry": 1,
            "webhook_tries": 3,
            "webhook_timeout": 3,
            # Employees: SMS as files; the address of single sign-on in a
            # variable only the web servers' /sso location sets.
            "sms_command": "%s %s" % (SRC / "conf" / "demo" / "sms-to-dir", self.sms_dir),
            "sso_variable": "SSO_USER",
            "base_url": self.base_url,
            "cookie_secure": "no",
            "default_lang": "nb",
            "log_file": "",     # stderr → log/selfcare.log, with sanitizer reports
            # The operator's pages, for this host only (tests/http/test_ops.py);
            # the web servers restrict them as conf/nginx and conf/apache do.
            "status_path": "/status",
            "ping_path": "/ping",
            "status_allow": "127.0.0.1, ::1",
            "slowlog": self.slowlog,
            "request_slowlog_timeout": "1s",
            # New subscriptions' eSIM codes (tests/http/test_wizard.py).
            "esim_smdp_address": "smdp.test.invalid",
        }
        values.update(self.conf_extra)
        values.update(override)
        return values

    def _write_conf(self):
        def text(values):
            return "# written by tests/http/stack.py\n" + "".join(
                "%s = %s\n" % (k, v) for k, v in values.items())
        self.conf.write_text(text(self.conf_values()))
        os.chmod(self.conf, 0o600)
        if self.fd0:
            # A second supervisor on the same database: its mail child would
            # race the first one's, so it has none.
            (self.dir / "fd0.conf").write_text(text(self.conf_values(
                listen=self.dir / "run" / "unused.sock", mail_interval=0)))

    def env(self):
        """The environment of every selfcare process: ours (ASAN_OPTIONS
        and the like pass through), without a config path that would win."""
        env = dict(os.environ)
        env.pop("SELFCARE_CONF", None)
        return env

    def selfcare(self, *args, check=True, timeout=120):
        """Runs a selfcare subcommand with the stack's config."""
        r = subprocess.run([str(self.binary), "-c", str(self.conf)] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=self.env(), timeout=timeout)
        if check and r.returncode != 0:
            raise StackError("selfcare %s failed (rc %d):\n%s" % (
                " ".join(args), r.returncode, r.stdout.decode(errors="replace")))
        return r

    def _start_selfcare(self):
        if self.app_socket.exists():
            self.app_socket.unlink()
        proc = self._spawn("selfcare", [self.binary, "-c", self.conf, "serve"],
                           "selfcare.log", env=self.env())
        self._wait("selfcare serve", lambda: unix_open(self.app_socket), proc,
                   self.log)
        if self.fd0:
            self._start_inherited()

    def _start_inherited(self):
        """A second supervisor that inherits its listening socket as fd 0,
        started the way the README shows for spawn-fcgi (-n: spawn-fcgi
        makes the socket and execs selfcare in its place); systemd's
        StandardInput=socket hands over the socket the same way."""
        sock = self.dir / "run" / "fd0.sock"
        if sock.exists():
            sock.unlink()
        argv = ["spawn-fcgi", "-n", "-s", sock, "-M", "0660"]
        if is_root():
            argv += ["-G", WEB_USER]
        argv += ["--", self.binary, "-c", self.dir / "fd0.conf", "serve"]
        self._spawn("fd0", argv, "selfcare.log", env=self.env())
        # The socket accepts at once (the kernel queues), so readiness is
        # an answer through nginx: see _wait_frontend.

    # -- static files --------------------------------------------------
    def _copy_static(self):
        # A copy the www-data workers can read whatever the checkout's
        # permissions (a clone under /root is not world-readable).
        dst = self.dir / "static"
        shutil.rmtree(dst, ignore_errors=True)
        src = getattr(self, "static_src", SRC / "xsl" / "static")
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            dst.mkdir()
        for root, dirs, files in os.walk(dst):
            os.chmod(root, 0o755)
            for f in files:
                os.chmod(os.path.join(root, f), 0o644)

    # -- nginx ---------------------------------------------------------
    def _nginx_server(self, port, sock):
        return """
    server {
        listen 127.0.0.1:%(port)d;
        server_name 127.0.0.1;
        # Above the application's 64 KiB, so its own 413 page is what the
        # tests see (conf/nginx/selfcare.conf refuses at 64k already).
        client_max_body_size 5m;

        location /static/ {
            alias %(static)s/;
            expires 30d;
            add_header X-Content-Type-Options nosniff always;
        }

        location / {
            include /etc/nginx/fastcgi_params;
            fastcgi_param HTTP_PROXY "";
            fastcgi_pass unix:%(sock)s;
            fastcgi_keep_conn off;
            fastcgi_connect_timeout 5s;
            fastcgi_send_timeout 35s;
            fastcgi_read_timeout 35s;
        }

%(sso)s
%(ops)s
    }
""" % {"port": port, "static": self.dir / "static", "sock": sock,
       "ops": self.nginx_ops(sock), "sso": self.nginx_sso(sock)}

    def nginx_sso(self, sock):
        """The /sso location (tests/sso replaces it with OpenID Connect)."""
        return """
        # Single sign-on: the web server authenticates (here HTTP Basic
        # against sso.htpasswd, in production auth_request) and only this
        # location sets the variable selfcare trusts.
        location = /sso {
            auth_basic "selfcare";
            auth_basic_user_file %(sso_users)s;
            include /etc/nginx/fastcgi_params;
            fastcgi_param HTTP_PROXY "";
            fastcgi_param SSO_USER $remote_user;
            fastcgi_pass unix:%(sock)s;
            fastcgi_keep_conn off;
        }
""" % {"sock": sock, "sso_users": self.sso_users}

    @staticmethod
    def nginx_ops(sock):
        """conf/nginx/selfcare.conf's status and ping locations, for this socket."""
        return (shipped_ops_block("nginx/selfcare.conf")
                .replace("unix:/run/selfcare/selfcare.sock", "unix:%s" % sock)
                .replace("include fastcgi_params;",
                         "include /etc/nginx/fastcgi_params;"))

    def _start_nginx(self):
        d = self.dir / "nginx"
        servers = ""
        if "nginx" in self.frontends:
            servers += self._nginx_server(self.ports["nginx"], self.app_socket)
        if self.fd0:
            servers += self._nginx_server(self.ports["fd0"],
                                          self.dir / "run" / "fd0.sock")
        conf = """# written by tests/http/stack.py
%(user)s
worker_processes 1;
daemon off;
master_process on;
pid %(d)s/nginx.pid;
error_log %(d)s/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log %(d)s/access.log;
    client_body_temp_path %(d)s/client_body;
    fastcgi_temp_path %(d)s/fastcgi;
    proxy_temp_path %(d)s/proxy;
    uwsgi_temp_path %(d)s/uwsgi;
    scgi_temp_path %(d)s/scgi;
    server_tokens off;
%(servers)s}
""" % {"d": d, "servers": servers,
       "user": ("user %s %s;" % (WEB_USER, WEB_USER)) if is_root() else ""}
        (d / "nginx.conf").write_text(conf)
        proc = self._spawn("nginx", ["nginx", "-p", d, "-e", d / "error.log",
                                     "-c", d / "nginx.conf"], "nginx.out")
        for fe in ("nginx", "fd0"):
            if fe in self.ports and (fe != "nginx" or "nginx" in self.frontends):
                self._wait("nginx", lambda p=self.ports[fe]: port_open(p), proc,
                           d / "error.log")

    # -- Apache --------------------------------------------------------
    APACHE_MODULE_LIST = ("mpm_event", "authz_core", "authz_host", "mime",
                          "alias", "dir", "headers", "proxy", "proxy_fcgi",
                          "auth_basic", "authn_core", "authn_file", "authz_user")

    def _start_apache(self):
        d = self.dir / "apache"
        (d / "htdocs").mkdir(exist_ok=True)
        modules = "".join("LoadModule %s_module %s/mod_%s.so\n" % (m, APACHE_MODULES, m)
                          for m in self.APACHE_MODULE_LIST)
        conf = """# written by tests/http/stack.py
ServerRoot %(d)s
%(modules)s
ServerName 127.0.0.1
Listen 127.0.0.1:%(port)d
PidFile %(d)s/apache.pid
DefaultRuntimeDir %(d)s
Mutex file:%(d)s default
ErrorLog %(d)s/error.log
LogLevel warn
LogFormat "%%h %%t \\"%%r\\" %%>s %%b %%D" short
CustomLog %(d)s/access.log short
%(user)s
TypesConfig /etc/mime.types
ServerTokens Prod
Timeout 40
StartServers 1
ServerLimit 2
ThreadsPerChild 16
MaxRequestWorkers 32
# Above the application's 64 KiB, so its own 413 page is what the tests
# see (conf/apache/selfcare.conf refuses at 64 KiB already).
LimitRequestBody 5242880

DocumentRoot %(d)s/htdocs
<Directory />
    Options None
    AllowOverride None
    Require all denied
</Directory>

Alias "/static/" "%(static)s/"
<Directory "%(static)s">
    Require all granted
    Header set Cache-Control "public, max-age=2592000"
    Header set X-Content-Type-Options "nosniff"
</Directory>

ProxyPass "/static/" "!"
ProxyPass "/" "unix:%(sock)s|fcgi://localhost/" enablereuse=off timeout=35
ProxyFCGIBackendType GENERIC
RequestHeader unset Proxy early
<Location "/api/">
    CGIPassAuth On
</Location>
%(ops)s
%(sso)s""" % {"d": d, "modules": modules, "port": self.ports["apache"],
       "static": self.dir / "static", "sock": self.app_socket,
       "sso": self.apache_sso(),
       "ops": shipped_ops_block("apache/selfcare.conf"),
       "user": ("User %s\nGroup %s" % (WEB_USER, WEB_USER)) if is_root() else ""}
        (d / "apache.conf").write_text(conf)
        # Debian's apache2 wants its envvars only for /etc/apache2's config;
        # ours names every path itself.
        env = {"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
               "LANG": "C"}
        proc = self._spawn("apache", ["apache2", "-f", d / "apache.conf",
                                      "-DFOREGROUND"], "apache.out", env=env)
        self._wait("apache2", lambda: port_open(self.ports["apache"]), proc,
                   d / "error.log")

    def apache_sso(self):
        """The /sso location (tests/sso replaces it with OpenID Connect)."""
        return """
# Single sign-on (see the nginx server above): only /sso sets SSO_USER.
<Location "/sso">
    AuthType Basic
    AuthName "selfcare"
    AuthBasicProvider file
    AuthUserFile %s
    Require valid-user
    ProxyFCGISetEnvIf "true" SSO_USER "%%{REMOTE_USER}"
</Location>
""" % self.sso_users

    def _wait_frontend(self, fe):
        """Until the front end answers a page from a worker (not a 502)."""
        import urllib.error
        import urllib.request

        def ok():
            try:
                urllib.request.urlopen(self.urls[fe] + "/login", timeout=5)
                return True
            except urllib.error.HTTPError as e:
                return e.code not in (502, 503, 504)
            except OSError:
                return False
        self._wait("%s → selfcare" % fe, ok,
                   self.procs.get("fd0" if fe == "fd0" else "selfcare"),
                   self.log, timeout=30)

    # -- mail ----------------------------------------------------------
    def mail_files(self):
        """Delivered messages, oldest first (names start with epoch ns)."""
        files = [p for p in self.mail_dir.glob("*.eml")]
        return sorted(files, key=lambda p: (int(p.name.split("-")[0]), p.name))

    def mails_to(self, address):
        """Messages to address, oldest first."""
        cache = self.__dict__.setdefault("_recipients", {})
        out = []
        for p in self.mail_files():
            if p not in cache:          # a delivered file never changes
                cache[p] = mail_recipients(p)
            if address.lower() in cache[p]:
                out.append(p)
        return out

    def newest_mail(self, address):
        mails = self.mails_to(address)
        return mails[-1] if mails else None

    def newest_code(self, address):
        """The login code in the newest message to address."""
        mail = self.newest_mail(address)
        assert mail is not None, "no mail to %s" % address
        return mail_code(mail)

    def outbox_pending(self, address):
        return int(self.sql("SELECT COUNT(*) FROM mail_outbox WHERE recipient = '%s' "
                            "AND sent_at IS NULL" % address.replace("'", "''"))[0][0])

    def wait_for_mail(self, address, after=(), timeout=20):
        """The newest message to address not in `after` (a set of paths),
        once the mail child (mail_interval = 1) has delivered everything
        queued for it: an earlier test's mail still on its way must not
        pass for the one just asked for."""
        after = set(after)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            new = [p for p in self.mails_to(address) if p not in after]
            if new and self.outbox_pending(address) == 0:
                return self.mails_to(address)[-1]
            time.sleep(0.1)
        raise AssertionError("no mail to %s within %ds (outbox: %s)" % (
            address, timeout, self.sql(
                "SELECT id, recipient, attempts, sent_at, last_error FROM mail_outbox "
                "ORDER BY id DESC LIMIT 5")))

    def wait_for_code(self, address, after=(), timeout=20):
        return mail_code(self.wait_for_mail(address, after, timeout))

    # -- logging in ----------------------------------------------------
    def login(self, base, address, lang=None):
        """A Client logged in as `address` through the front end at base."""
        c = Client(base)
        if lang:
            c.cookies.set("lang", lang)
        before = set(self.mails_to(address))
        c.request_code(address)
        code = self.wait_for_code(address, before)
        r = c.post("/login/code", {"csrf": c.csrf("/login/code"), "code": code})
        if r.status_code != 303 or location_path(r) != "/companies":
            raise AssertionError("login as %s failed: %d %s\n%s" % (
                address, r.status_code, r.headers.get("Location"), r.text[:2000]))
        c.user = address
        return c

    # -- the back office ------------------------------------------------
    def staff_second_step(self, base, address):
        """A Client of the back office past the mailed code of the staff
        member at address: (client, the second step's page document)."""
        c = Client(base)
        before = set(self.mails_to(address))
        r = c.post("/admin/login", {"csrf": c.page("/admin/login").findtext("context/csrf"),
                                    "email": address})
        assert r.status_code == 303, (r.status_code, r.text[:500])
        code = self.wait_for_code(address, before)
        r = c.post("/admin/login/code", {"csrf": c.page("/admin/login/code").findtext(
            "context/csrf"), "code": code})
        assert r.status_code == 303 and location_path(r) == "/admin/login/second", (
            r.status_code, r.text[:500])
        return c, c.page("/admin/login/second")

    def staff_login(self, base, address, secret=None):
        """A Client logged in to the back office as the staff member at
        address: the mailed code, then the second factor. Without secret
        the member enrols (the secret is read from the enrolment page);
        returns (client, secret, recovery codes or [])."""
        c, page = self.staff_second_step(base, address)
        if secret is None:
            secret = page.findtext("login/enroll/secret")
            assert secret, "no enrolment for %s" % address
        r = c.post("/admin/login/second", {"csrf": page.findtext("context/csrf"),
                                           "code": totp(secret, step_offset=0)})
        recovery = []
        if r.status_code == 200:
            recovery = [x.replace(" ", "") for x in re.findall(
                r"<code>(\d{5} \d{5})</code>", r.text)]
        else:
            assert r.status_code == 303 and location_path(r) == "/admin", (
                r.status_code, r.text[:500])
        c.user = address
        return c, secret, recovery

    # -- i18n ----------------------------------------------------------
    def i18n(self, lang):
        return i18n(lang)


# ----------------------------------------------------------------------
# Helpers for tests (lxml is imported on first use, requests only if there:
# a stack alone runs on the standard library).

CURRENT = None          # the stack the module-level login() uses


def login(base_url, address, lang=None):
    """Logs in through base_url with the code from the delivered mail and
    returns the logged-in requests.Session (a Client)."""
    if CURRENT is None:
        raise RuntimeError("no stack running")
    return CURRENT.login(base_url, address, lang)


def mail_message(path):
    return email.message_from_bytes(Path(path).read_bytes(), policy=email.policy.default)


def mail_recipients(path):
    msg = mail_message(path)
    return {a.lower() for _, a in email.utils.getaddresses(
        [str(v) for v in msg.get_all("To", [])])}


def mail_body(path):
    """The plain-text body, transfer encoding undone."""
    msg = mail_message(path)
    try:
        part = msg.get_body(preferencelist=("plain",))
        if part is not None:
            return part.get_content()
    except (LookupError, ValueError, KeyError):
        pass
    raw = Path(path).read_bytes()
    return raw.split(b"\n\n", 1)[-1].decode("utf-8", errors="replace")


MSGID_RE = re.compile(r"<(\d+)\.(\d+)\.[0-9a-f]{16}@localhost>")


def mail_checked(path):
    """A delivered message checked for what every mail of the portal has
    (RFC 5322 lines and headers, RFC 3834's Auto-Submitted, a text part in
    UTF-8); the parsed message (policy=email.policy.default)."""
    raw = Path(path).read_bytes()
    head = raw.split(b"\n\n", 1)[0]
    for line in raw.split(b"\n"):
        assert len(line) <= 998, "a line of %d in %s" % (len(line), path)
    for line in head.split(b"\n"):
        # A URL cannot be folded; every other header line fits in 78.
        if not line.startswith(b"List-Unsubscribe:"):
            assert len(line) <= 78, "header line of %d: %r" % (len(line), line)
    msg = mail_message(path)
    assert not msg.defects, msg.defects
    for name in ("From", "To", "Subject", "Date", "Message-ID"):
        assert len(msg.get_all(name, [])) == 1, "%s: %r" % (name, msg.get_all(name))
    assert msg["MIME-Version"] == "1.0"
    assert msg["Auto-Submitted"] == "auto-generated"
    # mail_from is selfcare@localhost: the Message-ID is in its domain.
    assert MSGID_RE.fullmatch(msg["Message-ID"]), msg["Message-ID"]
    assert msg["Date"].datetime is not None and msg["Date"].datetime.utcoffset() is not None
    text = msg.get_body(preferencelist=("plain",))
    assert text is not None and text.get_content_charset() == "utf-8"
    assert text["Content-Transfer-Encoding"] in (None, "7bit", "8bit", "quoted-printable")
    return msg


def mail_code(path):
    """The one 8-digit number in the body: the login code."""
    codes = set(CODE_RE.findall(mail_body(path).encode()))
    if len(codes) != 1:
        raise AssertionError("expected one 8-digit code in %s, found %r:\n%s" % (
            path, codes, mail_body(path)))
    return codes.pop().decode()


def totp(secret, at=None, step_offset=0, digits=6, step=30):
    """RFC 6238 TOTP of a base32 secret (SHA-1), as an authenticator app
    computes it: for the time step of at (now), shifted by step_offset."""
    import base64
    import hashlib
    import hmac
    import struct
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step) + step_offset
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    n = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % (10 ** digits)
    return "%0*d" % (digits, n)


def location_path(resp):
    """The path (and query) of a redirect's Location, whatever its host."""
    from urllib.parse import urlsplit
    loc = resp.headers.get("Location")
    if loc is None:
        return None
    u = urlsplit(loc)
    return u.path + ("?" + u.query if u.query else "")


XML_ACCEPT = {"Accept": "application/xml"}


class Client(requests.Session if requests else object):
    """A requests.Session bound to one front end. It never follows
    redirects: tests check each 303, and a Location naming another port
    (base_url is nginx's) must not switch front ends behind a test's back."""

    def __init__(self, base):
        super().__init__()
        self.base = base.rstrip("/")
        self.user = None

    def request(self, method, path, xml=False, headers=None, **kw):
        h = dict(XML_ACCEPT if xml else {})
        h.update(headers or {})
        url = path if path.startswith("http") else self.base + path
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 40)
        return super().request(method, url, headers=h, **kw)

    def get(self, path, xml=False, **kw):
        return self.request("GET", path, xml=xml, **kw)

    def post(self, path, data=None, xml=False, **kw):
        return self.request("POST", path, xml=xml, data=data, **kw)

    def page(self, path, status=200):
        """GET path as XML; checks status and schema; returns the root."""
        r = self.get(path, xml=True)
        assert r.status_code == status, "GET %s: %d\n%s" % (
            path, r.status_code, r.text[:2000])
        return validate_xml(r)

    def csrf(self, path="/login"):
        """The session's CSRF token, from path's XML context."""
        token = self.page(path).findtext("context/csrf")
        assert token, "no csrf in %s" % path
        return token

    @property
    def token(self):
        """The session cookie's value."""
        return self.cookies.get(SESSION_COOKIE)

    def request_code(self, address, expect=303):
        """POST /login for address with the session's CSRF token (expect
        None: whatever the answer)."""
        r = self.post("/login", {"csrf": self.csrf("/login"), "email": address})
        assert expect is None or r.status_code == expect, "POST /login %s: %d\n%s" % (
            address, r.status_code, r.text[:2000])
        if expect == 303:
            assert location_path(r) == "/login/code", r.headers.get("Location")
        return r


_schemas = {}


def validate_xml(resp_or_bytes):
    """Checks a page document against schema/xsd/<@name>.xsd; returns its root."""
    from lxml import etree
    if hasattr(resp_or_bytes, "content"):
        ct = resp_or_bytes.headers.get("Content-Type", "")
        assert ct == "application/xml; charset=utf-8", "Content-Type %r" % ct
        data = resp_or_bytes.content
    else:
        data = resp_or_bytes
    parser = etree.XMLParser(resolve_entities=False, no_network=True,
                             load_dtd=False)
    root = etree.fromstring(data, parser)
    assert root.tag == "page", "root is <%s>" % root.tag
    name = root.get("name")
    assert name and re.fullmatch(r"[a-z][a-z0-9-]*", name), "page name %r" % name
    if name not in _schemas:
        xsd = SRC / "schema" / "xsd" / (name + ".xsd")
        assert xsd.exists(), "no schema %s" % xsd
        _schemas[name] = etree.XMLSchema(etree.parse(str(xsd)))
    schema = _schemas[name]
    if not schema.validate(root):
        raise AssertionError("page %r does not validate against %s.xsd:\n%s\n%s" % (
            name, name, "\n".join(str(e) for e in schema.error_log),
            data[:3000].decode(errors="replace")))
    return root


# libxml2's HTML parser knows HTML 4 only: it reports the HTML5 elements as
# unknown, which is no error in a page.
HTML5_TAGS = {"article", "aside", "audio", "canvas", "datalist", "details",
              "dialog", "figcaption", "figure", "footer", "header", "main",
              "mark", "meter", "nav", "output", "picture", "progress",
              "section", "summary", "template", "time", "video", "search",
              "svg", "path", "use", "symbol", "g", "circle", "rect", "title"}


VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
             "meta", "source", "track", "wbr", "path", "use", "circle", "rect"}


def check_html(resp_or_bytes):
    """Checks that a page is a sound HTML document a CSP without inline
    script/style can show; returns the lxml.html root."""
    from lxml import etree, html as lhtml
    if hasattr(resp_or_bytes, "content"):
        ct = resp_or_bytes.headers.get("Content-Type", "")
        assert ct == "text/html; charset=utf-8", "Content-Type %r" % ct
        data = resp_or_bytes.content
    else:
        data = resp_or_bytes
    assert re.match(rb"\s*(<\?xml[^>]*\?>\s*)?<!DOCTYPE html", data, re.I), \
        "no <!DOCTYPE html> at the start: %r" % data[:120]
    data.decode("utf-8")    # raises on bad UTF-8
    # XML-style output (xsl:output method="xml") must still be HTML: "<div/>"
    # opens a div that never closes in a browser; only void elements may
    # end in "/>".
    for tag in re.findall(rb"<([A-Za-z][A-Za-z0-9]*)\b[^<>]*/>", data):
        assert tag.lower().decode() in VOID_TAGS, "<%s/> is not HTML" % tag.decode()
    parser = etree.HTMLParser(recover=True, no_network=True, encoding="utf-8")
    root = etree.fromstring(data, parser)
    errors = []
    for e in parser.error_log:
        m = re.match(r"Tag (\S+) invalid", e.message)
        if m and m.group(1).lower() in HTML5_TAGS:
            continue
        errors.append("line %d: %s" % (e.line, e.message))
    assert not errors, "HTML errors:\n" + "\n".join(errors)
    # The charset comes from the Content-Type header (utf-8), whatever the
    # page's own <meta> says or does not say.
    root = lhtml.document_fromstring(data, parser=lhtml.HTMLParser(encoding="utf-8"))
    assert root.tag == "html" and root.get("lang") in ("nb", "da", "en"), \
        "<html lang> is %r" % root.get("lang")
    assert len(root.findall(".//head/title")) == 1, "one <title> in <head>"
    # What the CSP would block: inline script, inline style, handlers.
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag != "style", "inline <style>"
        assert not (el.tag == "script" and not el.get("src")), "inline <script>"
        for a, v in el.attrib.items():
            assert a != "style", "style attribute on <%s>" % el.tag
            assert not a.startswith("on"), "%s handler on <%s>" % (a, el.tag)
            assert not v.strip().lower().startswith("javascript:"), "javascript: URL"
    ids = [el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids: %r" % ids
    # Every POST form carries the CSRF token.
    for form in root.iter("form"):
        if (form.get("method") or "get").lower() == "post":
            assert form.xpath(".//input[@name='csrf' and @type='hidden' and @value!='']"), \
                "POST form %r without a csrf field" % form.get("action")
    return root


def text_of(root):
    """A page's visible text, with no-break spaces as spaces and runs of
    white space collapsed: what a person reads."""
    t = " ".join(root.xpath("//body//text()"))
    return re.sub(r"\s+", " ", t.replace("\u00a0", " ").replace("\u202f", " "))


_i18n = {}


def i18n(lang):
    """xsl/i18n/LANG.xml as a dict key → string."""
    if lang not in _i18n:
        from lxml import etree
        doc = etree.parse(str(SRC / "xsl" / "i18n" / (lang + ".xml")))
        _i18n[lang] = {s.get("k"): (s.text or "") for s in doc.iter("s")}
    return _i18n[lang]


# ----------------------------------------------------------------------
# Command line: a stack by hand, and the demo.

def _print_info(stack, demo=False):
    print("selfcare is running:")
    for fe, url in stack.urls.items():
        print("  %-7s %s/" % (fe, url))
    print("  users:  kari.nordmann@example.no (nb), mette.jensen@example.dk (da)")
    print("  staff:  ola.drift@operator.example.no at %s/admin/login (the mailed code,"
          " then an authenticator app: QR code at the first login)" % stack.base_url)
    print("  mail:   %s/" % stack.mail_dir)
    if not demo:
        print("  code:   grep -hoE '\\b[0-9]{8}\\b' \"%s/$(ls -t %s | head -1)\"" % (
            stack.mail_dir, stack.mail_dir))
    print("  log:    %s" % stack.log)
    print("  sql:    mariadb --no-defaults --socket=%s -u root selfcare" % stack.db_socket)


def _demo_check(stack):
    """The login page answers through nginx with its form, or StackError."""
    url = stack.urls["nginx"] + "/login"
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        body, status = e.read(), e.code
    except OSError as e:
        raise StackError("%s: %s\n%s" % (url, e, tail(stack.log)))
    if status != 200 or b'name="email"' not in body:
        raise StackError("%s answered %d without the login form:\n%s\n%s" % (
            url, status, body[:500].decode(errors="replace"), tail(stack.log)))


def _demo_stop(d):
    """Stops a demo's processes by their pid files (from an earlier run)."""
    stopped = False
    stack = Stack(workdir=d)
    for name in ("nginx", "apache", "fd0", "selfcare", "mariadb"):
        pidfile = Path(d) / "run" / (name + ".pid")
        if not pidfile.exists():
            continue
        try:
            pid = int(pidfile.read_text().split()[0])
        except (ValueError, IndexError):
            pid = 0
        if pid > 0 and pid_alive(pid) and _is_ours(pid, d):
            stack._stop_proc(name, pid, timeout=30)
            stopped = True
        pidfile.unlink()
    return stopped


def _is_ours(pid, d):
    """True if pid is a process started for the demo in d (not a reused pid)."""
    try:
        cmd = Path("/proc/%d/cmdline" % pid).read_bytes().replace(b"\0", b" ")
    except OSError:
        return False
    return str(Path(d).resolve()).encode() in cmd


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("command", choices=["run", "demo-start", "demo-stop"])
    p.add_argument("--dir", default="/var/lib/selfcare-demo",
                   help="the demo's directory (demo-start/demo-stop)")
    p.add_argument("--port", type=int, default=8080, help="the demo's nginx port")
    p.add_argument("--bin", help="the selfcare binary")
    p.add_argument("--reset", action="store_true",
                   help="demo-start: load the demo data afresh")
    a = p.parse_args(argv)
    global CURRENT
    if a.command == "run":
        stack = Stack(binary=a.bin, fd0=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            CURRENT = stack.start()
            _print_info(stack)
            print("Ctrl-C stops it and removes %s" % stack.dir)
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            stack.stop()
    elif a.command == "demo-start":
        if _demo_stop(a.dir):
            print("stopped the running demo in %s" % a.dir)
        if port_open(a.port):
            sys.exit("stack: 127.0.0.1:%d is taken by another program" % a.port)
        stack = Stack(workdir=a.dir, frontends=("nginx",), binary=a.bin,
                      workers=3, ports={"nginx": a.port}, detach=True,
                      demo_data="always" if a.reset else "if-empty")
        # The demo's network: SIM and plan orders complete a few seconds
        # after they are started (conf/demo/provision-demo.sh).
        stack.conf_extra["provision_command"] = "%s %s %s" % (
            SRC / "conf" / "demo" / "provision-demo.sh", stack.binary, stack.conf)
        try:
            stack.start()
            _demo_check(stack)
        except StackError as e:
            stack.stop()
            sys.exit("stack: the demo did not come up: %s" % e)
        # Leave everything running: the pid files in run/ let demo-stop
        # find it again.
        stack.started = False
        _print_info(stack, demo=True)
        print("  data:   %s" % ("the demo data, just loaded" if stack.demo_loaded else
                                "kept from the last run (run-demo.sh reset loads it afresh)"))
    elif a.command == "demo-stop":
        print("stopped" if _demo_stop(a.dir) else "nothing was running in %s" % a.dir)


if __name__ == "__main__":
    main()
