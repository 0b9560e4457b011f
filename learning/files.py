"""Files of file lessons: checked, stored under the instance folder with a generated name, served as downloads.

The uploader's file name is kept only to be shown (and offered as the download name); the stored
name is random, so it can never climb out of the folder or overwrite another file. The type comes
from an allow-list by extension, confirmed by the file's first bytes, and the content type we serve
is ours, never the browser's. Every download is an attachment, so nothing uploaded runs in the page.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from common.errors import OperationError
from common.i18n import lazy_gettext as _l

ZIP, PDF, PNG, JPEG = b"PK\x03\x04", b"%PDF-", b"\x89PNG", b"\xff\xd8\xff"
# extension -> (content type, the bytes the file must start with; None: plain text, checked as UTF-8)
ALLOWED = {
    "pdf": ("application/pdf", PDF),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "odp": ("application/vnd.oasis.opendocument.presentation", ZIP),
    "png": ("image/png", PNG),
    "jpg": ("image/jpeg", JPEG),
    "jpeg": ("image/jpeg", JPEG),
    "txt": ("text/plain; charset=utf-8", None),
    "csv": ("text/csv; charset=utf-8", None),
}


@dataclass
class StoredFile:
    storage_name: str
    display_name: str
    content_type: str
    size: int


def folder() -> Path:
    path = Path(current_app.instance_path) / "learning_files"
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_bytes() -> int:
    return int(current_app.config["LEARNING_FILE_MAX_MB"]) * 1024 * 1024


def store(data: bytes, filename: str) -> StoredFile:
    """Check and store an upload; raises ``OperationError`` (field ``file``) when it is refused."""
    display = Path((filename or "file").replace("\\", "/")).name.strip()[:200] or "file"
    extension = display.rsplit(".", 1)[-1].lower() if "." in display else ""
    if extension not in ALLOWED:
        raise OperationError(_l("This type of file cannot be attached. Allowed: %(types)s.",
                                types=", ".join(sorted(ALLOWED))), field="file")
    if not data:
        raise OperationError(_l("The file is empty."), field="file")
    if len(data) > max_bytes():
        raise OperationError(_l("The file is larger than %(mb)d MB.", mb=max_bytes() // (1024 * 1024)), field="file")
    content_type, magic = ALLOWED[extension]
    if magic is not None and not data.startswith(magic):
        raise OperationError(_l("The file's content does not match its type (.%(ext)s).", ext=extension),
                             field="file")
    if magic is None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise OperationError(_l("A text file must be UTF-8 text."), field="file") from None
    storage_name = f"{secrets.token_hex(16)}.{extension}"
    (folder() / storage_name).write_bytes(data)
    return StoredFile(storage_name, display, content_type, len(data))


def path_of(storage_name: str) -> Path | None:
    """The stored file, or None: names we did not generate are refused before touching the disk."""
    name = storage_name or ""
    stem, _, extension = name.partition(".")
    if len(stem) != 32 or not all(c in "0123456789abcdef" for c in stem) or extension not in ALLOWED:
        return None
    path = folder() / name
    return path if path.is_file() else None
