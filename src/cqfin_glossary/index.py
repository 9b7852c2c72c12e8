"""The SQLite lookup index: search keys derived from the YAML, refreshed per changed file.

Everything expensive (Traditional forms, pinyin, word splitting) happens here,
at index time, so that a lookup is a few indexed SQL queries. The index is a
cache in the user's cache folder, never committed; delete it at will.
"""

from __future__ import annotations

import os
import sqlite3
import sys

SCHEMA_VERSION = "12"
BUILD_WAIT = 120.0  # seconds a look-up waits while another process builds the index
# The English rows of entry n are n * EN_SLOTS + k: an entry's rows are one rowid range,
# which FTS5 deletes without a scan. Renderings past the 64th of one entry go unindexed.
EN_SLOTS = 64
# Likewise the keys and Chinese forms of entry n are rows n << KEY_BITS and on, so no
# index on the entry is built or kept. Past KEY_SLOTS, an entry's keys go unindexed.
KEY_BITS = 16
KEY_SLOTS = 1 << KEY_BITS

# Key kinds: z Chinese form, e English term, p pinyin key, i entry id. Three FTS5 tables
# find what lies inside a term. english: its words, whose phrase queries stay fast
# when a word ("loan") is in half the glossary; the Porter stemmer lets "inclusive
# finance" find "inclusive financial services". chinese: each form with its characters
# spaced out, one token each, so a phrase query finds a form by any run of characters.
# pinyin: an entry's pinyin keys from each syllable but the first on ("jindun" and "dun"
# of "yujindun"), found by token prefix. (One key row per suffix did the same with 2.2
# million rows at 100,000 entries, three fifths of a full build's SQLite work.) The
# entries table holds what ranks a match (status, headword, pinyin) beside the record
# (marshal, see indexrows.insert), so only the records shown are decoded. A file's row
# keeps where each entry starts and its row id (indexrows.py), so an edit re-indexes
# only the entries it touched; the forms table keeps each Chinese term's derived forms
# (searchkeys.derive), so an edit that keeps the terms loads neither OpenCC nor pypinyin
# (half a second of imports).
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT UNIQUE, mtime_ns INTEGER, size INTEGER,
                   sha256 TEXT, error TEXT, starts BLOB, rows BLOB);
CREATE TABLE entries(id INTEGER PRIMARY KEY, file_id INTEGER, eid TEXT, status TEXT, zh TEXT,
                     pinyin TEXT, data BLOB);
CREATE TABLE keys(id INTEGER PRIMARY KEY, key TEXT, kind TEXT);
CREATE VIRTUAL TABLE english USING fts5(text, tokenize="porter unicode61 remove_diacritics 2");
CREATE VIRTUAL TABLE chinese USING fts5(text, tokenize="unicode61 remove_diacritics 0");
CREATE VIRTUAL TABLE pinyin USING fts5(text, tokenize="unicode61 remove_diacritics 0");
CREATE TABLE forms(term TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;
"""
# Made once the first build has filled the tables: sorting half a million keys into a new
# index takes a third of the time of inserting them into an existing one.
_INDEXES = """
CREATE INDEX entries_file ON entries(file_id);
CREATE INDEX keys_key ON keys(key, kind);
"""


class RefreshReport:
    """Which files a refresh indexed or dropped, and the problems of files it skipped."""

    def __init__(self) -> None:
        self.indexed: list[str] = []
        self.removed: list[str] = []
        self.errors: list[str] = []
        self.files = 0  # glossary files in the folder


def cache_path(root: str) -> str:
    """Where the index of a glossary folder lives (``CQFIN_GLOSSARY_CACHE`` overrides)."""
    try:  # hashlib would load OpenSSL: a tenth of a cold look-up, for one short digest
        from _sha1 import sha1
    except ImportError:  # a Python built without it
        from hashlib import sha1
    folder = cache_root()
    digest = sha1(os.path.realpath(root).encode()).hexdigest()[:16]
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
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        conn = _open(path)
        version = _version(conn)
    except (OSError, sqlite3.OperationalError) as err:
        # The raw "FOLDER: Not a directory" said neither what the folder is for nor how
        # to get past it.
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise InputError(f"cannot keep the look-up index here ({reason}); set "
                         "CQFIN_GLOSSARY_CACHE to a folder this user can write",
                         os.path.dirname(path)) from err
    if version != SCHEMA_VERSION:
        conn.close()
        return _fresh_database(path, root)
    refresh(conn, root)
    return conn


def _open(path: str) -> sqlite3.Connection:
    # Concurrent look-ups wait for each other's writes (up to BUILD_WAIT) instead of
    # failing with "database is locked".
    conn = sqlite3.connect(path, timeout=BUILD_WAIT)
    # The index is a cache rebuilt from the YAML: a commit need not wait for the disk.
    conn.execute("PRAGMA synchronous=OFF")
    return conn


def _version(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    except sqlite3.DatabaseError:  # not a database, or one without our tables: rebuild it
        return None
    return row[0] if row else None


def _fresh_database(path: str, root: str) -> sqlite3.Connection:
    """The index built anew, by one process at a time: two look-ups that both found no
    index must not both delete and create it (nor share a rollback journal)."""
    import shutil

    from filelock import FileLock

    with FileLock(path + ".lock", timeout=BUILD_WAIT):
        conn = _open(path)
        if _version(conn) == SCHEMA_VERSION:  # another process built it while this one waited
            refresh(conn, root)
            return conn
        conn.close()
        for suffix in ("", "-journal", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.unlink(path + suffix)
        shutil.rmtree(path + ".files", ignore_errors=True)  # the bytes indexrows kept
        conn = _open(path)
        conn.executescript(_SCHEMA)
        refresh(conn, root)
        conn.executescript(_INDEXES)
        # Written last: an index cut short before this point is rebuilt on next use.
        conn.execute("INSERT INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
        conn.commit()
        return conn


def refresh(conn: sqlite3.Connection, root: str) -> RefreshReport:
    """Re-index the files whose size, time or content changed; drop the ones that went away."""
    on_disk = yaml_files(root)
    report, removed, stale = _survey(conn, on_disk)
    report.files = len(on_disk)
    if not (removed or stale):
        return report  # nothing to write: no lock taken, so look-ups never queue here
    if not conn.in_transaction:
        # One refresher at a time; what it reads of the index stays true until it commits,
        # so the survey is taken again under the lock (another process may have done it).
        conn.execute("BEGIN IMMEDIATE")
        report, removed, stale = _survey(conn, on_disk)
        report.files = len(on_disk)
    try:
        _apply(conn, root, report, removed, stale)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return report


def _survey(conn: sqlite3.Connection, on_disk: dict[str, os.stat_result]
            ) -> tuple[RefreshReport, list[tuple], list[tuple]]:
    """What a refresh has to do: the files gone, and those whose size or time changed."""
    report = RefreshReport()
    known = {row[1]: row for row in conn.execute(
        "SELECT id, path, mtime_ns, size, sha256, error FROM files")}
    removed = [(rel, known[rel]) for rel in sorted(set(known) - set(on_disk))]
    stale = []
    for rel, st in on_disk.items():
        row = known.get(rel)
        if row is not None and row[2] == st.st_mtime_ns and row[3] == st.st_size:
            if row[5]:
                report.errors.append(row[5])
        else:
            stale.append((rel, st, row))
    return report, removed, stale


def _apply(conn: sqlite3.Connection, root: str, report: RefreshReport,
           removed: list[tuple], stale: list[tuple]) -> None:
    from .indexrows import Pending, drop_file, index_file
    from .yamlio import gc_paused

    for rel, row in removed:
        drop_file(conn, row[0], row[4])
        conn.execute("DELETE FROM files WHERE id=?", (row[0],))
        report.removed.append(rel)
    with gc_paused():
        pending = Pending(conn)
        for rel, st, row in stale:
            changed, error = index_file(pending, root, rel, st, row)
            if changed:
                report.indexed.append(rel)
            if error:
                report.errors.append(error)
        pending.flush()


