"""The import rules of docs/architecture.md, enforced: every module's imports, read with ast."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import vcsa_conformance

ROOT = Path(vcsa_conformance.__file__).resolve().parent
OURS = "vcsa_conformance"
SUITE = f"{OURS}.suite"
BASE = (f"{OURS}.contract", f"{OURS}.results", f"{OURS}.redact")
MOCK, MODEL = f"{OURS}.mock", f"{OURS}.mock.model"
EVERYONE = (f"{OURS}.errors",)  # the root error of the project: every package may raise it

# package -> the packages of ours it may import (itself always); the longest prefix applies.
ALLOWED: dict[str, tuple[str, ...]] = {
    f"{OURS}.errors": (),
    f"{OURS}.contract": (),
    f"{OURS}.results": (),
    f"{OURS}.redact": (f"{OURS}.contract",),
    MOCK: (f"{OURS}.contract",),  # the server, the app, TLS, latency: any of the mock
    MODEL: (f"{OURS}.contract", f"{MOCK}.catalogue"),  # never a protocol, the app, the server
    f"{MOCK}.protocols": (f"{OURS}.contract", MODEL),  # never the app or the server
    f"{SUITE}.http": BASE,
    f"{SUITE}.judge": (*BASE, f"{SUITE}.http"),
    f"{SUITE}.generate": (f"{OURS}.contract",),
    f"{SUITE}.conformance": (*BASE, SUITE),
    f"{SUITE}.run": (*BASE, SUITE, f"{OURS}.mock"),
    SUITE: (*BASE, SUITE),
    f"{OURS}.reports": BASE,
    f"{OURS}.compare": (*BASE, f"{OURS}.reports"),
    f"{OURS}.cli": (*BASE, SUITE, f"{OURS}.mock", f"{OURS}.reports", f"{OURS}.compare"),
    f"{OURS}.mutation": (f"{OURS}.contract", f"{OURS}.mock", f"{SUITE}.run.options"),
    OURS: (f"{OURS}.cli",),  # __init__ and __main__
}
# a library -> the packages of ours that never import it
NEVER: dict[str, tuple[str, ...]] = {
    "pytest": (f"{SUITE}.http", f"{SUITE}.judge", f"{SUITE}.generate", MOCK, f"{OURS}.compare"),
    # the model serves every protocol, so it knows none of the web
    **dict.fromkeys(("starlette", "uvicorn", "httpx"), (MODEL,)),
    # how a test is stopped or an example replayed is the run layer's choice
    "hypothesis": (f"{SUITE}.http",),
}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, path))
    return found


def _imports(path: Path, module: str) -> set[str]:
    """Every module an ``import`` or ``from ... import`` names, anywhere in the file."""
    names: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}".rstrip(".")
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return names


def _rule(module: str) -> str:
    return max((p for p in ALLOWED if module == p or module.startswith(p + ".")), key=len)


def _inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


MODULES = _modules()


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_imports_follow_the_architecture(module: str, path: Path) -> None:
    rule = _rule(module)
    allowed = (rule, *ALLOWED[rule], *EVERYONE)
    ours = {name for name in _imports(path, module) if _inside(name, OURS)}
    # "from vcsa_conformance.mock import protocols" names the package too: judge the full names
    leaves = {name for name in ours if not any(o.startswith(name + ".") for o in ours)}
    leaves -= {OURS, f"{OURS}.__version__"}  # the package's own version: anyone may read it
    wrong = sorted(name for name in leaves if not any(_inside(name, a) for a in allowed))
    assert not wrong, f"{module} may not import {wrong} (docs/architecture.md)"


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_no_module_imports_a_library_its_package_never_may(module: str, path: Path) -> None:
    names = _imports(path, module)
    wrong = sorted(
        library
        for library, packages in NEVER.items()
        if any(_inside(module, p) for p in packages) and any(_inside(n, library) for n in names)
    )
    assert not wrong, f"{module} may not import {wrong} (docs/architecture.md)"


def test_the_rules_cover_every_package_and_catch_a_wrong_import() -> None:
    assert {_rule(module) for module, _ in MODULES} <= set(ALLOWED)
    mock_app = ROOT / "mock" / "app.py"
    assert f"{OURS}.suite.http.client" not in _imports(mock_app, f"{OURS}.mock.app")
    rule = _rule(f"{OURS}.mock.app")
    assert not any(_inside(f"{SUITE}.http.client", a) for a in (rule, *ALLOWED[rule]))
    rule = _rule(f"{MODEL}.appliance")
    for wrong in (f"{MOCK}.protocols.rest", f"{MOCK}.app", f"{MOCK}.server"):
        assert not any(_inside(wrong, a) for a in (rule, *ALLOWED[rule])), wrong


def test_no_class_of_the_suite_is_a_crowded_room() -> None:
    """A class over ~200 lines does several jobs (issue 17 split the backup controller)."""
    crowded = [
        f"{module}.{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for module, path in MODULES
        if _inside(module, SUITE)
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.ClassDef) and (node.end_lineno or 0) - node.lineno >= 220
    ]
    assert not crowded, crowded
