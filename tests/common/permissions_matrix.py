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
}
