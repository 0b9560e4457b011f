"""A web process carries only what its requests use (issue 20, "lean processes"): pandas, openpyxl and
scim2-models come in with the first request that needs them, Dash and Plotly only where the dashboards are
mounted. Each check runs in a fresh interpreter, since this test process has long imported everything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "openpyxl", "numpy", "scim2_models")
DASH = ("dash", "plotly")

SCRIPT = """
import json, sys
from app import create_app
from common.auth.operations import start_session
from common.extensions import db
from common.models.users import HR_OFFICER
from tests.factories import Factory

app = create_app({"SUITE_ENV": "testing", "TESTING": True, "WTF_CSRF_ENABLED": False, "SERVER_NAME": None,
                  "SESSION_COOKIE_SECURE": False, "RATELIMIT_ENABLED": False, **json.loads(sys.argv[1])})
after_start = sorted(m for m in %(watched)r if m in sys.modules)
with app.app_context():
    db.create_all()
    factory = Factory()
    ministry = factory.unit("MOF")
    user = factory.user(roles=[(HR_OFFICER, ministry)])
    token = start_session(user)
    db.session.commit()
client = app.test_client()
with client.session_transaction() as session:
    session["_user_id"], session["_fresh"], session["lang"] = token, True, "en"
reports = client.get("/reports/")
dashboard = client.get("/dashboards/hr")
print(json.dumps({"after_start": after_start, "reports": reports.status_code,
                  "links": reports.get_data(as_text=True).count('href="/dashboards/hr"'),
                  "dashboard": dashboard.status_code,
                  "after_requests": sorted(m for m in %(watched)r if m in sys.modules)}))
"""


def _run(tmp_path: Path, config: dict) -> dict:
    env = {**os.environ, "SUITE_ENV": "testing", "INSTANCE_PATH": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'lean.db'}", "PYTHONPATH": str(ROOT)}
    env.pop("TEST_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", SCRIPT % {"watched": HEAVY + DASH}, json.dumps(config)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_web_app_starts_without_pandas_openpyxl_or_scim_models(tmp_path: Path) -> None:
    seen = _run(tmp_path, {})
    assert seen["after_start"] == ["dash", "plotly"]  # the dashboards are mounted by default, nothing else heavy
    assert seen["reports"] == 200 and seen["links"] >= 1
    assert seen["dashboard"] == 200


def test_without_the_dashboards_mounted_the_reports_home_still_links_them(tmp_path: Path) -> None:
    """A web pool with ``MOUNT_DASHBOARDS`` off (its proxy sends /dashboards/ to another pool) lists and links the
    dashboards, answers /dashboards/ with 404 itself, and never imports Dash or Plotly."""
    seen = _run(tmp_path, {"MOUNT_DASHBOARDS": False})
    assert seen["after_start"] == []
    assert seen["reports"] == 200 and seen["links"] >= 1
    assert seen["dashboard"] == 404
    assert seen["after_requests"] == []



def test_the_report_worker_starts_without_dash_or_pandas(tmp_path: Path) -> None:
    """The report worker renders PDFs and exports: its app (``worker.WORKER_CONFIG``) has neither Dash nor pandas."""
    import worker

    assert _run(tmp_path, worker.WORKER_CONFIG)["after_start"] == []
