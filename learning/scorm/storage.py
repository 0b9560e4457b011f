"""Package files on disk: one content-addressed folder per uploaded zip, under the instance folder.

The folder is named by the SHA-256 of the zip, so the same upload twice shares one folder and a folder never
changes once written: a new version is a new folder, and learners' attempts on an earlier version keep their
files. Files are unpacked into a private ``.incoming-*`` folder first and renamed into place in one step, so a
failure half-way leaves nothing a reader could see (and the temporary folder is removed). Reading goes by the
exact path inside the package: two files of the same name in different folders are two different files.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import shutil
import zipfile
import zlib
from pathlib import Path

from flask import current_app

from common.i18n import lazy_gettext as _l
from learning.scorm.importer import Package, refuse

CHUNK = 1024 * 1024
_DIGEST = re.compile(r"[0-9a-f]{64}")

# Content types by extension: ours, never guessed from the content (responses also say nosniff).
CONTENT_TYPES = {
    "html": "text/html", "htm": "text/html", "xhtml": "application/xhtml+xml", "js": "text/javascript",
    "mjs": "text/javascript", "css": "text/css", "json": "application/json", "xml": "application/xml",
    "xsd": "application/xml", "txt": "text/plain", "vtt": "text/vtt", "svg": "image/svg+xml", "png": "image/png",
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "bmp": "image/bmp",
    "ico": "image/x-icon", "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject", "mp3": "audio/mpeg", "wav": "audio/wav", "ogg": "audio/ogg",
    "oga": "audio/ogg", "m4a": "audio/mp4", "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm",
    "ogv": "video/ogg", "pdf": "application/pdf",
}


def root() -> Path:
    return Path(current_app.instance_path) / "learning_scorm"


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(data: bytes, package: Package) -> tuple[str, bool]:
    """Unpack the checked ``package`` into its folder; returns (digest, whether the folder is new)."""
    digest = digest_of(data)
    target = root() / digest
    if target.is_dir():
        return digest, False
    incoming = root() / f".incoming-{secrets.token_hex(8)}"
    try:
        incoming.mkdir(parents=True)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for path, info in package.entries.items():
                destination = incoming.joinpath(*path.split("/"))
                destination.parent.mkdir(parents=True, exist_ok=True)
                try:
                    with archive.open(info) as source, open(destination, "xb") as out:
                        _copy(source, out, info.file_size, path)
                except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
                    raise refuse(_l("%(name)s is damaged or does not match what the zip says about it.",
                                    name=path[:200])) from None
        try:
            os.rename(incoming, target)
        except OSError:
            if not target.is_dir():
                raise
            shutil.rmtree(incoming, ignore_errors=True)  # the same zip, unpacked meanwhile by another upload
            return digest, False
    except OSError as error:
        shutil.rmtree(incoming, ignore_errors=True)
        raise refuse(_l("The package could not be unpacked (%(error)s).", error=error.strerror or str(error))) \
            from None
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise
    return digest, True


def _copy(source: io.BufferedIOBase, out: io.BufferedIOBase, declared: int, path: str) -> None:
    """Copy no more than the size the zip declared: a lying entry is a zip bomb, not a big file."""
    written = 0
    while chunk := source.read(CHUNK):
        written += len(chunk)
        if written > declared:
            raise refuse(_l("%(name)s is larger than the zip says: the package looks like a zip bomb.", name=path))
        out.write(chunk)


def remove(digest: str) -> None:
    """Undo ``store`` when the database refused the version that was to use the folder."""
    if _DIGEST.fullmatch(digest):
        shutil.rmtree(root() / digest, ignore_errors=True)


def file_path(digest: str, path: str) -> Path | None:
    """The stored file at exactly ``path`` in the package, or None (also for anything that is not a plain file
    inside the package folder)."""
    if not _DIGEST.fullmatch(digest or ""):
        return None
    parts = path.split("/")
    if not path or any(part in ("", ".", "..") or "\\" in part or "\x00" in part for part in parts):
        return None
    folder = root() / digest
    candidate = folder.joinpath(*parts)
    if candidate.is_symlink() or not candidate.is_file():
        return None
    if not candidate.resolve().is_relative_to(folder.resolve()):
        return None
    return candidate


def content_type(path: str) -> str:
    extension = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return CONTENT_TYPES.get(extension, "application/octet-stream")
