"""Two reference pages for the throughput table, served by the same gunicorn configuration as the suite.

``/orm`` is the page a bare Flask-SQLAlchemy application would make: one ORM query for 25 employees
(in name order, as the directory lists them, on the benchmark database) rendered by a 25-row Jinja
template. ``/raw`` runs the same SQL through the driver itself (psycopg 3 on PostgreSQL, sqlite3 on
SQLite) into the same template. Between them and the bare floor (``bench.floor``) a suite page's
throughput reads as a cost: what the framework costs, what the ORM adds, what the suite adds.

Both are deliberately bare: the engine has Flask-SQLAlchemy's defaults (the suite adds a pre-ping), the
raw connection is one per thread in autocommit, opened on first use and kept.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
import threading

import psycopg
from flask import Flask, render_template
from flask_sqlalchemy import SQLAlchemy
from psycopg.rows import dict_row
from sqlalchemy import Date, String, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common.config import _database_url

ROWS = 25
SQL = ("SELECT id, personal_number, first_name_ka, last_name_ka, first_name_en, last_name_en, email, hire_date "
       f"FROM employee WHERE deleted_at IS NULL ORDER BY last_name_ka, first_name_ka, id LIMIT {ROWS}")


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Person(db.Model):
    """The columns of the suite's ``employee`` table that the reference page shows, and nothing else."""

    __tablename__ = "employee"
    id: Mapped[int] = mapped_column(primary_key=True)
    personal_number: Mapped[str] = mapped_column(String(11))
    first_name_ka: Mapped[str] = mapped_column(String(100))
    last_name_ka: Mapped[str] = mapped_column(String(100))
    first_name_en: Mapped[str] = mapped_column(String(100))
    last_name_en: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(255))
    hire_date: Mapped[datetime.date | None] = mapped_column(Date)
    deleted_at: Mapped[datetime.datetime | None]


class RawConnections(threading.local):
    """One driver connection per thread; each listener hears of a new one (the benchmark follows its backend)."""

    def __init__(self, url: str, listeners: list) -> None:
        self.url, self.listeners, self.connection = url, listeners, None

    def get(self):
        if self.connection is None:
            url = make_url(self.url)
            if url.get_backend_name() == "sqlite":
                self.connection = sqlite3.connect(url.database)
                self.connection.row_factory = sqlite3.Row
            else:
                plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
                self.connection = psycopg.connect(plain, autocommit=True, row_factory=dict_row)
            for listener in self.listeners:
                listener(self.connection)
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def create_reference_app(database_url: str | None = None) -> Flask:
    url = _database_url(database_url or os.environ.get("DATABASE_URL"))
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    db.init_app(app)
    app.extensions["raw_listeners"] = listeners = []
    raw = app.extensions["raw_connections"] = RawConnections(url, listeners)
    app.config["RAW_DRIVER"] = driver = "sqlite3" if url.startswith("sqlite") else "psycopg"

    @app.route("/hello")
    def hello() -> str:
        return "hello"

    @app.route("/orm")
    def orm() -> str:
        people = db.session.execute(
            select(Person).where(Person.deleted_at.is_(None))
            .order_by(Person.last_name_ka, Person.first_name_ka, Person.id).limit(ROWS)).scalars().all()
        return render_template("reference.html", title="Flask-SQLAlchemy", people=people)

    @app.route("/raw")
    def raw_page() -> str:
        cursor = raw.get().execute(SQL)
        people = cursor.fetchall()
        cursor.close()
        return render_template("reference.html", title=driver, people=people)

    return app


app = create_reference_app()
# The reference rows of the tables, by the path that serves each.
PAGES = {"ORM reference": "/orm", f"raw {app.config['RAW_DRIVER']} reference": "/raw"}
