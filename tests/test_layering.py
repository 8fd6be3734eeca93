"""Imports point down only (app -> ui -> qa -> index), nothing imports bench/, fuzz/ or tests/, and no cycles.

Every ``.py`` file of the four packages is parsed (not imported), so the
check also sees imports inside functions. An import under
``if TYPE_CHECKING:`` counts for the direction (a type from above is still a
dependency on it) but not for cycles (it never runs).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("index", "qa", "ui", "app")  # each may import only itself and those before it
FORBIDDEN = ("bench", "fuzz", "tests")  # above every package: they may import anything, nothing imports them


@dataclass(frozen=True)
class Edge:
    source: str  # module, e.g. "qa.pipeline.retrieve"
    target: str
    where: str  # "qa/pipeline/retrieve.py:12"
    typing_only: bool


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _typing_only_lines(tree: ast.Module) -> set[int]:
    """Lines inside ``if TYPE_CHECKING:`` blocks."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else ""
            if name == "TYPE_CHECKING":
                for child in node.body:
                    lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def edges(root: Path, packages: tuple[str, ...] = LAYERS) -> tuple[set[str], list[Edge]]:
    """The modules of ``packages`` under ``root`` and every import statement in them."""
    files = sorted(p for pkg in packages if (root / pkg).is_dir() for p in (root / pkg).rglob("*.py"))
    modules = {module_name(root, p): p for p in files}
    out: list[Edge] = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        typing_only = _typing_only_lines(tree)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from . import x, from ..y import z
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*up, base] if base else up)
                # "from qa.eval import run" imports the module qa.eval.run when there is one
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules]
                targets = subs if len(subs) == len(node.names) else [base, *subs]
            where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
            out += [Edge(name, t, where, node.lineno in typing_only) for t in targets]
    return set(modules), out


def direction_problems(modules: set[str], found: list[Edge]) -> list[str]:
    problems = []
    for e in found:
        top, to = e.source.split(".")[0], e.target.split(".")[0]
        if to in FORBIDDEN:
            problems.append(f"{e.where}: {e.source} imports {e.target} (nothing may import {to}/)")
        elif to in LAYERS and LAYERS.index(to) > LAYERS.index(top):
            problems.append(f"{e.where}: {e.source} imports {e.target} ({top} may not import {to}: "
                            f"arrows point {' -> '.join(reversed(LAYERS))})")
    return problems


def cycles(modules: set[str], found: list[Edge]) -> list[list[str]]:
    """The import cycles among ``modules`` (Tarjan's strongly connected components, sizes above one)."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for e in found:
        if e.target in modules and e.target != e.source and not e.typing_only:
            graph[e.source].add(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def cycle_problems(modules: set[str], found: list[Edge]) -> list[str]:
    problems = []
    for component in cycles(modules, found):
        inside = [e for e in found if e.source in component and e.target in component and not e.typing_only
                  and e.source != e.target]  # fmt: skip
        named = "; ".join(f"{e.source} -> {e.target} ({e.where})" for e in inside)
        problems.append(f"import cycle among {', '.join(component)}: {named}")
    return problems


# ---------------------------------------------------------------- the project


@pytest.fixture(scope="module")
def project():
    return edges(ROOT)


def test_the_packages_are_found(project):
    modules, found = project
    assert {"app.cli", "ui.service", "index.errors", "qa.errors"} <= modules and len(found) > 100


def test_imports_point_down_only(project):
    problems = direction_problems(*project)
    assert not problems, "imports that point up or into bench/fuzz/tests:\n" + "\n".join(problems)


def test_no_import_cycles(project):
    problems = cycle_problems(*project)
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the checker itself


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for pkg in LAYERS:
        (tmp_path / pkg).mkdir(exist_ok=True)
        (tmp_path / pkg / "__init__.py").touch()
    return tmp_path


def test_an_upward_import_is_named_with_its_line(tmp_path):
    root = _tree(tmp_path, {
        "index/store.py": "from __future__ import annotations\n\ndef f():\n    from qa.errors import BadQuestion\n",
        "qa/errors.py": "import index.store\n",
        "qa/find.py": "from ui import render\n",
        "ui/render.py": "import bench.run\n",
        "app/cli.py": "from ui.render import esc\nfrom qa import errors\n",
    })  # fmt: skip
    problems = direction_problems(*edges(root))
    arrows = "arrows point app -> ui -> qa -> index"
    assert problems == [
        f"index/store.py:4: index.store imports qa.errors (index may not import qa: {arrows})",
        f"qa/find.py:1: qa.find imports ui.render (qa may not import ui: {arrows})",
        "ui/render.py:1: ui.render imports bench.run (nothing may import bench/)",
    ]


def test_a_cycle_is_found_and_its_edges_named(tmp_path):
    root = _tree(tmp_path, {
        "qa/a.py": "from qa import b\n",
        "qa/b.py": "def f():\n    from qa.c import x\n",
        "qa/c.py": "from .a import y\n",
        "qa/d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from qa.e import T\n",
        "qa/e.py": "import qa.d\n",
    })  # fmt: skip
    problems = cycle_problems(*edges(root))
    assert problems == ["import cycle among qa.a, qa.b, qa.c: qa.a -> qa.b (qa/a.py:1); qa.b -> qa.c (qa/b.py:2); "
                        "qa.c -> qa.a (qa/c.py:1)"], "a TYPE_CHECKING import makes no cycle"
