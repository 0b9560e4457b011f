"""A prebuilt read on the driver's cursor (common/prebuilt.py): the same row SQLAlchemy gives, heard by every
statement count, and an error reported as SQLAlchemy reports it, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import bindparam, column, event, func, literal, select, table
from sqlalchemy.exc import DBAPIError

from common import prebuilt
from common.extensions import db as _db
from common.models import User

# A default parameter (the literal) beside the caller's, as the identity check has (the epoch row's id).
ACCOUNT = (select(User.id, User.email, literal(7).label("seven"), func.upper(User.email))
           .where(User.id == bindparam("user_id")))
MISSING = select(column("x")).select_from(table("no_such_table")).where(column("x") == bindparam("user_id"))


def test_the_row_is_the_one_sqlalchemy_reads(app: Any, factory: Any) -> None:
    user = factory.user(email="prebuilt@example.gov.ge")
    _db.session.commit()
    with app.test_request_context("/"):
        expected = tuple(_db.session.execute(ACCOUNT, {"user_id": user.id}).one())
        assert prebuilt.first_row(_db.session, ACCOUNT, {"user_id": user.id}) == expected
        assert expected == (user.id, "prebuilt@example.gov.ge", 7, "PREBUILT@EXAMPLE.GOV.GE")
        assert prebuilt.first_row(_db.session, ACCOUNT, {"user_id": user.id + 1000}) is None


def test_every_statement_count_hears_it(app: Any, factory: Any, count_queries: Any) -> None:
    user_id = factory.user().id
    _db.session.commit()
    with app.test_request_context("/"), count_queries() as counter:
        prebuilt.first_row(_db.session, ACCOUNT, {"user_id": user_id})
    assert counter.count == 1, counter.statements
    assert "user_account" in counter.statements[0]


def test_a_listener_may_rewrite_the_statement_as_through_sqlalchemy(app: Any, factory: Any) -> None:
    user_id = factory.user(email="rewrite@example.gov.ge").id
    _db.session.commit()

    def lower_instead(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> tuple[str, Any]:
        return statement.replace("upper(", "lower("), parameters

    event.listen(_db.engine, "before_cursor_execute", lower_instead, retval=True)
    try:
        with app.test_request_context("/"):
            row = prebuilt.first_row(_db.session, ACCOUNT, {"user_id": user_id})
    finally:
        event.remove(_db.engine, "before_cursor_execute", lower_instead)
    assert row is not None and row[3] == "rewrite@example.gov.ge"


def test_a_driver_error_is_reported_as_sqlalchemy_reports_it(app: Any, db: Any) -> None:
    with app.test_request_context("/"):
        with pytest.raises(DBAPIError) as raised:
            prebuilt.first_row(_db.session, MISSING, {"user_id": 1})
        assert "no_such_table" in str(raised.value)
        _db.session.rollback()
        # The connection is usable afterwards: the next request's reads work.
        assert _db.session.execute(select(literal(1))).scalar() == 1
