"""The one place where access is decided.

Every route is either marked ``@public`` or guarded by ``@require(capability)``; the app refuses
any route that is neither (see ``check_route_access``). Object predicates (``can_view_employee``)
decide access to a single record, and ``*_scope`` functions turn a user's roles into SQL filters,
so lists, search, profiles and exports apply the same rule. Nothing outside this package compares
role names (``tests/common/test_access_in_one_place.py`` keeps it so).

One file per module: ``core`` (capabilities, scopes, the route guard), ``api`` (token scopes), ``directory``, ``hrms``,
``learning``, ``monitoring``, ``reports``. Import from ``common.permissions``: the names below are
its public face.
"""

from __future__ import annotations

from common.permissions.api import *  # noqa: F403
from common.permissions.core import *  # noqa: F403
from common.permissions.directory import *  # noqa: F403
from common.permissions.hrms import *  # noqa: F403
from common.permissions.inbox import *  # noqa: F403
from common.permissions.learning import *  # noqa: F403
from common.permissions.monitoring import *  # noqa: F403
from common.permissions.reports import *  # noqa: F403
from common.permissions.scim import *  # noqa: F403
from common.permissions.xapi import *  # noqa: F403
