"""The selfcare command line as an operator meets it: --version, --help,
usage errors, and check-config, which lists every problem of a file with
its FILE:LINE and says by its exit status what failed (<sysexits.h>:
64 usage, 66 no config file, 69 the database refused, 73 log_file, 75 the
database cannot be reached, 78 the configuration). serve and a reload read
a file exactly as check-config does.

The files here are the stack's own configuration (a real database) with
one thing changed at a time, written to each test's temporary directory."""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from os import (EX_CANTCREAT, EX_CONFIG, EX_NOINPUT, EX_TEMPFAIL, EX_UNAVAILABLE,
                EX_USAGE)
from pathlib import Path

import pytest

import stack as st

LIBRARIES = {           # --version line → the pkg-config module built against
    "libxml2": "libxml-2.0", "libxslt": "libxslt", "libmariadb": "libmariadb",
    "libsodium": "libsodium", "cairo": "cairo", "pango": "pango",
}
AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def run(stack, *args, conf=None, prefix=()):
    """selfcare ARGS: (exit status, stdout, stderr)."""
    argv = list(prefix) + [str(stack.binary)]
    if conf is not None:
        argv += ["-c", str(conf)]
    r = subprocess.run(argv + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=stack.env(), timeout=60)
    return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")


class Conf:
    """A configuration file: the stack's values (with overrides), one key a
    line, then extra raw lines. line[key] is the line a key is on."""

    def __init__(self, stack, path, drop=(), extra=(), mode=0o600, **override):
        values = stack.conf_values(**override)
        lines = ["# written by test_cli.py"]
        self.line = {}
        for k, v in values.items():
            if k not in drop:
                lines.append("%s = %s" % (k, v))
                self.line[k] = len(lines)
        for raw in extra:
            lines.append(raw)
        self.last = len(lines)
        self.path = Path(path)
        self.path.write_text("\n".join(lines) + "\n")
        os.chmod(self.path, mode)

    def at(self, line, message):
        """The message as selfcare prints it."""
        return "selfcare: %s:%d: %s" % (self.path, line, message)


def errors(stderr):
    """The error lines of a run (no warnings, no summary)."""
    return [x for x in stderr.splitlines()
            if re.match(r"selfcare: .*:\d+: ", x) and ": warning: " not in x]


# -- 1. version, help, usage errors ------------------------------------------

@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_names_selfcare_and_its_libraries(stack, flag):
    rc, out, err = run(stack, flag)
    assert rc == 0 and err == "", err
    lines = out.splitlines()
    version = re.search(r"AC_INIT\(\[selfcare\], \[([^]]+)\]",
                        (st.SRC / "configure.ac").read_text()).group(1)
    assert lines[0] == "selfcare %s" % version
    found = dict(x.split(" ", 1) for x in lines[1:])
    for name, module in LIBRARIES.items():
        # What runs is what Debian's -dev package built against (one version).
        want = subprocess.run(["pkg-config", "--modversion", module],
                              stdout=subprocess.PIPE).stdout.decode().strip()
        assert found.get(name) == want, (name, found.get(name), want)
    assert re.fullmatch(r"\d+\.\d+\.\d+ \(headers; the library reports no version\)",
                        found["libfcgi"]), found["libfcgi"]


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_commands_and_exit_statuses_on_stdout(stack, flag):
    rc, out, err = run(stack, flag)
    assert rc == 0 and err == "", err
    assert out.startswith("usage: selfcare [-c FILE] COMMAND")
    for cmd in ("serve", "migrate", "demo-data", "deliver", "bill --period YYYY-MM",
                "pay NUMBER AMOUNT", "credit NUMBER", "check-config [--no-db]",
                "genkey", "-t [--no-db]"):
        assert cmd in out, cmd
    for code, name in ((64, "EX_USAGE"), (66, "EX_NOINPUT"), (69, "EX_UNAVAILABLE"),
                       (70, "EX_SOFTWARE"), (73, "EX_CANTCREAT"), (75, "EX_TEMPFAIL"),
                       (78, "EX_CONFIG")):
        assert re.search(r"^ +%d %s " % (code, name), out, re.M), name


def test_unknown_command_is_named(stack):
    rc, out, err = run(stack, "frobnicate")
    assert rc == EX_USAGE and out == ""
    assert err.splitlines() == ["selfcare: unknown command 'frobnicate'",
                                "selfcare --help lists the commands and options"]


@pytest.mark.parametrize("args,message", [
    ((), "usage: selfcare [-c FILE] COMMAND"),
    (("--frobnicate",), "selfcare: unknown option '--frobnicate'"),
    (("-c",), "selfcare: -c needs a FILE"),
    (("genkey", "extra"), "selfcare: genkey takes no arguments"),
    (("--no-db", "serve"), "selfcare: --no-db is an option of check-config"),
    (("check-config", "--fast"), "selfcare: check-config: unknown argument '--fast'"),
    (("bill",), "selfcare: bill: --period is required"),
    (("pay", "100023"), "selfcare: pay: arguments missing"),
    (("credit", "1", "2"), "selfcare: credit: one argument too many: '2'"),
])
def test_usage_errors_exit_64_before_reading_the_config(stack, tmp_path, args, message):
    # The config does not exist: a usage error is found first.
    rc, out, err = run(stack, *args, conf=tmp_path / "none.conf")
    assert rc == EX_USAGE, err
    assert message in err and out == ""


def test_missing_config_file_is_noinput(stack, tmp_path):
    for cmd in ("check-config", "migrate", "serve"):
        rc, out, err = run(stack, cmd, conf=tmp_path / "none.conf")
        assert rc == EX_NOINPUT, (cmd, err)
        assert "selfcare: %s: No such file or directory" % (tmp_path / "none.conf") in err


# -- 2. check-config on a good file ------------------------------------------

def test_check_config_passes_the_stacks_config(stack):
    for args in (("check-config",), ("-t",)):
        rc, out, err = run(stack, *args, conf=stack.conf)
        assert rc == 0, err
        assert out == "%s: ok\n" % stack.conf and err == ""


def test_warnings_are_printed_and_do_not_fail(stack, tmp_path):
    c = Conf(stack, tmp_path / "w.conf", db_port=3307)
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == 0, err
    assert out == "%s: ok, with warnings\n" % c.path
    assert c.at(c.line["db_port"], "warning: db_port is not used without db_host "
                "(the connection goes through db_socket)") in err.splitlines()


# -- 3. bad files: each line with its problem, exit 78 -------------------------

@pytest.mark.parametrize("key,line,message", [
    ("base_url", "base_url = http://127.0.0.1:8080 # the demo",
     "base_url: a comment after the value (' #'): put comments on a line of their own"),
    ("workers", "workers = 0", "workers: 0 is out of range 1..256"),
    ("workers", "workers = four", "workers: 'four' is not a whole number"),
    ("request_timeout", "request_timeout = 3601",
     "request_timeout: 3601 is out of range 1..3600"),
    ("listen", "listen = localhost:9000", "listen: 'localhost:9000': the host must "
     "be a numeric address (127.0.0.1, [::1]), not a name"),
    ("sendmail", "sendmail = sendmail -t -i", "sendmail: the program must be an "
     "absolute path (it is run without a shell or PATH)"),
    ("base_url", "base_url = http://127.0.0.1:8080/",
     "base_url: must not end in '/' (links in mail are base_url + /path)"),
    ("cookie_secure", "cookie_secure = maybe", "cookie_secure: 'maybe' is not yes or no"),
    (None, "frobnicate = 1", "unknown key 'frobnicate'"),
    (None, "workers 4", "expected 'key = value'"),
])
def test_bad_line_is_named_and_serve_refuses_it_alike(stack, tmp_path, key, line, message):
    c = Conf(stack, tmp_path / "bad.conf", drop=(key,), extra=(line,))
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_CONFIG, err
    assert errors(err) == [c.at(c.last, message)], err
    assert err.splitlines()[-1] == "selfcare: %s: 1 error, 0 warnings" % c.path
    assert out == ""
    # serve reads the file the same way and refuses to start.
    rc, out, serr = run(stack, "serve", conf=c.path)
    assert rc == EX_CONFIG and errors(serr) == errors(err), serr


def test_a_password_may_hold_a_hash_without_a_blank_before_it(stack, tmp_path):
    c = Conf(stack, tmp_path / "pw.conf", drop=("db_password",),
             extra=("db_password = pa#ss",))
    rc, out, err = run(stack, "check-config", "--no-db", conf=c.path)
    assert rc == 0, err


def test_duplicate_key_names_both_lines(stack, tmp_path):
    c = Conf(stack, tmp_path / "dup.conf", extra=("workers = 8",))
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_CONFIG
    assert errors(err) == [c.at(c.last, "workers: already set on line %d"
                                % c.line["workers"])]


def test_secure_cookie_on_plain_http_is_an_error_with_both_lines(stack, tmp_path):
    c = Conf(stack, tmp_path / "x.conf", base_url="http://portal.example.com",
             cookie_secure="yes")
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_CONFIG
    assert errors(err) == [c.at(
        c.line["cookie_secure"], "cookie_secure = yes (line %d) and base_url "
        "http://portal.example.com (line %d) is plain http on a host that is not "
        "loopback: browsers drop the Secure session cookie and nobody can log in; "
        "use https://" % (c.line["cookie_secure"], c.line["base_url"]))]


def test_every_problem_is_listed_in_line_order(stack, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    c = Conf(stack, tmp_path / "many.conf", workers=0, xsl_dir=empty,
             sendmail="/nonexistent/sendmail -t", listen_group="no-such-group-x",
             extra=("max_requests = lots", "workers = 2"))
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_CONFIG
    assert errors(err) == [
        c.at(c.line["listen_group"], "listen_group no-such-group-x: no such group"),
        c.at(c.line["workers"], "workers: 0 is out of range 1..256"),
        c.at(c.line["xsl_dir"], "xsl_dir %s: no readable site.xsl (No such file or "
             "directory)" % empty),
        c.at(c.line["sendmail"], "sendmail: /nonexistent/sendmail: No such file or "
             "directory (install an MTA, or name another program)"),
        c.at(c.last - 1, "max_requests: 'lots' is not a whole number"),
        c.at(c.last, "workers: already set on line %d" % c.line["workers"]),
    ], err
    assert err.splitlines()[-1] == "selfcare: %s: 6 errors, 0 warnings" % c.path


# -- 4. what the file names -----------------------------------------------------

def test_directories_must_hold_what_selfcare_reads(stack, tmp_path):
    xsl = tmp_path / "xsl"
    xsl.mkdir()
    shutil.copy(st.SRC / "xsl" / "site.xsl", xsl)       # no i18n/
    schema = tmp_path / "schema"
    (schema / "sql").mkdir(parents=True)                # no xsd/
    c = Conf(stack, tmp_path / "d.conf", xsl_dir=xsl, schema_dir=schema)
    rc, out, err = run(stack, "check-config", "--no-db", conf=c.path)
    assert rc == EX_CONFIG
    want = [c.at(c.line["xsl_dir"], "xsl_dir %s: no readable i18n/%s.xml (No such "
                 "file or directory)" % (xsl, lang)) for lang in ("nb", "da", "en")]
    want.append(c.at(c.line["schema_dir"], "schema_dir %s: no xsd/ directory" % schema))
    assert errors(err) == want, err
    c = Conf(stack, tmp_path / "d2.conf", xsl_dir=tmp_path / "nowhere")
    rc, out, err = run(stack, "check-config", "--no-db", conf=c.path)
    assert errors(err) == [c.at(c.line["xsl_dir"], "xsl_dir %s: no such directory"
                                % (tmp_path / "nowhere"))]


def test_stylesheets_that_do_not_compile(stack, tmp_path):
    xsl = tmp_path / "xsl"
    shutil.copytree(st.SRC / "xsl", xsl)
    # Not even XML: read before it is compiled (for its labels), and said so.
    (xsl / "site.xsl").write_text("<xsl:stylesheet version='1.0' "
                                  "xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>")
    c = Conf(stack, tmp_path / "x.conf", xsl_dir=xsl)
    rc, out, err = run(stack, "check-config", "--no-db", conf=c.path)
    assert rc == EX_CONFIG
    assert errors(err) == [c.at(c.line["xsl_dir"], "xsl_dir: %s/site.xsl: cannot read "
                                "or parse" % xsl)], err
    # XML, but no stylesheet libxslt compiles.
    (xsl / "site.xsl").write_text("<xsl:stylesheet version='1.0' "
                                  "xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>"
                                  "<xsl:template match='/'><xsl:value-of select='1 +'/></xsl:template>"
                                  "</xsl:stylesheet>")
    rc, out, err = run(stack, "check-config", "--no-db", conf=c.path)
    assert rc == EX_CONFIG
    assert errors(err) == [c.at(c.line["xsl_dir"], "xsl_dir: %s/site.xsl: stylesheet "
                                "does not compile" % xsl)], err


def test_unknown_listen_group(stack, tmp_path):
    c = Conf(stack, tmp_path / "g.conf", listen_group="no-such-group-x")
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_CONFIG
    assert errors(err) == [c.at(c.line["listen_group"],
                                "listen_group no-such-group-x: no such group")]


def test_sendmail_missing_or_not_executable(stack, tmp_path):
    c = Conf(stack, tmp_path / "m.conf", sendmail="/nonexistent/sendmail -t -i")
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_CONFIG
    assert errors(err) == [c.at(c.line["sendmail"], "sendmail: /nonexistent/sendmail: "
                                "No such file or directory (install an MTA, or name "
                                "another program)")]
    script = tmp_path / "sendmail"
    script.write_text("#!/bin/sh\ncat >/dev/null\n")
    os.chmod(script, 0o644)
    c = Conf(stack, tmp_path / "m2.conf", sendmail="%s -t" % script)
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_CONFIG
    assert errors(err) == [c.at(c.line["sendmail"], "sendmail: %s: not an executable "
                                "file" % script)]
    os.chmod(script, 0o755)
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == 0, err


@pytest.mark.parametrize("value", ["a@b.no, c@d.no", "<@>", "Min bedrift"])
def test_mail_from_that_is_not_one_address(stack, tmp_path, value):
    # Delivery would refuse every message later; check-config says so now.
    c = Conf(stack, tmp_path / "f.conf", mail_from=value)
    rc, out, err = run(stack, "check-config", "--no-db", conf=c.path)
    assert rc == EX_CONFIG
    assert any(x.startswith(c.at(c.line["mail_from"], "mail_from: '%s' is not one "
                                 "address" % value)) for x in err.splitlines()), err


def test_mail_from_with_a_display_name_is_fine(stack, tmp_path):
    c = Conf(stack, tmp_path / "f.conf", mail_from='"Min bedrift" <selfcare@example.no>')
    rc, out, err = run(stack, "check-config", "--no-db", conf=c.path)
    assert rc == 0, err


@pytest.mark.parametrize("override,message", [
    ({"status_path": "/login"}, "status_path: /login is a page of the portal"),
    ({"status_path": "/x-status", "ping_path": "/x-status"},
     "status_path and ping_path are both /x-status"),
])
def test_status_paths_serve_would_refuse(stack, tmp_path, override, message):
    c = Conf(stack, tmp_path / "s.conf", **override)
    rc, out, err = run(stack, "check-config", "--no-db", conf=c.path)
    assert rc == EX_CONFIG and ("selfcare: %s: %s" % (c.path, message)) in err, err
    # serve refuses the same file for the same reason, as a configuration error
    rc, out, err = run(stack, "serve", conf=c.path)
    assert rc == EX_CONFIG and message in out + err


@pytest.mark.parametrize("mode,why", [
    (0o644, "gives every user access"),
    (0o604, "gives every user access"),
    (0o620, "lets its group change it"),
])
def test_secret_key_others_may_reach_is_refused(stack, tmp_path, mode, why):
    key = tmp_path / "secret.key"
    shutil.copy(stack.dir / "secret.key", key)
    os.chmod(key, mode)
    c = Conf(stack, tmp_path / "k.conf", secret_key_file=key)
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_CONFIG
    assert errors(err) == [c.at(c.line["secret_key_file"], "secret_key_file %s: mode "
                                "%04o %s: chmod 0600 (or 0640 with the service's group)"
                                % (key, mode, why))]


def test_secret_key_readable_by_its_group_is_fine(stack, tmp_path):
    key = tmp_path / "secret.key"
    shutil.copy(stack.dir / "secret.key", key)
    os.chmod(key, 0o640)
    c = Conf(stack, tmp_path / "k.conf", secret_key_file=key)
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == 0, err


@pytest.mark.parametrize("content,why", [
    ("0123456789abcdef" * 4 + "0\n", "too long"),
    ("0123456789abcdef" * 3 + "0123456789abcde\n", "too short"),
    ("0123456789abcdef" * 3 + "0123456789abcdeg\n", "not hexadecimal"),
    ("", "too short"),
])
def test_secret_key_of_the_wrong_form(stack, tmp_path, content, why):
    key = tmp_path / "secret.key"
    key.write_text(content)
    os.chmod(key, 0o600)
    c = Conf(stack, tmp_path / "k.conf", secret_key_file=key)
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_CONFIG
    assert errors(err) == [c.at(c.line["secret_key_file"], "secret_key_file %s: %s, "
                                "must be 64 hexadecimal characters (selfcare genkey)"
                                % (key, why))]
    # serve needs the key: it refuses the same way.
    rc, out, serr = run(stack, "serve", conf=c.path)
    assert rc == EX_CONFIG and errors(serr) == errors(err)


def test_password_in_a_world_readable_config(stack, tmp_path):
    c = Conf(stack, tmp_path / "p.conf", mode=0o644)
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_CONFIG
    assert errors(err) == [c.at(c.line["db_password"], "db_password is set and the "
                                "file (mode 0644) is readable by every user: chmod "
                                "0640 (owner root, the service's group)")]
    # Without a password a readable file is fine (the database is not asked:
    # the stack's user has a password).
    c = Conf(stack, tmp_path / "p2.conf", mode=0o644, db_password="")
    rc, out, err = run(stack, "check-config", "--no-db", conf=c.path)
    assert rc == 0, err


@pytest.fixture
def open_dir():
    """A directory every user may enter (pytest's tmp_path is root's only)."""
    d = Path(tempfile.mkdtemp(prefix="selfcare-cli-"))
    os.chmod(d, 0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_unwritable_log_file_as_the_service_user(stack, open_dir):
    # Permissions only mean something for the user the service runs as:
    # root may write anywhere. nobody reads this config and key, not the log.
    d = open_dir
    key = d / "secret.key"
    shutil.copy(stack.dir / "secret.key", key)
    os.chown(key, 65534, -1)
    logdir = d / "log"
    logdir.mkdir()                      # root's, 0755
    old = logdir / "old.log"
    old.write_text("")
    for log, why in ((logdir / "new.log", "log_file %s: cannot be created in %s "
                      "(Permission denied)" % (logdir / "new.log", logdir)),
                     (old, "log_file %s: not writable (Permission denied)" % old)):
        c = Conf(stack, d / "n.conf", mode=0o644, db_password="", listen_group="",
                 secret_key_file=key, log_file=log)
        rc, out, err = run(stack, "check-config", "--no-db", conf=c.path,
                           prefix=AS_NOBODY)
        assert rc == EX_CONFIG, err
        assert c.at(c.line["log_file"], why) in errors(err), err
    # The web server's group: nobody is not in it and could not chown the socket.
    c = Conf(stack, d / "n.conf", mode=0o644, db_password="", listen_group="www-data",
             secret_key_file=key)
    rc, out, err = run(stack, "check-config", "--no-db", conf=c.path, prefix=AS_NOBODY)
    assert c.at(c.line["listen_group"], "listen_group www-data: this user (uid 65534) "
                "is not in the group and cannot give the socket to it") in errors(err)


def test_log_file_that_cannot_be_opened_is_cantcreat(stack, tmp_path):
    c = Conf(stack, tmp_path / "l.conf", log_file=tmp_path / "no" / "dir.log")
    rc, out, err = run(stack, "deliver", conf=c.path)
    assert rc == EX_CANTCREAT, err
    assert "selfcare: log_file %s: No such file or directory" % (
        tmp_path / "no" / "dir.log") in err
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_CONFIG
    assert errors(err) == [c.at(c.line["log_file"], "log_file %s: no directory %s"
                                % (tmp_path / "no" / "dir.log", tmp_path / "no"))]


# -- 5. the database ---------------------------------------------------------------

def test_unreachable_database(stack, tmp_path):
    sock = tmp_path / "no-mysqld.sock"
    c = Conf(stack, tmp_path / "db.conf", db_socket=sock)
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_TEMPFAIL, err
    # (libmariadb's own message cuts the path at 64 characters)
    assert ("selfcare: database selfcare as selfcare via socket %s: Can't connect to "
            "local server through socket '%s" % (sock, str(sock)[:40])) in err, err
    assert "(--no-db skips this check)" in err
    assert err.splitlines()[-1] == "selfcare: %s: 1 error, 0 warnings" % c.path
    # At package install the database may not be up yet: --no-db, -t --no-db.
    for args in (("check-config", "--no-db"), ("-t", "--no-db"), ("--no-db", "-t")):
        rc, out, err = run(stack, *args, conf=c.path)
        assert rc == 0, (args, err)
        assert out == "%s: ok, database not checked\n" % c.path
    # The commands that need it say so before they start.
    for cmd in (("migrate",), ("deliver",), ("bill", "--period", "2026-12")):
        rc, out, err = run(stack, *cmd, conf=c.path)
        assert rc == EX_TEMPFAIL, (cmd, err)
        assert "selfcare: database selfcare as selfcare via socket %s" % sock in err


def test_database_refusing_the_credentials(stack, tmp_path):
    c = Conf(stack, tmp_path / "db.conf", db_password="not-the-password")
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_UNAVAILABLE, err
    assert "Access denied for user 'selfcare'@'localhost'" in err
    assert "--no-db" not in err         # waiting would not help
    rc, out, err = run(stack, "migrate", conf=c.path)
    assert rc == EX_UNAVAILABLE and "Access denied" in err
    # A config error and a database error: the file comes first.
    c = Conf(stack, tmp_path / "db2.conf", db_password="not-the-password", workers=0)
    rc, out, err = run(stack, "check-config", conf=c.path)
    assert rc == EX_CONFIG
    assert err.splitlines()[-1] == "selfcare: %s: 2 errors, 0 warnings" % c.path


# -- 6. serve and a reload read the file the same way -----------------------------

def _wait(pred, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.1)
    return False


def test_reload_refuses_a_broken_file_and_keeps_serving(stack, tmp_path):
    sock = tmp_path / "s.sock"
    log = tmp_path / "serve.log"

    def write(*extra):
        return Conf(stack, tmp_path / "serve.conf", listen=sock, listen_group="",
                    workers=1, mail_interval=0, db_port=3307, extra=extra)

    c = write()
    with open(log, "wb") as logf:
        proc = subprocess.Popen([str(stack.binary), "-c", str(c.path), "serve"],
                                stdin=subprocess.DEVNULL, stdout=logf,
                                stderr=subprocess.STDOUT, env=stack.env(),
                                start_new_session=True)
    try:
        assert _wait(lambda: st.unix_open(sock)), st.tail(log)
        text = log.read_text()
        # The file's warnings go to serve's log.
        assert "warn %s:%d: warning: db_port is not used without db_host" % (
            c.path, c.line["db_port"]) in text, text
        bad = write("workers = 0", "frobnicate = 1")
        os.kill(proc.pid, signal.SIGHUP)
        assert _wait(lambda: "reload:" in log.read_text()), st.tail(log)
        text = log.read_text()
        assert ("reload: %s:%d: workers: already set on line %d; %s:%d: unknown key "
                "'frobnicate'; keeping the running configuration" % (
                    bad.path, bad.last - 1, bad.line["workers"], bad.path, bad.last)
                ) in text, text
        assert proc.poll() is None and st.unix_open(sock)
        write()
        os.kill(proc.pid, signal.SIGHUP)
        assert _wait(lambda: "reloaded" in log.read_text()), st.tail(log)
        assert proc.poll() is None and st.unix_open(sock)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    assert proc.returncode == 0, st.tail(log)
