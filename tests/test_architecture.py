"""The shape of the app (docs/ARCHITECTURE.md): packages that follow a text from a file to
a page, data moving one way, and modules small enough to read.

These read the source, not the running app: an import hidden inside a function counts as
much as one at the top of a module."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "resolutions"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted(APP.rglob("*.py"))
        if "migrations" not in path.parts
    }


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, absolute, wherever in the file the import is."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            # "from resolutions import counts" imports the module resolutions.counts.
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def in_package(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


# What each part of the app may not import: the flow is
# file -> sources -> parsing -> importing -> models -> queries -> web pages and the API.
PRESENTATION = ["resolutions.web", "resolutions.api", "resolutions.urls", "resolutions.admin"]
FORBIDDEN = {
    "resolutions.parsing": [
        "django",
        "rest_framework",
        "resolutions.sources",
        "resolutions.models",
    ],
    "resolutions.sources": [
        "django",
        "rest_framework",
        "resolutions.models",
        "resolutions.importing",
    ],
    "resolutions.domain": ["resolutions.models", "resolutions.importing", *PRESENTATION],
    "resolutions.models": [
        "resolutions.importing",
        "resolutions.followups",
        "resolutions.queries",
        *PRESENTATION,
    ],
    "resolutions.queries": ["resolutions.importing", "resolutions.followups", *PRESENTATION],
    "resolutions.importing": PRESENTATION,
    "resolutions.followups": ["resolutions.importing", *PRESENTATION],
    "resolutions.search": PRESENTATION,
    "resolutions.counts": PRESENTATION,
    "resolutions.access": PRESENTATION,
    "resolutions.web": ["resolutions.api"],
}


def test_data_moves_one_way():
    wrong = []
    for module, path in app_modules().items():
        for package, forbidden in FORBIDDEN.items():
            if not in_package(module, package):
                continue
            for imported in imports_of(path):
                if any(in_package(imported, f) for f in forbidden):
                    wrong.append(f"{module} imports {imported}")
    assert not wrong, "\n".join(sorted(set(wrong)))


@pytest.mark.parametrize("package", ["resolutions.parsing", "resolutions.sources"])
def test_the_parser_and_the_readers_run_without_django(package):
    # The check above reads the source; this one imports every module in a fresh
    # interpreter and looks at what it loaded, which catches a Django import made by a
    # library the package uses.
    modules = [m for m in app_modules() if in_package(m, package)]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        + "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


# Generated migrations aside, no module of the app is much over 400 lines.
MODULE_LINES = 420


def test_no_module_is_too_long_to_read():
    long = {
        module: lines
        for module, path in app_modules().items()
        if (lines := len(path.read_text().splitlines())) > MODULE_LINES
    }
    assert not long


VIEW_LINES = 45


def is_view(node: ast.AST) -> bool:
    """A function whose first argument is the request, or a method of a view class that
    takes it (get, post, list, retrieve, create, ...)."""
    if not isinstance(node, ast.FunctionDef) or not node.args.args:
        return False
    names = [arg.arg for arg in node.args.args]
    return names[0] == "request" or (names[0] == "self" and names[1:2] == ["request"])


def test_no_view_is_longer_than_a_screen():
    long = []
    for module, path in app_modules().items():
        if not (in_package(module, "resolutions.web") or in_package(module, "resolutions.api")):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if is_view(node) and (length := node.end_lineno - node.lineno + 1) > VIEW_LINES:
                long.append(f"{module}.{node.name}: {length} lines")
    assert not long
