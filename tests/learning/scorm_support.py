"""Helpers of the SCORM tests: a course around a package, and what is on disk. Packages come from
``tests.learning.packages`` (built in memory; the real-world ones are an acceptance run of their own)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from learning import operations as ops
from learning.models import Course, Lesson
from learning.scorm import operations as scorm_ops
from learning.scorm import storage
from learning.scorm.models import PackageVersion
from tests.learning.packages import PAGE, make_zip, manifest

__all__ = ["PAGE", "make_zip", "manifest", "on_disk", "scorm_course"]


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


# The names the SCORM tests used for the real-world packages of ``../shared/fixtures/scorm``. A clone of the
# repository alone does not have that folder, so these are the package writer's own equivalents; the real
# packages are played by the acceptance run (``tests/acceptance``) where the folder exists.
GOLF = "RuntimeBasicCalls_SCORM12.zip"


def fixture(name: str) -> bytes:
    """The package the tests know by ``name``, built by ``tests.learning.packages``."""
    from tests.learning import packages

    built = {GOLF: packages.multi_folder,
             "ItemWithNonExistentResourceId_SCORM12.zip": packages.item_with_missing_resource,
             "MalformedXml_SCORM12.zip": packages.malformed_xml,
             "MissingLaunchUrl_SCORM12.zip": packages.missing_launch_url}
    return built[name]()
