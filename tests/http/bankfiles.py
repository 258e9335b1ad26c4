"""Bank files as a bank writes them, for the tests of `selfcare
import-payments`: an ISO 20022 camt.054.001.02 notification and a Nets OCR
giro file (80-character records). Amounts are given as text ("998.75");
the OCR file writes them in øre.

    camt054([Entry(...), ...]) -> bytes
    ocr([Txn(...), ...]) -> bytes
    kid("1000000110002") -> the same digits with their MOD10 check digit
"""

from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

NS = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"


def kid(digits):
    """digits + the MOD10 (Luhn) check digit, as billing makes a KID."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        v = int(d) * (2 if i % 2 == 0 else 1)
        total += v - 9 if v > 9 else v
    return digits + str((10 - total % 10) % 10)


@dataclass
class Tx:
    """A transaction of a camt.054 entry (TxDtls)."""
    kid: str = None
    amount: str = None          # AmtDtls/TxAmt/Amt; None: not given
    ref: str = None             # Refs/AcctSvcrRef
    currency: str = "NOK"
    payer: str = None           # RltdPties/Dbtr/Nm


@dataclass
class Entry:
    """A camt.054 entry (Ntry); kid is its one transaction's KID."""
    ref: str
    amount: str
    kid: str = None
    currency: str = "NOK"
    credit: bool = True
    status: str = "BOOK"
    reversal: bool = False
    value_date: str = "2026-11-20"
    txs: list = field(default_factory=list)     # several: a batch
    payer: str = None           # its one transaction's debtor


def _tx(t):
    out = ["<TxDtls>"]
    if t.ref:
        out.append("<Refs><AcctSvcrRef>%s</AcctSvcrRef></Refs>" % escape(t.ref))
    if t.amount is not None:
        out.append('<AmtDtls><TxAmt><Amt Ccy="%s">%s</Amt></TxAmt></AmtDtls>'
                   % (t.currency, t.amount))
    if t.payer is not None:
        out.append("<RltdPties><Dbtr><Nm>%s</Nm></Dbtr></RltdPties>" % escape(t.payer))
    if t.kid is not None:
        out.append("<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry>"
                   "</Tp><Ref>%s</Ref></CdtrRefInf></Strd></RmtInf>" % escape(t.kid))
    out.append("</TxDtls>")
    return "".join(out)


def _entry(e):
    txs = e.txs or ([Tx(kid=e.kid, payer=e.payer)]
                    if e.kid is not None or e.payer is not None else [])
    details = ""
    if txs:
        details = "<NtryDtls>%s</NtryDtls>" % "".join(_tx(t) for t in txs)
    return (
        "    <Ntry>\n"
        "      <NtryRef>%s</NtryRef>\n"
        '      <Amt Ccy="%s">%s</Amt>\n'
        "      <CdtDbtInd>%s</CdtDbtInd>\n"
        "%s"
        "      <Sts>%s</Sts>\n"
        "      <BookgDt><Dt>%s</Dt></BookgDt>\n"
        "      <ValDt><Dt>%s</Dt></ValDt>\n"
        "      <AcctSvcrRef>%s</AcctSvcrRef>\n"
        "      <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>VCOM</SubFmlyCd>"
        "</Fmly></Domn></BkTxCd>\n"
        "      %s\n"
        "    </Ntry>\n" % (
            escape(e.ref), e.currency, e.amount, "CRDT" if e.credit else "DBIT",
            "      <RvslInd>true</RvslInd>\n" if e.reversal else "",
            e.status, e.value_date, e.value_date, escape(e.ref), details))


def camt054(entries, created="2026-11-20T08:00:00", msg_id="SELFCARE-TEST-1"):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="%s">\n'
        "<BkToCstmrDbtCdtNtfctn>\n"
        "  <GrpHdr><MsgId>%s</MsgId><CreDtTm>%s</CreDtTm></GrpHdr>\n"
        "  <Ntfctn>\n"
        "    <Id>%s-N1</Id>\n"
        "    <CreDtTm>%s</CreDtTm>\n"
        "    <Acct><Id><Othr><Id>15030012345</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm>"
        "</Othr></Id><Ccy>NOK</Ccy></Acct>\n"
        "%s"
        "  </Ntfctn>\n"
        "</BkToCstmrDbtCdtNtfctn>\n"
        "</Document>\n" % (NS, msg_id, created, msg_id, created,
                           "".join(_entry(e) for e in entries))).encode()


@dataclass
class Txn:
    """An OCR giro transaction: amount item 1 (30) and 2 (31)."""
    kid: str
    amount: str
    archive: str
    kind: int = 10              # transaksjonstype: 10 giro debited an account
    negative: bool = False      # fortegn '-': a reversal
    date: str = "201126"        # oppgjørsdato, DDMMYY


def ore(amount):
    return int(Decimal(amount) * 100)


def ocr_records(txns, date="201126"):
    """The records (without line ends) of one transmission, one assignment."""
    recs = ["NY000010" + "00008080" + "0000001" + "00012345" + "0" * 49,
            "NY090020" + "001234567" + "0000001" + "15030012345" + "0" * 45]
    for n, t in enumerate(txns, 1):
        recs.append("NY09%02d30%07d%s0120100001%s%017d%25s000000" % (
            t.kind, n, t.date, "-" if t.negative else "0", ore(t.amount), t.kid))
        recs.append("NY09%02d31%07d%010d%9s%s%s%s%s" % (
            t.kind, n, 0, t.archive, "0" * 7, t.date, "15030012345", "0" * 22))
    total = sum(ore(t.amount) for t in txns)
    recs.append("NY090088%08d%08d%017d%s%s%s%s" % (
        len(txns), 2 * len(txns) + 2, total, date, date, date, "0" * 21))
    recs.append("NY000089%08d%08d%017d%s%s" % (
        len(txns), 2 * len(txns) + 4, total, date, "0" * 33))
    for r in recs:
        assert len(r) == 80, (len(r), r)
    return recs


def ocr(txns, date="201126"):
    return ("\r\n".join(ocr_records(txns, date)) + "\r\n").encode("ascii")
