"""SCIM 2.0 provisioning at ``/scim/v2/`` (RFC 7643/7644): the government's identity system creates, changes and
switches off accounts and their role groups. The protocol is scim2-server's; the storage is ours (``storage``)."""

from flask import Blueprint

bp = Blueprint("scim", __name__, url_prefix="/scim/v2")

from common.users.scim import views  # noqa: E402,F401
