"""The package's shape: no import cycles, a shallow import graph, modules of one concept.

These read the source tree, not the running code: every ``from giftflow... import`` at
the top level of a module (imports under ``if TYPE_CHECKING:`` are not edges, since they
never run).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "giftflow"
MAX_LINES = 600
MAX_DEPTH = 14  # modules on the longest chain of imports, the facade included (a ratchet)


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(SOURCE.rglob("*.py"))}


def _runtime_imports(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("giftflow"):
                found.add(node.module)
                for alias in node.names:  # "from giftflow._coins_out import _gifts"
                    if f"{node.module}.{alias.name}" in MODULES:
                        found.add(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("giftflow"))
    return found


@cache
def _edges() -> dict[str, frozenset[str]]:
    edges = {}
    for name, path in MODULES.items():
        imports = _runtime_imports(ast.parse(path.read_text()))
        # Importing giftflow.a.b runs giftflow.a first; a package's own __init__ is not an edge.
        edges[name] = frozenset(m for m in imports if m in MODULES and m != name)
    return edges


def _depth(name: str, stack: tuple[str, ...] = ()) -> int:
    if name in stack:
        cycle = " -> ".join((*stack[stack.index(name) :], name))
        pytest.fail(f"import cycle: {cycle}")
    below = [_depth(m, (*stack, name)) for m in _edges()[name] if not name.startswith(f"{m}.")]
    return 1 + max(below, default=0)


def test_every_module_is_found() -> None:
    assert "giftflow._coins_out._issuance" in MODULES
    assert "giftflow._ledger._booking" in MODULES


def test_no_import_cycles_and_a_shallow_graph() -> None:
    depths = {name: _depth(name) for name in MODULES}
    assert max(depths.values()) <= MAX_DEPTH, sorted(depths.items(), key=lambda kv: -kv[1])[:5]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_under_the_line_limit(name: str) -> None:
    lines = MODULES[name].read_text().count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by concept"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_imports_in_the_middle_of_a_module(name: str) -> None:
    tree = ast.parse(MODULES[name].read_text())
    seen_code = False
    for node in tree.body:
        is_import = isinstance(node, ast.Import | ast.ImportFrom)
        is_docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if is_import and seen_code:
            pytest.fail(f"{name} imports {ast.unparse(node)!r} after code, at line {node.lineno}")
        if not is_import and not is_docstring:
            seen_code = True


def _calls(name: str, method: str) -> bool:
    tree = ast.parse(MODULES[name].read_text())
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
        for node in ast.walk(tree)
    )


def test_the_arithmetic_of_a_gift_lives_in_the_issuance_core() -> None:
    # Converting coins into diamonds is a policy's diamonds_for; only the core calls it.
    callers = {
        name
        for name in MODULES
        if _calls(name, "diamonds_for") and not name.startswith("giftflow.testing")
    }
    assert {"giftflow._coins_out._issuance"} == callers


def test_no_caller_asks_a_conversion_policy_its_type() -> None:
    asking = {
        name
        for name, path in MODULES.items()
        if any(
            f"type(policy) is {kind}" in path.read_text()
            or f"type(self.policy) is {kind}" in path.read_text()
            for kind in ("RevenueShare", "FixedValue", "DiamondRatio")
        )
    }
    assert set() == asking
