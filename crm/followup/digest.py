"""Folding a person's logged touches into digests: the few maxima and counts the cadence reads.

`crm.store.plans` computes the same figures in SQL; `digest` is the Python fold, for histories given
as touches (tests, small callers) and as the reference the SQL is checked against.

A logged "note" is the user's own memo, not a touch: it is neither a message sent (it does not
count as a follow-up, restart the check-in clock or hold the next note back for spacing) nor one
received (it needs no reply). `digest` leaves `NOT_TOUCHES` out, and so must the SQL in `crm.store.plans`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterable, Mapping, NamedTuple

# Talking live is contact, but it needs no written answer.
LIVE_KINDS = frozenset({"interview", "call", "meeting"})
# Logged kinds that are not contact at all, whatever their direction.
NOT_TOUCHES = frozenset({"note"})


class Touch(NamedTuple):
    """One logged interaction: `direction` "out" (we wrote) or "in" (they did).

    A named tuple rather than a dataclass: a history holds hundreds of thousands, built in one go.
    """

    person_id: int
    application_id: int | None
    at: dt.datetime
    kind: str
    direction: str = "out"

    @property
    def day(self) -> dt.date:
        """The calendar day of the touch."""
        return self.at.date()


class Digest(NamedTuple):
    """All the rules read from one person's touches about one application (or about none)."""

    last_out: dt.datetime | None = None  # our latest message
    last_in: dt.datetime | None = None  # their latest touch of any kind
    written: dt.datetime | None = None  # their latest message that wants a written answer
    thanked: dt.datetime | None = None  # our latest thank-you
    checkins: tuple[dt.datetime, ...] = ()  # our check-ins (those before `last_in` may be left out)


# person -> application id (None: about no application) -> digest
Digests = Mapping[int, Mapping[int | None, Digest]]


def _later(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    return b if a is None or (b is not None and b > a) else a


def digest(touches: Iterable[Touch]) -> dict[int, dict[int | None, Digest]]:
    """Fold touches into digests in one pass: the same figures the store aggregates in SQL."""
    found: dict[int, dict[int | None, Digest]] = defaultdict(dict)
    for t in touches:
        if t.kind in NOT_TOUCHES:
            continue
        d = found[t.person_id].get(t.application_id) or Digest()
        if t.direction == "out":
            d = d._replace(last_out=_later(d.last_out, t.at),
                           thanked=_later(d.thanked, t.at) if t.kind == "thank-you" else d.thanked,
                           checkins=d.checkins + (t.at,) if t.kind == "check-in" else d.checkins)
        else:
            d = d._replace(last_in=_later(d.last_in, t.at),
                           written=d.written if t.kind in LIVE_KINDS else _later(d.written, t.at))
        found[t.person_id][t.application_id] = d
    return dict(found)
