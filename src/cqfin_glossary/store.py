"""Load and save the YAML glossary: schema check, canonical dump, atomic writes, lock and merge."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from . import autosave, parsecache, yamlio
from .errors import ConflictError, GlossaryError, InputError, LockError, Problem, ValidationError
from .fsutil import atomic_write_text, read_limited
from .model import Entry
from .schema import read_entries

DEFAULT_FILE = "candidates.yaml"
LOCK_NAME = ".cqfin-glossary.lock"
LOCK_TIMEOUT = 10.0


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


class Glossary:
    """All entries of one glossary folder, and which file each lives in."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._entries: dict[str, Entry] = {}
        self._file_of: dict[str, str] = {}
        self._base: dict[str, _FileState] = {}

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

    def remove(self, entry_id: str) -> Entry:
        self._file_of.pop(entry_id)
        return self._entries.pop(entry_id)

    def replace(self, entry: Entry) -> None:
        """Put ``entry`` in place of the entry with the same id (same file)."""
        if entry.id not in self._entries:
            raise GlossaryError(f"no entry with id {entry.id!r}")
        self._entries[entry.id] = entry

    def find_zh(self, term: str) -> list[Entry]:
        return [e for e in self if any(t.term == term for t in e.zh)]

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


def glossary_files(root: Path) -> list[Path]:
    """Every *.yaml/*.yml file under ``root``, hidden folders skipped, in a stable order."""
    root = Path(root)
    if not root.exists():
        raise InputError("glossary folder not found (create it or pass --glossary DIR)", str(root))
    if not root.is_dir():
        raise InputError("is a file, expected a glossary folder", str(root))
    from .index import yaml_files

    return [root / rel for rel in sorted(yaml_files(str(root)))]


def _read_file(path: Path, name: str) -> tuple[str, list[tuple[Entry, int]], list[Problem],
                                               _FileState]:
    """Content hash, entries with their lines, problems, and the file's merge base."""
    data = read_limited(path, yamlio.MAX_FILE_BYTES)
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
            sha, entries, file_problems, state = _read_file(path, name)
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
    """Write every changed file atomically, merging what other writers saved meanwhile.

    ``files`` limits the check to the files a caller knows it touched, which
    keeps a one-entry edit cheap in a large glossary.
    """
    report = SaveReport()
    dirty = glossary.dirty_files(files)
    if not dirty:
        return report
    try:
        with lock(glossary.root):
            for file in dirty:
                _save_file(glossary, file, report)
    except Timeout:
        raise LockError("the glossary is locked by another writer; try again",
                        str(glossary.root / LOCK_NAME)) from None
    return report


def _save_file(glossary: Glossary, file: str, report: SaveReport) -> None:
    path = glossary.root / file
    base = glossary._base.get(file, _FileState(None))
    disk_sha = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    if disk_sha != base.sha256:
        _merge_from_disk(glossary, file, base, report)
    entries = glossary.entries_in(file)
    dicts = {e.id: e.to_dict() for e in entries}
    text = yamlio.dump(list(dicts.values())) if dicts else "[]\n"
    written = _check_before_write(text, str(path))
    atomic_write_text(path, text)
    sha = hashlib.sha256(text.encode()).hexdigest()
    autosave.remember_canonical(path, sha)  # the editor may rewrite it from chunks
    glossary._base[file] = _FileState(sha, dicts)
    parsecache.put(path, sha, written, dicts)
    report.written.append(file)


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
    if path.exists():
        _, entries, problems, _ = _read_file(path, str(path))
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
