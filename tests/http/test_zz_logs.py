"""Runs last (file order): what the suite left in the selfcare log. Logs
never hold login codes, session tokens or keys (ASVS V7.1.1), and a worker
never crashed or tripped a sanitizer."""

import re

import stack as st

SANITIZER = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|"
                       r"SUMMARY: (Address|Undefined|Leak)Sanitizer")


def _log(stack):
    return stack.log.read_text(errors="replace")


def test_log_has_no_codes_tokens_or_keys(stack, _logins):
    log = _log(stack)
    assert log, "the selfcare log is empty: no request was logged"
    codes = set()
    for mail in stack.mail_files():
        try:
            codes.add(st.mail_code(mail))
        except AssertionError:
            pass
    assert codes, "no login mail was delivered during the suite"
    # A code as a word of its own: the hex request ids may hold its digits.
    for code in codes:
        assert not re.search(r"(?<![0-9A-Za-z])%s(?![0-9A-Za-z])" % re.escape(code), log), (
            "a login code is in the log")
    for c in _logins.values():
        token = getattr(c, "token", None)
        if token:
            assert token not in log, "a session token is in the log"
    key = (stack.dir / "secret.key").read_text().strip()
    assert key not in log and stack.db_password not in log


def test_log_has_no_sanitizer_reports(stack):
    found = SANITIZER.findall(_log(stack))
    assert not found, "sanitizer reports in %s" % stack.log
