"""National-scale learning data for the benchmark (see bench/national/__init__.py).

On top of the demo's five courses: ``size * 0.003`` published courses across the catalogue's
categories (300 at national scale), about one in twenty of them mandatory for a ministry through a
rule, and ``10 * size`` enrolments spread over the employees (a million at national scale). Shares
follow a running programme: about 45% completed (with lesson progress and a certificate carrying its
verification code), 20% in progress, a quarter not started, a few failed and exempt; mandatory
enrolments have the rule's due date, so that old rules leave people overdue and completions of
recertified courses expire or are about to.

Rows are written per chunk of employees (memory stays flat at any size) with PostgreSQL ``COPY``
where available, else Core ``insert`` executemany (SQLite, ``--scale small``). Ids are assigned here,
so that progress and certificates can point at their enrolment without reading it back; the
sequences are moved past them at the end.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import click
from dateutil.relativedelta import relativedelta
from sqlalchemy import Table, func, insert, select, text

from common.extensions import db
from common.models import Employee, OrgUnit
from learning.dates import today as today_
from learning.models import Certificate, Course, Enrolment, Lesson, LessonProgress, Rule, Section
from learning.models.catalogue import CATEGORIES, LEVELS
from learning.operations.progress import CODE_ALPHABET, CODE_LENGTH

CHUNK = 5_000  # employees per batch: about 50,000 enrolments in memory at once
LESSONS = 3  # text lessons per generated course
MANDATORY_SHARE = 20  # one course in this many is mandatory for a ministry
TOPICS = (("კიბერჰიგიენა", "Cyber hygiene"), ("ინფორმაციის დაცვა", "Information protection"),
          ("რისკების მართვა", "Risk management"), ("აუდიტი", "Audit"), ("პერსონალური მონაცემები", "Personal data"),
          ("ეთიკა", "Ethics"), ("მენეჯმენტი", "Management"))


def _write(table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Append ``rows`` to ``table`` in the session's transaction: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _next_id(model: Any) -> int:
    return (db.session.execute(select(func.max(model.id))).scalar_one() or 0) + 1


def _fix_sequences(models: Iterable[Any]) -> None:
    if db.session.connection().dialect.name != "postgresql":
        return
    for model in models:
        name = model.__tablename__
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                f"(SELECT coalesce(max(id), 1) FROM {name}))"))


def _courses(count: int, rng: random.Random, tops: list[int], today: date) -> list[dict[str, Any]]:
    """Courses with one section of text lessons each; returns the courses with their lesson ids and rules."""
    course_id, section_id, lesson_id, rule_id = _next_id(Course), _next_id(Section), _next_id(Lesson), _next_id(Rule)
    courses, sections, lessons, rules = [], [], [], []
    now = datetime.combine(today, time(8))
    for n in range(count):
        category = CATEGORIES[n % len(CATEGORIES)]
        topic_ka, topic_en = TOPICS[n % len(TOPICS)]
        validity = rng.choice((None, None, 12, 24, 36))
        courses.append({"id": course_id, "code": f"NAT-{n + 1:04d}", "title_ka": f"{topic_ka}: მოდული {n + 1}",
                        "title_en": f"{topic_en}: module {n + 1}", "summary_ka": f"{topic_ka} — სასწავლო მოდული.",
                        "summary_en": f"{topic_en}: a training module for civil servants.", "category": category,
                        "level": LEVELS[n % len(LEVELS)], "language": "ka_en", "provider_unit_id": rng.choice(tops),
                        "duration_minutes": rng.choice((30, 45, 60, 90, 120)),
                        "cpd_hours": Decimal(rng.choice(("0.5", "1.0", "1.5", "2.0", "3.0"))),
                        "self_enrol": True, "enrol_approval": n % 25 == 7, "published": True,
                        "validity_months": validity, "created_at": now, "updated_at": now})
        sections.append({"id": section_id, "course_id": course_id, "position": 0, "title_ka": "ძირითადი ნაწილი",
                         "title_en": "Core material"})
        ids = []
        for position in range(LESSONS):
            lessons.append({"id": lesson_id, "section_id": section_id, "course_id": course_id, "position": position,
                            "kind": "text", "required": True, "title_ka": f"გაკვეთილი {position + 1}",
                            "title_en": f"Lesson {position + 1}", "body_ka": f"<p>{topic_ka}.</p>",
                            "body_en": f"<p>{topic_en}.</p>"})
            ids.append(lesson_id)
            lesson_id += 1
        rule = None
        if n % MANDATORY_SHARE == 3:
            starts = today - timedelta(days=rng.randint(20, 500))
            rule = {"id": rule_id, "course_id": course_id, "unit_id": rng.choice(tops), "new_hires_only": False,
                    "starts_on": starts, "due_days": rng.choice((30, 60, 90)),
                    "recert_months": rng.choice((None, 12, 24)), "active": True, "created_at": now}
            rules.append(rule)
            rule_id += 1
        courses[-1]["_lessons"], courses[-1]["_rule"] = ids, rule
        course_id, section_id = course_id + 1, section_id + 1
    _write(Course.__table__, [{k: v for k, v in c.items() if not k.startswith("_")} for c in courses])
    _write(Section.__table__, sections)
    _write(Lesson.__table__, lessons)
    _write(Rule.__table__, rules)
    return courses


def _pick_state(rng: random.Random, mandatory: bool) -> str:
    roll = rng.random()
    if roll < 0.45:
        return "completed"
    if roll < 0.65:
        return "in_progress"
    if roll < 0.93:
        return "assigned"
    if roll < 0.97:
        return "failed"
    return "exempt" if mandatory else "assigned"


class _Ids:
    def __init__(self) -> None:
        self.enrolment, self.progress, self.certificate = (_next_id(Enrolment), _next_id(LessonProgress),
                                                           _next_id(Certificate))


def _enrol(person: Any, course: dict[str, Any], rng: random.Random, today: date, ids: _Ids,
           out: dict[str, list[dict[str, Any]]]) -> str:
    """One enrolment of ``person`` in ``course`` with its progress and certificate; returns its state."""
    rule = course["_rule"]
    mandatory = rule is not None
    state = _pick_state(rng, mandatory)
    source = "rule" if mandatory else ("assigned" if rng.random() < 0.15 else "self")
    roll = rng.random  # randint is several times slower, and this runs ten times per employee
    start_day = rule["starts_on"] if mandatory else today - timedelta(days=1 + int(roll() * 900))
    enrolled = datetime(start_day.year, start_day.month, start_day.day, 9, int(roll() * 60))
    due = None
    if mandatory:
        due = max(rule["starts_on"], person.hire_date or rule["starts_on"]) + timedelta(days=rule["due_days"])
    elif source == "assigned":
        due = start_day + timedelta(days=30 * (1 + int(roll() * 3)))
    row = {"id": ids.enrolment, "employee_id": person.id, "course_id": course["id"], "cycle": 1, "is_current": True,
           "source": source, "rule_id": rule["id"] if mandatory else None, "state": state, "due_date": due,
           "enrolled_at": enrolled, "started_at": None, "completed_at": None, "expires_on": None,
           "score_percent": None, "exemption_state": None, "exemption_reason": None}
    done = LESSONS if state == "completed" else 1 + int(roll() * (LESSONS - 1)) if state == "in_progress" else \
        1 if state == "failed" else 0
    span = max(1, (today - start_day).days)
    finished = enrolled + timedelta(days=int(roll() * span), hours=int(roll() * 8))
    if done:
        row["started_at"] = enrolled + timedelta(hours=1)
        for position in range(done):
            out["progress"].append({"id": ids.progress, "enrolment_id": ids.enrolment,
                                    "lesson_id": course["_lessons"][position], "source": "learner",
                                    "completed_at": min(finished, enrolled + timedelta(days=position + 1)),
                                    "score_percent": None})
            ids.progress += 1
    if state == "completed":
        months = (rule or {}).get("recert_months") or course["validity_months"]
        row["completed_at"], row["score_percent"] = finished, float(60 + int(roll() * 41))
        row["expires_on"] = finished.date() + relativedelta(months=months) if months else None
        out["certificates"].append({
            "id": ids.certificate, "enrolment_id": ids.enrolment, "employee_id": person.id,
            "course_id": course["id"], "serial": f"LRN-{finished.year}-{ids.certificate:06d}",
            "code": "".join(rng.choices(CODE_ALPHABET, k=CODE_LENGTH)),
            "holder_name_ka": f"{person.first_name_ka} {person.last_name_ka}",
            "holder_name_en": f"{person.first_name_en} {person.last_name_en}", "course_title_ka": course["title_ka"],
            "course_title_en": course["title_en"], "cpd_hours": course["cpd_hours"], "issued_on": finished.date(),
            "expires_on": row["expires_on"]})
        ids.certificate += 1
    elif state == "exempt":
        row["exemption_state"], row["exemption_reason"] = "approved", "Certified elsewhere (copy in the HR file)."
    out["enrolments"].append(row)
    ids.enrolment += 1
    return state


def build(size: int) -> str:
    """Add this module's share for a directory of ``size`` employees; returns a one-line summary."""
    rng, today = random.Random(20260905), today_()
    units = dict(db.session.execute(select(OrgUnit.id, OrgUnit.path)).tuples().all())
    tops = sorted(db.session.execute(select(OrgUnit.id).where(OrgUnit.depth == 0)).scalars())
    top_of = {unit_id: int(path.strip("/").split("/")[0]) for unit_id, path in units.items() if path.strip("/")}
    courses = _courses(max(1, round(size * 0.003)), rng, tops, today)
    mandatory_by_top: dict[int, list[dict[str, Any]]] = {}
    for course in courses:
        if course["_rule"]:
            mandatory_by_top.setdefault(course["_rule"]["unit_id"], []).append(course)
    voluntary = [c for c in courses if not c["_rule"]]
    people = db.session.execute(select(Employee.id, Employee.org_unit_id, Employee.hire_date, Employee.first_name_ka,
                                       Employee.last_name_ka, Employee.first_name_en, Employee.last_name_en)
                                .where(Employee.deleted_at.is_(None)).order_by(Employee.id)).all()
    target, per_person = 10 * size, 10 * size / max(1, len(people))
    ids, written, states = _Ids(), 0, {}
    for start in range(0, len(people), CHUNK):
        out: dict[str, list[dict[str, Any]]] = {"enrolments": [], "progress": [], "certificates": []}
        for index, person in enumerate(people[start:start + CHUNK], start):
            quota = round((index + 1) * per_person) - round(index * per_person)  # exactly ``target`` in all
            own = mandatory_by_top.get(top_of.get(person.org_unit_id, 0), [])[:quota]
            chosen = own + rng.sample(voluntary, min(len(voluntary), quota - len(own)))
            for course in chosen:
                state = _enrol(person, course, rng, today, ids, out)
                states[state] = states.get(state, 0) + 1
        _write(Enrolment.__table__, out["enrolments"])
        _write(LessonProgress.__table__, out["progress"])
        _write(Certificate.__table__, out["certificates"])
        written += len(out["enrolments"])
        click.echo(f"    enrolments: {written:,} of about {target:,}", err=True)
    _fix_sequences((Course, Section, Lesson, Rule, Enrolment, LessonProgress, Certificate))
    shares = ", ".join(f"{name} {count / max(1, written):.0%}" for name, count in sorted(states.items()))
    return (f"{len(courses):,} courses ({sum(1 for c in courses if c['_rule'])} mandatory), {written:,} enrolments "
            f"({shares}), {states.get('completed', 0):,} certificates")
