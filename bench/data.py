"""``python -m bench.data --scale small|tenth|national``: fill DATABASE_URL with a coherent dataset.

The directory is built by the suite's own demo generator (bulk inserts, progress bar); each module
adds its share on the ``demo_built`` signal, scaled by the number of employees.
"""

from __future__ import annotations

import os
import time

import click

SCALES = {"small": 2_000, "tenth": 10_000, "national": 100_000}
BENCH_PASSWORD = "bench-password-2026"


def bench_app():
    from app import create_app

    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    return create_app({"SUITE_ENV": "production", "DEMO_PASSWORD": BENCH_PASSWORD, "SESSION_COOKIE_SECURE": False,
                       "RATELIMIT_ENABLED": False})


@click.command()
@click.option("--scale", type=click.Choice(list(SCALES)), default="small", show_default=True)
@click.option("--reset/--no-reset", default=True, help="Empty the database first.")
@click.option("--national/--demo-only", default=True, help="Add the national volumes (bench/national) to the demo.")
def main(scale: str, reset: bool, national: bool) -> None:
    """Build the benchmark dataset in DATABASE_URL (SQLite under instance/ when unset)."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from bench.national import build as build_national
    from common.demo import build_demo
    from common.extensions import db

    app = bench_app()
    with app.app_context():
        if reset:
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE"))
                    conn.execute(text("CREATE SCHEMA public"))
            else:
                db.drop_all()
                with db.engine.begin() as conn:
                    conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(revision="heads")
        started = time.perf_counter()
        build_demo(SCALES[scale], BENCH_PASSWORD)
        db.session.commit()
        click.echo(f"Demo for {SCALES[scale]:,} employees in {time.perf_counter() - started:.1f} s")
        if national:
            build_national(SCALES[scale])
            db.session.commit()
        # A live database has planner statistics and a visibility map; right after a bulk load it has neither
        # until autovacuum comes by (never, where it is off), and PostgreSQL then picks plans that sort the whole
        # enrolment table for one page, and reads table rows an index-only scan would skip.
        vacuum = "VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(vacuum))
        click.echo(f"{scale}: {SCALES[scale]} employees and module data in {time.perf_counter() - started:.1f} s "
                   f"({db.engine.dialect.name})")


if __name__ == "__main__":
    main()
