"""The approval queue's rows, rendered once per group and kept until the group's indicator's data changes.

A queue page reviews 20 groups (indicator × period × org unit): every cell of each against its last eight periods,
a few thousand values compared, then 20 rows of figures and flags rendered, about 45 ms of the page's 50 ms of CPU,
though a row only changes when a value, target or the indicator itself is written. Each row's HTML is therefore
kept in ``common.cache`` under the indicator's version of ``progress_cache`` (bumped by any write to its values,
targets or definition, at the flush and again when the transaction ends; a COPY import says so itself). What the
row shows from the page's own query (names, the number of values, when they were submitted) is part of the row's
key as a digest, so a renamed org unit or a new submission names another entry. The first view after an approval,
return or submission reviews again only the groups of the indicators written.

A row is the same for every approver: the view lists only groups in the approver's scope before asking here. The
row holds text in the reader's language and a link, so the language and the application's root are in the key.
``decide`` and the values page still read the full review (``review.group_review``), never a cached row.
"""

from __future__ import annotations

from hashlib import blake2b

from flask import get_template_attribute, request
from markupsafe import Markup
from sqlalchemy import select

from common import cache
from common.extensions import db
from common.i18n import get_locale
from monitoring import progress_cache
from monitoring.models import Indicator
from monitoring.queue import QueueItem
from monitoring.review import group_reviews


def queue_rows(items: list[QueueItem]) -> list[Markup]:
    """Each item's table row, in order: one round trip for the versions and rows; for the rows missing, their
    indicators, values, targets and evidence in four more queries."""
    where = f"{get_locale()}:{request.script_root}"
    by_key = {f"row:{item.token}:{_digest(item, where)}": item for item in items}

    def compute(missing: list[str]) -> dict[str, str]:
        wanted = {by_key[key].indicator.id for key in missing}
        indicators = {i.id: i for i in db.session.execute(select(Indicator).where(Indicator.id.in_(wanted))).scalars()}
        reviews = group_reviews([(indicators[item.indicator.id], item.period, item.unit.id)
                                 for item in map(by_key.__getitem__, missing)])
        row = get_template_attribute("monitoring/_queue_row.html", "queue_row")
        return {key: str(row(by_key[key], reviews[by_key[key].token])) for key in missing}

    keys = list(by_key)
    found = cache.cached_many(progress_cache.NAMESPACE, keys, compute,
                              depends=[progress_cache.VERSIONS.name(by_key[key].indicator.id) for key in keys])
    return [Markup(found[key]) for key in keys]


def _digest(item: QueueItem, where: str) -> str:
    """What the row shows from the page's query (and its language and root), in 16 characters."""
    return blake2b(f"{item!r}|{where}".encode(), digest_size=8).hexdigest()

