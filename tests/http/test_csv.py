"""CSV downloads for spreadsheets (B6): a UTF-8 BOM, the dialect of the
reader's language (nb/da: ";" and a decimal comma, en: "," and a decimal
point), amounts as numbers, and every cell guarded by OWASP's CSV-injection
rules (a cell starting with =, +, -, @, TAB or CR is text with a leading ',
a separator inside a cell is quoted), through nginx and Apache."""

import csv
import io
from decimal import Decimal

import pytest

BITPRO, FJORDNET = "Bitpro Demo AS", "Fjordnet ApS"
BOM = b"\xef\xbb\xbf"
DIALECT = {"nb": (";", ","), "da": (";", ","), "en": (",", ".")}

# What a hostile user name or cost centre may hold, and what a spreadsheet
# must get: text, shown as typed after the leading '.
HOSTILE = ["=1+1", "@SUM(A1)", "\t=1", "x;=1+1", "+47 912 34 567", "-2+3",
           "\r=1", "=HYPERLINK(\"http://x.example\",\"y\")", "Marked, Oslo"]


def rows_of(r, lang):
    """A CSV response parsed as a spreadsheet of lang would: the rows."""
    assert r.status_code == 200, r.text[:500]
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.content.startswith(BOM)
    sep, _ = DIALECT[lang]
    text = r.content[len(BOM):].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"',
                           doublequote=True, strict=True))


def number(cell, lang):
    """A number cell in lang's dialect as a Decimal (fails on text)."""
    sep, dec = DIALECT[lang]
    assert cell.lstrip("-").replace(dec, "", 1).isdigit(), (lang, cell)
    return Decimal(cell.replace(dec, "."))


def guarded(cell):
    """Whether a spreadsheet would take cell as text, not a formula."""
    return not cell or cell[0] not in "=+-@\t\r"


@pytest.fixture
def hostile(stack, company_ids):
    """Subscriptions of Bitpro's with hostile user names and cost centres
    (refs CSVX-n), removed afterwards."""
    cid = company_ids[BITPRO]
    esc = [h.replace("\\", "\\\\").replace("'", "\\'").replace("\t", "\\t")
           .replace("\r", "\\r") for h in HOSTILE]
    sql = []
    for i, h in enumerate(esc):
        sql.append("INSERT INTO users (email, name, phone) VALUES"
                   " ('csvx%d@example.no', '%s', '+4791234567');" % (i, h))
        sql.append("INSERT INTO subscriptions (company_id, user_id, product_id, ref,"
                   " monthly_price, currency, started_on, cost_centre) VALUES"
                   " (%s, LAST_INSERT_ID(), 2, 'CSVX-%d', %s, 'NOK', '2026-01-01', '%s');"
                   % (cid, i, "-12.50" if i == 0 else "349.00", h))
    stack.sql("\n".join(sql))
    yield cid
    stack.sql("DELETE FROM subscriptions WHERE ref LIKE 'CSVX-%';"
              " DELETE FROM users WHERE email LIKE 'csvx%@example.no'")


@pytest.mark.parametrize("lang", ["nb", "da", "en"])
def test_subscriptions_csv_dialect(per, company_ids, lang):
    cid = company_ids[BITPRO]
    r = per.get("/companies/%s/subscriptions.csv?q=TSN-756070&sort=email" % cid,
                cookies={"lang": lang})
    rows = rows_of(r, lang)
    assert rows[0] == ["name", "email", "phone", "subscription", "product",
                       "monthly_price", "currency", "status", "cost_centre"]
    assert [row[0] for row in rows[1:]] == ["Anne Berg", "Jonas Lie", "Lars Dahl"]
    anne = rows[1]
    assert anne[5] == "349" + DIALECT[lang][1] + "00"
    assert number(anne[5], lang) == Decimal("349.00")
    # A phone number is text with its + kept (never a formula, never 4791000005).
    assert anne[2] == "'+4791000005"
    assert all(len(row) == len(rows[0]) for row in rows)


def test_subscriptions_csv_guards_every_cell(per, hostile):
    for lang in ("nb", "en"):
        r = per.get("/companies/%s/subscriptions.csv?q=CSVX-&sort=subscription" % hostile,
                    cookies={"lang": lang})
        rows = rows_of(r, lang)
        head, body = rows[0], rows[1:]
        assert len(body) == len(HOSTILE)
        assert all(len(row) == len(head) for row in body), body   # no cell split
        for row in body:
            for col, cell in zip(head, row):
                if col != "monthly_price":
                    assert guarded(cell), (lang, col, cell)
        by_ref = {row[3]: dict(zip(head, row)) for row in body}
        for i, h in enumerate(HOSTILE):
            row = by_ref["CSVX-%d" % i]
            # Shown as typed: the guard adds a ' to what would be a formula only.
            want = "'" + h if h[0] in "=+-@\t\r" else h
            assert row["name"] == want and row["cost_centre"] == want, (lang, row)
            assert row["phone"] == "'+4791234567"
        # A negative amount stays a number, not defused text.
        assert number(by_ref["CSVX-0"]["monthly_price"], lang) == Decimal("-12.50")
        assert by_ref["CSVX-0"]["monthly_price"] == "-12" + DIALECT[lang][1] + "50"


def test_csv_raw_bytes(per, hostile):
    r = per.get("/companies/%s/subscriptions.csv?q=CSVX-3&sort=subscription" % hostile,
                cookies={"lang": "nb"})
    # x;=1+1 is one quoted cell; its price a bare number.
    assert b'"x;=1+1"' in r.content and b";349,00;" in r.content
    r = per.get("/companies/%s/subscriptions.csv?q=CSVX-3&sort=subscription" % hostile,
                cookies={"lang": "en"})
    assert b'"x;=1+1"' in r.content and b",349.00," in r.content


def credit_note(stack):
    """A credit note of the demo's (its number) and its company's id."""
    no, co = stack.sql("SELECT number, company_id FROM invoices"
                           " WHERE kind = 'credit_note' ORDER BY id LIMIT 1")[0]
    return no, co


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_invoice_csv_amounts_are_numbers(stack, kari, mette, company_ids, lang):
    no, co = credit_note(stack)
    iid = stack.sql("SELECT id FROM invoices WHERE number = %s" % no)[0][0]
    total = Decimal(stack.sql("SELECT total FROM invoices WHERE id = %s" % iid)[0][0])
    client = kari if co in (company_ids[BITPRO], company_ids["Nordlys Eiendom AS"]) else mette
    r = client.get("/companies/%s/invoices/%s/specification.csv" % (co, iid),
                   cookies={"lang": lang})
    rows = rows_of(r, lang)
    head = rows[0]
    lines = [dict(zip(head, row)) for row in rows[1:]]
    assert lines and total < 0
    for line in lines:
        for col in ("line", "quantity", "base_quantity", "unit_price", "net", "vat_rate",
                    "vat", "amount"):
            number(line[col], lang)
        assert line["from"][4] == "-" and len(line["from"]) == 10   # ISO dates
    assert sum(number(line["amount"], lang) for line in lines) == total
