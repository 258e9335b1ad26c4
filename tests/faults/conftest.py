"""Fixtures of the fault suite: one private stack (MariaDB, selfcare with
3 workers and no mail child, nginx) shared by the tests that do not need a
configuration of their own, and a logged-in client for it."""

import os
import signal
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import faultstack as fs  # noqa: E402


def _interrupt(signum, frame):
    raise KeyboardInterrupt("signal %d" % signum)


def start_stack(cls=None, **kw):
    """A started FaultStack (or subclass cls) with keyword arguments kw."""
    signal.signal(signal.SIGTERM, _interrupt)
    s = (cls or fs.FaultStack)(**kw)
    try:
        s.start()
    except fs.st.StackError as e:
        pytest.fail("the test stack did not start: %s" % e, pytrace=False)
    fs.st.CURRENT = s
    return s


@pytest.fixture(scope="session")
def fstack():
    s = start_stack(conf={"request_timeout": 20})
    yield s
    fs.st.CURRENT = None
    s.stop()


@pytest.fixture(autouse=True)
def _fresh_login_codes(request):
    # The login rate limits count codes per address and client: each test
    # starts with none (only where a stack is already up).
    if "fstack" in request.fixturenames:
        request.getfixturevalue("fstack").sql("DELETE FROM login_codes")


@pytest.fixture(scope="session")
def _kari_cache():
    return {}


@pytest.fixture
def kari(fstack, _kari_cache):
    """A client logged in as Kari through nginx (reused while it works)."""
    c = _kari_cache.get("c")
    if c is None or c.get("/companies").status_code != 200:
        fstack.sql("DELETE FROM login_codes")
        c = _kari_cache["c"] = fstack.login(fstack.urls["nginx"], fs.KARI)
    return c


@pytest.fixture
def nginx(fstack):
    return fstack.urls["nginx"]
