"""Packages for the SCORM tests: the real ones in ``shared/fixtures/scorm`` and small ones built here."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from learning import operations as ops
from learning.models import Course, Lesson
from learning.scorm import operations as scorm_ops
from learning.scorm import storage
from learning.scorm.models import PackageVersion

FIXTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "scorm"
GOLF = "RuntimeBasicCalls_SCORM12.zip"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def manifest(items: list[tuple[str, str]] | None = None, *, mastery: float | None = None,
             schema: str = "1.2", launch_data: str = "") -> str:
    """A SCORM 1.2 manifest with one SCO per (title, launch href)."""
    items = items or [("Only part", "index.html")]
    extra = (f"<adlcp:masteryscore>{mastery:g}</adlcp:masteryscore>" if mastery is not None else "") + \
        (f"<adlcp:datafromlms>{launch_data}</adlcp:datafromlms>" if launch_data else "")
    item_xml = "".join(f'<item identifier="item_{i}" identifierref="res_{i}"><title>{title}</title>{extra}</item>'
                       for i, (title, _href) in enumerate(items, 1))
    resource_xml = "".join(f'<resource identifier="res_{i}" type="webcontent" adlcp:scormtype="sco" href="{href}">'
                           f'<file href="{href}"/></resource>' for i, (_title, href) in enumerate(items, 1))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="test.package" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>{schema}</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Test package</title>{item_xml}</organization>
  </organizations>
  <resources>{resource_xml}</resources>
</manifest>"""


PAGE = b"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>SCO</title></head>" \
       b"<body><h1>A quiet SCO</h1><p>It waits for the API to be driven.</p></body></html>"


def make_zip(files: dict[str, bytes | str | zipfile.ZipInfo] | None = None, *, with_manifest: str | None = None,
             compression: int = zipfile.ZIP_DEFLATED, raw: list[tuple[zipfile.ZipInfo, bytes]] = ()) -> bytes:
    """A zip with a manifest (unless ``with_manifest=""``), ``index.html`` and ``files``; ``raw`` entries are
    written exactly as given (links, odd names)."""
    buffer = io.BytesIO()
    contents: dict[str, bytes | str] = {"index.html": PAGE}
    if with_manifest != "":
        contents["imsmanifest.xml"] = with_manifest or manifest()
    contents.update(files or {})
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
        for info, data in raw:
            archive.writestr(info, data)
    return buffer.getvalue()


def scorm_course(data: bytes, *, code: str = "SCO-101", provider: Any = None, published: bool = True,
                 filename: str = "package.zip", text_lessons: int = 0) -> tuple[Course, Lesson, PackageVersion]:
    """A course whose only required lesson (besides ``text_lessons``) is the package."""
    course = ops.create_course({"code": code, "title_ka": "SCORM კურსი", "title_en": "Golf for civil servants",
                                "summary_ka": "", "summary_en": "", "category": "management", "level": "basic",
                                "language": "en", "duration_minutes": 30, "cpd_hours": Decimal("1.0"),
                                "self_enrol": True, "enrol_approval": False,
                                "provider_unit_id": provider.id if provider else None}, actor=None)
    section = ops.add_section(course, "ნაწილი", "Part 1", actor=None)
    for n in range(1, text_lessons + 1):
        ops.save_lesson(section, {"kind": "text", "title_ka": f"ტექსტი {n}", "title_en": f"Reading {n}",
                                  "required": True, "body_en": "<p>Read me</p>"}, actor=None)
    version = scorm_ops.import_package(section, {}, data, filename, actor=None)
    if published:
        ops.set_published(course, True, actor=None)
    return course, version.lesson, version


def on_disk() -> set[str]:
    """Every path under the SCORM storage folder (to prove a refused upload left nothing)."""
    root = storage.root()
    return {str(p.relative_to(root)) for p in root.rglob("*")} if root.exists() else set()
