"""Issue 20: the appraisal form and "my team" read what they show in a fixed number of statements.

The appraisal form loads its appraisal with the objectives, notes, ratings, interims and the template's criteria
in one go, so its cost does not grow with what the appraisal holds, for any reader; "my team"
reads plain rows named in the reader's language.
"""

from __future__ import annotations

from typing import Any

from hrms.models import AGREED, SELF_ASSESSED, Appraisal
from tests.hrms.test_workflow import post, ratings


def _statements(client: Any, url: str, count_queries: Any) -> tuple[int, str]:
    client.get(url)  # the first request of a session may load what later ones reuse
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count, response.text


def test_the_appraisal_form_costs_the_same_whatever_it_holds(hr_world, login_as, count_queries):
    clients = {who: login_as(hr_world.users[who]) for who in ("employee", "manager", "hr")}
    appraisal = hr_world.appraisal()
    url = f"/hr/appraisals/{appraisal.id}"
    empty = {who: _statements(client, url, count_queries)[0] for who, client in clients.items()}

    objectives = {"version": appraisal.version}
    for n, (title, weight) in enumerate([("Budget plan", 50), ("Faster answers", 30), ("Open data", 20)]):
        objectives |= {f"rows-{n}-title": title, f"rows-{n}-measure": "by December", f"rows-{n}-weight": weight}
    post(clients["employee"], f"{url}/objectives", objectives, "Objectives saved")
    appraisal = hr_world.appraisal()
    for objective in appraisal.objectives:
        post(clients["employee"], f"{url}/objectives/{objective.id}/evidence",
             {"noted_on": "2026-03-01", "text": f"Evidence of {objective.title}"}, "Note added")
    post(clients["employee"], f"{url}/agree", {"version": hr_world.appraisal().version})
    post(clients["manager"], f"{url}/agree", {"version": hr_world.appraisal().version})
    post(clients["employee"], f"{url}/self-assessment", ratings(hr_world.appraisal(), [5, 4, 5], [5, 5, 4]),
         "Self-assessment submitted")
    assert hr_world.appraisal().state == SELF_ASSESSED

    full = {}
    for who, client in clients.items():
        full[who], page = _statements(client, url, count_queries)
        assert "Evidence of Open data" in page and "Faster answers" in page  # the writes show at the next request
        assert "Self-assessment submitted" in page  # the history, read as rows
    assert full == empty


def test_the_appraisal_form_builds_only_the_forms_its_reader_sees(hr_world, login_as):
    employee, manager = login_as(hr_world.users["employee"]), login_as(hr_world.users["manager"])
    url = f"/hr/appraisals/{hr_world.appraisal().id}"
    mine = employee.get(url).text
    assert 'action="/hr/appraisals/' in mine and "/objectives\"" in mine  # the objectives form of a draft
    assert "Change the evaluator" not in mine and "Request feedback" not in mine
    assert "There is a problem" not in mine  # no form of a first look carries errors
    theirs = manager.get(url).text
    assert "Request feedback" in theirs and "Nino Gelashvili" not in theirs.split("Ask for feedback from")[1][:2000]


def test_a_refused_save_lists_its_errors_once(hr_world, login_as):
    employee = login_as(hr_world.users["employee"])
    appraisal = hr_world.appraisal()
    url = f"/hr/appraisals/{appraisal.id}"
    page = employee.post(f"{url}/objectives", data={"version": appraisal.version, "rows-0-title": "Only a title",
                                                     "rows-0-weight": "abc"}).text
    assert page.count("There is a problem") == 1


def test_each_objective_carries_its_own_evidence_form_blank_or_refused(hr_world, login_as):
    """The blank form is rendered once and joined around each objective's id; a refused note is shown again in
    every row, what was typed included (even the page's stand-in for the id)."""
    employee = login_as(hr_world.users["employee"])
    url = f"/hr/appraisals/{hr_world.appraisal().id}"
    objectives = {"version": hr_world.appraisal().version}
    for n, title in enumerate(["Budget plan", "Open data"]):
        objectives |= {f"rows-{n}-title": title, f"rows-{n}-measure": "by December", f"rows-{n}-weight": 50}
    post(employee, f"{url}/objectives", objectives, "Objectives saved")
    ids = [o.id for o in hr_world.appraisal().objectives]
    page = employee.get(url).text
    for i in ids:
        assert f'action="{url}/objectives/{i}/evidence"' in page
        assert f'<label class="label" for="noted-{i}">' in page and f'id="noted-{i}"' in page
        assert f'<label class="label" for="text-{i}">' in page and f'id="text-{i}"' in page
    assert "\ue000" not in page
    refused = employee.post(f"{url}/objectives/{ids[0]}/evidence", data={"noted_on": "", "text": "a \ue000 b"}).text
    for i in ids:
        assert f'action="{url}/objectives/{i}/evidence"' in refused and f'id="text-{i}"' in refused
    assert refused.count("a \ue000 b</textarea>") == len(ids)

def test_my_team_names_each_row_in_the_readers_language(hr_world, factory, db, login_as):
    position = factory.position()
    hr_world.peers[0].position_id = position.id
    appraisals = {a.employee_id: a for a in db.session.query(Appraisal).filter(Appraisal.cycle_id == hr_world.cycle.id)}
    appraisals[hr_world.peers[0].id].state = SELF_ASSESSED
    appraisals[hr_world.peers[1].id].state = AGREED
    db.session.commit()
    manager = login_as(hr_world.users["manager"])
    page = manager.get("/hr/team").text
    cycle = hr_world.cycle
    peer, other = hr_world.peers[0], hr_world.peers[1]
    row = page.split(f'href="/hr/appraisals/{appraisals[peer.id].id}"')[1].split("</tr>")[0]
    assert f">{peer.full_name}</a>" in row and f"Position {position.code[1:]}" in row and cycle.name_en in row
    assert "Your turn" in row and str(cycle.manager_assessment_due) in row
    row = page.split(f'href="/hr/appraisals/{appraisals[other.id].id}"')[1].split("</tr>")[0]
    assert "<td>—</td>" in row and str(cycle.self_assessment_due) in row and "Your turn" not in row
    assert page.count('href="/hr/appraisals/') == 1 + len(hr_world.peers)  # Nino and her four peers

    with manager.session_transaction() as session:
        session["lang"] = "ka"
    page = manager.get("/hr/team").text
    row = page.split(f'href="/hr/appraisals/{appraisals[peer.id].id}"')[1].split("</tr>")[0]
    assert f">{peer.first_name_ka} {peer.last_name_ka}</a>" in row and position.title_ka in row
    assert cycle.name_ka in row
