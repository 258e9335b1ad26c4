"""The back office under valgrind: a worker serving every back-office page
(staff, customers, care, catalogue, billing runs and invoices, payments
and the bank-file upload, help articles; HTML and XML; bad input, unknown
ids, a role not held) and the commands behind it run under valgrind
themselves: `selfcare staff-add`, `bill --queued`, `import-payments` and
`remind`. Every report must show no errors and no definite leaks, as in
test_soak_valgrind.py (whose stack this is: SELFCARE_POOL=0, one worker).
"""

import random
import re
import sys
import uuid
from pathlib import Path

import faultstack as fs
# The stack of test_soak_valgrind.py, one worker recycled every 120 requests.
from test_soak_valgrind import ValgrindStack, _summary, vstack  # noqa: F401

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "http"))
import bankfiles as bf  # noqa: E402

st = fs.st
ADDRESS = "vera.valgrind@operator.example.no"
ALL_ROLES = "admin,customers,care,catalogue,billing,articles"


def vg_command(s, name, *args):
    """selfcare ARGS under valgrind (not its children); (exit status,
    output, the valgrind report's summary and text)."""
    env = s.env()
    env["SELFCARE_POOL"] = "0"
    log = s.dir / "log" / ("vg-%s.log" % name)
    argv = [a for a in ValgrindStack.VALGRIND if a != "--trace-children=yes"] + [
        "--trace-children=no", "--log-file=%s" % log,
        str(s.binary), "-c", str(s.conf)] + list(args)
    r = fs.subprocess.run(argv, stdout=fs.subprocess.PIPE, stderr=fs.subprocess.STDOUT,
                          env=env, timeout=300)
    text = log.read_text(errors="replace")
    return r.returncode, r.stdout.decode(errors="replace"), _summary(text), text


def one(s, sql):
    return s.sql(sql)[0][0]


class Walk:
    """Requests and the statuses that were not the expected ones."""

    def __init__(self):
        self.n = 0
        self.unexpected = []

    def do(self, c, method, path, expect, **kw):
        kw.setdefault("timeout", 120)
        r = c.request(method, path, **kw)
        self.n += 1
        if r.status_code != expect:
            self.unexpected.append((method, path, r.status_code, expect, r.text[:300]))
        return r

    def form(self, c, path):
        ctx = c.page(path).find("context")
        self.n += 1
        return {"csrf": ctx.findtext("csrf"), "formkey": ctx.findtext("formkey") or ""}


def _free_period(s):
    while True:
        period = "%04d-%02d" % (random.randint(2000, 2023), random.randint(1, 12))
        first = period + "-01"
        if (one(s, "SELECT COUNT(*) FROM invoices WHERE period = '%s'" % period) == "0" and
                one(s, "SELECT COUNT(*) FROM billing_runs WHERE period = '%s'"
                    % period) == "0" and
                one(s, "SELECT COUNT(*) FROM subscriptions WHERE started_on <="
                    " LAST_DAY('%s') AND (ends_on IS NULL OR ends_on >= '%s')"
                    % (first, first)) == "0"):
            return period


def _company_billed_in(s, period):
    """A company of its own, one subscription covering period only."""
    name = "Valgrind %s AS" % uuid.uuid4().hex[:8]
    s.sql("INSERT INTO companies (name, orgnr, country, street, postcode, city) VALUES"
          " ('%s', '%d', 'NO', 'Gate 1', '7011', 'Trondheim')"
          % (name, random.randint(800000000, 899999999)))
    cid = one(s, "SELECT id FROM companies WHERE name = '%s'" % name)
    s.sql("INSERT INTO billing_accounts (company_id, issuer_id, number, currency, vat_rate)"
          " VALUES (%s, 1, '%d', 'NOK', 25.00)" % (cid, 30000000 + int(cid)))
    s.sql("INSERT INTO subscriptions (company_id, product_id, ref, monthly_price, currency,"
          " status, started_on, ends_on) VALUES (%s, 1, 'TSN-V%s', 349.00, 'NOK',"
          " 'terminated', '%s-01', LAST_DAY('%s-01'))" % (cid, cid, period, period))
    return cid


def _walk(s, w, c, tmp):
    """Every back-office page once or twice; returns the command runs."""
    runs = {}
    # The work waiting, staff.
    for path in ("/admin", "/admin/staff", "/admin/customers", "/admin/customers?q=AS",
                 "/admin/customers/new", "/admin/cases", "/admin/cases?state=open",
                 "/admin/catalogue", "/admin/catalogue?kind=topup", "/admin/catalogue/new",
                 "/admin/billing", "/admin/payments", "/admin/payments/unmatched",
                 "/admin/payments/unmatched?all=1", "/admin/articles",
                 "/admin/articles/new", "/admin/articles/categories"):
        w.do(c, "GET", path, 200)
        w.do(c, "GET", path, 200, xml=True)
    for path in ("/admin/customers?page=x", "/admin/cases?order=sideways",
                 "/admin/catalogue?kind=nonsense", "/admin/billing?period=2024-13",
                 "/admin/articles?status=maybe", "/admin/customers?unknown=1"):
        w.do(c, "GET", path, 400)
    for path in ("/admin/staff/999999", "/admin/customers/999999", "/admin/cases/999999",
                 "/admin/catalogue/999999", "/admin/billing/runs/999999",
                 "/admin/invoices/999999", "/admin/articles/999999", "/admin/nothing"):
        w.do(c, "GET", path, 404)
    sid = one(s, "SELECT id FROM staff WHERE email = '%s'" % ADDRESS)
    w.do(c, "GET", "/admin/staff/%s" % sid, 200)
    # A member added on the web, a bad one refused.
    f = w.form(c, "/admin/staff")
    w.do(c, "POST", "/admin/staff", 303, data=dict(
        f, name="Web Added", email="web.added.%s@operator.example.no" % uuid.uuid4().hex[:6],
        **{"role-care": "on"}))
    f = w.form(c, "/admin/staff")
    w.do(c, "POST", "/admin/staff", 400, data=dict(f, name="", email="not-an-address"))
    # A customer: its page and the portal's pages seen from the back office.
    cid = one(s, "SELECT MIN(id) FROM companies")
    for path in ("/admin/customers/%s", "/admin/customers/%s/view/locations",
                 "/admin/customers/%s/view/subscriptions",
                 "/admin/customers/%s/view/invoices"):
        w.do(c, "GET", path % cid, 200)
    f = w.form(c, "/admin/customers/new")
    w.do(c, "POST", "/admin/customers/new", 400, data=dict(f, name="X", orgnr="12"))
    # A case of the demo's, if it has one.
    case = s.sql("SELECT MIN(id) FROM cases")[0][0]
    if case != "NULL":
        w.do(c, "GET", "/admin/cases/%s" % case, 200)
        w.do(c, "GET", "/admin/cases/%s" % case, 200, xml=True)
    product = one(s, "SELECT MIN(id) FROM products")
    w.do(c, "GET", "/admin/catalogue/%s" % product, 200)
    # Help: a category and an article written, a bad one refused.
    code = "vg%s" % uuid.uuid4().hex[:6]
    f = w.form(c, "/admin/articles/categories")
    w.do(c, "POST", "/admin/articles/categories", 303, data=dict(
        f, code=code, position="9", **{"name-nb": "Valgrind", "name-da": "Valgrind",
                                       "name-en": "Valgrind"}))
    f = w.form(c, "/admin/articles/new")
    w.do(c, "POST", "/admin/articles/new", 303, data=dict(
        f, slug="valgrind-" + code, category=code, status="published", position="1",
        pages="", **{"title-nb": "Minne", "title-da": "Hukommelse", "title-en": "Memory",
                     "body-nb": "Tekst.", "body-da": "Tekst.", "body-en": "Text."}))
    aid = one(s, "SELECT id FROM help_articles WHERE slug = 'valgrind-%s'" % code)
    w.do(c, "GET", "/admin/articles/%s" % aid, 200)
    f = w.form(c, "/admin/articles/new")
    w.do(c, "POST", "/admin/articles/new", 400, data=dict(f, slug="Not A Slug!"))
    # A billing run queued on the web, worked by the command under valgrind.
    period = _free_period(s)
    billed = _company_billed_in(s, period)
    f = w.form(c, "/admin/billing")
    w.do(c, "POST", "/admin/billing", 303, data=dict(f, period=period))
    runs["bill"] = vg_command(s, "bill", "bill", "--queued")
    run = one(s, "SELECT id FROM billing_runs WHERE period = '%s'" % period)
    w.do(c, "GET", "/admin/billing/runs/%s" % run, 200)
    w.do(c, "GET", "/admin/billing/runs/%s" % run, 200, xml=True)
    invoice, number, kid = s.sql("SELECT id, number, payment_ref FROM invoices"
                                 " WHERE company_id = %s" % billed)[0]
    w.do(c, "GET", "/admin/invoices/%s" % invoice, 200)
    w.do(c, "GET", "/admin/invoices/%s/invoice.pdf" % invoice, 200)
    f = w.form(c, "/admin/invoices/%s" % invoice)
    w.do(c, "POST", "/admin/invoices/%s" % invoice, 400, data=dict(
        f, what="amount", amount="-5"))
    # Payments: by hand, a bank file uploaded, another imported by the command.
    f = w.form(c, "/admin/payments")
    w.do(c, "POST", "/admin/payments", 303, data=dict(
        f, invoice=number, amount="100.00", date="2026-11-20", reference="VG-1"))
    f = w.form(c, "/admin/payments")
    w.do(c, "POST", "/admin/payments", 400, data=dict(
        f, invoice=number, amount="lots", date="2026-11-20", reference=""))
    csrf = c.page("/admin/payments").findtext("context/csrf")
    w.n += 1
    w.do(c, "POST", "/admin/payments/upload", 200, xml=True, data={"csrf": csrf}, files={
        "file": ("bank.xml", bf.camt054([bf.Entry("VG-2", "50.00", kid=kid)],
                                         msg_id="VG-" + code), "application/xml")})
    w.do(c, "POST", "/admin/payments/upload", 400, xml=True, data={"csrf": csrf}, files={
        "file": ("letter.txt", b"Not a bank file.\n", "text/plain")})
    path = tmp / "bank.xml"
    path.write_bytes(bf.camt054([bf.Entry("VG-3", "25.00", kid=kid),
                                 bf.Entry("VG-4", "10.00", kid=bf.kid("999999999"))],
                                msg_id="VG-CMD-" + code))
    runs["import-payments"] = vg_command(s, "import-payments", "import-payments", str(path))
    w.do(c, "GET", "/admin/payments/unmatched", 200)
    runs["remind"] = vg_command(s, "remind", "remind", "--date", "2026-12-19")
    return runs


def test_back_office_under_valgrind(vstack, say, tmp_path):
    s = vstack
    w = Walk()
    added = vg_command(s, "staff-add", "staff-add", ADDRESS, "Vera Valgrind", ALL_ROLES)
    refused = vg_command(s, "staff-add-bad", "staff-add", "not-an-address", "Nobody")
    s.sql("UPDATE staff SET totp_last_step = 0 WHERE email = '%s'" % ADDRESS)
    c, _, _ = s.staff_login(s.urls["nginx"], ADDRESS)
    w.n += 6
    runs = _walk(s, w, c, tmp_path)
    care = "staff.care@operator.example.no"
    s.sql("INSERT IGNORE INTO staff (email, name, roles) VALUES ('%s', 'Care Only', 'care')"
          % care)
    cc, _, _ = s.staff_login(s.urls["nginx"], care)
    for path in ("/admin/staff", "/admin/billing", "/admin/payments", "/admin/articles"):
        w.do(cc, "GET", path, 403)
    last, sup = s.workers_now(), s.supervisor
    rc = s.stop_selfcare()
    say("\nvalgrind (back office): %d requests; supervisor exit %s" % (w.n, rc))
    assert added[0] == 0, added[1]
    assert refused[0] in (1, 64), refused[1]
    bad = []
    runs.update({"staff-add": added, "staff-add-bad": refused})
    for name, (code, out, sm, text) in sorted(runs.items()):
        say("  selfcare %s: exit %d; ERROR SUMMARY %s errors; definitely lost %d B" % (
            name, code, sm["errors"], sm["definite"]))
        if code == 99 or sm["errors"] is None or sm["errors"] or sm["definite"] or sm["kinds"]:
            bad.append("selfcare %s: %s\n%s" % (name, sm, text[-6000:]))
    assert runs["bill"][0] == 0 and runs["import-payments"][0] == 0 and \
        runs["remind"][0] == 0, {k: v[:2] for k, v in runs.items()}
    pids = set()
    for f in s.vg_logs():
        pid = int(f.name.split(".")[1])
        pids.add(pid)
        text = f.read_text(errors="replace")
        sm = _summary(text)
        say("  vg.%d (%s): ERROR SUMMARY %s errors; definitely lost %d B" % (
            pid, "supervisor" if pid == sup else "worker or its PDF child", sm["errors"],
            sm["definite"]))
        if sm["errors"] is None or sm["errors"] or sm["definite"] or sm["kinds"]:
            bad.append("vg.%d: %s\n%s" % (pid, sm, text[-6000:]))
    assert not bad, "\n\n".join(bad)
    assert not w.unexpected, (w.unexpected[:20], s.log_tail(40))
    assert last <= pids, "no report of the worker %r" % sorted(last)
    assert rc != 99, "valgrind reported errors in the supervisor (exit 99)"
    log = s.log_text()
    assert not re.search(r"died from signal|exited with", log), log[-3000:]
