"""A ministry to appraise: a division with a head, an employee and peers, HR in and out of scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from common.models.users import HR_OFFICER
from hrms.models import Appraisal


@dataclass
class HrWorld:
    ministry: Any
    division: Any
    other_ministry: Any
    grand: Any
    boss: Any
    person: Any
    peers: list[Any]
    outsider: Any
    users: dict[str, Any]
    template: Any
    cycle: Any

    def appraisal(self, employee: Any = None) -> Appraisal:
        from common.extensions import db

        db.session.flush()  # keep the test's own changes, then read what the requests wrote
        db.session.expire_all()
        return db.session.execute(select(Appraisal).where(
            Appraisal.cycle_id == self.cycle.id, Appraisal.employee_id == (employee or self.person).id)).scalar_one()


@pytest.fixture(autouse=True)
def _request_context(request: Any, app: Any) -> Any:
    """Operations called directly raise translatable errors, which need a request (for the locale).

    Not for browser tests: they talk to the live server, and the test's own context stays out of the way.
    """
    if request.node.get_closest_marker("browser"):
        yield
        return
    request.getfixturevalue("db")
    with app.test_request_context():
        yield


@pytest.fixture()
def hr_world(factory: Any, db: Any) -> HrWorld:
    ministry = factory.unit("MOF", name_en="Ministry of Finance")
    division = factory.unit("MOF-1", parent=ministry, kind="division", name_en="Budget Division")
    other = factory.unit("MOJ", name_en="Ministry of Justice")
    grand = factory.employee(ministry, first_name_en="Giorgi", last_name_en="Kapanadze")
    boss = factory.employee(division, manager=grand, first_name_en="Tamar", last_name_en="Beridze")
    person = factory.employee(division, manager=boss, first_name_en="Nino", last_name_en="Gelashvili")
    peers = [factory.employee(division, manager=boss, first_name_en="Peer", last_name_en=f"Number{n}")
             for n in range(4)]
    other_boss = factory.employee(other, first_name_en="Levan", last_name_en="Abashidze")
    outsider = factory.employee(other, manager=other_boss, first_name_en="Ana", last_name_en="Outside")
    users = {
        "employee": factory.user(employee=person, email="nino@mof.gov.ge"),
        "manager": factory.user(employee=boss, email="tamar@mof.gov.ge"),
        "grand": factory.user(employee=grand, email="giorgi@mof.gov.ge"),
        "hr": factory.user(roles=[(HR_OFFICER, ministry)], email="hr@mof.gov.ge"),
        "hr_out": factory.user(roles=[(HR_OFFICER, other)], email="hr@moj.gov.ge"),
        "hr_gov": factory.user(roles=[(HR_OFFICER, None)], email="hr@csb.gov.ge"),  # government-wide HR
        "other_manager": factory.user(employee=other_boss, email="levan@moj.gov.ge"),
        **{f"peer{n}": factory.user(employee=p, email=f"peer{n}@mof.gov.ge") for n, p in enumerate(peers)},
    }
    template = factory.hr_template()
    cycle = factory.hr_cycle(ministry, template=template)
    db.session.commit()
    return HrWorld(ministry, division, other, grand, boss, person, peers, outsider, users, template, cycle)
