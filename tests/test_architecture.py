"""The rules of the map (``docs/architecture.md``), read from the source with ``ast``: who may import whom and only
through which public modules, no import circle, no private name used across files, the environment read in one place.

Every import counts, also one inside a function: a lazy import is still a dependency. Each rule is a function of the
parsed sources, so the last tests can show that it catches a forbidden import written into a scratch source.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ("common", "hrms", "monitoring", "learning", "reports")  # the packages of the suite
ENTRY_POINTS = ("app", "worker")  # app.py and worker.py
ALL = MODULES + ENTRY_POINTS
# What a package may reach in another one, beyond ``common`` (which everyone may import whole).
PUBLIC_FOR = {
    "hrms": {"learning": {"learning.operations", "learning.queries", "learning.public"}},
    "reports": {"hrms": {"hrms.queries"}, "monitoring": {"monitoring.queries"}, "learning": {"learning.queries"}},
    "worker": {"app": {"app"}, "reports": {"reports.jobs"}},
    "app": {package: {package} for package in MODULES},  # the factory wires every package's blueprint and CLI
}
SETTINGS_FILE = "common/config.py"


@dataclass(frozen=True)
class Use:
    path: str  # the importing file, relative to the repository
    target: str  # the module imported (``learning.public``), resolved to a module where the name is a module
    name: str | None  # the name taken from it (``from x import name``), or None for ``import x``
    local: str = ""  # the name the import binds in the importing file

    @property
    def package(self) -> str:
        return self.target.split(".")[0]


def source_files() -> dict[str, str]:
    return dict(_sources())


@cache
def _sources() -> tuple[tuple[str, str], ...]:
    """Path -> source of every application file (tests, bench, deploy and migrations are not the application)."""
    paths = [ROOT / f"{entry}.py" for entry in ENTRY_POINTS]
    for package in MODULES:
        paths += sorted((ROOT / package).rglob("*.py"))
    return tuple((str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in paths)


def module_of(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(dotted: str) -> bool:
    base = dotted.replace(".", "/")
    paths = {path for path, _source in _sources()}
    return f"{base}.py" in paths or f"{base}/__init__.py" in paths


@cache
def _tree(path: str, source: str) -> ast.Module:
    return ast.parse(source, filename=path)


@cache
def imports(path: str, source: str) -> tuple[Use, ...]:
    """Every import of the suite's own code in ``source``; relative imports are resolved against ``path``."""
    found = []
    package = module_of(path) if path.endswith("__init__.py") else module_of(path).rpartition(".")[0]
    for node in ast.walk(_tree(path, source)):
        if isinstance(node, ast.Import):
            found += [Use(path, alias.name if alias.asname else alias.name.split(".")[0], None,
                          alias.asname or alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                dotted = f"{base}.{alias.name}"
                local = alias.asname or alias.name
                found.append(Use(path, dotted, None, local) if _is_module(dotted)
                             else Use(path, base, alias.name, local))
    return tuple(use for use in found if use.package in ALL)


def all_imports(sources: dict[str, str]) -> list[Use]:
    return [use for path, source in sources.items() for use in imports(path, source)]


def package_of(path: str) -> str:
    return module_of(path).split(".")[0]


def forbidden_imports(uses: list[Use]) -> list[str]:
    """Imports across packages that the map does not allow (rules 1 to 5)."""
    wrong = []
    for use in uses:
        source, target = package_of(use.path), use.package
        if target in (source, "common"):
            continue
        allowed = PUBLIC_FOR.get(source, {}).get(target, set())
        if not any(use.target == public or use.target.startswith(public + ".") for public in allowed):
            wrong.append(f"{use.path}: {source} may not import {use.target}"
                         + (f" ({sorted(allowed)} only)" if allowed else ""))
    return wrong


def package_cycles(uses: list[Use]) -> list[list[str]]:
    """Circles in the graph of packages (rule 6), each as the packages met along it."""
    edges: dict[str, set[str]] = defaultdict(set)
    for use in uses:
        if package_of(use.path) != use.package:
            edges[package_of(use.path)].add(use.package)
    cycles, done = [], set()

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            cycles.append([*trail[trail.index(node):], node])
            return
        if node in done:
            return
        for following in sorted(edges[node]):
            visit(following, [*trail, node])
        done.add(node)

    for node in sorted(edges):
        visit(node, [])
    return cycles


def private_names_across_files(sources: dict[str, str]) -> list[str]:
    """``from x import _name`` and ``module._name`` where x or module is another file of the suite (rule 7)."""
    wrong = []
    for path, source in sources.items():
        modules_here = set()  # local names bound to a module of the suite
        tree = _tree(path, source)
        for use in imports(path, source):
            if use.name is None:
                modules_here.add(use.local)
            elif _private(use.name) and use.target != module_of(path):
                wrong.append(f"{path}: from {use.target} import {use.name}")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and _private(node.attr)
                    and node.value.id in modules_here):
                wrong.append(f"{path}:{node.lineno}: {node.value.id}.{node.attr}")
    return wrong


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def environment_reads(sources: dict[str, str]) -> list[str]:
    """``os.environ``, ``os.getenv`` or ``from os import environ/getenv`` outside ``common/config.py`` (rule 8)."""
    wrong = []
    for path, source in sources.items():
        if path == SETTINGS_FILE:
            continue
        for node in ast.walk(_tree(path, source)):
            if (isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "environb", "putenv"}
                    and isinstance(node.value, ast.Name) and node.value.id == "os"):
                wrong.append(f"{path}:{node.lineno}: os.{node.attr}")
            elif isinstance(node, ast.ImportFrom) and node.module == "os" and any(
                    a.name in {"environ", "getenv", "environb", "putenv"} for a in node.names):
                wrong.append(f"{path}:{node.lineno}: from os import ...")
    return wrong


# The rules, on the repository as it is.

def test_every_import_across_packages_goes_where_the_map_allows():
    wrong = forbidden_imports(all_imports(source_files()))
    assert not wrong, "imports the map (docs/architecture.md) forbids:\n" + "\n".join(wrong)


def test_hrms_uses_learning_through_its_public_modules_only():
    uses = [use for use in all_imports(source_files()) if package_of(use.path) == "hrms" and use.package == "learning"]
    assert uses, "professional development is expected to use learning's operations"
    assert {use.target.split(".")[1] for use in uses} <= {"operations", "queries", "public"}


def test_only_the_entry_points_import_reports_and_only_the_worker_imports_app():
    uses = all_imports(source_files())
    assert {package_of(u.path) for u in uses if u.package == "reports"} - {"reports"} == {"app", "worker"}
    assert {package_of(u.path) for u in uses if u.package == "app"} == {"worker"}


def test_there_is_no_import_circle_between_packages():
    cycles = package_cycles(all_imports(source_files()))
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_no_private_name_is_used_from_another_file():
    wrong = private_names_across_files(source_files())
    assert not wrong, "make these public or move them:\n" + "\n".join(wrong)


def test_the_environment_is_read_only_in_common_config():
    wrong = environment_reads(source_files())
    assert not wrong, "read settings in common/config.py (and list them in the README):\n" + "\n".join(wrong)


def test_every_setting_of_common_config_is_in_the_readme():
    config = (ROOT / SETTINGS_FILE).read_text(encoding="utf-8")
    read = set()
    for node in ast.walk(ast.parse(config)):
        if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
            continue
        environ_get = (isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                       and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "environ")
        if environ_get or (isinstance(node.func, ast.Name) and node.func.id == "_bool"):
            read.add(node.args[0].value)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    missing = sorted(name for name in read - {"FLASK_ENV"} if f"`{name}`" not in table)
    assert read and not missing, f"settings missing from the README's configuration table: {missing}"


def test_the_map_names_every_package_and_public_module():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert "docs/architecture.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    names = {f"{p}/" for p in MODULES} | {f"{e}.py" for e in ENTRY_POINTS}
    names |= {m for allowed in PUBLIC_FOR.values() for modules in allowed.values() for m in modules if "." in m}
    missing = sorted(name for name in names if f"{name}" not in text)
    assert not missing, f"docs/architecture.md does not name: {missing}"


# Each check catches what it is there to catch (a forbidden line written into a scratch copy of a real file).

def _with(path: str, line: str) -> dict[str, str]:
    sources = source_files()
    sources[path] = sources[path] + "\n\ndef _scratch():\n    " + line + "\n"
    return sources


def test_the_checks_catch_a_forbidden_import():
    def caught(path: str, line: str) -> list[str]:
        return forbidden_imports(all_imports(_with(path, line)))

    assert caught("common/audit.py", "from hrms import queries")
    assert caught("monitoring/queries.py", "from learning.queries import learners")
    assert caught("learning/queries.py", "import monitoring.periods")
    assert caught("hrms/queries.py", "from learning.models import Course")
    assert caught("hrms/queries.py", "from monitoring import queries")
    assert caught("reports/me_figures.py", "from monitoring import periods")
    assert caught("reports/me_figures.py", "from monitoring.models import Indicator")
    assert caught("hrms/queries.py", "from reports import jobs")
    assert caught("reports/jobs.py", "from app import create_app")
    assert not caught("hrms/queries.py", "from learning.public import published_courses")
    assert not caught("reports/me_figures.py", "from monitoring.queries import documents")


def test_the_checks_catch_a_circle_a_private_name_and_an_environment_read():
    assert package_cycles(all_imports(_with("reports/jobs.py", "from app import create_app")))
    assert private_names_across_files(_with("learning/public.py", "from learning.operations.rules import _sync_rule"))
    assert private_names_across_files(_with("reports/dash/hr.py", "from reports.dash import me\n    me._x"))
    assert not private_names_across_files(_with("reports/dash/hr.py", "x = _figure"))
    assert environment_reads(_with("learning/files.py", "import os\n    os.environ.get('X')"))
    assert environment_reads(_with("common/cache.py", "from os import getenv"))
