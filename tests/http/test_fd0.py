"""The supervisor also runs on a listening socket it inherits as fd 0, as
under systemd socket activation (StandardInput=socket) or spawn-fcgi. The
stack runs a second one that way, behind its own nginx server."""

import stack as st
from conftest import KARI


def test_inherited_socket_serves_pages(stack):
    c = st.Client(stack.urls["fd0"])
    r = c.get("/login")
    assert r.status_code == 200
    st.check_html(r)
    st.validate_xml(c.get("/login.xml"))


def test_inherited_socket_shares_the_sessions(stack):
    """Both supervisors work on one database: a session made through one
    is good through the other (state lives in MariaDB, not in a worker)."""
    c = stack.login(stack.urls["nginx"], KARI)
    other = st.Client(stack.urls["fd0"])
    other.cookies.set(st.SESSION_COOKIE, c.token)
    assert other.get("/companies").status_code == 200
