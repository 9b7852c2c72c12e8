"""The SQLite lookup index: search keys derived from the YAML, refreshed per changed file.

Everything expensive (Traditional forms, pinyin, word splitting) happens here,
at index time, so that a lookup is a few indexed SQL queries. The index is a
cache in the user's cache folder, never committed; delete it at will.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys

SCHEMA_VERSION = "3"
BUILD_WAIT = 120.0  # seconds a look-up waits while another process builds the index

# Key kinds: z Chinese form, s suffix of a Chinese form, e English term, p pinyin key,
# q pinyin key from a syllable on, i entry id. English words go to an FTS5 table, whose
# phrase queries stay fast when a word ("loan") is in half the glossary.
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT UNIQUE, mtime_ns INTEGER, size INTEGER,
                   sha256 TEXT, error TEXT);
CREATE TABLE entries(id INTEGER PRIMARY KEY, file_id INTEGER, status TEXT, sort TEXT, data TEXT);
CREATE INDEX entries_file ON entries(file_id);
CREATE TABLE keys(key TEXT, kind TEXT, entry INTEGER);
CREATE INDEX keys_key ON keys(key, kind);
CREATE INDEX keys_entry ON keys(entry);
CREATE VIRTUAL TABLE english USING fts5(text, entry UNINDEXED,
                                      tokenize="unicode61 remove_diacritics 2");
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
                try:
                    st = os.stat(path)
                except OSError:  # a dangling or looping link: listed, so reading it says why
                    st = os.lstat(path)
                found[os.path.relpath(path, root).replace(os.sep, "/")] = st
    return found


def connect(root: str, path: str | None = None) -> sqlite3.Connection:
    """An index that is up to date with the YAML under ``root``."""
    from .errors import InputError

    if not os.path.isdir(root):
        raise InputError("glossary folder not found (create it or pass --glossary DIR)", root)
    path = path or cache_path(root)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # Concurrent look-ups wait for each other's writes (up to BUILD_WAIT) instead of
    # failing with "database is locked".
    conn = sqlite3.connect(path, timeout=BUILD_WAIT)
    try:
        version = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    except sqlite3.DatabaseError:  # not a database, or one without our tables: rebuild it
        version = None
    if version is None or version[0] != SCHEMA_VERSION:
        conn.close()
        _fresh_database(path)
        conn = sqlite3.connect(path, timeout=BUILD_WAIT)
    refresh(conn, root)
    return conn


def _fresh_database(path: str) -> None:
    """The index file made anew with the schema, by one process at a time: two look-ups that
    both found no index must not both delete and create it (nor share a rollback journal)."""
    from filelock import FileLock

    with FileLock(path + ".lock", timeout=BUILD_WAIT):
        conn = sqlite3.connect(path, timeout=BUILD_WAIT)
        try:
            version = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError:
            version = None
        conn.close()
        if version is not None and version[0] == SCHEMA_VERSION:
            return  # another process made it while this one waited
        for suffix in ("", "-journal", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.unlink(path + suffix)
        conn = sqlite3.connect(path, timeout=BUILD_WAIT)
        try:
            conn.executescript(_SCHEMA)
            conn.execute("INSERT INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
            conn.commit()
        finally:
            conn.close()


def refresh(conn: sqlite3.Connection, root: str) -> RefreshReport:
    """Re-index the files whose size, time or content changed; drop the ones that went away."""
    report = RefreshReport()
    if not conn.in_transaction:
        # One refresher at a time: what it reads of the index stays true until it commits.
        conn.execute("BEGIN IMMEDIATE")
    on_disk = yaml_files(root)
    known = {row[1]: row for row in conn.execute(
        "SELECT id, path, mtime_ns, size, sha256, error FROM files")}
    for rel in sorted(set(known) - set(on_disk)):
        _drop_file(conn, known[rel][0])
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
        from .yamlio import gc_paused

        with gc_paused():
            for rel, st, row in stale:
                _index_file(conn, root, rel, st, row, report)
    conn.commit()
    return report


def _drop_file(conn: sqlite3.Connection, file_id: int) -> None:
    conn.execute("DELETE FROM keys WHERE entry IN (SELECT id FROM entries WHERE file_id=?)",
                 (file_id,))
    conn.execute("DELETE FROM english WHERE entry IN (SELECT id FROM entries WHERE file_id=?)",
                 (file_id,))
    conn.execute("DELETE FROM entries WHERE file_id=?", (file_id,))


def _index_file(conn: sqlite3.Connection, root: str, rel: str, st: os.stat_result,
                row: tuple[int, str, int, int, str, str | None] | None,
                report: RefreshReport) -> None:
    from pathlib import Path

    from . import yamlio
    from .errors import InputError
    from .fsutil import read_limited
    from .schema import read_entries

    path = os.path.join(root, rel)
    try:  # FIFOs, devices, links out of the folder and huge files are refused unread
        data, unreadable = read_limited(Path(path), yamlio.MAX_FILE_BYTES, Path(root)), None
    except InputError as err:
        data, unreadable = b"", err
    sha = hashlib.sha256(data).hexdigest()
    if row is not None and row[4] == sha and not row[5]:
        # Touched but unchanged: remember the new time, keep the rows.
        conn.execute("UPDATE files SET mtime_ns=?, size=? WHERE id=?",
                     (st.st_mtime_ns, st.st_size, row[0]))
        report.indexed.append(rel)
        return
    error = None
    entries = []
    try:
        if unreadable is not None:
            raise unreadable
        parsed = yamlio.parse(yamlio.decode(data, path), path)
        pairs, problems = read_entries(parsed, path)
        entries = [e for e, _ in pairs]
        if problems:
            error = f"{problems[0]} (run 'validate' for all problems)"
    except InputError as err:
        error = str(err)
    if row is not None:
        _drop_file(conn, row[0])
        conn.execute("UPDATE files SET mtime_ns=?, size=?, sha256=?, error=? WHERE id=?",
                     (st.st_mtime_ns, st.st_size, sha, error, row[0]))
        file_id = row[0]
    else:
        cur = conn.execute("INSERT INTO files(path, mtime_ns, size, sha256, error) "
                           "VALUES(?,?,?,?,?)", (rel, st.st_mtime_ns, st.st_size, sha, error))
        # Always set after an INSERT into a rowid table; the stubs allow None for other statements.
        assert cur.lastrowid is not None
        file_id = cur.lastrowid
    _insert_entries(conn, file_id, rel, entries)
    report.indexed.append(rel)
    if error:
        report.errors.append(error)


def _insert_entries(conn: sqlite3.Connection, file_id: int, rel: str, entries: list) -> None:
    from .searchkeys import entry_keys, entry_record

    for entry in entries:
        record = entry_record(entry, rel)
        cur = conn.execute("INSERT INTO entries(file_id, status, sort, data) VALUES(?,?,?,?)",
                           (file_id, entry.status.value, record["pinyin"],
                            json.dumps(record, ensure_ascii=False)))
        conn.executemany("INSERT INTO keys VALUES(?,?,?)",
                         [(k, kind, cur.lastrowid) for kind, k in entry_keys(entry)])
        conn.executemany("INSERT INTO english VALUES(?,?)",
                         [(t.term, cur.lastrowid) for t in entry.en])
