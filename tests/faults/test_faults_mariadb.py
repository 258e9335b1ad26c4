"""MariaDB stopped (SIGTERM) while requests run: pages answer a clean 503
(HTML error page, and XML valid against error.xsd), no worker dies; once
MariaDB is started again on the same datadir and socket, the same workers
serve again within a few seconds, without a restart of selfcare."""

import threading
import time

import faultstack as fs

st = fs.st


class Load(threading.Thread):
    """Requests through nginx in a loop until stopped; records statuses."""

    def __init__(self, client, paths):
        super().__init__(daemon=True)
        self.client, self.paths = client, paths
        self.statuses = {}
        self.halt = threading.Event()

    def run(self):
        i = 0
        deadline = time.monotonic() + 120        # bounded whatever happens
        while not self.halt.is_set() and time.monotonic() < deadline:
            path = self.paths[i % len(self.paths)]
            i += 1
            try:
                code = self.client.get(path, timeout=30).status_code
            except Exception as e:               # noqa: BLE001 (recorded)
                code = type(e).__name__
            self.statuses[code] = self.statuses.get(code, 0) + 1

    def stop(self):
        self.halt.set()
        self.join(timeout=60)


def _check_503_html(r):
    assert r.status_code == 503, "%d\n%s" % (r.status_code, r.text[:1000])
    page = st.check_html(r)
    assert st.i18n(page.get("lang"))["error.503.title"] in st.text_of(page)
    assert "default-src 'self'" in r.headers.get("Content-Security-Policy", "")


def _check_503_xml(r):
    assert r.status_code == 503, "%d\n%s" % (r.status_code, r.text[:1000])
    root = st.validate_xml(r)           # error.xsd
    assert root.get("name") == "error"
    assert root.find("error").get("status") == "503"


def test_mariadb_stop_and_start(fstack, kari, nginx):
    workers = fstack.wait_workers()
    sup = fstack.supervisor
    mark = fstack.log_mark()
    # A second client of its own for the load (requests.Session is not
    # shared between threads).
    loader = st.Client(nginx)
    loader.cookies.set(st.SESSION_COOKIE, kari.token)
    load = Load(loader, ["/companies", "/companies.xml", "/login"])
    load.start()
    try:
        time.sleep(1.0)
        t0 = time.monotonic()
        fstack.stop_mariadb()
        print("\nMariaDB stopped in %.1fs" % (time.monotonic() - t0))
        time.sleep(0.5)
        anon = st.Client(nginx)
        for _ in range(3):
            _check_503_html(kari.get("/companies"))
            _check_503_xml(kari.get("/companies.xml"))
            _check_503_xml(kari.get("/companies", xml=True))
            # The login form needs no database (no row for a visitor);
            # asking for a code does.
            r = anon.get("/login")
            assert r.status_code == 200 and 'name="email"' in r.text, r.status_code
            csrf = anon.page("/login").findtext("context/csrf")
            _check_503_html(anon.post("/login", {"csrf": csrf,
                                                 "email": "kari.nordmann@example.no"}))
        time.sleep(1.5)     # the workers' reconnect back-off is one second
        _check_503_html(kari.get("/companies"))
        down = dict(load.statuses)
        t1 = time.monotonic()
        fstack.start_mariadb()
        up_at = time.monotonic()
        back = None
        while time.monotonic() - up_at < 10:
            if kari.get("/companies").status_code == 200:
                back = time.monotonic() - up_at
                break
            time.sleep(0.1)
        print("MariaDB up again in %.1fs; selfcare serving %s after that" % (
            up_at - t1, "%.2fs" % back if back is not None else "NOT"))
        assert back is not None and back < 5, "no 200 within 10s of MariaDB's return"
        # Every worker is back once its reconnect back-off (a second since
        # its last try) has passed: a run of requests all succeed.
        time.sleep(1.1)
        for _ in range(30):
            assert kari.get("/companies").status_code == 200
            assert kari.get("/companies.xml").status_code == 200
        time.sleep(1.0)
    finally:
        load.stop()
        if "mariadb" not in fstack.procs:
            fstack.start_mariadb()
    print("statuses under load: %r (while down: %r)" % (load.statuses, down))
    # Only successes (/login logged in is a 303 to /companies) and clean
    # 503s: no 502/504 (a dead or hung worker).
    assert set(load.statuses) <= {200, 303, 503}, load.statuses
    assert load.statuses.get(503, 0) > 0 and load.statuses.get(200, 0) > 0
    # No worker crashed or was replaced; selfcare was not restarted.
    log = fstack.log_since(mark)
    assert "died from signal" not in log and "exited with" not in log, log[-3000:]
    assert fstack.supervisor == sup
    assert fstack.workers_now() == workers
