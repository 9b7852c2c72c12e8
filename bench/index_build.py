"""Index build speed: the whole lookup index of a large glossary against sqlite3 alone.

Run: python bench/index_build.py [--entries 100000] [--files 1] [--runs 5] [--cold]

Ours: ``index.connect`` on an empty index file, the glossary's parsed files and
their derived forms (pinyin, Traditional) in the cache as any earlier command
leaves them. The floor, interleaved with it (bench/floor.py): the very rows
that build wrote (every table: term forms, entries, keys, and the English,
Chinese and pinyin full-text rows), taken out beforehand and inserted again with
sqlite3 alone, by the same statements (the schema, indexrows' INSERT statements
with one executemany per table as indexrows.Pending does, indexes made
afterwards). The ratio is what our Python adds to SQLite's own work: reading the
cached entries, computing keys and records, keeping a large file's bytes for
by-entry updates.
With --cold the parse cache is emptied before each build too (YAML parsed,
forms derived: the first build after a fresh checkout).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from floor import compare, show

from cqfin_glossary import index, indexrows
from cqfin_glossary.yamlio import gc_paused


def forget(db: Path) -> None:
    for extra in ("", "-journal"):
        if Path(f"{db}{extra}").exists():
            os.unlink(f"{db}{extra}")
    shutil.rmtree(f"{db}.files", ignore_errors=True)


# Each table's rows as the build wrote them, and the statement that wrote them.
TABLES = [("forms", "SELECT * FROM forms", indexrows.FORMS_INSERT),
          ("entry", "SELECT * FROM entries", indexrows.ENTRY_INSERT),
          ("key", "SELECT * FROM keys", indexrows.KEY_INSERT),
          ("English", "SELECT rowid, text FROM english", indexrows.ENGLISH_INSERT),
          ("Chinese form", "SELECT rowid, text FROM chinese", indexrows.CHINESE_INSERT),
          ("pinyin", "SELECT rowid, text FROM pinyin", indexrows.PINYIN_INSERT)]
Rows = list[list[tuple]]


def rows_of(db: Path) -> Rows:
    conn = sqlite3.connect(db)
    try:
        return [conn.execute(select).fetchall() for _, select, _ in TABLES]
    finally:
        conn.close()


def bare_build(db: Path, rows: Rows) -> None:
    """sqlite3 alone: the same rows, the same statements, nothing computed, with the
    garbage collector paused while the rows go in, as our build pauses it."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA synchronous=OFF")
    conn.executescript(index._SCHEMA)
    with gc_paused():
        for (_, _, statement), table in zip(TABLES, rows, strict=True):
            conn.executemany(statement, table)
    conn.executescript(index._INDEXES)
    conn.execute("INSERT INTO meta VALUES('schema', ?)", (index.SCHEMA_VERSION,))
    conn.commit()
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="interleaved pairs (at least 5)")
    parser.add_argument("--cold", action="store_true", help="also time builds with no parse cache")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="cqfin-bench-"))
    cache = workdir / "cache"
    os.environ["CQFIN_GLOSSARY_CACHE"] = str(cache)
    try:
        root = workdir / "glossary"
        synth.build(root, args.entries, args.files)
        ours_db, bare_db = workdir / "ours.sqlite", workdir / "bare.sqlite"
        index.connect(str(root), str(ours_db)).close()
        rows = rows_of(ours_db)
        counts = [f"{len(rows[n]):,} {name}" for n, (name, _, _) in enumerate(TABLES)]
        print(f"{args.entries:,} entries in {args.files} file(s), rows: {', '.join(counts)}")

        def clean() -> None:
            forget(ours_db)
            forget(bare_db)

        got = compare(lambda: index.connect(str(root), str(ours_db)).close(),
                      lambda: bare_build(bare_db, rows), args.runs, before=clean)
        show("full index build, parse cache warm", got, "sqlite3 alone, same rows", 3.0,
             limit=10.0)
        if args.cold:
            def colder() -> None:
                from cqfin_glossary import textnorm

                clean()
                for folder in cache.glob("parsed-*"):
                    shutil.rmtree(folder)
                textnorm.syllables.cache_clear()  # the last build's pinyin, kept in memory

            got = compare(lambda: index.connect(str(root), str(ours_db)).close(),
                          lambda: bare_build(bare_db, rows), args.runs, before=colder)
            show("full index build, no parse cache (YAML parsed, forms derived)", got,
                 "sqlite3 alone, same rows", None)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
