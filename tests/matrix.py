"""The route × role matrix machinery, shared by every module's permission test.

Each package under ``tests/`` keeps its rows in ``permissions_matrix.py`` (``EXPECTED``: endpoint ->
(method, URL template, personas allowed)); ``tests/common/test_permissions_matrix.py`` fails for any
registered route that no package lists, so nobody adds a page without deciding who may open it.
Each package's own ``test_permissions_matrix.py`` builds ``base_world`` plus its own objects, then
calls ``check``.

Write routes are also posted with a valid form (``WRITES`` beside ``EXPECTED``: label -> (method, URL, personas
allowed, form fields), placeholders allowed in the URL and the values), not only empty: someone refused must be
refused however good their form, and someone allowed gets past the form to the operation. Personas are tried in
``PERSONAS`` order and rows in their order, so a write by an earlier persona can leave a later one a page saying
there is nothing left to do: still a page, so still allowed.

The matrix's second column, ``PERSONAL`` (endpoint -> what it shows, as in ``common.reads.WHAT``), lists the
routes that show other people's personal data; it must equal the routes declared with ``@personal_data``.
While ``check`` opens every route as every persona, it reads each answer: one that shows another person's
personal number or name must come from a declared route, and a declared route that shows someone's personal
number must write a ``read`` entry naming them.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from typing import Any

import tests
from common.models.users import ADMIN, AUDITOR, HR_OFFICER, LEARNING_ADMIN, ME_APPROVER, ME_OFFICER

PERSONAS = ("anonymous", "employee", "manager", "hr_in_scope", "hr_out_of_scope", "me_officer", "me_out_of_agency",
            "me_approver", "learning_admin", "auditor", "admin")
EVERYONE = frozenset(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}

Expected = dict[str, tuple[str, str, frozenset[str] | set[str]]]
Writes = dict[str, tuple[str, str, frozenset[str] | set[str], dict[str, Any]]]


@dataclass
class World:
    """Ministry A (``units['a']``) holds the ``person`` whose manager is the ``manager`` persona; the
    ``employee`` persona is a colleague of that person. HR in scope and the learning administrator are
    scoped to ministry A; HR out of scope (an HR officer of another ministry) and the M&E officer to ministry B;
    the M&E officer outside the agency to ministry A (the M&E rows concern ministry B's strategy)."""

    urls: dict[str, str]
    clients: dict[str, Any]
    units: dict[str, Any] = field(default_factory=dict)
    employees: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)


def base_world(app: Any, factory: Any, login_as: Any) -> World:
    ministry_a, ministry_b = factory.unit("MA"), factory.unit("MB")
    division = factory.unit("MA-1", parent=ministry_a, kind="division")
    boss = factory.employee(division)
    person = factory.employee(division, manager=boss)
    colleague = factory.employee(division, manager=boss)
    users = {
        "employee": factory.user(employee=colleague),
        "manager": factory.user(employee=boss),
        "hr_in_scope": factory.user(roles=[(HR_OFFICER, ministry_a)]),
        "hr_out_of_scope": factory.user(roles=[(HR_OFFICER, ministry_b)]),
        "me_officer": factory.user(roles=[(ME_OFFICER, ministry_b)]),
        "me_out_of_agency": factory.user(roles=[(ME_OFFICER, ministry_a)]),
        "me_approver": factory.user(roles=[(ME_APPROVER, None)]),
        "learning_admin": factory.user(roles=[(LEARNING_ADMIN, ministry_a)]),
        "auditor": factory.user(roles=[(AUDITOR, None)]),
        "admin": factory.user(roles=[(ADMIN, None)]),
    }
    clients = {"anonymous": app.test_client()} | {name: login_as(user) for name, user in users.items()}
    return World(
        urls={"unit": str(ministry_a.id), "employee": str(person.id)}, clients=clients,
        units={"a": ministry_a, "b": ministry_b, "a_division": division},
        employees={"boss": boss, "person": person, "colleague": colleague}, users=users,
    )


def _allowed(response: Any) -> bool:
    if response.status_code in (301, 302, 303):
        # Refusal sends an anonymous user to sign in with ?next=; sign-out itself lands on the plain form.
        return "/auth/login?next=" not in response.headers.get("Location", "")
    return response.status_code == 200


def _form(fields: dict[str, Any], urls: dict[str, str]) -> dict[str, Any]:
    return {name: [v.format(**urls) for v in value] if isinstance(value, list) else str(value).format(**urls)
            for name, value in fields.items()}


@dataclass
class Sniffer:
    """Finds the people an answer shows (by personal number or English full name), and the people the request's
    read entries named."""

    numbers: dict[str, int]
    names: dict[int, re.Pattern[str]]
    last_event: int = 0

    @classmethod
    def load(cls) -> Sniffer:
        from sqlalchemy import select

        from common.extensions import db
        from common.models import Employee

        rows = db.session.execute(select(Employee.id, Employee.personal_number, Employee.first_name_en,
                                         Employee.last_name_en)).all()
        return cls({r.personal_number: r.id for r in rows},
                   {r.id: re.compile(re.escape(f"{r.first_name_en} {r.last_name_en}") + r"\b") for r in rows},
                   cls.newest_event())

    @staticmethod
    def newest_event() -> int:
        from sqlalchemy import func, select

        from common.extensions import db
        from common.models import AuditEvent

        with db.engine.connect() as conn:  # its own connection: it sees what the requests committed
            return conn.execute(select(func.coalesce(func.max(AuditEvent.id), 0))).scalar_one()

    def shown(self, body: str, own: int | None) -> tuple[set[int], set[int]]:
        """(people whose personal number the answer shows, people it names), the reader left out."""
        by_number = {i for number, i in self.numbers.items() if number in body} - {own}
        by_name = {i for i, pattern in self.names.items() if pattern.search(body)} - {own}
        return by_number, by_name

    def logged(self) -> set[int]:
        """The subjects of the read entries written since the last call."""
        from sqlalchemy import select

        from common.extensions import db
        from common.models import AuditEvent, AuditSubject

        with db.engine.connect() as conn:
            subjects = set(conn.execute(select(AuditSubject.employee_id).join(
                AuditEvent, AuditSubject.event_id == AuditEvent.id).where(
                AuditEvent.kind == "read", AuditEvent.id > self.last_event)).scalars())
        self.last_event = self.newest_event()
        return subjects


def _sniff(app: Any, sniffer: Sniffer, endpoint: str, response: Any, own: int | None) -> tuple[list[str], bool, bool]:
    """The problems with one answer; whether it showed someone else; whether its request logged a read."""
    declared = getattr(app.view_functions.get(endpoint), "personal_data", None)
    logged = sniffer.logged()
    if response.status_code != 200 or not response.mimetype.startswith(("text/", "application/json")):
        return [], False, bool(logged)
    by_number, by_name = sniffer.shown(response.get_data(as_text=True), own)
    if not (by_number or by_name):
        return [], False, bool(logged)
    if declared is None:
        return [f"shows people {sorted(by_number | by_name)} but is not declared @personal_data"], True, False
    if not by_number <= logged:
        # A personal number is personal data whoever reads it: its holder must be in the read entry.
        return [f"declared personal ({declared}) but its read entry names {sorted(logged)}, not everyone whose "
                f"personal number it shows {sorted(by_number)}"], True, bool(logged)
    return [], True, bool(logged)


def check(app: Any, expected: Expected, world: World) -> list[str]:
    """Open every listed route as every persona; return the mismatches (empty when all is as listed), and the
    answers that show personal data without being declared and logged (see the module's docstring)."""
    from common.extensions import db

    db.session.commit()  # the requests run in their own sessions: they must see the world's rows
    registered = {rule.endpoint for rule in app.url_map.iter_rules()}
    problems = []
    sniffer = Sniffer.load()
    showed: set[str] = set()
    wrote: set[str] = set()
    # Signing out ends the session, so it is tried last.
    for endpoint, (method, template, allowed) in sorted(expected.items(), key=lambda item: item[0] == "auth.logout"):
        if endpoint not in registered:
            problems.append(f"{endpoint} is listed but not registered")
            continue
        url = template.format(**world.urls)
        for persona in PERSONAS:
            response = world.clients[persona].open(url, method=method)
            if _allowed(response) != (persona in allowed):
                problems.append(f"{method} {url} as {persona}: {response.status_code}")
            found, showed_someone, logged = _sniff(app, sniffer, endpoint, response,
                                                   getattr(world.users.get(persona), "employee_id", None))
            problems += [f"{method} {url} as {persona}: {problem}" for problem in found]
            showed |= {endpoint} if showed_someone else set()
            wrote |= {endpoint} if logged else set()
    # A declared page that showed other people to some persona must have logged it for one of them at least (the
    # others may have been reading their own record, which is not logged).
    problems += [f"{endpoint} showed other people's data but wrote no read entry" for endpoint in sorted(showed - wrote)
                 if getattr(app.view_functions.get(endpoint), "personal_data", None)]
    return problems


def check_writes(app: Any, writes: Writes, world: World) -> list[str]:
    """Post every write route's valid form as every persona; return the mismatches."""
    from common.extensions import db

    db.session.commit()
    problems = []
    for label, (method, template, allowed, fields) in writes.items():
        url, data = template.format(**world.urls), _form(fields, world.urls)
        for persona in PERSONAS:
            response = world.clients[persona].open(url, method=method, data=data)
            if _allowed(response) != (persona in allowed):
                problems.append(f"{label}: {method} {url} with a valid form as {persona}: {response.status_code}")
    return problems


def all_expected() -> Expected:
    """Every package's ``permissions_matrix.EXPECTED``, merged; an endpoint listed twice is an error."""
    merged: Expected = {}
    for package in pkgutil.iter_modules(tests.__path__):
        if not package.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{package.name}.permissions_matrix")
        except ModuleNotFoundError:
            continue
        duplicated = set(merged) & set(module.EXPECTED)
        if duplicated:
            raise AssertionError(f"Listed in two permission matrices: {sorted(duplicated)}")
        merged.update(module.EXPECTED)
    return merged


def all_personal() -> dict[str, str]:
    """Every package's ``permissions_matrix.PERSONAL`` column, merged."""
    merged: dict[str, str] = {}
    for package in pkgutil.iter_modules(tests.__path__):
        if not package.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{package.name}.permissions_matrix")
        except ModuleNotFoundError:
            continue
        merged.update(getattr(module, "PERSONAL", {}))
    return merged
