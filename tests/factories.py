"""Factories for test data: ``factory.employee(unit=...)``, ``factory.user(roles=[...])``."""

from __future__ import annotations

import itertools
from datetime import date
from functools import lru_cache
from typing import Any

from common.directory import operations as directory_ops
from common.extensions import db
from common.models import Employee, OrgUnit, Position, RoleAssignment, User

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


@lru_cache(maxsize=1)
def password_hash() -> str:
    from common.auth.passwords import hash_password

    return hash_password(PASSWORD)


def personal_number(n: int) -> str:
    return f"{n:011d}"


class Factory:
    def unit(self, code: str | None = None, *, parent: OrgUnit | None = None, kind: str = "ministry",
             name_en: str | None = None) -> OrgUnit:
        n = next(_seq)
        code = code or f"U{n}"
        return directory_ops.create_org_unit(code, f"ერთეული {code}", name_en or f"Unit {code}", kind, parent=parent,
                                             region="Tbilisi", audit=False)

    def position(self, rank: int = 3) -> Position:
        n = next(_seq)
        return directory_ops.create_position(f"P{n}", f"თანამდებობა {n}", f"Position {n}", rank, "specialist",
                                             audit=False)

    def employee(self, unit: OrgUnit, *, manager: Employee | None = None, position: Position | None = None,
                 **fields: Any) -> Employee:
        n = next(_seq)
        values = dict(
            personal_number=personal_number(10_000_000 + n), first_name_ka="ნინო", last_name_ka=f"გვარი{n}",
            first_name_en="Nino", last_name_en=f"Surname{n}", email=f"person{n}@test.gov.ge", gender="female",
            birth_date=date(1985, 1, 1), hire_date=date(2015, 1, 1), org_unit_id=unit.id,
            position_id=position.id if position else None, manager_id=manager.id if manager else None,
        )
        values.update(fields)
        return directory_ops.create_employee(audit=False, **values)

    def user(self, *, roles: list[tuple[str, OrgUnit | None]] = (), employee: Employee | None = None,
             email: str | None = None, active: bool = True) -> User:
        n = next(_seq)
        user = User(email=email or f"user{n}@test.gov.ge", password_hash=password_hash(),
                    employee_id=employee.id if employee else None, active=active)
        db.session.add(user)
        db.session.flush()
        for role, unit in roles:
            db.session.add(RoleAssignment(user_id=user.id, role=role, org_unit_id=unit.id if unit else None))
        db.session.flush()
        db.session.refresh(user)
        return user

    # --- hrms: competencies, appraisal templates and cycles ----------------------------------------------------------

    def competency(self, code: str | None = None) -> Any:
        from common.models import Competency

        n = next(_seq)
        competency = Competency(code=code or f"C{n}", name_ka=f"კომპეტენცია {n}", name_en=f"Competency {n}")
        db.session.add(competency)
        db.session.flush()
        return competency

    def hr_template(self, *, objectives: int = 60, competencies: int = 40,
                    criteria: tuple[int, ...] = (40, 30, 30)) -> Any:
        from hrms.operations.templates import TemplateSpec, create_template

        spec = TemplateSpec(name_ka="შეფასება", name_en="Appraisal", methodology_ref="Decree No. 220 (2017)",
                            methodology_ref_ka="დადგენილება №220 (2017)",
                            objectives_weight=objectives, competencies_weight=competencies,
                            criteria=[(self.competency().id, w) for w in criteria] if competencies else [])
        return create_template(spec)

    def hr_cycle(self, unit: OrgUnit, *, template: Any = None, **fields: Any) -> Any:
        """A cycle over ``unit`` (this year, deadlines ahead), created with its appraisals."""
        from datetime import timedelta

        from hrms.operations.cycles import CycleSpec, create_cycle

        today = date.today()
        values: dict[str, Any] = dict(
            name_ka="წლიური შეფასება", name_en="Annual appraisal", track="annual",
            period_start=date(today.year, 1, 1), period_end=date(today.year, 12, 31),
            template_id=(template or self.hr_template()).id, root_unit_id=unit.id,
            objectives_due=today + timedelta(days=10), self_assessment_due=today + timedelta(days=20),
            manager_assessment_due=today + timedelta(days=30), calibration_due=today + timedelta(days=40),
            release_due=today + timedelta(days=50),
            # Tests build a second cycle beside the first on purpose: the reason an overlap needs (issue 17).
            override_reason="A second cycle of the test world")
        values.update(fields)
        return create_cycle(CycleSpec(**values), actor=None)[0]

    # --- monitoring: policy documents, results, indicators -----------------------------------------------------------

    def me_document(self, owner: OrgUnit, **fields: Any) -> Any:
        """A strategy owned by ``owner``, 2023–2026, whose entry never closes unless told (``entry_window_days``)."""
        from monitoring.models import PolicyDocument

        n = next(_seq)
        values: dict[str, Any] = dict(code=f"S{n}", kind="strategy", title_ka=f"სტრატეგია {n}",
                                      title_en=f"Strategy {n}",
                                      owner_unit_id=owner.id, period_start=date(2023, 1, 1),
                                      period_end=date(2026, 12, 31), levels=["goal", "objective", "output"],
                                      entry_window_days=36500)
        values.update(fields)
        document = PolicyDocument(**values)
        db.session.add(document)
        db.session.flush()
        return document

    def me_result(self, document: Any, *, parent: Any = None, **fields: Any) -> Any:
        from monitoring.models import ResultNode

        n = next(_seq)
        node = ResultNode(document_id=document.id, parent_id=parent.id if parent else None,
                          level=parent.level + 1 if parent else 0, code=fields.pop("code", f"R{n}"),
                          title_ka=f"შედეგი {n}", title_en=f"Result {n}", **fields)
        db.session.add(node)
        db.session.flush()
        return node

    def me_indicator(self, document: Any, result: Any = None, **fields: Any) -> Any:
        """An indicator (quarterly, increasing, summed); ``result`` defaults to a new top-level node."""
        from monitoring.models import Indicator

        n = next(_seq)
        values: dict[str, Any] = dict(code=f"I{n}", name_ka=f"ინდიკატორი {n}", name_en=f"Indicator {n}",
                                      frequency="quarterly", responsible_unit_id=document.owner_unit_id,
                                      source="Agency register")
        values.update(fields)
        indicator = Indicator(document_id=document.id, result_id=(result or self.me_result(document)).id, **values)
        db.session.add(indicator)
        db.session.flush()
        return indicator
