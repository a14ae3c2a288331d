"""The import graph of generator/: no circle, counted from the source (ast), not from a run.

Every ``import``/``from … import`` of a generator module counts, wherever it sits: at module
level, inside a function (a "late import") or under ``if TYPE_CHECKING`` — a late import
hides a circle from Python, not from the design. ``python3 tests/test_architecture.py``
prints the counts (modules, arrows, and how many of them are late, cycles).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "generator"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(current: str, is_pkg: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = current.split(".") if is_pkg else current.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def import_graph() -> tuple[set[str], dict[tuple[str, str], str]]:
    """Modules of generator/ and their arrows ``(importer, imported) → 'module'|'function'``
    (an arrow found at module level in any place counts as module level)."""
    files = {_module_name(p): p for p in PKG.rglob("*.py")}
    arrows: dict[tuple[str, str], str] = {}

    def add(src: str, dst: str, where: str) -> None:
        while dst and dst not in files:  # generator.x.y where y is a name, not a module
            dst = dst.rpartition(".")[0]
        if dst and dst != src and arrows.get((src, dst)) != "module":
            arrows[(src, dst)] = where

    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_pkg = path.name == "__init__.py"
        funcs = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for n in ast.walk(f)}
        for node in ast.walk(tree):
            where = "function" if id(node) in funcs else "module"
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith("generator"):
                        add(name, a.name, where)
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_pkg, node)
                if not base.startswith("generator"):
                    continue
                for a in node.names:  # ``from . import closing`` imports the module generator.elements.closing
                    full = f"{base}.{a.name}"
                    add(name, full if full in files else base, where)
    return set(files), arrows


def cycles(modules: set[str], arrows) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    succ: dict[str, list[str]] = {m: [] for m in modules}
    for a, b in arrows:
        succ[a].append(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(succ[v]):
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
                out.append(sorted(comp))

    for m in sorted(modules):
        if m not in index:
            visit(m)
    return out


def test_the_import_graph_has_no_cycle():
    modules, arrows = import_graph()
    assert len(modules) > 50 and len(arrows) > 100  # the graph is read, not empty
    found = cycles(modules, arrows)
    assert found == [], "import circles (module-level and late imports counted): " + "; ".join(
        " ↔ ".join(c) for c in found)


def test_the_web_calls_no_private_helper_of_the_cli():
    """The web lists the tree through the service module (generator/services.py), not the
    CLI's private helpers. (web/imports.py still runs ``commands.import_``'s public ``run``.)"""
    private = []
    for path in sorted((PKG / "web").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and "commands" in (node.module or ""):
                private += [f"{path.name}: {node.module}.{a.name}" for a in node.names
                            if a.name.startswith("_") or node.module.endswith("profiles")]
    assert private == []
    _, arrows = import_graph()
    assert ("generator.web.pages", "generator.services") in arrows


def test_the_catalogue_stands_above_rules_elements_and_lint():
    """rules.py names no builder or checker module: the catalogue (generator/catalogue.py)
    imports them and hands their names to the rules' loader."""
    _, arrows = import_graph()
    below = sorted(b for a, b in arrows if a == "generator.rules")
    named = ("generator.elements", "generator.lint", "generator.catalogue")
    assert not [b for b in below if b.startswith(named)], below


#: the layers of docs/architecture.md, top to bottom; a module is in the layer of its longest prefix
LAYERS: list[tuple[str, list[str]]] = [
    ("entry", ["generator.cli", "generator.cliargs", "generator.commands", "generator.web", "generator.__main__"]),
    ("services", ["generator.services", "generator.batch", "generator.explain", "generator.preview"]),
    ("drivers", ["generator.assemble", "generator.lint", "generator.importer", "generator.profile_write"]),
    ("catalogue", ["generator.catalogue"]),
    ("knowledge", ["generator.rules", "generator.context", "generator.elements", "generator.findings",
                   "generator.lint.form", "generator.lint.layout", "generator.lint.chain", "generator.lint.language",
                   "generator.lint.generic", "generator.lint.frame", "generator.checktypes",
                   "generator.lint.findings"]),
    ("in/out", ["generator.compose", "generator.writers", "generator.render", "generator.forms", "generator.reader",
                "generator.docxtext", "generator.textclean", "generator.ooxml", "generator.package_guard",
                "generator.gbt9704", "generator.fileio"]),
    ("model, data", ["generator", "generator.model", "generator.profiles", "generator.levels", "generator.schema",
                     "generator.validation", "generator.workcal", "generator.tree_cache", "generator.profile_yaml",
                     "generator.errors"]),
]


def layer_of(module: str) -> int:
    """The module's layer (index in LAYERS), -1 for a module no layer names."""
    found = [(len(p), i) for i, (_, prefixes) in enumerate(LAYERS) for p in prefixes
             if module == p or module.startswith(p + ".")]
    return max(found)[1] if found else -1


def test_no_arrow_points_up_a_layer():
    """Each layer imports only its own and the layers below (late imports counted too)."""
    modules, arrows = import_graph()
    assert [m for m in sorted(modules) if layer_of(m) < 0] == []
    up = sorted(f"{a} ({LAYERS[layer_of(a)][0]}) → {b} ({LAYERS[layer_of(b)][0]})"
                for a, b in arrows if layer_of(b) < layer_of(a))
    assert up == []


def main() -> None:
    modules, arrows = import_graph()
    late = sum(1 for w in arrows.values() if w == "function")
    found = cycles(modules, arrows)
    print(f"modules {len(modules)}, arrows {len(arrows)} ({late} late: inside a function), cycles {len(found)}")
    for c in found:
        print(f"  cycle of {len(c)}: {' '.join(c)}")


if __name__ == "__main__":
    main()


#: the OOXML layer: the only place WordprocessingML is written (docs/architecture.md)
OOXML_LAYER = PKG / "ooxml"
#: calls that make XML elements: python-docx's element factory and parser, lxml's builders
MAKERS = ("OxmlElement", "parse_xml", "SubElement", "makeelement")


def raw_xml_outside_the_ooxml_layer() -> list[str]:
    """``file:line`` of every str literal holding ``<w:`` (a piece of WordprocessingML as
    text, f-strings included) and every call of an element maker, in generator/ outside
    generator/ooxml/. Bytes patterns a reader matches in a part's raw bytes (docxtext's lazy
    style index, package_guard's paragraph count) make nothing and are not counted."""
    found = []
    for path in sorted(PKG.rglob("*.py")):
        if OOXML_LAYER in path.parents:
            continue
        where = path.relative_to(PKG.parent)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and "<w:" in node.value
                    and id(node) not in docstrings):
                found.append((str(where), node.lineno, repr(node.value[:60])))
            elif isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name in MAKERS:
                    found.append((str(where), node.lineno, f"{name}(…)"))
    return [f"{file}:{line}: {what}" for file, line, what in sorted(found)]


def test_xml_is_written_only_in_the_ooxml_layer():
    """Raw OOXML only in generator/ooxml/, behind named helpers (issue 21): a writer asks for
    ``ooxml.spacing(before=…)``, ``ooxml.tracked_replacement(…)``, never spells ``<w:…>``."""
    assert raw_xml_outside_the_ooxml_layer() == []


def test_the_raw_xml_check_sees_what_it_forbids(tmp_path, monkeypatch):
    """The check finds a ``<w:`` literal (in an f-string too) and an element maker's call."""
    pkg = tmp_path / "generator"
    (pkg / "ooxml").mkdir(parents=True)
    (pkg / "ooxml" / "fine.py").write_text('X = "<w:p/>"\n', encoding="utf-8")
    (pkg / "bad.py").write_text('"""<w:p> in a docstring is prose."""\n'
                                'def f(n):\n    return f\'<w:jc w:val="{n}"/>\'\n'
                                'def g():\n    from docx.oxml import OxmlElement\n    return OxmlElement("w:ins")\n',
                                encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PKG", pkg)
    monkeypatch.setattr(sys.modules[__name__], "OOXML_LAYER", pkg / "ooxml")
    assert [f.split(":")[0] + ":" + f.split(":")[1] for f in raw_xml_outside_the_ooxml_layer()] == [
        "generator/bad.py:3", "generator/bad.py:6"]
