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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..corpus import Document, ParallelNotice
from ..errors import GlossaryError
from . import english, enterms
from .align import Cut, align
from .candidates import EDGE, EdgeWords, automaton, whole
from .enwords import is_pinyin_word, zipf

EXAMPLES = 3  # pairs kept per term for the position of its English (rare terms only)
# A translation's aligned sentences share about 45% of their English words with the glosses
# of the Chinese; two documents of the same kind that are not one another's, about 10%.
MIN_SIMILARITY = 0.2
MIN_BEADS = 5
COMMON_ZIPF = 3.5  # a word at least this common in English is an ordinary word (Zipf scale)


@dataclass
class Cooccurrence:
    """Counts over aligned sentence pairs, and the English terms of the aligned English."""

    pairs: int = 0
    zh: Counter[str] = field(default_factory=Counter)           # pairs holding each term
    en: Counter[str] = field(default_factory=Counter)           # pairs holding each phrase key
    both: dict[str, Counter[str]] = field(default_factory=dict)  # term -> phrase key -> pairs
    spelled: Counter[str] = field(default_factory=Counter)    # phrase as written -> pairs
    expansions: dict[str, str] = field(default_factory=dict)    # expansion key -> acronym
    # The English sentences of each document aligned as a whole (pass 1 saw only its Chinese),
    # for the list of English terms.
    english: list[list[str]] = field(default_factory=list)
    # The first few pairs of each term: where in the Chinese it stands (0..1) and the English.
    examples: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    verbed: set[str] = field(default_factory=set)  # phrase keys that open with their verb
    edges: EdgeWords = field(default_factory=EdgeWords)  # 重庆 is no term of 隆重庆祝
    _spelling: dict[str, str] = field(default_factory=dict)

    def spelling(self, key: str) -> str:
        """The usual spelling of a phrase key; on a tie the lowercase one (a capital may just
        open a sentence). All keys are indexed in one pass over the spellings, on first use
        (after counting)."""
        if not self._spelling and self.spelled:
            spelled, best = self.spelled, self._spelling
            for form in spelled:
                key_of = enterms.phrase_key(form)
                held = best.get(key_of)
                # nearly every key has one spelling: the two are ranked only when it has more
                if held is None or _rank(form, spelled[form]) < _rank(held, spelled[held]):
                    best[key_of] = form
        return self._spelling.get(key, key)


def _rank(form: str, n: int) -> tuple[int, bool, str]:
    """How a spelling of a phrase ranks, best least: the most frequent; on a tie lowercase."""
    return -n, form != form.lower(), form


def count(docs: Iterable[Document], terms: list[str], cut: Cut,
          on_error: Callable[[GlossaryError], None] = lambda err: None) -> Cooccurrence:
    """Co-occurrence of ``terms`` with the English phrases of the parallel documents. A pair
    whose sentences share too few anchors is not one text and its translation: it is reported
    to ``on_error`` and its English left out."""
    out = Cooccurrence()
    machine = automaton(sorted(terms)) if terms else None
    for doc in docs:
        if doc.english:
            beads = align([(s.line, s.text) for s in doc.segments],
                          [(s.line, s.text) for s in doc.english], cut)
            out.english.append([b.en for b in beads if b.en])
            similarity = sum(b.similarity for b in beads) / max(1, len(beads))
            if len(beads) >= MIN_BEADS and similarity < MIN_SIMILARITY:
                on_error(ParallelNotice(
                    f"its English does not read as its translation (sentences share "
                    f"{similarity:.0%} of their words through the dictionary, a translation "
                    f"{MIN_SIMILARITY:.0%} or more); mined as monolingual", doc.source))
                continue
            pairs = [(b.zh, b.en) for b in beads]
        else:
            pairs = [(s.text, s.en) for s in doc.segments if s.en]
        for zh, en in pairs:
            if zh and en:
                # one space between words: a phrase is found again in its sentence as its
                # words joined by a space ('trade in services' was lost after a no-break
                # space or two spaces, which PDF and HTML text bring)
                _count_pair(zh, " ".join(en.split()), machine, out)
    return out


def english_counts(out: Cooccurrence) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Noun phrases, names and documents of the English of the documents aligned as wholes,
    counted as pass 1 counts English lines (only when the list of English terms is asked)."""
    phrases: Counter[str] = Counter()
    names: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    for lines in out.english:
        seen: set[str] = set()
        for en in lines:
            if not english.is_headline(en):
                terms, found = english.english_terms(en), enterms.phrases(en)
                names.update(terms)
                phrases.update(found)
                seen.update(terms + found)
        docs.update(enterms.document_keys(seen))
    return phrases, names, docs


def _count_pair(zh: str, en: str, machine: Any, out: Cooccurrence) -> None:
    # padded as pass 2 pads a line, so that a code is taken as a whole token only (5G, not the
    # 5G of 15G); ``end`` is then the match's end in ``zh``
    padded = EDGE + zh + EDGE
    places = {padded[end + 1 - size:end + 1]: (end - size / 2) / len(zh)
              for end, size in machine.iter(padded)
              if whole(key := padded[end - size:end + 2])
              and not (size == 2 and out.edges.crossed([key]))} if machine else {}
    out.pairs += 1
    # A pair holding no listed term still counts its phrases: an English phrase's count is
    # over every pair, so a term's suggestions do not change with the length of the list
    # (skipping them saved a twentieth of a parallel run at -n 500).
    found = set(places)
    for term, place in places.items():
        seen = out.examples.setdefault(term, [])
        if len(seen) < EXAMPLES:
            seen.append((place, en))
    for name, acronym in english.acronyms(en):
        out.expansions[enterms.phrase_key(name)] = acronym
    phrases = enterms.phrases(en)
    names = english.english_terms(en)
    forms = names + _generic(names) + phrases + extended(en, phrases, out.verbed)
    out.spelled.update(forms)
    keys = set(map(enterms.phrase_key, forms))
    out.zh.update(found)
    out.en.update(keys)
    for term in found:
        slot = out.both.get(term)
        if slot is None:
            slot = out.both[term] = Counter()
        slot.update(keys)


def _generic(names: list[str]) -> list[str]:
    """The kind a name of three words or more names without its first word, in lowercase:
    'stock exchange' of 'Beijing Stock Exchange', the English of 证券交易所, which the
    texts name only as part of 北京证券交易所 and 上海证券交易所. Only when its words are
    all common English words: a kind, not what is left of a name ('Jinping Thought')."""
    out = []
    for name in names:
        first, _, rest = name.partition(" ")
        # a hyphen in the first word joins it to the next ('Guangdong-Hong Kong-Macao')
        if " " in rest and rest[:1].isupper() and first[:1].isupper() and "-" not in first \
                and all(zipf(word) >= COMMON_ZIPF for word in rest.lower().split()):
            out.append(rest.lower())
    return out


_CAPITAL = re.compile(r"[A-Z][a-z]+(?:['’][a-z]+)?(?:-[A-Z][a-z]+)*")
_JOIN = re.compile(r" (?:of the|of|for the|for|in|and|as a|as|with a|with) ")
_JOIN_OPENS = (" of ", " for ", " in ", " and ", " as ", " with ")  # how every _JOIN match opens
_OPENS = tuple(".!?:;\"“(")
MAX_WORDS = 9


def extended(en: str, phrases: list[str], verbed: set[str] | None = None) -> list[str]:
    """Renderings the noun-phrase cutter leaves out, for the association to weigh: a phrase
    with the capitalised words before it ('Chinese modernization', 'China-Europe freight
    trains'), two phrases joined by of/for/in/and/with ('negative list for market access',
    'tiered diagnosis and treatment', 'community with a shared future'; the second may open
    on names: 'socialism with Chinese characteristics') and a phrase with its verb before it,
    for a Chinese verb-object term ('expand domestic demand' for 扩大内需; their keys go
    into ``verbed``)."""
    spans = set()
    for phrase in set(phrases):
        at = en.find(phrase)
        while at >= 0:  # every place: the first may be inside a longer phrase
            end = at + len(phrase)
            # whole words only: "rate" inside "corporate" is no place of the phrase
            if not (at and en[at - 1].isalnum()) and not (end < len(en) and en[end].isalnum()):
                spans.add((at, end))
            at = en.find(phrase, at + 1)
    starts: dict[int, list[int]] = {}
    for begin, end in spans:
        starts.setdefault(begin, []).append(end)
    heads, verbs = _heads(en, starts)
    # a joined phrase may open on the names before it ('with Chinese characteristics')
    named = {head: starts[begin] for begin, found in heads.items() if begin not in verbs
             for head in found}
    tails = {}
    for end in {end for _, end in spans}:
        # most phrases are followed by no join: one startswith tells them, not the pattern
        join = _JOIN.match(en, end) if en.startswith(_JOIN_OPENS, end) else None
        tails[end] = starts.get(join.end(), []) + named.get(join.end(), []) if join else []
        if join and en.startswith(" with", end):
            # 'socialism with Chinese characteristics', 'community with a shared future': a
            # with-phrase of one word is a clause's ('adjustments with macro policies')
            tails[end] = [t for t in tails[end] if " " in en[join.end():t]]
    out: set[str] = set()
    for begin, end in spans:
        if begin in heads:
            for head in heads[begin]:
                out.add(en[head:end])
            if verbed is not None and begin in verbs:
                verbed.add(enterms.phrase_key(en[verbs[begin]:end]))
        for tail in tails[end]:
            if en.count(" ", begin, tail) < MAX_WORDS:
                out.add(en[begin:tail])
    return sorted(out)


def _verb_form(word: str) -> bool:
    """'Advancing', 'Improved' (a heading's verb), not 'Chengdu-Chongqing' (a name)."""
    return word.lower().endswith(("ing", "ed")) and not is_pinyin_word(word.rsplit("-", 1)[-1])


@lru_cache(maxsize=65536)
def _before(word: str) -> int:
    """What a word right before a phrase may be: NAME (a capitalised word, not a heading's
    verb), VERB (a base or "-ing" form) or neither (0)."""
    if _CAPITAL.fullmatch(word):
        return 0 if _verb_form(word) else NAME
    if word in enterms.MORE_VERBS or (word.endswith("ing") and len(word) > 5
                                      and word.islower()):
        return VERB
    return 0


NAME, VERB = 1, 2


def _heads(en: str, begins: Iterable[int]) -> tuple[dict[int, list[int]], dict[int, int]]:
    """For each phrase start, where a longer phrase may start: at the one or two capitalised
    words before it, unless they open the sentence or are a verb opening a heading
    ('Advancing ...'); or at the verb right before it (a base or an "-ing" form), which is
    also returned apart. Words are runs between white space; only the few before each
    start are read (cutting the whole sentence into words was most of the cost)."""
    if not en.isprintable():  # the only white space a printable text holds is " "
        en = _SPACE.sub(" ", en)  # one for one: the places stay
    out: dict[int, list[int]] = {}
    verbs: dict[int, int] = {}
    for begin in begins:
        if not begin or en[begin - 1] != " " or en[begin] == " ":
            continue  # not where a word starts ('(green finance'), or the text opens with it
        before = _word_before(en, begin)
        if before is None:
            continue
        start, word = before
        kind = _before(word)
        if kind == NAME:
            second = _word_before(en, start)
            if second is None:
                continue  # the name opens the sentence
            third = _word_before(en, second[0])
            if third is not None and _CAPITAL.fullmatch(second[1]) and \
                    not third[1].endswith(_OPENS):
                out[begin] = [second[0]]
            elif not second[1].endswith(_OPENS):
                out[begin] = [start]
        elif kind == VERB:
            out[begin] = [start]
            verbs[begin] = start
    return out, verbs


_SPACE = re.compile(r"\s")


def _word_before(en: str, at: int) -> tuple[int, str] | None:
    """(start, word) of the word before place ``at`` of ``en`` (its white space all spaces),
    None when only white space stands before it."""
    end = at
    while end and en[end - 1] == " ":
        end -= 1
    if not end:
        return None
    start = en.rfind(" ", 0, end) + 1
    return start, en[start:end]
