"""The partner API's event hub as a partner sees it: a subscription made,
listed, read and deleted with a key (its secret shown once), bad callbacks
and event types refused with nothing made, another key's subscription not
found, and events delivered by the server's mail child to a real receiver
on the loopback: signed (the HMAC checked here), valid against
schema/api/v1/event.xsd, retried after a 500, given up after
webhook_tries, each attempt in the delivery log; another company's
changes never reach a key that does not see it."""

import hashlib
import hmac
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from lxml import etree

from test_api import (BITPRO, FJORDNET, Partner, error, make_key, order_body, parse,
                      post, schema)
from test_backoffice_care import act as care_act, support_case

ORDER_EV, BILL_EV = "ProductOrderStateChangeEvent", "CustomerBillCreateEvent"
CREATE_EV = "ProductOrderCreateEvent"   # to the subscriptions of ORDER_EV
TICKET_EV, USAGE_EV = "TroubleTicketStateChangeEvent", "UsageThresholdEvent"
TRIES = 3      # the stack's webhook_tries


@pytest.fixture(autouse=True)
def _ended_after(stack):
    """Each test's keys and subscriptions end with it."""
    yield
    stack.sql("UPDATE hub_subscriptions SET deleted_at = NOW() WHERE deleted_at IS NULL")
    stack.sql("UPDATE hub_events SET state = 'failed' WHERE state = 'pending'")
    stack.sql("UPDATE api_keys SET revoked_at = NOW() WHERE revoked_at IS NULL")


class Receiver:
    """A partner's webhook receiver on 127.0.0.1: answers each POST with the
    next status of its script (the last one for ever), keeps what came."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.got = []
        me = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                me.got.append((dict(self.headers), body))
                code = me.statuses.pop(0) if len(me.statuses) > 1 else me.statuses[0]
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/hooks/selfcare" % self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, n, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.got) < n:
            time.sleep(0.2)
        assert len(self.got) >= n, "%d deliveries, not %d" % (len(self.got), n)
        return self.got

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(statuses=(200,)):
        made.append(Receiver(statuses))
        return made[-1]
    yield make
    for r in made:
        r.close()


@pytest.fixture
def partner(base, kari, company_ids):
    secret, _ = make_key(kari, company_ids[BITPRO], name="Hub ERP")
    return Partner(base, secret)


def hub_body(callback, *types):
    return ("<?xml version='1.0' encoding='UTF-8'?><hub><callback>%s</callback>%s</hub>"
            % (callback, "".join("<eventType>%s</eventType>" % t for t in types)))


def subscribe(p, callback, *types):
    r = post(p, "hub", hub_body(callback, *(types or (ORDER_EV,))))
    assert r.status_code == 201, r.text[:800]
    h = parse(r, "hub")
    assert re.fullmatch(r"[0-9a-f]{64}", h.findtext("secret"))
    return h.get("id"), bytes.fromhex(h.findtext("secret"))


def delete(p, path, key=None):
    return p.http.request("DELETE", "/api/v1/" + path,
                          headers={"Authorization": "Bearer " + (key or p.key)})


def verify(headers, body, secret):
    """The signature as a partner checks it: HMAC-SHA256 of "ts.body"."""
    ts = headers["X-Selfcare-Timestamp"]
    assert abs(int(ts) - time.time()) < 120
    want = hmac.new(secret, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Selfcare-Signature"], "sha256=" + want)
    root = etree.fromstring(body)
    s = schema("event")
    assert s.validate(root), s.error_log
    return root


def api_order(p, cid, idem):
    r = post(p, "productOrder", order_body(cid), idem=idem)
    assert r.status_code == 201, r.text[:800]
    return parse(r).get("id")


def cancel(p, oid):
    r = post(p, "productOrder/%s/cancel" % oid, ctype=None)
    assert r.status_code == 200, r.text[:800]


def log_of(p, hid):
    r = p.get("hub/%s/delivery" % hid)
    assert r.status_code == 200, r.text[:800]
    return parse(r, "hub")


# -- subscriptions ------------------------------------------------------------------

def test_create_list_read_and_delete(partner, stack):
    hid, secret = subscribe(partner, "https://erp.example.com/events", ORDER_EV, BILL_EV)
    assert stack.sql("SELECT callback, events, HEX(secret) FROM hub_subscriptions"
                     " WHERE id = %s" % hid) == [
        ("https://erp.example.com/events", ORDER_EV + "," + BILL_EV, secret.hex().upper())]
    # Listed and read without the secret: it was shown once.
    listed = partner.get("hub")
    assert listed.status_code == 200
    lst = parse(listed, "hub")
    assert [h.get("id") for h in lst.findall("hub")] == [hid]
    one = parse(partner.get("hub/" + hid), "hub")
    assert one.findtext("callback") == "https://erp.example.com/events"
    assert [e.text for e in one.findall("eventType")] == [ORDER_EV, BILL_EV]
    assert one.find("secret") is None and lst.find("hub/secret") is None
    # Deleted: gone from the list, not found, not deleted twice.
    r = delete(partner, "hub/" + hid)
    assert r.status_code == 204 and r.content == b""
    assert parse(partner.get("hub"), "hub").find("hub") is None
    error(partner.get("hub/" + hid), 404)
    error(delete(partner, "hub/" + hid), 404)
    # The subscription answers GET and DELETE, the list GET and POST.
    r = post(partner, "hub/" + hid, hub_body("https://x.example/", ORDER_EV))
    error(r, 405)
    assert r.headers["Allow"] == "GET, HEAD, DELETE"
    error(delete(partner, "hub"), 405)


@pytest.mark.parametrize("callback", [
    "ftp://erp.example.com/x", "erp.example.com/hooks", "http://user:pw@erp.example.com/",
    "http://10.1.2.3/hooks", "http://192.168.0.9:8080/", "https://[fe80::1]/x",
    "http://169.254.169.254/latest/meta-data", "http://erp.example.com:99999/",
    "http://erp.example.com/a#frag", "http:///nohost", "http://bad_host!/",
], ids=lambda c: re.sub(r"\W+", "-", c)[:40])
def test_bad_callback_is_422_and_makes_nothing(partner, stack, callback):
    before = stack.sql("SELECT COUNT(*) FROM hub_subscriptions")
    error(post(partner, "hub", hub_body(callback, ORDER_EV)), 422, "callback")
    assert stack.sql("SELECT COUNT(*) FROM hub_subscriptions") == before


def test_bad_event_types_and_bodies_are_refused(partner, stack):
    before = stack.sql("SELECT COUNT(*) FROM hub_subscriptions")
    url = "https://erp.example.com/e"
    error(post(partner, "hub", hub_body(url, "OrderDeletedEvent")), 422, "eventType")
    # An order's creation comes with ProductOrderStateChangeEvent, not alone.
    error(post(partner, "hub", hub_body(url, CREATE_EV)), 422, "eventType")
    error(post(partner, "hub", hub_body(url)), 422, "hub")
    error(post(partner, "hub", hub_body(url, ORDER_EV, ORDER_EV)), 422, "eventType")
    error(post(partner, "hub", "<hub><callback>"), 400)
    error(post(partner, "hub", hub_body(url, ORDER_EV), ctype="text/plain"), 415)
    error(post(partner, "hub", None, ctype=None), 400, "hub")
    assert stack.sql("SELECT COUNT(*) FROM hub_subscriptions") == before


def test_a_key_subscribes_only_to_events_of_its_areas(base, kari, company_ids, stack):
    secret, _ = make_key(kari, company_ids[BITPRO], name="Orders only", areas=("orders",))
    p = Partner(base, secret)
    error(post(p, "hub", hub_body("https://erp.example.com/", ORDER_EV, BILL_EV)), 403,
          "eventType")
    subscribe(p, "https://erp.example.com/", ORDER_EV)


def test_another_keys_subscription_is_not_found(partner, base, mette, company_ids):
    hid, _ = subscribe(partner, "https://erp.example.com/events")
    secret, _ = make_key(mette, company_ids[FJORDNET], name="Fjordnet ERP")
    other = Partner(base, secret)
    error(other.get("hub/" + hid), 404)
    error(other.get("hub/%s/delivery" % hid), 404)
    error(delete(other, "hub/" + hid), 404)
    assert parse(other.get("hub"), "hub").find("hub") is None
    # Still the first key's.
    assert parse(partner.get("hub/" + hid), "hub").get("id") == hid


# -- delivery ---------------------------------------------------------------------

def test_order_state_change_delivered_signed_and_logged(partner, stack, receiver,
                                                         company_ids, base, mette):
    rx = receiver()
    hid, secret = subscribe(partner, rx.url, ORDER_EV)
    # A key of another company subscribed too: Bitpro's order is not its.
    fsecret, _ = make_key(mette, company_ids[FJORDNET], name="Fjordnet hooks")
    fhid, _ = subscribe(Partner(base, fsecret), rx.url, ORDER_EV)
    cid = company_ids[BITPRO]
    oid = api_order(partner, cid, "hub-signed-1")
    cancel(partner, oid)
    # Its creation first (acknowledged), then the change.
    (made_h, made_b), (headers, body) = rx.wait(2)
    made = verify(made_h, made_b, secret)
    assert made_h["X-Selfcare-Event"] == made.findtext("eventType") == CREATE_EV
    assert made.find("event/productOrder").get("id") == oid
    assert made.findtext("event/productOrder/state") == "acknowledged"
    root = verify(headers, body, secret)
    assert headers["X-Selfcare-Event"] == ORDER_EV
    assert headers["Content-Type"] == "application/xml; charset=utf-8"
    assert root.findtext("eventType") == ORDER_EV
    o = root.find("event/productOrder")
    assert o.get("id") == oid and o.get("href") == "/api/v1/productOrder/" + oid
    assert o.findtext("state") == "cancelled"
    # The resource the event names reads as it says.
    assert partner.read("productOrder/" + oid).findtext("state") == "cancelled"
    # A wrong secret does not verify.
    with pytest.raises(AssertionError):
        verify(headers, body, b"\0" * 32)
    # The log: delivered, one attempt answered 200.
    log = log_of(partner, hid)
    d = log.find("delivery[@id='%s']" % headers["X-Selfcare-Delivery"])
    assert d.findtext("state") == "delivered" and d.findtext("eventType") == ORDER_EV
    assert [a.get("status") for a in d.findall("attempt")] == ["200"]
    assert [e.findtext("eventType") for e in log.findall("delivery")] == [ORDER_EV,
                                                                          CREATE_EV]
    assert stack.sql("SELECT COUNT(*) FROM hub_events WHERE subscription_id = %s"
                     % fhid) == [("0",)]
    assert len(rx.got) == 2


def test_retried_after_a_500_with_each_attempt_logged(partner, receiver, company_ids):
    rx = receiver((500, 200))
    hid, secret = subscribe(partner, rx.url, ORDER_EV)
    api_order(partner, company_ids[BITPRO], "hub-retry-1")
    got = rx.wait(2)
    # The same event twice, signed each time.
    assert [verify(h, b, secret).findtext("eventId") for h, b in got][0] == \
        etree.fromstring(got[1][1]).findtext("eventId")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        d = log_of(partner, hid).find("delivery")
        if d.findtext("state") == "delivered":
            break
        time.sleep(0.2)
    assert d.findtext("state") == "delivered"
    attempts = d.findall("attempt")
    assert [a.get("status") for a in attempts] == ["500", "200"]
    assert attempts[0].findtext("error") == "the callback answered 500"


def test_given_up_after_the_tries_and_left_visible(partner, receiver, company_ids, stack):
    rx = receiver((503,))
    hid, _ = subscribe(partner, rx.url, ORDER_EV)
    api_order(partner, company_ids[BITPRO], "hub-give-up-1")
    rx.wait(TRIES, timeout=60)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        d = log_of(partner, hid).find("delivery")
        if d.findtext("state") == "failed":
            break
        time.sleep(0.2)
    assert d.findtext("state") == "failed" and d.find("nextAttemptAt") is None
    assert [a.get("status") for a in d.findall("attempt")] == ["503"] * TRIES
    time.sleep(3)
    assert len(rx.got) == TRIES


def test_a_closed_port_is_retried_with_the_reason(partner, receiver, company_ids):
    rx = receiver()
    url = rx.url
    rx.close()
    hid, _ = subscribe(partner, url, ORDER_EV)
    api_order(partner, company_ids[BITPRO], "hub-closed-1")
    deadline = time.monotonic() + 20
    attempts = []
    while time.monotonic() < deadline and not attempts:
        attempts = log_of(partner, hid).findall("delivery/attempt")
        time.sleep(0.3)
    assert attempts and attempts[0].get("status") == "0"
    assert attempts[0].findtext("error")


def test_a_name_that_resolves_to_loopback_is_not_called_unless_allowed(partner, receiver,
                                                                       company_ids):
    """localhost is no literal, so it is taken at creation; the delivery looks
    at the address it resolves to (127.0.0.1 and ::1, both allowed in the
    tests' webhook_allow) and calls it."""
    rx = receiver()
    hid, secret = subscribe(partner, rx.url.replace("127.0.0.1", "localhost"), ORDER_EV)
    api_order(partner, company_ids[BITPRO], "hub-localhost-1")
    h, b = rx.wait(1)[0]
    assert verify(h, b, secret).findtext("eventType") == CREATE_EV


def test_ticket_state_change_delivered(partner, stack, receiver, staff, kari, company_ids):
    """A case's status changed by customer care: the troubleTicket's TMF621 state."""
    rx = receiver()
    hid, secret = subscribe(partner, rx.url, TICKET_EV)
    care = staff(("care",))
    case_id = support_case(stack, kari, company_ids[BITPRO])
    assert care_act(care, case_id, "status", status="waiting").status_code == 303
    h, b = rx.wait(1)[0]
    root = verify(h, b, secret)
    assert root.findtext("eventType") == TICKET_EV
    t = root.find("event/troubleTicket")
    assert t.get("id") == str(case_id) and t.findtext("state") == "pending"
    assert partner.read("troubleTicket/%s" % case_id).findtext("state") == "pending"


def test_no_key_no_hub(base, partner):
    hid, _ = subscribe(partner, "https://erp.example.com/events")
    from stack import Client
    anon = Client(base)
    for path in ("hub", "hub/" + hid, "hub/%s/delivery" % hid):
        error(anon.get("/api/v1/" + path), 401)
    error(anon.request("DELETE", "/api/v1/hub/" + hid), 401)
    assert parse(partner.get("hub/" + hid), "hub").get("id") == hid
