"""The two passes over the corpus: count n-grams and cues, then locate the shortlisted terms.

Both passes run on work units (a batch of documents or one chunk of a large
file) and return plain statistics that add up, so they can run in worker
processes; the module-level state is each worker's segmenter and automaton.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, compress, repeat
from operator import and_, attrgetter, is_not, itemgetter, not_, or_
from typing import Any

from ..corpus import Document, cjk_ratio
from ..gcpause import paused_gc
from ..model import Occurrence
from . import english, enterms
from .newwords import is_han, linked_grams, term_grams
from .pos import Roles
from .segment import Segmenter, segmenter

MAX_OCCURRENCES = 5
SNIPPET = 160
BLOCK_CHARS = 2048  # the Chinese text segmented and counted at once (see blocks)
ISOLATED_RUN = 12  # a Chinese run this short inside English text is a name, not a clause
_INNER = itemgetter(slice(1, -1))  # a match without its neighbours
_TEXT = attrgetter("text")
_EN = attrgetter("en")
EDGE = "\x01"  # pads a segment so that every match has a character on either side
_EDGES = EDGE + EDGE

_STATE: dict[str, Any] = {}
_HAN = re.compile(f"[{english.HAN}]")
_RUNS = re.compile(f"[{english.HAN}]+")
_LATIN = re.compile("[A-Za-z]{2}")


@dataclass
class CountStats:
    """What pass 1 learns from a unit; ``add`` merges another unit's stats."""

    grams: Counter[str] = field(default_factory=Counter)
    cues: Counter[str] = field(default_factory=Counter)   # quoted or in title marks
    runs: Counter[str] = field(default_factory=Counter)   # short Chinese runs inside English
    codes: Counter[str] = field(default_factory=Counter)  # Latin codes in Chinese text (5G, M2)
    en_terms: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    en_phrases: Counter[str] = field(default_factory=Counter)  # lowercase noun phrases
    en_docs: Counter[str] = field(default_factory=Counter)     # documents per English term key
    chars: int = 0
    words: int = 0   # Chinese words, the corpus size that specificity compares with
    size: int = 0
    files: int = 0

    def add(self, other: CountStats) -> None:
        for name in ("grams", "cues", "runs", "codes", "en_terms", "pairs", "en_phrases",
                     "en_docs"):
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine:
                mine.update(theirs)
            else:
                setattr(self, name, theirs)
        self.chars += other.chars
        self.words += other.words
        self.size += other.size
        self.files += other.files

    def prune(self, cap: int) -> None:
        """Once there are more than ``cap`` n-grams, drop the rarest until half are left, so the
        table is rebuilt seldom (lossy counting: a term is frequent long before it is pruned)."""
        floor = 1
        while len(self.grams) > cap // 2 and (floor > 1 or len(self.grams) > cap):
            self.grams = Counter({g: c for g, c in self.grams.items() if c > floor})
            floor += 1

    def drop_singletons(self) -> None:
        """Before a worker's result is sent back: n-grams seen once are most of the table and
        can never reach the shortlist, which needs a frequency times length in the thousands."""
        self.grams = Counter({g: c for g, c in self.grams.items() if c > 1})


@dataclass
class TermStats:
    """What pass 2 finds for one shortlisted term."""

    frequency: int = 0
    documents: int = 0
    left: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    edges: list[int] = field(default_factory=lambda: [0, 0])

    def add(self, other: TermStats) -> None:
        self.frequency += other.frequency
        self.documents += other.documents
        self.left.update(other.left)
        self.right.update(other.right)
        self.edges = [self.edges[0] + other.edges[0], self.edges[1] + other.edges[1]]


def init_counting(backend: str, user_words: Iterable[str]) -> None:
    _STATE["segmenter"] = segmenter(backend, tuple(user_words))
    _STATE["roles"] = Roles(user_words)


def count_unit(unit: list[Document], stats: CountStats) -> None:
    """Pass 1 over a unit, added to ``stats``: n-grams, quote cues, English terms and pairs."""
    cutter: Segmenter = _STATE["segmenter"]
    runs: list[str] = []
    cues: list[str] = []
    codes: list[str] = []
    for doc in unit:
        stats.size += doc.size
        texts = list(map(_TEXT, doc.segments))
        han = list(map(bool, map(_HAN.search, texts)))
        # the Chinese lines in one string: no run and no quoted name holds a line break, so
        # two calls find what a call per line finds, in the same order
        chinese = "\n".join(compress(texts, han))
        runs += _RUNS.findall(chinese)
        cues += english.quoted_names(chinese)
        codes += english.codes(chinese)
        english_doc = _mostly_english(doc)
        latin = repeat(True) if english_doc else map(bool, map(_LATIN.search, texts))
        mixed = list(map(and_, han, latin))
        ens = list(map(_EN, doc.segments))
        # only the lines that hold English cost Python work, each in its place
        english_lines = map(or_, map(is_not, ens, repeat(None)), map(not_, han))
        seen: set[str] = set()
        for i in compress(range(len(texts)), map(or_, mixed, english_lines)):
            text = texts[i]
            if mixed[i] and (english_doc or cjk_ratio(text) < 0.3):
                seen.update(_mixed(text, stats))
            en = ens[i]
            if en is not None:
                seen.update(_english_line(en, stats))
            elif not han[i]:
                seen.update(_english_line(text, stats))
        stats.en_docs.update(enterms.document_keys(seen))
    stats.cues.update(cues)
    stats.codes.update(codes)
    stats.chars += sum(map(len, runs))
    roles: Roles = _STATE["roles"]
    # each step over every block before the next (the unit's words are a few tens of MB): the
    # segmenter's dictionary, the role table and the n-gram table are each read while in the
    # CPU's cache, where a block going through all three steps evicted each in turn (a fifth
    # less CPU for the steps); one cut per block, the line breaks keeping the runs apart
    parts = list(blocks(runs))
    tokens = [cutter.cut("\n".join(block)) for block in parts]
    found = list(map(roles.of, tokens))
    for block, words, role in zip(parts, tokens, found, strict=True):
        stats.words += len(words) - len(block) + 1
        stats.grams.update(term_grams(words, role))
        stats.grams.update(linked_grams(words, role, roles.adjectives))


def blocks(runs: list[str], size: int = BLOCK_CHARS) -> Iterator[list[str]]:
    """``runs`` in consecutive blocks of about ``size`` characters (a longer run alone).

    A run's words, n-grams and counts do not depend on the other runs, so the
    blocks add up to what the whole unit gives; but a block's n-gram lists,
    built six times over, are still in the CPU's cache when they are counted,
    where a unit's million n-grams (tens of MB of string objects) were read
    from memory at each step: a third less CPU. (Cutting and the role look-ups
    are the other way round: each is cheapest over the whole unit at once, see
    count_unit.)
    """
    ends = list(accumulate(map(len, runs)))
    start = 0
    while start < len(runs):
        stop = max(start + 1, bisect_right(ends, ends[start] - len(runs[start]) + size, start))
        yield runs[start:stop]
        start = stop


def _english_line(text: str, stats: CountStats) -> list[str]:
    """Count the English terms of a line; return them (for document frequencies)."""
    if english.is_headline(text):
        return []  # a headline's capitals say nothing; its terms recur in the body
    terms, found = english.english_terms(text), enterms.phrases(text)
    stats.en_terms.update(terms)
    stats.en_phrases.update(found)
    return terms + found


def _mostly_english(doc: Document) -> bool:
    sample = " ".join(s.text for s in doc.segments[:40])[:20000]
    return bool(_LATIN.search(sample)) and cjk_ratio(sample) < 0.3


def _mixed(text: str, stats: CountStats) -> list[str]:
    """Chinese inside English: short runs are names; English around them is evidence."""
    from ..corpus import cjk_spans

    for start, end in cjk_spans(text):
        if end - start <= ISOLATED_RUN:
            stats.runs[text[start:end]] += 1
    stats.pairs.update(english.mixed_pairs(text))
    return _english_line(text, stats)


def init_locating(terms: list[str]) -> None:
    _STATE["automaton"] = automaton(terms)
    _STATE["latin"] = any(map(_LATIN_TERM.match, terms))


# A term that opens or closes on a Latin letter or digit (a code: 5G, M2) matches only as a
# whole token: not 5G in 15G, nor M2 in PM2.5.
_LATIN_TERM = re.compile("[A-Za-z0-9]|.*[A-Za-z0-9]$")


def whole(key: str) -> bool:
    """A match with a character either side (see Locator) that is a whole token: no Latin
    letter or digit runs on across either of its ends, and a number code is no quantity:
    the programme “1361” is not the 1361 of 城镇新增就业1361万人, nor of 第1361号."""
    if (_latin(key[0]) and _latin(key[1])) or (_latin(key[-2]) and _latin(key[-1])):
        return False
    return not (key[-1] in _QUANTITY or key[0] == "第") or not key[1:-1].isdigit()


class EdgeWords:
    """Which matches of a two-character term have a general word across both edges (隆重 +
    庆祝 around 重庆 in 隆重庆祝; see matchvalues._edge_words, whose count floor this
    shares): no occurrence of the term. 重庆's English in a parallel corpus was taken
    from the sentence of 隆重庆祝 ('anniversary of reform and opening'). The words are
    looked up in the dictionary as they are met, once each."""

    def __init__(self) -> None:
        self._known: dict[str, bool] = {}

    def crossed(self, keys: Iterable[str]) -> set[str]:
        """Of ``keys`` (a match with one character either side), those so crossed."""
        four = [k for k in keys if len(k) == 4]
        if not four:
            return set()
        known = self._known
        wanted = {w for k in four for w in (k[:2], k[2:]) if w not in known}
        if wanted:
            from ..matchvalues import EDGE_MIN_COUNT
            from .lexicon import frequencies

            counts = frequencies(wanted)
            known.update((w, counts.get(w, 0) >= EDGE_MIN_COUNT) for w in wanted)
        return {k for k in four if known[k[:2]] and known[k[2:]]}


# What follows a number that counts or measures: units, measure words, dates, approximations.
_QUANTITY = frozenset("万亿千百十元角分人个家项年月日号次余多倍%％岁户座名位条件台辆吨米亩平方公里")


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def automaton(terms: list[str]) -> Any:
    """An Aho-Corasick automaton whose value for each term is its length."""
    import ahocorasick

    found = ahocorasick.Automaton()
    for term in terms:
        found.add_word(term, len(term))
    found.make_automaton()
    return found


class Locator:
    """Pass 2: frequency, document frequency and neighbours of each shortlisted term.

    Each match is kept as the term with one character either side (the text is
    padded with EDGE), so the work per match is one slice; the neighbours are
    read off the distinct slices of a unit. The chunks of a streamed file
    follow each other and count as one document; each record of a .tsv or
    .jsonl corpus is a document.
    """

    def __init__(self) -> None:
        self.machine = _STATE["automaton"]
        # pyahocorasick refuses to scan with an automaton of no words (nothing was ranked)
        self.empty = len(self.machine) == 0
        self.latin = _STATE.get("latin", True)
        self.keys: Counter[str] = Counter()
        self.found: dict[str, TermStats] = {}
        self.source: str | None = None
        self.in_source: set[str] = set()
        self.edges = EdgeWords()

    def stats(self, term: str) -> TermStats:
        stats = self.found.get(term)
        if stats is None:
            stats = self.found[term] = TermStats()
        return stats

    def add(self, unit: list[Document]) -> None:
        keys: list[str] = []
        for doc in unit:
            if doc.source != self.source or doc.chunk == 0:  # a file, a record: a document
                self._close_document()
                self.source = doc.source
            first = len(keys)
            if not self.empty:
                # the document's lines in one string, each between EDGE characters (no term
                # holds one, so no match spans two lines), scanned in one call
                padded = EDGE + _EDGES.join(map(_TEXT, doc.segments)) + EDGE
                keys += [padded[end - size:end + 2] for end, size in self.machine.iter(padded)]
            distinct = set(keys[first:])
            distinct -= self.edges.crossed(distinct)
            self.in_source.update(map(_INNER, filter(whole, distinct) if self.latin else distinct))
        self.keys.update(keys)

    def finish(self) -> dict[str, TermStats]:
        """Read frequency and neighbours off the distinct matches, once for the whole run."""
        self._close_document()
        found = self.found
        latin = self.latin
        crossed = self.edges.crossed(self.keys)  # every word known already (see add)
        for key, count in self.keys.items():  # about a million keys on 30 MB: kept inline
            if (latin and not whole(key)) or key in crossed:
                continue  # a code inside a longer token (5G in 15G); 重庆 in 隆重庆祝
            term = key[1:-1]
            stats = found.get(term) or self.stats(term)
            stats.frequency += count
            stats.left[key[0]] += count
            stats.right[key[-1]] += count
        self.keys = Counter()
        for stats in found.values():
            _edges(stats)
        return found

    def _close_document(self) -> None:
        for term in self.in_source:
            self.stats(term).documents += 1
        self.in_source = set()

def _edges(stats: TermStats) -> None:
    """Move the non-Chinese neighbours (punctuation, Latin, the text's ends) to the edge counts."""
    for side, counts in ((0, stats.left), (1, stats.right)):
        for char in [c for c in counts if not is_han(c)]:
            stats.edges[side] += counts.pop(char)


def occurrences(docs: Iterable[Document], terms: list[str]) -> dict[str, list[Occurrence]]:
    """The first MAX_OCCURRENCES lines (file, line, snippet) where each term stands.

    Run once over the corpus for the ranked terms only, and stopped as soon as
    every term has its examples; the GC is held while the documents are read (see
    ``paused_gc``).
    """
    if not terms:
        return {}
    with paused_gc():
        return _occurrences(docs, terms)


def _occurrences(docs: Iterable[Document], terms: list[str]) -> dict[str, list[Occurrence]]:
    machine = automaton(terms)
    found: dict[str, list[Occurrence]] = {t: [] for t in terms}
    waiting = set(terms)
    edges = EdgeWords()
    for doc in docs:
        for seg in doc.segments:
            seen: set[str] = set()
            padded = EDGE + seg.text + EDGE
            for end, size in machine.iter(padded):
                # padded[end] is the term's last character: seg.text[end - size:end] is the term
                key = padded[end - size:end + 2]
                if not whole(key) or (size == 2 and edges.crossed([key])):
                    continue
                term = padded[end + 1 - size:end + 1]
                if term in waiting and term not in seen:
                    seen.add(term)
                    found[term].append(Occurrence(doc.source, seg.line, _snippet(
                        seg.original or seg.text, end - size, end)))
                    if len(found[term]) >= MAX_OCCURRENCES:
                        waiting.discard(term)
            if not waiting:
                return found
    return found

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
