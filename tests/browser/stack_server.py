#!/usr/bin/python3
"""The private selfcare stack (tests/http/stack.py) for the browser tests.

Started by stack.mjs as a child process. Starts a Stack with nginx only,
prints one JSON line {"base": URL, "dir": ..., "mail": ...} on stdout, then
answers one JSON line per request line on stdin:

  {"op": "count", "address": A}            → {"ok": n}  mails to A so far
  {"op": "code", "address": A, "after": n} → {"ok": "12345678"}, the code in
                                             the first new mail after n
  {"op": "mail", "address": A, "after": n} → {"ok": {"subject": S, "body": B}},
                                             the first new mail after n, delivered
  {"op": "sql", "query": Q}                → {"ok": rows}
  {"op": "reset_codes"}                    → {"ok": null}  (rate limits of the
                                             portal's and the back office's codes)
  {"op": "camt054", "entries": [{"ref": R, "amount": "998.75", "kid": K}, ...]}
                                           → {"ok": text}, a camt.054 notification
  {"op": "ocr", "txns": [{"kid": K, "amount": "998.75", "archive": A}, ...]}
                                           → {"ok": text}, a Nets OCR giro file
                                             (both as tests/http/bankfiles.py
                                             writes them)

End of stdin, SIGTERM or SIGINT stop the stack and remove its directory.
"""

import json
import os
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
import bankfiles as bf  # noqa: E402
import stack as st  # noqa: E402


def _interrupt(signum, frame):
    raise KeyboardInterrupt("signal %d" % signum)


def answer(s, req):
    op = req.get("op")
    if op == "count":
        return len(s.mails_to(req["address"]))
    if op == "code":
        before = s.mails_to(req["address"])[:int(req.get("after", 0))]
        return s.wait_for_code(req["address"], set(before), timeout=30)
    if op == "mail":
        before = s.mails_to(req["address"])[:int(req.get("after", 0))]
        path = s.wait_for_mail(req["address"], set(before), timeout=30)
        return {"subject": str(st.mail_message(path)["Subject"]), "body": st.mail_body(path)}
    if op == "sql":
        return [list(r) for r in s.sql(req["query"])]
    if op == "reset_codes":
        s.sql("DELETE FROM login_codes; DELETE FROM staff_codes")
        return None
    if op == "camt054":
        return bf.camt054([bf.Entry(e["ref"], e["amount"], kid=e["kid"],
                                    payer=e.get("payer")) for e in req["entries"]]).decode()
    if op == "ocr":
        return bf.ocr([bf.Txn(t["kid"], t["amount"], t["archive"])
                       for t in req["txns"]]).decode("ascii")
    raise ValueError("unknown op %r" % op)


def main():
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    s = st.Stack(frontends=("nginx",))
    try:
        try:
            s.start()
        except st.StackError as e:
            print(json.dumps({"error": str(e)}), flush=True)
            return 1
        print(json.dumps({"base": s.base_url, "dir": str(s.dir),
                          "mail": str(s.mail_dir), "log": str(s.log)}), flush=True)
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                out = {"ok": answer(s, json.loads(line))}
            except (Exception, AssertionError) as e:  # noqa: B014
                out = {"error": "%s: %s" % (type(e).__name__, e)}
            print(json.dumps(out), flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        s.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
