"""Reading an uploaded cmi5 course structure without trusting it: a zip with ``cmi5.xml`` at its root, or the
``cmi5.xml`` file alone (then every AU must be remote).

The zip's entries go through the SCORM importer's checks (names, links, counts, sizes, zip bombs); ``cmi5.xml`` is
parsed by ``defusedxml``. Every AU needs an id, a title and a url: a relative url must name a file of the package,
an absolute one (a remote AU) must be http(s) on a host of ``CMI5_REMOTE_HOSTS``. moveOn, launchMethod and
masteryScore must be the specification's values. Each refusal is an ``OperationError`` on the ``package`` field.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from flask import current_app

from common.i18n import get_locale
from common.i18n import lazy_gettext as _l
from learning.cmi5.vocabulary import LAUNCH_METHODS, MOVE_ON_VALUES
from learning.scorm.importer import Limits, check_entries, clean_path, refuse

STRUCTURE = "cmi5.xml"
STRUCTURE_MAX_BYTES = 2 * 1024 * 1024


@dataclass
class AuSpec:
    publisher_id: str
    title: str
    url: str
    remote: bool
    launch_method: str = "AnyWindow"
    move_on: str = "NotApplicable"
    mastery_score: float | None = None
    launch_parameters: str = ""
    entitlement_key: str = ""


@dataclass
class CourseStructure:
    publisher_id: str
    titles: dict[str, str]
    aus: list[AuSpec]
    blocks: list[dict[str, Any]]
    entries: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    xml_only: bool = False

    @property
    def total_size(self) -> int:
        return sum(info.file_size for info in self.entries.values())

    def title(self, language: str) -> str:
        for tag, text in self.titles.items():
            if tag.lower().startswith(language):
                return text
        return next(iter(self.titles.values()), self.publisher_id)


def is_cmi5(data: bytes) -> bool:
    """Whether an upload is a cmi5 course structure: a zip with cmi5.xml at its root, or that XML alone."""
    if data.lstrip()[:1] == b"<":
        return b"courseStructure" in data[:4096]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.lower() == STRUCTURE for name in archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return False


def inspect(data: bytes, limits: Limits) -> CourseStructure:
    if data.lstrip()[:1] == b"<":
        if len(data) > STRUCTURE_MAX_BYTES:
            raise refuse(_l("cmi5.xml is too large."))
        structure = parse(data, set())
        structure.xml_only = True
        return structure
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise refuse(_l("The file is not a zip archive.")) from None
    with archive:
        entries, _legacy = check_entries(archive.infolist(), limits)
        name = next((path for path in entries if path.lower() == STRUCTURE), None)
        if name is None:
            raise refuse(_l("The package has no cmi5.xml at its root: it is not a cmi5 course."))
        if entries[name].file_size > STRUCTURE_MAX_BYTES:
            raise refuse(_l("cmi5.xml is too large."))
        try:
            xml = archive.read(entries[name])
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            raise refuse(_l("cmi5.xml is damaged and cannot be read.")) from None
    structure = parse(xml, set(entries))
    structure.entries = entries
    return structure


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _langstrings(element: Element, name: str) -> dict[str, str]:
    found = _children(element, name)
    if not found:
        return {}
    return {(s.get("lang") or "").strip(): " ".join((s.text or "").split())[:255]
            for s in _children(found[0], "langstring") if (s.text or "").strip()}


def _text(element: Element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else ""


def parse(xml: bytes, files: set[str]) -> CourseStructure:
    try:
        root = fromstring(xml)
    except DefusedXmlException:
        raise refuse(_l("cmi5.xml declares entities or external references, which are refused.")) from None
    except ParseError as error:
        raise refuse(_l("cmi5.xml is not well-formed XML (%(error)s).", error=str(error))) from None
    if _local(root.tag) != "courseStructure":
        raise refuse(_l("cmi5.xml is not a cmi5 course structure (its root is <%(tag)s>).", tag=_local(root.tag)))
    courses = _children(root, "course")
    if len(courses) != 1 or not (courses[0].get("id") or "").strip():
        raise refuse(_l("cmi5.xml must describe exactly one course, with an id."))
    course = courses[0]
    aus: list[AuSpec] = []
    blocks: list[dict[str, Any]] = []
    seen: set[str] = {course.get("id", "").strip()}
    _walk(root, aus, blocks, [], files, seen)
    if not aus:
        raise refuse(_l("The course structure has no AU (assignable unit)."))
    return CourseStructure(publisher_id=course.get("id", "").strip()[:512], titles=_langstrings(course, "title"),
                           aus=aus, blocks=blocks)


def _walk(parent: Element, aus: list[AuSpec], blocks: list[dict[str, Any]], open_blocks: list[dict[str, Any]],
          files: set[str], seen: set[str]) -> None:
    for child in parent:
        kind = _local(child.tag)
        if kind not in ("au", "block"):
            continue
        identifier = (child.get("id") or "").strip()
        if not identifier or identifier in seen:
            raise refuse(_l("An AU or block has no id, or the same id as another (%(id)s).", id=identifier[:200]))
        seen.add(identifier)
        if kind == "block":
            block = {"id": identifier[:512], "title": _title(child, identifier), "aus": []}
            blocks.append(block)
            _walk(child, aus, blocks, [*open_blocks, block], files, seen)
            if not block["aus"]:
                raise refuse(_l("The block %(id)s has no AU.", id=identifier[:200]))
            continue
        au = _au(child, identifier, files)
        aus.append(au)
        for block in open_blocks:
            block["aus"].append(au.publisher_id)


def _title(element: Element, identifier: str) -> str:
    titles = _langstrings(element, "title")
    language = str(get_locale() or "en")[:2]
    return next((t for tag, t in titles.items() if tag.lower().startswith(language)),
                next(iter(titles.values()), identifier))[:255]


def _au(element: Element, identifier: str, files: set[str]) -> AuSpec:
    url = _text(element, "url")
    if not url:
        raise refuse(_l("The AU %(id)s has no url.", id=identifier[:200]))
    move_on = (element.get("moveOn") or "NotApplicable").strip()
    if move_on not in MOVE_ON_VALUES:
        raise refuse(_l("The AU %(id)s has moveOn %(value)s, which cmi5 does not define.", id=identifier[:200],
                        value=move_on[:40]))
    method = (element.get("launchMethod") or "AnyWindow").strip()
    if method not in LAUNCH_METHODS:
        raise refuse(_l("The AU %(id)s has launchMethod %(value)s, which cmi5 does not define.", id=identifier[:200],
                        value=method[:40]))
    mastery = (element.get("masteryScore") or "").strip()
    try:
        score = float(mastery) if mastery else None
    except ValueError:
        score = -1.0
    if score is not None and not 0 <= score <= 1:
        raise refuse(_l("The masteryScore of the AU %(id)s must be a decimal from 0 to 1.", id=identifier[:200]))
    parts = urlsplit(url)
    if parts.scheme:
        _check_remote(identifier, url)
        remote = True
    else:
        path = clean_path(unquote(parts.path))
        if path not in files:
            raise refuse(_l("The url %(url)s of the AU %(id)s is not a file of the package.", url=url[:200],
                            id=identifier[:200]))
        url = path + (f"?{parts.query}" if parts.query else "")
        remote = False
    return AuSpec(publisher_id=identifier[:512], title=_title(element, identifier), url=url[:2000], remote=remote,
                  launch_method=method, move_on=move_on, mastery_score=score,
                  launch_parameters=_text(element, "launchParameters")[:10000],
                  entitlement_key=_text(element, "entitlementKey")[:512])


def _check_remote(identifier: str, url: str) -> None:
    """A remote AU runs on a site the suite does not control, with the learner's results: only on hosts the
    administrator allowed (``CMI5_REMOTE_HOSTS``)."""
    parts = urlsplit(url)
    allowed = {host.lower() for host in current_app.config.get("CMI5_REMOTE_HOSTS") or []}
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise refuse(_l("The url of the AU %(id)s is neither a file of the package nor a web address.",
                        id=identifier[:200]))
    if parts.hostname.lower() not in allowed:
        raise refuse(_l("The AU %(id)s is hosted on %(host)s, which is not on the list of hosts allowed for cmi5 "
                        "courses (CMI5_REMOTE_HOSTS): ask your system administrator, or include the AU in the "
                        "package.", id=identifier[:200], host=parts.hostname[:200]))
