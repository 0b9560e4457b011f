"""A cycle's appraisal list (issue 17, item 1): filters, search, sort, paging, export, scope, read log, links."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select, update

from common.models import Employee
from hrms.models import AGREED, Appraisal
from tests.common.reads_helpers import one_read
from tests.hrms.test_cycles import staff
from tests.hrms.test_outcomes import EXCELLENT, GOOD, assess


def _list(client, cycle, query=""):
    response = client.get(f"/hr/cycles/{cycle.id}/appraisals{query}")
    assert response.status_code == 200
    return response.text


def test_filters_narrow_the_list_to_what_hr_asked_for(hr_world, db, login_as):
    hr_world.appraisal(hr_world.peers[0]).evaluator_id = None
    hr_world.appraisal(hr_world.peers[1]).state = AGREED
    db.session.commit()
    hr = login_as(hr_world.users["hr"])

    everyone = _list(hr, hr_world.cycle)
    assert "Nino Gelashvili" in everyone and "Peer Number3" in everyone and "7 appraisals match." in everyone
    missing = _list(hr, hr_world.cycle, "?no_evaluator=1")
    rows = missing.split("<tbody>")[1]
    assert "2 appraisals match." in missing and "Peer Number0" in rows and "Giorgi Kapanadze" in rows  # the head
    assert "Nino Gelashvili" not in rows
    agreed = _list(hr, hr_world.cycle, "?state=objectives_agreed")
    assert "Peer Number1" in agreed and "Peer Number2" not in agreed
    by_evaluator = _list(hr, hr_world.cycle, f"?evaluator={hr_world.boss.id}")
    assert "Nino Gelashvili" in by_evaluator and "Peer Number0" not in by_evaluator
    assert ">Tamar Beridze</a>" not in by_evaluator  # her own appraisal: evaluated by Giorgi
    by_name = _list(hr, hr_world.cycle, "?q=gelash")
    assert "1 appraisal matches." in by_name and "Nino Gelashvili" in by_name
    by_number = _list(hr, hr_world.cycle, f"?q={hr_world.peers[2].personal_number}")
    assert "1 appraisal matches." in by_number and "Peer Number2" in by_number
    in_unit = _list(hr, hr_world.cycle, f"?unit={hr_world.division.id}")
    assert ">Giorgi Kapanadze</a>" not in in_unit and "Nino Gelashvili" in in_unit
    nonsense = _list(hr, hr_world.cycle, "?state=nonsense&unit=abc&sort=drop&page=x")
    assert "7 appraisals match." in nonsense  # unknown filters are no filter, not an error


def test_overdue_label_and_sort(hr_world, db, login_as):
    hr_world.cycle.objectives_due = date.today() - timedelta(days=1)  # every draft is overdue
    hr_world.cycle.unused_sections = ["objectives"]
    db.session.commit()
    assess(hr_world, hr_world.person, EXCELLENT)
    assess(hr_world, hr_world.peers[0], GOOD)
    db.session.commit()
    hr = login_as(hr_world.users["hr"])
    overdue = _list(hr, hr_world.cycle, "?overdue=1")
    assert "5 appraisals match." in overdue and "Nino Gelashvili" not in overdue  # assessed: not late
    excellent = _list(hr, hr_world.cycle, "?label=excellent")
    assert "1 appraisal matches." in excellent and "Nino Gelashvili" in excellent
    by_score = _list(hr, hr_world.cycle, "?sort=-score").split("<tbody>")[1]
    assert by_score.index("Nino Gelashvili") < by_score.index("Peer Number0") < by_score.index("Peer Number1")


def test_the_list_pages_fifty_at_a_time(factory, db, login_as, hr_world):
    staff(db, hr_world.division, 60, manager=hr_world.boss)
    from hrms.operations.cycles import generate_appraisals

    generate_appraisals(hr_world.cycle, actor=None)
    db.session.commit()
    hr = login_as(hr_world.users["hr"])
    first = _list(hr, hr_world.cycle)
    assert "Page 1 of 2" in first and "67 results" in first and first.count("/hr/appraisals/") == 50
    second = _list(hr, hr_world.cycle, "?page=2")
    assert second.count("/hr/appraisals/") == 17


def test_hr_of_another_ministry_is_refused_and_sees_nothing(hr_world, login_as):
    hr_out = login_as(hr_world.users["hr_out"])
    assert hr_out.get(f"/hr/cycles/{hr_world.cycle.id}/appraisals").status_code == 403
    assert hr_out.get(f"/hr/cycles/{hr_world.cycle.id}/appraisals.csv").status_code == 403
    assert login_as(hr_world.users["employee"]).get(f"/hr/cycles/{hr_world.cycle.id}/appraisals").status_code == 403


def test_export_has_final_scores_and_labels_and_is_read_logged(hr_world, db, login_as):
    hr_world.cycle.unused_sections = ["objectives"]
    db.session.commit()
    assess(hr_world, hr_world.person, EXCELLENT)
    db.session.commit()
    hr = login_as(hr_world.users["hr"])
    response = hr.get(f"/hr/cycles/{hr_world.cycle.id}/appraisals.csv?unit={hr_world.division.id}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Personal number", "Name", "Org unit", "Evaluator", "State", "Final score", "Label"]
    nino = next(r for r in rows if r[1] == "Nino Gelashvili")
    appraisal = hr_world.appraisal()
    assert nino[0] == hr_world.person.personal_number and nino[6] == "Excellent"
    assert float(nino[5]) == round(appraisal.score, 2)
    assert len(rows) == 1 + 6  # the division: the head, Nino and four peers
    entry = one_read(db, "export")
    assert hr_world.person.id in entry.subject_ids and len(entry.subject_ids) == 6

    workbook = load_workbook(io.BytesIO(hr.get(f"/hr/cycles/{hr_world.cycle.id}/appraisals.xlsx?label=excellent")
                                        .data))
    sheet = [list(r) for r in workbook.active.iter_rows(values_only=True)]
    assert len(sheet) == 2 and sheet[1][1] == "Nino Gelashvili" and sheet[1][6] == "Excellent"


def test_every_count_on_the_overview_links_to_its_filtered_list(hr_world, db, login_as):
    hr_world.appraisal(hr_world.peers[0]).evaluator_id = None
    db.session.commit()
    page = login_as(hr_world.users["hr"]).get(f"/hr/cycles/{hr_world.cycle.id}").text
    base = f"/hr/cycles/{hr_world.cycle.id}/appraisals"
    assert f'href="{base}?no_evaluator=1"' in page
    assert f'href="{base}?state=objectives_draft"' in page
    assert f'href="{base}?unit={hr_world.division.id}&amp;state=objectives_draft"' in page
    assert f'href="{base}?unit={hr_world.division.id}"' in page
    assert f'href="{base}"' in page


def test_hr_assigns_an_evaluator_from_the_list_and_returns_to_it(hr_world, db, login_as):
    hr_world.appraisal(hr_world.peers[0]).evaluator_id = None
    db.session.commit()
    hr = login_as(hr_world.users["hr"])
    url = f"/hr/cycles/{hr_world.cycle.id}/appraisals/{hr_world.appraisal(hr_world.peers[0]).id}/evaluator"
    response = hr.post(url, data={"personal_number": hr_world.boss.personal_number, "no_evaluator": "1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/hr/cycles/{hr_world.cycle.id}/appraisals?no_evaluator=1")
    assert hr_world.appraisal(hr_world.peers[0]).evaluator_id == hr_world.boss.id
    page = hr.get(response.headers["Location"]).text
    assert "Tamar Beridze now evaluates Peer Number0." in page and "1 appraisal matches." in page

    refused = hr.post(url, data={"personal_number": hr_world.outsider.personal_number})
    assert refused.status_code == 302
    assert "only people of the units you are responsible for" in hr.get(refused.headers["Location"]).text
    assert hr_world.appraisal(hr_world.peers[0]).evaluator_id == hr_world.boss.id


def test_profile_and_development_page_link_to_the_persons_appraisals(hr_world, db, login_as):
    hr = login_as(hr_world.users["hr"])
    link = f"/hr/people/{hr_world.person.id}/appraisals"
    assert link in hr.get(f"/directory/employees/{hr_world.person.id}").text
    assert link in hr.get(f"/hr/development/people/{hr_world.person.id}").text
    listed = hr.get(link).text
    assert f"/hr/appraisals/{hr_world.appraisal().id}" in listed and "Annual appraisal" in listed
    manager = login_as(hr_world.users["manager"])
    assert f"/hr/appraisals/{hr_world.appraisal().id}" in manager.get(link).text
    assert login_as(hr_world.users["peer0"]).get(link).status_code == 403
    assert login_as(hr_world.users["hr_out"]).get(link).status_code == 403


def test_the_list_costs_the_same_queries_for_60_and_300_appraisals(factory, db, login_as, count_queries):
    """Issue 17: the cycle's list runs a number of statements that does not grow with its appraisals."""
    from common.models.users import HR_OFFICER

    def measure(n):
        unit = factory.unit()
        head = factory.employee(unit)
        staff(db, unit, n, manager=head)
        cycle = factory.hr_cycle(unit)
        db.session.execute(update(Appraisal).where(Appraisal.cycle_id == cycle.id, Appraisal.id % 3 == 0)
                           .values(evaluator_id=None))
        hr = login_as(factory.user(roles=[(HR_OFFICER, unit)]))
        db.session.commit()
        counts = []
        for query in ("", "?no_evaluator=1", "?sort=-evaluator&page=2", "?q=staff"):
            with count_queries() as counter:
                assert hr.get(f"/hr/cycles/{cycle.id}/appraisals{query}").status_code == 200
            counts.append(counter.count)
        with count_queries() as counter:
            assert hr.get(f"/hr/cycles/{cycle.id}/appraisals.csv").status_code == 200
        counts.append(counter.count)
        with count_queries() as counter:
            assert hr.get(f"/hr/cycles/{cycle.id}").status_code == 200
        counts.append(counter.count)
        return counts

    small, large = measure(60), measure(300)  # both with a second page
    assert small == large, (small, large)
    assert db.session.execute(select(Employee).limit(1)).first() is not None
