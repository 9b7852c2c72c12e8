"""The editor's in-memory entry list: search keys computed once, status filter, sort orders.

Built for 100,000 entries: the first paint needs only statuses and one sort
order; search keys and pinyin are filled in afterwards (a worker calls
``fill``); a filter finds the first screenful of matches at C speed over one
joined string per sort order, and the rest only when asked.
"""

from __future__ import annotations

import heapq
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, islice

from .model import Entry
from .textnorm import fold, has_cjk, pinyin_key, syllables, to_simplified

SORTS = ("score", "frequency", "pinyin", "changed")
STATUSES = ("candidate", "approved", "rejected", "all")
NARROW_MAX = 2_000  # below this many previous matches, re-checking them beats a new scan
REBUILD_AFTER = 500  # edited entries searched one by one before the joined text is rebuilt


def _fold_fast(text: str) -> str:
    # Plain ASCII (most English) needs no NFKC; this halves the cost at 100k entries.
    if text.isascii():
        return " ".join(text.lower().split())
    return fold(text)


def search_keys(entry: Entry) -> tuple[str, str]:
    """(Chinese key, Latin key): Chinese terms and Traditional overrides; id and English.

    Only cheap folding here: OpenCC would cost seconds at 100k entries, so a
    Traditional query is converted to Simplified instead.
    """
    zh = entry.zh
    chinese = "\x00".join([t.term for t in zh] + [t.hant for t in zh if t.hant])
    # ASCII "Chinese" terms (33618, 5G) are searched with the Latin key.
    latin = "\x00".join([entry.id] + [t.term for t in entry.en]
                        + [t.term for t in zh if t.term.isascii()])
    chinese = " ".join(unicodedata.normalize("NFKC", chinese).casefold().split())
    return chinese, _fold_fast(latin)


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
        else:  # a character with several readings: pypinyin's phrases decide (重庆 chong)
            keys.append("".join(pinyin_key(s) for s in syllables(term.term)))
    return "|".join(keys)


class _Haystack:
    """The keys of every entry, one per line in a sort order, searched with str.find."""

    def __init__(self, keys: list[str], order: list[int]):
        lines = [keys[i] for i in order]
        self.text = "\n".join(lines)
        self.starts = [0, *accumulate(len(line) + 1 for line in lines)]
        self.order = order
        self.rank = [0] * len(order)
        for line, i in enumerate(order):
            self.rank[i] = line
        self.edited: set[int] = set()  # entries whose key changed since the text was built

    def lines(self, needle: str) -> Iterator[int]:
        """Line numbers (sort positions) whose key holds ``needle``, in order."""
        find, starts, edited, order = self.text.find, self.starts, self.edited, self.order
        pos = 0
        while True:
            hit = find(needle, pos)
            if hit < 0:
                return
            line = bisect_right(starts, hit) - 1
            if order[line] not in edited:
                yield line
            pos = starts[line + 1]


class ReviewList:
    """Entries in the current sort, narrowed by status and a filter query."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.position = {e.id: i for i, e in enumerate(entries)}
        self.statuses = [e.status.value for e in entries]
        self.zh_keys: list[str] = [""] * len(entries)
        self.latin_keys: list[str] = [""] * len(entries)
        self.pinyin: list[str] = [""] * len(entries)
        self.keys_done = self.pinyin_done = 0
        self.sort = "score"
        self._lock = threading.Lock()  # fill() runs in a worker while the app filters
        self._orders: dict[str, list[int]] = {}
        self._hay: dict[tuple[str, str], _Haystack] = {}
        self._counts: dict[str, int] | None = None
        self._last: tuple[str, str, str, list[int]] | None = None
        self._pending: tuple[str, str, str, Iterator[int], list[int]] | None = None
        self._by_term: dict[str, list[int]] | None = None  # Chinese term -> entries (related)
        self._zh_of: list[list[str]] = []
        self.hidden: set[int] = set()  # entries a view toggle leaves out (hide shorter)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def pinyin_ready(self) -> bool:
        return self.pinyin_done >= len(self.entries)

    def fill(self, size: int = 2000) -> bool:
        """Compute the next ``size`` search keys, then pinyin; False once all are done."""
        n = len(self.entries)
        if self.keys_done < n:
            with self._lock:
                stop = min(n, self.keys_done + size)
                for i in range(self.keys_done, stop):
                    self.zh_keys[i], self.latin_keys[i] = search_keys(self.entries[i])
                self.keys_done = stop
            if stop == n:
                self.prepare()  # so that the first keystroke does not pay for it
                if self._by_term is None:
                    self._build_terms()  # nor the first entry shown, for 'inside it'
            return True
        if self.pinyin_done < n:
            with self._lock:
                stop = min(n, self.pinyin_done + size)
                for i in range(self.pinyin_done, stop):
                    self.pinyin[i] = entry_pinyin_key(self.entries[i])
                    self.latin_keys[i] += "\x01" + self.pinyin[i]
                self.pinyin_done = stop
            if stop == n:  # pinyin is now searchable and sortable everywhere
                self._orders.pop("pinyin", None)
                with self._lock:
                    self._hay = {k: v for k, v in self._hay.items() if k[0] == "zh"}
                self._last = None
                self.prepare()
            return True
        return False

    def prepare(self) -> None:
        """Build the joined search texts of the current sort order ahead of the first query."""
        for kind, keys in (("zh", self.zh_keys), ("latin", self.latin_keys)):
            if (kind, self.sort) not in self._hay:
                hay = _Haystack(keys, self.order(self.sort))
                with self._lock:
                    self._hay.setdefault((kind, self.sort), hay)

    def _ensure_keys(self) -> None:
        while self.keys_done < len(self.entries):
            self.fill(len(self.entries))

    def update(self, entry: Entry) -> None:
        """Take in an edited entry (or one another writer changed) at its place."""
        i = self.position.get(entry.id)
        if i is None:
            return
        with self._lock:
            self.entries[i] = entry
            old, new = self.statuses[i], entry.status.value
            if self._counts is not None and old != new:  # a recount is 100k steps a keystroke
                self._counts[old] -= 1
                self._counts[new] += 1
            self.statuses[i] = new
            if self.keys_done > i:
                self.zh_keys[i], self.latin_keys[i] = search_keys(entry)
            if self.pinyin_done > i:
                self.pinyin[i] = entry_pinyin_key(entry)
                self.latin_keys[i] += "\x01" + self.pinyin[i]
            for key, hay in list(self._hay.items()):
                hay.edited.add(i)
                if len(hay.edited) > REBUILD_AFTER or key[1] in ("changed", "pinyin"):
                    del self._hay[key]
        # An edit stamps 'changed'; score and frequency only change by mining (a rebuild).
        for sort in ("changed", "pinyin"):
            self._orders.pop(sort, None)
        with self._lock:
            by_term = self._by_term
            if by_term is not None:  # kept up to date: a rebuild costs most of a second at 100k
                for term in self._zh_of[i]:
                    by_term[term] = [j for j in by_term.get(term, []) if j != i]
                self._zh_of[i] = [t.term for t in entry.zh]
                for term in self._zh_of[i]:
                    by_term.setdefault(term, []).append(i)
        self._last = None
        self._pending = None

    def order(self, sort: str) -> list[int]:
        """Entry numbers in a sort order, computed once and kept until an edit moves one."""
        if sort not in self._orders:
            entries = self.entries
            if sort == "score":
                values: list = [-e.mining.score if e.mining else 0.0 for e in entries]
            elif sort == "frequency":
                values = [-e.mining.frequency if e.mining else 0 for e in entries]
            elif sort == "pinyin":
                values = [p + "\x00" + e.headword
                          for p, e in zip(self.pinyin, entries, strict=True)]
            else:  # newest change first, never-changed entries last
                values = [e.changed or "" for e in entries]
            self._orders[sort] = sorted(range(len(entries)), key=values.__getitem__,
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

    def select(self, query: str, status: str = "all", sort: str | None = None,
               limit: int | None = None) -> tuple[list[int], bool]:
        """Entry numbers matching ``query`` and ``status`` in sort order, and whether that is all.

        With ``limit`` the search stops after that many matches, so a screenful
        can be painted before the rest is found with ``more``.
        """
        sort = sort or self.sort
        self._pending = None
        q = fold(query)
        if has_cjk(q):
            q = fold(to_simplified(q))
        hidden = self.hidden
        if not q:
            statuses, base = self.statuses, self.order(sort)
            if hidden:
                return [i for i in base if (status == "all" or statuses[i] == status)
                        and i not in hidden], True
            return (list(base) if status == "all"
                    else [i for i in base if statuses[i] == status]), True
        self._ensure_keys()
        last = self._last
        # One more character typed: re-check the few previous matches instead of scanning.
        if (last and last[1:3] == (status, sort) and last[0] and q.startswith(last[0])
                and has_cjk(q) == has_cjk(last[0]) and len(last[3]) <= NARROW_MAX):
            result = self._recheck(last[3], q)
            self._last = (q, status, sort, result)
            return result, True
        self._pending = (q, status, sort, self._scan(q, status, sort), [])
        return self.more(limit)

    def matches(self, i: int, query: str, status: str) -> bool | None:
        """Whether entry ``i`` belongs in the view ``select(query, status)`` gives; None when
        its search keys are not computed yet."""
        if (status != "all" and self.statuses[i] != status) or i in self.hidden:
            return False
        q = fold(query)
        if not q:
            return True
        if has_cjk(q):
            q = fold(to_simplified(q))
        if self.keys_done <= i:
            return None
        kind, needles = self._needles(q)
        keys = self.zh_keys if kind == "zh" else self.latin_keys
        return any(n in keys[i] for n in needles)

    def more(self, limit: int | None = None) -> tuple[list[int], bool]:
        """Go on with the last ``select``: up to ``limit`` more matches (all when None).

        The list returned grows in place on later calls; treat it as read-only.
        """
        if self._pending is None:
            return (self._last[3] if self._last else []), True
        q, status, sort, matches, found = self._pending
        before = len(found)
        found.extend(islice(matches, limit))
        if limit is not None and len(found) - before == limit:
            return found, False  # maybe more; the next call tells
        self._pending = None
        self._last = (q, status, sort, found)
        return found, True

    def _needles(self, q: str) -> tuple[str, list[str]]:
        if has_cjk(q):
            return "zh", [q]
        pk = pinyin_key(q)  # 'jin dun' also as 'jindun'
        return "latin", [q, pk] if pk and pk != q else [q]

    def _recheck(self, base: list[int], q: str) -> list[int]:
        kind, needles = self._needles(q)
        keys = self.zh_keys if kind == "zh" else self.latin_keys
        if len(needles) == 1:
            return [i for i in base if q in keys[i]]
        pk = needles[1]
        return [i for i in base if q in keys[i] or pk in keys[i]]

    def _scan(self, q: str, status: str, sort: str) -> Iterator[int]:
        """Matching entry numbers in sort order, found lazily over the joined text."""
        kind, needles = self._needles(q)
        keys = self.zh_keys if kind == "zh" else self.latin_keys
        hay = self._hay.get((kind, sort))
        if hay is None:
            hay = self._hay[(kind, sort)] = _Haystack(keys, self.order(sort))
        # Entries edited since the text was built are checked one by one, in rank order.
        edited = sorted(hay.rank[i] for i in hay.edited if any(n in keys[i] for n in needles))
        streams = [hay.lines(n) for n in needles] + [iter(edited)]
        order, statuses = hay.order, self.statuses
        previous = -1
        for line in heapq.merge(*streams):
            if line != previous:
                previous = line
                i = order[line]
                if (status == "all" or statuses[i] == status) and i not in self.hidden:
                    yield i

    def _build_terms(self) -> None:
        with self._lock:
            by_term: dict[str, list[int]] = {}
            for i, e in enumerate(self.entries):
                for t in e.zh:
                    by_term.setdefault(t.term, []).append(i)
            self._zh_of = [[t.term for t in e.zh] for e in self.entries]
            self._by_term = by_term

    def hide_shorter(self, on: bool) -> int:
        """memoQ's "hide shorter": leave out candidates whose Chinese term is part of a longer
        entry's term (the longer one is what gets reviewed). Returns how many are hidden."""
        self._last = self._pending = None
        if not on:
            self.hidden = set()
            return 0
        terms = {t.term for e in self.entries for t in e.zh}
        shorter: set[str] = set()
        for word in terms:
            for size in range(2, len(word)):
                shorter.update(w for start in range(len(word) - size + 1)
                               if (w := word[start:start + size]) in terms)
        self.hidden = {i for i, e in enumerate(self.entries)
                       if self.statuses[i] == "candidate" and e.zh
                       and all(t.term in shorter for t in e.zh)}
        return len(self.hidden)

    def related(self, entry: Entry, limit: int = 6) -> tuple[list[Entry], list[Entry]]:
        """Entries whose Chinese term lies inside this entry's terms, and entries containing them.

        memoQ shows the same to spot a candidate that only repeats an approved
        term with more words around it. Inside: a dictionary look-up of every
        substring; containing: one C-speed scan of the joined search keys.
        """
        # Until the key worker has built the index, nothing: never 0.8 s on the first paint.
        by_term = self._by_term or {}
        me = self.position.get(entry.id)
        inside: list[Entry] = []
        for word in {t.term for t in entry.zh}:
            for size in range(len(word) - 1, 1, -1):
                for start in range(len(word) - size + 1):
                    inside += [self.entries[i] for i in by_term.get(word[start:start + size], ())
                               if i != me]
        containing: list[Entry] = []
        hay = self._hay.get(("zh", self.sort))
        if hay is not None and entry.zh:
            needle = fold(entry.headword)
            for line in hay.lines(needle):
                i = hay.order[line]
                if i != me:
                    containing.append(self.entries[i])
                if len(containing) >= limit:
                    break
        unique = list({e.id: e for e in inside}.values())
        return unique[:limit], containing
