"""Password hashing (Argon2id) and the password policy.

The policy follows current guidance (length over composition rules, refuse the obvious), and
every message is translatable because the person choosing the password reads it.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

_hasher = PasswordHasher()

MIN_LENGTH = 12
COMMON = {
    "password1234", "123456789012", "qwertyuiopas", "administrator", "passwordpassword",
    "1234567890ab", "iloveyou1234", "welcome12345", "paroli123456", "georgia12345",
}

# A valid hash to compare against when the account does not exist, so that the answer to an
# unknown address takes as long as a wrong password (no account enumeration by timing).
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def policy_problems(password: str, email: str | None = None) -> list[str]:
    """Why ``password`` is not acceptable (an empty list when it is)."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(str(_l("Use at least %(n)d characters.", n=MIN_LENGTH)))
    if password.lower() in COMMON or len(set(password)) < 4:
        problems.append(str(_l("This password is too easy to guess.")))
    if email:
        local = email.split("@")[0].lower()
        if len(local) >= 4 and local in password.lower():
            problems.append(str(_l("Do not use your e-mail address in the password.")))
    return problems
