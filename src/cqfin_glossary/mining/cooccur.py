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


@dataclass
class Cooccurrence:
    """Counts over aligned sentence pairs, and the English terms of the aligned English."""

    pairs: int = 0
    zh: Counter[str] = field(default_factory=Counter)           # pairs holding each term
    en: Counter[str] = field(default_factory=Counter)           # pairs holding each phrase key
    both: dict[str, Counter[str]] = field(default_factory=dict)  # term -> phrase key -> pairs
    forms: dict[str, Counter[str]] = field(default_factory=dict)  # phrase key -> spellings
    expansions: dict[str, str] = field(default_factory=dict)    # expansion key -> acronym
    # The English side of documents aligned as wholes, for the list of English terms.
    en_terms: Counter[str] = field(default_factory=Counter)
    en_phrases: Counter[str] = field(default_factory=Counter)
    en_docs: Counter[str] = field(default_factory=Counter)
    aligned_docs: int = 0


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
            found += _named(en, found)
            if whole and not english.is_headline(en):
                out.en_terms.update(names)
                out.en_phrases.update(found)
                seen.update(names + found)
            if zh:
                _count_pair(zh, en, names + found, machine, out)
        out.en_docs.update(enterms.document_keys(seen))
    return out


def _count_pair(zh: str, en: str, forms: list[str], machine: Any, out: Cooccurrence) -> None:
    found = {zh[end + 1 - size:end + 1] for end, size in machine.iter(zh)} if machine else set()
    out.pairs += 1
    if not found:
        return
    for name, acronym in english.acronyms(en):
        out.expansions[enterms.term_key(name)] = acronym
    keys = set()
    for form in forms:
        key = enterms.term_key(form)
        keys.add(key)
        spellings = out.forms.get(key)
        if spellings is None:
            spellings = out.forms[key] = Counter()
        spellings[form] += 1
    out.zh.update(found)
    out.en.update(keys)
    for term in found:
        slot = out.both.get(term)
        if slot is None:
            slot = out.both[term] = Counter()
        slot.update(keys)


_CAPITALS = re.compile(r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)*\s){1,2}$")


def _named(en: str, phrases: list[str]) -> list[str]:
    """Phrases with the capitalised words before them, when these do not open the sentence:
    'Chinese modernization', 'China-Europe freight trains', 'Chengdu-Chongqing economic zone'
    (the noun-phrase cutter stops at capitals, which mostly open names)."""
    out = []
    for phrase in set(phrases):
        at = en.find(phrase)
        if at <= 0:
            continue
        m = _CAPITALS.search(en, max(0, at - 40), at)
        if m and m.start() > 0 and en[:m.start()].rstrip()[-1:] not in ".!?:;\"“(":
            out.append(m.group() + phrase)
    return sorted(out)
