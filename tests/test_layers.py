"""The package's import graph: no cycles, and no module importing from a layer above its own.

The graph is read from the source (ast), so a lazy import inside a function counts as an edge
too (it is still a dependency), while imports under `if TYPE_CHECKING:` do not (they never run).
`from package import name` is an edge to the submodule when `name` is one, else to the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Lowest first. A module's layer is that of the longest prefix listed here.
LAYERS: list[tuple[str, ...]] = [
    # 0: definitions every part shares
    (
        "errors", "schema", "reference", "dictionary", "staging", "results", "output", "engines",
        "startup",
        "classify",
    ),
    # 1: the workspace: connection, transactions (and their journal), the writer's lock
    ("workspace", "scan_context", "writelock", "write_journal"),
    # 2: reading inputs into canonical tables; engines' table access; name matching
    (
        "formats", "fetch", "incremental", "spark", "entities.names", "entities.screening",
        "entities.screening_benchmark",
    ),
    # 3: detectors
    ("detect",),
    # 4: what is built on alerts and tables: companies, cases, claims, models, simulated worlds
    ("entities.network", "entities.resolution", "cases", "claims", "learn", "synth"),
    # 5: the scan, owned in one place, and what it changed against the scan before it
    ("scanning", "scan_changes"),
    # 6: the façade every front end opens, and the read queries the front ends share
    ("facade", "views", ""),
    # 7: front ends (and the server's snapshot for read-only commands while it serves)
    ("report", "web", "cli", "demo", "snapshot"),
]  # fmt: skip


def _modules() -> dict[str, Path]:
    found = {}
    for f in (SRC / "shadowtrade").rglob("*.py"):
        parts = f.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = f
    return found


def _imports(f: Path, name: str, modules: dict[str, Path], lazy: bool) -> set[str]:
    package = name if f.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: set[str] = set()

    def visit(nodes: list[ast.AST]) -> None:
        for n in nodes:
            if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test):
                continue
            if isinstance(n, ast.Import):
                out.update(a.name for a in n.names)
            elif isinstance(n, ast.ImportFrom):
                base = n.module or ""
                if n.level:
                    up = package.split(".")[: len(package.split(".")) - (n.level - 1)]
                    base = ".".join(up + ([n.module] if n.module else []))
                for a in n.names:
                    sub = f"{base}.{a.name}"
                    out.add(sub if sub in modules else base)
            elif lazy or not isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(list(ast.iter_child_nodes(n)))

    visit(list(ast.parse(f.read_text("utf-8")).body))
    return {m for m in out if m in modules and m != name}


def import_graph(lazy: bool) -> nx.DiGraph:
    modules = _modules()
    g = nx.DiGraph()
    for name, f in modules.items():
        g.add_node(name)
        g.add_edges_from((name, m) for m in _imports(f, name, modules, lazy))
    return g


def _short(name: str) -> str:
    return name.removeprefix("shadowtrade").removeprefix(".")


def layer_of(name: str) -> int:
    short = _short(name)
    best: tuple[int, int] | None = None
    for level, prefixes in enumerate(LAYERS):
        for p in prefixes:
            matches = short == p or (p != "" and short.startswith(p + "."))
            if matches and (best is None or len(p) > best[0]):
                best = (len(p), level)
    assert best is not None, f"{name} is in no layer: add it to LAYERS"
    return best[1]


def _cycles(g: nx.DiGraph) -> list[set[str]]:
    return [{_short(m) for m in c} for c in nx.strongly_connected_components(g) if len(c) > 1]


def test_no_import_cycle_at_import_time() -> None:
    assert _cycles(import_graph(lazy=False)) == []


def test_no_import_cycle_with_lazy_imports_either() -> None:
    assert _cycles(import_graph(lazy=True)) == []


def test_no_module_imports_from_a_layer_above_it() -> None:
    upward = [
        f"{_short(a)} (layer {layer_of(a)}) imports {_short(b)} (layer {layer_of(b)})"
        for a, b in import_graph(lazy=True).edges
        if layer_of(b) > layer_of(a)
    ]
    assert upward == []


@pytest.mark.parametrize(
    ("source", "edges"),
    [
        ("from shadowtrade.detect import flows\n", {"shadowtrade.detect.flows"}),
        ("from shadowtrade.cases import STATUSES\n", {"shadowtrade.cases"}),
        ("def f():\n    from shadowtrade import scanning\n", {"shadowtrade.scanning"}),
        ("if TYPE_CHECKING:\n    from shadowtrade import scanning\n", set()),
    ],
)
def test_the_graph_reader(tmp_path: Path, source: str, edges: set[str]) -> None:
    """The reader itself, on known sources (a checker that sees no edge passes everything)."""
    f = tmp_path / "probe.py"
    f.write_text(source, "utf-8")
    assert _imports(f, "shadowtrade.probe", _modules(), lazy=True) == edges
    if "def f" in source:
        assert _imports(f, "shadowtrade.probe", _modules(), lazy=False) == set()
