"""Fixtures of the single sign-on suite: one OidcStack (oidcstack.py) for the
session, and the company whose members log in through the provider."""

import os
import signal
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import oidcstack  # noqa: E402

st = oidcstack.st


def _interrupt(signum, frame):
    raise KeyboardInterrupt("signal %d" % signum)


@pytest.fixture(scope="session")
def stack(request):
    # A CI time-out sends SIGTERM: an interrupt, so the finalizer still
    # stops the provider, the web servers and MariaDB.
    signal.signal(signal.SIGTERM, _interrupt)
    s = oidcstack.OidcStack()
    request.addfinalizer(s.stop)
    try:
        return s.start()
    except st.StackError as e:
        pytest.fail("the single sign-on stack did not start: %s" % e, pytrace=False)


@pytest.fixture(params=("nginx", "apache"))
def base(request, stack):
    """The base URL of the front end this run of the test goes through."""
    return stack.urls[request.param]


def pytest_terminal_summary(terminalreporter):
    # The last line .ci/run and `make check-sso` read.
    stats = terminalreporter.stats
    passed = len(stats.get("passed", []))
    failed = sum(len(stats.get(k, [])) for k in ("failed", "error"))
    if passed + failed == 0:
        failed = 1      # nothing ran: a failure, not a success
    terminalreporter.write_line("%d passed, %d failed" % (passed, failed))
