"""Every registered route has a row in some package's matrix; the shell's own routes are checked here."""

from __future__ import annotations

from common.extensions import db
from common.models.users import LEARNING_ADMIN
from common.notifications import notify
from tests.common.permissions_matrix import EXPECTED
from tests.matrix import all_expected, all_personal, base_world, check


def test_every_route_is_in_a_matrix(app):
    registered = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = registered - set(all_expected())
    assert not missing, f"Routes without a row in a permission matrix: {sorted(missing)}"


def test_shell_directory_account_and_audit_routes_by_role(app, factory, login_as):
    world = base_world(app, factory, login_as)
    # The account the administration routes act on: a role assignment to revoke, an account to disable.
    target = factory.user(roles=[(LEARNING_ADMIN, world.units["b"])])
    world.urls |= {"account": str(target.id), "assignment": str(target.roles[0].id)}
    # A notification to the ``employee`` persona: only its addressee opens or marks it (issue 17's inbox).
    note = notify(world.users["employee"], "Your appraisal has been released", "Read it.", link="/hr/")
    db.session.flush()
    world.urls["notification"] = str(note.id)
    problems = check(app, EXPECTED, world)
    assert not problems, "\n".join(problems)


def test_the_personal_data_column_is_what_the_routes_declare(app):
    """Every route declared ``@personal_data`` is in a matrix's PERSONAL column with the same kind, and nothing else
    is: adding a page that shows people means saying so in both places (the answers are checked in ``check``)."""
    declared = {endpoint: view.personal_data for endpoint, view in app.view_functions.items()
                if getattr(view, "personal_data", None)}
    assert declared == all_personal()
