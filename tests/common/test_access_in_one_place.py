"""Access is decided in one place: ``common/permissions``. Views, operations, queries and templates ask it; none of
them compares role names, reads a user's role assignments or imports the role constants.

Account administration (``common/users``: granting and listing roles), the models that define the roles and the
demo builders (which create the demo accounts) are the only other places that handle roles, and they decide
nothing. A new exception needs a reason written here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app.py", "common", "hrms", "learning", "monitoring", "reports")
ALLOWED = (
    "common/permissions/",  # the one place
    "common/users/",  # account administration: lists, grants and revokes role assignments
    "common/models/",  # defines the roles and the assignment table
)
DEMO = re.compile(r"(^|/)(demo|demo_data)\.py$|(^|/)demo/")  # builders of the demo accounts and data
ROLE_CONSTANTS = {"ADMIN", "HR_OFFICER", "ME_OFFICER", "ME_APPROVER", "LEARNING_ADMIN", "AUDITOR"}
ROLE_VALUES = {"admin", "hr_officer", "me_officer", "me_approver", "learning_admin", "auditor"}
# Decisions that belong to permissions: role lookups and comparisons.
FORBIDDEN = [
    (re.compile(r"\bhas_role\("), "has_role("),
    (re.compile(r"\brole_names\("), "role_names("),
    (re.compile(r"\buser_is_admin\("), "user_is_admin("),
    (re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)"), "comparing .role"),
    (re.compile(r"(?<!User)\.roles\b"), "reading .roles"),
]
# Reading roles only to load them with the account (the session's user) decides nothing.
LOADING = re.compile(r"(joinedload|selectinload)\(User\.roles\)")


def _files() -> list[Path]:
    found: list[Path] = []
    for name in PACKAGES:
        path = ROOT / name
        found.extend([path] if path.is_file() else sorted(path.rglob("*.py")) + sorted(path.rglob("*.html")))
    return found


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _checked(path: Path) -> bool:
    rel = _relative(path)
    return not rel.startswith(ALLOWED) and not DEMO.search(rel) and "/templates/users/" not in rel


def test_no_view_operation_or_template_decides_access_itself():
    offences = []
    for path in filter(_checked, _files()):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = LOADING.sub("", line)
            offences += [f"{_relative(path)}:{number}: {label}: {line.strip()}"
                         for pattern, label in FORBIDDEN if pattern.search(text)]
    assert offences == [], "Ask common.permissions instead:\n" + "\n".join(offences)


def test_no_module_outside_permissions_uses_the_role_names():
    """Neither the role constants nor their string values (``"hr_officer"``) appear outside the allowed places."""
    offences = []
    for path in filter(_checked, _files()):
        if path.suffix != ".py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and any(a.name in ROLE_CONSTANTS for a in node.names):
                offences.append(f"{_relative(path)}:{node.lineno}: imports a role constant")
            if isinstance(node, ast.Compare):
                for part in [node.left, *node.comparators]:
                    if isinstance(part, ast.Constant) and part.value in ROLE_VALUES:
                        offences.append(f"{_relative(path)}:{node.lineno}: compares with the role {part.value!r}")
    assert offences == [], "\n".join(offences)


def test_the_check_catches_a_role_comparison(tmp_path):
    """The checks above would catch the usual shapes (a guard against a pattern that never matches)."""
    samples = ["if ADMIN in {a.role for a in user.roles}:", "if assignment.role == 'admin':", "has_role(user, x)"]
    for sample in samples:
        assert any(pattern.search(LOADING.sub("", sample)) for pattern, _label in FORBIDDEN), sample
    assert not any(pattern.search(LOADING.sub("", "options(joinedload(User.roles))")) for pattern, _ in FORBIDDEN)
    tree = ast.parse("from common.models.users import ADMIN\nif role == 'hr_officer': pass\n")
    assert any(isinstance(n, ast.ImportFrom) and n.names[0].name in ROLE_CONSTANTS for n in ast.walk(tree))


def test_one_definition_each_of_refused_and_require():
    """Views show a refusal with ``common.web.refused``; routes are guarded by ``common.permissions.require``."""
    definitions: dict[str, list[str]] = {"refused": [], "require": []}
    for path in _files():
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.lstrip("_") in definitions:
                definitions[node.name.lstrip("_")].append(f"{_relative(path)}:{node.lineno}")
    assert definitions == {"refused": ["common/web.py:" + definitions["refused"][0].split(":")[1]],
                           "require": ["common/permissions/core.py:" + definitions["require"][0].split(":")[1]]}
