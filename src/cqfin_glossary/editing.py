"""Editorial actions on one entry, an undo history of entry snapshots, and a disk watcher; no UI."""

from __future__ import annotations

import copy
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import UsageError
from .model import PARTS_OF_SPEECH, TERM_TYPES, Entry, EntryStatus, Term, TermStatus
from .store import Glossary, glossary_files, touch
from .textnorm import fold

_CYCLE = list(TermStatus)


def snapshot(entry: Entry) -> Entry:
    return copy.deepcopy(entry)


def restore(entry: Entry, state: Entry) -> None:
    """Put a snapshot's content back into ``entry`` in place (the object others hold stays)."""
    entry.__dict__.update(copy.deepcopy(state).__dict__)


def set_status(entry: Entry, status: EntryStatus) -> None:
    """Move an entry through the workflow; approval needs an English rendering."""
    if status is EntryStatus.APPROVED and entry.english is None:
        raise UsageError(f"cannot approve {entry.headword}: it has no preferred or admitted "
                         "English rendering yet (add one with 'e' or accept a suggestion)")
    entry.status = status
    touch(entry)


def _make_preferred(entry: Entry, index: int) -> None:
    for i, term in enumerate(entry.en):
        if i != index and term.status is TermStatus.PREFERRED:
            term.status = TermStatus.ADMITTED
    entry.en[index].status = TermStatus.PREFERRED


def accept_suggestion(entry: Entry, term: str) -> Term:
    """Make the suggestion ``term`` the preferred English rendering.

    Named by its text, not its number, so a second press of the same key cannot
    reach another suggestion; the suggestion and its evidence stay on record.
    """
    if not any(s.term == term for s in entry.suggestions):
        raise UsageError(f"{term!r} is not a suggestion for {entry.headword}")
    same = [i for i, t in enumerate(entry.en) if fold(t.term) == fold(term)]
    if same:
        position = same[0]
    else:
        entry.en.insert(0, Term(term, TermStatus.PREFERRED))
        position = 0
    _make_preferred(entry, position)
    touch(entry)
    return entry.en[position]


def dismiss_suggestion(entry: Entry, term: str) -> None:
    """Drop a suggestion the terminologist judged wrong."""
    kept = [s for s in entry.suggestions if s.term != term]
    if len(kept) == len(entry.suggestions):
        raise UsageError(f"{term!r} is not a suggestion for {entry.headword}")
    entry.suggestions = kept
    touch(entry)


def make_preferred(entry: Entry, index: int) -> None:
    """One key to make a rendering preferred (the former preferred one becomes admitted)."""
    if not 0 <= index < len(entry.en):
        raise UsageError(f"{entry.headword} has no English rendering {index + 1}")
    _make_preferred(entry, index)
    touch(entry)


FIELDS = ("definition", "note", "subject", "pos", "type")


def set_field(entry: Entry, name: str, value: str, index: int = 0) -> None:
    """Set a descriptive field; ``type`` is the term type of English rendering ``index``."""
    text = " ".join(value.split()) if name != "note" and name != "definition" else value.strip()
    if name == "pos" and text and text not in PARTS_OF_SPEECH:
        raise UsageError(f"part of speech must be one of {', '.join(PARTS_OF_SPEECH)}")
    if name == "type":
        if not 0 <= index < len(entry.en):
            raise UsageError(f"{entry.headword} has no English rendering {index + 1}")
        if text and text not in TERM_TYPES:
            raise UsageError(f"term type must be one of {', '.join(TERM_TYPES)}")
        entry.en[index].type = text or None
    elif name in FIELDS:
        setattr(entry, name, text or None)
    else:
        raise UsageError(f"no field {name!r}")
    touch(entry)


def add_chinese(entry: Entry, text: str) -> Term:
    """Add a Chinese variant (admitted) to the entry. A term typed in Traditional is stored in
    Simplified, as every Chinese term is (exports, look-ups and the matcher derive the
    Traditional forms), with what was typed kept as the Traditional override when OpenCC
    would write it otherwise: stored as typed, a Simplified export labelled it zh-Hans."""
    from .formats.common import zh_untagged

    text = "".join(text.split())
    if not text:
        raise UsageError("an empty Chinese term was not added")
    text, hant = zh_untagged(text)
    if any(t.term == text for t in entry.zh):
        raise UsageError(f"{text!r} is already a Chinese term of {entry.headword}")
    term = Term(text, TermStatus.ADMITTED, hant=hant)
    entry.zh.append(term)
    touch(entry)
    return term


def merge_into(target: Entry, source: Entry) -> None:
    """Fold ``source`` into ``target``: its Chinese terms as variants, renderings, evidence."""
    for zh in source.zh:
        if all(t.term != zh.term for t in target.zh):
            target.zh.append(Term(zh.term, TermStatus.ADMITTED, zh.type, zh.hant, zh.note))
    for en in source.en:
        if all(fold(t.term) != fold(en.term) for t in target.en):
            status = TermStatus.ADMITTED if en.status is TermStatus.PREFERRED else en.status
            target.en.append(Term(en.term, status, en.type, None, en.note))
    seen = {(o.source, o.line) for o in target.occurrences}
    target.occurrences += [o for o in source.occurrences if (o.source, o.line) not in seen]
    terms = {s.term for s in target.suggestions}
    target.suggestions += [s for s in source.suggestions if s.term not in terms]
    touch(target)


def set_rendering(entry: Entry, index: int, text: str) -> None:
    """Replace the text of an English rendering; an empty text removes it."""
    if not 0 <= index < len(entry.en):
        raise UsageError(f"{entry.headword} has no English rendering {index + 1}")
    text = " ".join(text.split())
    if text:
        entry.en[index].term = text
    else:
        del entry.en[index]
    touch(entry)


def add_variant(entry: Entry, text: str) -> Term:
    """Add an English rendering: preferred when it is the first, else admitted."""
    text = " ".join(text.split())
    if not text:
        raise UsageError("an empty rendering was not added")
    if any(fold(t.term) == fold(text) for t in entry.en):
        raise UsageError(f"{text!r} is already a rendering of {entry.headword}")
    first = entry.preferred("en") is None
    term = Term(text, TermStatus.PREFERRED if first else TermStatus.ADMITTED)
    entry.en.append(term)
    if first:
        _make_preferred(entry, len(entry.en) - 1)
    touch(entry)
    return term


def cycle_term_status(entry: Entry, index: int) -> TermStatus:
    """preferred -> admitted -> deprecated -> superseded -> preferred (one preferred at most)."""
    if not 0 <= index < len(entry.en):
        raise UsageError(f"{entry.headword} has no English rendering {index + 1}")
    term = entry.en[index]
    was_preferred = term.status is TermStatus.PREFERRED
    term.status = _CYCLE[(_CYCLE.index(term.status) + 1) % len(_CYCLE)]
    if term.status is TermStatus.PREFERRED:
        _make_preferred(entry, index)
    elif was_preferred:  # another admitted rendering takes its place, so one stays preferred
        others = [i for i, t in enumerate(entry.en) if t.status is TermStatus.ADMITTED
                  and i != index]
        if others:
            _make_preferred(entry, others[0])
    touch(entry)
    return term.status


def new_file_name(root: Path, name: str) -> str:
    """A glossary file name typed by the editor, checked: relative, inside the folder,
    visible (hidden files are never loaded), .yaml (added when missing), in an existing
    folder. Returns it relative to the glossary folder, as the store names files."""
    text = name.strip().replace("\\", "/")
    if not text:
        raise UsageError("give a file name")
    path = PurePosixPath(text)
    if path.is_absolute() or ".." in path.parts:
        raise UsageError(f"{text!r}: give a name inside the glossary folder {root}")
    if any(part.startswith(".") for part in path.parts):
        raise UsageError(f"{text!r}: hidden files and folders are not read as glossary files")
    if path.suffix not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    target = Path(root) / path
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise UsageError(f"no folder {target.parent}; create it first")
    return path.as_posix()


def move_refusals(glossary: Glossary, moves: dict[str, str]) -> list[str]:
    """Why moving entries (id -> target file) would leave a target file holding one Chinese
    term twice; empty when the move can be made. (Ids are unique across the glossary, so an
    entry coming in never shares one with an entry already there.)"""
    reasons: list[str] = []
    for target in sorted(set(moves.values())):
        coming = [e for i, t in moves.items() if t == target and (e := glossary.get(i))
                  and glossary.file_of(i) != target]
        staying = [e for e in glossary.entries_in(target) if moves.get(e.id, target) == target]
        seen_terms = {t.term: e for e in staying for t in e.zh}
        for entry in coming:
            for term in dict.fromkeys(t.term for t in entry.zh):
                other = seen_terms.get(term)
                if other is not None and other.id != entry.id:
                    reasons.append(f"{target} already has {term} (entry {other.id!r})")
                seen_terms.setdefault(term, entry)
    return reasons


@dataclass
class Change:
    """One undoable edit: the entry before and after it."""

    label: str
    before: Entry
    after: Entry


@dataclass
class Move:
    """Entries moved to other files as one undoable step: id -> (from file, to file)."""

    label: str
    files: dict[str, tuple[str, str]]

    def back(self) -> dict[str, str]:
        return {i: source for i, (source, _) in self.files.items()}

    def again(self) -> dict[str, str]:
        return {i: target for i, (_, target) in self.files.items()}


class History:
    """Undo and redo over whole-entry snapshots (edits are small; entries are too)."""

    def __init__(self, limit: int = 500):
        self.limit = limit
        self._undo: list[Change | Move] = []
        self._redo: list[Change | Move] = []

    def record(self, label: str, before: Entry, after: Entry) -> None:
        self._push(Change(label, snapshot(before), snapshot(after)))

    def record_move(self, label: str, files: dict[str, tuple[str, str]]) -> None:
        self._push(Move(label, dict(files)))

    def _push(self, change: Change | Move) -> None:
        self._undo.append(change)
        del self._undo[:-self.limit]
        self._redo.clear()

    def undo(self) -> Change | Move | None:
        """The change to revert (put ``before`` back), or None."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._redo.append(change)
        return change

    def redo(self) -> Change | Move | None:
        """The change to apply again (put ``after`` back), or None."""
        if not self._redo:
            return None
        change = self._redo.pop()
        self._undo.append(change)
        return change

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    def forget(self, entry_ids: set[str]) -> int:
        """Drop the changes of entries another writer changed; the rest stay undoable."""
        before = len(self._undo) + len(self._redo)
        self._undo = [c for c in self._undo if not _touches(c, entry_ids)]
        self._redo = [c for c in self._redo if not _touches(c, entry_ids)]
        return before - len(self._undo) - len(self._redo)


def _touches(change: Change | Move, entry_ids: set[str]) -> bool:
    if isinstance(change, Move):
        return not entry_ids.isdisjoint(change.files)
    return change.before.id in entry_ids


class DiskWatch:
    """Notices glossary files that another writer created, changed or removed."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._seen = self._stat()

    def _stat(self) -> dict[str, tuple[int, int]]:
        out = {}
        for path in glossary_files(self.root):
            try:
                st = path.stat()
            except OSError:  # gone, a symlink loop, a stale network file: not a file to watch
                continue
            out[path.relative_to(self.root).as_posix()] = (st.st_mtime_ns, st.st_size)
        return out

    def mark(self, files: list[str] | None = None) -> None:
        """Accept what is on disk now as known: every file, or only ``files`` (ours, just saved).

        Marking only the files we wrote keeps another writer's change to a
        different file from passing unnoticed.
        """
        now = self._stat()
        if files is None:
            self._seen = now
            return
        for file in files:
            if file in now:
                self._seen[file] = now[file]
            else:
                self._seen.pop(file, None)

    def changed(self) -> list[str]:
        """Files that differ from what was last accepted (without accepting them)."""
        now = self._stat()
        return sorted(f for f in set(now) | set(self._seen) if now.get(f) != self._seen.get(f))


def _cells(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def fit(text: str, width: int) -> str:
    """The start of ``text`` within ``width`` cells, cut at a word boundary when there is one."""
    used = 0
    for n, ch in enumerate(text):
        used += _cells(ch)
        if used > width:
            cut = text[:n]
            if ch.isalnum() and cut[-1:].isalnum() and " " in cut:
                cut = cut[:cut.rfind(" ")]  # a Latin word is never cut in two
            return cut.rstrip() + "…"
    return text.rstrip()


def kwic(text: str, forms: list[str], width: int = 72) -> tuple[str, str, str] | None:
    """Keyword in context on one line of ``width`` terminal cells: the first form found, up
    to half of what it leaves before it, and the rest after it."""
    for form in sorted(forms, key=len, reverse=True):
        at = text.find(form) if form else -1
        if at >= 0:
            room = max(2, width - sum(map(_cells, form)))  # a long English match too fits
            left = fit(text[:at][::-1], room // 2)[::-1]
            left = "…" + left[1:].lstrip() if left.startswith("…") else left.lstrip()
            # Room the left side did not need goes to the right, so short lines use the pane.
            right = fit(text[at + len(form):], room - sum(map(_cells, left)))
            return left, form, right
    return None
