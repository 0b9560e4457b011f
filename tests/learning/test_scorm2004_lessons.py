"""SCORM 2004 lessons through the operations, without a browser: what the lesson page delivers, what a commit
stores, what Terminate's navigation request and the post-condition rules do, resuming after ``suspendAll``,
attempt limits, and the course's completion and certificate when the root activity is completed and satisfied."""

from __future__ import annotations

from sqlalchemy import select

from learning import operations as ops
from learning.models import Certificate, LessonProgress
from learning.scorm import navigation, seq_operations
from learning.scorm import operations as scorm_ops
from learning.scorm.models import ScoAttempt, SequencingState
from tests.learning import packages2004
from tests.learning.scorm_support import scorm_course


def enrolled(db, factory, data: bytes, *, with_learner: bool = False):
    unit = factory.unit("MOF")
    learner = factory.user(employee=factory.employee(unit, first_name_en="Levan", last_name_en="Gelashvili"))
    course, lesson, version = scorm_course(data, provider=unit)
    enrolment = ops.enrol(learner.employee, course)
    db.session.commit()
    return (course, lesson, version, enrolment) + ((learner, unit) if with_learner else ())


def sco(version, identifier):
    return next(s for s in version.scos if s.identifier == identifier)


def play(version, enrolment, wanted=None, nav=""):
    """What the lesson page does: ask the sequencer, then launch what it delivers."""
    delivery = seq_operations.deliver(version, enrolment, wanted, nav)
    return delivery, (scorm_ops.launch(delivery.sco, enrolment) if delivery.sco is not None else None)


def session(attempt, kind="finish", page="p1", **values):
    pairs = [[k.replace("__", "."), v] for k, v in values.items()]
    return scorm_ops.record_commit(attempt, {"kind": kind, "page": page, "seq": 1, "start": 0, "values": pairs})


def state(db, enrolment):
    return db.session.execute(select(SequencingState).where(SequencingState.enrolment_id == enrolment.id)
                              ).scalar_one()


def test_a_third_edition_single_sco_completes_the_course_with_a_certificate(db, factory):
    _course, lesson, version, enrolment = enrolled(db, factory, packages2004.single_sco_3rd())
    assert version.standard == "2004" and version.sequencing["root"] == "org"
    delivery, launch = play(version, enrolment)
    assert delivery.sco.identifier == "golf_sco"
    values = launch.values
    assert (values["cmi.entry"], values["cmi.mode"], values["cmi.credit"], values["cmi.scaled_passing_score"],
            values["cmi.learner_name"]) == ("ab-initio", "normal", "credit", "0.8", "Gelashvili, Levan")
    entry = session(launch.attempt, "commit", cmi__score__scaled="1.5", cmi__learner_id="forged",
                    cmi__location="page-2")
    assert entry.accepted == [["cmi.location", "page-2"]] and [r[2] for r in entry.rejected] == ["407", "404"]
    assert enrolment.state == "in_progress"
    session(launch.attempt, page="p2", cmi__score__scaled="0.75", cmi__completion_status="completed",
            adl__nav__request="exitAll")
    assert launch.attempt.lesson_status == "failed" and enrolment.state == "in_progress"  # 0.75 < 0.8
    assert state(db, enrolment).ended
    delivery, again = play(version, enrolment)
    assert again.attempt.number == 2 and again.values["cmi.entry"] == "ab-initio"
    session(again.attempt, cmi__score__scaled="0.85", cmi__completion_status="completed", cmi__session_time="PT2M")
    attempt = again.attempt
    assert (attempt.lesson_status, attempt.closed, attempt.total_time) == ("passed", True, "PT0H2M0.00S")
    progress = db.session.execute(select(LessonProgress).where(LessonProgress.lesson_id == lesson.id)).scalar_one()
    assert (progress.source, progress.score_percent) == ("scorm", 85.0)
    assert enrolment.state == "completed"
    assert db.session.execute(select(Certificate).where(Certificate.enrolment_id == enrolment.id)).scalar_one()


def test_forced_order_post_test_rollup_suspend_all_and_the_certificate(db, factory):
    _course, lesson, version, enrolment = enrolled(db, factory, packages2004.forced_sequential())
    delivery, launch = play(version, enrolment)
    assert delivery.sco.identifier == "lesson1"
    assert (launch.values["adl.nav.request_valid.continue"], launch.values["adl.nav.request_valid.previous"],
            launch.values["adl.nav.request_valid.choice.{target=posttest}"],
            launch.values["cmi.completion_threshold"]) == ("true", "false", "false", "1")
    refused, _none = play(version, enrolment, sco(version, "posttest"))
    assert refused.sco is None and "its parts are taken in order" in refused.refused
    contents = navigation.contents(version, enrolment)
    assert [e.locked for e in contents.items] == [False, True, True]
    # Lesson 1 read to the end (progress 1.0 against the threshold) and asks to continue.
    session(launch.attempt, cmi__progress_measure="1", cmi__completion_status="incomplete",
            adl__nav__request="continue")
    assert launch.attempt.cmi["cmi.completion_status"] == "completed" and state(db, enrolment).current == "lesson2"
    assert seq_operations.moved_to(version, enrolment, sco(version, "lesson1")).sco.identifier == "lesson2"
    back, _none = play(version, enrolment, sco(version, "lesson1"))
    assert "does not let you" in back.refused
    # Lesson 2, suspended with suspendAll: the next visit resumes it where it was.
    delivery, launch = play(version, enrolment)
    assert delivery.sco.identifier == "lesson2"
    session(launch.attempt, cmi__location="2", cmi__suspend_data="read=1,2", cmi__exit="suspend",
            adl__nav__request="suspendAll")
    assert (state(db, enrolment).suspended, launch.attempt.closed) == ("lesson2", False)
    delivery, resumed = play(version, enrolment)
    assert delivery.sco.identifier == "lesson2" and resumed.attempt.id == launch.attempt.id
    assert (resumed.values["cmi.entry"], resumed.values["cmi.location"], resumed.values["cmi.suspend_data"]) == \
        ("resume", "2", "read=1,2")
    assert state(db, enrolment).suspended == ""
    # Finished without a request: its post-condition rule continues to the post-test, which its global objective
    # has enabled.
    session(resumed.attempt, page="p2", cmi__completion_status="completed")
    assert state(db, enrolment).objectives["g.lesson2"]["satisfied"] is True
    assert state(db, enrolment).current == "posttest"
    delivery, test = play(version, enrolment)
    assert delivery.sco.identifier == "posttest" and test.values["cmi.scaled_passing_score"] == "0.7"
    session(test.attempt, cmi__score__scaled="0.9", cmi__completion_status="completed", adl__nav__request="exitAll")
    assert test.attempt.lesson_status == "passed" and enrolment.state == "completed"
    progress = db.session.execute(select(LessonProgress).where(LessonProgress.lesson_id == lesson.id)).scalar_one()
    assert progress.score_percent == 90.0  # the root's measure: the post-test's alone
    assert db.session.execute(select(Certificate).where(Certificate.enrolment_id == enrolment.id)).scalar_one()


def test_a_post_test_failed_twice_is_closed_and_the_course_stays_unsatisfied(db, factory):
    _course, _lesson, version, enrolment = enrolled(db, factory, packages2004.forced_sequential())
    for identifier in ("lesson1", "lesson2"):
        delivery, launch = play(version, enrolment)
        assert delivery.sco.identifier == identifier
        session(launch.attempt, cmi__progress_measure="1", cmi__completion_status="completed",
                adl__nav__request="continue")
    for page in ("p1", "p2"):
        delivery, test = play(version, enrolment)
        assert delivery.sco.identifier == "posttest"
        session(test.attempt, page=page, cmi__score__scaled="0.5", cmi__completion_status="completed")
        assert test.attempt.lesson_status == "failed"
    refused, _none = play(version, enrolment, sco(version, "posttest"))
    assert "used all your attempts" in refused.refused
    assert enrolment.state == "in_progress"
    assert db.session.execute(select(ScoAttempt).where(ScoAttempt.enrolment_id == enrolment.id)).scalars().all()


def test_choice_navigation_jumps_only_where_the_rules_allow(db, factory):
    _course, _lesson, version, enrolment = enrolled(db, factory, packages2004.free_choice())
    contents = navigation.contents(version, enrolment)
    assert [e.identifier for e in contents.items] == ["reading", "practice", "exam"]  # "answers" is hidden
    assert contents.items[2].reason == "“Exam” is not available now."
    refused, _none = play(version, enrolment, sco(version, "exam"))
    assert refused.sco is None and refused.refused == "“Exam” is not available now."
    hidden, _none = play(version, enrolment, sco(version, "answers"))
    assert "cannot be chosen" in hidden.refused
    delivery, practice = play(version, enrolment, sco(version, "practice"))
    assert delivery.sco.identifier == "practice"
    session(practice.attempt, cmi__completion_status="completed")
    delivery, _exam = play(version, enrolment, sco(version, "exam"))
    assert delivery.sco.identifier == "exam" and not navigation.contents(version, enrolment).items[2].locked


def test_a_commit_completes_nothing_and_a_closed_tab_keeps_the_attempt_open(db, factory):
    """Rollup runs when a session ends: not at a Commit; at a tab closed without Terminate the statuses the content
    reported count (as in SCORM 1.2), but its navigation request does not, and the attempt stays open."""
    _course, _lesson, version, enrolment = enrolled(db, factory, packages2004.single_sco_3rd())
    _delivery, launch = play(version, enrolment)
    session(launch.attempt, "commit", cmi__completion_status="completed", cmi__score__scaled="1",
            adl__nav__request="exitAll")
    assert launch.attempt.lesson_status == "passed" and enrolment.state == "in_progress"
    session(launch.attempt, "close", page="p2", cmi__location="5")
    assert not launch.attempt.closed and not state(db, enrolment).ended and enrolment.state == "completed"
    _delivery, again = play(version, enrolment)
    assert again.attempt.id == launch.attempt.id and again.values["cmi.location"] == "5"


def test_logout_ends_the_session_and_a_jump_goes_where_the_content_says(db, factory):
    _course, _lesson, version, enrolment = enrolled(db, factory, packages2004.free_choice())
    _delivery, reading = play(version, enrolment)
    session(reading.attempt, cmi__completion_status="completed", adl__nav__request="{target=answers}jump")
    assert state(db, enrolment).current == "answers"  # hidden from choice, but a jump is the content's to make
    _delivery, answers = play(version, enrolment)
    assert answers.sco.identifier == "answers"
    session(answers.attempt, cmi__exit="logout")
    assert state(db, enrolment).ended and state(db, enrolment).current == ""


def test_the_pages_of_a_scorm_2004_lesson(db, factory, login_as, app):
    """Through HTTP: the lesson page frames the wrapper, which offers API_1484_11 with the 2004 model and its
    script; the journal endpoint applies the 2004 rules; an editor previews without rules; the administrator's pages
    name the standard and the 2004 calls."""
    from common.models.users import LEARNING_ADMIN
    from tests.learning.hostile_packages import CONTENT_HOST, commit_url, token_of, wrapper_url

    course, lesson, version, enrolment, learner, unit = enrolled(db, factory, packages2004.forced_sequential(),
                                                                 with_learner=True)
    admin = factory.user(roles=[(LEARNING_ADMIN, unit)])
    db.session.commit()
    page = login_as(learner).get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play").get_data(as_text=True)
    assert "Lesson 1" in page and "its parts are taken in order" in page
    wrapper = wrapper_url(page)
    content = app.test_client()
    response = content.get(wrapper)
    html = response.get_data(as_text=True)
    assert f"script-src {CONTENT_HOST}/learn/scorm/api.js {CONTENT_HOST}/learn/scorm/api2004.js;" in \
        response.headers["Content-Security-Policy"]
    assert '"standard": "2004"' in html and "/learn/scorm/api2004.js" in html and '"cmi._version"' in html
    script = content.get(f"{CONTENT_HOST}/learn/scorm/api2004.js")
    assert script.status_code == 200 and b"window.Scorm2004Model" in script.data
    body = {"entries": [{"kind": "finish", "page": "x", "seq": 1, "start": 0, "calls": [],
                         "values": [["cmi.progress_measure", "1"], ["cmi.score.scaled", "7"],
                                    ["adl.nav.request", "continue"]]}]}
    answer = content.post(commit_url(token_of(wrapper)), json=body)
    assert answer.status_code == 200 and answer.json["acked"] == 1
    db.session.expire_all()
    attempt = db.session.execute(select(ScoAttempt).where(ScoAttempt.enrolment_id == enrolment.id)).scalar_one()
    assert attempt.cmi["cmi.completion_status"] == "completed" and "cmi.score.scaled" not in attempt.cmi
    assert attempt.commits[0].rejected == [["cmi.score.scaled", "7", "407"]]
    contents = login_as(learner).get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play/contents.json"
                                     f"?sco={attempt.sco_id}").json
    assert contents["next_title"] == "Lesson 2" and contents["next"].endswith(f"sco={version.scos[1].id}")
    refused = login_as(learner).get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play?sco={version.scos[0].id}")
    assert "does not let you choose" in refused.get_data(as_text=True)
    # The editor's preview: any part, no rules, nothing recorded.
    preview = login_as(admin).get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play?sco={version.scos[2].id}")
    preview_wrapper = content.get(wrapper_url(preview.get_data(as_text=True))).get_data(as_text=True)
    assert preview.status_code == 200 and '"cmi.mode": "browse"' in preview_wrapper
    lesson_page = login_as(admin).get(f"/learn/admin/lessons/{lesson.id}/scorm").get_data(as_text=True)
    assert "SCORM 2004" in lesson_page
    detail = login_as(admin).get(f"/learn/admin/scorm/attempts/{attempt.id}").get_data(as_text=True)
    assert "cmi.entry" in detail and "Terminate" in detail


def test_a_sco_left_suspended_may_still_move_on_and_resumes_when_chosen(db, factory):
    _course, _lesson, version, enrolment = enrolled(db, factory, packages2004.free_choice())
    _delivery, reading = play(version, enrolment)
    session(reading.attempt, cmi__location="4", cmi__exit="suspend", adl__nav__request="continue")
    assert state(db, enrolment).current == "practice" and not reading.attempt.closed
    _delivery, again = play(version, enrolment, sco(version, "reading"))
    assert again.attempt.id == reading.attempt.id and again.values["cmi.entry"] == "resume"
    assert again.values["cmi.location"] == "4"
