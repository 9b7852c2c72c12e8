"""Load and save the YAML glossary: schema check, canonical dump, atomic writes, lock and merge."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout

from . import autosave, comments, journal, parsecache, yamlio
from .errors import ConflictError, GlossaryError, InputError, LockError, Problem, ValidationError
from .fsutil import read_limited, refuse_read_only, remove_stale_temps
from .model import Entry
from .schema import read_entries

DEFAULT_FILE = "candidates.yaml"
LOCK_NAME = ".cqfin-glossary.lock"
LOCK_TIMEOUT = 10.0
WRITER_WAIT = 120.0  # a command waits this long for another writer's load-change-save
T = TypeVar("T")


class _FileState:
    """What a file held when it was loaded: the base of a three-way merge.

    From the parse cache the base dicts arrive still pickled and are unpacked on
    first use (a save of that file), which keeps a large glossary's load short.
    """

    def __init__(self, sha256: str | None, entries: dict[str, dict[str, Any]] | None = None,
                 packed: bytes | None = None):
        self.sha256 = sha256
        self._entries = entries if entries is not None or packed is not None else {}
        self._packed = packed
        self._later: dict[str, dict[str, Any] | None] = {}  # see advance

    @property
    def entries(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            self._entries = parsecache.unpack(self._packed or b"")
            self._packed = None
        if self._later:
            for entry_id, data in self._later.items():
                if data is None:
                    self._entries.pop(entry_id, None)
                else:
                    self._entries[entry_id] = data
            self._later = {}
        return self._entries

    def advance(self, sha256: str, changes: dict[str, dict[str, Any] | None]) -> None:
        """The file now also holds these entries (None: removed), as a one-entry save wrote it.

        Applied on next use, so a fast save never unpacks 100,000 base entries.
        """
        self.sha256 = sha256
        self._later.update(changes)


@dataclass
class SaveReport:
    written: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # ids changed by another writer, taken in
    uncommented: list[str] = field(default_factory=list)  # files whose comments had to go


class Glossary:
    """All entries of one glossary folder, and which file each lives in."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._entries: dict[str, Entry] = {}
        self._file_of: dict[str, str] = {}
        self._base: dict[str, _FileState] = {}
        self._by_zh: dict[str, dict[str, None]] | None = None  # term -> ids, see find_zh

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries

    def get(self, entry_id: str) -> Entry | None:
        return self._entries.get(entry_id)

    def file_of(self, entry_id: str) -> str:
        return self._file_of[entry_id]

    def files(self) -> list[str]:
        return sorted(set(self._file_of.values()) | set(self._base))

    def add(self, entry: Entry, file: str = DEFAULT_FILE) -> None:
        if entry.id in self._entries:
            raise GlossaryError(f"an entry with id {entry.id!r} already exists",
                                self._file_of[entry.id])
        self._entries[entry.id] = entry
        self._file_of[entry.id] = file
        self.terms_changed(entry)

    def remove(self, entry_id: str) -> Entry:
        self._file_of.pop(entry_id)
        return self._entries.pop(entry_id)

    def replace(self, entry: Entry) -> None:
        """Put ``entry`` in place of the entry with the same id (same file)."""
        if entry.id not in self._entries:
            raise GlossaryError(f"no entry with id {entry.id!r}")
        self._entries[entry.id] = entry
        self.terms_changed(entry)

    def find_zh(self, term: str) -> list[Entry]:
        """The entries holding ``term`` as a Chinese term, through an index made on first use.

        A scan of every entry per call made an import of 7,000 rows into 25,000
        entries take twelve minutes. Candidates are checked against the entries as
        they are now, so removed entries and dropped terms never come back; code
        that adds Chinese terms to an entry in place calls ``terms_changed``.
        """
        if self._by_zh is None:
            self._by_zh = {}
            for entry in self:
                self.terms_changed(entry)
        found = (self._entries.get(i) for i in self._by_zh.get(term, ()))
        return [e for e in found if e is not None and any(t.term == term for t in e.zh)]

    def terms_changed(self, entry: Entry) -> None:
        """Tell ``find_zh`` the Chinese terms of ``entry`` were changed in place."""
        if self._by_zh is not None:
            for term in entry.zh:
                self._by_zh.setdefault(term.term, {})[entry.id] = None

    def unique_id(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self._entries:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def entries_in(self, file: str) -> list[Entry]:
        return [e for e in self if self._file_of[e.id] == file]

    def dirty_files(self, files: list[str] | None = None) -> list[str]:
        """Files (of ``files``, else all) whose entries differ from what was loaded."""
        wanted = set(self.files() if files is None else files)
        current: dict[str, dict[str, dict[str, Any]]] = {f: {} for f in wanted}
        for entry in self:
            file = self._file_of[entry.id]
            if file in wanted:
                current[file][entry.id] = entry.to_dict()
        dirty = []
        for file in sorted(wanted):
            base = self._base.get(file, _FileState(None)).entries
            if list(current[file]) != list(base) or current[file] != base:
                dirty.append(file)
        return dirty


def touch(entry: Entry) -> None:
    """Stamp an editorial change."""
    entry.changed = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace(
        "+00:00", "Z")


def check_folder(root: Path) -> None:
    """InputError when ``root`` is no glossary folder (missing, or a file)."""
    if not root.exists():
        raise InputError("glossary folder not found (create it or pass --glossary DIR)", str(root))
    if not root.is_dir():
        raise InputError("is a file, expected a glossary folder", str(root))


def require_files(root: Path) -> list[Path]:
    """``glossary_files``, an InputError when there are none: a command that reads a
    glossary (check, annotate, lookup, validate, export) and finds an empty folder was
    most likely given the wrong one, and answered 'clean' (exit 0) for any translation."""
    files = glossary_files(root)
    if not files:
        raise InputError("holds no glossary files (*.yaml); pass the glossary folder with "
                         "--glossary DIR", str(root))
    return files


def glossary_files(root: Path) -> list[Path]:
    """Every *.yaml/*.yml file under ``root``, hidden folders skipped, in a stable order."""
    root = Path(root)
    check_folder(root)
    from .index import yaml_files

    return [root / rel for rel in sorted(yaml_files(str(root)))]


def _read_file(path: Path, name: str, root: Path) -> tuple[str, list[tuple[Entry, int]],
                                                         list[Problem], _FileState]:
    """Content hash, entries with their lines, problems, and the file's merge base."""
    data = read_limited(path, yamlio.MAX_FILE_BYTES, within=root)
    sha = hashlib.sha256(data).hexdigest()
    cached = parsecache.get(path, sha)
    if cached is not None:
        return sha, cached[0], [], _FileState(sha, packed=cached[1])
    try:
        parsed = yamlio.parse(yamlio.decode(data, name), name)
    except InputError as err:
        return sha, [], [Problem(name, err.line, err.message)], _FileState(sha)
    entries, problems = read_entries(parsed, name)
    base = {entry.id: entry.to_dict() for entry, _ in entries}
    if not problems:
        parsecache.put(path, sha, entries, base)
    return sha, entries, problems, _FileState(sha, base)


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def scan(root: Path) -> tuple[Glossary, list[Problem]]:
    """Read every file, collecting all problems instead of stopping at the first."""
    if (Path(root) / journal.JOURNAL).is_dir():
        _recover_quietly(Path(root))
    with yamlio.gc_paused():
        return _scan(root)


def _scan(root: Path) -> tuple[Glossary, list[Problem]]:
    glossary = Glossary(root)
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    hashes: list[tuple[str, str]] = []
    for path in glossary_files(root):
        rel = path.relative_to(root).as_posix()
        name = _display(root, path)
        try:
            sha, entries, file_problems, state = _read_file(path, name, root)
        except InputError as err:
            problems.append(Problem(name, err.line, err.message))
            continue
        hashes.append((rel, sha))
        problems.extend(file_problems)
        for entry, line in entries:
            if entry.id in seen:
                other, other_line = seen[entry.id]
                problems.append(Problem(name, line, f"duplicate id (first defined at {other}:"
                                        f"{other_line})", f"entry {entry.id}.id"))
                continue
            seen[entry.id] = (name, line)
            glossary.add(entry, rel)
        glossary._base[rel] = state
    if problems or not parsecache.glossary_valid(root, hashes):
        problems.extend(_homograph_problems(glossary, seen))
        if not problems:
            parsecache.mark_glossary_valid(root, hashes)
    return glossary, problems


def _recover_quietly(root: Path) -> None:
    """A save that a crash interrupted, finished (or undone) before anything is read; when a
    live writer holds the lock, that writer will do it and the files stay as they are."""
    handle = lock(root)
    try:
        handle.acquire(timeout=2.0)
    except (Timeout, OSError):
        return
    try:
        journal.recover(root)
    finally:
        handle.release()


def _homograph_problems(glossary: Glossary, where: dict[str, tuple[str, int]]) -> list[Problem]:
    """The same Chinese term in two entries must differ in subject or definition."""
    by_term: dict[str, list[Entry]] = {}
    for entry in glossary:
        for term in {t.term for t in entry.zh}:
            by_term.setdefault(term, []).append(entry)
    problems = []
    for term, entries in by_term.items():
        seen: dict[tuple[str | None, str | None], Entry] = {}
        for entry in entries:
            key = (entry.subject, entry.definition)
            if key in seen:
                name, line = where[entry.id]
                problems.append(Problem(
                    name, line, f"Chinese term {term!r} is also in entry {seen[key].id!r}; give "
                    "them different subjects or definitions, or merge them",
                    f"entry {entry.id}.zh"))
            else:
                seen[key] = entry
    return problems


def load(root: Path) -> Glossary:
    """The glossary, or a ValidationError listing every problem."""
    glossary, problems = scan(root)
    if problems:
        raise ValidationError(problems)
    return glossary


def check(root: Path) -> list[Problem]:
    return scan(root)[1]


_LOCKS: dict[str, FileLock] = {}
_LOCKS_GUARD = threading.Lock()


def lock(root: Path, timeout: float = LOCK_TIMEOUT) -> FileLock:
    """The writer lock of a glossary folder (re-entrant in one process)."""
    path = str((Path(root) / LOCK_NAME).resolve())
    with _LOCKS_GUARD:
        if path not in _LOCKS:
            _LOCKS[path] = FileLock(path, timeout=timeout, thread_local=False)
        return _LOCKS[path]


def save(glossary: Glossary, files: list[str] | None = None) -> SaveReport:
    """Write every changed file, all of them or none, merging what other writers saved
    meanwhile.

    ``files`` limits the check to the files a caller knows it touched, which
    keeps a one-entry edit cheap in a large glossary.
    """
    report = SaveReport()
    dirty = glossary.dirty_files(files)
    if not dirty:
        return report
    with _locked(glossary.root, LOCK_TIMEOUT):
        journal.recover(glossary.root)
        remove_stale_temps([glossary.root / file for file in dirty])
        on_disk = {file: _merge_if_changed(glossary, file, report) for file in dirty}
        _refuse_duplicates(glossary, report)
        noted = {file: _commented_on_disk(glossary, file, on_disk[file]) for file in dirty}
        prepared = {file: _prepare(glossary, file, noted, report) for file in dirty}
        refuse_read_only(glossary.root, dirty)
        journal.replace_files(glossary.root, {glossary.root / file: data
                                              for file, (data, _, _, _) in prepared.items()})
        for file, (data, dicts, written, plain) in prepared.items():
            sha = hashlib.sha256(data).hexdigest()
            if plain:  # a file with a person's comments is never split as a dump
                autosave.remember_canonical(glossary.root / file, sha)  # the editor may rewrite it
            glossary._base[file] = _FileState(sha, dicts)
            parsecache.put(glossary.root / file, sha, written, dicts)
            report.written.append(file)
    return report


def update(root: Path, apply: Callable[[Glossary], T], timeout: float = WRITER_WAIT
           ) -> tuple[T, SaveReport]:
    """Load, change and save while holding the writer lock, so that no other writer comes
    between: what ``apply`` does is applied to the glossary as it is now on disk (two
    imports of the same new term make one entry, and a second mine merges into the
    first one's candidates instead of failing on them). The folder must exist: taking the
    lock made a mistyped --glossary into a new glossary, for import only."""
    check_folder(Path(root))  # before the lock file is made in it (which makes the folder)
    with _locked(root, timeout):
        journal.recover(root)
        glossary = load(root)
        result = apply(glossary)
        return result, save(glossary)


@contextlib.contextmanager
def _locked(root: Path, timeout: float) -> Iterator[None]:
    handle = lock(root)
    try:
        handle.acquire(timeout=timeout)
    except PermissionError:
        raise LockError("cannot make the writer lock file: the glossary folder is read-only "
                        "to you (nothing was written)", str(Path(root))) from None
    except Timeout:
        raise LockError(f"the glossary is locked by another writer (waited {timeout:g} s); "
                        "try again", str(Path(root) / LOCK_NAME)) from None
    try:
        yield
    finally:
        handle.release()


def _merge_if_changed(glossary: Glossary, file: str, report: SaveReport) -> bytes | None:
    """Merge what another writer saved in ``file`` since it was loaded; the file's bytes as
    read (what it holds, the lock being held), or None if it cannot be read."""
    path = glossary.root / file
    base = glossary._base.get(file, _FileState(None))
    disk_sha: str | None
    data = None
    try:
        data = read_limited(path, yamlio.MAX_FILE_BYTES, glossary.root)
        disk_sha = hashlib.sha256(data).hexdigest()
    except InputError:
        if os.path.lexists(path) and not os.path.exists(path):
            raise  # a dangling link: writing through it would create a file elsewhere
        disk_sha = None if not os.path.lexists(path) else "unreadable"
    if disk_sha != base.sha256:
        _merge_from_disk(glossary, file, base, report)
    return data


def _prepare(glossary: Glossary, file: str, noted: dict[str, dict[str, tuple[bytes, Any]]],
             report: SaveReport
             ) -> tuple[bytes, dict[str, dict[str, Any]], list[tuple[Entry, int]], bool]:
    """The file's new bytes, its entries as dicts (the next merge base), what it reads as,
    and whether it is a plain canonical dump.

    The bytes are those of a full canonical dump, but an entry the file already holds
    unchanged keeps its chunk of the file on disk: it loaded from those very bytes, so
    only the changed entries are dumped and checked (an import touching 7,000 of
    25,000 entries spent four fifths of its time dumping and re-parsing the rest).
    A file with a person's comments (``noted``, by file: each entry's piece and dict on
    disk) keeps them, and its unchanged entries keep their pieces as written.
    """
    entries = glossary.entries_in(file)
    dicts = {e.id: e.to_dict() for e in entries}
    own = noted.get(file) or {}
    if not dicts:  # the comments above and after the entries removed stay, over an empty list
        pieces = {i: piece for i, (piece, _) in own.items()}
        head = comments.removed_leads(list(pieces), pieces, set(pieces), set())[1].get("", b"")
        return head + b"[]\n", dicts, [], not head
    chunks = ({i: own[i][0] for i in dicts if i in own and own[i][1] == dicts[i]} if own
              else _chunks_on_disk(glossary, file, dicts))
    fresh = [e for e in entries if e.id not in chunks]
    checked: dict[str, Entry] = {}
    if fresh:
        chunks.update(_dump_checked(glossary, file, fresh, dicts, checked))
    plain = not own
    if any(noted.values()):
        kept = _keep_comments(glossary, file, noted, chunks, fresh, dicts)
        if (own or kept) and not _reads_back(file, chunks, kept, dicts):
            report.uncommented.append(file)  # no way of placing a comment may change the data
            chunks = _dump_checked(glossary, file, entries, dicts, checked)
            kept = {}
        plain = (not own and not kept) or file in report.uncommented
        chunks.update(kept)
    data = b"".join(chunks[i] for i in dicts)
    if len(data) > yamlio.MAX_FILE_BYTES:
        # The loader refuses a file this big: writing it would leave a glossary that no
        # longer opens.
        raise InputError(f"would grow to {len(data) / 2**20:.0f} MB, past the "
                         f"{yamlio.MAX_FILE_BYTES // 2**20} MB a glossary file may hold; "
                         "move some of its entries to another file (nothing was written)",
                         str(glossary.root / file))
    written, line = [], 1
    for entry in entries:
        chunk = chunks[entry.id]
        written.append((checked.get(entry.id, entry), line + comments.lead_lines(chunk)))
        line += chunk.count(b"\n")
    return data, dicts, written, plain


def _reads_back(file: str, chunks: dict[str, bytes], kept: dict[str, bytes],
                dicts: dict[str, Any]) -> bool:
    """Whether the file with ``kept`` (the chunks that carry a person's comments) over
    ``chunks`` reads back as its entries."""
    data = b"".join(kept.get(i) or chunks[i] for i in dicts)
    try:
        read = yamlio.parse(yamlio.decode(data, file), file)
    except InputError:
        return False
    return isinstance(read, list) and read == list(dicts.values())


def _commented_on_disk(glossary: Glossary, file: str, data: bytes | None
                       ) -> dict[str, tuple[bytes, Any]]:
    """Each entry's piece and dict in the file on disk (``data``, as read), if a person wrote
    comments in it."""
    path = glossary.root / file
    if data is None or b"#" not in data or \
            autosave.is_canonical(path, hashlib.sha256(data).hexdigest()):
        return {}
    _, entries, problems, _ = _read_file(path, file, glossary.root)
    if not entries and not problems:
        # an empty list with comments ('[]' under a header): the header opens the first entry
        head = comments.empty_head(data)
        return {"": (head, None)} if head else {}
    found = comments.pieces(data, [e.id for e, _ in entries]) if not problems else None
    if found is None or not any(map(comments.has_comments, found.values())):
        return {}
    return {e.id: (found[e.id], e.to_dict()) for e, _ in entries}


def _keep_comments(glossary: Glossary, file: str, noted: dict[str, dict[str, tuple[bytes, Any]]],
                   chunks: dict[str, bytes], fresh: list[Entry], dicts: dict[str, Any]
                   ) -> dict[str, bytes]:
    """The chunks of ``file`` that carry a person's comments (see comments.rewrite)."""
    here = {i: piece for i, (piece, _) in (noted.get(file) or {}).items()}
    gone = [i for i in here if i not in dicts]
    elsewhere = {i: piece for other, found in noted.items() if other != file
                 for i, (piece, _) in found.items() if i in dicts}
    changes: dict[str, bytes | None] = {e.id: chunks[e.id] for e in fresh}
    changes.update(dict.fromkeys(gone))
    moved = {i for i in gone if i in glossary}
    # entries new to the file come after, to take the comments of removed ones above them
    order = list(here) + [i for i in dicts if i not in here]
    out = comments.rewrite(order, here, changes, elsewhere, moved)
    return {i: c for i, c in out.items() if c is not None and i in dicts}


def _chunks_on_disk(glossary: Glossary, file: str, dicts: dict[str, dict[str, Any]]
                    ) -> dict[str, bytes]:
    """Chunks of the file on disk for the entries whose dicts are as loaded, by id.

    Only from a file this tool wrote (a canonical dump, so each chunk is exactly the
    dump of its entry) that is still the content loaded; else nothing is reused.
    """
    path = glossary.root / file
    base = glossary._base.get(file)
    if base is None or base.sha256 is None:
        return {}
    try:
        data = read_limited(path, yamlio.MAX_FILE_BYTES, glossary.root)
    except InputError:
        return {}
    sha = hashlib.sha256(data).hexdigest()
    if sha != base.sha256 or not autosave.is_canonical(path, sha):
        return {}
    loaded = base.entries
    parts = autosave.split_chunks(data)
    if len(parts) != len(loaded) or not all(
            map(_chunk_of, loaded, parts)):  # the base's order is the file's, or no reuse
        return {}
    return {i: chunk for i, chunk in zip(loaded, parts, strict=True)
            if i in dicts and dicts[i] == loaded[i]}


def _chunk_of(entry_id: str, chunk: bytes) -> bool:
    """Whether ``chunk`` is the dump of entry ``entry_id`` (ids are plain or single-quoted)."""
    head = chunk[:chunk.find(b"\n") + 1]
    ident = entry_id.encode()
    return head in (b"- id: " + ident + b"\n", b"- id: '" + ident + b"'\n")


def _dump_checked(glossary: Glossary, file: str, fresh: list[Entry],
                  dicts: dict[str, dict[str, Any]], checked: dict[str, Entry]
                  ) -> dict[str, bytes]:
    """Chunks of the changed entries, refused (ValidationError, file lines) if one would not
    load back; ``checked`` gets the entries as they read back."""
    text = yamlio.dump([dicts[e.id] for e in fresh])
    parts = autosave.split_chunks(text.encode())
    if len(parts) != len(fresh):  # cannot happen with a block-style dump; stay exact anyway
        parts = [yamlio.dump([dicts[e.id]]).encode() for e in fresh]
    name = str(glossary.root / file)
    # The entries are validated as data: what the dump reads back is that very data (libyaml
    # writes text, numbers, booleans and nulls so that they load back the same, which
    # tests/test_yaml_roundtrip.py holds it to). Parsing the dump back to check it took
    # half of the time of writing 14,500 mined candidates (25 of 43 s) and twice the
    # memory. Only a refused entry has its dump parsed, for the lines to name.
    read, problems = read_entries(yamlio.lined([dicts[e.id] for e in fresh]), name)
    if problems:
        try:
            _check_before_write(text, name)
        except ValidationError as err:
            problems = err.problems
        raise ValidationError(_file_lines(problems, glossary, file, fresh, parts))
    checked.update((e.id, e) for e, _ in read)
    return {e.id: part for e, part in zip(fresh, parts, strict=True)}


def _file_lines(problems: list[Problem], glossary: Glossary, file: str, fresh: list[Entry],
                parts: list[bytes]) -> list[Problem]:
    """Problems found in the changed entries' dump, with the lines they will have in the file."""
    starts, line = {}, 1
    for entry in glossary.entries_in(file):
        starts[entry.id] = line
        line += len(yamlio.dump([entry.to_dict()]).splitlines())
    ranges, line = [], 1
    for entry, part in zip(fresh, parts, strict=True):
        ranges.append((line, starts[entry.id]))
        line += part.count(b"\n")
    for problem in problems:
        if problem.line is not None:
            begin, target = max((r for r in ranges if r[0] <= problem.line), default=(1, 1))
            problem.line = target + problem.line - begin
    return problems


def _refuse_duplicates(glossary: Glossary, report: SaveReport) -> None:
    """A Chinese term that another writer added meanwhile as a new entry, and this writer too,
    would leave two entries for one term: a named conflict instead, nothing written."""
    if not report.merged:
        return
    theirs = {t.term: e.id for i in report.merged if (e := glossary.get(i)) for t in e.zh}
    merged = set(report.merged)
    for entry in glossary:
        if entry.id in merged:
            continue
        for term in entry.zh:
            other = theirs.get(term.term)
            if other is not None and not _told_apart(glossary, entry.id, other):
                raise ConflictError(f"Chinese term {term.term!r} was added as entry {other!r} "
                                    f"by another writer while this one made {entry.id!r}; "
                                    "reload and apply your change again",
                                    str(glossary.root / glossary.file_of(entry.id)))


def _told_apart(glossary: Glossary, one: str, other: str) -> bool:
    a, b = glossary.get(one), glossary.get(other)
    return a is None or b is None or (a.subject, a.definition) != (b.subject, b.definition)


def _check_before_write(text: str, name: str) -> list[tuple[Entry, int]]:
    """Refuse to write what would not load back: the files on disk stay valid."""
    entries, problems = read_entries(yamlio.parse(text, name), name)
    if problems:
        raise ValidationError(problems)
    return entries


def _merge_from_disk(glossary: Glossary, file: str, base: _FileState, report: SaveReport) -> None:
    """Three-way merge per entry: ours, theirs (on disk now), base (as loaded)."""
    path = glossary.root / file
    theirs: dict[str, Entry] = {}
    if os.path.lexists(path):
        _, entries, problems, _ = _read_file(path, str(path), glossary.root)
        if problems:
            raise ConflictError(f"changed on disk by someone else and now invalid: {problems[0]}",
                                str(path))
        theirs = {e.id: e for e, _ in entries}
    ours = {e.id: e for e in glossary.entries_in(file)}
    for entry_id in list(dict.fromkeys([*base.entries, *theirs, *ours])):
        b = base.entries.get(entry_id)
        t = theirs[entry_id].to_dict() if entry_id in theirs else None
        o = ours[entry_id].to_dict() if entry_id in ours else None
        if t in (b, o):
            continue  # they did not change it, or changed it the same way
        if o != b:
            raise ConflictError(f"entry {entry_id!r} was changed by another writer since it was "
                                "loaded; reload and apply your change again", str(path))
        report.merged.append(entry_id)
        if t is None:
            glossary.remove(entry_id)
        elif o is None:
            glossary.add(theirs[entry_id], file)
        else:
            glossary.replace(theirs[entry_id])
