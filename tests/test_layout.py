"""The layout holds: no import cycle, no module over 350 lines, the layers import one way, and
``tfcompat_losses``' public surface is its ``__init__.__all__``.

Read with ``ast`` only (nothing is imported, TensorFlow is not needed). An import is every
``import``/``from ... import`` anywhere in a module (module level, inside functions, under
``if TYPE_CHECKING:``) and every ``importlib.import_module("<literal>")``. Importing ``a.b.c``
also runs ``a/__init__`` and ``a/b/__init__``, so a module that imports ``a.b.c`` from outside
package ``a.b`` also depends on ``a.b``'s ``__init__`` (a package ``__init__`` that imported
its package's users would be a cycle).

The layers of ``migrate`` (see docs/architecture.md), from the bottom:

* ``report/results.py``, ``report/model.py``, ``report/base.py``: the typed results and the
  report model. ``report/`` imports nothing from ``migrate`` outside ``report/`` (but
  ``migrate._version``); the model imports no renderer; a renderer (``text``, ``json``,
  ``github``, ``sarif``, ``junit``) imports the model only, not another renderer nor
  ``report/render.py`` (the registry that imports them all). Only ``cli/`` picks a renderer.
* ``files/``: discovery, reading and writing, notebooks. Imports only ``files/`` and the
  report's typed results: never ``engine/``, ``rules/`` or ``cli/`` (the notebook layer reaches
  the engine through the ``ModuleCodemod`` interface its caller passes in).
* ``engine/`` and ``rules/``: the per-module transform. Never ``cli/`` nor a renderer; the
  engine imports from ``files/`` only ``syntax_errors`` (pure: parses, never reads or writes),
  the rules nothing. ``rules/`` imports the engine's facts and symbols, and no module that
  imports ``rules/`` (that would be a cycle).
* ``cli/``: the top; may import anything. Nothing imports it but ``migrate/__main__.py``.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("migrate", "tfcompat_losses")
MAX_LINES = 350

MODEL = {"migrate.report.results", "migrate.report.model", "migrate.report.base"}
RENDERERS = {f"migrate.report.{name}" for name in ("text", "json", "github", "sarif", "junit")}
REGISTRY = "migrate.report.render"


def _modules() -> dict[str, tuple[Path, bool]]:
    """``{dotted name: (path, is a package __init__)}`` for every module of both packages."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            found[".".join(parts)] = (path, is_package)
    return found


MODULES = _modules()


def _absolute(name: str, is_package: bool, module: str | None, level: int) -> str:
    if not level:
        return module or ""
    base = name.split(".") if is_package else name.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([module] if module else [])])


def _imported(name: str) -> Iterator[tuple[str, int]]:
    """``(module, line)`` for every module of the two packages that ``name`` imports."""
    path, is_package = MODULES[name]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(name, is_package, node.module, node.level)
            # `from pkg import sub` imports the module pkg.sub; `from mod import f`, mod.
            targets = [
                f"{module}.{alias.name}" if f"{module}.{alias.name}" in MODULES else module
                for alias in node.names
            ]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            targets = [node.args[0].value]
        for target in targets:
            while target and target not in MODULES:  # `import a.b.c` where c is an attribute
                target = target.rpartition(".")[0]
            if target:
                yield target, node.lineno


def _graph() -> dict[str, dict[str, int]]:
    """``{module: {imported module: line}}``, with the package ``__init__`` files an import runs."""
    graph: dict[str, dict[str, int]] = {name: {} for name in MODULES}
    for name in MODULES:
        own = {".".join(name.split(".")[:k]) for k in range(1, name.count(".") + 2)}
        for target, line in _imported(name):
            parts = target.split(".")
            for k in range(1, len(parts) + 1):
                step = ".".join(parts[:k])
                if step != name and step not in own and step in MODULES:
                    graph[name].setdefault(step, line)
    return graph


GRAPH = _graph()


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) per strongly connected component of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
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
                components.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    cycles = []
    for component in components:
        members = set(component)
        start = min(component)
        path, seen = [start], {start}
        while True:  # walk inside the component until a module repeats
            step = min(w for w in graph[path[-1]] if w in members)
            if step in seen:
                cycles.append([*path[path.index(step) :], step])
                break
            path.append(step)
            seen.add(step)
    return cycles


def _show(cycle: list[str]) -> str:
    return (
        " -> ".join(f"{a} (line {GRAPH[a][b]})" for a, b in itertools.pairwise(cycle))
        + f" -> {cycle[-1]}"
    )


def test_the_packages_are_found() -> None:
    assert "migrate.engine.transform" in MODULES
    assert "tfcompat_losses.weighting" in MODULES
    assert "migrate.rules" in GRAPH["migrate.engine.rule_index"]


def test_no_import_cycle() -> None:
    cycles = _cycles(GRAPH)
    assert not cycles, "import cycles:\n" + "\n".join(_show(c) for c in cycles)


def test_the_cycle_check_sees_a_cycle() -> None:
    """A function-level import back, as ``process`` <-> ``notebooks`` had, is a cycle."""
    graph = {name: dict(edges) for name, edges in GRAPH.items()}
    graph["migrate.files.notebooks"]["migrate.cli.process"] = 1
    assert any("migrate.cli.process" in cycle for cycle in _cycles(graph))


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_350_lines(name: str) -> None:
    lines = len(MODULES[name][0].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, (
        f"{name} has {lines} lines (at most {MAX_LINES}): split it where it has two jobs"
    )


def _in(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _violations(source: str, allowed: Callable[[str, str], bool], why: str) -> list[str]:
    found = []
    for name in MODULES:
        if not _in(name, source):
            continue
        for target, line in GRAPH[name].items():
            if target.startswith("migrate") and not allowed(name, target):
                found.append(f"{name} (line {line}) imports {target}: {why}")
    return found


def test_the_report_model_imports_no_renderer_and_renderers_only_the_model() -> None:
    def allowed(name: str, target: str) -> bool:
        if target == "migrate._version" or target == "migrate.report":
            return True
        if not _in(target, "migrate.report"):
            return False  # the report depends on nothing else of migrate
        if name in MODEL:
            return target in MODEL
        if name in RENDERERS:
            return target in MODEL
        return True  # the registry imports every renderer

    assert not _violations("migrate.report", allowed, "the report's layering")
    assert MODEL | RENDERERS | {REGISTRY} <= set(MODULES)
    users = {name for name in MODULES if REGISTRY in GRAPH[name] or RENDERERS & set(GRAPH[name])}
    assert {u for u in users if not _in(u, "migrate.cli") and not _in(u, "migrate.report")} == set()


def test_files_never_import_the_engine_the_rules_or_the_cli() -> None:
    def allowed(name: str, target: str) -> bool:
        return _in(target, "migrate.files") or target in MODEL or target == "migrate.report"

    assert not _violations("migrate.files", allowed, "files/ is the I/O layer")


def test_engine_and_rules_never_import_the_cli() -> None:
    def allowed(name: str, target: str) -> bool:
        if _in(target, "migrate.cli") or target == REGISTRY or target in RENDERERS:
            return False
        if _in(target, "migrate.files"):  # the engine locates syntax errors; rules read no file
            return _in(name, "migrate.engine") and target in (
                "migrate.files",
                "migrate.files.syntax_errors",
            )
        return True

    for package in ("migrate.engine", "migrate.rules"):
        assert not _violations(package, allowed, "the per-module transform is below the CLI")


def test_only_the_entry_point_imports_the_cli() -> None:
    importers = {
        name
        for name in MODULES
        if not _in(name, "migrate.cli") and any(_in(t, "migrate.cli") for t in GRAPH[name])
    }
    assert importers == {"migrate.__main__"}


def _names_in_all(path: Path) -> list[str] | None:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                assert node.value is not None
                return [ast.literal_eval(element) for element in node.value.elts]  # type: ignore[attr-defined]
    return None


SHIM = ROOT / "tfcompat_losses"
FAMILIES = ("softmax", "sigmoid", "regression", "classification", "cosine", "pairwise")
"""The loss families: every public loss of each goes through ``weighting``."""
NAMESPACES = ("contrib", "distribute", "nn")
"""Public modules reached as ``tfcompat_losses.<namespace>.<name>``."""


def test_the_shims_public_surface_is_its_init_all() -> None:
    surface = _names_in_all(SHIM / "__init__.py")
    assert surface is not None, "tfcompat_losses/__init__.py must define __all__"
    for namespace in NAMESPACES:
        assert namespace in surface
    for path in sorted(SHIM.glob("*.py")):
        if path.name.startswith("_") or path.stem in NAMESPACES:
            continue
        public = _names_in_all(path)
        assert public is not None, f"{path.name} must define __all__"
        missing = sorted(set(public) - set(surface))
        assert not missing, f"{path.name} exports {missing}, not in tfcompat_losses.__all__"
    # `import tfcompat_losses.per_replica` (explicit): the same losses, per-replica denominators
    per_replica = _names_in_all(SHIM / "per_replica" / "__init__.py") or []
    extra = set(per_replica) - {"contrib", "per_replica"} - set(surface)
    assert not extra, f"per_replica has losses the package does not: {sorted(extra)}"


FUNNELS = {"weighted_loss", "compute_weighted_loss"}


def _calls(function: ast.AST) -> set[str]:
    return {
        node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        for node in ast.walk(function)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
    }


def _functions(path: Path) -> dict[str, ast.FunctionDef]:
    return {
        node.name: node
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef)
    }


def test_every_loss_family_funnels_into_compute_weighted_loss() -> None:
    """Each public loss of a family calls ``weighting``'s funnel, directly or through a helper
    (``_pointwise.pointwise_loss``) that does."""
    helpers = _functions(SHIM / "_pointwise.py")
    funnels = FUNNELS | {name for name, f in helpers.items() if _calls(f) & FUNNELS}
    assert "pointwise_loss" in funnels
    for family in FAMILIES:
        path = SHIM / f"{family}.py"
        functions = _functions(path)
        local = {name for name, f in functions.items() if _calls(f) & funnels}
        for name in _names_in_all(path) or []:
            assert _calls(functions[name]) & (funnels | local), (
                f"tfcompat_losses.{family}.{name} does not go through compute_weighted_loss"
            )
