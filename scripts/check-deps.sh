#!/bin/sh
# check-deps.sh — fails when the include graph of src/ breaks the layering
# (docs/DESIGN.md "Layers"). Run by `make test`; `sh scripts/check-deps.sh`
# alone prints every offending include.
#
# Modules are src/ directories (core, api, render, widgets, views) plus the
# top-level files: app (app.c, app.h), keyscript, main. Rules:
#   - core/ includes neither curses nor api/ (and no other module but core);
#   - api/ includes no curses, and only core/, store/ and api/;
#   - store/ (local MLflow stores, the cache: files and SQLite) is the data
#     layer's disk half: it counts as part of api/ (same rules, so a cycle
#     api <-> store is not one), and it includes no curses;
#   - widgets/ includes no api/ and no views/;
#   - app.c and app.h include no views/ header (the screens reach the engine
#     through app.h; the engine reaches the screens only through the
#     AppScreens hooks main.c hands it, and views/viewtab.c's table);
#   - the graph of modules has no cycle (main, which wires everything, aside).
set -u
cd "$(dirname "$0")/.." || exit 2

exec python3 - "$@" <<'EOF'
import os, re, sys

SRC = "src"
inc_re = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
curses = {"curses.h", "ncurses.h", "ncursesw/curses.h", "ncursesw/ncurses.h"}

def module(path):
    rel = os.path.relpath(path, SRC)
    parts = rel.split(os.sep)
    if len(parts) > 1:
        return "api" if parts[0] == "store" else parts[0]
    return os.path.splitext(parts[0])[0]

files = []
for root, _, names in os.walk(SRC):
    for n in sorted(names):
        if n.endswith((".c", ".h")):
            files.append(os.path.join(root, n))
files.sort()

errors = []
edges = {}
for f in files:
    text = open(f, encoding="utf-8", errors="replace").read()
    m = module(f)
    for kind, name in inc_re.findall(text):
        if kind == "<":
            if name in curses and m in ("core", "api", "store"):
                errors.append(f"{f}: {m}/ includes <{name}> (no curses below widgets/)")
            continue
        target = os.path.join(SRC, name)
        if not os.path.exists(target):
            continue
        t = module(target)
        if t == m:
            continue
        edges.setdefault(m, set()).add(t)
        if m == "core":
            errors.append(f"{f}: core/ includes \"{name}\" (core/ depends on nothing else)")
        elif m == "api" and t not in ("core", "store"):
            errors.append(f"{f}: api/ includes \"{name}\" (api/ depends on core/ and store/ only)")
        elif m == "store" and t != "core":
            errors.append(f"{f}: store/ includes \"{name}\" (store/ depends on core/ only)")
        elif m == "widgets" and t in ("api", "views", "app"):
            errors.append(f"{f}: widgets/ includes \"{name}\" (widgets know no api/, views or app)")
        elif m == "app" and t == "views":
            errors.append(f"{f}: includes view header \"{name}\" (app.c knows no screen)")

# Cycles between modules (main is the composition root: it may include anything).
def find_cycle():
    state, stack = {}, []
    def visit(n):
        state[n] = 1
        stack.append(n)
        for t in sorted(edges.get(n, ())):
            if t == "main":
                continue
            if state.get(t) == 1:
                return stack[stack.index(t):] + [t]
            if state.get(t) is None:
                c = visit(t)
                if c:
                    return c
        stack.pop()
        state[n] = 2
        return None
    for n in sorted(edges):
        if n != "main" and state.get(n) is None:
            c = visit(n)
            if c:
                return c
    return None

cycle = find_cycle()
if cycle:
    errors.append("include cycle between modules: " + " -> ".join(cycle))

for e in errors:
    print("check-deps: " + e)
if errors:
    sys.exit(1)
print("check-deps: ok (%d files, modules: %s)" % (len(files), ", ".join(
    "%s->{%s}" % (m, ",".join(sorted(edges[m]))) for m in sorted(edges))))
EOF
