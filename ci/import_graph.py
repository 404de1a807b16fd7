#!/usr/bin/env python3
"""Finds import circles between the modules of a Rust crate.

An edge A -> B is any path from the file of module A that names module B (a `use`, or an
inline `crate::`/`super::`/`self::` path), with names re-exported by `pub use` followed to
the module that defines them. Each edge is lifted to the two sibling modules under the
lowest common parent of A and B (a module using its own parent or child is not an edge),
and the siblings under every parent must form no circle.

    python3 ci/import_graph.py server/src          # fails (exit 1) on a circle
    python3 ci/import_graph.py server/src --edges  # prints the lifted edges too
"""
import re
import sys
from pathlib import Path

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def strip(text):
    """Removes comments, string and char literals so only code is scanned."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r'r#*"(?:.|\n)*?"#*', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.sub(r"'(?:\\.|[^'\\])'", "' '", text)


def module_of(root, path):
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return tuple(parts)


def expand(tree):
    """`a::{b, c::{d, e}}` -> ['a::b', 'a::c::d', 'a::c::e']."""
    tree = tree.strip()
    depth, start = 0, None
    for i, ch in enumerate(tree):
        if ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                prefix, inner = tree[:start], tree[start + 1 : i]
                out, part, d = [], "", 0
                for c in inner + ",":
                    if c == "," and d == 0:
                        if part.strip():
                            out += [prefix + p for p in expand(part)]
                        part = ""
                        continue
                    d += c == "{"
                    d -= c == "}"
                    part += c
                return out
    return [re.sub(r"\s+as\s+\w+$", "", tree)]


def inline_modules(text):
    """The spans of modules declared inline (`mod tests { .. }`), which belong to their file."""
    spans = []
    for m in re.finditer(rf"\bmod\s+{IDENT}\s*\{{", text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        spans.append((m.end(), i))
    return spans


def resolve(modules, here, segs, inline=0):
    """Turns a path seen in module `here`, inside `inline` inline modules of its file, into
    an absolute list of segments, or None."""
    if segs and segs[-1] == "*":
        segs = segs[:-1]
    if not segs:
        return None
    if segs[0] == "crate":
        return list(segs[1:])
    base = list(here)
    if segs[0] in ("super", "self"):
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super" and inline:
                inline -= 1
            elif segs[0] == "super":
                if not base:
                    return None
                base.pop()
            segs = segs[1:]
        return base + list(segs)
    if tuple(here + (segs[0],)) in modules:
        return list(here) + list(segs)
    return None


def main():
    root = Path(sys.argv[1])
    show = "--edges" in sys.argv
    strict = "--strict" in sys.argv
    files = {module_of(root, p): strip(p.read_text()) for p in sorted(root.rglob("*.rs"))}
    modules = set(files)
    # Child modules declared inline (`mod tests { .. }`) belong to their file.
    reexports = {}  # (module, name) -> absolute path of what it names
    uses = {m: [] for m in files}
    for m, text in files.items():
        spans = inline_modules(text)
        depth = lambda at: sum(a <= at < b for a, b in spans)
        for use in re.finditer(r"\b(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);", text):
            vis, tree = use.groups()
            for p in expand(tree):
                segs = [s for s in p.replace(" ", "").split("::") if s]
                if segs and segs[-1] == "self":
                    segs = segs[:-1]
                abs_ = resolve(modules, m, segs, depth(use.start()))
                if abs_ is None:
                    continue
                uses[m].append(abs_)
                if vis and segs[-1] != "*":
                    reexports[(m, segs[-1])] = abs_
        for path in re.finditer(rf"\b(?:crate|super|self)(?:::{IDENT})+", text):
            abs_ = resolve(modules, m, path.group().split("::"), depth(path.start()))
            if abs_ is not None:
                uses[m].append(abs_)
        # A bare `child::item` names a child module of this one.
        for p in re.findall(rf"(?<![:\w])({IDENT}(?:::{IDENT})+)", text):
            segs = p.split("::")
            if segs[0] not in ("crate", "super", "self") and m + (segs[0],) in modules:
                uses[m].append(list(m) + segs)

    def target(segs, seen=0):
        """The module a path names, following `pub use` re-exports."""
        segs = list(segs)
        for n in range(len(segs), -1, -1):
            mod = tuple(segs[:n])
            if mod in modules:
                if n < len(segs) and (mod, segs[n]) in reexports and seen < 8:
                    return target(reexports[(mod, segs[n])] + segs[n + 1 :], seen + 1)
                return mod
        return ()

    edges = {}
    for m, paths in uses.items():
        for p in paths:
            t = target(p)
            k = 0
            while k < min(len(m), len(t)) and m[k] == t[k]:
                k += 1
            if k == len(m) or k == len(t):
                if m == t or not strict:
                    continue
                # A module and one of its ancestors: the edge is between the ancestor and
                # the child of it on the way to the other.
                a, b = (m, t[: k + 1]) if k == len(m) else (m[: k + 1], t)
                edges.setdefault((a, b), set()).add(("::".join(m), "::".join(t)))
                continue
            a, b = m[: k + 1], t[: k + 1]
            edges.setdefault((a, b), set()).add(("::".join(m), "::".join(t)))

    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    name = lambda m: "::".join(m) or "crate"
    if show:
        for (a, b), why in sorted(edges.items()):
            print(f"{name(a)} -> {name(b)}   ({', '.join(sorted(f'{x}->{y}' for x, y in why))})")

    # Tarjan's strongly connected components: any component of two or more is a circle.
    index, low, stack, on, circles, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
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
                circles.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    for comp in circles:
        members = set(comp)
        print("import circle: " + " , ".join(name(c) for c in comp))
        for (a, b), why in sorted(edges.items()):
            if a in members and b in members:
                print(f"  {name(a)} -> {name(b)} via {', '.join(sorted(f'{x}->{y}' for x, y in why))}")
    if circles:
        sys.exit(1)
    print(f"{root}: {len(modules)} modules, {len(edges)} edges between siblings, no circle")


main()
