#!/usr/bin/python3
"""No include cycles in fcgi/: a file (FOO.c with FOO.h) that includes
another's header may not be included back by it, directly or round a
longer loop. Prints each cycle and exits 1 if there is one.

    tests/tools/check-includes.py [FCGI_DIR]
"""

import re
import sys
from pathlib import Path

top = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "fcgi")
inc = re.compile(r'^#include "([^"]+)"', re.M)
deps = {}
for f in sorted(top.rglob("*.[ch]")):
    unit = str(f.relative_to(top).with_suffix(""))
    for h in inc.findall(f.read_text()):
        other = str(Path(h).with_suffix(""))
        if other != unit and (top / h).exists():
            deps.setdefault(unit, set()).add(other)
        deps.setdefault(unit, set())

# Tarjan's strongly connected components: each of more than one unit is a cycle.
index, low, stack, on, sccs, n = {}, {}, [], set(), [], [0]


def visit(v):
    index[v] = low[v] = n[0]
    n[0] += 1
    stack.append(v)
    on.add(v)
    for w in deps.get(v, ()):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))


sys.setrecursionlimit(10000)
for v in sorted(deps):
    if v not in index:
        visit(v)
for comp in sccs:
    edges = ["%s -> %s" % (a, b) for a in comp for b in sorted(deps[a]) if b in comp]
    print("include cycle among %s:\n    %s" % (", ".join(comp), "\n    ".join(edges)))
if not sccs:
    print("check-includes: ok: %d files, no cycle" % len(deps))
sys.exit(1 if sccs else 0)
