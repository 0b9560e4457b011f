"""Moving through a package: its table of contents (the manifest's items and groups, with the learner's status
of each), which items are locked by their prerequisites and why, and the previous and next item.

A SCORM 2004 package's contents follow its sequencing rules instead (``seq_operations.annotate``: what may not be
chosen now says why, what is hidden from choice is left out). One reading serves the lesson page (server-rendered,
so it works without JavaScript), its small JSON refresh,
and ``operations.launch``, which refuses a locked item: the rule is decided here only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from common.extensions import db
from common.i18n import gettext as _
from learning.models import Enrolment
from learning.scorm import prerequisites as rules
from learning.scorm import seq_operations
from learning.scorm.models import DONE_STATUSES, PackageVersion, Sco, ScoAttempt


@dataclass
class Entry:
    """A line of the contents: a group (``sco`` is None) or an item that launches."""

    identifier: str
    title: str
    depth: int
    sco: Sco | None
    status: str = "not attempted"
    reason: str = ""  # why the item is locked; empty when it may be launched
    children: list[Entry] = field(default_factory=list)
    nav: str = ""  # SCORM 2004 previous/next: the navigation request the link makes ("continue", "previous")

    @property
    def locked(self) -> bool:
        return bool(self.reason)

    @property
    def done(self) -> bool:
        return self.status in DONE_STATUSES


@dataclass
class Contents:
    tree: list[Entry]  # top-level entries, each with its children
    items: list[Entry]  # the entries that launch, in order

    def entry(self, sco: Sco) -> Entry:
        return next(e for e in self.items if e.sco is not None and e.sco.id == sco.id)

    def neighbours(self, sco: Sco) -> tuple[Entry | None, Entry | None]:
        index = self.items.index(self.entry(sco))
        return (self.items[index - 1] if index > 0 else None,
                self.items[index + 1] if index + 1 < len(self.items) else None)

    def prune(self, identifiers: set[str]) -> None:
        """Leave out the entries named (and what they hold): items a SCORM 2004 package hides from choice."""
        def keep(entries: list[Entry]) -> list[Entry]:
            kept = [e for e in entries if e.identifier not in identifiers]
            for entry in kept:
                entry.children = keep(entry.children)
            return kept
        self.tree[:] = keep(self.tree)
        self.items[:] = [e for e in self.items if e.identifier not in identifiers]

    def first_to_do(self) -> Entry:
        """Where a learner arriving at the lesson starts: the first item not yet done that is open to them."""
        return next((e for e in self.items if not e.done and not e.locked), None) or \
            next((e for e in self.items if not e.locked), self.items[0])


def statuses(enrolment: Enrolment | None, version: PackageVersion) -> dict[int, str]:
    """Each item's status for the learner: its latest attempt's, or "completed"/"passed" if any attempt was (a
    retake in progress does not lock again what depended on it)."""
    if enrolment is None:
        return {}
    rows = db.session.execute(select(ScoAttempt.sco_id, ScoAttempt.lesson_status).where(
        ScoAttempt.enrolment_id == enrolment.id, ScoAttempt.sco_id.in_([s.id for s in version.scos]))
        .order_by(ScoAttempt.number)).all()
    result: dict[int, str] = {}
    for sco_id, status in rows:
        if result.get(sco_id) not in DONE_STATUSES:
            result[sco_id] = status
    return result


def _outline(version: PackageVersion) -> list[dict[str, Any]]:
    return version.outline or [{"id": s.identifier, "title": s.title, "depth": 0, "launch": True}
                               for s in version.scos]


def contents(version: PackageVersion, enrolment: Enrolment | None) -> Contents:
    """The package's contents for the learner (an editor's preview: nothing is locked)."""
    by_identifier = {s.identifier: s for s in version.scos}
    status = statuses(enrolment, version)
    tree: list[Entry] = []
    items: list[Entry] = []
    stack: list[Entry] = []
    for line in _outline(version):
        sco = by_identifier.get(line["id"]) if line.get("launch") else None
        entry = Entry(line["id"], line["title"], int(line.get("depth", 0)), sco,
                      status.get(sco.id, "not attempted") if sco is not None else "")
        while stack and stack[-1].depth >= entry.depth:
            stack.pop()
        (stack[-1].children if stack else tree).append(entry)
        stack.append(entry)
        if sco is not None:
            items.append(entry)
    groups = {e.identifier: e for e in _walk(tree) if e.sco is None}
    for group in groups.values():
        launching = [e for e in _walk(group.children) if e.sco is not None]
        group.status = "completed" if launching and all(e.done for e in launching) else "not attempted"
    if version.standard == "2004":
        result = Contents(tree, items)
        seq_operations.annotate(result, version, enrolment)  # the package's sequencing rules, not prerequisites
        return result
    if enrolment is not None:
        state = {e.identifier: e.status for e in _walk(tree)}
        titles = {e.identifier: e.title for e in _walk(tree)}
        for entry in items:
            entry.reason = _reason(entry.sco.prerequisites, state, titles)
    return Contents(tree, items)


def _walk(entries: list[Entry]) -> list[Entry]:
    return [x for entry in entries for x in [entry, *_walk(entry.children)]]


def _reason(rule: str, state: dict[str, str], titles: dict[str, str]) -> str:
    try:
        node = rules.parse(rule)
    except rules.PrerequisiteError:
        return ""  # checked at import; a rule that cannot be read does not lock anyone out
    if rules.evaluate(node, lambda identifier: state.get(identifier, "not attempted")):
        return ""
    words = rules.describe(node, lambda identifier: titles.get(identifier, identifier))
    if node.kind == "id" or (node.kind == "set" and node.args[0] is None):
        return _("Locked: complete %(items)s first.", items=words)
    return _("Locked until this is met: %(rule)s.", rule=words)


def locked_reason(sco: Sco, enrolment: Enrolment) -> str:
    """Why the learner may not launch ``sco`` yet; empty when they may."""
    if not sco.prerequisites or sco.version.standard == "2004":
        return ""
    return contents(sco.version, enrolment).entry(sco).reason
