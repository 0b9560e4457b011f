"""Who may provision accounts through SCIM: the identity system holding the bearer secret from the settings.

``SCIM_TOKEN`` (the secret) or ``SCIM_TOKEN_SHA256`` (only its SHA-256, hex, so the secret itself need not sit in
the environment). The presented token is hashed and compared in constant time; with neither setting SCIM is
closed.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

__all__ = ["scim_token_valid"]


def scim_token_valid(authorization: str | None) -> bool:
    """Whether an ``Authorization`` header carries the SCIM bearer secret."""
    expected = (current_app.config.get("SCIM_TOKEN_SHA256") or "").strip().lower()
    if not expected and current_app.config.get("SCIM_TOKEN"):
        expected = hashlib.sha256(current_app.config["SCIM_TOKEN"].encode()).hexdigest()
    scheme, _, token = (authorization or "").partition(" ")
    if not expected or scheme.lower() != "bearer" or not token.strip():
        return False
    return hmac.compare_digest(hashlib.sha256(token.strip().encode()).hexdigest(), expected)
