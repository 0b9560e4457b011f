"""The rows of the auditor's table, made in Python: they are most of the page's cost when made in Jinja.

The page lists fifty entries, each naming up to ``SHOWN_SUBJECTS`` people. In the template every row read a dozen
attributes, made half a dozen calls (the date, the names, the count of people) and escaped and gathered some
thirty pieces, which cost more than the rest of the page. Here each row is one string from ``_ROW``, with every
value escaped (a value repeated down the page, such as the reader's e-mail, an action's name or a person's link,
once per page). The empty table and everything around the rows stay in ``audit/index.html``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup, escape

from common.auditlog import describe
from common.auditlog.describe import Labels
from common.auditlog.queries import SHOWN_SUBJECTS, Subject, people_named
from common.i18n import gettext

# One entry's row, as ``audit/index.html`` wrote it (its whitespace included): when, who, action, object, summary,
# whose data, changes.
_ROW = ("\n    <tr>\n      <td>{}</td>\n      <td>{}</td>\n      <td><span class=\"tag\">{}</span> {}</td>\n"
        "      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n    </tr>\n  ")
_PERSON = '<a href="{}{}">{}</a> {}'  # the personal number links to the reads that showed the person
_MISSING = object()  # an item a change's value does not have (the template showed nothing for it)


def rows(entries: Iterable[Any], subjects: dict[int, list[Subject]], names: dict[tuple[str, str], str],
         labels: Labels, looked_at: str, english: bool) -> Markup:
    """The ``<tr>`` of each entry (``queries.LISTED`` rows, then the page's capped total) in the reader's language;
    ``looked_at`` is the address a personal number is appended to (the page filtered on the reads that showed that
    person)."""
    escaped: dict[Any, str] = {}

    def esc(value: Any) -> str:
        text = escaped.get(value)
        if text is None:
            text = escaped[value] = str(escape(value))
        return text

    as_recorded = Markup(gettext("As recorded (in English)"))
    more_text = Markup(gettext("and %(count)d more"))
    links: dict[Subject, str] = {}
    out = []
    for (event_id, created_at, kind, actor_email, ip, action, object_type, object_id, subject_employee_id,
         summary, changes, subject_count, _total) in entries:
        kind_name, action_name = labels.actions[(kind, action)]
        who = esc(actor_email or "—")
        if ip:
            who = f'{who}<br><span class="muted">{esc(ip)}</span>'
        if not summary:
            said = "—"
        elif english:
            said = esc(summary)
        else:
            said = f'<details><summary>{as_recorded}</summary><span lang="en">{esc(summary)}</span></details>'
        count = people_named(subject_count, subject_employee_id)
        if count:
            shown = []
            for subject in subjects.get(event_id, ()):
                link = links.get(subject)
                if link is None:
                    link = links[subject] = _PERSON.format(esc(looked_at), esc(subject.quoted),
                                                           esc(subject.personal_number), esc(subject.name))
                shown.append(link)
            people = "<br>".join(shown)
            if count > SHOWN_SUBJECTS:
                people += f'<br><span class="muted">{more_text % {"count": count - SHOWN_SUBJECTS}}</span>'
        else:
            people = "—"
        out.append(_ROW.format(created_at.strftime("%Y-%m-%d %H:%M:%S"), who, esc(kind_name), esc(action_name),
                               esc(_object(labels, names, object_type, object_id)), said, people,
                               _changes(changes, esc)))
    return Markup("".join(out))


def _changes(changes: Any, esc: Callable[[Any], str]) -> str:
    """The list of values changed, each as ``old → new`` (a value that is not a pair shows only as the new one)."""
    if not changes:
        return ""
    items = []
    for field, value in changes.items():
        pair = _is_sequence(value) and not isinstance(value, str)
        old = _label(field, _item(value, 0)) if pair else ""
        new = _label(field, _item(value, 1) if pair else value)
        items.append(f"<li><code>{esc(field)}</code>: {esc(old)} → {esc(new)}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _is_sequence(value: Any) -> bool:
    """Jinja's ``sequence`` test, which the template applied (to JSON values: only these errors can arise)."""
    try:
        len(value)
        value.__getitem__  # noqa: B018
    except (TypeError, AttributeError):
        return False
    return True


def _item(value: Any, index: int) -> Any:
    """``value[index]`` as Jinja read it: missing rather than an error."""
    try:
        return value[index]
    except (AttributeError, TypeError, LookupError):
        return _MISSING


def _label(field: str, value: Any) -> str:
    return "" if value is _MISSING else describe.value_label(field, value)


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
