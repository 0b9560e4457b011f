"""Password hashing (Argon2id) and the password policy.

The policy follows current guidance (NIST SP 800-63B, OWASP ASVS 2.1): length and estimated strength
rather than composition rules, and every message is translatable because the person choosing the
password reads it.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from common.i18n import lazy_gettext as _l

_hasher = PasswordHasher()

MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn's 0-4 scale: 3 is "safely unguessable" (about 10^8 guesses) for an online attack
ESTIMATE_CHARS = 100  # zxcvbn's work grows with length; the first 100 characters tell enough

# zxcvbn's warnings, in our catalogue so that they reach the user in their language.
WARNINGS = {
    "Straight rows of keys are easy to guess.": _l("Straight rows of keys are easy to guess."),
    "Short keyboard patterns are easy to guess.": _l("Short keyboard patterns are easy to guess."),
    'Repeats like "aaa" are easy to guess.': _l('Repeats like "aaa" are easy to guess.'),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".':
        _l('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    'Sequences like "abc" or "6543" are easy to guess.': _l('Sequences like "abc" or "6543" are easy to guess.'),
    "Recent years are easy to guess.": _l("Recent years are easy to guess."),
    "Dates are often easy to guess.": _l("Dates are often easy to guess."),
    "This is a top-10 common password.": _l("This is one of the most common passwords."),
    "This is a top-100 common password.": _l("This is one of the most common passwords."),
    "This is a very common password.": _l("This is a very common password."),
    "This is similar to a commonly used password.": _l("This is similar to a commonly used password."),
    "A word by itself is easy to guess.": _l("A word by itself is easy to guess."),
    "Names and surnames by themselves are easy to guess.": _l("Names and surnames by themselves are easy to guess."),
    "Common names and surnames are easy to guess.": _l("Common names and surnames are easy to guess."),
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


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with other Argon2 parameters than today's (rehash it at the next sign-in,
    which also keeps a known account's verification exactly as long as an unknown one's)."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return True


def policy_problems(password: str, email: str | None = None) -> list[str]:
    """Why ``password`` is not acceptable (an empty list when it is).

    Strength is estimated by zxcvbn (Dropbox's estimator: dictionaries of common passwords, names and
    words, keyboard patterns, dates, sequences, l33t substitutions), which refuses ``qwerty123456`` and
    ``password12345`` that a length rule lets through, and accepts a few unrelated words.
    """
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(str(_l("Use at least %(n)d characters.", n=MIN_LENGTH)))
    local = email.split("@")[0].lower() if email else ""
    if len(local) >= 4 and local in password.lower():
        problems.append(str(_l("Do not use your e-mail address in the password.")))
    if problems:
        return problems
    estimate = zxcvbn(password[:ESTIMATE_CHARS], user_inputs=[part for part in (email, local) if part])
    if estimate["score"] < MIN_SCORE:
        problems.append(str(_l("This password is too easy to guess.")))
        warning = WARNINGS.get(estimate["feedback"].get("warning") or "")
        if warning is not None:
            problems.append(str(warning))
        problems.append(str(_l("Add another word or two: uncommon words are better.")))
    return problems
