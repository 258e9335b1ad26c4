"""Payments from bank files: `selfcare import-payments FILE` with an ISO
20022 camt.054 notification and a Nets OCR giro file (tests/http/bankfiles.py
writes them as a bank does), paying the demo's open invoices by their KID.

What the operator sees is the command's lines and exit status; what the
customer sees is the invoice pages (as XML); what the back office gets is
the table of unmatched payments. A file imported again changes nothing, and
a file that is neither format, or breaks its rules, writes nothing.

The demo's open invoices, as `selfcare demo-data` leaves them: 100021
(Bitpro, 500.00 of 2557.50 paid), 100023 (Bitpro, 2557.50), 100024
(Nordlys, 3057.50), 500012 (Fjordnet, 560.00 DKK); 100010 is credited by
credit note 100025. Every test puts them back as they were."""

import threading
from pathlib import Path
from os import EX_DATAERR, EX_NOINPUT, EX_USAGE

import pytest

import bankfiles as bf
import stack as st

BITPRO, NORDLYS, FJORDNET = "Bitpro Demo AS", "Nordlys Eiendom AS", "Fjordnet ApS"
OPEN = ("100021", "100023", "100024", "500012", "100010", "100025")
DATA = st.SRC / "tests" / "data" / "bank"
UNKNOWN = bf.kid("10000009999999")              # valid MOD10, no invoice has it


# -- helpers -----------------------------------------------------------

def kid_of(stack, number):
    return stack.sql("SELECT payment_ref FROM invoices WHERE number = %s" % number)[0][0]


def inv(stack, number):
    return stack.sql("SELECT status, paid, total FROM invoices WHERE number = %s"
                     % number)[0]


def inv_id(stack, number):
    return stack.sql("SELECT id FROM invoices WHERE number = %s" % number)[0][0]


def count(stack, table):
    return int(stack.sql("SELECT COUNT(*) FROM " + table)[0][0])


def run(stack, *args):
    r = stack.selfcare(*args, check=False)
    return r.returncode, r.stdout.decode(errors="replace")


def import_file(stack, tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    return run(stack, "import-payments", str(path))


def unmatched(stack):
    """(bank reference, reason, the invoice's number or NULL, amount), by reference."""
    return stack.sql("SELECT t.bank_ref, u.reason, COALESCE(i.number, 'NULL'), t.amount"
                     " FROM unmatched_payments u"
                     " JOIN bank_transactions t ON t.id = u.bank_transaction_id"
                     " LEFT JOIN invoices i ON i.id = u.invoice_id ORDER BY t.bank_ref")


def snapshot(stack):
    """What an import may change: the open invoices and every table it writes."""
    return ({n: inv(stack, n) for n in OPEN}, count(stack, "payments"),
            count(stack, "bank_transactions"), count(stack, "unmatched_payments"))


@pytest.fixture(autouse=True)
def restored(stack):
    """Each test starts from the demo's open invoices and no bank transactions,
    and leaves them so for the files after this one."""
    before = {n: inv(stack, n) for n in OPEN}
    last = stack.sql("SELECT COALESCE(MAX(id), 0) FROM payments")[0][0]
    stack.sql("DELETE FROM unmatched_payments; DELETE FROM bank_transactions;")
    yield
    stack.sql("DELETE FROM unmatched_payments; DELETE FROM bank_transactions;"
              " DELETE FROM payments WHERE id > %s;" % last
              + "".join("UPDATE invoices SET status = '%s', paid = %s WHERE number = %s;"
                        % (status, paid, n) for n, (status, paid, _) in before.items()))


def four(stack, fmt):
    """The file of the issue: 100023 paid in full, 100024 in part, an unknown
    KID and more than what remains of 100021."""
    k21, k23, k24 = (kid_of(stack, n) for n in ("100021", "100023", "100024"))
    if fmt == "camt054":
        return bf.camt054([bf.Entry("E-1", "2557.50", kid=k23),
                           bf.Entry("E-2", "1000.00", kid=k24),
                           bf.Entry("E-3", "150.00", kid=UNKNOWN),
                           bf.Entry("E-4", "3000.00", kid=k21)]), ["E-1", "E-2", "E-3", "E-4"]
    return bf.ocr([bf.Txn(k23, "2557.50", "300000001"),
                   bf.Txn(k24, "1000.00", "300000002"),
                   bf.Txn(UNKNOWN, "150.00", "300000003"),
                   bf.Txn(k21, "3000.00", "300000004")]), [
        "2026-11-20/30000000%d/000000%d" % (i, i) for i in range(1, 5)]


# -- 1. paying invoices by KID ------------------------------------------

@pytest.mark.parametrize("fmt", ["camt054", "ocr"])
def test_import_pays_invoices_by_kid(stack, kari, mette, company_ids, tmp_path, fmt):
    data, refs = four(stack, fmt)
    k21, k23, k24 = (kid_of(stack, n) for n in ("100021", "100023", "100024"))
    rc, out = import_file(stack, tmp_path, data, "bank." + fmt)
    assert rc == 0, out
    lines = out.splitlines()
    assert lines[:4] == [
        "%s: 2557.50 NOK, KID %s: invoice 100023 paid, 0.00 NOK remaining" % (refs[0], k23),
        "%s: 1000.00 NOK, KID %s: invoice 100024 partly_paid, 2057.50 NOK remaining"
        % (refs[1], k24),
        "%s: 150.00 NOK, KID %s: unmatched (unknown_kid), no invoice has this KID"
        % (refs[2], UNKNOWN),
        "%s: 3000.00 NOK, KID %s: unmatched (overpaid), more than what remains of the"
        " invoice: invoice 100021, 2057.50 NOK remaining" % (refs[3], k21)]
    assert lines[4] == ("import-payments: %s (%s): 4 transactions: 2 paid, 2 unmatched,"
                        " 0 imported before, 0 skipped" % (
                            tmp_path / ("bank." + fmt),
                            "camt.054" if fmt == "camt054" else "OCR giro"))
    # The customer's invoice pages.
    pages = {n: kari.page("/companies/%s/invoices/%s.xml" % (company_ids[co], inv_id(stack, n)))
             .find("invoice") for n, co in (("100023", BITPRO), ("100024", NORDLYS),
                                           ("100021", BITPRO))}
    got = {n: (e.get("status"), e.findtext("paid"), e.findtext("remaining"))
           for n, e in pages.items()}
    assert got == {"100023": ("paid", "2557.50", "0.00"),
                   "100024": ("partly-paid", "1000.00", "2057.50"),
                   "100021": ("partly-paid", "500.00", "2057.50")}
    # Another company's administrator sees none of it.
    assert mette.get("/companies/%s/invoices/%s.xml" % (
        company_ids[BITPRO], inv_id(stack, "100023"))).status_code == 404
    assert "100023" not in mette.get("/companies/%s/invoices.xml?year=2026"
                                     % company_ids[FJORDNET]).text
    # The payments, as `pay` makes them: the day paid, the KID as reference.
    assert stack.sql("SELECT i.number, p.amount, p.paid_on, p.reference FROM payments p"
                     " JOIN invoices i ON i.id = p.invoice_id"
                     " JOIN bank_transactions t ON t.payment_id = p.id ORDER BY i.number") == [
        ("100023", "2557.50", "2026-11-20", k23), ("100024", "1000.00", "2026-11-20", k24)]
    # The back office's table: why, and which invoice the KID named.
    assert unmatched(stack) == [(refs[2], "unknown_kid", "NULL", "150.00"),
                                (refs[3], "overpaid", "100021", "3000.00")]
    assert stack.sql("SELECT source, file_name FROM bank_transactions GROUP BY source,"
                     " file_name") == [(fmt, "bank." + fmt)]
    # The same file again: nothing paid twice, nothing recorded twice.
    before = snapshot(stack)
    rc, out = import_file(stack, tmp_path, data, "bank." + fmt)
    assert rc == 0, out
    lines = out.splitlines()
    assert lines[0].endswith("imported before (invoice 100023)")
    assert lines[2].endswith("imported before (unmatched, no invoice has this KID)")
    assert lines[4].endswith("4 transactions: 0 paid, 0 unmatched, 4 imported before,"
                             " 0 skipped")
    assert snapshot(stack) == before


def test_the_rest_paid_by_the_next_file(stack, tmp_path):
    """A partial payment, then the rest in a file of the other format."""
    k24 = kid_of(stack, "100024")
    rc, out = import_file(stack, tmp_path, bf.ocr([bf.Txn(k24, "1000.00", "300000010")]),
                          "a.txt")
    assert rc == 0 and "invoice 100024 partly_paid, 2057.50 NOK remaining" in out, out
    rc, out = import_file(stack, tmp_path, bf.camt054([bf.Entry("E-10", "2057.50", kid=k24)]),
                          "b.xml")
    assert rc == 0 and "invoice 100024 paid, 0.00 NOK remaining" in out, out
    assert inv(stack, "100024") == ("paid", "3057.50", "3057.50")
    assert count(stack, "unmatched_payments") == 0


def test_what_pays_no_invoice_is_kept_with_the_reason(stack, mette, company_ids, tmp_path):
    kid = {n: kid_of(stack, n) for n in ("100010", "100023", "100025", "500012")}
    bad = kid["100023"][:-1] + str((int(kid["100023"][-1]) + 1) % 10)
    before = {n: inv(stack, n) for n in OPEN}
    data = bf.camt054([
        bf.Entry("R-1", "560.00", kid=kid["500012"]),           # a DKK invoice, in NOK
        bf.Entry("R-2", "100.00", kid=kid["100010"]),           # credited
        bf.Entry("R-3", "100.00", kid=kid["100025"]),           # a credit note's KID
        bf.Entry("R-4", "100.00", kid=bad),                     # check digit wrong
        bf.Entry("R-5", "100.00", kid="RF18539007547034"),      # not a KID
        bf.Entry("R-6", "100.00"),                              # no KID at all
        bf.Entry("R-7", "100.00", kid=kid["100023"], credit=False, reversal=True),
        bf.Entry("R-8", "49.00", credit=False),                 # a debit: not ours
        bf.Entry("R-9", "100.00", kid=kid["100023"], status="PDNG"),    # not booked yet
        bf.Entry("R-10", "0.00", kid=kid["100023"]),
    ])
    rc, out = import_file(stack, tmp_path, data, "rest.xml")
    assert rc == 0, out
    lines = out.splitlines()
    assert lines[0].endswith("unmatched (currency), the invoice is in another currency:"
                             " invoice 500012, 560.00 DKK remaining")
    assert lines[1].endswith("unmatched (credited), the invoice is credited: invoice 100010")
    assert lines[2].endswith("unmatched (credit_note), the KID is a credit note's:"
                             " invoice 100025")
    assert lines[3] == "R-4: 100.00 NOK, KID %s: unmatched (invalid_kid), not a valid KID" \
                       " (MOD10)" % bad
    assert lines[5] == "R-6: 100.00 NOK, KID none: unmatched (no_kid), no KID"
    assert lines[6].endswith("unmatched (reversal), the bank took a payment back")
    assert lines[7:10] == ["R-8: skipped, a debit, not a payment", "R-9: skipped, not booked",
                           "R-10: skipped, no amount"]
    assert lines[10].endswith("10 transactions: 0 paid, 7 unmatched, 0 imported before,"
                              " 3 skipped")
    assert unmatched(stack) == [
        ("R-1", "currency", "500012", "560.00"), ("R-2", "credited", "100010", "100.00"),
        ("R-3", "credit_note", "100025", "100.00"), ("R-4", "invalid_kid", "NULL", "100.00"),
        ("R-5", "invalid_kid", "NULL", "100.00"), ("R-6", "no_kid", "NULL", "100.00"),
        ("R-7", "reversal", "NULL", "100.00")]
    # Skipped entries are not recorded: the booked one comes in a later file.
    assert count(stack, "bank_transactions") == 7
    assert {n: inv(stack, n) for n in OPEN} == before
    # Fjordnet's invoice stays open for its administrator.
    e = mette.page("/companies/%s/invoices/%s.xml" % (company_ids[FJORDNET],
                                                      inv_id(stack, "500012"))).find("invoice")
    assert (e.get("status"), e.findtext("remaining")) == ("unpaid", "560.00")


def test_ocr_reversal_and_free_text(stack, tmp_path):
    k23 = kid_of(stack, "100023")
    data = bf.ocr([bf.Txn(k23, "100.00", "300000020", kind=18, negative=True),
                   bf.Txn("", "40.00", "300000021", kind=21)])
    rc, out = import_file(stack, tmp_path, data, "ocr.txt")
    assert rc == 0, out
    assert [r[1] for r in unmatched(stack)] == ["reversal", "no_kid"]
    assert inv(stack, "100023") == ("unpaid", "0.00", "2557.50")


def test_batch_entry_pays_each_transaction(stack, tmp_path):
    k23, k24 = kid_of(stack, "100023"), kid_of(stack, "100024")
    data = bf.camt054([bf.Entry("B-1", "1200.00", txs=[
        bf.Tx(kid=k23, amount="500.00", ref="T-1"), bf.Tx(kid=k24, amount="700.00")])])
    rc, out = import_file(stack, tmp_path, data, "batch.xml")
    assert rc == 0, out
    assert "B-1/T-1: 500.00 NOK, KID %s: invoice 100023 partly_paid, 2057.50 NOK" % k23 in out
    assert "B-1/2: 700.00 NOK, KID %s: invoice 100024 partly_paid, 2357.50 NOK" % k24 in out
    assert inv(stack, "100023")[:2] == ("partly_paid", "500.00")
    assert inv(stack, "100024")[:2] == ("partly_paid", "700.00")


def test_two_imports_at_once_pay_once(stack, tmp_path):
    k23 = kid_of(stack, "100023")
    path = tmp_path / "twice.xml"
    path.write_bytes(bf.camt054([bf.Entry("C-%d" % i, "100.00", kid=k23) for i in range(20)]))
    results = []

    def one():
        results.append(run(stack, "import-payments", str(path)))

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [rc for rc, _ in results] == [0, 0], results
    assert count(stack, "bank_transactions") == 20
    assert inv(stack, "100023")[:2] == ("partly_paid", "2000.00")
    assert int(stack.sql("SELECT COUNT(*) FROM payments p JOIN bank_transactions t"
                         " ON t.payment_id = p.id")[0][0]) == 20
    paid = sum(out.count("invoice 100023 partly_paid") for _, out in results)
    assert paid == 20


# -- 2. bad input: a clear error, nothing written ------------------------

def ocr_sum_wrong(stack):
    recs = bf.ocr_records([bf.Txn(kid_of(stack, "100023"), "2557.50", "300000030")])
    recs[4] = recs[4][:24] + "%017d" % 1 + recs[4][41:]
    return ("\r\n".join(recs) + "\r\n").encode()


NEITHER = ("neither a camt.054 notification (XML) nor an OCR giro file (80-character"
           " records from NY000010)")
BAD = [
    ("camt054-doctype.xml", lambda s: (DATA / "camt054-doctype.xml").read_bytes(),
     "line 2: a DOCTYPE: a bank file may not declare a DTD or entities"),
    ("camt054-invalid.xml", lambda s: (DATA / "camt054-invalid.xml").read_bytes(),
     "line 22: Element 'Amt': '1000,00' is not a valid value of the atomic type"
     " 'ActiveOrHistoricCurrencyAndAmount_SimpleType' (camt.054.001.02 schema)"),
    ("ocr-truncated.txt", lambda s: (DATA / "ocr-truncated.txt").read_bytes(),
     "the file ends after line 5 without the transmission end record (89): cut short?"),
    ("ocr-record-length.txt", lambda s: (DATA / "ocr-record-length.txt").read_bytes(),
     "line 3: 79 characters: an OCR record has 80"),
    ("sum.txt", ocr_sum_wrong, "line 5: the assignment end record (88) sums its amounts"
     " to 1 øre, they add up to 255750"),
    ("camt053.xml", lambda s: bf.camt054([]).replace(b"camt.054", b"camt.053"),
     "line 2: the document is not a camt.054.001.02 notification (its root is not"
     " Document in urn:iso:std:iso:20022:tech:xsd:camt.054.001.02)"),
    ("notes.txt", lambda s: b"Innbetalinger november\n", NEITHER),
    ("empty.txt", lambda s: b"", NEITHER),
    ("huge.xml", lambda s: b" " * (16 * 1024 * 1024) + bf.camt054([]),
     "larger than 16 MiB; nothing imported"),
]


@pytest.mark.parametrize("name,make,message", BAD, ids=[b[0] for b in BAD])
def test_bad_file_imports_nothing(stack, tmp_path, name, make, message):
    before = snapshot(stack)
    rc, out = import_file(stack, tmp_path, make(stack), name)
    assert rc == EX_DATAERR, out
    assert out == "import-payments: %s: %s%s\n" % (
        tmp_path / name, message, "" if "nothing imported" in message else
        "; nothing imported"), out
    assert snapshot(stack) == before


def test_doctype_entity_is_not_read(stack, tmp_path):
    """The example's DOCTYPE declares an entity reading a local file: refused
    whole, and nothing of the file appears in the output."""
    data = (DATA / "camt054-doctype.xml").read_bytes()
    assert b"<!ENTITY kid SYSTEM" in data
    rc, out = import_file(stack, tmp_path, data, "doctype.xml")
    assert rc == EX_DATAERR and "a DOCTYPE" in out, out
    hostname = (Path("/etc/hostname").read_text().strip()
                if Path("/etc/hostname").exists() else "")
    assert not hostname or hostname not in out, out


@pytest.mark.parametrize("args,status,message", [
    ((), EX_USAGE, "selfcare: import-payments: the FILE is missing"),
    (("a.xml", "b.xml"), EX_USAGE, "selfcare: import-payments: one argument too many: 'b.xml'"),
    (("--date", "2026-11-20"), EX_USAGE, "selfcare: import-payments: unknown option '--date'"),
    (("/nonexistent/bank.xml",), EX_NOINPUT,
     "import-payments: /nonexistent/bank.xml: No such file or directory"),
    (("/",), EX_NOINPUT, "import-payments: /: Is a directory"),
])
def test_usage_and_unreadable_file(stack, args, status, message):
    before = snapshot(stack)
    rc, out = run(stack, "import-payments", *args)
    assert rc == status and message in out, out
    if status == EX_USAGE:
        assert "usage: selfcare [-c FILE] import-payments FILE" in out
    assert snapshot(stack) == before


def test_help_names_the_command_and_its_status(stack):
    rc, out = run(stack, "--help")
    assert rc == 0
    assert "  import-payments FILE\n" in out
    assert " 65 EX_DATAERR " in out
    man = (st.SRC / "man" / "selfcare.8.in").read_text()
    assert ".It Cm import-payments Ar file" in man and "EX_DATAERR" in man
