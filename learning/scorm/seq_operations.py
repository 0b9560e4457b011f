"""SCORM 2004 sequencing against the database: the learner's tree read from their attempts and sequencing state,
what a lesson page delivers (start, resume after ``suspendAll``, continue, previous, a choice from the contents,
each refused with the reason when the package's rules say no), what happens when a SCO terminates (its attempt
ended or suspended, objective maps written, the navigation request or the post-condition rules processed), and the
lesson's completion when the root activity is completed and satisfied, through ``complete_lesson`` as for SCORM 1.2.

The decisions are ``learning.scorm.sequencing``'s; this module reads, stores and words them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from common.audit import log_action
from common.extensions import db
from common.i18n import gettext as _
from common.models.base import utcnow
from learning.models import Enrolment
from learning.operations.progress import complete_lesson
from learning.scorm import runtime2004
from learning.scorm.models import PackageVersion, Sco, ScoAttempt, SequencingState
from learning.scorm.sequencing import Decision, Leaf, Tree

PROGRESS = {"completed": "completed", "incomplete": "incomplete", "not attempted": "incomplete"}


def definition_of(sco: Sco) -> dict[str, Any]:
    """The activity definition of a SCO of a SCORM 2004 version (empty for SCORM 1.2)."""
    return ((sco.version.sequencing or {}).get("activities") or {}).get(sco.identifier, {})


def fixed_values(act: dict[str, Any]) -> dict[str, str]:
    """The LMS's values the statuses are evaluated with: completion threshold and scaled passing score."""
    found = {}
    if act.get("completionThreshold") is not None:
        found["cmi.completion_threshold"] = f"{act['completionThreshold']:g}"
    if act.get("passingScore") is not None:
        found["cmi.scaled_passing_score"] = f"{act['passingScore']:g}"
    return found


def _leaf(attempt: ScoAttempt, act: dict[str, Any]) -> Leaf:
    values = (attempt.cmi or {}) | fixed_values(act)
    scaled = values.get("cmi.score.scaled", "")
    objectives: dict[str, tuple[str, float | None]] = {}
    for key, identifier in values.items():
        match = re.fullmatch(r"(cmi\.objectives\.\d+)\.id", key)
        if match:
            score = values.get(f"{match.group(1)}.score.scaled", "")
            objectives[identifier] = (values.get(f"{match.group(1)}.success_status", "unknown"),
                                      float(score) if score else None)
    return Leaf(attempts=attempt.number,
                completion=PROGRESS.get(runtime2004.evaluated(values, "cmi.completion_status"), "unknown"),
                success=runtime2004.evaluated(values, "cmi.success_status"),
                measure=float(scaled) if scaled else None, open=not attempt.closed, objectives=objectives)


def state_for(enrolment: Enrolment, version: PackageVersion) -> SequencingState:
    state = db.session.execute(select(SequencingState).where(SequencingState.enrolment_id == enrolment.id,
                                                             SequencingState.version_id == version.id)
                               ).scalar_one_or_none()
    if state is None:
        state = SequencingState(enrolment_id=enrolment.id, version_id=version.id, objectives={})
        try:
            with db.session.begin_nested():
                db.session.add(state)
        except IntegrityError:  # created by another request at the same moment
            return state_for(enrolment, version)
    return state


def tree_for(version: PackageVersion, enrolment: Enrolment | None, state: SequencingState | None = None) -> Tree:
    """The learner's activity tree (an editor's preview: nothing attempted)."""
    leaves: dict[str, Leaf] = {}
    if enrolment is not None:
        by_id = {s.id: s for s in version.scos}
        rows = db.session.execute(select(ScoAttempt).where(ScoAttempt.enrolment_id == enrolment.id,
                                                           ScoAttempt.sco_id.in_(list(by_id)))
                                  .order_by(ScoAttempt.number)).scalars().all()
        activities = version.sequencing["activities"]
        for attempt in rows:  # the latest attempt of each SCO wins
            identifier = by_id[attempt.sco_id].identifier
            leaves[identifier] = _leaf(attempt, activities.get(identifier, {}))
    return Tree(version.sequencing, leaves, dict(state.objectives or {}) if state is not None else {})


def refusal(reason: str, title: str) -> str:
    """Why a navigation request was refused, in words for the learner."""
    texts = {
        "hidden": _("“%(title)s” cannot be chosen from the contents.", title=title),
        "no-choice": _("This lesson does not let you choose “%(title)s” from the contents: its parts are taken in "
                       "order.", title=title),
        "disabled": _("“%(title)s” is not available now.", title=title),
        "limit": _("You have used all your attempts at “%(title)s”.", title=title),
        "no-exit": _("Finish the part you are in before you leave it for “%(title)s”.", title=title),
        "forward-only": _("This lesson does not let you go back to “%(title)s”.", title=title),
        "no-flow": _("This lesson does not move on by itself here: choose the next part from the contents."),
    }
    return texts.get(reason, _("There is no part to open there."))


@dataclass
class Delivery:
    sco: Sco | None
    refused: str = ""  # the refusal, worded; the page shows it instead of the player
    ended: bool = False


def deliver(version: PackageVersion, enrolment: Enrolment | None, wanted: Sco | None, nav: str = "") -> Delivery:
    """The SCO the lesson page opens: ``nav`` continue/previous from the current activity, ``wanted`` as a choice
    (the activity the sequencer delivered already is simply opened again), or, with neither, the start of the
    session: the activity left by ``suspendAll``, else the current one, else the first by flow."""
    by_identifier = {s.identifier: s for s in version.scos}
    if enrolment is None:  # an editor's preview: any part, no rules
        return Delivery(wanted or (version.scos[0] if version.scos else None))
    state = state_for(enrolment, version)
    tree = tree_for(version, enrolment, state)
    current = state.current if state.current in tree.acts else ""
    if nav in ("continue", "previous") and current:
        decision = tree.flow(current, nav == "continue")
    elif wanted is not None and wanted.identifier in (current, state.suspended):
        reason = tree.blocked(wanted.identifier)
        decision = Decision(None, reason) if reason else Decision(wanted.identifier)
    elif wanted is not None:
        decision = tree.choice(wanted.identifier, current or None)
    elif state.suspended in tree.acts:
        decision = Decision(state.suspended)
    elif current and not tree.blocked(current):
        decision = Decision(current)
    else:
        decision = tree.start()
    if decision.target is None:
        target = wanted.identifier if wanted is not None else (current or tree.root)
        return Delivery(None, "" if decision.ended else refusal(decision.reason, tree.title(target)),
                        ended=decision.ended)
    state.suspended = ""  # resumed, or left for another part (whose suspended attempt resumes when it is chosen)
    state.current, state.ended, state.updated_at = decision.target, False, utcnow()
    return Delivery(by_identifier.get(decision.target))


def navigation_values(version: PackageVersion, enrolment: Enrolment | None, sco: Sco) -> dict[str, str]:
    """``adl.nav.request_valid.*`` for the SCO being launched: whether continue and previous would be accepted,
    and, for every other activity, a choice."""
    tree = tree_for(version, enrolment, state_for(enrolment, version) if enrolment is not None else None)
    values = {"adl.nav.request_valid.continue": "true" if tree.flow(sco.identifier, True).target or
              tree.flow(sco.identifier, True).ended else "false",
              "adl.nav.request_valid.previous": "true" if tree.flow(sco.identifier, False).target else "false"}
    for node in tree.order[1:]:
        values[f"adl.nav.request_valid.choice.{{target={node}}}"] = \
            "false" if tree.choice_refusal(node, sco.identifier) else "true"
    return values


def annotate(contents: Any, version: PackageVersion, enrolment: Enrolment | None) -> None:
    """The lesson's contents under the package's rules: an item the learner may not choose now says why, and an
    item hidden from choice is left out."""
    if enrolment is None:
        return
    state = state_for(enrolment, version)
    tree = tree_for(version, enrolment, state)
    current = state.current if state.current in tree.acts else None
    hidden = {node for node in tree.order[1:] if tree.hidden(node)}
    for entry in contents.items:
        if entry.identifier in tree.acts and entry.identifier != current:
            reason = tree.choice_refusal(entry.identifier, current)
            entry.reason = refusal(reason, entry.title) if reason else ""
    contents.prune(hidden)


def flow_neighbours(version: PackageVersion, enrolment: Enrolment | None, sco: Sco) -> tuple[Sco | None, Sco | None]:
    """Where previous and continue lead from ``sco`` (None where the package does not allow it)."""
    by_identifier = {s.identifier: s for s in version.scos}
    tree = tree_for(version, enrolment, state_for(enrolment, version) if enrolment is not None else None)
    return (by_identifier.get(tree.flow(sco.identifier, False).target or ""),
            by_identifier.get(tree.flow(sco.identifier, True).target or ""))


def moved_to(version: PackageVersion, enrolment: Enrolment | None, sco: Sco) -> Any:
    """The activity the sequencer delivers next, when a navigation request or a post-condition rule moved it away
    from ``sco`` (an ``Entry`` the contents' script can follow), else None."""
    if enrolment is None:
        return None
    state = state_for(enrolment, version)
    target = next((s for s in version.scos if s.identifier == state.current), None)
    if target is None or target.id == sco.id:
        return None
    return SimpleNamespace(sco=target, title=target.title)


# --- The end of a SCO's session --------------------------------------------------------------------------------

def end_session(attempt: ScoAttempt, values: dict[str, str], kind: str, gap: bool, *, first: bool, now: datetime,
                actor: Any) -> str:
    """Terminate, or the page closing without it: the session's time, the statuses as the LMS evaluates them, the
    attempt ended (a new attempt at the next delivery) unless suspended; what the content left unknown counts as
    completed and satisfied when the package leaves it to the LMS. Returns the navigation request."""
    act = definition_of(attempt.sco)
    fixed = fixed_values(act)
    merged = values | fixed
    finished = kind == "finish" and not gap
    end = runtime2004.end_session(merged, attempt.total_time, finished=finished)
    values.clear()
    values.update({k: v for k, v in merged.items() if k not in fixed})
    completion, success = end.completion, end.success
    suspended = end.exit == "suspend" or end.request == "suspendAll"
    if gap:
        completion, success = "incomplete", "unknown"
    elif finished and not suspended:
        if completion in ("unknown", "not attempted") and not act.get("completionByContent"):
            completion = "completed"
        if success == "unknown" and not act.get("objectiveByContent") and completion == "completed":
            success = "passed"
    values["cmi.completion_status"], values["cmi.success_status"] = completion, success
    if first:
        attempt.total_time, attempt.sessions = end.total_time, attempt.sessions + 1
    attempt.entry = "resume" if suspended else ""
    attempt.exit_mode, attempt.finished_at = end.exit, now
    attempt.closed = finished and not suspended
    missing = " with values missing: recorded as incomplete" if gap else ""
    log_action("learning", "end_scorm_session", attempt, f"SCO {attempt.sco.identifier}, attempt {attempt.number}: "
               f"session ended ({kind}){missing}, completion {completion}, success {success}, score "
               f"{values.get('cmi.score.scaled') or '-'}, exit {end.exit or '-'}, request {end.request}",
               actor=actor, subject_employee_id=attempt.enrolment.employee_id)
    if finished and end.request == "_none_" and end.exit in ("logout", "time-out"):
        return "exitAll"  # RTE 4.2.8: the learner logged out, or the time ran out: the whole session ends
    return end.request if finished else "_none_"


def summarise(attempt: ScoAttempt, values: dict[str, str]) -> None:
    """The attempt's columns other pages read, in the words they know."""
    act = definition_of(attempt.sco)
    merged = values | fixed_values(act)
    attempt.lesson_status = runtime2004.summary_status(runtime2004.evaluated(merged, "cmi.completion_status"),
                                                       runtime2004.evaluated(merged, "cmi.success_status"))
    for column, key in (("score_raw", "cmi.score.raw"), ("score_min", "cmi.score.min"),
                        ("score_max", "cmi.score.max")):
        setattr(attempt, column, float(values[key]) if values.get(key, "") != "" else None)


def after_session(attempt: ScoAttempt, request: str, *, actor: Any, now: datetime) -> None:
    """The sequencer's turn after a SCO's session ended: objective maps written, ``suspendAll`` kept for the next
    visit, otherwise the exit and post-condition rules and the request decide the current activity; then the
    lesson is completed if the root activity is completed and satisfied."""
    version, enrolment = attempt.sco.version, attempt.enrolment
    state = state_for(enrolment, version)
    tree = tree_for(version, enrolment, state)
    state.objectives = tree.written_objectives()
    tree = tree_for(version, enrolment, state)
    leaf = attempt.sco.identifier
    if request == "suspendAll":
        state.suspended, state.current = leaf, leaf
    elif attempt.closed or request != "_none_":  # a suspended SCO may still ask to go on
        decision = tree.after_exit(leaf, request, rules=attempt.closed)
        if decision.ended:
            state.current, state.ended, state.suspended = "", True, ""
        elif decision.target:
            state.current = decision.target
    state.updated_at = now
    root = tree.track[tree.root]
    if root.progress == "completed" and root.satisfied is True:
        complete_lesson(enrolment, version.lesson, source="scorm", actor=actor, now=now,
                        score=round(max(0.0, root.measure) * 100, 1) if root.measure is not None else None)


def record_asset_values() -> dict[str, str]:
    """An asset's attempt: launched is completed and satisfied (it has no run-time API to say otherwise)."""
    return {"cmi.completion_status": "completed", "cmi.success_status": "passed"}
