"""A page of audit entries as the auditor's table shows them, worked out in Python before the template runs.

The page lists fifty entries, each naming up to ``SHOWN_SUBJECTS`` people. Done in the template, every row read a
dozen attributes, made half a dozen calls (the date, the names, the count of people) and escaped four values per
person, which cost more than the rest of the page. Here each row becomes one tuple of ready values that the
template unpacks, and each person's link is escaped once per page however many entries name them. The template
keeps the table's markup; only the person's link (a fixed pattern) is built here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from markupsafe import Markup

from common.auditlog.describe import Labels
from common.auditlog.queries import SHOWN_SUBJECTS, Subject, people_named

# As the template wrote it: the personal number links to the reads that showed the person, then the name.
_PERSON = Markup('<a href="{}{}">{}</a> {}')


class Entry(NamedTuple):
    """One row of the table; ``people`` is markup, everything else text the template escapes."""

    when: str
    who: str
    ip: str | None
    kind_name: str
    action_name: str
    obj: str  # the object cell: its type's name, then its name now or its id; "—" for none
    summary: str | None
    count: int  # people the entry names
    people: Markup  # the first ``SHOWN_SUBJECTS`` of them, one link each
    more: int  # how many more it names than are shown (0 for none)
    changes: Any


def entries(rows: Iterable[Any], subjects: dict[int, list[Subject]], names: dict[tuple[str, str], str],
            labels: Labels, looked_at: str) -> list[Entry]:
    """The rows (``queries.LISTED``) of a page as ``Entry`` tuples; ``looked_at`` is the address a personal number
    is appended to (the page filtered on the reads that showed that person)."""
    links: dict[Subject, Markup] = {}
    listed = []
    for (event_id, created_at, kind, actor_email, ip, action, object_type, object_id, subject_employee_id,
         summary, changes, subject_count) in rows:
        kind_name, action_name = labels.actions[(kind, action)]
        count = people_named(subject_count, subject_employee_id)
        people = Markup()
        if count:
            shown = []
            for subject in subjects.get(event_id, ()):
                link = links.get(subject)
                if link is None:
                    link = links[subject] = _PERSON.format(looked_at, subject.quoted, subject.personal_number,
                                                           subject.name)
                shown.append(link)
            people = Markup("<br>".join(shown))  # links already escaped: joined as they are
        listed.append(Entry(created_at.strftime("%Y-%m-%d %H:%M:%S"), actor_email or "—", ip, kind_name,
                            action_name, _object(labels, names, object_type, object_id), summary, count, people,
                            count - SHOWN_SUBJECTS if count > SHOWN_SUBJECTS else 0, changes))
    return listed


def _object(labels: Labels, names: dict[tuple[str, str], str], object_type: str | None,
            object_id: str | None) -> str:
    if not object_type:
        return "—"
    name = names.get((object_type, object_id))
    if name:
        return f"{labels.types[object_type]}: {name}"
    if object_id:
        return f"{labels.types[object_type]} №{object_id}"
    return labels.types[object_type]
