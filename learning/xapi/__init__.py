"""An xAPI 1.0.3 learning record store at ``/xapi/``: statements, documents (State, Activity Profile, Agent
Profile), the Activities and Agents resources and ``/about``. Clients authenticate with HTTP Basic credentials
issued per client (``flask xapi clients create``); what a credential may do is decided in
``common.permissions.xapi``. Other code of the suite (native courses now, cmi5 later) stores statements and
documents through ``learning.xapi.operations`` without HTTP.
"""

from flask import Blueprint

bp = Blueprint("xapi", __name__, url_prefix="/xapi")

from learning.xapi import documents, views  # noqa: E402,F401
