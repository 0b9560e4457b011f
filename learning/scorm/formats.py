"""What kind of zip an upload is: the names of its entries, and the e-learning format it is in.

Zip names without the UTF-8 flag are CP437 by the zip standard, but Linux ``zip`` and macOS tools write UTF-8
without setting the flag, so ``entry_name`` reads them as UTF-8 when they are (or from Info-ZIP's Unicode path
field). A package without ``imsmanifest.xml`` that another standard describes (cmi5, xAPI, AICC) is refused with
that standard named; SCORM 1.2 and 2004 are told apart from the manifest (``importer``).
"""

from __future__ import annotations

import struct
import zipfile
from typing import Any

from common.errors import OperationError
from common.i18n import lazy_gettext as _l

UNICODE_PATH = 0x7075  # Info-ZIP's extra field: the name in UTF-8, for zips whose names are in another encoding


def entry_name(info: zipfile.ZipInfo) -> tuple[str, bool]:
    """The entry's name, and whether it was guessed: read as CP437 although it is not ASCII.

    Without the UTF-8 flag the zip standard says CP437, which is what ``zipfile`` decodes; but Linux ``zip`` and
    macOS tools write UTF-8 without the flag. So: Info-ZIP's Unicode path field if there is one, else the raw name
    as UTF-8 if it is valid UTF-8 (CP437 text that happens to be valid UTF-8 is all but unknown), else CP437."""
    if info.flag_bits & 0x800:
        return info.filename, False
    extra, at = info.extra or b"", 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, at)
        if kind == UNICODE_PATH and size > 5 and extra[at + 4] == 1:
            try:
                return extra[at + 9:at + 4 + size].decode("utf-8"), False
            except UnicodeDecodeError:
                break
        at += 4 + size
    try:
        raw = info.orig_filename.encode("cp437")
    except UnicodeEncodeError:  # already decoded another way (a metadata_encoding was given)
        return info.filename, False
    try:
        return raw.decode("utf-8").replace("\\", "/"), False
    except UnicodeDecodeError:
        return info.filename, True


def refuse(message: Any) -> OperationError:
    """A refusal of the upload, shown on the package field."""
    return OperationError(message, field="package")


def foreign(kind: str, found: str) -> OperationError:
    return OperationError(_l("This is a %(format)s package (%(found)s): only SCORM 1.2 and SCORM 2004 packages can "
                             "be imported.",
                     format=kind, found=found[:200]), field="package")


def refuse_other_formats(entries: dict[str, zipfile.ZipInfo]) -> None:
    """A package without imsmanifest.xml that another e-learning standard describes: name that standard."""
    names = {path.rsplit("/", 1)[-1].lower(): path for path in entries}
    if "cmi5.xml" in names:
        raise foreign("cmi5", names["cmi5.xml"])
    if "tincan.xml" in names:
        raise foreign("xAPI (Tin Can)", names["tincan.xml"])
    aicc = sorted(path for path in entries if path.lower().endswith((".au", ".crs", ".des", ".cst")))
    if aicc:
        raise foreign("AICC", ", ".join(aicc[:4]))
