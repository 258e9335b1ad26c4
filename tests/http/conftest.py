"""Fixtures of the HTTP suite: one private stack for the whole session
(tests/http/stack.py), every test run once through nginx and once through
Apache, and logged-in clients reused where a test does not end its session."""

import os
import signal
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import stack as st  # noqa: E402

FRONTENDS = ("nginx", "apache")
KARI = "kari.nordmann@example.no"
METTE = "mette.jensen@example.dk"


def _interrupt(signum, frame):
    raise KeyboardInterrupt("signal %d" % signum)


@pytest.fixture(scope="session")
def stack():
    # A CI time-out or kill sends SIGTERM: turn it into an interrupt so the
    # stack's processes are stopped and its directory removed all the same.
    signal.signal(signal.SIGTERM, _interrupt)
    s = st.Stack(frontends=FRONTENDS, fd0=True)
    try:
        s.start()
    except st.StackError as e:
        pytest.fail("the test stack did not start: %s" % e, pytrace=False)
    st.CURRENT = s
    yield s
    st.CURRENT = None
    s.stop()


@pytest.fixture(params=FRONTENDS)
def base(request, stack):
    """The base URL of the front end this run of the test goes through."""
    return stack.urls[request.param]


@pytest.fixture(autouse=True)
def _fresh_login_codes(stack):
    # Every request of the suite comes from 127.0.0.1 and the rate limits
    # count login_codes rows per address and per client: start each test
    # with none, so tests do not trip over each other's codes.
    stack.sql("DELETE FROM login_codes; DELETE FROM staff_codes")


@pytest.fixture
def anon(base):
    """A fresh client without a session."""
    return st.Client(base)


@pytest.fixture(scope="session")
def _logins():
    return {}


def _logged_in(stack, base, address, cache):
    """A logged-in client, reused across tests (logins cost a mail round
    trip). Tests that log out or change the session make their own."""
    c = cache.get((base, address))
    if c is None or c.get("/companies").status_code != 200:
        c = cache[(base, address)] = stack.login(base, address)
    c.cookies.pop("lang", None)
    return c


@pytest.fixture
def kari(stack, base, _logins):
    return _logged_in(stack, base, KARI, _logins)


@pytest.fixture
def mette(stack, base, _logins):
    return _logged_in(stack, base, METTE, _logins)


@pytest.fixture
def ola(stack, base, _logins):
    """Manager of Bitpro Demo AS with the support area only."""
    return _logged_in(stack, base, "ola.hansen@example.no", _logins)


@pytest.fixture
def per(stack, base, _logins):
    """Manager of Bitpro Demo AS with the subscriptions and invoices areas."""
    return _logged_in(stack, base, "per.olsen@example.no", _logins)


@pytest.fixture
def company_ids(stack, _logins):
    """Company name → id, as the users' /companies pages list them (the ids
    are auto-increment: never assumed)."""
    if "ids" not in _logins:
        ids = {}
        base = stack.urls[FRONTENDS[0]]
        for address in (KARI, METTE):
            root = _logged_in(stack, base, address, _logins).page("/companies.xml")
            for c in root.iter("company"):
                ids[c.findtext("name")] = c.get("id")
        _logins["ids"] = ids
    return _logins["ids"]


# -- members made for a test: exact areas ---------------------------------

def member_address(cid, areas, role="manager"):
    return "m%s.%s.%s@example.no" % (cid, role, "-".join(sorted(areas)) or "none")


def make_member(stack, cid, areas, role="manager"):
    """A user of company cid with exactly that role and those areas (made
    the first time, set back to them every time: a test that changed them
    leaks nothing into the next). Returns the address."""
    address = member_address(cid, areas, role)
    stack.sql("INSERT INTO users (email, name, lang) VALUES ('%s', 'Test %s', 'nb')"
              " ON DUPLICATE KEY UPDATE status = 'active';"
              "INSERT INTO memberships (user_id, company_id, role, areas)"
              " SELECT id, %s, '%s', '%s' FROM users WHERE email = '%s'"
              " ON DUPLICATE KEY UPDATE role = VALUES(role), areas = VALUES(areas);"
              % (address, role.capitalize(), cid, role, ",".join(sorted(areas)), address))
    return address


@pytest.fixture
def member(stack, base, _logins):
    """member(cid, areas, role="manager"): a client logged in as a user of
    company cid with exactly that role and those areas."""
    def get(cid, areas=(), role="manager"):
        c = _logged_in(stack, base, make_member(stack, cid, areas, role), _logins)
        c.user_id = stack.sql("SELECT id FROM users WHERE email = '%s'" % c.user)[0][0]
        return c
    return get


def make_staff(stack, roles):
    """A member of the operator's staff with exactly these roles (made once)."""
    address = "staff.%s@operator.example.no" % ("-".join(sorted(roles)) or "none")
    stack.sql("INSERT IGNORE INTO staff (email, name, roles) VALUES ('%s', 'Test Staff',"
              " '%s')" % (address, ",".join(roles)))
    return address


@pytest.fixture
def staff(stack, base, _logins):
    """staff(roles): a client logged in to the back office as a staff member
    holding exactly those roles (enrolled at its first login)."""
    def get(roles=()):
        address = make_staff(stack, roles)
        key = (base, "staff", address)
        c = _logins.get(key)
        if c is None or c.get("/admin").status_code != 200:
            secret = _logins.get(("secret", address))
            # Each login takes a fresh TOTP step: the last one is forgotten.
            stack.sql("UPDATE staff SET totp_last_step = 0 WHERE email = '%s'" % address)
            c, secret, _ = stack.staff_login(base, address, secret)
            _logins[key] = c
            _logins[("secret", address)] = secret
        return c
    return get
