"""What the modules declare, read from the binary (`selfcare routes` and
`selfcare modules`), for tests that must cover every route, page, area,
confirmation code and statement: a new one cannot be left out."""

import subprocess
import uuid

import pytest

import stack as st


def _run(*args):
    exe = st.default_binary()
    if not exe.exists():
        raise RuntimeError("no %s: build the tree, or set SELFCARE_BIN" % exe)
    return subprocess.run([str(exe)] + list(args), check=True,
                          stdout=subprocess.PIPE).stdout.decode()


def _split(v):
    return tuple(x for x in v.split(",") if x and x != "-")


def routes():
    """Every route: pattern, flags, areas (its need), methods, fields,
    module and page."""
    out = []
    for line in _run("routes").splitlines():
        pattern, flags, need, methods, get_fields, post_fields, module, page, door = \
            line.split("\t")
        out.append({"pattern": pattern, "flags": set(_split(flags)),
                    "areas": _split(need), "methods": _split(methods),
                    "get_fields": _split(get_fields), "post_fields": _split(post_fields),
                    "module": module, "page": None if page == "-" else page,
                    "door": door})
    return out


def modules():
    """Every module in order: {"name", "area", "pages", "flashes", "menu",
    "stmts"}."""
    out = []
    for line in _run("modules").splitlines():
        kind, rest = line.split(" ", 1)
        if kind == "module":
            name, area, door = rest.split(" ")
            out.append({"name": name, "area": area == "area", "door": door, "pages": [],
                        "flashes": [], "menu": [], "stmts": []})
        elif kind == "page":
            out[-1]["pages"].append(rest)
        elif kind == "flash":
            out[-1]["flashes"].append(rest)
        elif kind == "menu":
            path, label, need = rest.split(" ")
            out[-1]["menu"].append((path, label, need))
        elif kind == "stmt":
            name, params, ncols = rest.split(" ")
            out[-1]["stmts"].append((name, params, int(ncols)))
    return out


# -- the ids of a path ----------------------------------------------------------

def one(stack, sql):
    rows = stack.sql(sql)
    assert rows and rows[0][0] != "NULL", "nothing for: " + sql
    return rows[0][0]


def _throwaway_member(stack, cid):
    address = "gone-%s@example.no" % uuid.uuid4().hex[:10]
    stack.sql("INSERT INTO users (email, name) VALUES ('%s', 'Throwaway');"
              "INSERT INTO memberships (user_id, company_id, role, areas) SELECT id, %s,"
              " 'manager', '' FROM users WHERE email = '%s'" % (address, cid, address))
    return one(stack, "SELECT id FROM users WHERE email = '%s'" % address)


def _throwaway_invitation(stack, cid):
    address = "offer-%s@example.no" % uuid.uuid4().hex[:10]
    stack.sql("INSERT INTO invitations (company_id, email, name, role, areas, token_hash,"
              " expires_at) VALUES (%s, '%s', 'Throwaway', 'manager', '',"
              " UNHEX(SHA2(UUID(), 256)), NOW() + INTERVAL 1 DAY)" % (cid, address))
    return one(stack, "SELECT id FROM invitations WHERE email = '%s'" % address)


def _throwaway_recipient(stack, cid):
    address = "ehf-%s@example.no" % uuid.uuid4().hex[:10]
    stack.sql("INSERT INTO einvoice_recipients (company_id, email) VALUES (%s, '%s')"
              % (cid, address))
    return one(stack, "SELECT id FROM einvoice_recipients WHERE email = '%s'" % address)


def _contract_company(stack, cid, path):
    """The company; under a product of the catalogue, on its contract list
    (which the POST to .../remove takes it off)."""
    if "catalogue" in path:
        product = path[path.index("catalogue") + 1]
        stack.sql("INSERT IGNORE INTO product_companies (product_id, company_id)"
                  " VALUES (%s, %s)" % (product, cid))
    return cid


def _throwaway_product(stack):
    code = "GONE-%s" % uuid.uuid4().hex[:10]
    stack.sql("INSERT INTO products (code, name, kind, currency) VALUES"
              " ('%s', 'Throwaway', 'service', 'NOK')" % code)
    return one(stack, "SELECT id FROM products WHERE code = '%s'" % code)


def _throwaway_article(stack):
    slug = "gone-%s" % uuid.uuid4().hex[:10]
    stack.sql("INSERT INTO help_articles (slug, category_id) SELECT '%s', MIN(id)"
              " FROM help_categories" % slug)
    return one(stack, "SELECT id FROM help_articles WHERE slug = '%s'" % slug)


def _throwaway_help_category(stack):
    code = "gone-%s" % uuid.uuid4().hex[:10]
    stack.sql("INSERT INTO help_categories (code, position) VALUES ('%s', 9000)" % code)
    return one(stack, "SELECT id FROM help_categories WHERE code = '%s'" % code)


def _throwaway_staff(stack):
    address = "gone-%s@operator.example.no" % uuid.uuid4().hex[:10]
    stack.sql("INSERT INTO staff (email, name, roles) VALUES ('%s', 'Throwaway', 'admin')"
              % address)
    return one(stack, "SELECT id FROM staff WHERE email = '%s'" % address)


def _finished_run(stack):
    stack.sql("INSERT INTO billing_runs (period, invoice_date, state) VALUES"
              " ('2001-01', '2001-02-01', 'done')")
    return one(stack, "SELECT MAX(id) FROM billing_runs")


def _throwaway_order(stack, cid, shipped=False):
    """An order of company cid that a cancel may end (shipped: in progress
    and sent, as the back office completes it)."""
    stack.sql("INSERT INTO orders (company_id, currency, delivery_name, delivery_street,"
              " delivery_postcode, delivery_city, delivery_country, state, tracking_ref)"
              " SELECT id, 'NOK', name, 'Gate 1', '0150', 'Oslo', country, %s, %s"
              " FROM companies WHERE id = %s"
              % ("'inProgress'" if shipped else "'acknowledged'",
                 "'NO1'" if shipped else "NULL", cid))
    oid = one(stack, "SELECT MAX(id) FROM orders WHERE company_id = %s" % cid)
    stack.sql("INSERT INTO order_items (order_id, product_id, quantity, currency)"
              " VALUES (%s, 22, 1, 'NOK'); INSERT INTO order_events (order_id, to_state)"
              " VALUES (%s, 'acknowledged')" % (oid, oid))
    return oid


def _throwaway_bulk_job(stack, cid):
    """A draft bulk change of company cid: the cost centre of one line that
    names no subscription (confirmed, it changes nothing)."""
    stack.sql("INSERT INTO bulk_jobs (company_id, lang, kind, cost_centre, source,"
              " lines_total, lines_failed) VALUES (%s, 'nb', 'cost-centre', 'X', 'file', 1, 1)"
              % cid)
    jid = one(stack, "SELECT MAX(id) FROM bulk_jobs WHERE company_id = %s" % cid)
    stack.sql("INSERT INTO bulk_job_lines (job_id, line_no, ref, outcome, reason)"
              " VALUES (%s, 1, 'NONE', 'failed', 'unknown-number')" % jid)
    return jid


def _wizard_draft(stack, cid):
    """A new-subscription draft of company cid filled in up to its summary,
    of the member test_access gives the area orders (drafts are their
    member's)."""
    from conftest import make_member
    owner = make_member(stack, cid, ("orders",))
    stack.sql("INSERT INTO subscription_drafts (company_id, owner_id, user_id, product_id,"
              " number_kind, sim_kind, delivery_name, delivery_street, delivery_postcode,"
              " delivery_city, step) SELECT %s, id, id, 2, 'new', 'physical', 'Test',"
              " 'Gate 1', '0150', 'Oslo', 'summary' FROM users WHERE email = '%s'"
              % (cid, owner))
    return one(stack, "SELECT MAX(id) FROM subscription_drafts WHERE company_id = %s" % cid)


def _throwaway_api_key(stack, cid, path):
    """A live key that a POST may rotate or revoke: company cid's, or in the
    back office the operator's (mediation's)."""
    prefix = "sck_%s" % uuid.uuid4().hex[:8]
    operator = path[1] == "admin"
    stack.sql("INSERT INTO api_keys (kind, company_id, name, prefix, secret_hash, areas,"
              " expires_at) VALUES ('%s', %s, 'Throwaway', '%s',"
              " UNHEX(SHA2(UUID(), 256)), '', NOW() + INTERVAL 1 DAY)"
              % ("mediation" if operator else "company", "NULL" if operator else cid,
                 prefix))
    return one(stack, "SELECT id FROM api_keys WHERE prefix = '%s'" % prefix)


# The id for the "#" after each path segment, in company cid. Objects that a
# POST would remove are made for the test.
IDS = {
    "companies": _contract_company,
    "customers": lambda stack, cid, path: cid,      # the back office's company
    "locations": lambda stack, cid, path: one(
        stack, "SELECT MIN(id) FROM locations WHERE company_id = %s" % cid),
    "cases": lambda stack, cid, path: one(
        stack, "SELECT MIN(id) FROM cases WHERE company_id = %s" % cid),
    "subscriptions": lambda stack, cid, path: one(
        stack, "SELECT MIN(id) FROM subscriptions WHERE company_id = %s"
        " AND status = 'active' AND ends_on IS NULL AND location_id IS NULL" % cid),
    "invoices": lambda stack, cid, path: one(
        stack, "SELECT MIN(id) FROM invoices WHERE company_id = %s AND kind = 'invoice'"
        % cid),
    "users": lambda stack, cid, path: _throwaway_member(stack, cid),
    "invitations": lambda stack, cid, path: _throwaway_invitation(stack, cid),
    "einvoice": lambda stack, cid, path: _throwaway_recipient(stack, cid),
    # The back office's (no company): a member of staff a POST may change.
    "staff": lambda stack, cid, path: _throwaway_staff(stack),
    # The back office's catalogue: a product a POST may retire.
    "catalogue": lambda stack, cid, path: _throwaway_product(stack),
    # The back office's billing runs: one finished, of a period long past.
    "runs": lambda stack, cid, path: _finished_run(stack),
    # The back office's help articles and their categories.
    "articles": lambda stack, cid, path: _throwaway_article(stack),
    "categories": lambda stack, cid, path: _throwaway_help_category(stack),
    # The portal's orders: one a cancel may end; the back office's
    # completion: one sent.
    "orders": lambda stack, cid, path: _order_for(stack, cid, path),
    # Bulk changes: a draft of one line a POST may confirm.
    "bulk": lambda stack, cid, path: _throwaway_bulk_job(stack, cid),
    # The new-subscription wizard's drafts.
    "wizard": lambda stack, cid, path: _wizard_draft(stack, cid),
    # The partner API's keys: one a POST may rotate or revoke.
    "api-keys": lambda stack, cid, path: _throwaway_api_key(stack, cid, path),
    # Self-service: a service to order (an employee's box) or set a policy for.
    "order": lambda stack, cid, path: _allowed_service(stack, cid),
    "policy": lambda stack, cid, path: one(
        stack, "SELECT id FROM products WHERE code = 'EXD15'"),
}


def _allowed_service(stack, cid):
    """A service the company's policy lets its employees order."""
    stack.sql("INSERT INTO service_policies (company_id, product_id, allowed)"
              " SELECT %s, id, 1 FROM products WHERE code = 'EXD15'"
              " ON DUPLICATE KEY UPDATE allowed = 1" % cid)
    return one(stack, "SELECT id FROM products WHERE code = 'EXD15'")


def _order_for(stack, cid, path):
    """An order a POST of path may move: one to cancel, one sent (the back
    office's completion), one held (an approver's decision)."""
    oid = _throwaway_order(stack, cid, path[-1] == "complete")
    if path[-1] in ("decision", "approve", "reject"):
        stack.sql("UPDATE orders SET state = 'held' WHERE id = %s" % oid)
    return oid


# The slug for the "*" after each path segment: one every user can open.
SLUGS = {
    "help": lambda stack: one(
        stack, "SELECT MIN(a.slug) FROM help_articles a WHERE a.status = 'published'"
        " AND (SELECT COUNT(*) FROM help_article_texts t WHERE t.article_id = a.id) = 3"),
}


def path_for(stack, cid, pattern):
    parts = pattern.split("/")
    ids = {}
    for i, part in enumerate(parts):
        if part == "*":
            if parts[i - 1] not in SLUGS:
                pytest.fail("no slug for /%s/* in declared.py's SLUGS: add one" % parts[i - 1])
            parts[i] = SLUGS[parts[i - 1]](stack)
        elif part == "#":
            if parts[i - 1] not in IDS:
                pytest.fail("no id for /%s/# in declared.py's IDS: add one" % parts[i - 1])
            parts[i] = str(IDS[parts[i - 1]](stack, cid, parts))
            ids[parts[i - 1]] = parts[i]
    return "/".join(parts), ids


def query_for(stack, pattern, ids):
    """The query a GET needs to answer 200 (the confirmation pages)."""
    if pattern.endswith("/plan") and "subscriptions" in ids:     # not the wizard's step
        return "?product=" + one(stack, (
            "SELECT MIN(p.id) FROM products p JOIN subscriptions s ON s.id = %s"
            " AND p.currency = s.currency AND p.id <> s.product_id"
            " WHERE p.kind = 'subscription' AND p.active = 1") % ids["subscriptions"])
    if pattern.endswith("/terminate"):
        return "?date=2099-12-31&reason=cost"
    if pattern.endswith("/topup"):
        return "?product=" + one(stack, "SELECT id FROM products WHERE code = 'TOP10'")
    return ""
