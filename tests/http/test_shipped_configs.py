"""The example configurations in conf/ are what operators copy: nginx and
Apache must accept them as they are (only the certificate paths, which an
operator replaces anyway, point at a throwaway certificate here)."""

import shutil
import subprocess

import pytest

import stack as st

CONF = st.SRC / "conf"
CERT = "/etc/ssl/certs/selfcare.example.com.pem"
KEY = "/etc/ssl/private/selfcare.example.com.key"


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    d = tmp_path_factory.mktemp("cert")
    r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-days", "1", "-subj", "/CN=selfcare.example.com",
                        "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert r.returncode == 0, r.stdout.decode()
    return d / "cert.pem", d / "key.pem"


def _shipped(name, cert):
    text = (CONF / name).read_text()
    assert CERT in text and KEY in text
    return text.replace(CERT, str(cert[0])).replace(KEY, str(cert[1]))


def test_nginx_accepts_the_example(tmp_path, cert):
    (tmp_path / "selfcare.conf").write_text(_shipped("nginx/selfcare.conf", cert))
    # Relative includes resolve next to the main file, as in /etc/nginx.
    for f in ("fastcgi_params", "mime.types"):
        shutil.copy("/etc/nginx/" + f, tmp_path / f)
    (tmp_path / "nginx.conf").write_text(
        "pid %s/nginx.pid;\nevents {}\nhttp {\n include mime.types;\n"
        " include selfcare.conf;\n}\n" % tmp_path)
    r = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
                        "-c", str(tmp_path / "nginx.conf")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert r.returncode == 0, r.stdout.decode()
    text = (CONF / "nginx/selfcare.conf").read_text()
    assert "fastcgi_keep_conn off;" in text
    assert "client_max_body_size 64k;" in text
    assert "unix:/run/selfcare/selfcare.sock" in text


def test_apache_accepts_the_example(tmp_path, cert):
    (tmp_path / "selfcare.conf").write_text(_shipped("apache/selfcare.conf", cert))
    modules = "".join("LoadModule %s_module %s/mod_%s.so\n" % (m, st.APACHE_MODULES, m)
                      for m in ("mpm_event", "authz_core", "authz_host", "mime", "alias",
                                "headers", "proxy", "proxy_fcgi", "ssl",
                                "socache_shmcb"))
    (tmp_path / "apache.conf").write_text(
        "ServerRoot %(d)s\n%(m)sServerName localhost\nListen 80\nListen 443\n"
        "PidFile %(d)s/apache.pid\nDefaultRuntimeDir %(d)s\nErrorLog %(d)s/error.log\n"
        "Include %(d)s/selfcare.conf\n" % {"d": tmp_path, "m": modules})
    r = subprocess.run(["apache2", "-t", "-f", str(tmp_path / "apache.conf")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
    assert r.returncode == 0, r.stdout.decode()


def test_config_example_names_every_key(stack, tmp_path):
    """selfcare.conf.example documents every key, and selfcare accepts it."""
    text = (CONF / "selfcare.conf.example").read_text()
    keys = [line.split("=")[0].strip() for line in text.splitlines()
            if "=" in line and not line.startswith("#")]
    for k in ("listen", "listen_mode", "listen_group", "workers", "max_requests",
              "request_timeout", "db_socket", "db_host", "db_port", "db_name",
              "db_user", "db_password", "xsl_dir", "schema_dir", "secret_key_file",
              "sendmail", "mail_from", "mail_interval", "base_url", "cookie_secure",
              "default_lang", "log_file", "status_path", "ping_path", "status_allow",
              "slowlog", "request_slowlog_timeout", "process_control_timeout",
              "log_priority_prefix"):
        assert k in keys, "%s is not in selfcare.conf.example" % k
    # With a key file, directories and a sendmail that exist, check-config
    # passes (the database is the example's, not up here: --no-db).
    conf = tmp_path / "selfcare.conf"
    conf.write_text(text.replace("/usr/local/share/selfcare/xsl", str(st.SRC / "xsl"))
                    .replace("/usr/local/share/selfcare/schema", str(st.SRC / "schema"))
                    .replace("/etc/selfcare/secret.key",
                             str(stack.dir / "secret.key"))
                    .replace("= /usr/sbin/sendmail -t -i",
                             "= %s" % (CONF / "demo" / "sendmail-to-dir")))
    r = subprocess.run([str(stack.binary), "-c", str(conf), "check-config", "--no-db"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert r.returncode == 0, r.stdout.decode()
    # Nothing in the example's own lines is even a warning; only the socket's
    # directory, which systemd makes, may be missing here.
    lines = [x for x in r.stdout.decode().splitlines() if ": warning: " in x]
    assert all("listen /run/selfcare/selfcare.sock" in x for x in lines), lines
