"""A partner's program for selfcare's API (/api/v1/), written apart from the
C code and from the HTTP suite's helpers, with requests and lxml only: what
an ERP or a reseller would write from the README and schema/api/v1/.

  * Api: a Bearer key in every request, XML bodies, an Idempotency-Key on
    every write, ETag reads (a 304 answers from what was read before), every
    answer checked against its schema, an error document raised as ApiError
    with its status, code and field.
  * Receiver: a webhook receiver on 127.0.0.1 (an ephemeral port) that
    checks X-Selfcare-Signature and the timestamp's age before it takes an
    event, and hands the events it took to the program in order."""

import hashlib
import hmac
import queue
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[2] / "schema" / "api" / "v1"
XML = "application/xml; charset=utf-8"
# How old a delivery's timestamp may be (either way) before it is refused:
# a replayed delivery is old.
MAX_AGE = 300

_parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_schemas = {}


def schema(name):
    """schema/api/v1/NAME.xsd, parsed once."""
    if name not in _schemas:
        _schemas[name] = etree.XMLSchema(etree.parse(str(SCHEMAS / (name + ".xsd"))))
    return _schemas[name]


class InvalidAnswer(Exception):
    """An answer that is not the document its schema describes."""


class ApiError(Exception):
    """An error document (schema/api/v1/error.xsd) the API answered."""

    def __init__(self, status, code, reason, field, headers):
        super().__init__("%d %s: %s%s" % (status, code, reason,
                                          " (%s)" % field if field else ""))
        self.status, self.code, self.reason = status, code, reason
        self.field, self.headers = field, headers


def document(content, xsd):
    """The root of content, valid against schema/api/v1/XSD.xsd."""
    try:
        root = etree.fromstring(content, _parser)
    except etree.XMLSyntaxError as e:
        raise InvalidAnswer("not XML: %s: %r" % (e, content[:200]))
    s = schema(xsd)
    if not s.validate(root):
        raise InvalidAnswer("not valid against %s.xsd: %s\n%s" % (
            xsd, s.error_log, content[:1000].decode(errors="replace")))
    return root


class Api:
    """The API at base (http://host:port) with one key."""

    def __init__(self, base, key, timeout=30):
        self.base = base.rstrip("/") + "/api/v1/"
        self.key = key
        self.timeout = timeout
        self.http = requests.Session()
        self.http.headers["Authorization"] = "Bearer " + key
        self.http.headers["Accept"] = "application/xml"
        self._seen = {}         # path → (ETag, root) of the last 200
        self.not_modified = 0   # reads answered by a 304

    def request(self, method, path, body=None, idempotency=None, xsd="api",
                headers=None):
        """One request; the answer's document (None for 204, the raw bytes
        when xsd is None) or ApiError."""
        h = dict(headers or {})
        if body is not None:
            h["Content-Type"] = "application/xml"
        if idempotency is not None:
            h["Idempotency-Key"] = idempotency
        r = self.http.request(method, self.base + path, data=body, headers=h,
                              timeout=self.timeout, allow_redirects=False)
        if r.status_code >= 400:
            self._raise(r)
        if r.status_code in (204, 304):
            return r
        if xsd is None:
            return r
        if r.headers.get("Content-Type") != XML:
            raise InvalidAnswer("%s %s: Content-Type %r" % (
                method, path, r.headers.get("Content-Type")))
        r.root = document(r.content, xsd)
        return r

    @staticmethod
    def _raise(r):
        if r.headers.get("Content-Type") != XML:
            raise InvalidAnswer("%d without an error document: %r" % (
                r.status_code, r.content[:200]))
        e = document(r.content, "error")
        if e.get("status") != str(r.status_code):
            raise InvalidAnswer("status %s in a %d answer" % (e.get("status"),
                                                             r.status_code))
        raise ApiError(r.status_code, e.findtext("code"), e.findtext("reason"),
                       e.findtext("field"), r.headers)

    # -- reads -----------------------------------------------------------------

    def read(self, path, xsd="api"):
        """GET path; sends the ETag of the last read of it, and a 304
        answers with that read's document."""
        seen = self._seen.get(path)
        h = {"If-None-Match": seen[0]} if seen else {}
        r = self.request("GET", path, xsd=xsd, headers=h)
        if r.status_code == 304:
            if seen is None:
                raise InvalidAnswer("304 for %s without an If-None-Match" % path)
            self.not_modified += 1
            return seen[1]
        etag = r.headers.get("ETag")
        if not etag:
            raise InvalidAnswer("GET %s: no ETag" % path)
        self._seen[path] = (etag, r.root)
        return r.root

    def items(self, name, **query):
        """Every NAME of a list, page by page (query: state, createdFrom…)."""
        out, offset = [], 0
        while True:
            q = dict(query, offset=offset, limit=100)
            path = name + "?" + "&".join("%s=%s" % kv for kv in sorted(q.items()))
            page = self.read(path).findall(name)
            out += page
            offset += len(page)
            if len(page) < 100:
                return out

    def file(self, path, ctype):
        """GET of a document that is not the API's XML (a PDF, the UBL):
        its bytes, checked to be of Content-Type ctype."""
        r = self.request("GET", path, xsd=None)
        got = r.headers.get("Content-Type", "").split(";")[0]
        if got != ctype:
            raise InvalidAnswer("GET %s: Content-Type %r, not %s" % (path, got, ctype))
        return r.content

    # -- writes ----------------------------------------------------------------

    def create_order(self, organization, offering, quantity, delivery,
                     idempotency=None):
        """POST productOrder: (the order's document, the Idempotency-Key
        sent, a fresh one unless given: the same one replays)."""
        idem = idempotency or uuid.uuid4().hex
        o = etree.Element("productOrder")
        etree.SubElement(o, "organization", id=str(organization))
        etree.SubElement(o, "productOffering", id=str(offering))
        etree.SubElement(o, "quantity").text = str(quantity)
        for k in ("Name", "Street", "Postcode", "City"):
            etree.SubElement(o, "delivery" + k).text = delivery[k.lower()]
        body = etree.tostring(o, xml_declaration=True, encoding="UTF-8")
        r = self.request("POST", "productOrder", body, idempotency=idem)
        if r.status_code != 201:
            raise InvalidAnswer("POST productOrder: %d, not 201" % r.status_code)
        return r.root, idem

    def subscribe(self, callback, *event_types):
        """POST hub: (the subscription's id, its secret as bytes)."""
        h = etree.Element("hub")
        etree.SubElement(h, "callback").text = callback
        for t in event_types:
            etree.SubElement(h, "eventType").text = t
        r = self.request("POST", "hub", etree.tostring(h, encoding="UTF-8"),
                         idempotency=uuid.uuid4().hex, xsd="hub")
        return r.root.get("id"), bytes.fromhex(r.root.findtext("secret"))

    def unsubscribe(self, hub_id):
        self.request("DELETE", "hub/%s" % hub_id)


# -- webhooks ---------------------------------------------------------------------

class BadDelivery(Exception):
    """A delivery the receiver refused: not signed with the secret, too old,
    or not an event document."""


def verify(headers, body, secret, now=None):
    """The event document of a delivery, after its signature
    (HMAC-SHA256 of "TIMESTAMP.BODY" under secret) and its timestamp's age
    are checked; BadDelivery otherwise."""
    ts = headers.get("X-Selfcare-Timestamp", "")
    sig = headers.get("X-Selfcare-Signature", "")
    if not ts.isdigit():
        raise BadDelivery("no timestamp")
    if abs((time.time() if now is None else now) - int(ts)) > MAX_AGE:
        raise BadDelivery("timestamp %s is too old" % ts)
    want = "sha256=" + hmac.new(secret, ts.encode() + b"." + body,
                                hashlib.sha256).hexdigest()
    if not hmac.compare_digest(sig.encode(), want.encode()):
        raise BadDelivery("wrong signature")
    try:
        root = document(body, "event")
    except InvalidAnswer as e:
        raise BadDelivery(str(e))
    if root.findtext("eventType") != headers.get("X-Selfcare-Event"):
        raise BadDelivery("X-Selfcare-Event is not the document's eventType")
    return root


class Receiver:
    """A webhook receiver on 127.0.0.1: 204 for a delivery that verifies
    (its event queued for next(), once per eventId), 401 for one that does
    not (the reason kept in refused). The secret is set once the
    subscription is made."""

    def __init__(self, path="/hooks/selfcare"):
        self.secret = None
        self.events = queue.Queue()
        self.refused = []
        self.deliveries = []    # (headers, body) of each that verified
        self.taken = set()      # their eventIds
        me = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                try:
                    if self.path != path or me.secret is None:
                        raise BadDelivery("not a callback of ours: %s" % self.path)
                    event = verify(self.headers, body, me.secret)
                except BadDelivery as e:
                    me.refused.append(str(e))
                    self.send_response(401)
                else:
                    # A delivery tried again (its 2xx lost) has the same
                    # eventId: taken once.
                    me.deliveries.append((dict(self.headers), body))
                    eid = event.findtext("eventId")
                    if eid not in me.taken:
                        me.taken.add(eid)
                        me.events.put(event)
                    self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d%s" % (self.server.server_port, path)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def next(self, timeout=30):
        """The next event that verified, or queue.Empty after timeout."""
        return self.events.get(timeout=timeout)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
