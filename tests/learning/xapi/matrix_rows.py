"""The LRS's rows of the learning permissions matrix. The xAPI routes use HTTP Basic credentials, never the
session: every persona (signed in or not) is refused (400 without the version header, 401 without a credential),
except ``/about``, which the specification leaves open. What credentials may do is tested in
``tests/learning/xapi/test_authentication.py``."""

from tests.matrix import EVERYONE, Expected

XAPI: Expected = {
    "xapi.about": ("GET", "/xapi/about", EVERYONE),
    "xapi.statements": ("GET", "/xapi/statements", set()),
    "xapi.state": ("GET", "/xapi/activities/state", set()),
    "xapi.activity_profile": ("GET", "/xapi/activities/profile", set()),
    "xapi.agent_profile": ("GET", "/xapi/agents/profile", set()),
    "xapi.activities": ("GET", "/xapi/activities", set()),
    "xapi.agents": ("GET", "/xapi/agents", set()),
}
# Statements are about people: their reads are logged (actor "xAPI client <key>"), test_authentication.py.
XAPI_PERSONAL = {"xapi.statements": "learning"}
