"""The shape of the package: small modules with one job, short functions, no cycles, no reaching
into a sibling's private names (issue 11's 'done when', kept true by the suite)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        out[name] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return out


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(modules: dict[str, ast.Module]) -> dict[str, set[tuple[str, str]]]:
    """module -> {(imported module, imported name)} for imports inside the package (top level only)."""
    packages = {name for name in modules if (PACKAGE.parent / name.replace(".", "/") / "__init__.py").exists()}
    out: dict[str, set[tuple[str, str]]] = {}
    for name, tree in modules.items():
        found: set[tuple[str, str]] = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                src = _resolve(name, name in packages, node)
                if src.split(".")[0] != "pipeline":
                    continue
                for alias in node.names:
                    sub = f"{src}.{alias.name}"
                    found.add((sub, "") if sub in modules else (src, alias.name))
        out[name] = found
    return out


def test_no_module_is_too_long():
    long = {
        p.name: n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, long


def test_no_function_is_too_long():
    long = []
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {n} lines")
    assert not long, long


def test_no_private_names_imported_across_modules():
    bad = [
        f"{mod} imports {src}.{n}"
        for mod, imported in _imports(_modules()).items()
        for src, n in imported
        if n.startswith("_") and n != "__version__"
    ]
    assert not bad, bad


def test_no_import_cycles():
    modules = _modules()
    graph = {m: {src for src, _ in imps if src in modules and src != m} for m, imps in _imports(modules).items()}
    # a package's __init__ re-exporting its own modules is not a cycle
    for m in graph:
        graph[m] = {d for d in graph[m] if not (d.startswith(m + ".") or (m.startswith(d + ".") and d != "pipeline"))}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycles.append([*path[path.index(dep) :], dep] if dep in path else [node, dep])
            elif not state.get(dep):
                visit(dep, [*path, dep])
        state[node] = 2

    for m in sorted(graph):
        if not state.get(m):
            visit(m, [m])
    assert not cycles, cycles


def test_every_sub_package_ships_in_the_wheel():
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text("utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(PACKAGE.parent).parts) for p in PACKAGE.rglob("__init__.py")}
    assert found <= listed, found - listed
