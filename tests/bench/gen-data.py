#!/usr/bin/python3
"""A large, deterministic data set for `make bench`, as SQL on stdout.

    tests/bench/gen-data.py [--companies 5000] [--seed 1] > big.sql
    tests/bench/gen-data.py --scale 10 > large.sql   # ten times the data
    mariadb selfcare < big.sql

Companies, their locations, employees with mobile subscriptions (SIM cards,
services, history), administrators and managers with memberships in one to
five companies (the company switcher), support cases and change requests
with comments, and audit rows. With the defaults: 5 000 companies, about
15 000 locations, about 52 000 subscriptions, 10 000 cases, 50 000 audit
rows. Ids start above the demo data's (schema/demo/demo.sql), which stays,
and the demo products (ids 1-14) are used.

--scale N multiplies the companies (so locations, subscriptions, cases and
audit rows) by N and, from 10 up, writes the invoices itself, 20 per company
(--invoices-per-company; one line each, the period's subscriptions at their
price), and --usage-records records into usage_records and usage_daily
(one import), 1 000 000 at --scale 10: with 50 000 companies, about
525 000 subscriptions, 1 000 000 invoices. Without them `selfcare bill`
makes the invoices (make bench) and `selfcare import-usage` the usage.

The first --bench-users administrators (user ids BENCH_USER0 …, e-mail
bench.admin.N@example.net) are full administrators of 2-5 companies each,
spread over the whole set: tests/bench/bench.py logs them in.

Only the standard library; one multi-row INSERT per 1 000 rows, inside one
transaction with the checks off, so loading takes seconds.
"""

import argparse
import random
import sys

COMPANY0 = 1000          # first company id
USER0 = 100000           # first employee id
ADMIN0 = 50000           # first administrator id (BENCH_USER0)
LOCATION0 = 100000
SUB0 = 1000000
CASE0 = 100000
AUDIT0 = 1000000
INVOICE0 = 10000000      # generated invoices (--invoices-per-company)
NUMBER0 = 500000000      # their numbers at the demo's issuer (id 1)
USAGE0 = 100000000       # generated usage records
USAGE_IMPORT = 1000000   # their import

FIRST = ["Kari", "Ola", "Per", "Anne", "Jonas", "Lars", "Ingrid", "Nora", "Emma",
         "Jakob", "Sofie", "Henrik", "Maja", "Erik", "Sara", "Magnus", "Ida",
         "Søren", "Mette", "Åse", "Øystein", "Frida", "Tobias", "Hanne"]
LAST = ["Nordmann", "Hansen", "Olsen", "Berg", "Lie", "Dahl", "Johansen",
        "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
        "Karlsen", "Haugen", "Bakken", "Solberg", "Strand", "Nielsen", "Ødegård"]
WORDS = ["Nord", "Fjord", "Bit", "Data", "Bygg", "Havn", "Lys", "Fjell", "Skog",
         "Elv", "Vind", "Stein", "Sjø", "Dal", "Tind", "Berg", "Øst", "Vest"]
SUFFIX = ["AS", "AS", "AS", "ASA", "Eiendom AS", "Drift AS", "Holding AS"]
CITIES = [("0150", "Oslo"), ("5003", "Bergen"), ("7011", "Trondheim"),
          ("4005", "Stavanger"), ("9008", "Tromsø"), ("3015", "Drammen")]
PLACES = ["Kontor", "Lager", "Butikk", "Verksted", "Hovedkontor", "Filial"]
# Demo products (schema/demo/demo.sql): subscriptions and services in NOK.
PLANS = [(1, "799.00"), (2, "349.00"), (3, "549.00"), (4, "1199.00")]
SERVICES = [(10, "49.00"), (11, "29.00"), (12, "19.00")]
SUPPORT_CAT = ["technical", "billing", "order", "account", "other"]
CHANGE_CAT = ["change-subscription", "more-data", "terminate", "move", "other"]
STATUSES = ["new", "in-progress", "waiting", "resolved", "closed"]
AREAS_ALL = "subscriptions,orders,invoices,support,users"
ACTIONS = ["login", "login-code-sent", "case-new", "case-comment", "plan-change",
           "cost-centre", "user-invite", "subscription-terminate"]


def q(s):
    if s is None:
        return "NULL"
    if isinstance(s, int):
        return str(s)
    return "'" + str(s).replace("\\", "\\\\").replace("'", "''") + "'"


class Writer:
    def __init__(self, out, batch=1000):
        self.out, self.batch = out, batch
        self.table = self.cols = None
        self.rows = []
        self.counts = {}

    def add(self, table, cols, row):
        if (table, cols) != (self.table, self.cols):
            self.flush()
            self.table, self.cols = table, cols
        self.rows.append("(" + ",".join(q(v) for v in row) + ")")
        self.counts[table] = self.counts.get(table, 0) + 1
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self):
        if self.rows:
            self.out.write("INSERT INTO %s (%s) VALUES\n%s;\n" % (
                self.table, self.cols, ",\n".join(self.rows)))
        self.rows = []


def day(r, y0=2022, y1=2026):
    return "%04d-%02d-%02d" % (r.randint(y0, y1 - 1), r.randint(1, 12), r.randint(1, 28))


def stamp(r):
    return "%s %02d:%02d:%02d" % (day(r, 2024, 2026), r.randint(7, 18),
                                  r.randint(0, 59), r.randint(0, 59))


def invoices(w, r, cids, subs_of, per_company):
    """per_company monthly invoices of each company, the newest for
    2026-09, each of one line: the period's subscriptions."""
    periods = []
    y, m = 2026, 9
    for _ in range(per_company):
        periods.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    iid, number = INVOICE0, NUMBER0
    # All invoices, then all lines: a table at a time makes multi-row INSERTs.
    lines = []
    for cid in cids:
        n = len(subs_of[cid])
        net = n * 549
        for k, (y, m) in enumerate(periods):
            period = "%04d-%02d" % (y, m)
            dy, dm = (y, m + 1) if m < 12 else (y + 1, 1)
            status = "unpaid" if k == 0 else ("paid" if r.random() < 0.97 else "unpaid")
            total = "%d.00" % (net * 5 // 4)
            w.add("invoices", "id,issuer_id,number,company_id,billing_account_id,period,"
                  "period_key,invoice_date,due_date,currency,net,vat,total,paid,status,"
                  "payment_ref,customer_name,customer_orgnr,customer_street,"
                  "customer_postcode,customer_city,customer_country",
                  (iid, 1, number, cid, cid, period, period, "%s-28" % period,
                   "%04d-%02d-12" % (dy, dm), "NOK", "%d.00" % net, "%d.00" % (net // 4),
                   total, total if status == "paid" else "0.00", status,
                   "%d" % (iid * 10 + 7), "Kunde %d" % cid, str(900000000 + cid),
                   "Storgata 1", "0150", "Oslo", "NO"))
            lines.append((iid, period, n, net, total))
            iid += 1
            number += 1
    for iid, period, n, net, total in lines:
        w.add("invoice_lines", "invoice_id,line_no,description,period_from,period_to,"
              "unit,quantity,unit_price,net,vat_rate,vat,amount",
              (iid, 1, "Abonnementer %s" % period, "%s-01" % period, "%s-28" % period,
               "month", n, "549.00", "%d.00" % net, "25.00", "%d.00" % (net // 4), total))


def usage(w, r, cids, subs_of, records):
    """records data records over the subscriptions, one import, and the
    daily sums they make (as the importer would have added them)."""
    w.add("usage_imports", "id,file_name,records,finished_at",
          (USAGE_IMPORT, "gen-data", records, "2026-09-30 23:59:00"))
    subs = [(s, cid) for cid in cids for s in subs_of[cid]]
    daily = {}
    for k in range(records):
        s, cid = subs[r.randrange(len(subs))]
        d = r.randint(1, 30)
        amount = r.randint(1000, 50000000)
        w.add("usage_records", "id,record_id,subscription_id,company_id,usage_type,"
              "started_at,day,amount,import_id",
              (USAGE0 + k, "gen-%d" % k, s, cid, "data",
               "2026-09-%02d %02d:00:00" % (d, r.randint(0, 21)), "2026-09-%02d" % d,
               amount, USAGE_IMPORT))
        a = daily.setdefault((s, d), [cid, 0, 0])
        a[1] += amount
        a[2] += 1
    for (s, d), (cid, amount, n) in sorted(daily.items()):
        w.add("usage_daily", "subscription_id,usage_type,day,company_id,amount,records",
              (s, "data", "2026-09-%02d" % d, cid, amount, n))


def generate(out, companies, bench_users, seed, per_company=0, records=0):
    r = random.Random(seed)
    w = Writer(out)
    out.write("-- generated by tests/bench/gen-data.py --companies %d --seed %d\n"
              "SET NAMES utf8mb4;\nSET FOREIGN_KEY_CHECKS = 0, UNIQUE_CHECKS = 0;\n"
              "START TRANSACTION;\n" % (companies, seed))

    # Companies.
    cids = list(range(COMPANY0, COMPANY0 + companies))
    for cid in cids:
        pc, city = r.choice(CITIES)
        name = "%s%s %s %d" % (r.choice(WORDS), r.choice(WORDS).lower(),
                               r.choice(SUFFIX), cid)
        w.add("companies", "id,name,orgnr,country,street,postcode,city,created_at",
              (cid, name, str(900000000 + cid), "NO", "Storgata %d" % r.randint(1, 200),
               pc, city, stamp(r)))
        # One billing account each, with the demo's Norwegian issuer (id 1),
        # so that `selfcare bill` can bill the whole set.
        w.add("billing_accounts", "id,company_id,issuer_id,number,currency,vat_rate",
              (cid, cid, 1, str(30000000 + cid), "NOK", "25.00"))

    # Administrators: the bench users first, each a full administrator of
    # 2-5 companies spread over the set; then one or two per company more.
    admin = ADMIN0
    members = {cid: [] for cid in cids}          # company → [(user, role)]
    admins_needed = companies // 2 + bench_users
    for i in range(admins_needed):
        uid = ADMIN0 + i
        if i < bench_users:
            email = "bench.admin.%d@example.net" % i
        else:
            email = "admin.%d@example.net" % i
        w.add("users", "id,email,name,phone,lang",
              (uid, email, "%s %s" % (r.choice(FIRST), r.choice(LAST)),
               "+479%07d" % uid, "nb"))
        admin = uid
    # bench user i: companies spaced evenly over the set, so 64 users touch
    # 64 × 2-5 different companies.
    stride = max(1, companies // max(1, bench_users))
    taken = set()
    for i in range(bench_users):
        uid = ADMIN0 + i
        n = 2 + i % 4
        for k in range(n):
            cid = COMPANY0 + (i * stride + k * 7919 + k) % companies
            if (uid, cid) in taken:
                continue
            taken.add((uid, cid))
            members[cid].append((uid, "admin"))
    for j, cid in enumerate(cids):
        uid = ADMIN0 + bench_users + (j // 2)
        if (uid, cid) not in taken:
            taken.add((uid, cid))
            members[cid].append((uid, "admin" if r.random() < 0.8 else "manager"))
    # Employees: subscriptions belong to them; some are managers too.
    emp = USER0
    sub = SUB0
    loc = LOCATION0
    employees_of = {}
    for cid in cids:
        k = r.randint(2, 18)
        employees_of[cid] = list(range(emp, emp + k))
        for uid in employees_of[cid]:
            w.add("users", "id,email,name,phone,lang",
                  (uid, "ansatt.%d@example.net" % uid,
                   "%s %s" % (r.choice(FIRST), r.choice(LAST)),
                   "+479%07d" % uid if r.random() < 0.9 else None, "nb"))
        emp += k
        for uid in employees_of[cid][:r.randint(0, 2)]:
            members[cid].append((uid, "manager"))
    for cid in cids:
        for uid, role in members[cid]:
            areas = AREAS_ALL if role == "admin" else r.choice(
                ["support", "subscriptions,invoices", "subscriptions,support", "users"])
            w.add("memberships", "user_id,company_id,role,areas,created_at",
                  (uid, cid, role, areas, stamp(r)))

    # Locations, subscriptions (at a location or an employee's mobile),
    # SIM cards, services, history.
    locs_of = {}
    subs_of = {}
    sims = services = history = 0
    for cid in cids:
        nl = r.randint(1, 5)
        locs_of[cid] = list(range(loc, loc + nl))
        for n, lid in enumerate(locs_of[cid]):
            w.add("locations", "id,company_id,number,name,status,created_at",
                  (lid, cid, str(11000 + n + 1), "%s %s" % (r.choice(PLACES), r.choice(CITIES)[1]),
                   "active" if r.random() < 0.95 else "closed", stamp(r)))
        loc += nl
    for cid in cids:
        subs_of[cid] = []
        ns = r.randint(1, 20)   # mean 10.5 → ~52 000 for 5 000 companies
        for k in range(ns):
            pid, price = r.choice(PLANS)
            at_loc = r.random() < 0.3
            lid = r.choice(locs_of[cid]) if at_loc else None
            uid = None if at_loc else r.choice(employees_of[cid])
            status = r.choices(["active", "suspended", "terminated"], [90, 4, 6])[0]
            w.add("subscriptions", "id,company_id,location_id,user_id,product_id,ref,"
                  "monthly_price,currency,status,started_on,ends_on,cost_centre",
                  (sub, cid, lid, uid, pid, "BEN-%08d" % sub, price, "NOK", status,
                   day(r), day(r, 2026, 2027) if status == "terminated" else None,
                   r.choice([None, None, "Salg", "Drift", "Ledelse", "IT"])))
            subs_of[cid].append(sub)
            sub += 1
    for cid in cids:
        for s in subs_of[cid]:
            if r.random() < 0.8:
                w.add("sim_cards", "subscription_id,iccid,type,status",
                      (s, "8947%015d" % s, "main", "active"))
                sims += 1
    for cid in cids:
        for s in subs_of[cid]:
            if r.random() < 0.3:
                pid, price = r.choice(SERVICES)
                w.add("subscription_services", "subscription_id,product_id,monthly_price,"
                      "currency,started_on", (s, pid, price, "NOK", day(r)))
    for cid in cids:
        for s in subs_of[cid]:
            if r.random() < 0.2:
                a, b = r.sample(PLANS, 2)
                w.add("subscription_history", "subscription_id,action,from_product_id,"
                      "to_product_id,effective_on,detail,user_id,at",
                      (s, "plan-change", a[0], b[0], day(r), None,
                       members[cid][0][0] if members[cid] else None, stamp(r)))

    # Cases with comments and status history.
    case = CASE0
    for cid in cids:
        for k in range(r.randint(0, 4)):
            kind = "change" if r.random() < 0.4 else "support"
            lid = r.choice(locs_of[cid]) if (kind == "change" or r.random() < 0.5) else None
            st = r.choice(STATUSES)
            by = members[cid][0][0] if members[cid] else None
            created = stamp(r)
            w.add("cases", "id,company_id,kind,category,subject,location_id,status,"
                  "created_by,created_at,updated_at",
                  (case, cid, kind, r.choice(CHANGE_CAT if kind == "change" else SUPPORT_CAT),
                   "Sak %d: %s" % (case, r.choice(["Treg forbindelse", "Faktura",
                                                   "Mer data", "Flytting", "Ny linje"])),
                   lid, st, by, created, created))
            case += 1
    for cid_case in range(CASE0, case):
        for k in range(r.randint(1, 3)):
            w.add("case_comments", "case_id,author,user_id,body,created_at",
                  (cid_case, "customer" if k % 2 == 0 else "operator",
                   None, "Kommentar %d til sak %d." % (k + 1, cid_case), stamp(r)))
    # Audit rows: ten per company on average.
    aid = AUDIT0
    for cid in cids:
        for k in range(r.randint(0, 20)):
            uid = members[cid][0][0] if members[cid] else None
            w.add("audit_log", "id,at,user_id,company_id,action,object,object_id,detail,"
                  "client_ip", (aid, stamp(r), uid, cid, r.choice(ACTIONS), "company",
                                cid, None, "192.0.2.%d" % r.randint(1, 254)))
            aid += 1
    if per_company:
        invoices(w, r, cids, subs_of, per_company)
    if records:
        usage(w, r, cids, subs_of, records)
    w.flush()
    out.write("COMMIT;\nSET FOREIGN_KEY_CHECKS = 1, UNIQUE_CHECKS = 1;\n"
              "ANALYZE TABLE companies, memberships, users, locations, subscriptions,"
              " cases, audit_log, sim_cards, subscription_services,"
              " subscription_history, case_comments, invoices, invoice_lines,"
              " usage_records, usage_daily;\n")
    return w.counts


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--scale", type=int, default=1)
    p.add_argument("--companies", type=int)
    p.add_argument("--invoices-per-company", type=int)
    p.add_argument("--usage-records", type=int)
    p.add_argument("--bench-users", type=int, default=64)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    large = a.scale >= 10
    companies = a.companies if a.companies is not None else 5000 * a.scale
    per_company = a.invoices_per_company if a.invoices_per_company is not None else (
        20 if large else 0)
    records = a.usage_records if a.usage_records is not None else (
        100000 * a.scale if large else 0)
    counts = generate(sys.stdout, companies, a.bench_users, a.seed, per_company, records)
    print("gen-data: " + ", ".join("%s %d" % kv for kv in sorted(counts.items())),
          file=sys.stderr)


if __name__ == "__main__":
    main()
