"""The HTTP suite's stack (tests/http/stack.py) with single sign-on through
a real OpenID Connect provider in place of HTTP Basic: LemonLDAP::NG
(provider.py) on its own port, Apache's /sso behind mod_auth_openidc, and
nginx's /sso behind auth_request answered by the same mod_auth_openidc.

Apache (the README's configuration):
    /sso           AuthType openid-connect; REMOTE_USER is the e-mail claim,
                   passed to selfcare as SSO_USER
    /sso/callback  the redirect URI (mod_auth_openidc answers it itself)
    /sso/auth      the same, but 401 instead of a redirect to the provider
                   and the claim in a response header: nginx's subrequest
nginx:
    /sso           auth_request /sso/auth; SSO_USER from the subrequest's
                   X-SSO-Email; a 401 starts the login at the provider
                   through /sso/callback (login initiated by a third party,
                   iss + target_link_uri), which brings the browser back
    /sso/callback  proxied to Apache, so the session cookie is nginx's host's
"""

import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "http"))

import stack as st  # noqa: E402
import provider as idp  # noqa: E402


class OidcStack(st.Stack):
    APACHE_MODULE_LIST = st.Stack.APACHE_MODULE_LIST + ("auth_openidc",)

    def __init__(self, **kw):
        super().__init__(frontends=("nginx", "apache"), **kw)
        self.provider = None
        self.client_secret = secrets.token_urlsafe(24)

    def start(self):
        """The provider first: mod_auth_openidc reads its metadata."""
        self.ports.setdefault("idp", st.free_port())
        for fe in self.frontends:
            self.ports.setdefault(fe, st.free_port())
        uris = ["http://127.0.0.1:%d/sso/callback" % self.ports[fe]
                for fe in self.frontends]
        self.idp_tmp = tempfile.mkdtemp(prefix="selfcare-oidc-")
        self.provider = idp.Provider(self.idp_tmp, self.ports["idp"], uris,
                                     self.client_secret)
        try:
            self.provider.start()
        except idp.ProviderError as e:
            raise st.StackError(str(e))
        try:
            return super().start()
        except BaseException:
            self.provider.stop()
            raise

    def stop(self):
        super().stop()
        if self.provider is not None:
            self.provider.stop()
            self.provider = None
            if not os.environ.get("SELFCARE_KEEP"):
                shutil.rmtree(self.idp_tmp, ignore_errors=True)

    # -- Apache: mod_auth_openidc ----------------------------------------
    def apache_sso(self):
        auth = self.dir / "apache" / "htdocs" / "sso"
        auth.mkdir(parents=True, exist_ok=True)
        # The body of nginx's subrequest: what counts is the status and
        # the header (the shared DocumentRoot refuses everything else).
        (auth / "auth").write_text("")
        return """
# Single sign-on against the provider (tests/sso/provider.py).
OIDCProviderMetadataURL %(meta)s
OIDCClientID %(client)s
OIDCClientSecret %(secret)s
OIDCRedirectURI /sso/callback
OIDCCryptoPassphrase %(pass)s
OIDCScope "openid email"
OIDCRemoteUserClaim email
OIDCClaimPrefix OIDC_CLAIM_
OIDCPassClaimsAs environment
<Location "/sso">
    AuthType openid-connect
    Require valid-user
    ProxyFCGISetEnvIf "true" SSO_USER "%%{REMOTE_USER}"
</Location>
# nginx's auth_request: 200 with the address, or 401 (no redirect).
<Location "/sso/auth">
    ProxyPass "!"
    OIDCUnAuthAction 401
    Header set X-SSO-Email "%%{OIDC_CLAIM_email}e"
</Location>
""" % {"meta": self.provider.metadata_url, "client": idp.CLIENT_ID,
       "secret": self.client_secret, "pass": secrets.token_urlsafe(24)}

    # -- nginx: auth_request to Apache's mod_auth_openidc ----------------
    def nginx_sso(self, sock):
        login = "/sso/callback?iss=%s&target_link_uri=http://$http_host/sso" % (
            quote(self.provider.url, safe=""))
        return """
        # Single sign-on: Apache's mod_auth_openidc vouches in a subrequest;
        # only this location sets the variable selfcare trusts.
        location = /sso {
            auth_request /sso/auth;
            auth_request_set $sso_email $upstream_http_x_sso_email;
            error_page 401 = @sso_login;
            include /etc/nginx/fastcgi_params;
            fastcgi_param HTTP_PROXY "";
            fastcgi_param SSO_USER $sso_email;
            fastcgi_pass unix:%(sock)s;
            fastcgi_keep_conn off;
        }
        location = /sso/auth {
            internal;
            proxy_pass http://127.0.0.1:%(apache)d;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header Host $http_host;
        }
        location = /sso/callback {
            proxy_pass http://127.0.0.1:%(apache)d;
            proxy_set_header Host $http_host;
        }
        location @sso_login {
            return 302 %(login)s;
        }
""" % {"sock": sock, "apache": self.ports["apache"], "login": login}
