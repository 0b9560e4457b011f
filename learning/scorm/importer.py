"""Reading an uploaded SCORM 1.2 or SCORM 2004 package without trusting it.

Everything is checked from the zip's directory and the manifest before a single file is written: entry names
(no absolute paths, no ``..``, no links or devices, no duplicates), the number of files, their total size and
the compression ratio (zip bombs), then ``imsmanifest.xml`` at the package root, parsed by ``defusedxml`` (no
entities, no external references), its schema version (SCORM 1.2, or SCORM 2004 whose sequencing definition
``manifest2004`` reads), the default organisation, its items and their
resources, and every launch file. Each refusal is an ``OperationError`` on the ``package`` field naming the
problem; the caller stores nothing.

Names without the zip's UTF-8 flag (Linux ``zip``, macOS tools) are read as UTF-8 when they are valid UTF-8 (or
from Info-ZIP's Unicode path field), and only otherwise as the zip standard's CP437. Packages of another format
(cmi5, xAPI, AICC) are refused with the format named. Assets (``adlcp:scormtype="asset"``) are items
like SCOs, without run-time tracking; ``adlcp:prerequisites`` are read (``learning.scorm.prerequisites``) and the
default organisation is kept as an outline, groups included, for the lesson page's table of contents.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from flask import current_app

from common.i18n import lazy_gettext as _l
from learning.scorm import manifest2004
from learning.scorm import prerequisites as rules
from learning.scorm.formats import entry_name, refuse, refuse_other_formats
from learning.scorm.manifest_xml import attribute_of, child_of, children_of, local_name, text_of

MANIFEST = "imsmanifest.xml"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
MANIFEST_MAX_BYTES = 2 * 1024 * 1024
BOMB_MIN_BYTES = 1024 * 1024  # a small file may compress very well; a big one that does is a bomb


@dataclass(frozen=True)
class Limits:
    max_files: int = 5000
    max_total_bytes: int = 500 * 1024 * 1024
    max_ratio: float = 100.0

    @classmethod
    def from_config(cls) -> Limits:
        config = current_app.config
        return cls(int(config["SCORM_MAX_FILES"]), int(config["SCORM_MAX_TOTAL_MB"]) * 1024 * 1024,
                   float(config["SCORM_MAX_RATIO"]))


@dataclass
class ScoSpec:
    identifier: str
    title: str
    resource: str
    tracked: bool
    launch: str
    launch_query: str = ""
    mastery_score: float | None = None
    launch_data: str = ""
    max_time_allowed: str = ""
    time_limit_action: str = ""
    prerequisites: str = ""


@dataclass
class Package:
    identifier: str
    title: str
    scos: list[ScoSpec]
    entries: dict[str, zipfile.ZipInfo] = field(default_factory=dict)  # clean path -> entry
    outline: list[dict[str, Any]] = field(default_factory=list)  # every item, groups included, in manifest order
    standard: str = "1.2"  # or "2004"
    sequencing: dict[str, Any] | None = None  # SCORM 2004: ``manifest2004.definition``

    @property
    def total_size(self) -> int:
        return sum(info.file_size for info in self.entries.values())


def inspect(data: bytes, limits: Limits) -> Package:
    """Check a package completely; returns what to store, or raises ``OperationError`` saying what is wrong."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise refuse(_l("The file is not a zip archive.")) from None
    with archive:
        entries, legacy = check_entries(archive.infolist(), limits)
        if MANIFEST not in entries:
            refuse_other_formats(entries)
            nested = sorted(p for p in entries if p.rsplit("/", 1)[-1].lower() == MANIFEST)
            if nested:
                raise refuse(_l("imsmanifest.xml is in the folder %(folder)s, not at the root of the package: zip "
                                "the contents of that folder, not the folder itself.",
                                folder=nested[0].rsplit("/", 1)[0] + "/"))
            raise refuse(_l("The package has no imsmanifest.xml at its root: it is not a SCORM package."))
        if entries[MANIFEST].file_size > MANIFEST_MAX_BYTES:
            raise refuse(_l("imsmanifest.xml is too large."))
        try:
            xml = archive.read(entries[MANIFEST])
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            raise refuse(_l("imsmanifest.xml is damaged and cannot be read.")) from None
        package = parse_manifest(xml, set(entries), legacy)
    package.entries = entries
    return package


def clean_path(name: str) -> str:
    """An entry's path inside the package, or a refusal if it could land outside the package folder."""
    unified = name.replace("\\", "/")
    if unified.startswith("/") or re.match(r"[A-Za-z]:(/|$)", unified):
        raise refuse(_l("The package contains an entry with an absolute path (%(name)s).", name=name[:200]))
    parts = [part for part in unified.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise refuse(_l("The package contains an entry that climbs out of its folder (%(name)s).", name=name[:200]))
    if any(ord(ch) < 32 or ch == "\x7f" for ch in unified):
        raise refuse(_l("The package contains an entry whose name has control characters."))
    return "/".join(parts)


def check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> tuple[dict[str, zipfile.ZipInfo], list[str]]:
    """The files of the package by clean path, after every check on names, kinds, counts and sizes; and the paths
    whose names are in an undeclared encoding (read as CP437, which may be wrong)."""
    entries: dict[str, zipfile.ZipInfo] = {}
    legacy: list[str] = []
    total = packed = 0
    for info in infos:
        name, guessed = entry_name(info)
        path = clean_path(name)
        mode = info.external_attr >> 16
        if info.create_system == 3 and stat.S_ISLNK(mode):
            raise refuse(_l("The package contains a link (%(name)s); links are refused.", name=info.filename[:200]))
        if info.create_system == 3 and stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise refuse(_l("The package contains an entry that is not a file (%(name)s).", name=info.filename[:200]))
        if info.flag_bits & 0x1:
            raise refuse(_l("The package contains an encrypted file (%(name)s).", name=info.filename[:200]))
        if info.is_dir() or not path:
            continue
        if path in entries:
            raise refuse(_l("The package contains %(name)s twice.", name=path[:200]))
        entries[path] = info
        if guessed:
            legacy.append(path)
        if len(entries) > limits.max_files:
            raise refuse(_l("The package has more than %(n)d files.", n=limits.max_files))
        total, packed = total + info.file_size, packed + info.compress_size
        if total > limits.max_total_bytes:
            raise refuse(_l("Unpacked, the package would be larger than %(mb)d MB.",
                            mb=limits.max_total_bytes // (1024 * 1024)))
        if info.file_size > BOMB_MIN_BYTES and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise refuse(_l("%(name)s is compressed more than %(ratio)d times: the package looks like a zip bomb.",
                            name=path[:200], ratio=int(limits.max_ratio)))
    if total > BOMB_MIN_BYTES and total > limits.max_ratio * max(packed, 1):
        raise refuse(_l("The package is compressed more than %(ratio)d times: it looks like a zip bomb.",
                        ratio=int(limits.max_ratio)))
    folders = {path.rsplit("/", 1)[0] for path in entries if "/" in path}
    folders |= {folder.rsplit("/", i)[0] for folder in folders for i in range(1, folder.count("/") + 1)}
    clash = sorted(folders & set(entries))
    if clash:
        raise refuse(_l("%(name)s is both a file and a folder in the package.", name=clash[0][:200]))
    return entries, legacy


# --- The manifest -----------------------------------------------------------------------------------------------

def parse_manifest(xml: bytes, files: set[str], legacy: list[str] | tuple[str, ...] = ()) -> Package:
    try:
        root = fromstring(xml)
    except DefusedXmlException:
        raise refuse(_l("imsmanifest.xml declares entities or external references, which are refused.")) from None
    except ParseError as error:
        raise refuse(_l("imsmanifest.xml is not well-formed XML (%(error)s).", error=str(error))) from None
    if local_name(root.tag) != "manifest":
        raise refuse(_l("imsmanifest.xml is not an IMS manifest (its root is <%(tag)s>).", tag=local_name(root.tag)))
    standard = _check_version(root, xml)
    organisation = _default_organisation(root)
    resources_element = child_of(root, "resources")
    resources = {r.get("identifier", ""): r for r in children_of(resources_element, "resource")}
    base = (resources_element.get(XML_BASE, "") if resources_element is not None else "")
    walk = _Walk(resources, base, files, legacy)
    walk.items(organisation, depth=0)
    if not walk.scos:
        raise refuse(_l("The default organisation has no item that launches anything."))
    walk.check_prerequisites()
    title = text_of(organisation, "title") or root.get("identifier", "") or "SCORM"
    sequencing = manifest2004.definition(root, organisation) if standard == "2004" else None
    return Package(identifier=root.get("identifier", "")[:255], title=title[:255], scos=walk.scos,
                   outline=walk.outline, standard=standard, sequencing=sequencing)


SCORM_12 = ("1.2", "scorm 1.2", "scorm1.2", "cam 1.2")
SCORM_2004_MARKS = (b"adlcp_v1p3", b"adlseq_v1p3", b"adlnav_v1p3", b"imsss")


def _check_version(root: Element, xml: bytes) -> str:
    """"1.2" or "2004" (3rd or 4th edition, or CAM 1.3 as the 2nd edition wrote it), from the schema version or,
    without one, the ADL namespaces the manifest declares."""
    version = text_of(child_of(root, "metadata"), "schemaversion")
    normal = " ".join(version.lower().split())
    if "2004" in normal or normal in ("cam 1.3", "1.3") or (not version and any(m in xml for m in SCORM_2004_MARKS)):
        return "2004"
    if version and normal not in SCORM_12:
        raise refuse(_l("The package is for schema version %(version)s; only SCORM 1.2 and SCORM 2004 packages can "
                        "be imported.", version=version[:40]))
    if not version and b"adlcp_rootv1p2" not in xml:
        raise refuse(_l("The manifest does not say which SCORM it is (no schemaversion, no SCORM namespace)."))
    return "1.2"


def _default_organisation(root: Element) -> Element:
    organisations = child_of(root, "organizations")
    candidates = children_of(organisations, "organization")
    if not candidates:
        raise refuse(_l("The manifest has no organisation (the package's table of contents)."))
    default = organisations.get("default", "").strip() if organisations is not None else ""
    if not default:
        return candidates[0]
    for organisation in candidates:
        if organisation.get("identifier") == default:
            return organisation
    raise refuse(_l("The default organisation %(id)s is not in the manifest.", id=default[:100]))


class _Walk:
    """The default organisation, item by item: launching items become ``ScoSpec``s, every item (groups too) a line
    of the outline."""

    def __init__(self, resources: dict[str, Element], base: str, files: set[str], legacy: list[str] | tuple[str, ...]
                 ) -> None:
        self.resources, self.base, self.files, self.legacy = resources, base, files, legacy
        self.scos: list[ScoSpec] = []
        self.outline: list[dict[str, Any]] = []
        self.seen: set[str] = set()

    def items(self, parent: Element, depth: int) -> None:
        for item in children_of(parent, "item"):
            identifier = item.get("identifier", "").strip()
            if not identifier or identifier in self.seen:
                raise refuse(_l("An item has no identifier, or the same identifier as another (%(id)s).",
                                id=identifier[:100]))
            self.seen.add(identifier)
            reference = item.get("identifierref", "").strip()
            title = (text_of(item, "title") or identifier)[:255]
            self.outline.append({"id": identifier[:255], "title": title, "depth": depth, "launch": bool(reference)})
            if reference:
                self.scos.append(sco_spec(item, identifier, reference, self.resources, self.base, self.files,
                                      self.legacy))
            self.items(item, depth + 1)

    def check_prerequisites(self) -> None:
        """Every rule readable, and naming only items of this organisation."""
        for sco in self.scos:
            try:
                names = rules.identifiers(rules.parse(sco.prerequisites))
            except rules.PrerequisiteError as error:
                raise refuse(_l("The prerequisites of item %(item)s cannot be read (%(error)s).",
                                item=sco.identifier[:100], error=str(error)[:100])) from None
            unknown = sorted(names - self.seen)
            if unknown:
                raise refuse(_l("The prerequisites of item %(item)s name %(id)s, which is not an item of the package.",
                                item=sco.identifier[:100], id=unknown[0][:100]))


def sco_spec(item: Element, identifier: str, reference: str, resources: dict[str, Element], base: str,
         files: set[str], legacy: list[str] | tuple[str, ...]) -> ScoSpec:
    resource = resources.get(reference)
    if resource is None:
        raise refuse(_l("Item %(item)s refers to the resource %(ref)s, which the manifest does not define.",
                        item=identifier[:100], ref=reference[:100]))
    href = resource.get("href", "").strip()
    if not href:
        raise refuse(_l("Resource %(ref)s (item %(item)s) has no launch file: its href is missing.",
                        ref=reference[:100], item=identifier[:100]))
    url = base + resource.get(XML_BASE, "") + href
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|/", url):
        raise refuse(_l("The launch file of item %(item)s (%(href)s) is not a file inside the package.",
                        item=identifier[:100], href=url[:200]))
    location, _sep, fragment = url.partition("#")
    path, _sep, query = location.partition("?")
    launch = clean_path(unquote(path))
    if launch not in files and legacy:
        raise refuse(_l("The launch file %(path)s of item %(item)s cannot be found because the zip stores file names "
                        "in an encoding it does not declare (for example %(name)s): make the zip again with a tool "
                        "that stores names in UTF-8.", path=launch[:200], item=identifier[:100],
                        name=legacy[0][:200]))
    if launch not in files:
        raise refuse(_l("The launch file %(path)s of item %(item)s is not in the package.", path=launch[:200],
                        item=identifier[:100]))
    parameters = item.get("parameters", "").strip()
    if parameters.startswith("#"):
        fragment = fragment or parameters[1:]
    elif parameters:
        query = f"{query}&{parameters.lstrip('?&')}" if query else parameters.lstrip("?&")
    mastery = text_of(item, "masteryscore")
    try:
        mastery_score = float(mastery) if mastery else None
    except ValueError:
        mastery_score = -1.0
    if mastery_score is not None and not 0 <= mastery_score <= 100:
        raise refuse(_l("The mastery score of item %(item)s must be a number from 0 to 100.", item=identifier[:100]))
    tracked = attribute_of(resource, "scormtype").lower() == "sco"
    return ScoSpec(identifier=identifier[:255], title=(text_of(item, "title") or identifier)[:255],
                   resource=reference[:255], tracked=tracked, launch=launch,
                   launch_query=(query + (f"#{fragment}" if fragment else ""))[:1000], mastery_score=mastery_score,
                   launch_data=text_of(item, "datafromlms")[:4096],
                   max_time_allowed=text_of(item, "maxtimeallowed")[:16],
                   time_limit_action=text_of(item, "timelimitaction")[:32],
                   prerequisites=" ".join(text_of(item, "prerequisites").split())[:2000])
