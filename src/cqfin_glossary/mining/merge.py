"""Merge mined candidates into a glossary in memory: add new terms, refresh candidates.

Reviewed entries are spared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import count, repeat
from pathlib import Path
from typing import Any

from ..model import Entry, EntryStatus, Mining, Suggestion, Term
from ..schema import script_problem
from ..store import DEFAULT_FILE, Glossary
from .renderings import LIMIT


@dataclass
class MergeReport:
    added: list[str] = field(default_factory=list)      # ids of new candidate entries
    updated: list[str] = field(default_factory=list)    # candidate entries whose mining changed
    reviewed: list[str] = field(default_factory=list)   # approved/rejected entries left as they are
    skipped: int = 0                                    # English candidates (no Chinese term)
    refused: list[str] = field(default_factory=list)    # terms the store would refuse, with why

    def summary(self) -> str:
        text = (f"{len(self.added)} new candidate(s), {len(self.updated)} updated, "
                f"{len(self.reviewed)} already reviewed (unchanged)")
        if self.refused:
            text += f", {len(self.refused)} not added ({self.refused[0]})"
        return text


def slug(term: str) -> str:
    """A readable id for a Chinese term: its toneless pinyin ('渝金盾' -> 'yujindun')."""
    from ..textnorm import pinyin, pinyin_key

    return pinyin_key(pinyin(term))[:60] or "term"


# New candidates per file: a mined entry takes about 2 KB (occurrences, suggestions with
# their evidence), so a file stays near 4 MB, quick to save after each edit in the editor
# and far below the size the loader refuses (yamlio.MAX_FILE_BYTES).
PER_FILE = 2000


def merge_candidates(glossary: Glossary, candidates: list[Any], file: str = DEFAULT_FILE,
                     corpus: Iterable[str | Path] | None = None) -> MergeReport:
    """Put Chinese candidates into ``glossary`` (in memory; the caller saves with store.save).

    New entries go to ``file`` until it holds PER_FILE entries, then to the next of
    its numbered siblings with room (candidates-2.yaml, candidates-3.yaml ...).
    ``corpus``: the paths mined; a candidate's occurrences in files outside them (an
    editor's citation, an earlier run on other texts) are kept when it is refreshed."""
    read = _reader(corpus)
    report = MergeReport()
    files = _new_files(glossary, file)
    for cand in candidates:
        if getattr(cand, "lang", "zh") != "zh" or not cand.zh:
            report.skipped += 1
            continue
        why = script_problem("zh", cand.zh)
        if why:  # one term the store would refuse must not stop the rest from being written
            report.refused.append(why)
            continue
        entries = glossary.find_zh(cand.zh)
        reviewed = [e for e in entries if e.status is not EntryStatus.CANDIDATE]
        if reviewed:
            report.reviewed.extend(e.id for e in reviewed if e.id not in report.reviewed)
        elif entries:
            if _refresh(entries[0], cand, read):
                report.updated.append(entries[0].id)
        else:
            entry = Entry(id=glossary.unique_id(slug(cand.zh)),
                          zh=[Term(cand.zh, hant=_written_hant(cand))])
            _refresh(entry, cand, read)
            glossary.add(entry, next(files))
            report.added.append(entry.id)
    return report


def _written_hant(cand: Any) -> str | None:
    """The Traditional form the texts wrote a new candidate in, where OpenCC would write it
    otherwise: 「金融雲端平台」 came out as 金融雲端平臺 in a Traditional export, the author's
    平台 lost. The first Traditional occurrence decides."""
    from ..textnorm import convert, to_simplified

    for occurrence in cand.occurrences:
        text = occurrence.text
        simple = to_simplified(text)
        at = simple.find(cand.zh) if simple != text and len(simple) == len(text) else -1
        if at >= 0:
            written = text[at:at + len(cand.zh)]
            return None if written in (cand.zh, convert(cand.zh, "s2t")) else written
    return None


def _new_files(glossary: Glossary, first: str) -> Iterator[str]:
    """The file of each new candidate in turn: ``first``, then candidates-2.yaml and so on,
    each until it holds PER_FILE entries."""
    stem, dot, ext = first.rpartition(".")
    if not dot:
        stem, ext = ext, ""
    for number in count(1):
        name = first if number == 1 else f"{stem}-{number}{dot}{ext}"
        yield from repeat(name, PER_FILE - len(glossary.entries_in(name)))


def _refresh(entry: Entry, cand: Any, read: Callable[[str], bool]) -> bool:
    """Refresh the miner's fields of a candidate entry; True when something changed.

    Mining other texts replaced what an earlier run had found: 十三五's '13th Five-Year
    Plan' (aligned sentences, Dice 0.80) gave way to the pinyin 'Shisanwu' after a run on
    Chinese-only text, and its frequency fell from 31 to 1 beside six occurrences. So the
    suggestions of every run are kept (each rendering with its best score and all its
    evidence), and the figures are those of the run that saw the term most often. Mining
    the same texts again changes nothing."""
    before = entry.to_dict()
    new = Mining(cand.score, cand.frequency, cand.doc_frequency, dict(cand.components))
    if entry.mining is None or new.frequency >= entry.mining.frequency:
        entry.mining = new
    # Mining other texts replaced the occurrences in a file this run never read (the seeds'
    # citation of a shipped candidate was lost): those stay, after the new ones.
    kept = [o for o in entry.occurrences if not read(o.source)]
    entry.occurrences = list(cand.occurrences) + [o for o in kept if o not in cand.occurrences]
    entry.suggestions = _gathered(entry.suggestions, list(cand.suggestions))
    return entry.to_dict() != before


def _gathered(old: list[Suggestion], new: list[Suggestion]) -> list[Suggestion]:
    """Both runs' suggestions, best first: a rendering both give (case aside) takes the
    higher score, the spelling that scored it and the evidence of both; at most LIMIT."""
    by_key: dict[str, Suggestion] = {}
    for item in new + old:
        key = item.term.casefold()
        held = by_key.get(key)
        if held is None:
            by_key[key] = Suggestion(item.term, item.score, list(item.evidence))
            continue
        best, other = (item, held) if item.score > held.score else (held, item)
        evidence = best.evidence + [e for e in other.evidence if e not in best.evidence]
        by_key[key] = Suggestion(best.term, best.score, evidence)
    # stable: on equal scores this run's order holds, then the earlier run's
    return sorted(by_key.values(), key=lambda s: -s.score)[:LIMIT]


def _reader(corpus: Iterable[str | Path] | None) -> Callable[[str], bool]:
    """Whether an occurrence's source is among (or under) the paths mined; every source is
    when they are not known, as before."""
    if corpus is None:
        return lambda source: True
    roots = [Path(p).resolve() for p in corpus]
    known: dict[str, bool] = {}  # a long list's occurrences name a few files many times

    def read(source: str) -> bool:
        found = known.get(source)
        if found is None:
            where = Path(source).resolve()
            found = known[source] = any(where.is_relative_to(root) for root in roots)
        return found
    return read

