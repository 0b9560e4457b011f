"""The staff directory: browse units, search people, profiles, org charts, imports and exports."""

from flask import Blueprint

bp = Blueprint("directory", __name__, url_prefix="/directory")

from common.directory import headcounts, import_views, views  # noqa: E402,F401
