"""`make bench`'s usage figures: `selfcare import-usage` of a generated file
of BENCH_USAGE_RECORDS records (1 000 000 by default) over the stack's
subscriptions (a data record per subscription and hour, the mediation
system's ids in sequence), as records per second, and the database's size
per million records (information_schema: data and indexes of usage_records
and usage_daily); then BENCH_API_USAGE_RECORDS (100 000) more through
POST /api/v1/usage in batches of 10 000 with a mediation key, one call at a
time, as records per second.

Run on its own (a private stack with the demo data):
    SELFCARE_BIN=build/selfcare python3 tests/bench/usage_bench.py
"""

import os
import re
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests" / "http"))
sys.dont_write_bytecode = True

import stack as stackmod             # noqa: E402

RECORDS = int(os.environ.get("BENCH_USAGE_RECORDS", "1000000"))
API_RECORDS = int(os.environ.get("BENCH_API_USAGE_RECORDS", "100000"))
API_BATCH = 10000


def records(refs, first, n):
    """n records over refs from the first-th, from the 1st of this month
    backwards by the hour: (id, subscription, start, amount in kB)."""
    start = datetime.now(timezone.utc).replace(day=1, hour=0, minute=0, second=0,
                                               microsecond=0)
    k = len(refs)
    for i in range(first, first + n):
        t = start - timedelta(hours=i // k)
        yield ("bench-%09d" % i, refs[i % k], t.strftime("%Y-%m-%dT%H:%M:%SZ"),
               100 + i % 9000)


def generate(path, refs, n):
    with open(path, "w") as f:
        f.write("record_id,subscription,type,start,amount,unit\n")
        for r in records(refs, 0, n):
            f.write("%s,%s,data,%s,%d,kB\n" % r)


def mediation_key(st):
    """A mediation key, made on the back office's page by a staff member."""
    address = "bench.staff@operator.example.no"
    st.sql("INSERT IGNORE INTO staff (email, name, roles) VALUES ('%s', 'Bench',"
           " 'customers')" % address)
    c, _, _ = st.staff_login(st.base_url, address, None)
    csrf = c.page("/admin").findtext("context/csrf")
    r = c.post("/admin/api-keys.xml", {"csrf": csrf, "name": "Bench mediation",
                                        "kind": "mediation", "companies": "", "days": "1"})
    from lxml import etree
    secret = etree.fromstring(r.content).findtext("secret")
    if not secret:
        raise RuntimeError("no mediation key: %d %s" % (r.status_code, r.text[:500]))
    return secret


def run_api(st, refs, first, n, log):
    """n records from the first-th through POST /api/v1/usage."""
    import requests
    key = mediation_key(st)
    h = {"Authorization": "Bearer " + key, "Content-Type": "application/xml"}
    bodies = []
    for b in range(first, first + n, API_BATCH):
        bodies.append(("<usage-batch xmlns='urn:selfcare:usage-batch:1'>\n%s\n</usage-batch>"
                       % "\n".join("<usage id='%s' subscription='%s' type='data' start='%s'"
                                   " amount='%d' unit='kB'/>" % r for r in records(
                                       refs, b, min(API_BATCH, first + n - b)))).encode())
    s = requests.Session()
    accepted = 0
    t0 = time.monotonic()
    for body in bodies:
        r = s.post(st.base_url + "/api/v1/usage", data=body, headers=h, timeout=600)
        if r.status_code != 200:
            raise RuntimeError("POST /api/v1/usage: %d %s" % (r.status_code, r.text[:300]))
        accepted += int(re.search(r'accepted="([0-9]+)"', r.text).group(1))
    took = time.monotonic() - t0
    line = ("POST /api/v1/usage: %d records (%d accepted) in %d calls in %.1f s:"
            " %.0f records a second" % (n, accepted, len(bodies), took, n / took))
    log(line)
    return [line]


def size_of(st):
    return int(st.sql("SELECT SUM(data_length + index_length) FROM information_schema.tables"
                      " WHERE table_schema = DATABASE()"
                      " AND table_name IN ('usage_records', 'usage_daily')")[0][0])


def run(st, log, n=RECORDS):
    """Imports n generated records; returns the figures as lines."""
    refs = [r[0] for r in st.sql("SELECT ref FROM subscriptions ORDER BY id LIMIT 2000")]
    with tempfile.TemporaryDirectory(prefix="selfcare-usage-") as d:
        path = Path(d) / "usage.csv"
        t0 = time.monotonic()
        generate(path, refs, n)
        log("usage file of %d records over %d subscriptions (%d MB) in %.0fs" % (
            n, len(refs), path.stat().st_size >> 20, time.monotonic() - t0))
        st.sql("ANALYZE TABLE usage_records, usage_daily")
        before = size_of(st)
        t0 = time.monotonic()
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = st.selfcare("import-usage", str(path), timeout=3600).stdout.decode().strip()
        took = time.monotonic() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        # The rest of the time is the database's (and waiting for it).
        ours = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        st.sql("ANALYZE TABLE usage_records, usage_daily")
        grown = size_of(st) - before
    lines = [
        "import-usage: %s" % out.splitlines()[-1],
        "import-usage: %d records in %.1f s: %.0f records a second" % (n, took, n / took),
        "import-usage: selfcare's own CPU %.1f s of the %.1f s" % (ours, took),
        "usage tables: %.0f MB per million records (data and indexes)"
        % (grown / (1 << 20) * 1e6 / n),
    ]
    for line in lines:
        log(line)
    if API_RECORDS > 0:
        lines += run_api(st, refs, n, API_RECORDS, log)
    return lines


def main():
    st = stackmod.Stack(frontends=("nginx",), workers=1)
    st.mariadb_args = ["--innodb-buffer-pool-size=256M"]
    try:
        st.start()
        for line in run(st, lambda m: print("bench: " + m, file=sys.stderr, flush=True)):
            print(line)
    finally:
        st.stop()


if __name__ == "__main__":
    main()
