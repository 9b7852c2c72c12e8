"""The term miner: find Chinese policy terms in a corpus, rank them, and propose English renderings.

``mine(paths, glossary)`` returns the Chinese candidates best first;
``mine_corpus`` also returns the English policy terms of the corpus's English
text (a separate list, ``MineResult.english``) and the files it skipped.
``merge_candidates`` puts the Chinese candidates into a Glossary in memory.
The stages, one module each: reading (passes.py over corpus.py); Chinese
candidates (candidates.py with newwords.py and pos.py); ranking and scoring
(ranking.py, scoring.py); English terms of English text (english.py, enterms.py);
sentence alignment of parallel documents (align.py); co-occurrence over the
aligned pairs (cooccur.py) and renderings (renderings.py). None imports this
package; jieba and rjieba are imported in segment.py only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus import Document, iter_documents, iter_files, may_be_parallel
from ..errors import GlossaryError
from ..gcpause import paused_gc
from ..model import Occurrence, Suggestion
from . import cooccur, enterms, passes, ranking, renderings
from .candidates import CountStats, TermStats, occurrences
from .merge import MergeReport, merge_candidates
from .newwords import boundary_entropy
from .scoring import Judged, head, settle_nested, whole_words
from .segment import segmenter

Progress = Callable[[int, int], None]
PAIR_SCORE = 0.3            # the least rendering score that pairs an English term with a Chinese
ENGLISH_POOL = 2000         # English terms of the corpus tried against a term's glosses


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
    """The Chinese candidates, and the English policy terms (ranked on first use of
    ``english``: a run that does not ask for them does not pay for them)."""

    chinese: list[Candidate]
    english_terms: Callable[[], list[Candidate]] = field(default=lambda: [], repr=False)
    errors: list[GlossaryError] = field(default_factory=list)
    files: int = 0
    chars: int = 0

    @property
    def english(self) -> list[Candidate]:
        if not hasattr(self, "_english"):
            self._english = self.english_terms()
        return self._english


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
    short, general, words, context = ranking.shortlist(stats, known, min_freq, cut, limit)
    # the provisional sub-terms among the first ``limit`` are counted too, with the longer
    # candidates that hold them (whatever their rank, so that a longer list settles them as a
    # shorter one does), then settled
    ranked = head(ranking.judged(short, stats, known, general, words, context), limit)
    wanted = {j.term for j in ranked} | {o for j in ranked for o, _ in j.inside}
    located = passes.locating(tasks, sizes, jobs, sorted(wanted), ticker.tick)
    ranked = settle_nested(ranked, {t: s.frequency for t, s in located.items()}, limit)
    ticker.finish()
    readable = sorted(f for files in tasks for f in files)  # one order whatever the jobs
    # the examples need the Chinese only
    docs = lambda: iter_documents(readable, lambda err: None, english=False)  # noqa: E731
    chinese = _candidates(ranked, located, docs, cut)
    # The aligner's anchors come from one segmenter whatever --backend, so that the same
    # candidates get the same renderings. Only the files that can hold English are read again.
    both = [f for f in readable if may_be_parallel(f)]
    parallel = (d for d in iter_documents(both, lambda err: None) if d.parallel)
    aligned = _render(chinese, stats, glossary, segmenter("rjieba", user_words).cut, parallel,
                      report)
    # Only the English counts are kept for later, not the n-gram table.
    counts = (stats.en_phrases, stats.en_terms, stats.en_docs)

    def english_terms() -> list[Candidate]:
        for mine, theirs in zip(counts, cooccur.english_counts(aligned), strict=True):
            mine.update(theirs)
        return renderings.pair_english(_english(*counts, limit), chinese, glossary, PAIR_SCORE)

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


def _candidates(ranked: list[Judged], located: dict[str, TermStats],
                docs: Callable[[], Iterator[Document]], cut: Callable[[str], list[str]]
                ) -> list[Candidate]:
    """The ranked terms with their corpus figures and examples (renderings come later); a
    term that always stands inside one longer word is given that word (see whole_words)."""
    where = occurrences(docs(), [j.term for j in ranked])
    before = {id(j): j.term for j in ranked}
    texts = {t: [o.text for o in found] for t, found in where.items()}
    ranked = whole_words(ranked, located, texts, cut)
    out = []
    for j in ranked:
        was = before[id(j)]
        found = located.get(was) or TermStats()
        # a term given its whole word: the side it grew on is no longer known
        grew = (not j.term.startswith(was), not j.term.endswith(was))
        left = (Counter(), found.edges[0] + found.frequency) if grew[0] else \
            (found.left, found.edges[0])
        right = (Counter(), found.edges[1] + found.frequency) if grew[1] else \
            (found.right, found.edges[1])
        j.components["entropy"] = round(boundary_entropy(left[0], right[0], left[1], right[1]), 4)
        frequency = found.frequency or int(j.components["frequency"])
        out.append(Candidate(j.term, j.score, frequency, max(1, found.documents), j.components,
                             where.get(was, [])))
    return out


def _render(chinese: list[Candidate], stats: CountStats, glossary: Any,
            cut: Callable[[str], list[str]], parallel: Iterable[Document],
            report: Callable[[GlossaryError], None]) -> cooccur.Cooccurrence:
    """Give each Chinese candidate its English renderings (see ``renderings``); return the
    co-occurrence counts of the ``parallel`` documents."""
    terms = [c.zh for c in chinese]
    # The collector held, as through the Chinese passes: the sentences, beads, phrase sets
    # and counters made here hold no cycles, and its walks over them were a twentieth of a
    # parallel run.
    with paused_gc():
        sources = renderings.Sources(
            cooccur=cooccur.count(parallel, terms, cut, report),
            mixed=_pairs_by_term(stats.pairs), names=_names(chinese, stats),
            corpus_terms=sorted(stats.en_terms,
                                key=lambda t: (-stats.en_terms[t], t))[:ENGLISH_POOL],
            known=lambda term: _known_english(glossary, term))
        found = renderings.suggest_all(terms, sources)
    for cand in chinese:
        cand.suggestions = found[cand.zh]
    return sources.cooccur


def _names(chinese: list[Candidate], stats: CountStats) -> set[str]:
    """Candidates that are names: quoted at least every other time they occur (a word quoted
    once to be defined is not), standing as a Chinese run in English text, or a Latin code."""
    return {c.zh for c in chinese
            if 2 * stats.cues.get(c.zh, 0) >= c.frequency or stats.runs.get(c.zh, 0)
            or stats.codes.get(c.zh, 0)}


def _pairs_by_term(pairs: Counter[tuple[str, str, str]]) -> dict[str, Counter[tuple[str, str]]]:
    out: dict[str, Counter[tuple[str, str]]] = {}
    for (zh, en, kind), n in pairs.items():
        out.setdefault(zh, Counter())[(en, kind)] += n
    return out


def _known_english(glossary: Any, term: str) -> list[str]:
    if glossary is None:
        return []
    return [t.term for e in glossary.find_zh(term) if e.status.value == "approved" for t in e.en]


def _english(phrases: Counter[str], terms: Counter[str], docs: Counter[str],
             limit: int) -> list[Candidate]:
    """English policy terms of the English text, best first (see ``enterms.rank``)."""
    ranked = enterms.rank(phrases, terms, docs, limit)
    return [Candidate("", score, n, found_in, parts, lang="en", en=term)
            for term, score, n, found_in, parts in ranked]


__all__ = ["Candidate", "MergeReport", "MineResult", "merge_candidates", "mine", "mine_corpus"]
