"""Saving one entry at a time: each file kept as its entries' YAML chunks, rewritten in ms.

A canonical dump of a list is the concatenation of the dumps of its items
(block style, no anchors, no line folding), so a file can be rewritten from
the chunks of its unchanged entries plus a fresh dump of the changed ones and
still be byte-identical to a full dump. At 100,000 entries a full dump takes
10-20 s; joining chunks takes a few milliseconds. No Textual here: the editor
calls these functions from its workers.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import comments, journal, yamlio
from .errors import ConflictError, InputError, UsageError
from .fsutil import atomic_write_bytes, read_limited, refuse_read_only, remove_stale_temps
from .model import Entry

if TYPE_CHECKING:
    from .store import Glossary
from .schema import read_entries

Dict = dict[str, Any]
# An entry's new content: its dict and its dumped chunk; None when it was removed.
Change = tuple[Dict, str] | None


def entry_chunk(entry: Entry) -> tuple[Dict, str]:
    """The entry's canonical dict and YAML text, or a UsageError saying why it would not load.

    Checking one entry the way the loader does costs about a millisecond, so every
    edit is checked before it is applied, never after it failed to save.
    """
    data = entry.to_dict()
    text = yamlio.dump([data])
    _, problems = read_entries(yamlio.parse(text, entry.id), entry.id)
    if problems:
        raise UsageError(f"{entry.headword}: {problems[0].message}")
    return data, text


def split_chunks(data: bytes) -> list[bytes]:
    """The top-level items of a canonical dump, each with its own trailing newline.

    Bytes throughout: a 40 MB file is never decoded or encoded as a whole.
    """
    if not data.strip() or data == b"[]\n":
        return []
    if data.endswith(b"\n...\n"):  # written before yamlio.dump left the marker out
        data = data[:-4]
    parts = data.split(b"\n- ")
    chunks = [part + b"\n" for part in parts[:-1]] + [parts[-1]]
    return [chunks[0]] + [b"- " + c for c in chunks[1:]]


def _records() -> Path:
    from .index import cache_root

    return Path(cache_root()) / "canonical"


def remember_canonical(path: Path, sha: str) -> None:
    """Note that content ``sha`` is a canonical dump (by content, so a copy of the folder
    counts too); the record of the file's previous content is dropped."""
    folder = _records()
    pointer = folder / hashlib.sha1(os.path.realpath(path).encode()).hexdigest()[:16]
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        old = pointer.read_text(encoding="ascii") if pointer.exists() else ""
        (folder / f"{sha}.sha").touch()
        atomic_write_bytes(pointer, sha.encode("ascii"))
        if old and old != sha:
            (folder / f"{old}.sha").unlink(missing_ok=True)


def is_canonical(path: Path, sha: str) -> bool:
    return (_records() / f"{sha}.sha").exists()


def _stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def unchanged(path: Path, image: FileImage) -> bool:
    """Whether the file still holds what ``image`` describes.

    The same inode, size and nanosecond mtime as we left it answers without
    reading 40 MB to hash it; anything else is hashed, so only a true change counts.
    """
    return _stat_key(path) == image.stat or sha_of(path) == image.digest()


def sha_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


BLOCK = 1000  # entries per pre-joined block: a one-entry save joins 100 blocks, not 100,000
PENDING = ""  # the sha of content written but not hashed yet (never equal to a real one)


@dataclass
class FileImage:
    """What one glossary file holds on disk: its content hash, entry ids in order, their chunks.

    Runs of BLOCK chunks are kept joined, so rewriting a 100,000-entry file after
    one change joins one block of chunks and writes the blocks one after another.
    The hash of what a save wrote is left PENDING until ``digest`` is asked for
    (once a burst of saves is over): hashing 40 MB would double a save's time.
    """

    sha: str | None
    ids: list[str]
    chunks: dict[str, bytes]  # UTF-8
    stat: tuple[int, int, int] | None = None  # see unchanged
    blocks: dict[int, bytes] = field(default_factory=dict, repr=False)
    where: dict[str, int] = field(default_factory=dict, repr=False)  # id -> position
    plain: bool = True  # every chunk a canonical dump (else it holds a person's comments)
    head: bytes = b""  # comments over the file's first entry (or its empty list): see commented

    def text(self) -> str:
        return self.data().decode("utf-8")

    def data(self) -> bytes:
        return b"".join(self.parts_with({})[0])

    def digest(self) -> str | None:
        """The content hash, computed now if the last save left it pending."""
        if self.sha == PENDING:
            hasher = hashlib.sha256()
            for part in self.parts_with({})[0]:
                hasher.update(part)  # releases the GIL: the UI thread keeps running
            self.sha = hasher.hexdigest()
        return self.sha

    def _block(self, n: int, changes: dict[str, bytes | None]) -> bytes:
        chunks = self.chunks
        return (self.head if n == 0 else b"") + b"".join(
            changes.get(i) or chunks[i] for i in self.ids[n * BLOCK:(n + 1) * BLOCK])

    def parts_with(self, changes: dict[str, bytes | None], head: bytes | None = None
                   ) -> tuple[list[bytes], list[str] | None, dict[int, bytes]]:
        """The file's content with ``changes`` (None: removed) and ``head`` (when it changes),
        as parts to write one after another, without changing the image yet (the write may
        still fail): (parts, new id order if it changed, blocks rejoined)."""
        head = self.head if head is None else head
        if head != self.head or any(v is None or k not in self.chunks
                                    for k, v in changes.items()):
            ids = [i for i in self.ids if changes.get(i, b"") is not None]
            ids += [k for k, v in changes.items() if v is not None and k not in self.chunks]
            data = b"".join(changes.get(i) or self.chunks[i] for i in ids)
            return [head + (data or b"[]\n")], ids, {}
        if not self.ids:
            return [self.head + b"[]\n"], None, {}
        if len(self.where) != len(self.ids):
            self.where = {entry_id: n for n, entry_id in enumerate(self.ids)}
        fresh = {self.where[i] // BLOCK for i in changes}
        blocks = {n: self._block(n, changes) for n in fresh}
        count = (len(self.ids) + BLOCK - 1) // BLOCK
        for n in range(count):
            if n not in fresh and n not in self.blocks:
                self.blocks[n] = self._block(n, {})  # unchanged content: safe to keep
        return [blocks.get(n) or self.blocks[n] for n in range(count)], None, blocks

    def commit(self, changes: dict[str, bytes | None], ids: list[str] | None,
               blocks: dict[int, bytes], stat: tuple[int, int, int] | None) -> None:
        """The write of ``parts_with(changes)`` succeeded: the image now describes it."""
        for entry_id, chunk in changes.items():
            if chunk is None:
                self.chunks.pop(entry_id, None)
            else:
                self.chunks[entry_id] = chunk
        if ids is not None:
            self.ids, self.blocks, self.where = ids, {}, {}
        else:
            self.blocks.update(blocks)
        self.sha, self.stat = PENDING, stat

    def lines(self) -> list[int]:
        """The first line of each entry (for the parse cache's error positions)."""
        out, line = [], 1 + self.head.count(b"\n")
        for entry_id in self.ids:
            chunk = self.chunks[entry_id]
            out.append(line + comments.lead_lines(chunk))
            line += chunk.count(b"\n")
        return out


def build_image(path: Path, sha: str | None, ids: list[str],
                dicts: dict[str, Dict] | None) -> FileImage:
    """The image of a file as loaded: split its text if we wrote it, else dump each entry.

    ``dicts`` (the entries as loaded) is needed only for a file another tool wrote.
    """
    if sha is None:
        return FileImage(None, [], {})
    if is_canonical(path, sha):
        stat = _stat_key(path)  # before reading: a change after it fails the hash check
        data = read_limited(path, yamlio.MAX_FILE_BYTES)
        chunks = split_chunks(data)
        if len(chunks) == len(ids) and hashlib.sha256(data).hexdigest() == sha:
            return FileImage(sha, list(ids), dict(zip(ids, chunks, strict=True)), stat)
    if dicts is None:
        raise InputError("changed on disk while it was being loaded", str(path))
    commented = commented_image(path, sha, ids, _stat_key(path))
    if commented is not None:
        return commented
    return FileImage(sha, list(ids), dump_chunks(ids, dicts))


def commented_image(path: Path, sha: str, ids: list[str],
                    stat: tuple[int, int, int] | None = None) -> FileImage | None:
    """The image of a file a person wrote comments in, if it still holds content ``sha``:
    its pieces as written (see comments.pieces), or no entry under the comments over its
    empty list ('[]'), kept over the first entry moved in. None when it holds no comment
    (its entries are then dumped)."""
    try:
        data = read_limited(path, yamlio.MAX_FILE_BYTES)
    except InputError:
        return None
    if b"#" not in data or hashlib.sha256(data).hexdigest() != sha:
        return None
    if not ids:
        head = comments.empty_head(data)
        return FileImage(sha, [], {}, stat, plain=False, head=head) if head else None
    found = comments.pieces(data, ids)
    if found is None or not any(map(comments.has_comments, found.values())):
        return None
    return FileImage(sha, list(ids), found, stat, plain=False)


def dump_chunks(ids: list[str], dicts: dict[str, Dict]) -> dict[str, bytes]:
    """One chunk per entry; in a worker thread, so it lets the UI thread in now and then."""
    out = {}
    for n, entry_id in enumerate(ids):
        out[entry_id] = yamlio.dump([dicts[entry_id]]).encode("utf-8")
        if n % 200 == 199:
            time.sleep(0)  # drop the GIL: a 100k-entry dump must not freeze the editor
    return out


class DiskChanged(ConflictError):
    """The file on disk is no longer the one the image describes: merge before writing."""

    def __init__(self, message: str, path: str, name: str):
        super().__init__(message, path)
        self.name = name  # the file, relative to the glossary folder


@dataclass
class Written:
    file: str
    changes: dict[str, Change]


def write_files(root: Path, plan: dict[str, tuple[FileImage, dict[str, Change]]]
                ) -> list[Written]:
    """Write each file of ``plan`` with its changes applied, all of them or none; the caller
    holds the glossary lock.

    One file is replaced by a rename; several (entries moved between files) go through
    the journal, so a crash midway never leaves an entry in both files or in neither.
    New entries go at the end, as a full dump of the glossary would put them. Raises
    DiskChanged (nothing written) when another writer changed one of the files. The
    images' hashes are left pending (see settle).
    """
    journal.recover(root)  # a crashed save is finished or undone before files are compared
    # as store.save: a file its owner made read-only is not replaced (the editor's saves
    # renamed over it, and it kept its mode with new content)
    refuse_read_only(root, list(plan))
    remove_stale_temps([root / file for file in plan])
    for file, (image, _) in plan.items():
        if not unchanged(root / file, image):
            raise DiskChanged("changed on disk by another writer", str(root / file), file)
    leaving = {i: image.chunks[i] for image, changes in plan.values()
               for i, c in changes.items() if c is None and i in image.chunks}
    arriving = {i for _, changes in plan.values() for i, c in changes.items() if c is not None}
    prepared = {}
    for file, (image, changes) in plan.items():
        dumped = {i: (c[1].encode("utf-8") if c is not None else None)
                  for i, c in changes.items()}
        # a person's comments in the chunks replaced (and those of entries moved in) are kept
        encoded = comments.rewrite(image.ids, image.chunks, dumped, leaving,
                                   set(leaving) & arriving)
        head = image.head + (encoded.pop("", None) or b"")  # a file left without entries
        prepared[file] = (encoded, encoded == dumped and head == image.head, head,
                          *image.parts_with(encoded, head))
    if len(prepared) == 1:
        [(file, (_, _, _, parts, _, _))] = prepared.items()
        atomic_write_bytes(root / file, parts)  # one file: a rename needs no journal
    else:
        journal.replace_files(root, {root / f: p[3] for f, p in prepared.items()})
    for file, (encoded, plain, head, _, ids, blocks) in prepared.items():
        image = plan[file][0]
        image.plain, image.head = image.plain and plain, head
        image.commit(encoded, ids, blocks, _stat_key(root / file))
    return [Written(file, changes) for file, (_, changes) in plan.items()]


def write_file(root: Path, file: str, image: FileImage, changes: dict[str, Change]) -> Written:
    """``write_files`` for one file, its hash settled at once (see settle)."""
    [written] = write_files(root, {file: (image, changes)})
    settle(root, file, image)
    return written


def settle(root: Path, file: str, image: FileImage, glossary: Glossary | None = None) -> None:
    """Hash what the last saves of ``file`` wrote, note it as canonical (the next start
    splits it instead of dumping every entry) and make it the store's merge base."""
    sha = image.digest()
    if sha is None:
        return
    if image.plain:  # a file with a person's comments is split by comments.pieces instead
        remember_canonical(root / file, sha)
    state = glossary._base.get(file) if glossary is not None else None
    if state is not None:
        state.sha256 = sha


@dataclass
class Theirs:
    """A file as another writer left it, compared with what we last loaded or saved."""

    file: str
    sha: str | None
    entries: dict[str, Entry]  # every entry of the file, in file order
    dicts: dict[str, Dict]
    changed: set[str]  # ids they added, changed or removed
    image: FileImage


def read_theirs(root: Path, file: str, base: dict[str, Dict], image: FileImage | None) -> Theirs:
    """Parse a file another writer changed and find which entries they touched.

    Chunks of the entries they left alone are reused, so the next save stays fast.
    """
    from .store import _read_file  # the store's reader: parse cache, schema check, problems

    path = root / file
    if not path.exists():
        return Theirs(file, None, {}, {}, set(base), FileImage(None, [], {}))
    sha, entries, problems, _ = _read_file(path, file, root)
    if problems:
        raise InputError(f"changed on disk and now invalid: {problems[0]}", str(path))
    theirs = {e.id: e for e, _ in entries}
    dicts = {i: e.to_dict() for i, e in theirs.items()}
    changed = {i for i, d in dicts.items() if base.get(i) != d} | (set(base) - set(dicts))
    old = image.chunks if image is not None else {}
    commented = None if sha is None or is_canonical(path, sha) else \
        commented_image(path, sha, list(dicts))
    if commented is not None:  # their comments as they left them
        fresh = commented
    elif is_canonical(path, sha):
        fresh = build_image(path, sha, list(dicts), dicts)
    else:  # they left no comments: a chunk of ours with comments would bring them back
        plain = image is None or image.plain
        chunks = {i: old[i] if plain and i in old and i not in changed
                  else yamlio.dump([d]).encode("utf-8") for i, d in dicts.items()}
        fresh = FileImage(sha, list(dicts), chunks)
    return Theirs(file, sha, theirs, dicts, changed, fresh)


def advance_base(glossary: Glossary, written: Written) -> None:
    """Tell the store what a fast save wrote, so its own save and merge see the same base."""
    state = glossary._base.get(written.file)
    changes = {i: (c[0] if c is not None else None) for i, c in written.changes.items()}
    if state is None:
        from .store import _FileState

        state = glossary._base[written.file] = _FileState(None)
    state.advance(PENDING, changes)  # see settle


def adopt_theirs(glossary: Glossary, theirs: Theirs) -> None:
    """After a merge the file as the other writer left it is the new base."""
    from .store import _FileState

    glossary._base[theirs.file] = _FileState(theirs.sha, dict(theirs.dicts))


def base_dicts(glossary: Glossary, file: str) -> dict[str, Dict]:
    state = glossary._base.get(file)
    return state.entries if state is not None else {}


def refresh_parse_cache(glossary: Glossary, file: str, image: FileImage,
                        disk: dict[str, Entry]) -> None:
    """Cache what a run of fast saves left on disk, so the next start need not parse it.

    ``disk`` gives the on-disk version of entries whose copy in memory differs
    (an unresolved conflict); every other entry in memory is what the file holds.
    """
    from . import parsecache

    sha = image.digest()
    if sha is None:
        return
    entries = [(disk.get(i) or glossary.get(i), line)
               for i, line in zip(image.ids, image.lines(), strict=True)]
    if any(e is None for e, _ in entries):
        return
    parsecache.put(glossary.root / file, sha, entries,  # type: ignore[arg-type]
                   base_dicts(glossary, file))
