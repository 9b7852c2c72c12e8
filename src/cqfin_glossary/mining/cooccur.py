"""Which English phrases stand beside which Chinese terms, sentence pair by sentence pair.

The parallel documents are read once more after the Chinese terms are
ranked: documents aligned as wholes (``name.zh.txt`` + ``name.en.txt``) are
aligned sentence by sentence first (``align``), line-aligned ones (.tsv,
.jsonl, .po) give their pairs as they are. In each pair, the ranked Chinese
terms are found by Aho-Corasick and the English candidates are the noun
phrases (cut at sentence and clause boundaries), the names and the acronym
expansions of the English side. Counting pairs, not documents, is what keeps
common words of a chapter ('rates', 'average core') from winning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..corpus import Document
from . import english, enterms
from .align import Cut, align

EXAMPLES = 3  # pairs kept per term for the position of its English (rare terms only)


@dataclass
class Cooccurrence:
    """Counts over aligned sentence pairs, and the English terms of the aligned English."""

    pairs: int = 0
    zh: Counter[str] = field(default_factory=Counter)           # pairs holding each term
    en: Counter[str] = field(default_factory=Counter)           # pairs holding each phrase key
    both: dict[str, Counter[str]] = field(default_factory=dict)  # term -> phrase key -> pairs
    spelled: Counter[str] = field(default_factory=Counter)    # phrase as written -> pairs
    expansions: dict[str, str] = field(default_factory=dict)    # expansion key -> acronym
    # The English side of documents aligned as wholes, for the list of English terms.
    en_terms: Counter[str] = field(default_factory=Counter)
    en_phrases: Counter[str] = field(default_factory=Counter)
    en_docs: Counter[str] = field(default_factory=Counter)
    aligned_docs: int = 0
    # The first few pairs of each term: where in the Chinese it stands (0..1) and the English.
    examples: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    _forms: dict[str, Counter[str]] = field(default_factory=dict)

    def forms(self, key: str) -> Counter[str]:
        """The spellings of a phrase key (indexed on first use, after counting)."""
        if not self._forms and self.spelled:
            for form, n in self.spelled.items():
                self._forms.setdefault(enterms.term_key(form), Counter())[form] += n
        return self._forms.get(key, Counter())


def count(docs: Iterable[Document], terms: list[str], cut: Cut) -> Cooccurrence:
    """Co-occurrence of ``terms`` with the English phrases of the parallel documents."""
    from .candidates import automaton

    out = Cooccurrence()
    machine = automaton(sorted(terms)) if terms else None
    for doc in docs:
        whole = bool(doc.english)  # aligned as wholes: its English was not seen by pass 1
        if whole:
            beads = align([(s.line, s.text) for s in doc.segments],
                          [(s.line, s.text) for s in doc.english], cut)
            pairs = [(b.zh, b.en) for b in beads]
            out.aligned_docs += 1
        else:
            pairs = [(s.text, s.en) for s in doc.segments if s.en]
        seen: set[str] = set()
        for zh, en in pairs:
            if not en:
                continue
            names, found = english.english_terms(en), enterms.phrases(en)
            if whole and not english.is_headline(en):
                out.en_terms.update(names)
                out.en_phrases.update(found)
                seen.update(names + found)
            if zh:
                _count_pair(zh, en, names + found + extended(en, found), machine, out)
        out.en_docs.update(enterms.document_keys(seen))
    return out


def _count_pair(zh: str, en: str, forms: list[str], machine: Any, out: Cooccurrence) -> None:
    places = {zh[end + 1 - size:end + 1]: (end + 1 - size / 2) / len(zh)
              for end, size in machine.iter(zh)} if machine else {}
    out.pairs += 1
    if not places:
        return
    found = set(places)
    for term, place in places.items():
        seen = out.examples.setdefault(term, [])
        if len(seen) < EXAMPLES:
            seen.append((place, en))
    for name, acronym in english.acronyms(en):
        out.expansions[enterms.term_key(name)] = acronym
    out.spelled.update(forms)
    keys = set(map(enterms.term_key, forms))
    out.zh.update(found)
    out.en.update(keys)
    for term in found:
        slot = out.both.get(term)
        if slot is None:
            slot = out.both[term] = Counter()
        slot.update(keys)


_CAPITALS = re.compile(r"(?:[A-Z][a-z]+(?:['’][a-z]+)?(?:-[A-Z][a-z]+)*\s){1,2}$")
_JOIN = re.compile(r" (?:of the|of|for|in|and|as a|as) ")
_VERB = re.compile(r"\b([a-z]+) $")
MAX_WORDS = 9


def extended(en: str, phrases: list[str]) -> list[str]:
    """Renderings the noun-phrase cutter leaves out, for the association to weigh: a phrase
    with the capitalised words before it ('Chinese modernization', 'China-Europe freight
    trains'), two phrases joined by of/for/in/and ('negative list for market access',
    'tiered diagnosis and treatment') and a phrase with its verb before it, for a Chinese
    verb-object term ('expand domestic demand' for 扩大内需)."""
    spans = set()
    for phrase in set(phrases):
        at = en.find(phrase)
        if at >= 0:
            spans.add((at, at + len(phrase)))
    starts: dict[int, list[int]] = {}
    for begin, end in spans:
        starts.setdefault(begin, []).append(end)
    heads = {begin: _named(en, begin) + _verbed(en, begin) for begin in starts}
    tails = {}
    for end in {end for _, end in spans}:
        join = _JOIN.match(en, end)
        tails[end] = starts.get(join.end(), []) if join else []
    out: set[str] = set()
    for begin, end in spans:
        out.update(en[head:end] for head in heads[begin])
        out.update(en[begin:tail] for tail in tails[end] if en.count(" ", begin, tail) < MAX_WORDS)
    return sorted(out)


def _named(en: str, begin: int) -> list[int]:
    """Where the capitalised words before ``begin`` start, unless they open the sentence."""
    m = _CAPITALS.search(en, max(0, begin - 40), begin)
    if m and m.start() > 0 and en[:m.start()].rstrip()[-1:] not in ".!?:;\"“(":
        last = m.group().split()[-1].lower()
        if not last.endswith(("ing", "ed")):  # a verb opening a heading ("Advancing ...")
            return [m.start()]
    return []


def _verbed(en: str, begin: int) -> list[int]:
    """Where the verb right before ``begin`` starts: a base form or an "-ing" form."""
    m = _VERB.search(en, max(0, begin - 20), begin)
    if m:
        verb = m.group(1)
        if verb in enterms.MORE_VERBS or (verb.endswith("ing") and len(verb) > 5):
            return [m.start()]
    return []
