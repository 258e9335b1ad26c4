"""A partner's whole scenario, as its program (partner.py) lives it through
nginx and through Apache: a key from the company's administrator, a
webhook subscription, an order of SIM cards followed to completed by the
events the server signs (fulfilment starts it in the back office, the
demo's provisioning command completes it), the billing run, the bill with
the order's charge read as the API's document, its UBL (valid against UBL
2.1) and its PDF; the create replayed with its Idempotency-Key is the same
order; forged and replayed deliveries do not get through the receiver;
bad orders are error documents that make nothing; the mediation system's
usage batch, read back as the day's figures, and the threshold event it
raises."""

import datetime
import hashlib
import hmac
import queue
import time
import uuid
import zoneinfo
from pathlib import Path

import pytest
import requests
from lxml import etree

import partner as pt
import portal

ORDER_EV, BILL_EV = "ProductOrderStateChangeEvent", "CustomerBillCreateEvent"
CREATE_EV, USAGE_EV = "ProductOrderCreateEvent", "UsageThresholdEvent"
USAGE_NS = "urn:selfcare:usage-batch:1"
# The demo company's time zone: its days and periods are local ones.
ZONE = zoneinfo.ZoneInfo("Europe/Oslo")
DELIVERY = {"name": "Bitpro Demo AS, lager", "street": "Kongens gate 1",
            "postcode": "0150", "city": "Oslo"}
UBL_NS = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
          "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
          "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"}
TOP = Path(__file__).resolve().parents[2]
# The OASIS schemas beside the project (as in CI), else the project's copy.
UBL_XSD = [p for p in (TOP.parent / "shared" / "ubl-2.1" / "xsd" / "maindoc",
                       TOP / "tests" / "data" / "ubl-2.1" / "maindoc")
           if (p / "UBL-Invoice-2.1.xsd").exists()]


@pytest.fixture
def api(base, admin, company, request):
    """The partner's program with a key of its own (orders and invoices)."""
    key = portal.make_key(admin, company, "ERP %s" % request.node.name[-20:],
                          ("orders", "invoices"))
    return pt.Api(base, key)


@pytest.fixture
def receiver():
    rx = pt.Receiver()
    yield rx
    rx.close()


def events_until(rx, kind, oid, last, timeout=60):
    """The (event type, state) of the events about kind/oid, in order, up to
    the state last."""
    states, deadline = [], time.monotonic() + timeout
    while not states or states[-1][1] != last:
        left = deadline - time.monotonic()
        try:
            ev = rx.next(timeout=max(left, 0.1))
        except queue.Empty:
            raise AssertionError("events of %s %s: %r, no %s within %ds (refused: %r)" % (
                kind, oid, states, last, timeout, rx.refused))
        r = ev.find("event/" + kind)
        if r is not None and r.get("id") == str(oid):
            assert r.get("href") == "/api/v1/%s/%s" % (kind, oid)
            states.append((ev.findtext("eventType"), r.findtext("state")))
    return states


def price_types(offering, country="NO"):
    """The kinds of price (oneTime, recurring by the month) an offering has
    in a country."""
    return {(p.findtext("priceType"), p.findtext("recurringChargePeriod"))
            for p in offering.findall("productOfferingPrice")
            if p.findtext("country") == country}


def sim_card(api):
    """The SIM card paid once (not a Twin SIM or data card paid every month),
    picked by its price as the API offers it."""
    sims = [o for o in api.items("productOffering", state="active")
            if o.findtext("kind") == "sim" and price_types(o) == {("oneTime", None)}]
    assert len(sims) == 1, "SIM cards paid once: %r" % [o.findtext("code") for o in sims]
    return sims[0]


def next_free_period(api, company):
    """The first month after this one the company has no bill of."""
    billed = {b.findtext("billingPeriod") for b in api.items("customerBill")
              if b.find("organization").get("id") == company}
    d = datetime.date.today().replace(day=1)
    while True:
        d = (d + datetime.timedelta(days=32)).replace(day=1)
        if d.strftime("%Y-%m") not in billed:
            return d.strftime("%Y-%m")


def ubl_checked(data):
    """The UBL invoice's root: valid against UBL 2.1 where the schemas are,
    else at least well-formed with the fields a receiver books by."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False,
                                                  no_network=True))
    assert root.tag == "{%s}Invoice" % UBL_NS["inv"], root.tag
    if UBL_XSD:
        s = etree.XMLSchema(etree.parse(str(UBL_XSD[0] / "UBL-Invoice-2.1.xsd")))
        assert s.validate(root), s.error_log
    for path in ("cbc:ID", "cbc:IssueDate", "cbc:DocumentCurrencyCode",
                 "cac:AccountingSupplierParty", "cac:AccountingCustomerParty",
                 "cac:LegalMonetaryTotal/cbc:PayableAmount", "cac:InvoiceLine"):
        assert root.find(path, UBL_NS) is not None, "no %s in the UBL" % path
    return root


def test_order_followed_to_its_bill(api, company, receiver, desk, operator):
    org = api.read("organization/%s" % company)
    assert org.get("id") == company and org.findtext("name") == "Bitpro Demo AS"
    hub, receiver.secret = api.subscribe(receiver.url, ORDER_EV, BILL_EV)

    # SIM cards (a one-off price: a line of the next bill); a Twin SIM is
    # on sale too, but by the month.
    sim = sim_card(api)
    monthly = [o.findtext("code") for o in api.items("productOffering", state="active")
               if o.findtext("kind") == "sim"
               and ("recurring", "month") in price_types(o)]
    assert monthly and sim.findtext("code") not in monthly
    orders_before = len(api.items("productOrder"))
    order, idem = api.create_order(company, sim.get("id"), 2, DELIVERY)
    oid = order.get("id")
    assert order.findtext("state") == "acknowledged"
    assert order.find("organization").get("id") == company
    assert order.findtext("deliveryCity") == "Oslo" and order.findtext("itemCount") == "1"
    # The same create again, as after a lost answer: the same order, no other.
    again, _ = api.create_order(company, sim.get("id"), 2, DELIVERY, idempotency=idem)
    assert again.get("id") == oid
    assert len(api.items("productOrder")) == orders_before + 1

    # Read twice: the second read is a 304 of the same document.
    assert api.read("productOrder/" + oid).findtext("state") == "acknowledged"
    seen = api.not_modified
    assert api.read("productOrder/" + oid).get("id") == oid
    assert api.not_modified == seen + 1

    # Fulfilment starts it; the network (the demo's command) completes it.
    portal.start_order(desk, oid)
    assert events_until(receiver, "productOrder", oid, "completed") == [
        (CREATE_EV, "acknowledged"), (ORDER_EV, "inProgress"), (ORDER_EV, "completed")]
    # The document changed, so the ETag read gets it afresh.
    assert api.read("productOrder/" + oid).findtext("state") == "completed"

    # The billing run of the next month nobody billed yet.
    period = next_free_period(api, company)
    operator.run("bill", "--period", period)
    bills = [b for b in api.items("customerBill")
             if b.find("organization").get("id") == company
             and b.findtext("billingPeriod") == period]
    assert bills, "no bill of %s for %s" % (company, period)
    created = set()
    while len(created) < len(bills):
        try:
            ev = receiver.next(timeout=30)
        except queue.Empty:
            raise AssertionError("CustomerBillCreateEvent for %r of %r" % (
                created, [b.get("id") for b in bills]))
        if ev.findtext("eventType") == BILL_EV:
            created.add(ev.find("event/customerBill").get("id"))
    assert created == {b.get("id") for b in bills}

    # The order's charge is a line of one of them: "#ORDER" in its name.
    with_charge, names = [], []
    for b in bills:
        one = api.read("customerBill/" + b.get("id"))
        docs = {d.get("type"): d.get("href") for d in one.findall("document")}
        assert docs == {"pdf": "/api/v1/customerBill/%s/pdf" % b.get("id"),
                        "ubl": "/api/v1/customerBill/%s/ubl" % b.get("id")}
        ubl = ubl_checked(api.file("customerBill/%s/ubl" % b.get("id"),
                                   "application/xml"))
        assert ubl.findtext("cbc:ID", namespaces=UBL_NS) == one.findtext("billNo")
        assert ubl.findtext("cbc:DocumentCurrencyCode", namespaces=UBL_NS) == \
            one.findtext("currency")
        assert ubl.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount",
                            namespaces=UBL_NS) == one.findtext("taxIncludedAmount")
        names += [ln.findtext("cac:Item/cbc:Name", namespaces=UBL_NS)
                  for ln in ubl.findall("cac:InvoiceLine", UBL_NS)]
        lines = [ln for ln in ubl.findall("cac:InvoiceLine", UBL_NS)
                 if ln.findtext("cac:Item/cbc:Name", namespaces=UBL_NS, default="")
                 .endswith("#" + oid)]
        if lines:
            with_charge.append(b.get("id"))
            assert lines[0].findtext("cbc:InvoicedQuantity", namespaces=UBL_NS) in (
                "2", "2.00", "2.000")
            assert sim.findtext("name") in lines[0].findtext(
                "cac:Item/cbc:Name", namespaces=UBL_NS)
        pdf = api.file("customerBill/%s/pdf" % b.get("id"), "application/pdf")
        assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]
    assert len(with_charge) == 1

    # Nothing was refused on the way; the subscription ends with the test.
    assert receiver.refused == []
    api.unsubscribe(hub)


def deliver(url, headers, body):
    return requests.post(url, data=body, headers=headers, timeout=10).status_code


def test_forged_and_replayed_deliveries_are_refused(api, company, receiver):
    """A real delivery, then its copies: with a signature of another secret,
    with the body changed, with an old timestamp signed anew by a forger who
    lacks the secret, and the same delivery again (taken once)."""
    hub, receiver.secret = api.subscribe(receiver.url, ORDER_EV)
    sim = sim_card(api)
    order, _ = api.create_order(company, sim.get("id"), 1, DELIVERY)
    oid = order.get("id")
    api.request("POST", "productOrder/%s/cancel" % oid, idempotency="cancel-" + oid)
    assert events_until(receiver, "productOrder", oid, "cancelled") == [
        (CREATE_EV, "acknowledged"), (ORDER_EV, "cancelled")]
    headers, body = receiver.deliveries[-1]
    keep = {k: v for k, v in headers.items() if k.startswith("X-Selfcare-")}
    keep["Content-Type"] = "application/xml; charset=utf-8"
    ts = keep["X-Selfcare-Timestamp"]

    def signed(secret, ts, body):
        return "sha256=" + hmac.new(secret, ts.encode() + b"." + body,
                                    hashlib.sha256).hexdigest()

    forged = dict(keep, **{"X-Selfcare-Signature": signed(b"\x01" * 32, ts, body)})
    assert deliver(receiver.url, forged, body) == 401
    changed = body.replace(b"<state>cancelled</state>", b"<state>completed</state>")
    assert changed != body
    assert deliver(receiver.url, keep, changed) == 401
    old = str(int(time.time()) - 3600)
    stale = dict(keep, **{"X-Selfcare-Timestamp": old,
                          "X-Selfcare-Signature": signed(receiver.secret, old, body)})
    assert deliver(receiver.url, stale, body) == 401
    assert receiver.refused == ["wrong signature", "wrong signature",
                                "timestamp %s is too old" % old]
    # The genuine delivery again (a retry whose 2xx was lost): 204, not
    # handed on twice.
    assert deliver(receiver.url, keep, body) == 204
    with pytest.raises(queue.Empty):
        receiver.next(timeout=1)
    api.unsubscribe(hub)


def test_bad_orders_are_error_documents_and_make_nothing(api, company):
    sim = sim_card(api)
    before = len(api.items("productOrder"))
    for args, status, field in (
            ((company, sim.get("id"), 0, DELIVERY), 422, "quantity"),
            ((company, sim.get("id"), 101, DELIVERY), 422, "quantity"),
            ((company, sim.get("id"), 1, dict(DELIVERY, postcode="12")), 422,
             "deliveryPostcode"),
            ((999999, sim.get("id"), 1, DELIVERY), 422, "organization")):
        with pytest.raises(pt.ApiError) as e:
            api.create_order(*args)
        assert (e.value.status, e.value.field) == (status, field), e.value
        assert e.value.reason
    # The same Idempotency-Key with another body.
    _, idem = api.create_order(company, sim.get("id"), 1, DELIVERY)
    with pytest.raises(pt.ApiError) as e:
        api.create_order(company, sim.get("id"), 3, DELIVERY, idempotency=idem)
    assert (e.value.status, e.value.field) == (422, "Idempotency-Key")
    assert len(api.items("productOrder")) == before + 1
    # A key that is not one: 401, and no document read.
    with pytest.raises(pt.ApiError) as e:
        pt.Api(api.base.rsplit("/api/v1/", 1)[0], "sck_00000000.x" * 2).read("organization")
    assert e.value.status == 401


def test_another_companys_key_sees_nothing_of_it(api, base, admin, company,
                                                 other_company):
    """A key of Nordlys Eiendom (the same administrator's other company):
    Bitpro's order and bills are not found and in none of its lists, and it
    cannot order for Bitpro."""
    order, _ = api.create_order(company, sim_card(api).get("id"), 1, DELIVERY)
    oid = order.get("id")
    bills = [b.get("id") for b in api.items("customerBill")]
    assert bills, "Bitpro has bills in the demo"
    other = pt.Api(base, portal.make_key(admin, other_company, "Nordlys ERP",
                                         ("orders", "invoices")))
    for path in ("productOrder/" + oid, "customerBill/" + bills[0],
                 "customerBill/%s/ubl" % bills[0], "customerBill/%s/pdf" % bills[0],
                 "organization/" + company):
        with pytest.raises(pt.ApiError) as e:
            other.read(path)
        assert e.value.status == 404, path
    assert oid not in [o.get("id") for o in other.items("productOrder")]
    assert not set(bills) & {b.get("id") for b in other.items("customerBill")}
    before = len(api.items("productOrder"))
    with pytest.raises(pt.ApiError) as e:
        other.create_order(company, sim_card(other).get("id"), 1, DELIVERY)
    assert (e.value.status, e.value.field) == (422, "organization")
    assert len(api.items("productOrder")) == before


# Subscriptions whose usage a run of the usage step posted: each front end's
# run takes another, as its threshold's event comes once a period.
_usage_taken = set()


def day_figures(api, sid, day):
    """(bytes, records) of the subscription's data use on day, as GET
    /api/v1/usage shows it."""
    for u in api.items("usage", subscription=sid, createdFrom=day, createdTo=day):
        if u.findtext("usageType") == "data" and u.findtext("usageDate") == day:
            assert u.find("product").get("id") == sid
            c = {e.get("name"): e.text for e in u.findall("usageCharacteristic")}
            return int(c["amount"]), int(c["records"])
    return 0, 0


def quiet_plan(api):
    """An active subscription with a data quota, used below half of it this
    month and not taken by another run: (its id, ref, quota and use in bytes)."""
    month = datetime.datetime.now(ZONE).date().replace(day=1).isoformat()
    for p in api.items("product", state="active"):
        sid = p.get("id")
        if sid in _usage_taken:
            continue
        offer = api.read("productOffering/%s" % p.find("productOffering").get("id"))
        if offer.findtext("kind") != "subscription" or not offer.findtext("quotaGb"):
            continue
        quota = int(offer.findtext("quotaGb")) * 1000 ** 3
        used = sum(int(e.text) for u in api.items("usage", subscription=sid,
                                                    createdFrom=month)
                   if u.findtext("usageType") == "data"
                   for e in u.findall("usageCharacteristic") if e.get("name") == "amount")
        if quota and used * 2 < quota:
            _usage_taken.add(sid)
            return sid, p.findtext("name"), quota, used
    raise AssertionError("no subscription with a quota left to use")


def usage_batch(records):
    root = etree.Element("{%s}usage-batch" % USAGE_NS, nsmap={None: USAGE_NS})
    for rid, ref, start, amount in records:
        etree.SubElement(root, "{%s}usage" % USAGE_NS, id=rid, subscription=ref,
                         type="data", start=start, amount=str(amount), unit="B")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_usage_from_mediation_read_by_the_partner_with_its_threshold(
        base, admin, company, customers_desk, receiver, request):
    """The operator's mediation system posts a batch of this period's data
    use for one of the company's subscriptions (with a key staff made in the
    back office): a result per record, accepted, then duplicate when posted
    again. The partner finds the day's figures in GET /api/v1/usage, and its
    UsageThresholdEvent subscription gets the event of 80 % of the quota."""
    api = pt.Api(base, portal.make_key(admin, company, "Usage %s" % request.node.name[-20:],
                                       ("subscriptions",)))
    hub, receiver.secret = api.subscribe(receiver.url, USAGE_EV)
    sid, ref, quota, used = quiet_plan(api)
    mediation = pt.Api(base, portal.make_mediation_key(customers_desk, "Mediation"))

    # Two records of an hour ago that take the month's use to 85 %.
    need = quota * 85 // 100 - used
    # An hour ago, or the company's midnight if that was yesterday there
    # (the records must be of this period), and the company's day of it.
    now = datetime.datetime.now(ZONE).replace(microsecond=0)
    at = max(now - datetime.timedelta(hours=1), now.replace(hour=0, minute=0, second=0))
    start = at.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    day = at.date().isoformat()
    tag = uuid.uuid4().hex[:12]
    records = [("scn-%s-1" % tag, ref, start, need // 2),
               ("scn-%s-2" % tag, ref, start, need - need // 2)]
    before = day_figures(api, sid, day)
    body = usage_batch(records)
    r = mediation.request("POST", "usage", body, idempotency=uuid.uuid4().hex)
    assert r.status_code == 200
    result = r.root
    assert result.tag == "usageBatchResult"
    assert (result.get("records"), result.get("accepted"), result.get("duplicates"),
            result.get("refused")) == ("2", "2", "0", "0")
    assert [(e.get("position"), e.get("record"), e.get("status"))
            for e in result.findall("result")] == [
        ("1", records[0][0], "accepted"), ("2", records[1][0], "accepted")]
    # Posted again (a retry after a lost answer): each a duplicate, nothing added.
    again = mediation.request("POST", "usage", body, idempotency=uuid.uuid4().hex).root
    assert [e.get("status") for e in again.findall("result")] == ["duplicate"] * 2
    assert again.get("accepted") == "0" and again.get("duplicates") == "2"

    # The partner reads the day's figures: the batch's bytes and records once.
    assert day_figures(api, sid, day) == (before[0] + need, before[1] + 2)
    # The mediation key reads nothing of the company's.
    with pytest.raises(pt.ApiError) as e:
        mediation.read("usage")
    assert e.value.status == 403

    # 85 % crossed 80 %: the event names the subscription and the threshold.
    deadline = time.monotonic() + 60
    while True:
        try:
            ev = receiver.next(timeout=max(deadline - time.monotonic(), 0.1))
        except queue.Empty:
            raise AssertionError("no %s for product %s (refused: %r)" % (
                USAGE_EV, sid, receiver.refused))
        p = ev.find("event/product")
        if ev.findtext("eventType") == USAGE_EV and p is not None and p.get("id") == sid:
            break
    assert p.get("href") == "/api/v1/product/%s" % sid
    assert p.findtext("usageThreshold") == "80"
    assert api.read("product/%s" % sid).findtext("name") == ref
    # Once: the batch posted again raised no second event.
    with pytest.raises(queue.Empty):
        receiver.next(timeout=3)
    assert receiver.refused == []
    api.unsubscribe(hub)
