"""Public certificate verification: what the QR code on a certificate opens. No sign-in.

Shows only what the paper certificate already shows (holder, course, dates) and whether it is valid,
expired or revoked. Codes are 80 random bits, so the page cannot be used to list certificates.
"""

from __future__ import annotations

from flask import render_template, request

from common.extensions import limiter
from common.permissions import public
from common.reads import personal_data
from learning import queries as q
from learning import verify_bp


@verify_bp.route("/", methods=["GET"])
@public
@personal_data("certificate")
def lookup() -> str:
    code = request.args.get("code", "").strip()
    certificate = q.certificate_by_code(code) if code else None
    return render_template("learning/verify.html", certificate=certificate, code=code, searched=bool(code))


@verify_bp.route("/<code>")
@public
@limiter.limit("60 per minute")
@personal_data("certificate")
def check(code: str) -> tuple[str, int]:
    certificate = q.certificate_by_code(code)
    return render_template("learning/verify.html", certificate=certificate, code=code, searched=True), \
        200 if certificate else 404
