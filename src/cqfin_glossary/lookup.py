"""Find entries by Chinese (either script), English, pinyin or id: exact, prefix, partial, fuzzy.

Only the standard library runs here; OpenCC is imported when a Chinese query
found nothing, to retry it in Simplified. "Did you mean" scores come from
similar.py, which matches rapidfuzz's ratio without its import cost.
"""

from __future__ import annotations

import marshal
import sqlite3

from .index import EN_SLOTS, KEY_BITS
from .textnorm import fold as _fold
from .textnorm import is_cjk as _is_cjk
from .textnorm import pinyin_key as _pinyin_key

# Plain classes and builtin annotations only: dataclasses and typing would add
# a fifth of the cold-start time of a lookup process.
_STATUS_ORDER = {"approved": 0, "candidate": 1, "rejected": 2}
TIERS = ("exact", "prefix", "partial")
# A key's row id holds its entry's (index.KEY_BITS); the key index covers these queries.
_EXACT = f"SELECT id >> {KEY_BITS} FROM keys WHERE key=? AND kind=?"
_RANGE = f"SELECT id >> {KEY_BITS} FROM keys WHERE key>=? AND key<? AND kind=? LIMIT ?"
_NEAR = f"SELECT key, id >> {KEY_BITS} FROM keys WHERE key>=? AND key<? AND kind=? LIMIT ?"
# Rows a tier reads before ranking cuts it to --limit: SQLite returns them in key order, so
# a limit applied there kept the alphabetically first (-n 3 showed 金融业资产 ahead of the
# shorter 金融机构, which came back labelled 'partial'). The ranking is right for any tier
# up to this size; a bound keeps a one-letter query on 100,000 entries cheap.
POOL = 1000


class Match:
    __slots__ = ("entry", "tier")

    def __init__(self, tier: str, entry: dict):  # a JSON record: values of any type
        self.tier = tier
        self.entry = entry


class Result:
    __slots__ = ("matches", "query", "suggestions")

    def __init__(self, query: str):
        self.query = query
        self.matches: list[Match] = []
        self.suggestions: list[dict] = []

    @property
    def found(self) -> bool:
        return bool(self.matches)

    def to_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "matches": [{"match": m.tier, **m.entry} for m in self.matches],
            "suggestions": self.suggestions,
        }


_WORD_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")


def _has_cjk(text: str) -> bool:
    # A query is short: testing its characters costs less than compiling a pattern.
    return any(map(_is_cjk, text))


def _words(folded: str) -> list[str]:
    """The runs of ASCII letters and digits, as FTS5's English tokens see a query."""
    return "".join(c if c in _WORD_CHARS else " " for c in folded).split()


def _upper(key: str) -> str:
    return key + "\U0010ffff"


def _ids(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> list[int]:
    return [row[0] for row in conn.execute(sql, params)]


def _exact(conn: sqlite3.Connection, pairs: list[tuple[str, str]]) -> list[int]:
    out: list[int] = []
    for kind, key in pairs:
        if key:
            out += _ids(conn, _EXACT, (key, kind))
    return out


def _prefix(conn: sqlite3.Connection, pairs: list[tuple[str, str]], limit: int) -> list[int]:
    out: list[int] = []
    for kind, key in pairs:
        if key:
            out += _ids(conn, _RANGE, (key, _upper(key), kind, limit))
    return out


def _phrase(text: str) -> str:
    """An FTS5 phrase of the characters of ``text``, one token each (the chinese table)."""
    return '"' + " ".join(text).replace('"', '""') + '"'


def _chinese_partial(conn: sqlite3.Connection, query: str, limit: int) -> list[int]:
    """Entries with a Chinese form that holds the query's characters in a row."""
    return _ids(conn, f"SELECT DISTINCT rowid >> {KEY_BITS} FROM chinese WHERE chinese MATCH ? "
                "LIMIT ?", (_phrase(query), limit))


def _pinyin_partial(conn: sqlite3.Connection, key: str, limit: int) -> list[int]:
    """Entries whose pinyin, from one of its syllables on, starts with ``key`` ([a-z0-9]+)."""
    return _ids(conn, "SELECT rowid FROM pinyin WHERE pinyin MATCH ? LIMIT ?",
                (key + "*", limit))


_ENGLISH = f"SELECT DISTINCT rowid / {EN_SLOTS} FROM english WHERE english MATCH ? LIMIT ?"


def _english_partial(conn: sqlite3.Connection, query: str,
                     limit: int) -> tuple[list[int], list[int]]:
    """Entries whose English holds the query's words in order: those with every word whole,
    then those with the last one only as a prefix ('center' finds Western Financial Center
    before central-local collaboration)."""
    words = _words(query)
    if not words:
        return [], []
    phrase = '"' + " ".join(words) + '"'
    whole = _ids(conn, _ENGLISH, (phrase, limit))
    return whole, _ids(conn, _ENGLISH, (phrase + " *", limit))


def _ranks(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[int, int, str]]:
    """What orders matches (status, then shorter headword, then pinyin), read from the
    entries' columns: only the records shown are decoded."""
    out: dict[int, tuple[int, int, str]] = {}
    for start in range(0, len(ids), 500):  # well below SQLite's limit on parameters
        chunk = ids[start:start + 500]
        for entry_id, status, zh, pinyin in conn.execute(
                f"SELECT id, status, zh, pinyin FROM entries WHERE id IN "
                f"({','.join('?' * len(chunk))})", chunk):
            out[entry_id] = (_STATUS_ORDER.get(status, 3), len(zh), pinyin)
    return out


class _Records(dict):  # type: ignore[type-arg]
    """Decoded entry records of one look-up (row ids are reused once the index changes)."""

    def __init__(self, conn: sqlite3.Connection):
        super().__init__()
        self.conn = conn

    def __missing__(self, entry_id: int) -> dict[str, object]:
        row = self.conn.execute("SELECT data FROM entries WHERE id=?", (entry_id,)).fetchone()
        record: dict[str, object] = marshal.loads(row[0])
        self[entry_id] = record
        return record


def _tiers(conn: sqlite3.Connection, query: str, limit: int) -> dict[str, list[int]]:
    """The entry ids of each tier, and under "whole" the partial ones that hold every word
    of the query whole (all of them, for Chinese: its characters are the tokens)."""
    q, limit = _fold(query), max(limit, POOL)
    if _has_cjk(q):
        partial = _chinese_partial(conn, q, limit)
        return {
            "exact": _exact(conn, [("z", q)]),
            "prefix": _prefix(conn, [("z", q)], limit),
            "partial": partial,
            "whole": partial,
        }
    pk = _pinyin_key(q)
    whole, partial = _english_partial(conn, q, limit)
    if len(pk) >= 4:
        partial += _pinyin_partial(conn, pk, limit)
    return {
        "exact": _exact(conn, [("e", q), ("p", pk), ("i", q)]),
        "prefix": _prefix(conn, [("e", q), ("p", pk if len(pk) >= 2 else "")], limit),
        "partial": whole + partial,
        "whole": whole,
    }


# Quotes and brackets round a term copied from a text (「渝金盾」, “33618”), and the Chinese
# punctuation after it (渝金盾。): they made an exact match a partial one. Only a pair that
# wraps the whole query goes: 'Special Drawing Rights (SDR)' keeps its bracket.
_PAIRS = ("「」", "『』", "“”", "‘’", '""', "''", "《》", "〈〉", "（）", "()", "【】", "[]")
_AFTER = "。，、；：！？"


def _bare(query: str) -> str:
    """The query without the quotes, brackets and Chinese punctuation it was copied with."""
    text = query.strip().rstrip(_AFTER).strip()
    while len(text) > 2 and text[0] + text[-1] in _PAIRS:
        text = text[1:-1].strip()
    return text or query


def lookup(conn: sqlite3.Connection, query: str, limit: int = 20) -> Result:
    """Matches in tier order (exact, prefix, partial); suggestions only when nothing matched."""
    result = Result(query)
    records = _Records(conn)
    tiers = _tiers(conn, query, limit)
    bare = _bare(query)
    if bare != query and not tiers["exact"]:
        found = _tiers(conn, bare, limit)
        if found["exact"] or not any(tiers.values()):
            query, tiers = bare, found
    if not any(tiers.values()) and _has_cjk(query):
        from .textnorm import convert

        # Back to Simplified character by character, then, for Traditional text, as Hong Kong
        # and Taiwan write their own words (數位經濟 is Taiwan's 数字经济; t2s gives 数位经济)
        tried = {query}
        for way in ("t2s", "hk2s", "tw2sp"):
            simplified = convert(query, way)
            if simplified in tried:
                if way == "t2s":
                    break  # Simplified already: a miss needs no more dictionaries loaded
                continue
            tried.add(simplified)
            tiers = _tiers(conn, simplified, limit)
            if any(tiers.values()):
                break
    elif not tiers["exact"]:
        from .textnorm import spelling_variants

        # 'Western Financial Centre' for a glossary that writes Center, or the other way:
        # what the other spelling finds comes first ('centre' found only 'central-local
        # collaboration', by a partial match)
        for variant in spelling_variants(query):
            found = _tiers(conn, variant, limit)
            if any(found.values()):
                tiers = {tier: found[tier] + tiers[tier] for tier in (*TIERS, "whole")}
                break
    seen: set[int] = set()
    ranks = _ranks(conn, list(dict.fromkeys(i for tier in TIERS for i in tiers[tier])))
    whole = set(tiers["whole"])
    for tier in TIERS:
        ranked = sorted(dict.fromkeys(i for i in tiers[tier] if i not in seen),
                        key=lambda i: (i not in whole, ranks[i]))
        for entry_id in ranked:
            if len(result.matches) >= limit:
                break
            seen.add(entry_id)
            result.matches.append(Match(tier, records[entry_id]))
    if not result.matches:
        result.suggestions = suggest(conn, query)
    return result


def suggest(conn: sqlite3.Connection, query: str, limit: int = 5) -> list[dict]:
    """'Did you mean': the closest Chinese, English and pinyin terms by edit similarity.

    Candidates are the terms that share the longest prefix with the query (or hold
    it inside, for Chinese), so the work stays bounded in a glossary of any size.
    """
    from .similar import best as closest

    q = _fold(query)
    probes = [(q, ("z",))] if _has_cjk(q) else [(q, ("e",)), (_pinyin_key(q), ("p",))]
    scored: dict[int, float] = {}
    for probe, kinds in probes:
        found = _near_keys(conn, probe, kinds)
        if "e" in kinds:
            found.update(_shared_words(conn, probe))
        keys = list(found)
        for _, score, index in closest(probe, keys, limit * 4, 60.0):
            entry_id = found[keys[index]]
            scored[entry_id] = max(scored.get(entry_id, 0.0), score)
    best = sorted(scored.items(), key=lambda kv: -kv[1])[:limit]
    records = _Records(conn)
    return [{"score": round(score, 1), **_short(records[i])} for i, score in best]


def _shared_words(conn: sqlite3.Connection, probe: str, wanted: int = 200) -> dict[str, int]:
    """English terms sharing the query's rarest words (FTS5's bm25 rank), whatever the typo."""
    words = _words(probe)
    if not words:
        return {}
    rows = conn.execute(f"SELECT text, rowid / {EN_SLOTS} FROM english WHERE english MATCH ? "
                        "ORDER BY rank LIMIT ?", (" OR ".join(f'"{w}"' for w in words), wanted))
    return {_fold(text): entry for text, entry in rows}


NEAR_PREFIX = 40


def _near_keys(conn: sqlite3.Connection, probe: str, kinds: tuple[str, ...],
               wanted: int = 200) -> dict[str, int]:
    """Keys sharing the longest possible prefix with ``probe``, about ``wanted`` of them."""
    found: dict[str, int] = {}
    # From at most NEAR_PREFIX characters down: each length costs a query or two, and a
    # 1,000-character query took 4 s trying them all (a term that long was an exact hit).
    for cut in range(min(len(probe), NEAR_PREFIX), 1, -1):
        prefix = probe[:cut]
        for kind in kinds:
            for key, entry in conn.execute(_NEAR, (prefix, _upper(prefix), kind, wanted)):
                found.setdefault(key, entry)
        if "z" in kinds:
            _inside(conn, prefix, wanted, found)
        if len(found) >= wanted // 4:
            break
    return found


def _inside(conn: sqlite3.Connection, prefix: str, wanted: int, found: dict[str, int]) -> None:
    """Add the Chinese forms holding ``prefix`` past their first character, each from
    there on (a form that starts with it is a "z" key already)."""
    for text, entry in conn.execute(f"SELECT text, rowid >> {KEY_BITS} FROM chinese WHERE "
                                    "chinese MATCH ? LIMIT ?", (_phrase(prefix), wanted)):
        form = text[::2]  # the characters were joined by single spaces
        at = form.find(prefix, 1)
        if at > 0:
            found.setdefault(form[at:], entry)


def _short(record: dict[str, object]) -> dict[str, object]:
    return {k: record.get(k) for k in ("id", "zh", "pinyin", "en", "status")}
