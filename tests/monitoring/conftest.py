"""Fixtures of the M&E tests: two agencies with an officer each, an approver, and a strategy of the first agency.

The browser fixtures (live_server, page, sign_in, assert_accessible) come from ``tests/conftest.py``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest

from common.models.users import ME_APPROVER, ME_OFFICER


@dataclass
class MeWorld:
    agency: Any
    office: Any  # a regional office inside the agency
    other_agency: Any
    officer: Any
    other_officer: Any
    approver: Any
    document: Any
    goal: Any
    objective: Any


@pytest.fixture()
def me(factory: Any, db: Any) -> MeWorld:
    ministry = factory.unit("MOF", name_en="Ministry of Finance")
    agency = factory.unit("RS", parent=ministry, kind="agency", name_en="Revenue Service")
    office = factory.unit("RS-IM", parent=agency, kind="regional_office", name_en="Imereti Regional Directorate")
    other = factory.unit("PSH", kind="agency", name_en="Public Service Hall")
    document = factory.me_document(agency, code="PAR", title_en="Public Administration Reform Strategy")
    goal = factory.me_result(document, code="1")
    objective = factory.me_result(document, parent=goal, code="1.1")
    world = MeWorld(
        agency=agency, office=office, other_agency=other,
        officer=factory.user(roles=[(ME_OFFICER, agency)], email="officer@rs.gov.ge"),
        other_officer=factory.user(roles=[(ME_OFFICER, other)], email="officer@psh.gov.ge"),
        approver=factory.user(roles=[(ME_APPROVER, None)], email="approver@gov.ge"),
        document=document, goal=goal, objective=objective)
    db.session.commit()
    return world


def csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def upload(client: Any, data: bytes, name: str = "values.csv", **fields: Any) -> Any:
    return client.post("/me/import", data={"file": (io.BytesIO(data), name), "submit_values": "y", **fields},
                       content_type="multipart/form-data")
