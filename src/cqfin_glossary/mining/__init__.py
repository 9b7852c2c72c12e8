"""The term miner: find Chinese policy terms in a corpus, rank them, and propose English renderings.

``mine(paths, glossary)`` returns the Chinese candidates best first;
``mine_corpus`` also returns the English policy terms of the corpus's English
text (a separate list, ``MineResult.english``) and the files it skipped.
``merge_candidates`` puts the Chinese candidates into a Glossary in memory.
The Chinese side runs in stages, one module each: reading (passes.py over
corpus.py), candidates (candidates.py with newwords.py and pos.py), ranking and
scoring (ranking.py, scoring.py); jieba and rjieba are imported in segment.py only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus import Document, iter_documents, iter_files
from ..errors import GlossaryError
from ..model import Occurrence, Suggestion
from . import english, enterms, passes, ranking
from .candidates import CountStats, TermStats, occurrences
from .merge import MergeReport, merge_candidates
from .newwords import boundary_entropy
from .scoring import Judged
from .segment import segmenter

Progress = Callable[[int, int], None]
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
    short, general, words = ranking.shortlist(stats, known, min_freq, cut)
    ranked = ranking.judged(short, stats, known, general, words)[:limit]
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
