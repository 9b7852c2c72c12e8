"""Writing one glossary file into the lookup index: whole, or only the entries that changed.

A file seen for the first time is read through the parse cache (no YAML parse
when its content was read before) and its rows go in with one ``executemany``
per table. A file that changed is cut into entries (chunks.py); only entries
whose text digest is new are parsed and inserted, and only vanished ones are
deleted, so one edit in a 100,000-entry file costs a read, a hash per entry
and a handful of rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from .chunks import Piece, split
from .index import EN_SLOTS
from .model import Entry
from .searchkeys import FORMS_VERSION, Forms, derive, entry_keys, entry_record, term_texts

FileRow = tuple[int, str, int, int, str, str | None]


def drop_file(conn: sqlite3.Connection, file_id: int) -> None:
    ids = [r[0] for r in conn.execute("SELECT id FROM entries WHERE file_id=?", (file_id,))]
    drop_entries(conn, ids)


def drop_entries(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    params = [(i,) for i in ids]
    conn.executemany("DELETE FROM keys WHERE entry=?", params)
    conn.executemany("DELETE FROM english WHERE rowid>=? AND rowid<?",
                     [(i * EN_SLOTS, (i + 1) * EN_SLOTS) for i in ids])
    conn.executemany("DELETE FROM entries WHERE id=?", params)


def index_file(conn: sqlite3.Connection, root: str, rel: str, st: os.stat_result,
               row: FileRow | None) -> str | None:
    """Bring one changed file's rows up to date; the problem that kept entries out, if any."""
    from .errors import InputError
    from .fsutil import read_limited
    from .yamlio import MAX_FILE_BYTES

    path = os.path.join(root, rel)
    try:
        data = read_limited(Path(path), MAX_FILE_BYTES)
    except InputError as err:
        return _record_error(conn, rel, st, row, str(err))
    sha = hashlib.sha256(data).hexdigest()
    if row is not None and row[4] == sha and not row[5]:
        # Touched but unchanged: remember the new time, keep the rows.
        conn.execute("UPDATE files SET mtime_ns=?, size=? WHERE id=?",
                     (st.st_mtime_ns, st.st_size, row[0]))
        return None
    pieces = split(data)
    if row is not None and not row[5] and pieces is not None and _update(
            conn, row[0], rel, path, pieces):
        conn.execute("UPDATE files SET mtime_ns=?, size=?, sha256=? WHERE id=?",
                     (st.st_mtime_ns, st.st_size, sha, row[0]))
        return None
    return _rebuild(conn, root, rel, st, row, pieces)


def _file_id(conn: sqlite3.Connection, rel: str, st: os.stat_result, row: FileRow | None,
             sha: str | None, error: str | None) -> int:
    if row is not None:
        drop_file(conn, row[0])
        conn.execute("UPDATE files SET mtime_ns=?, size=?, sha256=?, error=? WHERE id=?",
                     (st.st_mtime_ns, st.st_size, sha, error, row[0]))
        return row[0]
    cur = conn.execute("INSERT INTO files(path, mtime_ns, size, sha256, error) VALUES(?,?,?,?,?)",
                       (rel, st.st_mtime_ns, st.st_size, sha, error))
    # Always set after an INSERT into a rowid table; the stubs allow None for other statements.
    assert cur.lastrowid is not None
    return cur.lastrowid


def _record_error(conn: sqlite3.Connection, rel: str, st: os.stat_result, row: FileRow | None,
                  error: str) -> str:
    _file_id(conn, rel, st, row, None, error)
    return error


def _rebuild(conn: sqlite3.Connection, root: str, rel: str, st: os.stat_result,
             row: FileRow | None, pieces: list[Piece] | None) -> str | None:
    """Every row of the file anew, its entries read through the parse cache."""
    from . import parsecache
    from .errors import InputError
    from .store import _read_file

    path = Path(root, rel)
    try:
        sha, pairs, problems, _ = _read_file(path, path.as_posix())
    except InputError as err:
        return _record_error(conn, rel, st, row, str(err))
    error = f"{problems[0]} (run 'validate' for all problems)" if problems else None
    file_id = _file_id(conn, rel, st, row, sha, error)
    digests = {p.line: p.digest for p in pieces} if pieces is not None else {}
    known = parsecache.get_forms(path, FORMS_VERSION) or {}
    forms = derive(term_texts(e for e, _ in pairs), known)
    if len(forms) != len(known) or any(t not in known for t in forms):
        parsecache.put_forms(path, FORMS_VERSION, forms)
    insert(conn, file_id, rel, [(e, digests.get(line)) for e, line in pairs], forms)
    return error


def _update(conn: sqlite3.Connection, file_id: int, rel: str, name: str,
            pieces: list[Piece]) -> bool:
    """Re-index only the entries whose text changed; False when the whole file must be read."""
    rows = conn.execute("SELECT id, chunk, eid FROM entries WHERE file_id=?", (file_id,)).fetchall()
    old = {chunk: (entry_id, eid) for entry_id, chunk, eid in rows}
    digests = [p.digest for p in pieces]
    if None in old or len(old) != len(rows) or len(set(digests)) != len(digests):
        return False
    kept = set(digests)
    gone = [v for chunk, v in old.items() if chunk not in kept]
    fresh = [p for p in pieces if p.digest not in old]
    entries = [_read_piece(p, name) for p in fresh]
    if any(e is None for e in entries):
        return False
    new_ids = [e.id for e in entries if e is not None]
    others = {eid for _, eid in old.values()} - {eid for _, eid in gone}
    if len(set(new_ids)) != len(new_ids) or others.intersection(new_ids):
        return False  # a duplicate id: the whole-file read reports it with its line
    drop_entries(conn, [entry_id for entry_id, _ in gone])
    ready = [(e, p.digest) for e, p in zip(entries, fresh, strict=True) if e is not None]
    insert(conn, file_id, rel, ready, derive(term_texts(e for e, _ in ready)))
    return True


def _read_piece(piece: Piece, name: str) -> Entry | None:
    """The one valid entry a piece holds, else None (its problems come from the whole file)."""
    from .errors import InputError
    from .schema import read_entries
    from .yamlio import parse

    try:
        parsed = parse(piece.data.decode("utf-8"), name)
    except (UnicodeDecodeError, InputError):
        return None
    if not isinstance(parsed, list) or len(parsed) != 1:
        return None
    pairs, problems = read_entries(parsed, name)
    return pairs[0][0] if len(pairs) == 1 and not problems else None


def insert(conn: sqlite3.Connection, file_id: int, rel: str,
           entries: list[tuple[Entry, bytes | None]], forms: Forms) -> None:
    """The rows of ``entries``, one ``executemany`` per table."""
    first = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM entries").fetchone()[0]
    entry_rows, key_rows, english_rows = [], [], []
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    for n, (entry, digest) in enumerate(entries, first):
        record = entry_record(entry, rel, forms)
        entry_rows.append((n, file_id, entry.id, digest, entry.status.value, record["pinyin"],
                           dumps(record)))
        key_rows += [(k, kind, n) for kind, k in entry_keys(entry, forms)]
        english_rows += [(n * EN_SLOTS + k, t.term) for k, t in enumerate(entry.en[:EN_SLOTS])]
    conn.executemany("INSERT INTO entries VALUES(?,?,?,?,?,?,?)", entry_rows)
    conn.executemany("INSERT INTO keys VALUES(?,?,?)", key_rows)
    conn.executemany("INSERT INTO english(rowid, text) VALUES(?,?)", english_rows)
