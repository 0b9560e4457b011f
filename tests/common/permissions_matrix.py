"""Who may open the shell, sign-in, directory, account and audit routes (see ``tests/matrix.py``)."""

from tests.matrix import EVERYONE, SIGNED_IN, Expected

DIRECTORY = {"admin", "hr_in_scope", "hr_out_of_scope"}

# {unit} is ministry A, {employee} the person whose manager is the "manager" persona, {account} and
# {assignment} an account with one role, on which the administration routes act.
EXPECTED: Expected = {
    "static": ("GET", "/static/css/site.css", EVERYONE),
    "health": ("GET", "/health", EVERYONE),
    "favicon": ("GET", "/favicon.ico", EVERYONE),
    "home": ("GET", "/", SIGNED_IN),
    "auth.login": ("GET", "/auth/login", EVERYONE),
    "auth.logout": ("POST", "/auth/logout", SIGNED_IN),
    "auth.change_password": ("GET", "/auth/password", SIGNED_IN),
    "auth.set_language": ("POST", "/auth/language", EVERYONE),
    "inbox.index": ("GET", "/inbox/", SIGNED_IN),
    "inbox.read_all": ("POST", "/inbox/read-all", SIGNED_IN),
    "inbox.read": ("POST", "/inbox/{notification}/read", {"employee"}),
    "directory.index": ("GET", "/directory/", DIRECTORY),
    "directory.search": ("GET", "/directory/employees?q=Surname", DIRECTORY),
    "directory.export": ("GET", "/directory/employees/export.csv", DIRECTORY),
    "directory.unit": ("GET", "/directory/units/{unit}", {"admin", "hr_in_scope"}),
    "directory.chart": ("GET", "/directory/units/{unit}/chart", {"admin", "hr_in_scope"}),
    "directory.profile": ("GET", "/directory/employees/{employee}", {"admin", "hr_in_scope", "manager"}),
    "directory.me": ("GET", "/directory/me", {"employee", "manager"}),
    "directory.my_reads": ("GET", "/directory/me/reads", {"employee", "manager"}),
    "directory.import_page": ("GET", "/directory/import", DIRECTORY),
    "directory.import_template": ("GET", "/directory/import/template/employees.csv", DIRECTORY),
    "auditlog.index": ("GET", "/audit/", {"auditor"}),
    "users.index": ("GET", "/directory/accounts/", {"admin"}),
    "users.create": ("GET", "/directory/accounts/new", {"admin"}),
    "users.detail": ("GET", "/directory/accounts/{account}", {"admin"}),
    "users.grant_role": ("POST", "/directory/accounts/{account}/roles", {"admin"}),
    "users.revoke_role": ("POST", "/directory/accounts/{account}/roles/{assignment}/revoke", {"admin"}),
    "users.toggle_active": ("POST", "/directory/accounts/{account}/active", {"admin"}),
    "users.reset_password": ("POST", "/directory/accounts/{account}/password", {"admin"}),
    # SCIM: no session; the discovery document is open (RFC 7644 §4), the rest needs the bearer secret
    # (tests/common/test_scim.py::test_without_the_secret_scim_refuses).
    "scim.endpoint": ("GET", "/scim/v2/ServiceProviderConfig", EVERYONE),
    # Single sign-on: no sign-in needed, but 404 for everyone until OIDC_ISSUER is set (it is not here); with a
    # provider, tests/common/test_oidc.py walks them.
    "auth.oidc_start": ("GET", "/auth/oidc/start", set()),
    "auth.oidc_callback": ("GET", "/auth/oidc/callback", set()),
    "users.send_reset_link": ("POST", "/directory/accounts/{account}/reset-link", {"admin"}),
    "users.bulk_accounts": ("GET", "/directory/accounts/bulk", DIRECTORY),
    "users.bulk_create": ("POST", "/directory/accounts/bulk", DIRECTORY),
    # A sign-in link's page is public (the person has no password yet); an unknown token says the link is dead.
    "auth.link": ("GET", "/auth/link/not-a-valid-token", EVERYONE),
}

# The second column: routes that show other people's personal data (declared with ``@personal_data``), and what.
PERSONAL: dict[str, str] = {
    "directory.search": "search",
    "directory.export": "export",
    "directory.unit": "unit",
    "directory.chart": "unit",
    "directory.profile": "profile",
    "auditlog.index": "audit",
    "users.index": "accounts",
    "users.detail": "accounts",
    "users.grant_role": "accounts",
    "users.reset_password": "accounts",
    "scim.endpoint": "accounts",  # read by the identity system (actor "SCIM"), tests/common/test_scim.py
    "users.send_reset_link": "accounts",
    "users.bulk_accounts": "accounts",
    "users.bulk_create": "accounts",
}
