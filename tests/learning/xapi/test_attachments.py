"""Attachments (Communication §1.5.2) and signed statements (Data §2.6): multipart/mixed with each part named by
its SHA-2, checked against the content, returned with ``attachments=true``; a signature must be a JWS whose
payload is the statement."""

from __future__ import annotations

import base64
import hashlib
import json

from tests.learning.xapi.conftest import new_id, statement

SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"


def declared(content: bytes, content_type: str = "text/plain", usage: str = "http://example.gov.ge/transcript"):
    return {"usageType": usage, "display": {"en-US": "file"}, "contentType": content_type, "length": len(content),
            "sha2": hashlib.sha256(content).hexdigest()}


def multipart(statements, parts: list[tuple[bytes, str, str | None]]) -> tuple[bytes, str]:
    boundary = "xapi-boundary-1"
    chunks = [f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(), json.dumps(statements).encode()]
    for content, content_type, sha2 in parts:
        sha2 = sha2 or hashlib.sha256(content).hexdigest()
        chunks.append(f"\r\n--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
                      f"X-Experience-API-Hash: {sha2}\r\n\r\n".encode() + content)
    chunks.append(f"\r\n--{boundary}--".encode())
    return b"".join(chunks), f"multipart/mixed; boundary={boundary}"


def send(lrs, statements, parts):
    body, content_type = multipart(statements, parts)
    return lrs.client.post("/xapi/statements", data=body, content_type=content_type, headers=lrs.headers())


def test_an_attachment_sent_as_multipart_is_stored_and_returned_with_attachments_true(lrs):
    content = b"\x00\x01binary transcript\xff"
    sid = send(lrs, statement(attachments=[declared(content, "application/octet-stream")]),
               [(content, "application/octet-stream", None)]).get_json()[0]
    response = lrs.get(f"/statements?statementId={sid}&attachments=true")
    assert response.content_type.startswith("multipart/mixed")
    assert content in response.data and hashlib.sha256(content).hexdigest().encode() in response.data


def test_a_part_whose_hash_does_not_match_its_content_is_400(lrs):
    content = b"report"
    response = send(lrs, statement(attachments=[declared(content)]), [(b"other bytes", "text/plain",
                                                                       hashlib.sha256(content).hexdigest())])
    assert response.status_code == 400


def test_a_declared_attachment_without_its_part_is_400_and_an_undeclared_part_is_400(lrs):
    assert lrs.post(statement(attachments=[declared(b"missing")])).status_code == 400
    assert send(lrs, statement(), [(b"extra", "text/plain", None)]).status_code == 400


def test_an_attachment_by_file_url_needs_no_part(lrs):
    item = {**declared(b"remote"), "fileUrl": "https://files.example.gov.ge/r.pdf"}
    assert lrs.post(statement(attachments=[item])).status_code == 200


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jws(payload: dict, alg: str = "RS256") -> bytes:
    return ".".join([_b64(json.dumps({"alg": alg}).encode()), _b64(json.dumps(payload).encode()),
                     _b64(b"signature-bytes")]).encode()


def test_a_signed_statement_whose_signature_carries_the_statement_is_accepted(lrs):
    body = statement(id=new_id())
    token = jws(body)
    signed = {**body, "attachments": [declared(token, "application/octet-stream", SIGNATURE)]}
    assert send(lrs, signed, [(token, "application/octet-stream", None)]).status_code == 200


def test_a_signature_whose_payload_is_another_statement_or_not_a_jws_is_400(lrs):
    body = statement(id=new_id())
    other = jws(statement(verb={"id": "http://adlnet.gov/expapi/verbs/failed"}))
    signed = {**body, "attachments": [declared(other, "application/octet-stream", SIGNATURE)]}
    assert send(lrs, signed, [(other, "application/octet-stream", None)]).status_code == 400
    garbage = b"not a jws"
    signed = {**body, "attachments": [declared(garbage, "application/octet-stream", SIGNATURE)]}
    assert send(lrs, signed, [(garbage, "application/octet-stream", None)]).status_code == 400
    weak = jws(body, alg="HS256")
    signed = {**body, "attachments": [declared(weak, "application/octet-stream", SIGNATURE)]}
    assert send(lrs, signed, [(weak, "application/octet-stream", None)]).status_code == 400


def test_a_statement_list_with_attachments_true_carries_every_attachment_once(lrs):
    content = b"shared certificate scan"
    for _ in range(2):
        send(lrs, statement(attachments=[declared(content)]), [(content, "text/plain", None)])
    response = lrs.get("/statements?attachments=true")
    assert response.content_type.startswith("multipart/mixed")
    assert response.data.count(content) == 1 and response.data.count(b'"statements"') == 1
