"""XML attacks on xml_read_untrusted() (fcgi/core/xmlsafe.c), run from C:
tests/faults/xml_attacks.c, built by tests/run-faults.sh against the build
directory's libselfcare.a (path in $SELFCARE_XML_ATTACKS). Without it, the
test builds the program itself next to $SELFCARE_BIN's libselfcare.a.
One pytest case per TAP line."""

import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1]

_result = {}


def _build():
    binary = os.environ.get("SELFCARE_XML_ATTACKS")
    if binary and os.access(binary, os.X_OK):
        return binary
    build = Path(os.environ.get("SELFCARE_BIN", SRC / "selfcare")).resolve().parent
    lib = build / "libselfcare.a"
    if not lib.exists() or not (build / "config.h").exists():
        pytest.skip("no libselfcare.a/config.h in %s (run tests/run-faults.sh)" % build)
    out = Path(tempfile.mkdtemp(prefix="xml-attacks-")) / "xml_attacks"
    flags = subprocess.run(
        ["pkg-config", "--cflags", "--libs", "libxml-2.0", "libxslt", "libsodium",
         "libmariadb"], stdout=subprocess.PIPE, check=True).stdout.decode().split()
    subprocess.run(["cc", "-std=c11", "-O1", "-g", "-I%s" % build, "-I%s" % (SRC / "fcgi"),
                    str(HERE / "xml_attacks.c"), str(lib)] + flags + ["-lfcgi", "-o", str(out)],
                   check=True)
    return str(out)


def _run():
    if "cases" not in _result:
        binary = _build()
        r = subprocess.run([binary, str(SRC / "xsl"), str(SRC / "schema")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=180)
        text = r.stdout.decode(errors="replace")
        print(text)
        cases = {}
        for m in re.finditer(r"^(ok|not ok) (\d+) - (.*)$", text, re.M):
            cases[int(m.group(2))] = (m.group(1) == "ok", m.group(3))
        plan = re.search(r"^1\.\.(\d+)$", text, re.M)
        _result.update(cases=cases, text=text, rc=r.returncode,
                       plan=int(plan.group(1)) if plan else 0)
    return _result


# As many as xml_attacks.c plans (PLANNED); a missing line fails its case.
N_CASES = int(re.search(r"#define PLANNED\s+(\d+)",
                        (HERE / "xml_attacks.c").read_text()).group(1))


@pytest.mark.parametrize("k", range(1, N_CASES + 1))
def test_xml_attack(k):
    res = _run()
    assert res["plan"] == N_CASES, res["text"][-2000:]
    assert k in res["cases"], "case %d did not run:\n%s" % (k, res["text"][-2000:])
    ok, line = res["cases"][k]
    print(line)
    assert ok, line


def test_xml_attacks_exit_and_peak_rss():
    res = _run()
    m = re.search(r"# peak RSS (\d+) KiB", res["text"])
    assert m, res["text"][-2000:]
    assert int(m.group(1)) < 64 * 1024
    assert "Bail out!" not in res["text"]
