#!/usr/bin/python3
"""make installcheck: the installed selfcare serves pages.

Starts the installed `selfcare serve` (BINDIR/selfcare) with the installed
stylesheets, strings and schemas (PKGDATADIR/xsl, PKGDATADIR/schema) against
a private MariaDB, behind nginx on 127.0.0.1, through tests/http/stack.py;
applies the installed migrations and demo data, logs in as the demo's Kari
with the code from the delivered mail, and fetches pages, their XML
(validated against the installed schemas) and an invoice PDF. Everything
it started is stopped again. Ends with "N passed, N failed".

    installcheck.py BINDIR PKGDATADIR
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "http"))

import stack as st  # noqa: E402

KARI = "kari.nordmann@example.no"


class InstalledStack(st.Stack):
    def __init__(self, bindir, datadir):
        super().__init__(frontends=("nginx",), binary=Path(bindir) / "selfcare",
                         workers=2)
        self.datadir = Path(datadir)

    def conf_values(self, **override):
        values = super().conf_values(**override)
        values["xsl_dir"] = self.datadir / "xsl"
        values["schema_dir"] = self.datadir / "schema"
        return values

    def _copy_static(self):
        # nginx serves /static/ from the installed assets.
        self.static_src = self.datadir / "xsl" / "static"
        super()._copy_static()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    bindir, datadir = sys.argv[1:]
    passed, failed = 0, 0

    def check(what, ok, detail=""):
        nonlocal passed, failed
        print("%s: %s%s" % ("ok" if ok else "FAIL", what, "" if ok else "\n  " + detail))
        if ok:
            passed += 1
        else:
            failed += 1

    s = InstalledStack(bindir, datadir)
    try:
        s.start()
    except st.StackError as e:
        print("FAIL: the installed selfcare did not start: %s" % e)
        print("0 passed, 1 failed")
        return 1
    st.CURRENT = s
    try:
        base = s.urls["nginx"]
        r = st.Client(base).get("/login")
        check("the login page answers", r.status_code == 200 and 'name="email"' in r.text,
              "%d %s" % (r.status_code, r.text[:300]))
        c = s.login(base, KARI)
        for path, text in (("/companies", "Bitpro Demo AS"),
                           ("/companies/1/locations", "Internett MBE"),
                           ("/companies/1/invoices?year=2025", "998,75"),
                           ("/static/selfcare.css", "")):
            r = c.get(path)
            check("GET %s" % path, r.status_code == 200 and text in r.text,
                  "%d %s" % (r.status_code, r.text[:300]))
        from lxml import etree
        for name, path in (("locations", "/companies/1/locations"),
                           ("invoices", "/companies/1/invoices?year=2025")):
            xsd = etree.XMLSchema(etree.parse(str(Path(datadir) / "schema" / "xsd" /
                                                  (name + ".xsd"))))
            doc = c.page(path)
            check("%s XML valid against the installed %s.xsd" % (path, name),
                  xsd.validate(doc), str(xsd.error_log))
        inv = s.sql("SELECT id FROM invoices WHERE company_id = 1 ORDER BY id LIMIT 1")[0][0]
        r = c.get("/companies/1/invoices/%s/invoice.pdf" % inv)
        check("the invoice PDF", r.status_code == 200 and r.content.startswith(b"%PDF"),
              "%d %r" % (r.status_code, r.content[:100]))
    except Exception as e:      # a broken install shows as a failure, not a trace
        check("the installed portal", False, "%s: %s" % (type(e).__name__, e))
    finally:
        st.CURRENT = None
        s.stop()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
