"""Certificate and transcript PDFs. The QR code is drawn here (``qrcode``) and embedded as a ``data:`` URL,
so the sandboxed PDF renderer never fetches anything; it points to BASE_URL/verify/<code>."""

from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
from flask import current_app
from qrcode.constants import ERROR_CORRECT_M

from common.pdf import render_pdf
from learning.dates import today
from learning.models import Certificate, Enrolment

QR_BOX, QR_BORDER = 8, 4


def verify_url(code: str) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/verify/{code}"


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR code's modules (quiet zone included) for ``data``: what the certificate draws, and tests compare."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=QR_BOX, border=QR_BORDER)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def qr_data_url(data: str) -> str:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=QR_BOX, border=QR_BORDER)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def grouped(code: str) -> str:
    """The code in groups of four, as printed (ABCD-EFGH-...); the page accepts it with or without dashes."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def certificate_pdf(certificate: Certificate) -> bytes:
    url = verify_url(certificate.code)
    return render_pdf("learning/certificate_pdf.html", certificate=certificate, url=url, qr=qr_data_url(url),
                      code=grouped(certificate.code), status=certificate.validity(today()))


def transcript_pdf(employee: Any, enrolments: list[Enrolment]) -> bytes:
    hours = sum(float(e.course.cpd_hours) for e in enrolments if e.state == "completed")
    return render_pdf("learning/transcript_pdf.html", employee=employee, enrolments=enrolments, hours=hours,
                      today=today(), verify_url=verify_url)
