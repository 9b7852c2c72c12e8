"""English renderings of the Chinese candidates, best first, each with its score and evidence.

Evidence, strongest first: the glossary's approved English; the English in
parentheses beside the term or right after it in mixed text; association
over aligned sentence pairs (Dice, discounted when seen in few pairs)
together with how well the phrase's words render the CC-CEDICT glosses of
the term's parts, and an acronym given in parentheses; an English term of
the corpus made of the glosses' words. A quoted English name near a quoted
Chinese term counts only when it spells the term out or meets its glosses.
Pinyin is offered only for a name (quoted, or standing in English text) and
only when nothing better was found; a word-by-word gloss only when nothing at
all was found, and it says so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from heapq import nsmallest
from typing import Any

from ..model import Suggestion
from . import enterms, glosses
from .cooccur import EXAMPLES, Cooccurrence

# Weight of each kind of evidence; a rendering's score is the sum, over 1.5, capped at 1.
WEIGHTS = {"parentheses": 1.0, "follows": 0.9, "glossary": 1.2, "aligned": 1.2,
           "gloss-match": 0.8, "per character": 0.45, "characters away": 0.2}
PINYIN = 0.3             # a name's pinyin: below any real rendering
LITERAL = 0.1            # a word-by-word gloss: the least of all
ALIGNED_CANDIDATES = 25  # English phrases weighed per term (most frequent beside it)
FEW_PAIRS = 4            # pairs under which Dice and counts tie most phrases beside a term
MIN_ALIGNED = 0.15       # the least aligned score worth showing
LIMIT = 8
# The evidence of the two stand-ins for a rendering, which a reader must not take for one,
# and of a code's suggestion (a rendering: 33618 is written so in English too).
PINYIN_EVIDENCE = "pinyin of a name"
GLOSS_EVIDENCE = "word-by-word CC-CEDICT gloss, not a rendering found in the corpus: check it"
CODE_EVIDENCE = "a code, written in English as it stands"


@dataclass
class Sources:
    """What the renderings stage weighs, gathered once for all the terms."""

    cooccur: Cooccurrence = field(default_factory=Cooccurrence)
    mixed: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)  # term -> (en, kind)
    names: set[str] = field(default_factory=set)      # quoted terms, Chinese runs in English
    corpus_terms: list[str] = field(default_factory=list)  # English terms of the corpus
    known: Callable[[str], list[str]] = lambda term: []


def suggest_all(terms: list[str], sources: Sources) -> dict[str, list[Suggestion]]:
    """Renderings of every term (the dictionary is queried once for all of them)."""
    glosses.prefetch(s for t in terms for s in glosses.substrings(t))
    index = _stem_index(sources.corpus_terms)
    return {t: suggest(t, sources, index, fetched=True) for t in terms}


def suggest(term: str, sources: Sources, index: dict[str, list[str]] | None = None,
            fetched: bool = False) -> list[Suggestion]:
    """Renderings of ``term`` best first (``fetched``: its substrings' senses were looked up)."""
    found = _Found()
    parts = glosses.gloss_parts(term, fetched)
    for english in sources.known(term):
        found.add(english, WEIGHTS["glossary"], "already in the glossary")
    for (english, kind), n in sorted(sources.mixed.get(term, Counter()).items()):
        if not _speaks_for(parts, english, kind):
            continue
        weight = next((w for k, w in WEIGHTS.items() if k in kind), 0.5)
        found.add(english, weight * min(n, 3), f"{kind} (x{n})")
    _aligned(term, parts, sources.cooccur, found)
    if not found.best(0.3 * 1.5):
        _corpus_terms(parts, sources.corpus_terms, index, found)
    # A code (5G, M2, LPR) that the aligned English writes as it stands is its own rendering.
    if term.isascii() and term in sources.names and _written_so(term, sources.cooccur):
        found.add(term, WEIGHTS["follows"] * 1.5, CODE_EVIDENCE + ", and so in the aligned English")
    # Only a name is romanised: quoted, or standing in English text. A string the dictionary
    # cannot cut is not one for that alone (之日起, 稳岗扩岗, 房票 are no names).
    elif (term in sources.names and not found.best(PINYIN * 1.5)
            and not sources.cooccur.both.get(term)):
        if term.isascii():  # a code (33618, 5G) is written in English as it stands
            found.add(term, PINYIN * 1.5, CODE_EVIDENCE)
        elif _compound(parts):
            # a quoted compound of dictionary words (中等收入陷阱, 天府粮仓) may be a name or
            # a phrase: its pinyin comes after any reading of its words, the gloss included
            # ('Zhongdengshouruxianjing' led 'middle-income trap')
            found.add(glosses.pinyin_name(term), LITERAL * 0.5, PINYIN_EVIDENCE)
        else:
            found.add(glosses.pinyin_name(term), PINYIN * 1.5, PINYIN_EVIDENCE)
    # The reading when nothing else was found; and, last, for a compound of words none of
    # whose renderings renders every part: 期货交易 'futures trading', which the reports name
    # only inside 期货交易所 'futures exchange' (not 十四五, whose 五 would read 'five').
    if not found.slots or (_compound(parts) and not _reads_whole(parts, found)):
        literal = glosses.literal_gloss(parts)
        if literal:
            found.add(literal, LITERAL * 1.5, GLOSS_EVIDENCE)
    return found.ranked(LIMIT)


def _compound(parts: list[tuple[str, list[str]]]) -> bool:
    """The term is cut into dictionary words of two characters or more (中等收入/陷阱), not a
    name with a character of its own (渝/金盾) or a count (十三/五)."""
    return len(parts) > 1 and all(len(part) > 1 for part, _ in parts)


def _reads_whole(parts: list[tuple[str, list[str]]], found: _Found) -> bool:
    """Some rendering found renders every part of the term by its glosses."""
    cover = glosses.Cover(parts)
    return any(cover.compositional(form) >= 1.0 for form, _, _ in found.slots.values())


def _written_so(code: str, co: Cooccurrence) -> bool:
    """The code stands as a whole token in an English sentence aligned with the term."""
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![A-Za-z0-9])")
    return any(pattern.search(en) for _, en in co.examples.get(code, []))


def _speaks_for(parts: list[tuple[str, list[str]]], english: str, kind: str) -> bool:
    """A quoted English name that merely stands near a quoted Chinese term is evidence only
    when it spells the term out word by character or a gloss of a part meets its words:
    'Belt and Road' quoted two lines from 千里马 is not its rendering."""
    if "characters away" not in kind or "one content word per character" in kind:
        return True
    return glosses.gloss_cover(parts, english)[0] > 0


class _Found:
    """Renderings found so far, by case-folded form; each keeps its first spelling."""

    def __init__(self) -> None:
        self.slots: dict[str, tuple[str, float, list[str]]] = {}

    def add(self, english: str, score: float, why: str) -> None:
        english = " ".join(english.split())  # never a rendering with outer or double spaces
        if not english:
            return
        key = english.casefold()
        form, total, evidence = self.slots.get(key, (english, 0.0, []))
        self.slots[key] = (form, total + score, evidence + ([why] if why not in evidence else []))

    def best(self, at_least: float) -> bool:
        return any(score >= at_least for _, score, _ in self.slots.values())

    def ranked(self, limit: int) -> list[Suggestion]:
        ranked = sorted(self.slots.values(), key=lambda s: (-s[1], s[0]))
        return [Suggestion(e, round(min(1.0, s / 1.5), 4), why) for e, s, why in ranked[:limit]]


def _aligned(term: str, parts: list[tuple[str, list[str]]], co: Cooccurrence,
             found: _Found) -> None:
    """Phrases of the aligned English: Dice over sentence pairs, discounted for few pairs,
    plus how compositionally the phrase renders the glosses of the term's parts."""
    beside = co.both.get(term)
    if not beside:
        return
    n_term, en = co.zh[term], co.en
    # The phrases most tied to the term (by Dice, which favours rare phrases) and the most
    # often beside it (the common rendering of a term also seen in other sentences); heaps,
    # not sorts: a frequent term stands beside thousands of phrases. The heaps compare plain
    # tuples (a key function per phrase costs more than the heap).
    best = {key: -both for _, both, key in _most_tied(beside, n_term, en)}
    best.update((key, -both) for both, key in _most_often(beside))
    cover = glosses.Cover(parts)
    # A term seen in a few pairs ties every phrase of them on Dice and count: those that
    # render the glosses of its parts are weighed too, whatever their place in the alphabet.
    if n_term <= FEW_PAIRS:
        best.update(_gloss_led(beside, cover))
    words = glosses.reading_size(parts)
    # few pairs: where the phrase stands helps tell them apart (see ``_same_place``)
    examples = [(place, en.casefold(), len(en)) for place, en in co.examples.get(term, [])] \
        if n_term <= EXAMPLES else None
    keys = sorted(best)
    scored = [_weigh(n_term, cover, words, key, best[key], co, examples) for key in keys]
    scored = _prefer_whole(scored, keys, beside, en, co.verbed, cover)
    for score, form, dice, both, compositional, acronym in sorted(scored, reverse=True)[:LIMIT]:
        if score < MIN_ALIGNED:
            break
        why = f"aligned sentences: Dice {dice:.2f} ({both} of {n_term} pairs)"
        if compositional:
            why += f", glosses cover {compositional:.0%}"
        if acronym:
            why += f", abbreviated {acronym}"
        found.add(form, WEIGHTS["aligned"] * score, why)


def _most_tied(beside: Counter[str], n_term: int, en: Counter[str]
               ) -> list[tuple[float, int, str]]:
    """The ALIGNED_CANDIDATES phrases of highest Dice beside the term, as (-Dice/2, -pairs
    together, key), best first. Most phrases stand beside the term once; their Dice is at
    most 1/(n_term + 1) (a phrase is in at least the pairs it shares with the term), so
    when as many phrases seen beside it twice or more beat that, the others are not
    weighed."""
    ranked = [(-both / (n_term + en[key]), -both, key) for key, both in beside.items()
              if both > 1]
    if len(ranked) >= ALIGNED_CANDIDATES:
        # The best of all are among the best of these and the phrases seen once (no two rows
        # tie: each has its own key), so the rest of these need not be ranked again.
        ranked = nsmallest(ALIGNED_CANDIDATES, ranked)
        if -1 / (n_term + 1) > ranked[-1][0]:
            return ranked
    ranked += [(-1 / (n_term + en[key]), -1, key) for key, both in beside.items() if both == 1]
    return nsmallest(ALIGNED_CANDIDATES, ranked)


def _most_often(beside: Counter[str]) -> list[tuple[int, str]]:
    """The ALIGNED_CANDIDATES // 2 phrases most often beside the term, as (-pairs, key)."""
    wanted = ALIGNED_CANDIDATES // 2
    counts = sorted(beside.values(), reverse=True)
    least = counts[wanted - 1] if len(counts) >= wanted else 0
    return nsmallest(wanted, [(-both, key) for key, both in beside.items() if both >= least])


def _gloss_led(beside: Counter[str], cover: glosses.Cover) -> dict[str, int]:
    """The phrases beside the term whose words best render the glosses of its parts."""
    stems = cover.stems
    if not stems:
        return {}
    near = [(key, both) for key, both in beside.items()
            if not stems.isdisjoint(glosses.content_stems(key))]
    if len(near) <= ALIGNED_CANDIDATES:
        return dict(near)
    shares = {key: cover.cover(key) for key, _ in near}
    return dict(nsmallest(ALIGNED_CANDIDATES, near, key=lambda kv: (
        -shares[kv[0]][0] * shares[kv[0]][1], -kv[1], kv[0])))


def _weigh(n_term: int, cover: glosses.Cover, words: int, key: str, both: int, co: Cooccurrence,
           examples: list[tuple[float, str, int]] | None
           ) -> tuple[float, str, float, int, float, str | None]:
    """(score, spelling, Dice, pairs together, gloss cover, acronym) of one phrase."""
    dice = 2 * both / (n_term + co.en[key])
    support = both / (both + 1)
    form = co.spelling(key)
    compositional = cover.compositional(form)
    acronym = co.expansions.get(key)
    # The glosses speak for a phrase found beside the term at least every other time.
    presence = min(1.0, 2 * both / n_term)
    # Dice holds against a phrase every sentence where it stands without the term; but a
    # rendering of the term's parts that stands beside it each time is its translation,
    # and elsewhere the English of a short form or a synonym (pilot free trade zones, for
    # 自由贸易试验区 and for 自贸试验区 in other years): there, how often it goes with the
    # term counts, in the measure its words render the glosses. A phrase, not one word: a
    # word rendering one part ('enterprises' for 民营企业) is beside the term every time too.
    if " " in key:
        dice = max(dice, compositional * both / n_term)
    score = 0.5 * dice * (0.4 + 0.6 * support) + 0.5 * compositional * presence + \
        (0.1 if acronym else 0.0)
    if examples is not None:  # few pairs: where the phrase stands helps tell them apart
        score += 0.15 * _same_place(examples, form.casefold())
    if words > 1 and " " not in key and cover.part_word(key):
        score *= 0.7  # the gloss of one part of a compound: a part of its rendering
    return score, form, dice, both, compositional, acronym


def _same_place(examples: list[tuple[float, str, int]], phrase: str) -> float:
    """1 when the phrase (case-folded) stands in its English sentence where the term stands in
    the Chinese (policy text keeps the order of a list), falling to 0 half a sentence away.
    ``examples`` are (place of the term, the English case-folded, its length as written)."""
    near = []
    for place, folded, size in examples:
        at = folded.find(phrase)
        if at >= 0:
            near.append(max(0.0, 1 - 2 * abs((at + len(phrase) / 2) / size - place)))
    return sum(near) / len(near) if near else 0.0


def _prefer_whole(scored: list[tuple], keys: list[str], beside: Counter[str],
                  en: Counter[str], verbed: set[str], cover: glosses.Cover) -> list[tuple]:
    """A phrase nearly always inside a longer candidate is a fragment of it ('new-energy' of
    'new-energy vehicles', 'China-Europe freight' of 'China-Europe freight trains'): it gives
    way, as nested Chinese terms do. Nearly always: in three quarters of the pairs beside the
    term (when it stands beside the term in three or more: in fewer, every phrase of the
    sentence is as often beside it), or in four fifths of its pairs in the whole text. A
    phrase with its verb before it ('ensure production safety') is not a longer term, nor is
    one that renders the term less compositionally: its added words are not the rendering
    of a part ('cross-border trade in services' for 服务贸易, 'industrial and supply chains'
    for 供应链, 'proactive fiscal policy' for 财政政策). ``keys`` are the rows' phrase keys (a
    row's spelling is a form of its key)."""
    padded = [f" {key} " for key in keys]
    top = sorted(scored, reverse=True)[:LIMIT][-1][0] if scored else 0.0
    out = []
    for row, key, pad in zip(scored, keys, padded, strict=True):
        # only the rows that would be shown are checked, against the phrases that hold them
        if row[0] >= top and any(
                o not in verbed and _inside(beside, en, key, o)
                and not _tail_only(key, o, cover)
                and scored[k][4] >= row[4]
                for k, o in enumerate(keys) if pad in padded[k] and padded[k] != pad):
            row = (row[0] * 0.6, *row[1:])
        out.append(row)
    return out


def _inside(beside: Counter[str], en: Counter[str], key: str, longer: str) -> bool:
    return (beside[key] >= 3 and beside[longer] >= 0.75 * beside[key]) or \
        (en[key] >= 2 and en[longer] >= 0.8 * en[key])


def _tail_only(key: str, longer: str, cover: glosses.Cover) -> bool:
    """'consumer goods trade-in programs' only adds a word of kind to 'consumer goods
    trade-in': the shorter is the term; unless the word renders a part of the Chinese term
    ('social credit system' for 社会信用体系, whose 体系 is 'system')."""
    head, _, last = longer.rpartition(" ")
    return head == key and last in _TAIL_KEYS and not cover.part_word(last)


# the words of kind as the aligned-sentence counts key them (last word singular)
_TAIL_KEYS = frozenset(map(enterms.singular, enterms.TAILS))


def _stem_index(terms: Iterable[str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for term in terms:
        for stem in set(glosses.content_stems(term)):
            index.setdefault(stem, []).append(term)
    return index


def _corpus_terms(parts: list[tuple[str, list[str]]], terms: list[str],
                  index: dict[str, list[str]] | None, found: _Found) -> None:
    """English terms of the corpus whose words render the glosses of the term's parts."""
    if index is None:
        index = _stem_index(terms)
    stems = set().union(*(glosses.word_stems(p) for p, _ in parts)) if parts else set()
    near = sorted({t for s in stems for t in index.get(s, ())})
    for english in near:
        match = glosses.gloss_match(parts, english)
        if match:
            found.add(english, WEIGHTS["gloss-match"] * match,
                      "corpus English term matching the CC-CEDICT glosses of "
                      + "/".join(p for p, _ in parts))


def pair_english(terms: list[Any], chinese: list[Any], glossary: Any,
                 least: float = 0.3) -> list[Any]:
    """Give each English term the Chinese originals it renders, as its ``suggestions``: the
    Chinese candidates that have it among their renderings (with that evidence), and the
    glossary entries that already list it."""
    originals: dict[str, list[Suggestion]] = {}
    for cand in chinese:
        # A quoted name far away alone is too weak to pair on (score under ``least``).
        for s in (s for s in cand.suggestions if s.score >= least):
            why = [f"proposed rendering of {cand.zh}: {e}" for e in s.evidence]
            originals.setdefault(enterms.term_key(s.term), []).append(
                Suggestion(cand.zh, s.score, why))
    for entry in glossary if glossary is not None else ():
        if entry.zh and entry.status.value == "approved":
            for t in entry.en:
                originals.setdefault(enterms.term_key(t.term), []).append(
                    Suggestion(entry.zh[0].term, 1.0, [f"already in the glossary ({entry.id})"]))
    for term in terms:
        merged: dict[str, Suggestion] = {}
        for s in originals.get(enterms.term_key(term.en), []):
            if s.term in merged:  # one Chinese original found both ways: one suggestion
                kept = merged[s.term]
                merged[s.term] = Suggestion(s.term, min(1.0, kept.score + s.score),
                                            kept.evidence + s.evidence)
            else:
                merged[s.term] = s
        term.suggestions = sorted(merged.values(), key=lambda s: (-s.score, s.term))[:5]
    return terms


def stand_in(evidence: list[str]) -> str | None:
    """"pinyin" or "gloss" when a suggestion is only a name's pinyin or a word-by-word gloss
    (no other evidence found the same English)."""
    if evidence == [PINYIN_EVIDENCE]:
        return "pinyin"
    if evidence == [GLOSS_EVIDENCE]:
        return "gloss"
    return None
