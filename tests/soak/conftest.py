"""Fixtures of the soak suite; the stacks come from tests/faults/faultstack.py."""

import os
import signal
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "faults"))     # faultstack.py


def _interrupt(signum, frame):
    raise KeyboardInterrupt("signal %d" % signum)


@pytest.fixture(autouse=True, scope="session")
def _sigterm():
    signal.signal(signal.SIGTERM, _interrupt)


@pytest.fixture
def say(capsys):
    """Prints a figure line to the terminal even while output is captured,
    and appends it to $SOAK_REPORT if set."""
    def _say(text):
        with capsys.disabled():
            print(text, flush=True)
        report = os.environ.get("SOAK_REPORT")
        if report:
            with open(report, "a") as f:
                f.write(text + "\n")
    return _say
