"""A real OpenID Connect provider on the loopback: Debian's LemonLDAP::NG
portal (liblemonldap-ng-portal-perl) run by plackup, its configuration,
sessions and keys all in a directory of its own (LLNG_DEFAULTCONFFILE points
its lemonldap-ng.ini there, so /etc/lemonldap-ng and /var/lib/lemonldap-ng
are neither read nor written).

Users come from LemonLDAP's "Demo" backend: dwho, rtyler and msmith, the
password the login, e-mail <login>@badwolf.org. One relying party,
selfcare, receives the e-mail claim (exported from the session's "mail")."""

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

PSGI = "/usr/share/lemonldap-ng/portal/htdocs/index.psgi"
TEMPLATES = "/usr/share/lemonldap-ng/portal/templates"
CLIENT_ID = "selfcare"

DEMO_USERS = {"dwho": "dwho@badwolf.org", "rtyler": "rtyler@badwolf.org",
              "msmith": "msmith@badwolf.org"}


class ProviderError(RuntimeError):
    pass


def _keypair(d):
    key = d / "oidc-sig.key"
    subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
                    "rsa_keygen_bits:2048", "-out", str(key)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pub = subprocess.run(["openssl", "pkey", "-in", str(key), "-pubout"],
                         check=True, stdout=subprocess.PIPE).stdout.decode()
    return key.read_text(), pub


class Provider:
    """LemonLDAP::NG as an OpenID Connect issuer at http://127.0.0.1:port."""

    def __init__(self, directory, port, redirect_uris, secret):
        self.dir = Path(directory)
        self.port = port
        self.url = "http://127.0.0.1:%d" % port
        self.redirect_uris = list(redirect_uris)
        self.secret = secret
        self.proc = None

    @property
    def metadata_url(self):
        return self.url + "/.well-known/openid-configuration"

    @property
    def log(self):
        return self.dir / "portal.log"

    def _storage(self, name):
        p = self.dir / name
        (p / "lock").mkdir(parents=True, exist_ok=True)
        return {"Directory": str(p), "LockDirectory": str(p / "lock")}

    def _cache(self, namespace):
        return {"namespace": namespace, "default_expires_in": 600,
                "directory_umask": "007", "cache_depth": 3,
                "cache_root": str(self.dir / "cache")}

    def configuration(self):
        """lmConf-1.json: the portal, the Demo backend, the issuer, the RP."""
        private, public = _keypair(self.dir)
        sessions = self._storage("sessions")
        sessions["generateModule"] = \
            "Lemonldap::NG::Common::Apache::Session::Generate::SHA256"
        return {
            "cfgNum": 1, "cfgVersion": "2.16.1", "cfgAuthor": "tests/sso",
            "cfgDate": str(int(time.time())),
            "portal": self.url + "/", "domain": "127.0.0.1",
            "cookieName": "lemonldap", "securedCookie": 0, "https": 0,
            "authentication": "Demo", "userDB": "Same", "passwordDB": "Demo",
            "registerDB": "Null",
            "demoExportedVars": {"cn": "cn", "mail": "mail", "uid": "uid"},
            "whatToTrace": "uid", "timeout": 7200,
            "globalStorage": "Apache::Session::File",
            "globalStorageOptions": sessions,
            "persistentStorage": "Apache::Session::File",
            "persistentStorageOptions": self._storage("psessions"),
            "localSessionStorage": "Cache::FileCache",
            "localSessionStorageOptions": self._cache("lemonldap-ng-sessions"),
            "notification": 0, "loginHistoryEnabled": 0,
            "locationRules": {}, "exportedHeaders": {}, "macros": {},
            "groups": {}, "exportedVars": {},
            # The issuer: authorization code flow, RS256-signed ID tokens.
            "issuerDBOpenIDConnectActivation": 1,
            "oidcServiceMetaDataIssuer": self.url,
            "oidcServicePrivateKeySig": private,
            "oidcServicePublicKeySig": public,
            "oidcServiceKeyIdSig": "selfcare-test",
            "oidcServiceAllowAuthorizationCodeFlow": 1,
            "oidcServiceIgnoreScopeForClaims": 0,
            "oidcRPMetaDataOptions": {CLIENT_ID: {
                "oidcRPMetaDataOptionsClientID": CLIENT_ID,
                "oidcRPMetaDataOptionsClientSecret": self.secret,
                "oidcRPMetaDataOptionsRedirectUris": " ".join(self.redirect_uris),
                "oidcRPMetaDataOptionsIDTokenSignAlg": "RS256",
                "oidcRPMetaDataOptionsBypassConsent": 1,
                "oidcRPMetaDataOptionsUserIDAttr": "mail",
                "oidcRPMetaDataOptionsIDTokenExpiration": 3600,
                "oidcRPMetaDataOptionsAccessTokenExpiration": 3600,
            }},
            # The claims the RP gets: email from the session's mail.
            "oidcRPMetaDataExportedVars": {CLIENT_ID: {
                "email": "mail", "name": "cn"}},
        }

    def ini(self):
        return """; written by tests/sso/provider.py
[all]
logLevel = notice
checkTime = 1
[configuration]
type = File
dirName = %(conf)s
prettyPrint = 1
localStorage = Cache::FileCache
localStorageOptions = { 'namespace' => 'lemonldap-ng-config', \\
    'default_expires_in' => 600, 'cache_depth' => 3, \\
    'cache_root' => '%(cache)s' }
[portal]
staticPrefix = /static
templateDir = %(templates)s
languages = en
""" % {"conf": self.dir / "conf", "cache": self.dir / "cache",
       "templates": TEMPLATES}

    def start(self):
        (self.dir / "conf").mkdir(parents=True, exist_ok=True)
        (self.dir / "cache").mkdir(exist_ok=True)
        (self.dir / "conf" / "lmConf-1.json").write_text(
            json.dumps(self.configuration(), indent=1))
        (self.dir / "lemonldap-ng.ini").write_text(self.ini())
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C",
               "LLNG_DEFAULTCONFFILE": str(self.dir / "lemonldap-ng.ini")}
        with open(self.log, "ab") as logf:
            self.proc = subprocess.Popen(
                ["plackup", "-s", "HTTP::Server::PSGI", "--host", "127.0.0.1",
                 "--port", str(self.port), "-E", "deployment", PSGI],
                stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                env=env, cwd=self.dir, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ProviderError("LemonLDAP::NG exited (%s):\n%s" % (
                    self.proc.returncode, self.log.read_text()[-3000:]))
            try:
                with urllib.request.urlopen(self.metadata_url, timeout=5) as r:
                    meta = json.load(r)
                if meta.get("issuer") == self.url:
                    return meta
            except (OSError, ValueError, urllib.error.HTTPError):
                pass
            time.sleep(0.2)
        self.stop()
        raise ProviderError("LemonLDAP::NG not ready after 60 s:\n%s" %
                            self.log.read_text()[-3000:])

    def stop(self):
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait(timeout=5)
