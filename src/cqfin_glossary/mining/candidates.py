"""The two passes over the corpus: count n-grams and cues, then locate the shortlisted terms.

Both passes run on work units (a batch of documents or one chunk of a large
file) and return plain statistics that add up, so they can run in worker
processes; the module-level state is each worker's segmenter and automaton.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..corpus import Document, cjk_ratio
from ..model import Occurrence
from . import english
from .newwords import count_grams, is_han
from .segment import Segmenter

MAX_OCCURRENCES = 5
SNIPPET = 160
ISOLATED_RUN = 12  # a Chinese run this short inside English text is a name, not a clause

_STATE: dict[str, Any] = {}
_HAN = re.compile(f"[{english.HAN}]")
_LATIN = re.compile("[A-Za-z]{2}")


@dataclass
class CountStats:
    """What pass 1 learns from a unit; ``add`` merges another unit's stats."""

    grams: Counter[str] = field(default_factory=Counter)
    cues: Counter[str] = field(default_factory=Counter)   # quoted or in title marks
    runs: Counter[str] = field(default_factory=Counter)   # short Chinese runs inside English
    en_terms: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    en_ngrams: Counter[str] = field(default_factory=Counter)
    chars: int = 0
    size: int = 0

    def add(self, other: CountStats) -> None:
        for name in ("grams", "cues", "runs", "en_terms", "pairs", "en_ngrams"):
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine:
                mine.update(theirs)
            else:
                setattr(self, name, theirs)
        self.chars += other.chars
        self.size += other.size

    def prune(self, cap: int) -> None:
        """Drop the rarest n-grams once there are more than ``cap`` (lossy counting)."""
        floor = 1
        while len(self.grams) > cap:
            self.grams = Counter({g: c for g, c in self.grams.items() if c > floor})
            floor += 1


@dataclass
class TermStats:
    """What pass 2 finds for one shortlisted term."""

    frequency: int = 0
    docs: set[str] = field(default_factory=set)
    occurrences: list[Occurrence] = field(default_factory=list)
    left: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    edges: list[int] = field(default_factory=lambda: [0, 0])
    aligned: int = 0
    assoc: Counter[str] = field(default_factory=Counter)

    def add(self, other: TermStats) -> None:
        self.frequency += other.frequency
        self.docs |= other.docs
        room = MAX_OCCURRENCES - len(self.occurrences)
        self.occurrences.extend(other.occurrences[:max(0, room)])
        self.left.update(other.left)
        self.right.update(other.right)
        self.edges = [self.edges[0] + other.edges[0], self.edges[1] + other.edges[1]]
        self.aligned += other.aligned
        self.assoc.update(other.assoc)


def init_counting(backend: str, user_words: list[str]) -> None:
    _STATE["segmenter"] = Segmenter(backend, user_words)


def count_unit(unit: list[Document]) -> CountStats:
    """Pass 1 over a unit: boundary-anchored n-grams, quote cues, English terms and pairs."""
    segmenter: Segmenter = _STATE["segmenter"]
    stats = CountStats()
    for doc in unit:
        stats.size += doc.size
        english_doc = _mostly_english(doc)
        for seg in doc.segments:
            text = seg.text
            if _HAN.search(text):
                stats.chars += count_grams(segmenter.cut(text), stats.grams)
                stats.cues.update(english.quoted_names(text))
                if english_doc or (_LATIN.search(text) and cjk_ratio(text) < 0.3):
                    _mixed(text, stats)
            if seg.en is not None:
                stats.en_ngrams.update(english.ngrams(seg.en))
                stats.en_terms.update(english.english_terms(seg.en))
            elif not _HAN.search(text):
                stats.en_terms.update(english.english_terms(text))
    return stats


def _mostly_english(doc: Document) -> bool:
    sample = " ".join(s.text for s in doc.segments[:40])[:20000]
    return bool(_LATIN.search(sample)) and cjk_ratio(sample) < 0.3


def _mixed(text: str, stats: CountStats) -> None:
    """Chinese inside English: short runs are names; English around them is evidence."""
    from ..corpus import cjk_spans

    for start, end in cjk_spans(text):
        if end - start <= ISOLATED_RUN:
            stats.runs[text[start:end]] += 1
    stats.pairs.update(english.mixed_pairs(text))
    stats.en_terms.update(english.english_terms(text))


def init_locating(terms: list[str]) -> None:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for term in terms:
        automaton.add_word(term, term)
    automaton.make_automaton()
    _STATE["automaton"] = automaton


def locate_unit(unit: list[Document]) -> dict[str, TermStats]:
    """Pass 2 over a unit: frequency, documents, occurrences and neighbours of each term."""
    automaton = _STATE["automaton"]
    found: dict[str, TermStats] = {}
    for doc in unit:
        for seg in doc.segments:
            text, seen = seg.text, set()
            for end, term in automaton.iter(text):
                stats = found.get(term)
                if stats is None:
                    stats = found[term] = TermStats()
                _record(stats, text, end + 1 - len(term), end + 1)
                if len(stats.occurrences) < MAX_OCCURRENCES and term not in seen:
                    stats.occurrences.append(Occurrence(doc.source, seg.line, _snippet(
                        seg.original or text, end + 1 - len(term), end + 1)))
                stats.docs.add(doc.source)
                seen.add(term)
            if seg.en is not None and seen:
                grams = english.ngrams(seg.en)
                for term in seen:
                    found[term].aligned += 1
                    found[term].assoc.update(grams)
    return found


def _record(stats: TermStats, text: str, start: int, end: int) -> None:
    stats.frequency += 1
    if start > 0 and is_han(text[start - 1]):
        stats.left[text[start - 1]] += 1
    else:
        stats.edges[0] += 1
    if end < len(text) and is_han(text[end]):
        stats.right[text[end]] += 1
    else:
        stats.edges[1] += 1


def _snippet(text: str, start: int, end: int) -> str:
    """The sentence around a match, cut to about SNIPPET characters."""
    if len(text) <= SNIPPET:
        return text
    marks = "。！？；!?;"
    left = max((text.rfind(m, max(0, start - SNIPPET // 2), start) for m in marks), default=-1)
    lo = left + 1 if left >= 0 else max(0, start - SNIPPET // 2)
    rights = [i for i in (text.find(m, end, lo + SNIPPET) for m in marks) if i >= 0]
    hi = min(rights) + 1 if rights else min(len(text), lo + SNIPPET)
    return text[lo:hi].strip()
