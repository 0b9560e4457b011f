"""The browsable API page, ``/api/v1/docs``: Swagger UI from the swagger-ui-py package's own static files.

Nothing comes from a CDN: the page, its script and its styles are all served by the application, so it works on a
network with no way out. Public, like the OpenAPI document it renders.
"""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from flask import Blueprint, Flask, render_template

from common.permissions import public

ASSETS = Path(swagger_ui.__file__).parent / "static"

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1/docs", static_folder=str(ASSETS),
               static_url_path="/assets")


@bp.route("")
@public
def page() -> str:
    return render_template("api/docs.html")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
