"""Writing one glossary file into the lookup index: whole, or only the entries that changed.

A file seen for the first time is read through the parse cache (no YAML parse
when its content was read before) and its rows wait in ``Pending``, which writes
every file of a refresh with one ``executemany`` per table. Beside the index the
bytes a large file was built from are kept, with where each entry starts and its
row id. When the file changes, the common prefix and suffix of old and new bytes
(a memory compare) bound the edit; only the entries between them are parsed,
deleted and inserted, so one edit in a 100,000-entry file costs two reads, a
compare and a handful of rows. A small file is simply read again: a copy of each
would cost more (a file written per glossary file) than it saves.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sqlite3
import time
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import count, pairwise
from pathlib import Path
from typing import Any

from .chunks import common_ends, item_starts, lines_of, split
from .index import EN_SLOTS, KEY_BITS, KEY_SLOTS
from .model import Entry
from .searchkeys import FORMS_VERSION, Forms, derive, entry_keys, entry_record, term_texts

FileRow = tuple[int, str, int, int, str | None, str | None]
# Bytes from which a file is re-indexed by entry (about 300 entries); a smaller one is
# read again whole, which takes a few milliseconds.
BY_ENTRY_MIN = 64 * 1024
# The statements a build runs, shared with bench/index_build.py's sqlite3-alone floor.
ENTRY_INSERT = "INSERT INTO entries VALUES(?,?,?,?,?,?,?)"
KEY_INSERT = "INSERT INTO keys VALUES(?,?,?)"
ENGLISH_INSERT = "INSERT INTO english(rowid, text) VALUES(?,?)"
FORMS_INSERT = "INSERT OR REPLACE INTO forms VALUES(?,?)"
CHINESE_INSERT = "INSERT INTO chinese(rowid, text) VALUES(?,?)"
PINYIN_INSERT = "INSERT INTO pinyin(rowid, text) VALUES(?,?)"


def drop_file(conn: sqlite3.Connection, file_id: int, sha: str | None = None) -> None:
    ids = [r[0] for r in conn.execute("SELECT id FROM entries WHERE file_id=?", (file_id,))]
    drop_entries(conn, ids)
    if sha:
        with contextlib.suppress(OSError):
            os.unlink(_copy_path(conn, file_id, sha))


def drop_entries(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    spans = [(i << KEY_BITS, (i + 1) << KEY_BITS) for i in ids]
    conn.executemany("DELETE FROM keys WHERE id>=? AND id<?", spans)
    conn.executemany("DELETE FROM chinese WHERE rowid>=? AND rowid<?", spans)
    conn.executemany("DELETE FROM pinyin WHERE rowid=?", [(i,) for i in ids])
    conn.executemany("DELETE FROM english WHERE rowid>=? AND rowid<?",
                     [(i * EN_SLOTS, (i + 1) * EN_SLOTS) for i in ids])
    conn.executemany("DELETE FROM entries WHERE id=?", [(i,) for i in ids])


def _copy_path(conn: sqlite3.Connection, file_id: int, sha: str) -> str:
    """Where the bytes a file's rows were built from are kept (named by content, see _update)."""
    db = conn.execute("PRAGMA database_list").fetchone()[2]
    return f"{db}.files{os.sep}{file_id}-{sha[:32]}.yaml"


def _keep_copy(conn: sqlite3.Connection, file_id: int, sha: str, data: bytes) -> None:
    path = _copy_path(conn, file_id, sha)
    with contextlib.suppress(OSError):  # a missing copy only means a whole-file re-index
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)


def _mtime(st: os.stat_result) -> int:
    """The time to remember, or 0 while a later write could still carry the same time.

    File times advance in clock ticks: a file written twice in one tick keeps
    its time and maybe its size. As git does for a "racily clean" index, a
    file changed less than two seconds ago is remembered with no time, so the
    next refresh compares its content (cheap when unchanged) instead.
    """
    return 0 if st.st_mtime_ns > time.time_ns() - 2_000_000_000 else st.st_mtime_ns


def index_file(pending: Pending, root: str, rel: str, st: os.stat_result,
               row: FileRow | None) -> tuple[bool, str | None]:
    """Bring one file's rows up to date (written by ``pending.flush``): whether its
    content changed, and the problem that kept entries out, if any."""
    from .errors import InputError
    from .fsutil import read_limited
    from .yamlio import MAX_FILE_BYTES

    conn = pending.conn
    try:
        data = read_limited(Path(root, rel), MAX_FILE_BYTES, Path(root))
    except InputError as err:
        _file_id(conn, rel, st, row, None, f"{err} {SKIPPED}")
        return True, f"{err} {SKIPPED}"
    sha = hashlib.sha256(data).hexdigest()
    if row is not None and row[4] == sha and not row[5]:
        # Touched but unchanged: remember the new time, keep the rows.
        conn.execute("UPDATE files SET mtime_ns=?, size=? WHERE id=?",
                     (_mtime(st), st.st_size, row[0]))
        return False, None
    if row is not None and row[4] and not row[5] and _update(pending, row, data, sha, rel, st):
        return True, None
    return True, _rebuild(pending, root, rel, st, row, data, sha)


def _file_id(conn: sqlite3.Connection, rel: str, st: os.stat_result, row: FileRow | None,
             sha: str | None, error: str | None) -> int:
    if row is not None:
        drop_file(conn, row[0], row[4])
        conn.execute("UPDATE files SET mtime_ns=?, size=?, sha256=?, error=?, starts=NULL, "
                     "rows=NULL WHERE id=?", (_mtime(st), st.st_size, sha, error, row[0]))
        return row[0]
    cur = conn.execute("INSERT INTO files(path, mtime_ns, size, sha256, error) VALUES(?,?,?,?,?)",
                       (rel, _mtime(st), st.st_size, sha, error))
    # Always set after an INSERT into a rowid table; the stubs allow None for other statements.
    assert cur.lastrowid is not None
    return cur.lastrowid


def _rebuild(pending: Pending, root: str, rel: str, st: os.stat_result, row: FileRow | None,
             data: bytes, sha: str) -> str | None:
    """Every row of the file anew, its entries read through the parse cache."""
    from . import parsecache
    from .errors import InputError
    from .store import _read_file

    conn = pending.conn
    path = Path(root, rel)
    cached = parsecache.get(path, sha)  # the bytes just read and hashed: no second read
    problems: Sequence[object] = []
    if cached is not None:
        pairs, read_sha = cached[0], sha
    else:
        try:
            read_sha, pairs, problems, _ = _read_file(path, path.as_posix(), Path(root))
        except InputError as err:
            _file_id(conn, rel, st, row, None, f"{err} {SKIPPED}")
            return f"{err} {SKIPPED}"
    error = None
    if problems and not pairs:  # nothing could be read (malformed YAML)
        error = f"{problems[0]} {SKIPPED}"
    elif problems:
        # An entry with a problem was read with defaults in its place (a misspelt status
        # read as candidate): it is left out, not shown as what the file does not say.
        pairs = _sound(pairs, problems)
        error = f"{problems[0]} ({_left_out(len(problems))}; run 'cqfin-glossary validate')"
    file_id = _file_id(conn, rel, st, row, read_sha, error)
    entries = [e for e, _ in pairs]
    known = parsecache.get_forms(path, FORMS_VERSION) or {}
    forms = derive(term_texts(entries), known)
    if forms is not known:
        parsecache.put_forms(path, FORMS_VERSION, forms)
    pending.forms.update(forms)
    ids = pending.add(file_id, rel, entries, forms)
    # Entry offsets are kept for a large file only, and only for the bytes these rows came
    # from (the file may have changed between the two reads of a parse-cache miss).
    if problems or read_sha != sha or len(data) < BY_ENTRY_MIN:
        return error
    starts = split(data)
    if starts is not None and lines_of(data, starts) == [line for _, line in pairs]:
        _remember(conn, file_id, sha, data, starts, ids)
    return error


SKIPPED = "(file skipped; run 'cqfin-glossary validate')"


def _sound(pairs: Sequence[tuple[Any, int]], problems: Sequence[Any]) -> list[tuple[Any, int]]:
    """The (entry, line) pairs without the entries a problem's line falls in (an entry runs
    from its line to the next entry's); a problem without a line leaves out every entry."""
    if any(p.line is None for p in problems):
        return []
    starts = [line for _, line in pairs]
    bad = {bisect_right(starts, p.line) - 1 for p in problems}
    return [pair for k, pair in enumerate(pairs) if k not in bad]


def _left_out(problems: int) -> str:
    return "the entry with it left out of look-ups" if problems == 1 else \
        f"the entries with these {problems} problems left out of look-ups"


def _remember(conn: sqlite3.Connection, file_id: int, sha: str, data: bytes,
              starts: Sequence[int], ids: Sequence[int]) -> None:
    """Keep the bytes, entry offsets and row ids that let the next edit be applied by entry."""
    if len(data) < BY_ENTRY_MIN:
        conn.execute("UPDATE files SET starts=NULL, rows=NULL WHERE id=?", (file_id,))
        return
    conn.execute("UPDATE files SET starts=?, rows=? WHERE id=?",
                 (array("q", starts).tobytes(), array("q", ids).tobytes(), file_id))
    _keep_copy(conn, file_id, sha, data)


def _update(pending: Pending, row: FileRow, data: bytes, sha: str, rel: str,
            st: os.stat_result) -> bool:
    """Re-index only the entries an edit touched; False when the whole file must be read."""
    conn = pending.conn
    file_id, old_sha = row[0], str(row[4])
    found = conn.execute("SELECT starts, rows FROM files WHERE id=?", (file_id,)).fetchone()
    if found is None or found[0] is None:  # a small file keeps no copy: read it whole
        return False
    try:
        with open(_copy_path(conn, file_id, old_sha), "rb") as handle:
            old = handle.read()
    except OSError:
        return False
    starts, ids = array("q", found[0]).tolist(), array("q", found[1]).tolist()
    prefix, suffix = common_ends(old, data)
    # The edit lies in [prefix, len - suffix): widen it to whole entries, using item starts
    # inside the bytes both versions share, so the same offsets begin an entry in both.
    begin = old.rfind(b"\n-", 0, prefix) + 1
    end = data.find(b"\n-", len(data) - suffix)
    end = len(data) if end < 0 else end + 1
    shift = len(data) - len(old)
    first, last = bisect_left(starts, begin), bisect_left(starts, end - shift)
    fresh = item_starts(data, begin, end) if begin < end else []
    if fresh is None or first == len(starts) or starts[first] != begin:
        return False
    entries = _read_pieces(data, [*fresh, end], rel)
    if entries is None or _clashes(conn, file_id, entries, ids[first:last]):
        return False
    drop_entries(conn, ids[first:last])
    new_ids = pending.add(file_id, rel, entries, _forms_for(pending, term_texts(entries)))
    starts[first:last] = fresh
    starts[first + len(fresh):] = [s + shift for s in starts[first + len(fresh):]]
    ids[first:last] = new_ids
    conn.execute("UPDATE files SET mtime_ns=?, size=?, sha256=? WHERE id=?",
                 (_mtime(st), st.st_size, sha, file_id))
    _remember(conn, file_id, sha, data, starts, ids)
    with contextlib.suppress(OSError):
        os.unlink(_copy_path(conn, file_id, old_sha))
    return True


def _forms_for(pending: Pending, terms: list[str]) -> Forms:
    """The forms of ``terms``, from the index where it has them, derived (and kept) if not.

    The forms table holds marshal (version 2: no shared references, so equal values
    give equal bytes), which writes and reads a term's tuples several times faster
    than json.
    """
    known: Forms = {}
    for term in dict.fromkeys(terms):
        if term in pending.forms:  # derived for another file of this refresh, not yet written
            known[term] = pending.forms[term]
            continue
        row = pending.conn.execute("SELECT value FROM forms WHERE term=?", (term,)).fetchone()
        if row is not None:
            known[term] = marshal.loads(row[0])
    forms = derive(terms, known)
    if forms is not known:
        pending.forms.update({t: v for t, v in forms.items() if t not in known})
    return forms


def _read_pieces(data: bytes, bounds: list[int], name: str) -> list[Entry] | None:
    """The entry each piece holds, or None if one is not a valid entry on its own."""
    from .errors import InputError
    from .schema import read_entries
    from .yamlio import parse

    out = []
    for start, end in pairwise(bounds):
        try:
            parsed = parse(data[start:end].decode("utf-8"), name)
        except (UnicodeDecodeError, InputError):
            return None
        pairs, problems = read_entries(parsed, name)
        if problems or len(pairs) != 1:
            return None  # the whole-file read reports the problem with its real line
        out.append(pairs[0][0])
    return out


def _clashes(conn: sqlite3.Connection, file_id: int, entries: list[Entry],
             replaced: Sequence[int]) -> bool:
    """Whether the new entries repeat an id, among themselves or with an entry they keep."""
    ids = [e.id for e in entries]
    if len(set(ids)) != len(ids):
        return True
    gone = set(replaced)
    for entry_id in ids:
        for (row,) in conn.execute(f"SELECT e.id FROM keys k JOIN entries e ON "
                                   f"e.id=k.id >> {KEY_BITS} WHERE k.key=? AND k.kind='i' "
                                   "AND e.file_id=?", (entry_id, file_id)):
            if row not in gone:
                return True
    return False


class Pending:
    """Rows waiting to be written, one ``executemany`` per table for a whole refresh:
    a glossary of many small files costs as few statements as one large file."""

    FLUSH_AT = 100_000  # entries held before writing, to bound the memory they take

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.next_id = 0  # taken from the table when the first entry comes
        self.forms: Forms = {}
        self.entries: list[tuple[int, int, str, str, str, str, bytes]] = []
        self.keys: list[tuple[int, str, str]] = []
        self.english: list[tuple[int, str]] = []
        self.chinese: list[tuple[int, str]] = []
        self.pinyin: list[tuple[int, str]] = []

    def add(self, file_id: int, rel: str, entries: list[Entry], forms: Forms) -> list[int]:
        """Queue the rows of ``entries``; their row ids in order."""
        if not self.next_id:
            self.next_id = self.conn.execute(
                "SELECT COALESCE(MAX(id), 0) + 1 FROM entries").fetchone()[0]
        first = self.next_id
        self.next_id += len(entries)
        entry_rows, key_rows, chinese_rows = self.entries, self.keys, self.chinese
        english_rows, pinyin_rows = self.english, self.pinyin
        # The record is what lookup shows; marshal (version 2, see _store_forms) encodes it
        # three times faster than json and lookup decodes it with no module to import.
        dumps = marshal.dumps
        spaced = " ".join
        for n, entry in enumerate(entries, first):
            record = entry_record(entry, rel, forms)
            entry_rows.append((n, file_id, entry.id, record["status"], record["zh"],
                               record["pinyin"], dumps(record, 2)))
            keys, zh, tails = entry_keys(entry, forms, n << KEY_BITS)
            key_rows += keys if len(keys) <= KEY_SLOTS else keys[:KEY_SLOTS]
            chinese_rows += zip(count(n << KEY_BITS), [spaced(f) for f in zh[:KEY_SLOTS]])
            if tails:
                pinyin_rows.append((n, tails))
            english_rows += zip(count(n * EN_SLOTS), [t.term for t in entry.en[:EN_SLOTS]])
        if len(entry_rows) >= self.FLUSH_AT:
            self.flush()
        return list(range(first, first + len(entries)))

    def flush(self) -> None:
        conn = self.conn
        conn.executemany(FORMS_INSERT,
                         [(term, marshal.dumps(value, 2)) for term, value in self.forms.items()])
        conn.executemany(ENTRY_INSERT, self.entries)
        conn.executemany(KEY_INSERT, self.keys)
        conn.executemany(ENGLISH_INSERT, self.english)
        conn.executemany(CHINESE_INSERT, self.chinese)
        conn.executemany(PINYIN_INSERT, self.pinyin)
        self.forms = {}
        for rows in (self.entries, self.keys, self.english, self.chinese, self.pinyin):
            rows.clear()
