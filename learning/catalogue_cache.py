"""The catalogue's course cards, rendered once per course version and language and kept until the course changes.

A card (title, summary, category, level, language, duration, CPD hours, provider, competencies) is the same for
every reader, and a course changes a few times a year while the catalogue is read all day: loading 25 courses with
their competencies and provider and rendering their cards was most of the page's CPU. Each card's HTML is kept in
``common.cache`` under its course's version (``VERSIONS``), raised by any write to the course (its columns, its
competencies, publishing and withdrawing) at the flush and again when the transaction ends, so the next request
after an edit shows it. A write to a competency or an org unit (a provider's name), which cannot say which
cards show it, retires every card, as does a directory import (``employees_changed``). Which courses a page lists
is never cached: ``catalogue_list`` asks the database at every request, so a course withdrawn from the catalogue
leaves it at once, whatever cards are kept.

Nothing of the reader is in a card: their status in the course is added beside it by the page
(``catalogue.html``). A card holds text in the reader's language and a link, so the language and the
application's root are part of its key.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from common import cache, signals
from common.cache_events import KeyedVersions, retire_on_writes
from common.extensions import db
from common.i18n import get_locale
from common.models import Competency, OrgUnit
from learning.models import Course

NAMESPACE = "learning-catalogue"
WATCHED = (Course, Competency, OrgUnit)
# The course filter's options: every published course's title, so any course write retires them.
COURSE_OPTIONS = "learning-course-options"


def _courses_written(_session: Session, objects: list[Any]) -> set[int] | None:
    """The courses whose cards the flushed ``objects`` change; ``None`` (all of them) for a competency or a unit."""
    if any(not isinstance(obj, Course) for obj in objects):
        return None
    return {obj.id for obj in objects}


VERSIONS = KeyedVersions(NAMESPACE, "course", WATCHED, _courses_written, bulk_retires=WATCHED)


def course_cards(course_ids: list[int]) -> dict[int, Markup]:
    """Each course's card, by id: one round trip for the versions and cards; for the cards missing, their courses
    with their providers and competencies in two more statements."""
    where = f"{get_locale()}:{request.script_root}"
    keys = {f"card:{course_id}:{where}": course_id for course_id in course_ids}

    def compute(missing: list[str]) -> dict[str, str]:
        wanted = [keys[key] for key in missing]
        courses = {course.id: course for course in db.session.execute(
            select(Course).where(Course.id.in_(wanted))
            .options(joinedload(Course.provider_unit), selectinload(Course.competencies))).scalars()}
        card = _card_macro()
        return {key: str(card(courses[keys[key]])) for key in missing if keys[key] in courses}

    found = cache.cached_many(NAMESPACE, list(keys), compute, depends=[VERSIONS.name(i) for i in keys.values()])
    return {keys[key]: Markup(text) for key, text in found.items()}


def course_options(selected: int | None) -> Markup:
    """The ``<option>``s of a filter by published course (id and title, in code order), ``selected`` marked.

    At national scale that is 300 courses: reading, localising and rendering them was a third of the compliance
    page. They are kept rendered per language until a course is written (``COURSE_OPTIONS``); the selected one is
    marked in the kept text (ids are numbers, so the marker cannot be confused with a title)."""
    from learning.queries import published_course_titles

    def compute() -> str:
        return "".join(f'<option value="{course.id}">{escape(course.title)}</option>'
                       for course in published_course_titles())

    text = cache.cached(COURSE_OPTIONS, f"options:{get_locale()}", compute)
    if selected:
        text = text.replace(f'<option value="{int(selected)}">', f'<option value="{int(selected)}" selected>', 1)
    return Markup(text)


def _card_macro() -> Any:
    """The ``course_card`` macro with the page's context (the blueprint's labels), which a bare macro lacks."""
    context: dict[str, Any] = {}
    current_app.update_template_context(context)
    return current_app.jinja_env.get_template("learning/_course_card.html").make_module(context).course_card


def _directory_changed(_sender: Any, **_extra: Any) -> None:
    cache.bump(NAMESPACE)


def connect() -> None:
    """Listen once per process (the listeners are module functions, so connecting twice is harmless)."""
    VERSIONS.connect()
    retire_on_writes(COURSE_OPTIONS, Course)
    signals.employees_changed.connect(_directory_changed)
