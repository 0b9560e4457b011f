"""A ministry with known staff, so that every figure of the HR reports can be checked by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert

from common.directory import operations as directory_ops
from common.extensions import db
from common.models import Employee
from common.models.users import HR_OFFICER

YEAR = 2024


@dataclass
class Ministry:
    unit: Any
    budget: Any  # 12 people in post at the end of 2024
    tax: Any  # 7 people
    audit: Any  # 3 people: a small group
    other: Any  # another ministry, outside the HR officer's scope
    hr: Any
    hr_other: Any
    positions: dict[str, Any] = field(default_factory=dict)


def people(unit: Any, count: int, *, start: int, position: Any = None, gender: str = "female",
           birth: date = date(1985, 6, 1), hired: date = date(2015, 3, 1), **extra: Any) -> list[dict[str, Any]]:
    return [dict(personal_number=f"{start + i:011d}", first_name_ka="ნინო", last_name_ka=f"გვარი{start + i}",
                 first_name_en="Nino", last_name_en=f"Surname{start + i:06d}", gender=gender, birth_date=birth,
                 hire_date=hired, org_unit_id=unit.id, position_id=position.id if position else None,
                 employment_type="professional", created_at=datetime(2020, 1, 1), updated_at=datetime(2020, 1, 1),
                 **extra) for i in range(count)]


def add_people(rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(Employee), rows[start:start + 2000])


def build_ministry(factory: Any) -> Ministry:
    """Ministry A (MA) with three divisions, and ministry B (MB) with 20 people.

    In post on 31 Dec 2024, 22 people: budget 12 (rank 3 specialists; 7 women, 5 men), tax 7 (rank 2 middle
    managers, women, born 1960), audit 3 (rank 4, men, born 2000), none in the ministry itself.
    Hires: 2015: 17 (budget 12 + audit... see below). Leavers: two budget people left in 2023 (leave_date),
    one tax person marked as a leaver (deleted_at) in 2024, who is not in post at the end of 2024.
    """
    ma = factory.unit("MA", name_en="Ministry A")
    budget = factory.unit("MA-B", parent=ma, kind="division", name_en="Budget Division")
    tax = factory.unit("MA-T", parent=ma, kind="division", name_en="Tax Division")
    audit = factory.unit("MA-A", parent=ma, kind="division", name_en="Audit Division")
    mb = factory.unit("MB", name_en="Ministry B")
    specialist = directory_ops.create_position("PS", "სპეციალისტი", "Specialist", 3, "specialist", audit=False)
    manager = directory_ops.create_position("PM", "მენეჯერი", "Manager", 2, "middle management", audit=False)
    junior = directory_ops.create_position("PJ", "უმცროსი", "Junior", 4, "support staff", audit=False)
    rows = (people(budget, 7, start=1, position=specialist)
            + people(budget, 5, start=100, position=specialist, gender="male", hired=date(2020, 5, 1))
            + people(budget, 2, start=200, position=specialist, leave_date=date(2023, 6, 30))
            + people(tax, 7, start=300, position=manager, birth=date(1960, 1, 15), hired=date(2024, 2, 1))
            + people(tax, 1, start=400, position=manager, deleted_at=datetime(2024, 9, 1, 10))
            + people(audit, 3, start=500, position=junior, gender="male", birth=date(2000, 1, 1),
                     hired=date(2023, 9, 1))
            + people(mb, 20, start=900))
    add_people(rows)
    hr = factory.user(roles=[(HR_OFFICER, ma)], email="hr@ma.gov.ge")
    hr_other = factory.user(roles=[(HR_OFFICER, mb)], email="hr@mb.gov.ge")
    db.session.commit()
    return Ministry(ma, budget, tax, audit, mb, hr, hr_other,
                    {"specialist": specialist, "manager": manager, "junior": junior})
