"""The SQLite lookup index: search keys derived from the YAML, refreshed per changed file.

Everything expensive (Traditional forms, pinyin, word splitting) happens here,
at index time, so that a lookup is a few indexed SQL queries. The index is a
cache in the user's cache folder, never committed; delete it at will.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys

SCHEMA_VERSION = "5"
# The English rows of entry n are n * EN_SLOTS + k: an entry's rows are one rowid range,
# which FTS5 deletes without a scan. Renderings past the 64th of one entry go unindexed.
EN_SLOTS = 64

# Key kinds: z Chinese form, s suffix of a Chinese form, e English term, p pinyin key,
# q pinyin key from a syllable on, i entry id. English words go to an FTS5 table, whose
# phrase queries stay fast when a word ("loan") is in half the glossary; its Porter
# stemmer lets "inclusive finance" find "inclusive financial services". A file's row
# keeps where each entry starts and its row id (indexrows.py), so an edit re-indexes
# only the entries it touched; the forms table keeps each Chinese term's derived forms
# (searchkeys.derive), so an edit that keeps the terms loads neither OpenCC nor pypinyin
# (half a second of imports).
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT UNIQUE, mtime_ns INTEGER, size INTEGER,
                   sha256 TEXT, error TEXT, starts BLOB, rows BLOB);
CREATE TABLE entries(id INTEGER PRIMARY KEY, file_id INTEGER, eid TEXT, status TEXT, sort TEXT,
                     data TEXT);
CREATE TABLE keys(key TEXT, kind TEXT, entry INTEGER);
CREATE VIRTUAL TABLE english USING fts5(text, tokenize="porter unicode61 remove_diacritics 2");
CREATE TABLE forms(term TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
"""
# Made once the first build has filled the tables: sorting two million keys into a new
# index takes a third of the time of inserting them into an existing one.
_INDEXES = """
CREATE INDEX entries_file ON entries(file_id);
CREATE INDEX keys_key ON keys(key, kind);
CREATE INDEX keys_entry ON keys(entry);
"""


class RefreshReport:
    """Which files a refresh indexed or dropped, and the problems of files it skipped."""

    def __init__(self) -> None:
        self.indexed: list[str] = []
        self.removed: list[str] = []
        self.errors: list[str] = []


def cache_path(root: str) -> str:
    """Where the index of a glossary folder lives (``CQFIN_GLOSSARY_CACHE`` overrides)."""
    folder = cache_root()
    digest = hashlib.sha1(os.path.realpath(root).encode()).hexdigest()[:16]
    return os.path.join(folder, f"index-{digest}.sqlite")


def cache_root() -> str:
    """The folder of every cache of the tool: ``CQFIN_GLOSSARY_CACHE``, else the user's."""
    override = os.environ.get("CQFIN_GLOSSARY_CACHE")
    if override:
        return override
    # platformdirs gives the same answer but costs a tenth of a cold lookup to import.
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
        return os.path.join(base, "cqfin-glossary", "Cache")
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches/cqfin-glossary")
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
                        "cqfin-glossary")


def yaml_files(root: str) -> dict[str, os.stat_result]:
    """Every visible *.yaml/*.yml file under ``root`` (hidden files and folders skipped),
    by its relative POSIX path, with its stat: the one definition of a glossary's files."""
    found: dict[str, os.stat_result] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                path = os.path.join(folder, name)
                found[os.path.relpath(path, root).replace(os.sep, "/")] = os.stat(path)
    return found


def connect(root: str, path: str | None = None) -> sqlite3.Connection:
    """An index that is up to date with the YAML under ``root``."""
    from .errors import InputError

    if not os.path.isdir(root):
        raise InputError("glossary folder not found (create it or pass --glossary DIR)", root)
    path = path or cache_path(root)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    conn = sqlite3.connect(path)
    # The index is a cache rebuilt from the YAML: a commit need not wait for the disk.
    conn.execute("PRAGMA synchronous=OFF")
    try:
        version = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    except sqlite3.DatabaseError:  # not a database, or one without our tables: rebuild it
        version = None
    if version is None or version[0] != SCHEMA_VERSION:
        conn.close()
        for suffix in ("", "-journal", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.unlink(path + suffix)
        import shutil

        shutil.rmtree(path + ".files", ignore_errors=True)  # the bytes indexrows kept
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA synchronous=OFF")
        conn.executescript(_SCHEMA)
        refresh(conn, root)
        conn.executescript(_INDEXES)
        # Written last: an index cut short before this point is rebuilt on next use.
        conn.execute("INSERT INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
        conn.commit()
        return conn
    refresh(conn, root)
    return conn


def refresh(conn: sqlite3.Connection, root: str) -> RefreshReport:
    """Re-index the files whose size, time or content changed; drop the ones that went away."""
    report = RefreshReport()
    on_disk = yaml_files(root)
    known = {row[1]: row for row in conn.execute(
        "SELECT id, path, mtime_ns, size, sha256, error FROM files")}
    for rel in sorted(set(known) - set(on_disk)):
        from .indexrows import drop_file

        drop_file(conn, known[rel][0], known[rel][4])
        conn.execute("DELETE FROM files WHERE id=?", (known[rel][0],))
        report.removed.append(rel)
    stale = []
    for rel, st in on_disk.items():
        row = known.get(rel)
        if row is not None and row[2] == st.st_mtime_ns and row[3] == st.st_size:
            if row[5]:
                report.errors.append(row[5])
        else:
            stale.append((rel, st, row))
    if stale:
        from .indexrows import index_file
        from .yamlio import gc_paused

        with gc_paused():
            for rel, st, row in stale:
                changed, error = index_file(conn, root, rel, st, row)
                if changed:
                    report.indexed.append(rel)
                if error:
                    report.errors.append(error)
    if stale or report.removed:
        conn.commit()
    return report


