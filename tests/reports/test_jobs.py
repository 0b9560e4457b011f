"""Report jobs: inline without Redis; on Redis with an RQ worker; failures kept with their reason."""

from __future__ import annotations

import io
from datetime import date

import pytest
import redis
from pypdf import PdfReader
from rq import Queue, SimpleWorker
from sqlalchemy import delete

from common.extensions import db
from common.models import RoleAssignment
from reports.jobs import QUEUE
from reports.models import Job
from tests.reports.helpers import YEAR, add_people, build_ministry, people


@pytest.fixture()
def on_redis(app, monkeypatch, redis_url):
    """The app with ``REDIS_URL`` set to the test Redis, and an empty report queue."""
    monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
    connection = redis.Redis.from_url(redis_url)
    stale = connection.keys("suite:cache:*")  # figures an earlier run cached under the same ids are not this test's
    if stale:
        connection.delete(*stale)
    queue = Queue(QUEUE, connection=connection)
    queue.empty()
    yield queue
    queue.empty()


def _work(queue: Queue) -> None:
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def _ask(client, unit_id: int, **extra) -> str:
    response = client.post("/reports/hr/report", data={"unit": unit_id, "year": YEAR, "lang": "en", **extra})
    assert response.status_code == 302
    return response.headers["Location"]


def test_without_redis_the_report_is_ready_when_the_page_opens(factory, login_as):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    page = hr.get(_ask(hr, world.unit.id)).get_data(as_text=True)
    assert "Ready" in page and "http-equiv=\"refresh\"" not in page and "hr-report-MA-2024-en.pdf" in page
    assert "HR report for a unit and year" in hr.get("/reports/").get_data(as_text=True)


def test_a_hundred_page_report_runs_on_a_worker_and_its_page_follows_it(factory, login_as, on_redis):
    world = build_ministry(factory)
    divisions = [factory.unit(f"MA-D{n:02d}", parent=world.unit, kind="division") for n in range(40)]
    add_people([row for n, unit in enumerate(divisions)
                for row in people(unit, 125, start=10_000 + n * 1000, hired=date(2010, 1, 1))])
    db.session.commit()
    hr = login_as(factory.user(roles=[("hr_officer", world.unit)]))
    job_url = _ask(hr, world.unit.id, annex="y")
    waiting = hr.get(job_url).get_data(as_text=True)
    assert "Waiting for a worker" in waiting and 'http-equiv="refresh"' in waiting and "<progress" in waiting
    assert on_redis.count == 1
    _work(on_redis)
    done = hr.get(job_url).get_data(as_text=True)
    assert "Ready" in done and 'http-equiv="refresh"' not in done
    pdf = hr.get(job_url + "/file")
    pages = PdfReader(io.BytesIO(pdf.data)).pages
    assert len(pages) >= 100, len(pages)
    annex = [n for n, page in enumerate(pages) if n and "Annex: staff in post" in page.extract_text()]
    assert annex and annex == list(range(annex[0], len(pages))) and annex[0] < 10  # after the figures, to the end
    last = pages[-1].extract_text()
    assert "Surname" in last and f"Page {len(pages)} of {len(pages)}" in last  # the annex runs to the end
    job = db.session.get(Job, int(job_url.rsplit("/", 1)[1]))
    db.session.refresh(job)
    assert job.status == "done" and job.progress == 100 and job.started_at and job.finished_at


def test_a_failing_job_shows_its_reason(factory, login_as, on_redis):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    job_url = _ask(hr, world.unit.id)
    # The HR role is withdrawn before the worker gets to the job: the job checks access again and fails.
    db.session.execute(delete(RoleAssignment).where(RoleAssignment.user_id == world.hr.id))
    db.session.commit()
    _work(on_redis)
    page = hr.get(job_url).get_data(as_text=True)
    assert "Failed" in page and "The report could not be made." in page
    assert "You no longer have access to the figures of this unit" in page
    assert hr.get(job_url + "/file").status_code == 404


def test_a_job_the_queue_lost_is_reported_failed_not_left_waiting(factory, login_as, on_redis):
    world = build_ministry(factory)
    hr = login_as(world.hr)
    job_url = _ask(hr, world.unit.id)
    on_redis.empty()  # as if Redis had been flushed, or the worker killed and its job expired
    page = hr.get(job_url).get_data(as_text=True)
    assert "Failed" in page and "The worker stopped before finishing this report" in page


def test_when_the_queue_is_down_the_job_says_so(factory, login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/15")
    world = build_ministry(factory)
    hr = login_as(world.hr)
    job_url = _ask(hr, world.unit.id)
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    page = hr.get(job_url).get_data(as_text=True)
    assert "Failed" in page and "The report queue is unavailable" in page


def test_nobody_else_sees_a_job_or_its_file(factory, login_as):
    world = build_ministry(factory)
    job_url = _ask(login_as(world.hr), world.unit.id)
    colleague = login_as(factory.user(roles=[("hr_officer", world.unit)]))
    assert colleague.get(job_url).status_code == 404 and colleague.get(job_url + "/file").status_code == 404


def test_a_report_file_is_downloaded_only_while_its_owner_may_read_the_unit_and_each_download_is_logged(
        factory, login_as):
    from sqlalchemy import select

    from common.models import AuditEvent

    world = build_ministry(factory)
    hr = login_as(world.hr)
    job_url = _ask(hr, world.unit.id)
    job_id = int(job_url.rstrip("/").split("/")[-1])
    assert hr.get(job_url + "/file").status_code == 200
    reads = db.session.execute(select(AuditEvent).where(AuditEvent.kind == "read", AuditEvent.object_type == "Job",
                                                        AuditEvent.object_id == str(job_id))).scalars().all()
    assert [(r.actor_id, r.module) for r in reads] == [(world.hr.id, "reports")]
    assert "hr_report" in reads[0].summary and str(world.unit.id) in reads[0].summary
    # Their HR role is withdrawn: the file they made is no longer theirs to read.
    db.session.execute(delete(RoleAssignment).where(RoleAssignment.user_id == world.hr.id))
    db.session.commit()
    assert hr.get(job_url + "/file").status_code == 404
