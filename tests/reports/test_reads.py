"""The staff annex of the HR report names people: the job logs one read by its owner naming everyone in it,
whether it runs inside the request (embedded) or on a worker, outside any request (``common.reads.reading``)."""

from __future__ import annotations

from sqlalchemy import select

from common.extensions import db
from common.models import Employee, OrgUnit
from tests.common.reads_helpers import indexed_subjects, one_read, read_entries
from tests.reports.helpers import build_ministry
from tests.reports.test_jobs import _ask, _work, on_redis  # noqa: F401 - the fixture


def _in_post(world) -> set[int]:
    """The 22 people in post in ministry A at the end of the year (see ``build_ministry``)."""
    return set(db.session.execute(select(Employee.id).join(OrgUnit, Employee.org_unit_id == OrgUnit.id).where(
        OrgUnit.path.startswith(world.unit.path), Employee.deleted_at.is_(None),
        Employee.leave_date.is_(None))).scalars())


def test_an_inline_hr_report_with_a_staff_annex_logs_everyone_in_it(factory, login_as):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    assert "Ready" in hr.get(_ask(hr, world.unit.id, annex="y")).text
    entry = one_read(db, "report")
    assert len(entry.subject_ids) == 22 and set(entry.subject_ids) == _in_post(world) == indexed_subjects(db, entry)
    assert entry.actor_id == world.hr.id and entry.object_type == "Job" and "Staff annex" in entry.summary
    assert entry.reader_roles == [{"role": "hr_officer", "unit_id": world.unit.id}]


def test_a_report_without_an_annex_names_nobody(factory, login_as):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    assert "Ready" in hr.get(_ask(hr, world.unit.id)).text
    assert read_entries(db, "report") == []


def test_a_worker_outside_any_request_logs_the_annex_as_its_owners_read(factory, login_as, on_redis):  # noqa: F811
    world = build_ministry(factory)
    hr = login_as(world.hr)
    job_url = _ask(hr, world.unit.id, annex="y")
    assert read_entries(db, "report") == []  # queued, not run
    _work(on_redis)
    entry = one_read(db, "report")
    assert set(entry.subject_ids) == _in_post(world) and entry.actor_id == world.hr.id and entry.ip is None
    assert job_url.endswith(entry.object_id)
