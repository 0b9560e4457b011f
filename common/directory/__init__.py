"""The staff directory: browse units, search people, profiles, org charts, imports and exports."""

from flask import Blueprint

bp = Blueprint("directory", __name__, url_prefix="/directory")

from common.directory import chart_cache, headcounts, import_views, staff_table, views  # noqa: E402,F401

chart_cache.connect()
