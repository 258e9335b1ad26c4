"""Fixtures of the partner's scenario: a private stack started by
tests/http/stack.py (MariaDB, selfcare, nginx and Apache on 127.0.0.1) with
the demo's provisioning command, which completes an order a second after
the network took it; and the people around the partner. Only the start and
stop of the servers come from the HTTP suite; everything the partner, the
company's administrator and the staff do is their own HTTP
(partner.py, portal.py)."""

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "http"))

import portal  # noqa: E402
import stack as st  # noqa: E402

FRONTENDS = ("nginx", "apache")
ADMIN = "kari.nordmann@example.no"          # full administrator of Bitpro Demo AS
DESK = "ordre.partner@operator.example.no"  # the operator's fulfilment
CARE = "kunde.partner@operator.example.no"  # the operator's customer staff


def _interrupt(signum, frame):
    raise KeyboardInterrupt("signal %d" % signum)


class Operator:
    """The operator's side of the stack: its `selfcare` commands."""

    def __init__(self, s):
        self.binary, self.conf, self.env = s.binary, s.conf, s.env()

    def run(self, *args):
        """selfcare -c CONF ARGS...; its output, or AssertionError."""
        r = subprocess.run([str(self.binary), "-c", str(self.conf)] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=self.env, timeout=300)
        out = r.stdout.decode(errors="replace")
        assert r.returncode == 0, "selfcare %s: exit %d\n%s" % (
            " ".join(args), r.returncode, out)
        return out


@pytest.fixture(scope="session")
def stack():
    signal.signal(signal.SIGTERM, _interrupt)
    s = st.Stack(frontends=FRONTENDS)
    # The directory is made here so that the provisioning command can name
    # the configuration in it; stop() removes it all the same.
    s.dir = Path(tempfile.mkdtemp(prefix="selfcare-partner-"))
    s.conf_extra["provision_command"] = "%s %s %s 1" % (
        st.SRC / "conf" / "demo" / "provision-demo.sh", s.binary, s.conf)
    try:
        s.start()
    except st.StackError as e:
        s.stop()
        pytest.fail("the partner's stack did not start: %s" % e, pytrace=False)
    yield s
    s.stop()


@pytest.fixture(scope="session")
def operator(stack):
    return Operator(stack)


@pytest.fixture(scope="session")
def mailbox(stack):
    return portal.Mailbox(stack.mail_dir)


@pytest.fixture(scope="session")
def admin(stack, mailbox):
    """Bitpro's administrator, logged in to the portal."""
    return portal.company_admin(stack.urls[FRONTENDS[0]], mailbox, ADMIN)


def company_id(admin, name):
    """A company's id, as its administrator's company list shows it."""
    ids = [c.get("id") for c in admin.page("/companies.xml").iter("company")
           if c.findtext("name") == name]
    assert len(ids) == 1, (name, ids)
    return ids[0]


@pytest.fixture(scope="session")
def company(admin):
    return company_id(admin, "Bitpro Demo AS")


@pytest.fixture(scope="session")
def other_company(admin):
    """Another company of the same administrator: its keys see only it."""
    return company_id(admin, "Nordlys Eiendom AS")


@pytest.fixture(scope="session")
def desk(stack, operator, mailbox):
    """A member of the operator's fulfilment, added with `selfcare
    staff-add` and logged in to the back office (enrolled at the first
    login)."""
    operator.run("staff-add", DESK, "Ordre Partner", "fulfilment")
    return portal.staff_member(stack.urls[FRONTENDS[0]], mailbox, DESK)


@pytest.fixture(params=FRONTENDS)
def base(request, stack):
    """The front end the partner's program goes through."""
    return stack.urls[request.param]



@pytest.fixture(scope="session")
def customers_desk(stack, operator, mailbox):
    """A member of the operator's customer staff, who makes API keys for
    resellers and the mediation system in the back office."""
    operator.run("staff-add", CARE, "Kunde Partner", "customers")
    return portal.staff_member(stack.urls[FRONTENDS[0]], mailbox, CARE)
