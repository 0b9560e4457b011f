"""Checking the audit log's hash chain, and writing anchors of its head.

The chain makes every entry depend on all the entries before it; what it cannot show by itself
is a tail cut off cleanly. Anchors (count, head hash, time) written regularly, to a table the
runtime role may only append to and on paper by the operator, show that too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.audit import locked_head
from common.models.audit import GENESIS_HASH, HASHED_FIELDS, AuditAnchor, AuditEvent, entry_digest

CHUNK = 2000


@dataclass
class ChainReport:
    """What ``verify_chain`` found: the head of the chain, or the first place where it breaks."""

    count: int
    head_hash: str
    head_at: datetime | None
    problem: str | None = None
    broken_seq: int | None = None
    broken_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass
class _Expectation:
    count: int
    head_hash: str
    source: str  # what to call it in a message


def _expectations(session: Session, expect: tuple[int, str] | None) -> dict[int, list[_Expectation]]:
    """The anchors in the table, plus the one the operator kept (``expect``), by entry count."""
    by_count: dict[int, list[_Expectation]] = {}
    for anchor in session.execute(select(AuditAnchor).order_by(AuditAnchor.id)).scalars():
        when = anchor.created_at.isoformat(sep=" ", timespec="seconds")
        by_count.setdefault(anchor.entry_count, []).append(
            _Expectation(anchor.entry_count, anchor.head_hash, f"the anchor written at {when}"))
    if expect is not None:
        by_count.setdefault(expect[0], []).append(_Expectation(expect[0], expect[1], "the head you gave"))
    return by_count


def verify_chain(session: Session, expect: tuple[int, str] | None = None) -> ChainReport:
    """Recompute the whole chain, oldest first, and stop at the first entry that breaks it.

    A changed entry no longer matches its own hash; a removed one leaves a gap in ``seq`` and a
    following entry whose previous hash is wrong; an inserted one cannot take a ``seq`` of its
    own without renumbering (and so changing) the entries after it; a cut tail is shorter than
    an anchor; a stored count of people that differs from the hashed list they are counted from was
    rewritten. ``expect`` is ``(count, head_hash)`` from an earlier run kept by the operator.
    """
    expected = _expectations(session, expect)
    columns = [AuditEvent.id, AuditEvent.prev_hash, AuditEvent.entry_hash, AuditEvent.subject_count,
               *(getattr(AuditEvent, name) for name in HASHED_FIELDS if name != "seq")]
    seq, head, head_at = 0, GENESIS_HASH, None
    while True:
        rows = session.execute(select(AuditEvent.seq, *columns).where(AuditEvent.seq > seq)
                               .order_by(AuditEvent.seq).limit(CHUNK)).mappings().all()
        if not rows:
            break
        for row in rows:
            where = f"entry #{row['seq']} (id {row['id']})"
            if row["seq"] != seq + 1:
                return ChainReport(seq, head, head_at, f"Entries #{seq + 1} to #{row['seq'] - 1} are missing: "
                                   f"the log jumps from #{seq} to {where}. Rows were removed.", seq + 1, row["id"])
            if row["prev_hash"] != head:
                return ChainReport(seq, head, head_at, f"{where} does not follow entry #{seq}: its previous hash "
                                   "differs. A row was inserted, removed or replaced here.", row["seq"], row["id"])
            if entry_digest(dict(row), head) != row["entry_hash"]:
                return ChainReport(seq, head, head_at, f"{where} was changed after it was written: its content "
                                   "no longer matches its hash.", row["seq"], row["id"])
            if row["subject_count"] != _count(row["subject_ids"]):
                return ChainReport(seq, head, head_at, f"{where} was changed after it was written: it counts "
                                   f"{row['subject_count']} people but names {_count(row['subject_ids'])}.",
                                   row["seq"], row["id"])
            seq, head, head_at = row["seq"], row["entry_hash"], row["created_at"]
            for mark in expected.get(seq, ()):
                if mark.head_hash != head:
                    return ChainReport(seq, head, head_at, f"{where} differs from {mark.source}: the log was "
                                       "rewritten up to here.", seq, row["id"])
    longest = max(expected, default=0)
    if longest > seq:
        mark = expected[longest][0]
        return ChainReport(seq, head, head_at, f"The log ends at entry #{seq}, but {mark.source} counted "
                           f"{longest} entries: entries #{seq + 1} to #{longest} were removed.", seq + 1, None)
    return ChainReport(seq, head, head_at)


def _count(subject_ids: object) -> int | None:
    """What ``subject_count`` must hold for this (hashed) list of people: the count is outside the hash, so it is
    checked against the list it summarises."""
    return len(subject_ids) if isinstance(subject_ids, list) else None


def write_anchor(session: Session, source: str = "verify") -> AuditAnchor | None:
    """Record the current head of the chain (nothing for an empty log). The caller commits."""
    count, head = locked_head(session)
    if count == 0:
        return None
    head_at = session.execute(select(AuditEvent.created_at).where(AuditEvent.seq == count)).scalar_one()
    anchor = AuditAnchor(entry_count=count, head_hash=head, head_at=head_at, source=source)
    session.add(anchor)
    session.flush()
    return anchor
