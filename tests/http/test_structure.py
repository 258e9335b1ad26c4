"""The modules' declarations hold together: whatever a module declares has
what it needs around it, so adding an area is its own files and one line in
fcgi/modules.c, and nothing is forgotten elsewhere.

  * every page a module declares has its stylesheet (included in site.xsl,
    with the page's title and content templates in the modes title.NAME
    and content.NAME that sc:apply-page applies), its schema, and both are
    installed by make install;
  * every GET page of a company, fetched as XML by an administrator, is
    valid against its schema;
  * every confirmation code, area and menu entry has its strings in nb, da
    and en;
  * every statement of every module prepares against a migrated database
    with the parameters and columns it declares (check-config does it);
  * the menu of a page in the context is the modules' menu, filtered by the
    member's areas.
"""

import re
import subprocess

import pytest
from lxml import etree

import declared
import stack as st

MODULES = declared.modules()
ROUTES = declared.routes()
PAGES = [p for m in MODULES for p in m["pages"]]
SRC = st.SRC


def _install_list():
    text = (SRC / "Makefile.am").read_text()
    block = re.search(r"^nobase_dist_pkgdata_DATA = (.*?)\n\n", text, re.S | re.M).group(1)
    return set(block.replace("\\", " ").split())


def test_modules_are_declared_once():
    names = [m["name"] for m in MODULES]
    assert len(names) == len(set(names))
    assert len(PAGES) == len(set(PAGES)), "a page in two modules"
    flashes = [f for m in MODULES for f in m["flashes"]]
    assert len(flashes) == len(set(flashes)), "a confirmation code in two modules"
    # Every route's page is one its module declares; the back office's
    # read-only views of a customer's pages (/admin/customers/N/view/...)
    # show the portal's own pages.
    portal_pages = {p for m in MODULES if m["door"] == "portal" for p in m["pages"]}
    for r in ROUTES:
        if r["page"] is not None:
            owner = [m for m in MODULES if m["name"] == r["module"]][0]
            if r["door"] == "admin" and "/view/" in r["pattern"]:
                assert r["page"] in portal_pages, (r["pattern"], r["page"])
                assert r["methods"] == ("GET",), (r["pattern"], "a view only reads")
            else:
                assert r["page"] in owner["pages"], (r["pattern"], r["page"], owner["name"])


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_stylesheet_schema_and_install(page):
    xsl = SRC / "xsl" / (page + ".xsl")
    xsd = SRC / "schema" / "xsd" / (page + ".xsd")
    assert xsl.exists(), xsl
    assert xsd.exists(), xsd
    site = (SRC / "xsl" / "site.xsl").read_text()
    assert '<xsl:include href="%s.xsl"/>' % page in site, "site.xsl lacks %s.xsl" % page
    text = xsl.read_text()
    for mode in ("title", "content"):
        assert re.search(r"match=\"page\" mode=\"%s\.%s\"" % (
            mode, re.escape(page)), text), "%s.xsl: no %s template" % (page, mode)
    installed = _install_list()
    assert "xsl/%s.xsl" % page in installed and "schema/xsd/%s.xsd" % page in installed
    etree.XMLSchema(etree.parse(str(xsd)))      # the schema itself compiles


def _strings():
    return {lang: st.i18n(lang) for lang in ("nb", "da", "en")}


def test_codes_areas_and_menu_have_strings():
    keys = set()
    for m in MODULES:
        keys |= {"flash." + f for f in m["flashes"]}
        keys |= {label for _, label, _ in m["menu"]}
        if m["area"]:
            keys.add(("area." if m["door"] == "portal" else "role.") + m["name"])
    for lang, strings in _strings().items():
        missing = sorted(k for k in keys if not strings.get(k))
        assert not missing, "%s.xml lacks %s" % (lang, missing)


def test_statements_fit_their_declarations(stack):
    """check-config prepares every statement against the database."""
    r = subprocess.run([str(stack.binary), "-c", str(stack.conf), "check-config"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=stack.env())
    out = r.stdout.decode()
    assert r.returncode == 0, out
    assert "do not prepare" not in out and "declared" not in out, out
    # A statement's name says its module (the logs and the slowlog name it).
    for m in MODULES:
        for name, params, ncols in m["stmts"]:
            assert name.startswith(m["name"] + "."), (m["name"], name)


# The GET pages of a company with a document: each as XML, valid.
COMPANY_PAGES = [r for r in ROUTES if "GET" in r["methods"] and r["page"]
                 and r["flags"] & {"company", "location"} and r["door"] == "portal"]


@pytest.mark.parametrize("route", COMPANY_PAGES, ids=[r["pattern"] for r in COMPANY_PAGES])
def test_every_company_page_is_valid_xml(stack, member, company_ids, route):
    cid = company_ids["Bitpro Demo AS"]
    path, ids = declared.path_for(stack, cid, route["pattern"])
    admin = member(cid, (), role="admin")
    # A member's own subscription page shows only a subscription they use:
    # the administrator uses this one while it is looked at.
    own = route["pattern"].startswith("/companies/#/me/subscriptions/")
    if own:
        user = stack.sql("SELECT IFNULL(user_id, 'NULL') FROM subscriptions WHERE id = %s"
                         % ids["subscriptions"])[0][0]
        stack.sql("UPDATE subscriptions SET user_id = %s WHERE id = %s"
                  % (admin.user_id, ids["subscriptions"]))
    # A member's own order: the throwaway order is made theirs.
    if route["pattern"].startswith("/companies/#/me/orders/"):
        stack.sql("UPDATE orders SET ordered_by = %s WHERE id = %s"
                  % (admin.user_id, ids["orders"]))
    try:
        root = admin.page(path + declared.query_for(stack, route["pattern"], ids))
    finally:
        if own:
            stack.sql("UPDATE subscriptions SET user_id = %s WHERE id = %s"
                      % (user, ids["subscriptions"]))
    assert root.get("name") == route["page"]


def test_menu_is_the_modules_menu_filtered_by_areas(member, company_ids):
    cid = company_ids["Bitpro Demo AS"]
    menu = [(p, label, need) for m in MODULES if m["door"] == "portal"
            for p, label, need in m["menu"]]

    def expect(areas, admin):
        out = []
        for p, label, need in menu:
            needs = [] if need == "-" else need.split(",")
            if all(admin if n == "admin" else (admin or n in areas) for n in needs):
                out.append(("/companies/%s%s" % (cid, "" if p == "/" else p), label))
        return out

    for areas, role in (((), "manager"), (("invoices", "support"), "manager"),
                        ((), "admin")):
        root = member(cid, areas, role=role).page("/companies/%s" % cid)
        got = [(i.get("href"), i.get("label"))
               for i in root.findall("context/company/menu/item")]
        assert got == expect(areas, role == "admin"), (areas, role)


def test_menu_marks_the_page_and_the_area_a_page_is_inside(kari, company_ids, stack):
    """item/@current, as the page shows it (aria-current): "page" on the page
    the entry links, "true" on a page inside its area; the overview, every
    page's prefix, only on its own page."""
    cid = company_ids["Bitpro Demo AS"]
    home = "/companies/%s" % cid
    case = stack.sql("SELECT MIN(id) FROM cases WHERE company_id = %s" % cid)[0][0]

    def marks(path):
        root = kari.page(path + ".xml")
        xml = {i.get("href"): i.get("current")
               for i in root.findall("context/company/menu/item") if i.get("current")}
        html = st.check_html(kari.get(path))
        shown = {a.get("href"): a.get("aria-current")
                 for a in html.xpath("//nav[@class='company-nav']/ul[@class='areas']//a")
                 if a.get("aria-current")}
        assert xml == shown, (path, xml, shown)
        return xml

    assert marks(home) == {home: "page"}
    assert marks(home + "/cases") == {home + "/cases": "page"}
    assert marks("%s/cases/%s" % (home, case)) == {home + "/cases": "true"}
