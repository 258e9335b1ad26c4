"""`make bench`'s usage figures: `selfcare import-usage` of a generated file
of BENCH_USAGE_RECORDS records (1 000 000 by default) over the stack's
subscriptions (a data record per subscription and hour, the mediation
system's ids in sequence), as records per second, and the database's size
per million records (information_schema: data and indexes of usage_records
and usage_daily).

Run on its own (a private stack with the demo data):
    SELFCARE_BIN=build/selfcare python3 tests/bench/usage_bench.py
"""

import os
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


def generate(path, refs, n):
    """n records over refs, from the 1st of this month backwards by the hour."""
    start = datetime.now(timezone.utc).replace(day=1, hour=0, minute=0, second=0,
                                               microsecond=0)
    k = len(refs)
    with open(path, "w") as f:
        f.write("record_id,subscription,type,start,amount,unit\n")
        for i in range(n):
            t = start - timedelta(hours=i // k)
            f.write("bench-%09d,%s,data,%s,%d,kB\n" % (
                i, refs[i % k], t.strftime("%Y-%m-%dT%H:%M:%SZ"), 100 + i % 9000))


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
        out = st.selfcare("import-usage", str(path), timeout=3600).stdout.decode().strip()
        took = time.monotonic() - t0
        st.sql("ANALYZE TABLE usage_records, usage_daily")
        grown = size_of(st) - before
    lines = [
        "import-usage: %s" % out.splitlines()[-1],
        "import-usage: %d records in %.1f s: %.0f records a second" % (n, took, n / took),
        "usage tables: %.0f MB per million records (data and indexes)"
        % (grown / (1 << 20) * 1e6 / n),
    ]
    for line in lines:
        log(line)
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
