"""The package's modules import one another without a cycle: neither the imports at the top of
a module nor those for type checking (``if TYPE_CHECKING``) go round; imports inside functions
(the lazy ones) are left out."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "graph"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    body = ast.parse(path.read_text(encoding="utf-8")).body
    for node in [*body, *(n for block in body if isinstance(block, ast.If) for n in block.body)]:
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found |= {c for c in candidates if c in modules}
    return found - {name}


def _cycles() -> list[list[str]]:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges = {name: _imports(path, set(paths)) for name, path in paths.items()}
    cycles, state = [], dict.fromkeys(edges, 0)

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(edges[name]):
            if state[target] == 1:
                cycles.append([*trail[trail.index(target):], target])
            elif state[target] == 0:
                visit(target, [*trail, target])
        state[name] = 2

    for name in sorted(edges):
        if state[name] == 0:
            visit(name, [name])
    return cycles


def test_no_module_imports_itself_through_others() -> None:
    assert _cycles() == []
