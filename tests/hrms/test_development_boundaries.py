"""The dependency rule of the architecture, read from the source: hrms reaches learning only through its public
operations and queries (``learning.operations``, ``learning.queries``, and ``learning.public`` written for other
modules), and learning imports nothing from hrms."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = {"learning.operations", "learning.queries", "learning.public"}


def imported_modules(package: str) -> list[tuple[str, str]]:
    """(file, module) for every import in ``package``; ``from x import y`` yields ``x.y`` (y may be a module)."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(ROOT)), alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found += [(str(path.relative_to(ROOT)), f"{node.module}.{alias.name}") for alias in node.names]
    return found


def allowed_from_hrms(module: str) -> bool:
    return any(module == public or module.startswith(public + ".") for public in PUBLIC)


def test_hrms_imports_only_learnings_public_operations_and_queries():
    uses = [(path, module) for path, module in imported_modules("hrms")
            if module == "learning" or module.startswith("learning.")]
    assert uses, "professional development is expected to use learning's operations"
    wrong = [f"{path}: {module}" for path, module in uses if not allowed_from_hrms(module)]
    assert not wrong, "hrms imports learning's internals:\n" + "\n".join(wrong)


def test_learning_imports_nothing_from_hrms():
    wrong = [f"{path}: {module}" for path, module in imported_modules("learning")
             if module == "hrms" or module.startswith("hrms.")]
    assert not wrong, "\n".join(wrong)


def test_the_check_catches_a_forbidden_import():
    assert not allowed_from_hrms("learning.models.Course") and not allowed_from_hrms("learning.views.catalogue")
    assert allowed_from_hrms("learning.operations.assign") and allowed_from_hrms("learning.public")
