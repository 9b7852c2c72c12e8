"""The ranking stage: from the first pass's counts to the judged, ranked Chinese terms.

``shortlist`` keeps the heaviest n-grams that are noun phrases by their parts
of speech (pos.py), with every quoted name and glossary term; ``judged``
scores them (scoring.py) on the word-anchored counts, adding the occurrences
inside longer terms that the segmenter cut across.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from itertools import accumulate, compress, islice
from operator import mul

from ..gcpause import paused_gc
from . import lexicon
from .candidates import CountStats
from .pos import Edges
from .scoring import (
    Corpus,
    Judged,
    finish,
    general_estimate,
    judge,
    not_a_term,
    plausible,
    specificity,
    weight,
)
from .segment import cut_lines

SHORTLIST = 4000            # n-grams judged after the first pass (or twice the list asked for)
PRESHORT = 3                # times that: the heaviest n-grams screened by their parts of speech


def shortlist(stats: CountStats, known: set[str], min_freq: int, cut: Callable[[str], list[str]],
              wanted: int = 0
              ) -> tuple[list[str], dict[str, float], dict[str, list[str]], set[str] | None]:
    """The n-grams worth locating: the most frequent plausible ones that are noun phrases by
    their parts of speech, the most specific first, with every cue and glossary term; the
    general frequencies and words of each (the GC held: its words and figures make no
    cycles, see gcpause.paused_gc); and the shortlist of the usual length inside a longer
    one (None when it is the usual length), the only terms that C-value counts as the
    containers of another (see ``judged``). ``wanted`` is how long a list the caller will
    keep: a list of 100,000 asked for gets a shortlist that can fill it, not SHORTLIST
    terms."""
    with paused_gc():
        return _shortlist(stats, known, min_freq, cut, max(SHORTLIST, 2 * wanted))


def _shortlist(stats: CountStats, known: set[str], min_freq: int,
               cut: Callable[[str], list[str]], room: int
               ) -> tuple[list[str], dict[str, float], dict[str, list[str]], set[str] | None]:
    grams, counts = list(stats.grams), list(stats.grams.values())
    # count * length of every n-gram seen min_freq times, filtered in C (a million of them)
    often = list(map(min_freq.__le__, counts))
    grams, counts = list(compress(grams, often)), list(compress(counts, often))
    weights = list(map(mul, counts, map(len, grams)))
    ranked_weights = sorted(weights)
    # a quoted name or a glossary term stays whatever its words; a run inside English is
    # located but screened like any n-gram (发展白皮书发布 is a headline, not a name)
    strong = {cue for cue in stats.cues if plausible(cue)} | known
    # a Latin code is no n-gram of Han words: kept as a name when seen min_freq times
    strong.update(code for code, n in stats.codes.items() if n >= min_freq)
    runs = {run for run in stats.runs if plausible(run)}
    top = _heaviest(grams, weights, ranked_weights, PRESHORT * room)
    chosen = sorted(top | strong | runs)
    words = cut_each(chosen, cut)
    freqs = lexicon.frequencies(set(chosen).union(*words.values()))
    # How many candidates a word opens or closes tells a phrase's head from a term's word
    # (pos.HEAD_SHARE, a count): counted over the candidates a list of the usual length
    # screens, whatever the length asked, so that asking for a longer list never drops a
    # term a shorter one holds (西部陆海新通道 was lost at -n 20000).
    usual = PRESHORT * SHORTLIST
    sample = None if room == SHORTLIST else \
        _heaviest(grams, weights, ranked_weights, usual) | strong | runs
    edges = Edges(words, freqs, sample)
    general = {t: general_estimate(t, words[t], freqs) for t in chosen}
    total, size = lexicon.general_total(), max(1, stats.words)
    seen = {t: max(stats.grams[t], stats.runs[t]) for t in chosen}
    ranked = sorted(
        (-math.log1p(seen[t] * math.log2(len(t) + 1)) * weight(
            specificity(seen[t], size, general.get(t, 0), total)), t)
        for t in chosen if t not in strong)
    # screened best first, until the shortlist is full: the rest is never screened
    best, regular = _screened(ranked, words, edges, room, sample)
    kept = best | strong | {t for t in runs - best - strong if not not_a_term(t, words[t], edges)}
    context = None if regular is None else regular | strong | (kept & runs)
    return sorted(kept), general, words, context


def _screened(ranked: list[tuple[float, str]], words: dict[str, list[str]], edges: Edges,
              room: int, sample: set[str] | None) -> tuple[set[str], set[str] | None]:
    """The first ``room`` terms of ``ranked`` that pass the screen, and when the list is
    longer than usual, the first SHORTLIST of those in ``sample``: the shortlist a list of
    the usual length gets, since ``ranked`` restricted to the sample is that list's order."""
    if sample is None:
        term = (t for _, t in ranked if not not_a_term(t, words[t], edges))
        return set(islice(term, room)), None
    best: set[str] = set()
    usual: set[str] = set()
    for _, t in ranked:
        full = len(best) >= room
        wanted = len(usual) < SHORTLIST and t in sample
        if full and not wanted:
            if len(usual) >= SHORTLIST:
                break
            continue
        if not_a_term(t, words[t], edges):
            continue
        if not full:
            best.add(t)
        if wanted:
            usual.add(t)
    return best, usual


def _heaviest(grams: list[str], weights: list[int], ranked: list[int], screened: int
              ) -> set[str]:
    """The ``screened`` heaviest plausible n-grams (ties included); ``ranked`` is
    ``weights`` sorted."""
    floor = ranked[-screened] if len(ranked) > screened else 0
    return {gram for gram in compress(grams, map(floor.__le__, weights)) if plausible(gram)}


def cut_each(terms: list[str], cut: Callable[[str], list[str]]) -> dict[str, list[str]]:
    """Each term's words, cut in one call (see segment.cut_lines)."""
    return dict(zip(terms, cut_lines(terms, cut), strict=True))


def judged(terms: list[str], stats: CountStats, known: set[str], general: dict[str, float],
           words: dict[str, list[str]], context: set[str] | None = None) -> list[Judged]:
    """The shortlisted terms scored on the first pass's counts, best first (the GC held, as in
    ``shortlist``). A term of ``context`` (the usual shortlist inside a longer one) is
    weighed against the longer terms of ``context`` only: C-value takes off the mean count
    of a term's containers, so the containers a longer list brought changed the scores,
    and the order, of the terms a shorter list holds (asking for 20,000 moved
    银行业监督管理机构 up past the ninth). The other terms meet every container."""
    with paused_gc():
        return _judged(terms, stats, known, general, words, context)


def _judged(terms: list[str], stats: CountStats, known: set[str], general: dict[str, float],
            words: dict[str, list[str]], context: set[str] | None) -> list[Judged]:
    corpus = Corpus(stats.grams, max(1, stats.words), general, lexicon.general_total())
    counts = {t: max(stats.grams.get(t, 0), stats.cues.get(t, 0), stats.runs.get(t, 0),
                     stats.codes.get(t, 0)) for t in terms}
    hidden = hidden_counts(counts, words)
    if context is not None:
        mine = hidden_counts(counts, words, context)
        for t in context & hidden.keys():
            hidden[t] = mine[t]  # assigned: Counter.update would add
    judged = []
    for term in terms:
        cue, run = stats.cues.get(term, 0), stats.runs.get(term, 0)
        verdict = judge(term, counts[term] + hidden[term], cue, run, term in known, words[term],
                        corpus, stats.codes.get(term, 0))
        if verdict is not None:
            judged.append(verdict)
    return finish(judged, context)


def hidden_counts(counts: dict[str, int], words: dict[str, list[str]],
                  containers: set[str] | None = None) -> Counter[str]:
    """The occurrences of each term inside a longer term that the segmenter cut across it
    (普惠金融 inside 普惠/金融服务): the word-anchored count missed them, and C-value needs
    every occurrence of a term, nested ones included. Only a term that starts where a word
    of the longer one starts: 业监督管理 inside 银行业/监督管理 is a fragment."""
    hidden: Counter[str] = Counter()
    for longer, count in counts.items():
        parts = words[longer]
        if len(longer) < 3 or not count or len(parts) < 2 or (
                containers is not None and longer not in containers):
            continue
        for i in range(len(parts) - 1):
            rest = "".join(parts[i:])
            aligned = set(accumulate(parts[i:]))
            # past its first word: 高质 is no term the segmenter cut across in 高质量/发展,
            # only the head of a word it keeps whole (it took 252 occurrences of
            # 高质量发展 and ranked 15th of a long list)
            for end in range(max(2, len(parts[i]) + 1), len(rest)):
                term = rest[:end]
                if term not in aligned and term in counts:
                    # the largest such container: containers nest (市地方金融部门 in
                    # 市地方金融部门应当会同), so adding them up would count one occurrence twice
                    hidden[term] = max(hidden[term], count)
    return hidden
