"""Attachments (xAPI 1.0.3 Communication §1.5.2): statements sent as ``multipart/mixed`` with the raw content of
each attachment in its own part, named by its SHA-2 in ``X-Experience-API-Hash``; and signed statements (Data
§2.6), whose signature is a JWS attachment whose payload must be the statement itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from typing import Any

from learning.xapi import validation as v

SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"
_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)


def parse_multipart(content_type: str, body: bytes) -> tuple[Any, dict[str, tuple[str, bytes]]]:
    """The statements (parsed JSON of the first part) and the attachments by SHA-2; each part's hash is checked
    against its content, and every part must be declared by a statement."""
    match = _BOUNDARY.search(content_type)
    if not match:
        raise v.Invalid("multipart/mixed needs a boundary")
    delimiter = b"--" + match.group(1).encode()
    chunks = body.split(delimiter)[1:]
    parts: list[tuple[dict[str, str], bytes]] = []
    for chunk in chunks:
        if chunk.startswith(b"--"):
            break
        head, sep, content = chunk.lstrip(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            raise v.Invalid("a multipart part has no headers")
        headers = {}
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        parts.append((headers, content[:-2] if content.endswith(b"\r\n") else content))
    if not parts or not parts[0][0].get("content-type", "").startswith("application/json"):
        raise v.Invalid("the first part must be the statements, as application/json")
    try:
        statements = json.loads(parts[0][1])
    except ValueError as error:
        raise v.Invalid("the statements part is not JSON") from error
    found: dict[str, tuple[str, bytes]] = {}
    for headers, content in parts[1:]:
        sha2 = headers.get("x-experience-api-hash", "")
        if not sha2:
            raise v.Invalid("an attachment part has no X-Experience-API-Hash")
        if hashlib.sha256(content).hexdigest() != sha2.lower() and hashlib.sha512(content).hexdigest() != sha2.lower():
            raise v.Invalid(f"attachment {sha2} does not match its content")
        found[sha2] = (headers.get("content-type", "application/octet-stream"), content)
    declared = {a["sha2"] for s in (statements if isinstance(statements, list) else [statements]) if isinstance(s, dict)
                for a in s.get("attachments", []) if isinstance(a, dict) and "sha2" in a}
    if set(found) - declared:
        raise v.Invalid("a part is not declared as an attachment of any statement")
    return statements, found


def check_signatures(statements: list[dict[str, Any]], found: dict[str, tuple[str, bytes]]) -> None:
    """Refuse a signed statement whose signature is not a JWS (RS256/384/512) or whose payload is not this
    statement (Data §2.6: the comparison leaves out id-less differences, authority, stored, version and the
    attachments' signature entry)."""
    for statement in statements:
        for item in statement.get("attachments", []):
            if item.get("usageType") != SIGNATURE:
                continue
            if item.get("contentType") != "application/octet-stream" or item["sha2"] not in found:
                raise v.Invalid("a signature attachment must be sent as application/octet-stream")
            token = found[item["sha2"]][1].decode("ascii", errors="replace").strip()
            pieces = token.split(".")
            try:
                header = json.loads(_b64(pieces[0]))
                payload = json.loads(_b64(pieces[1]))
                _b64(pieces[2])
            except (ValueError, IndexError) as error:
                raise v.Invalid("the signature is not a JWS") from error
            if len(pieces) != 3 or header.get("alg") not in ("RS256", "RS384", "RS512"):
                raise v.Invalid("the signature must be a JWS signed with RS256, RS384 or RS512")
            if _comparable(payload) != _comparable(statement):
                raise v.Invalid("the signature's payload is not this statement")


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _comparable(statement: Any) -> Any:
    if not isinstance(statement, dict):
        return statement
    body = {k: x for k, x in statement.items() if k not in ("authority", "stored", "version", "attachments")}
    if "id" in body:
        body["id"] = str(uuid.UUID(body["id"])) if v.is_uuid(body["id"]) else body["id"]
    return body


def build_multipart(document: Any, attachments: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """The body and Content-Type of a GET with ``attachments=true``: the statements, then each attachment."""
    boundary = uuid.uuid4().hex
    out = [f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(), json.dumps(document).encode()]
    for sha2, content_type, content in attachments:
        out.append(f"\r\n--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
                   f"X-Experience-API-Hash: {sha2}\r\n\r\n".encode())
        out.append(content)
    out.append(f"\r\n--{boundary}--".encode())
    return b"".join(out), f'multipart/mixed; boundary="{boundary}"'
