"""The term miner: find Chinese policy terms in a corpus, rank them, and propose English renderings.

``mine(paths, glossary)`` returns the Chinese candidates best first;
``mine_corpus`` also returns the English policy terms of the corpus's English
text (a separate list, ``MineResult.english``) and the files it skipped.
``merge_candidates`` puts the Chinese candidates into a Glossary in memory.
jieba and rjieba are imported here and nowhere else in the package.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import mul
from pathlib import Path
from typing import Any

from ..corpus import Document, iter_documents, iter_files
from ..errors import GlossaryError
from ..model import Occurrence, Suggestion
from . import english, enterms, lexicon, passes
from .candidates import CountStats, TermStats, occurrences
from .merge import MergeReport, merge_candidates
from .newwords import boundary_entropy
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
from .segment import segmenter

Progress = Callable[[int, int], None]
SHORTLIST = 4000            # n-grams judged after the first pass
PRESHORT = 3 * SHORTLIST    # the most frequent n-grams screened by their parts of speech
PAIR_SCORE = 0.3            # the least rendering score that pairs an English term with a Chinese


@dataclass
class Candidate:
    """A mined term. ``lang`` is 'zh' for Chinese candidates, 'en' for English policy terms
    (whose ``zh`` is empty and whose ``en`` holds the term)."""

    zh: str
    score: float
    frequency: int
    doc_frequency: int
    components: dict[str, float] = field(default_factory=dict)
    occurrences: list[Occurrence] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    lang: str = "zh"
    en: str = ""

    @property
    def term(self) -> str:
        return self.zh if self.lang == "zh" else self.en

    def to_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "term": self.term, "score": self.score,
                "frequency": self.frequency, "doc_frequency": self.doc_frequency,
                "components": self.components,
                "suggestions": [s.to_dict() for s in self.suggestions],
                "occurrences": [o.to_dict() for o in self.occurrences]}


@dataclass
class MineResult:
    chinese: list[Candidate]
    english: list[Candidate]
    errors: list[GlossaryError] = field(default_factory=list)
    files: int = 0
    chars: int = 0


def mine(paths: Iterable[str | Path], glossary: Any = None, *, jobs: int = 1,
         progress: Progress | None = None) -> list[Candidate]:
    """Chinese candidates of the corpus at ``paths``, best first (see ``mine_corpus``)."""
    return mine_corpus(paths, glossary, jobs=jobs, progress=progress).chinese


def mine_corpus(paths: Iterable[str | Path], glossary: Any = None, *, jobs: int = 1,
                progress: Progress | None = None, backend: str = "rjieba", limit: int = 200,
                min_freq: int = 2, on_error: Callable[[GlossaryError], None] | None = None,
                ) -> MineResult:
    """Mine in two passes over the files (count the n-grams; then locate the ranked terms for
    their documents, examples and aligned English); ``progress(done, total)`` counts input
    bytes of both passes. Unreadable files are reported to ``on_error`` (and listed in the
    result) and skipped."""
    errors: list[GlossaryError] = []

    def report(err: GlossaryError) -> None:
        errors.append(err)
        if on_error is not None:
            on_error(err)

    known = _glossary_terms(glossary)
    user_words = tuple(sorted(known))
    sizes = passes.file_sizes(list(iter_files(paths, report)))
    tasks = passes.plan(sizes)
    ticker = _Ticker(progress, 2 * sum(sizes.values()))
    stats = passes.counting(tasks, sizes, jobs, backend, user_words, report, ticker.tick)
    cut = segmenter(backend, user_words).cut
    short, general, words = _shortlist(stats, known, min_freq, cut)
    ranked = _judged(short, stats, known, general, words)[:limit]
    located = passes.locating(tasks, sizes, jobs, sorted(j.term for j in ranked), ticker.tick)
    ticker.finish()
    readable = [f for files in tasks for f in files]
    chinese = _candidates(ranked, located, stats, glossary,
                          lambda: iter_documents(readable, lambda err: None))
    english_terms = _paired(_english(stats, limit), chinese, glossary)
    return MineResult(chinese, english_terms, errors, stats.files, stats.chars)


class _Ticker:
    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.done = progress, max(1, total), 0

    def tick(self, size: int) -> None:
        self.done = min(self.total, self.done + size)
        if self.progress is not None:
            self.progress(self.done, self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


def _glossary_terms(glossary: Any) -> set[str]:
    if glossary is None:
        return set()
    return {t.term for entry in glossary for t in entry.zh if len(t.term) >= 2}


def _shortlist(stats: CountStats, known: set[str], min_freq: int, cut: Callable[[str], list[str]]
               ) -> tuple[list[str], dict[str, float], dict[str, list[str]]]:
    """The n-grams worth locating: the most frequent plausible ones that are noun phrases by
    their parts of speech, the most specific first, with every cue and glossary term; and the
    general frequencies and words of each."""
    grams, counts = list(stats.grams), list(stats.grams.values())
    # count * length of every n-gram seen min_freq times, filtered in C (a million of them)
    often = list(map(min_freq.__le__, counts))
    grams, counts = list(compress(grams, often)), list(compress(counts, often))
    weights = list(map(mul, counts, map(len, grams)))
    floor = sorted(weights)[-PRESHORT] if len(weights) > PRESHORT else 0
    heavy = list(map(floor.__le__, weights))  # the PRESHORT heaviest (ties included)
    # a quoted name or a glossary term stays whatever its words; a run inside English is
    # located but screened like any n-gram (发展白皮书发布 is a headline, not a name)
    strong = {cue for cue in stats.cues if plausible(cue)} | known
    runs = {run for run in stats.runs if plausible(run)}
    top = {gram for gram in compress(grams, heavy) if plausible(gram)}
    chosen = sorted(top | strong | runs)
    words = _cut_each(chosen, cut)
    edges = Edges(words)
    freqs = lexicon.frequencies(set(chosen).union(*words.values()))
    general = {t: general_estimate(t, words[t], freqs) for t in chosen}
    total, size = lexicon.general_total(), max(1, stats.words)
    seen = {t: max(stats.grams[t], stats.runs[t]) for t in chosen}
    ranked = sorted(
        (-math.log1p(seen[t] * math.log2(len(t) + 1)) * weight(
            specificity(seen[t], size, general.get(t, 0), total)), t)
        for t in chosen if t not in strong and not not_a_term(t, words[t], edges))
    kept = sorted({t for _, t in ranked[:SHORTLIST]} | strong | (runs & {t for _, t in ranked}))
    return kept, general, words


def _cut_each(terms: list[str], cut: Callable[[str], list[str]]) -> dict[str, list[str]]:
    """Each term's words, cut in one call (the line breaks between terms are words too)."""
    groups: list[list[str]] = [[]]
    for token in cut("\n".join(terms)):
        if token == "\n":
            groups.append([])
        else:
            groups[-1].append(token)
    return {term: parts if "".join(parts) == term else cut(term)
            for term, parts in zip(terms, groups, strict=False)}


def _judged(terms: list[str], stats: CountStats, known: set[str], general: dict[str, float],
            words: dict[str, list[str]]) -> list[Judged]:
    """The shortlisted terms scored on the first pass's counts, best first."""
    corpus = Corpus(stats.grams, max(1, stats.words), general, lexicon.general_total())
    counts = {t: max(stats.grams.get(t, 0), stats.cues.get(t, 0), stats.runs.get(t, 0))
              for t in terms}
    hidden = _hidden_counts(counts, words)
    judged = []
    for term in terms:
        cue, run = stats.cues.get(term, 0), stats.runs.get(term, 0)
        verdict = judge(term, counts[term] + hidden[term], cue, run, term in known, words[term],
                        corpus)
        if verdict is not None:
            judged.append(verdict)
    return finish(judged)


def _hidden_counts(counts: dict[str, int], words: dict[str, list[str]]) -> Counter[str]:
    """The occurrences of each term inside a longer term that the segmenter cut across it
    (普惠金融 inside 普惠/金融服务): the word-anchored count missed them, and C-value needs
    every occurrence of a term, nested ones included. Only a term that starts where a word
    of the longer one starts: 业监督管理 inside 银行业/监督管理 is a fragment."""
    hidden: Counter[str] = Counter()
    for longer, count in counts.items():
        parts = words[longer]
        if len(longer) < 3 or not count or len(parts) < 2:
            continue
        for i in range(len(parts) - 1):
            rest = "".join(parts[i:])
            aligned = set(accumulate(parts[i:]))
            for end in range(2, len(rest)):
                term = rest[:end]
                if term not in aligned and term in counts:
                    # the largest such container: containers nest (市地方金融部门 in
                    # 市地方金融部门应当会同), so adding them up would count one occurrence twice
                    hidden[term] = max(hidden[term], count)
    return hidden


def _candidates(ranked: list[Judged], located: dict[str, TermStats], stats: CountStats,
                glossary: Any, docs: Callable[[], Iterator[Document]]) -> list[Candidate]:
    """The ranked terms with their corpus figures, examples and English renderings."""
    where = occurrences(docs(), [j.term for j in ranked])
    pairs = _pairs_by_term(stats.pairs)
    corpus_terms = [t for t, _ in stats.en_terms.most_common(2000)]
    out = []
    for j in ranked:
        found = located.get(j.term) or TermStats()
        j.components["entropy"] = round(
            boundary_entropy(found.left, found.right, *found.edges), 4)
        renderings = english.rank_renderings(
            j.term, pairs.get(j.term, Counter()), found.assoc, stats.en_ngrams, found.aligned,
            corpus_terms, _known_english(glossary, j.term))
        suggestions = [Suggestion(e, s, w) for e, s, w in renderings]
        frequency = found.frequency or int(j.components["frequency"])
        out.append(Candidate(j.term, j.score, frequency, max(1, found.documents), j.components,
                             where.get(j.term, []), suggestions))
    return out


def _pairs_by_term(pairs: Counter[tuple[str, str, str]]) -> dict[str, Counter[tuple[str, str]]]:
    out: dict[str, Counter[tuple[str, str]]] = {}
    for (zh, en, kind), n in pairs.items():
        out.setdefault(zh, Counter())[(en, kind)] += n
    return out


def _known_english(glossary: Any, term: str) -> list[str]:
    if glossary is None:
        return []
    return [t.term for e in glossary.find_zh(term) if e.status.value == "approved" for t in e.en]


def _english(stats: CountStats, limit: int) -> list[Candidate]:
    """English policy terms of the English text, best first (see ``enterms.rank``)."""
    ranked = enterms.rank(stats.en_phrases, stats.en_terms, stats.en_docs, limit)
    return [Candidate("", score, n, docs, parts, lang="en", en=term)
            for term, score, n, docs, parts in ranked]


def _paired(terms: list[Candidate], chinese: list[Candidate], glossary: Any) -> list[Candidate]:
    """Give each English term the Chinese originals it renders, as its ``suggestions``: the
    Chinese candidates that have it among their renderings (with that evidence), and the
    glossary entries that already list it."""
    originals: dict[str, list[Suggestion]] = {}
    for cand in chinese:
        # A quoted name far away alone is too weak to pair on (score under 0.3).
        for s in (s for s in cand.suggestions if s.score >= PAIR_SCORE):
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
        term.suggestions = sorted(merged.values(), key=lambda s: -s.score)[:5]
    return terms


__all__ = ["Candidate", "MergeReport", "MineResult", "merge_candidates", "mine", "mine_corpus"]
