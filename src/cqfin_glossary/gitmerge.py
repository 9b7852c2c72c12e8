"""Three-way merge of one glossary YAML file, entry by entry, for git's merge driver.

Git gives the common ancestor, our version and theirs. Entries are matched
by id; an entry changed on one side only takes that side, one changed on both
sides is merged field by field (the ``changed`` stamp takes the later time),
and only a field both sides changed differently is a conflict. A conflict
keeps both copies, ours first, under a comment: the file stays valid YAML and
``validate`` names the second copy as a duplicate id, so nothing is lost and
the spot is easy to find. A deletion against an edit keeps the edited entry
with a ``merge-conflict`` key, which ``validate`` reports as an unresolved conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import comments, yamlio
from .errors import GlossaryError
from .schema import ENTRY_KEYS, MERGE_CONFLICT

Data = dict[str, Any]


@dataclass
class MergeResult:
    """The merged text and the ids of the entries left in conflict."""

    text: str
    conflicts: list[str] = field(default_factory=list)
    merged: int = 0  # entries taken from their side or combined from both


class NotAGlossary(ValueError):
    """One of the versions is no list of entries with unique ids: merge it as text."""


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def entries_of(text: str, name: str) -> dict[str, Data]:
    """The entries of one version by id, in file order (empty text: no entries)."""
    data = _plain(yamlio.parse(text, name)) if text.strip() else []
    if data is None:
        data = []
    if not isinstance(data, list):
        raise NotAGlossary(f"{name}: not a list of entries")
    out: dict[str, Data] = {}
    for item in data:
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str) or ident in out:
            raise NotAGlossary(f"{name}: an entry without an id, or a duplicate id")
        out[ident] = item
    return out


def _ordered(entry: Data) -> Data:
    rank = {key: i for i, key in enumerate(ENTRY_KEYS)}
    return dict(sorted(entry.items(), key=lambda kv: rank.get(kv[0], len(rank))))


def merge_entry(base: Data | None, ours: Data, theirs: Data,
                prefer: str | None = None, by_term: bool = True) -> Data | None:
    """Both sides' changes to one entry, or None when they changed one field differently;
    with ``prefer`` ("ours" or "theirs") that side's value of such a field instead (the
    editor's M and H decide the fields changed both ways, not the whole entry)."""
    out: Data = {}
    for key in dict.fromkeys([*ours, *theirs]):
        b = base.get(key) if base else None
        o, t = ours.get(key), theirs.get(key)
        if o == t or t == b:
            value = o
        elif o == b:
            value = t
        elif key == "changed" and isinstance(o, str) and isinstance(t, str):
            value = max(o, t)  # ISO 8601 stamps sort as text
        elif key in ("zh", "en") and by_term and (
                value := merge_terms(b, o, t, prefer)) is not None:
            pass
        elif prefer is not None:
            value = o if prefer == "ours" else t
        else:
            return None
        if value is not None:
            out[key] = value
    return _ordered(out)


def merge_terms(base: object, ours: object, theirs: object,
                 prefer: str | None = None) -> list[Data] | None:
    """Both sides' changes to a list of terms, term by term (by the term's text): 'green
    credit' added on one branch and 'environmental loans' on the other is both, not a
    conflict of the whole entry. None when one term changed both ways, or a list is not
    one of distinct terms. Our order, then their new terms."""
    b, o, t = _by_term(base), _by_term(ours), _by_term(theirs)
    if b is None or o is None or t is None:
        return None
    out = []
    for key in dict.fromkeys([*o, *t]):
        old, mine, their = b.get(key), o.get(key), t.get(key)
        if mine == their or their == old:
            value = mine
        elif mine == old:
            value = their
        elif prefer is not None:
            value = mine if prefer == "ours" else their
        else:
            return None
        if value is not None:
            out.append(value)
    return out


def _by_term(items: object) -> dict[str, Data] | None:
    if items is None:
        return {}
    if not isinstance(items, list) or not all(isinstance(i, dict) and isinstance(
            i.get("term"), str) for i in items):
        return None
    found = {i["term"]: i for i in items}
    return found if len(found) == len(items) else None


def _block(entry: Data) -> str:
    return yamlio.dump([entry])


def merge_texts(base: str, ours: str, theirs: str, name: str = "glossary") -> MergeResult:
    """Merge three versions of one glossary file; raises NotAGlossary when one is not.

    The comments a person wrote are kept (see comments.py): the lines heading the file
    are merged as a whole (theirs if only they changed them); an entry whose merged data
    is one side's keeps that side's text, with the comments the other side wrote in it
    put in too; a combined one is dumped with both sides' comments carried over; the
    comments above an entry deleted on a branch stay above the next one. What the merge
    gives with comments must read as what it gives without them, or it goes without."""
    b = entries_of(base, f"{name} (base)")
    o = entries_of(ours, f"{name} (ours)")
    t = entries_of(theirs, f"{name} (theirs)")
    plain = _merged(b, o, t, _plain_keep, {})
    sides = [_Side(text, entries) for text, entries in ((base, b), (ours, o), (theirs, t))]
    if not sides[1].pieces and not sides[2].pieces:
        return plain
    result = _merged(b, o, t, _keeper(*sides), sides[1].pieces)
    head = _head(*(side.head for side in sides))
    result.text = head + result.text
    try:  # no way of placing a comment may change the data the merge gives
        same = yamlio.parse(result.text, name) == yamlio.parse(plain.text, name)
    except GlossaryError:
        same = False
    return result if same else plain


class _Side:
    """One version of the file: the lines heading it, and each entry's piece without them."""

    def __init__(self, text: str, entries: dict[str, Data]):
        self.entries = entries
        found = comments.pieces(text.encode("utf-8"), list(entries)) if "#" in text else None
        self.pieces = {i: p.decode("utf-8") for i, p in found.items()} if found else {}
        self.head = ""
        if self.pieces:
            first = next(iter(self.pieces))
            lead, item = comments.split_lead(self.pieces[first].encode("utf-8"))
            self.head, self.pieces[first] = lead.decode("utf-8"), item.decode("utf-8")


def _head(base: str, ours: str, theirs: str) -> str:
    if theirs in (base, ours):
        return ours
    if ours == base:
        return theirs
    return comments.flush(comments.carry(theirs.encode("utf-8"), ours.encode("utf-8"))
                          ).decode("utf-8")


def _plain_keep(ident: str, entry: Data) -> str:
    return _block(entry)


def _merged(b: dict[str, Data], o: dict[str, Data], t: dict[str, Data], keep: Keep,
            mine: dict[str, str]) -> MergeResult:
    result = MergeResult("")
    blocks: dict[str, str] = {}
    renamed = {**_renames(b, o), **_renames(b, t)}
    for ident in dict.fromkeys([*o, *t]):
        blocks[ident] = _one(ident, b.get(ident), o.get(ident), t.get(ident), result,
                             renamed.get(ident), keep)
    kept = [block.encode("utf-8") for block in _leads_kept(blocks, mine, list(o)) if block]
    result.text = b"".join(comments.unrepeated(kept)).decode("utf-8") or "[]\n"
    return result


Keep = Callable[[str, Data], str]


def _keeper(base: _Side, ours: _Side, theirs: _Side) -> Keep:
    """The text of an entry as merged: a side's own piece where the data is that side's."""
    bp, op, tp = base.pieces, ours.pieces, theirs.pieces
    o, t = ours.entries, theirs.entries

    def keep(ident: str, entry: Data) -> str:
        mine, yours = op.get(ident), tp.get(ident)
        if mine is not None and entry == o.get(ident):
            text, other = mine, yours
        elif yours is not None and entry == t.get(ident):
            text, other = yours, mine
        else:  # combined from both: each side's comments carried over
            new = _block(entry).encode()
            for old in (mine, yours):
                if old is not None:
                    new = comments.carry(old.encode(), new)
            return new.decode()
        if other is not None and other != bp.get(ident):  # the other side wrote in it too
            return comments.carry(other.encode(), text.encode()).decode()
        return text

    return keep


def _leads_kept(blocks: dict[str, str], mine: dict[str, str], order: list[str]) -> list[str]:
    """The merged blocks, with the comments above each of our entries the merge deleted put
    above the next entry kept (or after the last)."""
    gone = {i for i in order if not blocks[i]}
    if not gone or not mine:
        return list(blocks.values())
    pieces = {i: mine[i].encode("utf-8") for i in order}
    above, below = comments.removed_leads(order, pieces, gone, set())
    out = []
    for ident, text in blocks.items():
        lead = comments.split_lead(text.encode("utf-8"))[0].splitlines()
        held = b"".join(line for line in above.get(ident, b"").splitlines(keepends=True)
                        if line.rstrip(b"\r\n") not in lead)  # their text kept it above already
        out.append(held.decode("utf-8") + text + below.get(ident, b"").decode("utf-8"))
    return out


def _renames(base: dict[str, Data], side: dict[str, Data]) -> dict[str, str]:
    """Entries of ``base`` that ``side`` renamed: gone under their id, and an entry new on
    that side has their Chinese headword (old id -> new id)."""
    new = {_headword(entry): ident for ident, entry in side.items() if ident not in base}
    return {ident: new[head] for ident, entry in base.items()
            if ident not in side and (head := _headword(entry)) in new and head}


def _headword(entry: Data) -> str:
    terms = entry.get("zh")
    first = terms[0] if isinstance(terms, list) and terms else None
    return first.get("term", "") if isinstance(first, dict) else ""


def _one(ident: str, base: Data | None, ours: Data | None, theirs: Data | None,
         result: MergeResult, renamed: str | None = None,
         keep: Keep = _plain_keep) -> str:
    """The text one entry contributes to the merged file; ``renamed``: the id one side gave
    this entry instead (then a change on the other side has to move over)."""
    if ours == theirs or theirs == base:
        return keep(ident, ours) if ours is not None else ""
    if ours == base:
        result.merged += 1
        return keep(ident, theirs) if theirs is not None else ""
    if ours is None or theirs is None:
        kept = ours if ours is not None else theirs
        assert kept is not None
        side = "theirs" if ours is None else "ours"
        result.conflicts.append(ident)
        if renamed is not None:  # read as a deletion, it left two entries for one concept
            return keep(ident, {**kept, MERGE_CONFLICT: f"renamed {renamed} on one branch, changed "
                           f"on the other ({side} kept it): carry the change over to "
                           f"{renamed}, then delete this entry"})
        return keep(ident, {**kept, MERGE_CONFLICT: f"deleted on one branch, changed on the other "
                       f"({side} kept it); delete the entry or this line"})
    both = merge_entry(base, ours, theirs)
    if both is not None:
        result.merged += 1
        return keep(ident, both)
    result.conflicts.append(ident)
    first = keep(ident, ours)
    lead, item = (part.decode("utf-8") for part in comments.split_lead(first.encode("utf-8")))
    return (f"{lead}# merge conflict: entry {ident} was changed on both branches; the first "
            f"copy is\n# ours, the second theirs: keep one (validate names the second as a "
            f"duplicate)\n{item}{_second(first, keep(ident, theirs))}")


def _second(first: str, second: str) -> str:
    """The second copy of an entry in conflict without the lines above it when the first
    has them already."""
    lead, item = comments.split_lead(second.encode("utf-8"))
    same = lead == comments.split_lead(first.encode("utf-8"))[0]
    return (item if same else lead + item).decode("utf-8")
