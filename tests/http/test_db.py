"""The database layer as pages and mail see it: values of any length come
back whole, on a connection's first read of a statement and on later ones.

(With Debian 12.12's libmariadb3 10.11.18, refetching a truncated column
gave an empty value: the first login mail of a fresh system had no code.)
"""

import stack as st


def _enqueue(stack, to, body):
    stack.sql("INSERT INTO mail_outbox (recipient, subject, body) VALUES "
              "('%s', 'Lang e-post', '%s')" % (to, body))


def test_long_mail_body_arrives_whole(stack):
    body = "Koden er 12345678.\\n" + "æøå " * 1500 + "\\nslutt"
    to = "long-body@example.no"
    before = set(stack.mails_to(to))
    _enqueue(stack, to, body)
    mail = stack.wait_for_mail(to, before)
    text = st.mail_body(mail)
    assert text.startswith("Koden er 12345678.")
    assert text.count("æøå") == 1500
    assert text.rstrip().endswith("slutt")


def test_deliver_command_sends_long_body_whole(stack):
    # `selfcare deliver` is a new process with a new connection, whose
    # first fetch of the outbox statement carries a body longer than any
    # buffer it starts with (the mail child may take the message first:
    # either way it must arrive whole).
    to = "first-read@example.no"
    body = "Hei!\\n\\n" + "x" * 700 + "\\nslutt"
    _enqueue(stack, to, body)
    stack.selfcare("deliver")
    mail = stack.wait_for_mail(to, set())
    text = st.mail_body(mail)
    assert "x" * 700 in text and text.rstrip().endswith("slutt")
