"""Editorial actions on one entry, an undo history of entry snapshots, and a disk watcher; no UI."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .model import Entry, EntryStatus, Term, TermStatus
from .store import glossary_files, touch
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


def accept_suggestion(entry: Entry, index: int) -> Term:
    """Make the miner's ``index``-th suggestion the preferred English rendering."""
    if not 0 <= index < len(entry.suggestions):
        raise UsageError(f"{entry.headword} has no suggestion {index + 1}")
    suggestion = entry.suggestions.pop(index)
    same = [i for i, t in enumerate(entry.en) if fold(t.term) == fold(suggestion.term)]
    if same:
        position = same[0]
    else:
        entry.en.insert(0, Term(suggestion.term, TermStatus.PREFERRED))
        position = 0
    _make_preferred(entry, position)
    touch(entry)
    return entry.en[position]


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
    term.status = _CYCLE[(_CYCLE.index(term.status) + 1) % len(_CYCLE)]
    if term.status is TermStatus.PREFERRED:
        _make_preferred(entry, index)
    touch(entry)
    return term.status


@dataclass
class Change:
    """One undoable edit: the entry before and after it."""

    label: str
    before: Entry
    after: Entry


class History:
    """Undo and redo over whole-entry snapshots (edits are small; entries are too)."""

    def __init__(self, limit: int = 500):
        self.limit = limit
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    def record(self, label: str, before: Entry, after: Entry) -> None:
        self._undo.append(Change(label, snapshot(before), snapshot(after)))
        del self._undo[:-self.limit]
        self._redo.clear()

    def undo(self) -> Change | None:
        """The change to revert (put ``before`` back), or None."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._redo.append(change)
        return change

    def redo(self) -> Change | None:
        """The change to apply again (put ``after`` back), or None."""
        if not self._redo:
            return None
        change = self._redo.pop()
        self._undo.append(change)
        return change

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()


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
            except FileNotFoundError:
                continue
            out[path.relative_to(self.root).as_posix()] = (st.st_mtime_ns, st.st_size)
        return out

    def mark(self) -> None:
        """Accept what is on disk now as known (after our own save or a reload)."""
        self._seen = self._stat()

    def changed(self) -> list[str]:
        """Files that differ from what was last accepted (without accepting them)."""
        now = self._stat()
        return sorted(f for f in set(now) | set(self._seen) if now.get(f) != self._seen.get(f))


def kwic(text: str, forms: list[str], width: int = 36) -> tuple[str, str, str] | None:
    """Keyword in context: up to ``width`` characters either side of the first form found."""
    for form in sorted(forms, key=len, reverse=True):
        at = text.find(form) if form else -1
        if at >= 0:
            left = text[max(0, at - width):at]
            right = text[at + len(form):at + len(form) + width]
            return (("…" if at > width else "") + left.lstrip(), form,
                    right.rstrip() + ("…" if at + len(form) + width < len(text) else ""))
    return None

