"""The ``learning`` blueprint, under ``/learn/``, and the public certificate check under ``/verify/``.

Imports ``common`` only: what other modules need to know (a completed course) travels as the
``course_completed`` signal.
"""

from flask import Blueprint

bp = Blueprint("learning", __name__, url_prefix="/learn", template_folder="templates")
# Anyone holding a certificate's code (or its QR code) may check it without an account.
verify_bp = Blueprint("verify", __name__, url_prefix="/verify", template_folder="templates")

from learning import api, catalogue_cache, counts_cache, demo, views  # noqa: E402,F401

counts_cache.connect()
catalogue_cache.connect()
