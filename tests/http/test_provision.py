"""The provisioning seam: an order the network must provision raises one
event (an XML document valid against schema/xsd/provision-event.xsd) when
it moves to inProgress, and only when provision_command is set; the
server's mail child and `selfcare provision --deliver` give it to the
command on stdin, retry a failing command with back-off and give it up
after provision_tries, leaving the order for staff ("provisioning failed"
in the fulfilment queue); two deliverers never deliver one event twice;
`selfcare order-result` completes or fails the order, which the customer
sees on the order page and by mail.

The tests after the first run with provision_command set in the stack's
configuration (a reload), to a recording command whose answer a file
decides; the first runs before, without it."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from lxml import etree

import stack as st
from test_fulfilment import act, own_company
from test_orders import DONGLE, count, place

SCHEMA = st.SRC / "schema" / "xsd" / "provision-event.xsd"
TRIES = 3
EX_USAGE, EX_CONFIG = 64, 78

RECORDER = """#!/bin/sh
# The tests' provisioning command: keeps each event it is given, then
# answers as the file "mode" says (ok, slow, fail).
d=%(dir)s
f=$d/in/$(date +%%s%%N).$$.xml
cat > "$f.part" && mv "$f.part" "$f"
case $(cat "$d/mode") in
slow) sleep 3 ;;
fail) echo "the network is busy" >&2; exit 3 ;;
esac
exit 0
"""


def wait(pred, timeout=30, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.2)
    raise AssertionError("timed out waiting for %s" % what)


def reload(stack, text):
    """The stack's selfcare.conf replaced by text, and the server reloaded
    (its mail child, the deliverer, replaced with the workers)."""
    log = stack.log
    before = log.read_text(errors="replace").count("reloaded: replacing workers")
    stack.conf.write_text(text)
    os.kill(stack.procs["selfcare"].pid, signal.SIGHUP)
    wait(lambda: log.read_text(errors="replace").count("reloaded: replacing workers")
         > before, what="the reload")
    # The new generation answers (the old one leaves after its request).
    time.sleep(1.5)


@pytest.fixture(scope="module")
def network(stack):
    """provision_command set to the recorder for the rest of the module:
    its directory (in/ the events given, mode its next answer)."""
    d = stack.dir / "provision"
    (d / "in").mkdir(parents=True, exist_ok=True)
    (d / "mode").write_text("ok\n")
    script = d / "record.sh"
    script.write_text(RECORDER % {"dir": d})
    script.chmod(0o755)
    original = stack.conf.read_text()
    reload(stack, original + "provision_command = %s\nprovision_tries = %d\n"
           % (script, TRIES))
    yield d
    reload(stack, original)


def mode(network, m):
    (network / "mode").write_text(m + "\n")


def received(network, oid):
    """The events the command was given for order oid, as parsed documents."""
    out = []
    for f in sorted((network / "in").glob("*.xml")):
        doc = etree.fromstring(f.read_bytes())
        if doc.get("order") == str(oid):
            out.append(doc)
    return out


def events(stack, oid):
    """(state, attempts, last_error) of order oid's provisioning events."""
    return stack.sql("SELECT state, attempts, last_error FROM provision_events"
                     " WHERE order_id = %s ORDER BY id" % oid)


@pytest.fixture
def desk(staff):
    return staff(("fulfilment",))


@pytest.fixture
def started(stack, member, desk):
    """started(product, quantity): an order by a member of a company of its
    own, taken into work by fulfilment's staff: (client, cid, oid, path)."""
    def make(product=None, quantity="1"):
        cid = own_company(stack)
        client = member(cid, ("orders",))
        over = {"quantity": quantity}
        if product is not None:
            over["product"] = product
        _, path = place(client, cid, **over)
        oid = path.rsplit("/", 1)[1]
        assert act(desk, oid, "start").status_code == 303
        return client, cid, oid, path
    return make


def hurry(stack, oid):
    """The back-off waited out: the event is due now."""
    stack.sql("UPDATE provision_events SET next_attempt_at = NOW() WHERE order_id = %s"
              % oid)


# -- without provision_command: staff complete by hand, no events ----------

def test_no_events_when_unset(stack, started):
    client, cid, oid, path = started()
    assert client.page(path + ".xml").find("order").get("state") == "inProgress"
    assert count(stack, "provision_events WHERE order_id = %s" % oid) == 0
    r = stack.selfcare("provision", "--deliver", check=False)
    assert r.returncode == EX_CONFIG
    assert b"provision_command is not set" in r.stdout


# -- with it ------------------------------------------------------------------

def test_event_raised_once_valid_and_given_on_stdin(stack, network, started):
    mode(network, "ok")
    client, cid, oid, path = started(quantity="2")
    assert count(stack, "provision_events WHERE order_id = %s" % oid) == 1
    docs = wait(lambda: received(network, oid), what="the event on stdin")
    wait(lambda: events(stack, oid) == [("accepted", "1", "NULL")], what="accepted")
    assert len(received(network, oid)) == 1
    doc = docs[0]
    etree.XMLSchema(etree.parse(str(SCHEMA))).assertValid(doc)
    assert doc.get("company") == cid
    items = doc.findall("item")
    assert [(i.get("kind"), i.get("action"), i.find("product").get("code"),
             i.findtext("quantity")) for i in items] == [("sim", "activate", "SIM", "2")]
    # What the outbox keeps is what the command got.
    body = stack.sql("SELECT body FROM provision_events WHERE order_id = %s" % oid)[0][0]
    assert 'order="%s"' % oid in body
    # Accepted is not done: the order waits for the network's answer.
    assert client.page(path + ".xml").find("order").get("state") == "inProgress"


def test_hardware_raises_no_event(stack, network, started):
    mode(network, "ok")
    _, _, oid, _ = started(product=DONGLE)
    assert count(stack, "provision_events WHERE order_id = %s" % oid) == 0


def test_retry_after_a_failing_command(stack, network, started):
    mode(network, "fail")
    client, cid, oid, path = started()
    wait(lambda: events(stack, oid) == [("pending", "1", "exit status 3")],
         what="the first failure")
    # Backed off: not tried again at once.
    time.sleep(2)
    assert events(stack, oid)[0][1] == "1"
    mode(network, "ok")
    hurry(stack, oid)
    wait(lambda: events(stack, oid) == [("accepted", "2", "NULL")], what="the retry")
    assert len(received(network, oid)) == 2


def test_given_up_after_the_tries_and_left_for_staff(stack, network, started, desk):
    mode(network, "fail")
    client, cid, oid, path = started()
    for n in range(1, TRIES + 1):
        wait(lambda: int(events(stack, oid)[0][1]) == n, what="try %d" % n)
        hurry(stack, oid)
    assert events(stack, oid) == [("failed", str(TRIES), "exit status 3")]
    time.sleep(2)
    assert len(received(network, oid)) == TRIES
    # The order is left for staff, in progress, with why in the queue.
    q = desk.page("/admin/orders").find("queue")
    assert q.find("order[@id='%s']" % oid).get("state") == "inProgress"
    p = q.find("provisioning[@order='%s']" % oid)
    assert p.get("state") == "failed" and p.findtext("error") == "exit status 3"
    said = {"%s: exit status 3" % st.i18n(lang)["provision.failed"]
            for lang in ("nb", "da", "en")}
    html = st.check_html(desk.get("/admin/orders"))
    cell = html.xpath("//tr[td/a[@href=$h]]//strong[@class='provisioning-failed']",
                      h="/admin/orders/%s" % oid)
    assert cell and re.sub(r"\s+", " ", "".join(cell[0].itertext())).strip() in said
    page = desk.page("/admin/orders/%s" % oid)
    assert page.find("provisioning").findtext("error") == "exit status 3"
    html = st.check_html(desk.get("/admin/orders/%s" % oid))
    cell = html.xpath("//strong[@class='provisioning-failed']")
    assert cell and re.sub(r"\s+", " ", "".join(cell[0].itertext())).strip() in said
    # Staff fail it by hand: no longer in the queue's failures.
    assert act(desk, oid, "fail", reason="no network coverage").status_code == 303
    assert desk.page("/admin/orders").find(
        "queue/provisioning[@order='%s']" % oid) is None
    # The customer never sees the command's error.
    assert "exit status 3" not in client.get(path).text


def test_a_second_deliverer_does_not_deliver_twice(stack, network, started):
    mode(network, "slow")
    oids = [started()[2] for _ in range(3)]
    # The mail child and a cron's deliverer at once.
    r = stack.selfcare("provision", "--deliver", timeout=60)
    assert re.search(rb"^\d+ accepted$", r.stdout, re.M), r.stdout
    for oid in oids:
        wait(lambda: events(stack, oid) and events(stack, oid)[0][0] == "accepted",
             timeout=40, what="order %s accepted" % oid)
    for oid in oids:
        assert len(received(network, oid)) == 1, oid
        assert events(stack, oid) == [("accepted", "1", "NULL")]


def accepted_order(stack, network, started):
    mode(network, "ok")
    client, cid, oid, path = started()
    wait(lambda: events(stack, oid) == [("accepted", "1", "NULL")], what="accepted")
    return client, cid, oid, path


def last_mail(stack, address):
    return stack.sql("SELECT subject, body FROM mail_outbox WHERE recipient = '%s'"
                     " ORDER BY id DESC LIMIT 1" % address)[0]


def test_order_result_completes(stack, network, started):
    client, cid, oid, path = accepted_order(stack, network, started)
    mails = count(stack, "mail_outbox WHERE recipient = '%s'" % client.user)
    r = stack.selfcare("order-result", oid, "completed")
    assert r.stdout == b"order %s completed\n" % oid.encode()
    o = client.page(path + ".xml").find("order")
    assert o.get("state") == "completed"
    last = o.findall("timeline/event")[-1]
    assert (last.get("from"), last.get("to")) == ("inProgress", "completed")
    assert last.find("by") is None          # the system, not a person
    assert count(stack, "charges WHERE company_id = %s" % cid) == 1
    # In the company's log, by no person: the network's provisioning.
    assert stack.sql("SELECT user_id, staff_id, detail FROM audit_log WHERE company_id = %s"
                     " AND action = 'order-complete' AND object_id = %s" % (cid, oid)) \
        == [("NULL", "NULL", "NULL")]
    assert count(stack, "mail_outbox WHERE recipient = '%s'" % client.user) == mails + 1
    subject, body = last_mail(stack, client.user)
    assert subject == "Ordren din %s er fullført" % oid
    assert "/companies/%s/orders/%s" % (cid, oid) in body
    # Once: a second answer changes nothing.
    r = stack.selfcare("order-result", oid, "completed", check=False)
    assert r.returncode == 1 and b"is not in progress" in r.stdout
    assert count(stack, "charges WHERE company_id = %s" % cid) == 1


def test_order_result_fails_with_the_reason(stack, network, started):
    client, cid, oid, path = accepted_order(stack, network, started)
    r = stack.selfcare("order-result", oid, "failed", "number not available")
    assert r.returncode == 0
    o = client.page(path + ".xml").find("order")
    assert o.get("state") == "failed"
    assert o.findall("timeline/event")[-1].findtext("note") == "number not available"
    assert "number not available" in client.get(path).text
    assert stack.sql("SELECT detail FROM audit_log WHERE company_id = %s AND action ="
                     " 'order-fail' AND object_id = %s" % (cid, oid)) == [("number not available",)]
    subject, body = last_mail(stack, client.user)
    assert str(oid) in subject and "number not available" in body
    assert count(stack, "charges WHERE company_id = %s" % cid) == 0


def test_order_result_refuses_bad_input_and_changes_nothing(stack, network, started):
    client, cid, oid, path = accepted_order(stack, network, started)
    missing = int(stack.sql("SELECT COALESCE(MAX(id), 0) + 1000 FROM orders")[0][0])
    for args, rc, why in (
            ((str(missing), "completed"), 1, b"no order %d" % missing),
            (("x1", "completed"), EX_USAGE, b"is not an order number"),
            ((oid, "done"), EX_USAGE, b"neither completed nor failed"),
            ((oid,), EX_USAGE, b"ID and completed or failed are required"),
            ((oid, "failed", "two\nlines"), EX_USAGE, b"REASON"),
            ((oid, "failed", "x" * 501), EX_USAGE, b"REASON"),
            ((oid, "failed", "a", "b"), EX_USAGE, b"one argument too many")):
        r = stack.selfcare("order-result", *args, check=False)
        assert r.returncode == rc and why in r.stdout, (args, r.stdout)
    assert client.page(path + ".xml").find("order").get("state") == "inProgress"


def test_the_demo_command_completes_the_order(stack, network, started):
    """conf/demo/provision-demo.sh accepts at once and completes later."""
    client, cid, oid, path = accepted_order(stack, network, started)
    demo = st.SRC / "conf" / "demo" / "provision-demo.sh"
    event = stack.sql("SELECT body FROM provision_events WHERE order_id = %s" % oid)[0][0]
    r = subprocess.run([str(demo), str(stack.binary), str(stack.conf), "0"],
                       input=event.replace("\\n", "\n").encode(), env=stack.env(),
                       timeout=20)
    assert r.returncode == 0
    wait(lambda: client.page(path + ".xml").find("order").get("state") == "completed",
         what="the demo's network")
    r = subprocess.run([str(demo), str(stack.binary), str(stack.conf)],
                       input=b"<nothing/>", stderr=subprocess.PIPE, timeout=20)
    assert r.returncode == 65 and b"no order" in r.stderr
    assert Path(demo).stat().st_mode & 0o111
