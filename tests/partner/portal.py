"""The people around a partner, over HTTP as their browsers would be: the
company's administrator who makes the partner's key in the portal, the
operator's fulfilment staff who start the order in the back office, and
its customer staff who make the mediation system's key there. They
log in with the code the stack's mail stand-in delivered (a directory of
.eml files) and, for staff, an authenticator app's TOTP code; nothing of
tests/http's helpers is used."""

import base64
import email
import email.policy
import hashlib
import hmac
import re
import struct
import time
from pathlib import Path

import requests
from lxml import etree

CODE = re.compile(r"\b\d{8}\b")
_parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class Mailbox:
    """The stack's delivered mail (one .eml file a message)."""

    def __init__(self, directory):
        self.dir = Path(directory)

    def _to(self, address):
        out = []
        for p in sorted(self.dir.glob("*.eml")):
            msg = email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            if address.lower() in str(msg.get("To", "")).lower():
                out.append((p, msg))
        return out

    def seen(self, address):
        return {p for p, _ in self._to(address)}

    def code(self, address, before, timeout=20):
        """The login code of the first message to address not in before."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for p, msg in self._to(address):
                if p not in before:
                    text = msg.get_body(preferencelist=("plain",)).get_content()
                    codes = set(CODE.findall(text))
                    if len(codes) == 1:
                        return codes.pop()
            time.sleep(0.2)
        raise AssertionError("no login code for %s within %ds" % (address, timeout))


def totp(secret, now=None):
    """An authenticator app's code (RFC 6238: SHA-1, 30 s, 6 digits)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    step = int((time.time() if now is None else now) // 30)
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    i = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[i:i + 4])[0] & 0x7FFFFFFF) % 1000000)


class Browser(requests.Session):
    """One person's browser on the site at base; redirects not followed
    (each one is checked)."""

    def __init__(self, base, mailbox):
        super().__init__()
        self.base = base.rstrip("/")
        self.mailbox = mailbox

    def request(self, method, path, **kw):
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 30)
        return super().request(method, self.base + path, **kw)

    def page(self, path):
        """A page's XML document (Accept: application/xml)."""
        r = self.get(path, headers={"Accept": "application/xml"})
        if r.status_code != 200:
            raise AssertionError("GET %s: %d %s" % (path, r.status_code, r.text[:500]))
        return etree.fromstring(r.content, _parser)

    def submit(self, path, form_page, data, expect=303):
        """POST data with the CSRF token (and form key) of form_page."""
        root = self.page(form_page)
        data = dict(data, csrf=root.findtext("context/csrf"))
        if root.findtext("context/formkey"):
            data["formkey"] = root.findtext("context/formkey")
        r = self.post(path, data=data, headers={"Accept": "application/xml"})
        if expect is not None and r.status_code != expect:
            raise AssertionError("POST %s: %d, not %d: %s" % (
                path, r.status_code, expect, r.text[:800]))
        return r

    def mailed_code(self, address, path, form_page, field="email"):
        """Asks for a login code at path and sends it to path/code."""
        before = self.mailbox.seen(address)
        self.submit(path, form_page, {field: address})
        code = self.mailbox.code(address, before)
        return self.submit(path + "/code", path + "/code", {"code": code})


def company_admin(base, mailbox, address):
    """The portal, logged in as address (the company's administrator)."""
    b = Browser(base, mailbox)
    r = b.mailed_code(address, "/login", "/login")
    assert r.headers["Location"].endswith("/companies"), r.headers["Location"]
    return b


def make_key(admin, company, name, areas, days=30):
    """A key made on the company's API keys page: its secret, shown once."""
    data = {"name": name, "days": str(days)}
    data.update({"area-" + a: "on" for a in areas})
    r = admin.submit("/companies/%s/api-keys.xml" % company, "/companies", data, expect=200)
    secret = etree.fromstring(r.content, _parser).findtext("secret")
    assert secret and secret.startswith("sck_"), r.text[:800]
    return secret


def make_mediation_key(staff, name, days=30):
    """A mediation key (usage import only) made on the back office's API keys
    page: its secret, shown once."""
    data = {"csrf": staff.page("/admin").findtext("context/csrf"), "name": name,
            "kind": "mediation", "companies": "", "days": str(days)}
    r = staff.post("/admin/api-keys.xml", data=data, headers={"Accept": "application/xml"})
    assert r.status_code == 200, r.text[:800]
    secret = etree.fromstring(r.content, _parser).findtext("secret")
    assert secret and secret.startswith("sck_"), r.text[:800]
    return secret


def staff_member(base, mailbox, address):
    """The back office, logged in as address: the mailed code, then the
    enrolment's TOTP secret and a code from it (the first login)."""
    b = Browser(base, mailbox)
    r = b.mailed_code(address, "/admin/login", "/admin/login")
    assert r.headers["Location"].endswith("/admin/login/second"), r.headers["Location"]
    secret = b.page("/admin/login/second").findtext("login/enroll/secret")
    assert secret, "no enrolment for %s" % address
    r = b.submit("/admin/login/second", "/admin/login/second", {"code": totp(secret)},
               expect=None)
    # The first login shows the recovery codes (200); a later one redirects.
    assert r.status_code in (200, 303), (r.status_code, r.text[:500])
    assert b.get("/admin").status_code == 200
    return b


def start_order(desk, order):
    """Fulfilment starts the order's work (acknowledged → inProgress)."""
    desk.submit("/admin/orders/%s/start" % order, "/admin/orders/%s" % order, {})
