"""Small helpers shared by the model modules."""

from __future__ import annotations

from datetime import UTC, datetime

from common.i18n import get_locale


def utcnow() -> datetime:
    """A naive UTC timestamp: the same on SQLite (which keeps no zone) and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def reads_english() -> bool:
    """Whether the current request reads English (else Georgian): ``localized``'s choice, asked once by code that
    picks many names at a time (``pick``)."""
    try:
        locale = get_locale()
    except (RuntimeError, AttributeError):
        locale = None
    # ``locale.language`` rather than ``str(locale)``: pages call this for every name they show, and building the
    # full identifier each time was a measurable share of rendering a long list.
    return locale is not None and locale.language == "en"


def pick(ka: str | None, en: str | None, english: bool) -> str:
    """The English form when ``english`` (from ``reads_english``), else the Georgian one, falling back to the other."""
    return (en or ka or "") if english else (ka or en or "")


def localized(ka: str | None, en: str | None) -> str:
    """Pick the Georgian or English form for the current request, falling back to the other."""
    return pick(ka, en, reads_english())


class Named:
    """A column row's Georgian and English names (``name_ka``, ``name_en``), shown in the reader's language: the
    pages that read plain rows instead of entities (approval queue, HR cycle overview, compliance) name things the
    way the models' ``name`` does."""

    name_ka: str
    name_en: str

    @property
    def name(self) -> str:
        return localized(self.name_ka, self.name_en)
