"""The demo's data can be loaded again, and a restarted demo keeps its data.

conf/demo/run-demo.sh starts the demo through stack.py with a persistent
directory: its second run (after a reboot, an upgrade, a local change) must
come up without error and keep what the demo's users changed; `run-demo.sh
reset` (and `selfcare demo-data` by hand) loads the demo afresh over a demo
that people have used. These tests run a stack of their own, apart from the
suite's.
"""

import shutil
import tempfile

import pytest

import stack as st

COUNTS = ("SELECT (SELECT COUNT(*) FROM companies), (SELECT COUNT(*) FROM invoices),"
          " (SELECT COUNT(*) FROM payments), (SELECT COUNT(*) FROM cases),"
          " (SELECT COUNT(*) FROM mail_outbox WHERE invoice_id IS NOT NULL)")


@pytest.fixture(scope="module")
def demo_dir():
    d = tempfile.mkdtemp(prefix="selfcare-demo-test-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def _start(d, demo_data):
    s = st.Stack(workdir=d, frontends=("nginx",), workers=2, demo_data=demo_data)
    try:
        s.start()
    except st.StackError as e:
        pytest.fail("the demo stack did not start: %s" % e, pytrace=False)
    return s


def test_first_start_loads_the_demo(demo_dir):
    s = _start(demo_dir, "if-empty")
    try:
        assert s.demo_loaded
        companies, invoices, payments, cases, mails = s.sql(COUNTS)[0]
        assert companies == "3" and int(invoices) > 20 and int(payments) > 10
        st.CURRENT = s
        c = s.login(s.urls["nginx"], "kari.nordmann@example.no")
        assert c.get("/companies/1/locations").status_code == 200
        # Something the demo's user did: a case of her own.
        s.sql("INSERT INTO cases (company_id, kind, category, subject, created_by, status)"
              " VALUES (1, 'support', 'other', 'Made before the restart', 1, 'new')")
    finally:
        st.CURRENT = None
        s.stop()


def test_second_start_keeps_the_data(demo_dir):
    s = _start(demo_dir, "if-empty")
    try:
        assert not s.demo_loaded
        assert s.sql("SELECT COUNT(*) FROM cases WHERE subject = 'Made before the restart'")[0][0] == "1"
        st.CURRENT = s
        c = s.login(s.urls["nginx"], "kari.nordmann@example.no")
        assert "Made before the restart" in c.get("/companies/1/cases").text
    finally:
        st.CURRENT = None
        s.stop()


def test_demo_data_reloads_a_used_demo(demo_dir):
    s = _start(demo_dir, "if-empty")
    try:
        before = s.sql(COUNTS)[0]
        # Twice over a used demo: no duplicate key, the same demo after each.
        for _ in range(2):
            r = s.selfcare("demo-data", check=False)
            assert r.returncode == 0, r.stdout.decode(errors="replace")
        after = s.sql(COUNTS)[0]
        assert int(after[3]) == int(before[3]) - 1     # the user's case is gone
        assert after[:3] == before[:3] and after[4] == before[4]
        st.CURRENT = s
        c = s.login(s.urls["nginx"], "kari.nordmann@example.no")
        r = c.get("/companies/1/invoices?year=2025")
        assert r.status_code == 200 and "998,75" in r.text
    finally:
        st.CURRENT = None
        s.stop()
