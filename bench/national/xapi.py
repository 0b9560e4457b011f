"""National-scale xAPI statements for the benchmark (see bench/national/__init__.py): ``10 * size`` statements
(1,000,000 at national scale) from the employees, about generated activities, each with its index rows.

Statements come from a few verbs over 2,000 activities grouped under 100 parent courses, one registration per
(person, course); ``stored`` spreads over the past year. Rows are written in chunks (memory stays flat) with
PostgreSQL ``COPY``, else Core ``insert`` executemany (SQLite, ``--scale small``); ``seq`` values are assigned
here so the index rows can point at their statement without reading it back, and the sequence is moved past
them at the end.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import datetime, timedelta
from typing import Any

import click
from flask import current_app
from sqlalchemy import Table, func, insert, select, text

from common.extensions import db
from common.models import Employee
from learning.xapi.models import XapiStatement, XapiStatementRef

PER_EMPLOYEE = 10  # statements per employee: 1,000,000 at national scale
CHUNK = 20_000  # statements per batch
ACTIVITIES, COURSES = 2_000, 100
VERBS = ("http://adlnet.gov/expapi/verbs/experienced", "http://adlnet.gov/expapi/verbs/attempted",
         "http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/passed",
         "http://adlnet.gov/expapi/verbs/failed", "http://adlnet.gov/expapi/verbs/answered")
ACTIVITY = "https://content.example.gov.ge/activities/{}"
COURSE = "https://content.example.gov.ge/courses/{}"


def _write(table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), rows)
        return
    columns = list(rows[0])
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c]) if isinstance(row[c], dict) else row[c] for c in columns])


def build(size: int) -> str:
    home = current_app.config.get("BASE_URL", "http://localhost")
    people = db.session.execute(select(Employee.id, Employee.personal_number).order_by(Employee.id)).all()
    total = PER_EMPLOYEE * size
    seq = (db.session.execute(select(func.max(XapiStatement.seq))).scalar() or 0) + 1
    rng = random.Random(seq)  # repeatable, and a second run adds new ids rather than the first run's again
    start = datetime.utcnow().replace(microsecond=0) - timedelta(days=365)
    statements: list[dict[str, Any]] = []
    refs: list[dict[str, Any]] = []
    with click.progressbar(length=total, label="  xAPI statements") as bar:
        for n in range(total):
            employee_id, number = people[n % len(people)]
            activity = rng.randrange(ACTIVITIES)
            course = activity % COURSES
            verb = VERBS[rng.randrange(len(VERBS))]
            stored = start + timedelta(seconds=n * 31_536_000 // max(total, 1))
            statement_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            registration = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{number}/{course}"))
            stamp = stored.isoformat(timespec="milliseconds") + "Z"
            actor = {"objectType": "Agent", "account": {"homePage": home, "name": number}}
            body = {"id": statement_id, "actor": actor, "verb": {"id": verb},
                    "object": {"objectType": "Activity", "id": ACTIVITY.format(activity)},
                    "context": {"registration": registration,
                                "contextActivities": {"parent": [{"id": COURSE.format(course)}]}},
                    "timestamp": stamp, "stored": stamp, "version": "1.0.3",
                    "authority": {"objectType": "Agent", "account": {"homePage": home, "name": "bench"}}}
            statements.append({"seq": seq, "id": statement_id, "body": body, "stored": stored, "verb_id": verb,
                               "registration": registration, "voided": False, "voiding_target": None,
                               "client_id": None, "employee_id": employee_id, "has_attachments": False})
            refs += [{"seq": seq, "kind": "agent", "value": f"account:{home}|{number}", "direct": True},
                     {"seq": seq, "kind": "activity", "value": ACTIVITY.format(activity), "direct": True},
                     {"seq": seq, "kind": "activity", "value": COURSE.format(course), "direct": False},
                     {"seq": seq, "kind": "agent", "value": f"account:{home}|bench", "direct": False}]
            seq += 1
            if len(statements) >= CHUNK:
                _flush(statements, refs)
                bar.update(CHUNK)
        _flush(statements, refs)
    if db.session.connection().dialect.name == "postgresql":
        for table, column in (("xapi_statement", "seq"), ("xapi_statement_ref", "id")):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                                    f"(SELECT coalesce(max({column}), 1) FROM {table}))"))
        db.session.execute(text("ANALYZE xapi_statement; ANALYZE xapi_statement_ref"))
    return f"{total:,} statements about {ACTIVITIES:,} activities"


def _flush(statements: list[dict[str, Any]], refs: list[dict[str, Any]]) -> None:
    _write(XapiStatement.__table__, statements)
    _write(XapiStatementRef.__table__, refs)
    statements.clear()
    refs.clear()
