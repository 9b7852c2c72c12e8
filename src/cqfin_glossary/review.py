"""The editor's in-memory entry list: search keys computed once, status filter, sort orders."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Entry
from .textnorm import fold, has_cjk, pinyin_key, syllables, to_simplified

SORTS = ("score", "frequency", "pinyin", "changed")
STATUSES = ("candidate", "approved", "rejected", "all")


@dataclass
class Row:
    """What the list shows of one entry, and the text its filter searches."""

    id: str
    zh: str
    en: str
    status: str
    frequency: int
    score: float
    changed: str
    hay: str


def make_row(entry: Entry) -> Row:
    # Only cheap folding here: OpenCC and pypinyin would cost seconds at 100k entries,
    # so Traditional queries are converted instead, and pinyin is filled in later.
    parts = [entry.id, *(t.term for t in entry.zh), *(t.hant for t in entry.zh if t.hant),
             *(t.term for t in entry.en)]
    mining = entry.mining
    return Row(entry.id, entry.headword, entry.english or "", entry.status.value,
               mining.frequency if mining else 0, mining.score if mining else 0.0,
               entry.changed or "", fold("\x00".join(parts)))


def entry_pinyin_key(entry: Entry) -> str:
    """Toneless pinyin of every Chinese term, joined so a query cannot span two terms."""
    return "|".join("".join(pinyin_key(s) for s in syllables(t.term)) for t in entry.zh)


class ReviewList:
    """Rows of a glossary in the current sort, narrowed by status and a filter query."""

    def __init__(self, entries: Iterable[Entry]):
        self.rows: list[Row] = [make_row(e) for e in entries]
        self.position = {row.id: i for i, row in enumerate(self.rows)}
        self.pinyin: list[str] = [""] * len(self.rows)
        self.pinyin_done = 0
        self.sort = "score"
        self._orders: dict[str, list[int]] = {}
        self._last: tuple[str, str, str, str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def pinyin_ready(self) -> bool:
        return self.pinyin_done >= len(self.rows)

    def fill_pinyin(self, entries: list[Entry], start: int) -> int:
        """Compute the pinyin keys of ``entries`` (rows ``start``...); returns the next start."""
        for offset, entry in enumerate(entries):
            self.pinyin[start + offset] = entry_pinyin_key(entry)
        self.pinyin_done = max(self.pinyin_done, start + len(entries))
        self._last = None
        if self.pinyin_ready:
            self._orders.pop("pinyin", None)
        return start + len(entries)

    def update(self, entry: Entry) -> None:
        """Take in an edited entry; sort orders that depend on what changed are dropped."""
        i = self.position.get(entry.id)
        if i is None:
            return
        old, new = self.rows[i], make_row(entry)
        self.rows[i] = new
        if self.pinyin_done > i:
            self.pinyin[i] = entry_pinyin_key(entry)
            self._orders.pop("pinyin", None)
        if (old.changed, old.score, old.frequency) != (new.changed, new.score, new.frequency):
            for key in ("changed", "score", "frequency"):
                self._orders.pop(key, None)
        self._last = None

    def order(self, sort: str) -> list[int]:
        """Row numbers in a sort order, computed once and kept until an edit moves a row."""
        if sort not in self._orders:
            rows = self.rows
            keys = {
                "score": lambda i: (-rows[i].score, -rows[i].frequency, rows[i].zh),
                "frequency": lambda i: (-rows[i].frequency, -rows[i].score, rows[i].zh),
                "pinyin": lambda i: (self.pinyin[i], rows[i].zh),
                # Newest change first; entries never changed go last.
                "changed": lambda i: (rows[i].changed == "", _negate(rows[i].changed)),
            }
            self._orders[sort] = sorted(range(len(rows)), key=keys[sort])
        return self._orders[sort]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            out[row.status] += 1
        out["all"] = len(self.rows)
        return out

    def select(self, query: str, status: str = "all", sort: str | None = None) -> list[int]:
        """Row numbers matching ``query`` and ``status``, in the sort order."""
        sort = sort or self.sort
        q = fold(query)
        if has_cjk(q):
            q = fold(to_simplified(q))
        pk = "" if has_cjk(q) else pinyin_key(q)
        base = self.order(sort)
        last = self._last
        # Typing one more character only narrows: search the previous result, not every row.
        if last and last[2:4] == (status, sort) and q.startswith(last[0]) and pk.startswith(last[1]):
            base = last[4]
        elif status != "all":
            rows = self.rows
            base = [i for i in base if rows[i].status == status]
        result = self._match(base, q, pk)
        self._last = (q, pk, status, sort, result)
        return result

    def _match(self, base: list[int], q: str, pk: str) -> list[int]:
        if not q:
            return list(base)
        rows, py = self.rows, self.pinyin
        if pk:
            return [i for i in base if q in rows[i].hay or pk in py[i]]
        return [i for i in base if q in rows[i].hay]


def _negate(stamp: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in stamp)
