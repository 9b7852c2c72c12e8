"""The editor's in-memory entry list: search keys computed once, status filter, sort orders."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .model import Entry
from .textnorm import fold, has_cjk, pinyin_key, syllables, to_simplified

SORTS = ("score", "frequency", "pinyin", "changed")
STATUSES = ("candidate", "approved", "rejected", "all")


def _fold_fast(text: str) -> str:
    # Plain ASCII (most English) needs no NFKC; this halves the cost at 100k entries.
    if text.isascii():
        return " ".join(text.lower().split())
    return fold(text)


def search_keys(entry: Entry) -> tuple[str, str]:
    """(Chinese key, Latin key): Chinese terms and Traditional overrides; id and English.

    Only cheap folding here: OpenCC and pypinyin would cost seconds at 100k entries,
    so a Traditional query is converted instead, and pinyin is added later.
    """
    zh = entry.zh
    chinese = "\x00".join([t.term for t in zh] + [t.hant for t in zh if t.hant])
    # ASCII "Chinese" terms (33618, 5G) are searched with the Latin key.
    latin = "\x00".join([entry.id] + [t.term for t in entry.en] + [t.term for t in zh if t.term.isascii()])
    return unicodedata.normalize("NFKC", chinese).casefold(), _fold_fast(latin)


@lru_cache(maxsize=1)
def _single_readings() -> dict[int, str]:
    """Toneless pinyin of every character that has exactly one reading."""
    from pypinyin.pinyin_dict import pinyin_dict

    return {code: pinyin_key(value) for code, value in pinyin_dict.items() if "," not in value}


def entry_pinyin_key(entry: Entry) -> str:
    """Toneless pinyin of every Chinese term, joined so a query cannot span two terms."""
    single = _single_readings()
    keys = []
    for term in entry.zh:
        parts = [single.get(ord(c)) for c in term.term]
        if all(parts):
            keys.append("".join(parts))  # type: ignore[arg-type]
        else:  # a character with several readings: let pypinyin's phrases decide (重庆 chong)
            keys.append("".join(pinyin_key(s) for s in syllables(term.term)))
    return "|".join(keys)


def _sort_key(sort: str, entries: list[Entry], pinyin: list[str]) -> Callable[[int], Any]:
    def score(i: int) -> tuple[float, int, str]:
        m = entries[i].mining
        return (-m.score, -m.frequency, entries[i].headword) if m else (0.0, 0, entries[i].headword)

    def frequency(i: int) -> tuple[int, float, str]:
        m = entries[i].mining
        return (-m.frequency, -m.score, entries[i].headword) if m else (0, 0.0, entries[i].headword)

    def changed(i: int) -> str:
        return entries[i].changed or ""

    return {"score": score, "frequency": frequency, "changed": changed,
            "pinyin": lambda i: (pinyin[i], entries[i].headword)}[sort]


class ReviewList:
    """Entries in the current sort, narrowed by status and a filter query."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.position = {e.id: i for i, e in enumerate(entries)}
        keys = [search_keys(e) for e in entries]
        self.zh_keys = [k[0] for k in keys]
        self.latin_keys = [k[1] for k in keys]
        self.statuses = [e.status.value for e in entries]
        self.pinyin: list[str] = [""] * len(entries)
        self.pinyin_done = 0
        self.sort = "score"
        self._orders: dict[str, list[int]] = {}
        self._counts: dict[str, int] | None = None
        self._last: tuple[str, str, str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def pinyin_ready(self) -> bool:
        return self.pinyin_done >= len(self.entries)

    def fill_pinyin(self, start: int, stop: int) -> int:
        """Add pinyin to the Latin keys of entries ``start:stop``; returns where to go on."""
        stop = min(stop, len(self.entries))
        for i in range(start, stop):
            self.pinyin[i] = entry_pinyin_key(self.entries[i])
            self.latin_keys[i] += "\x01" + self.pinyin[i]
        self.pinyin_done = max(self.pinyin_done, stop)
        self._last = None
        if self.pinyin_ready:
            self._orders.pop("pinyin", None)
        return stop

    def update(self, entry: Entry) -> None:
        """Take in an edited entry (or one another writer changed) at its place."""
        i = self.position.get(entry.id)
        if i is None:
            return
        self.entries[i] = entry
        self.zh_keys[i], self.latin_keys[i] = search_keys(entry)
        if self.pinyin_done > i:
            self.pinyin[i] = entry_pinyin_key(entry)
            self.latin_keys[i] += "\x01" + self.pinyin[i]
        self.statuses[i] = entry.status.value
        # An edit stamps 'changed'; score and frequency only change by mining (a rebuild).
        for sort in ("changed", "pinyin"):
            self._orders.pop(sort, None)
        self._counts = None
        self._last = None

    def order(self, sort: str) -> list[int]:
        """Entry numbers in a sort order, computed once and kept until an edit moves one."""
        if sort not in self._orders:
            key = _sort_key(sort, self.entries, self.pinyin)
            # Newest change first, never-changed entries last.
            self._orders[sort] = sorted(range(len(self.entries)), key=key,
                                        reverse=sort == "changed")
        return self._orders[sort]

    def counts(self) -> dict[str, int]:
        if self._counts is None:
            out = dict.fromkeys(STATUSES, 0)
            for status in self.statuses:
                out[status] += 1
            out["all"] = len(self.entries)
            self._counts = out
        return dict(self._counts)

    def select(self, query: str, status: str = "all", sort: str | None = None) -> list[int]:
        """Entry numbers matching ``query`` and ``status``, in the sort order."""
        sort = sort or self.sort
        q = fold(query)
        if has_cjk(q):
            q = fold(to_simplified(q))
        base = self.order(sort)
        last = self._last
        # Typing one more character only narrows: search the previous result, not every entry.
        if (last and last[1:3] == (status, sort) and last[0] and q.startswith(last[0])
                and has_cjk(q) == has_cjk(last[0])):
            base = last[3]
        elif status != "all":
            statuses = self.statuses
            base = [i for i in base if statuses[i] == status]
        result = self._match(base, q)
        self._last = (q, status, sort, result)
        return result

    def _match(self, base: list[int], q: str) -> list[int]:
        if not q:
            return list(base)
        if has_cjk(q):
            zh = self.zh_keys
            return [i for i in base if q in zh[i]]
        latin, pk = self.latin_keys, pinyin_key(q)
        if pk and pk != q:  # 'jin dun' also as 'jindun'; digits and ids as typed
            return [i for i in base if q in latin[i] or pk in latin[i]]
        return [i for i in base if q in latin[i]]
