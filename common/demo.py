"""``flask demo``: a plausible Georgian government to explore (and benchmark) the suite with.

The structure (ministries, departments, divisions, agencies, regional offices and, at national
scale, a branch in every municipality) and the staff are planned in memory from ``demo_data``
and written with a handful of bulk inserts. Ids are assigned up front, so materialised paths and
manager links are known before anything is written: 100,000 employees load in well under a
minute. A seeded ``random.Random`` makes every run with the same size produce the same people.
Only the demo accounts go through the audited operations; the directory rows are bulk data.
"""

from __future__ import annotations

import random
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, insert, select, text

from common import demo_data as data
from common import signals
from common.auth.passwords import policy_problems
from common.directory import operations as directory_ops
from common.extensions import db
from common.models import Competency, Employee, OrgUnit, Position, User
from common.models.base import utcnow
from common.models.users import ADMIN, AUDITOR, HR_OFFICER, LEARNING_ADMIN, ME_APPROVER, ME_OFFICER
from common.users import operations as user_ops

DEMO_ACCOUNTS = (
    ("admin@demo.gov.ge", ADMIN, None),
    ("hr@demo.gov.ge", HR_OFFICER, "ministry"),
    ("manager@demo.gov.ge", None, "manager"),
    ("employee@demo.gov.ge", None, "employee"),
    ("me@demo.gov.ge", ME_OFFICER, "agency"),
    ("approver@demo.gov.ge", ME_APPROVER, None),
    ("learning@demo.gov.ge", LEARNING_ADMIN, None),
    ("auditor@demo.gov.ge", AUDITOR, None),
)
SEED, BATCH = 2026, 5000
HR_MINISTRY, ME_AGENCY = "MOF", "RS"  # the HR officer's scope, the M&E officer's agency
DEMO_ENVIRONMENTS = {"development", "testing"}  # SUITE_ENV values where ``flask demo`` may run


def transliterate(georgian: str) -> str:
    """Georgian script to Latin by the national system, each word capitalised (ჭიათურა → Chiatura)."""
    latin = "".join(data.GEORGIAN_TO_LATIN.get(char, char) for char in georgian)
    return re.sub(r"[a-z]+", lambda match: match.group(0).capitalize(), latin)


@dataclass(eq=False)
class Unit:
    id: int
    code: str
    name_ka: str
    name_en: str
    kind: str
    parent: Unit | None
    region: str
    domain: str
    head: str  # position code of the unit's head
    weight: float  # share of the staff it gets, relative to other units
    path: str = ""
    depth: int = 0
    head_slot: int | None = None
    deputies: list[int] = field(default_factory=list)


class Government:
    """The planned structure and staff: units, then slots (unit, position, manager slot), in id order."""

    def __init__(self, employees: int, seed: int = SEED) -> None:
        self.size = employees
        self.rng = random.Random(seed)
        self.scale = min(1.0, employees / 2000)  # small demos get a slimmer structure
        self.units: list[Unit] = []
        self.by_code: dict[str, Unit] = {}
        self.slots: list[tuple[Unit, str, int | None]] = []
        self._plan_units()
        self._plan_staff()

    def count(self, low: int, high: int, minimum: int = 1) -> int:
        return max(minimum, round(self.rng.randint(low, high) * self.scale))

    def add(self, code: str, name_ka: str, name_en: str, kind: str, parent: Unit | None, head: str,
            weight: float, region: str | None = None, domain: str | None = None) -> Unit:
        unit = Unit(len(self.units) + 1, code, name_ka, name_en, kind, parent,
                    region or (parent.region if parent else "Tbilisi"), domain or (parent.domain if parent else ""),
                    head, weight)
        unit.path = f"{parent.path if parent else '/'}{unit.id}/"
        unit.depth = parent.depth + 1 if parent else 0
        self.units.append(unit)
        self.by_code[code] = unit
        return unit

    def department(self, parent: Unit, code: str, spec: tuple, divisions: int) -> None:
        dept = self.add(code, spec[0], spec[1], "department", parent, "P-HDEP", 1.5)
        pool = list(spec[2]) if len(spec) > 2 else self.rng.sample(data.GENERIC_DIVISIONS, len(data.GENERIC_DIVISIONS))
        for number, (name_ka, name_en) in enumerate(pool[:divisions], 1):
            self.add(f"{code}-{number:02d}", name_ka, name_en, "division", dept, "P-HDIV", 5)

    def _plan_units(self) -> None:
        rng = self.rng
        for code, name_ka, name_en, domain, own in data.MINISTRIES:
            ministry = self.add(code, name_ka, name_en, "ministry", None, "P-MIN", 3, "Tbilisi", domain)
            total = self.count(3, 6, minimum=2)
            own_count = min(len(own), rng.randint(2, 3), total - 1)
            common = list(data.COMMON_DEPARTMENTS[1:])
            rng.shuffle(common)
            chosen = [*own[:own_count], data.COMMON_DEPARTMENTS[0], *common][:total]
            for number, spec in enumerate(chosen, 1):
                self.department(ministry, f"{code}-D{number:02d}", spec, self.count(2, 4))
        for parent, code, name_ka, name_en, core in data.AGENCIES[:max(2, round(len(data.AGENCIES) * self.scale))]:
            agency = self.add(code, name_ka, name_en, "agency", self.by_code[parent], "P-AHEAD", 3,
                              domain=f"{code.lower()}.gov.ge")
            extra = [*data.AGENCY_DEPARTMENTS, *data.COMMON_DEPARTMENTS[:4]]
            rng.shuffle(extra)
            for number, spec in enumerate([*core, *extra][:self.count(2, 3)], 1):
                self.department(agency, f"{code}-D{number:02d}", spec, self.count(1, 2))
        # Regional offices: two ministries' in every demo of 1,000 or more; at national scale more
        # networks, each with a branch per municipality, until there is a unit per ~65 employees.
        target = self.size // 65
        for index, (owner, net, office_ka, office_en, branch_ka, branch_en, heft) in enumerate(data.NETWORKS):
            full = len(self.units) < target
            if owner not in self.by_code or not (full or (index < 2 and self.size >= 1000)):
                continue
            for region, (region_code, _name, genitive, municipalities) in data.REGION_DETAILS.items():
                office = self.add(f"{net}-{region_code}", office_ka.format(gen=genitive), office_en.format(name=region),
                                  "regional_office", self.by_code[owner], "P-HREG", 4 * heft, region)
                for number, (place, place_genitive) in enumerate(municipalities if full else (), 1):
                    self.add(f"{office.code}-{number:02d}", branch_ka.format(gen=place_genitive),
                             branch_en.format(name=transliterate(place)), "division", office, "P-HDIV", 12 * heft)

    def _plan_staff(self) -> None:
        """Heads first, level by level (so every manager precedes their reports), then the staff."""
        rng, rotation = self.rng, Counter()
        for unit in sorted(self.units, key=lambda u: u.depth):
            parent = unit.parent
            manager = parent.head_slot if parent else None
            if parent is not None and parent.deputies:  # ministries spread their units over the deputies
                manager = parent.deputies[rotation[parent.id] % len(parent.deputies)]
                rotation[parent.id] += 1
            unit.head_slot = self._slot(unit, unit.head, manager)
            if unit.kind == "ministry":
                unit.deputies = [self._slot(unit, "P-DMIN", unit.head_slot) for _ in range(self.count(2, 4))]
        if len(self.slots) > self.size:
            raise click.ClickException(f"At least {len(self.slots)} employees are needed for the structure.")
        weights = [u.weight for u in self.units]
        members = Counter(rng.choices(self.units, weights=weights, k=self.size - len(self.slots)))
        for unit in self.units:
            count = members[unit]
            mix = data.MINISTER_OFFICE_MIX if unit.kind == "ministry" else data.SPECIALIST_MIX
            codes, weights = zip(*mix, strict=True)
            positions = rng.choices(codes, weights=weights, k=count)
            deputy = {"agency": "P-ADEP", "department": "P-DDEP", "division": "P-DDIV"}.get(unit.kind)
            if deputy and count >= (3 if unit.kind != "division" else 6):
                positions[0] = deputy
            for position in positions:
                self._slot(unit, position, unit.head_slot)

    def _slot(self, unit: Unit, position: str, manager: int | None) -> int:
        self.slots.append((unit, position, manager))
        return len(self.slots) - 1


class People:
    """Turns slots into employee rows: names, personal numbers, e-mails and dates that hang together."""

    def __init__(self, gov: Government, position_ids: dict[str, int]) -> None:
        self.rng, self.position_ids = gov.rng, position_ids
        self.latin = {name: transliterate(name) for name in
                      (*data.MALE_FIRST_NAMES, *data.FEMALE_FIRST_NAMES, *data.SURNAMES)}
        self.positions = {row[0]: row for row in data.POSITIONS}
        self.numbers = [f"{self.rng.choice(data.PERSONAL_NUMBER_PREFIXES)}{n:09d}"
                        for n in self.rng.sample(range(10**9), len(gov.slots))]
        self.emails: Counter[str] = Counter()
        self.today = date.today().toordinal()
        self.now = utcnow()

    def row(self, index: int, unit: Unit, position: str, manager: int | None) -> dict:
        rng = self.rng
        _code, _ka, _en, rank, category, kind = self.positions[position]
        female = rng.random() < 0.53
        first = rng.choice(data.FEMALE_FIRST_NAMES if female else data.MALE_FIRST_NAMES)
        last = rng.choice(data.SURNAMES)
        first_en, last_en = self.latin[first], self.latin[last]
        local = f"{first_en}.{last_en}".lower()
        address = f"{local}@{unit.domain}"
        self.emails[address] += 1
        seen = self.emails[address]
        oldest, youngest = data.BIRTH_YEARS_BY_RANK[rank]
        birth = date(rng.randint(oldest, youngest), 1, 1).toordinal() + rng.randrange(365)
        adult = max(birth + 7671, date(2000, 1, 1).toordinal())  # 21 years, leap days included
        if category == "specialist" and kind == "professional" and rng.random() < 0.04:
            kind, hired = "probation", self.today - rng.randint(14, 180)
        elif kind == "political":  # appointed by the current government
            hired = self.today - rng.randint(60, 2000)
        else:
            hired = rng.randint(min(adult, self.today - 200), self.today - 200)
        return {
            "id": index + 1, "personal_number": self.numbers[index], "first_name_ka": first, "last_name_ka": last,
            "first_name_en": first_en, "last_name_en": last_en,
            "email": f"{local}{'' if seen == 1 else f'.{seen}'}@{unit.domain}",
            "gender": "female" if female else "male", "birth_date": date.fromordinal(birth),
            "hire_date": date.fromordinal(hired), "employment_type": kind, "org_unit_id": unit.id,
            "position_id": self.position_ids[position], "manager_id": None if manager is None else manager + 1,
            "created_at": self.now, "updated_at": self.now,
        }


def database_is_empty() -> bool:
    return not any(db.session.execute(select(model.id).limit(1)).first()
                   for model in (User, OrgUnit, Employee, Position, Competency))


def build_demo(employees: int, password: str) -> None:
    """Write the planned government, the competency framework and the demo accounts (no commit)."""
    gov = Government(employees)
    db.session.execute(insert(OrgUnit), [
        {"id": u.id, "code": u.code, "name_ka": u.name_ka, "name_en": u.name_en, "kind": u.kind, "region": u.region,
         "parent_id": u.parent.id if u.parent else None, "path": u.path, "depth": u.depth,
         "valid_from": date(2000, 1, 1)} for u in gov.units])
    position_ids = {code: directory_ops.create_position(code, ka, en, rank, category, audit=False).id
                    for code, ka, en, rank, category, _kind in data.POSITIONS}
    db.session.execute(insert(Competency), [
        {"code": code, "name_ka": name_ka, "name_en": name_en, "description_ka": about_ka, "description_en": about_en}
        for code, name_ka, name_en, about_ka, about_en in data.COMPETENCIES])
    people = People(gov, position_ids)
    with click.progressbar(length=len(gov.slots), label=f"Loading {len(gov.units)} units and staff") as bar:
        for start in range(0, len(gov.slots), BATCH):
            rows = [people.row(index, *gov.slots[index]) for index in range(start, min(start + BATCH, len(gov.slots)))]
            db.session.execute(insert(Employee), rows)
            bar.update(len(rows))
    if db.engine.dialect.name == "postgresql":  # ids were given explicitly: move the sequences past them
        for table in ("org_unit", "employee"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT max(id) FROM {table}))"))
    accounts = _create_accounts(gov, people, password)
    # Each module adds its own demo records (appraisal cycles, strategies, courses) on this signal.
    signals.demo_built.send(current_app._get_current_object(), accounts=accounts, size=employees)


def _create_accounts(gov: Government, people: People, password: str) -> dict[str, User]:
    ministry = gov.by_code[HR_MINISTRY]
    staff = Counter(unit for unit, _position, _manager in gov.slots)
    # The largest division of the ministry that has staff besides its head: in a small demo (--employees 100)
    # the largest may be its head alone, and the employee account must report to the manager account.
    divisions = sorted((u for u in gov.units if u.kind == "division" and u.parent and u.parent.parent is ministry),
                       key=lambda u: -staff[u])
    division = next((u for u in divisions if staff[u] > 1), None)
    if division is None:
        raise click.ClickException("The ministry's divisions have no staff besides their heads: add employees.")
    reports = [i for i, (unit, _position, _m) in enumerate(gov.slots) if unit is division and i != division.head_slot]
    specialists = [i for i in reports if gov.slots[i][1].startswith("P-SSP")] or reports
    links = {"manager": people.numbers[division.head_slot], "employee": people.numbers[specialists[0]]}
    scopes = {"ministry": db.session.get(OrgUnit, ministry.id),
              "agency": db.session.get(OrgUnit, gov.by_code[ME_AGENCY].id)}
    accounts = {}
    for email, role, extra in DEMO_ACCOUNTS:
        user = user_ops.create_user(email, password, personal_number=links.get(extra or ""), check_policy=False)
        if role:
            user_ops.grant_role(user, role, scopes.get(extra or ""))
        accounts[email] = user
    return accounts


def _password_file() -> Path:
    return Path(current_app.instance_path) / "demo-password.txt"


def demo_password(*, generate: bool) -> str | None:
    """DEMO_PASSWORD, else the one an earlier run saved, else (when ``generate``) a new one.

    The demo accounts are real accounts, so their password must pass the same policy as anyone's: a weak
    DEMO_PASSWORD is refused, and a generated one is random enough to pass by construction.
    """
    if current_app.config.get("DEMO_PASSWORD"):
        password = current_app.config["DEMO_PASSWORD"]
        problems = policy_problems(password)
        if problems:
            raise click.ClickException("DEMO_PASSWORD is refused by the password policy: " + " ".join(problems))
        return password
    if _password_file().exists():
        return _password_file().read_text(encoding="utf-8").strip() or None
    return f"demo-{secrets.token_urlsafe(12)}" if generate else None


def refuse_in_production() -> None:
    """Demo data is for a laptop or a test server: its accounts share one password that gets printed and
    (when generated) kept in a file. A production database must never get them, whoever runs the command."""
    if current_app.config["SUITE_ENV"] not in DEMO_ENVIRONMENTS:
        raise click.ClickException(
            f"flask demo refuses to run with SUITE_ENV={current_app.config['SUITE_ENV']}: demo accounts share a "
            "known password. Load demo data only into a development or test database (SUITE_ENV=development).")


def _save_password(password: str) -> None:
    """Keep a generated password beside the database, so a later ``flask demo`` can still show it."""
    path = _password_file()
    if not current_app.config.get("DEMO_PASSWORD") and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password + "\n", encoding="utf-8")
        path.chmod(0o600)


def print_sign_ins(password: str | None) -> None:
    """The demo accounts that exist, what each is, and the shared password (what ``make run`` shows)."""
    emails = [email for email, _role, _extra in DEMO_ACCOUNTS]
    users = {u.email: u for u in db.session.execute(select(User).where(User.email.in_(emails))).scalars()}
    if not users:
        return
    shown = password or f"unknown: set DEMO_PASSWORD or see {_password_file()}"
    click.echo(f"\nDemo sign-ins (password for all: {shown}):")
    for user in (users[email] for email in emails if email in users):
        notes = [data.DEMO_ACCOUNT_NOTES[user.email]]
        notes += [f"in {a.org_unit.name_en} ({a.org_unit.code})" for a in user.roles if a.org_unit is not None]
        if (person := user.employee) is not None:
            notes.append(f"{person.first_name_en} {person.last_name_en}, {person.org_unit.name_en}")
        click.echo(f"  {user.email:<22} {'; '.join(notes)}")


@click.command("demo")
@click.option("--employees", default=2000, show_default=True, type=click.IntRange(min=120),
              help="How many employees to generate (100000 builds a national-scale directory).")
@with_appcontext
def demo_command(employees: int) -> None:
    """Load the demo government (only into an empty database, never in production) and print the demo sign-ins."""
    refuse_in_production()
    if not database_is_empty():
        click.echo("The database already has data; demo data not loaded.")
        print_sign_ins(demo_password(generate=False))
        return
    password = demo_password(generate=True)
    build_demo(employees, password)
    db.session.commit()
    _save_password(password)
    units = db.session.execute(select(func.count(OrgUnit.id))).scalar_one()
    staff = db.session.execute(select(func.count(Employee.id))).scalar_one()
    click.echo(f"Demo data loaded: {units} org units, {staff} employees.")
    print_sign_ins(password)
