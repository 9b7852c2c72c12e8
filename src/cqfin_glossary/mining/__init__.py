"""The term miner: find Chinese policy terms in a corpus, rank them, and propose English renderings.

``mine(paths, glossary)`` returns the Chinese candidates best first;
``mine_corpus`` also returns the English policy terms of the corpus's English
text (a separate list, ``MineResult.english``) and the files it skipped.
``merge_candidates`` puts the Chinese candidates into a Glossary in memory.
jieba and rjieba are imported here and nowhere else in the package.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus import Document, iter_documents
from ..errors import GlossaryError
from ..model import Occurrence, Suggestion
from . import english
from .candidates import (CountStats, TermStats, count_unit, init_counting, init_locating,
                         locate_unit)
from .merge import MergeReport, merge_candidates
from .scoring import Judged, finish, judge, plausible
from .segment import Segmenter, general_frequencies

Progress = Callable[[int, int], None]
UNIT_BYTES = 512 * 1024     # documents are batched into work units of about this size
SHORTLIST = 4000            # n-grams located in the second pass
GRAM_CAP = 2_500_000        # distinct n-grams kept in memory (rarest dropped beyond)


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
    """Mine in two passes over the files; ``progress(done, total)`` counts input bytes of both
    passes. Unreadable files are reported to ``on_error`` (and listed in the result) and skipped."""
    paths = [Path(p) for p in paths]
    errors: list[GlossaryError] = []

    def report(err: GlossaryError) -> None:
        errors.append(err)
        if on_error is not None:
            on_error(err)

    known = _glossary_terms(glossary)
    total = _input_bytes(paths) * 2
    ticker = _Ticker(progress, total)
    stats = CountStats()
    files: set[str] = set()
    units = _units(iter_documents(paths, report), files)
    for size, part in _run(count_unit, init_counting, (backend, sorted(known)), units, jobs):
        ticker.tick(size)
        stats.add(part)
        stats.prune(GRAM_CAP)
    short = _shortlist(stats, known, min_freq)
    located: dict[str, TermStats] = {}
    quiet: Callable[[GlossaryError], None] = lambda err: None  # already reported in pass 1
    for size, found in _run(locate_unit, init_locating, (short,),
                            _units(iter_documents(paths, quiet), set()), jobs):
        ticker.tick(size)
        for term, term_stats in found.items():
            located.setdefault(term, TermStats()).add(term_stats)
    ticker.finish()
    chinese = _rank(located, stats, known, glossary, backend, limit)
    return MineResult(chinese, _english(stats, limit), errors, len(files), stats.chars)


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


def _input_bytes(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return total


def _units(docs: Iterator[Document], files: set[str]) -> Iterator[list[Document]]:
    """Batch small documents; a chunk of a large file is a unit by itself."""
    unit: list[Document] = []
    size = 0
    for doc in docs:
        files.add(doc.source)
        unit.append(doc)
        size += doc.size
        if size >= UNIT_BYTES:
            yield unit
            unit, size = [], 0
    if unit:
        yield unit


def _run(work: Callable[[list[Document]], Any], init: Callable[..., None], init_args: tuple,
         units: Iterator[list[Document]], jobs: int) -> Iterator[Any]:
    """Apply ``work`` to every unit, in this process or in ``jobs`` worker processes."""
    if jobs <= 1:
        init(*init_args)
        for unit in units:
            yield _sized(work, unit)
        return
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                      else "spawn")
    with ctx.Pool(jobs, initializer=init, initargs=init_args) as pool:
        yield from pool.imap_unordered(_Sized(work), units, chunksize=1)


class _Sized:
    """Picklable wrapper that pairs a unit's result with the input bytes it stood for."""

    def __init__(self, work: Callable[[list[Document]], Any]):
        self.work = work

    def __call__(self, unit: list[Document]) -> Any:
        return _sized(self.work, unit)


def _sized(work: Callable[[list[Document]], Any], unit: list[Document]) -> tuple[int, Any]:
    return sum(d.size for d in unit), work(unit)


def _glossary_terms(glossary: Any) -> set[str]:
    if glossary is None:
        return set()
    return {t.term for entry in glossary for t in entry.zh if len(t.term) >= 2}


def _shortlist(stats: CountStats, known: set[str], min_freq: int) -> list[str]:
    """The n-grams worth locating: frequent and plausible ones, every cue and glossary term."""
    scored = [(count * len(gram), gram) for gram, count in stats.grams.items()
              if count >= min_freq and plausible(gram)]
    scored.sort(reverse=True)
    chosen = {gram for _, gram in scored[:SHORTLIST]}
    chosen |= {cue for cue in (*stats.cues, *stats.runs) if plausible(cue)} | known
    return sorted(chosen)


def _rank(located: dict[str, TermStats], stats: CountStats, known: set[str], glossary: Any,
          backend: str, limit: int) -> list[Candidate]:
    segmenter = Segmenter(backend, sorted(known))
    general = general_frequencies()
    judged: list[Judged] = []
    for term, found in located.items():
        verdict = judge(term, found, stats.grams, stats.cues.get(term, 0),
                        stats.runs.get(term, 0), term in known,
                        max(1, stats.chars), general, segmenter.cut)
        if verdict is not None:
            judged.append(verdict)
    ranked = finish(judged)[:limit]
    pairs = _pairs_by_term(stats.pairs)
    corpus_terms = [t for t, _ in stats.en_terms.most_common(2000)]
    out = []
    for j in ranked:
        found = located[j.term]
        renderings = english.rank_renderings(
            j.term, pairs.get(j.term, Counter()), found.assoc, stats.en_ngrams, found.aligned,
            corpus_terms, _known_english(glossary, j.term))
        out.append(Candidate(j.term, j.score, found.frequency, len(found.docs), j.components,
                             found.occurrences, [Suggestion(e, s, w) for e, s, w in renderings]))
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
    """English policy terms of the English text, by frequency (names of several words first)."""
    ranked = sorted(stats.en_terms.items(), key=lambda kv: (-kv[1] * (1 + len(kv[0].split())), kv[0]))
    return [Candidate("", float(n * (1 + len(t.split()))), n, 0, {"frequency": float(n)},
                      lang="en", en=t) for t, n in ranked[:limit]]


__all__ = ["Candidate", "MineResult", "MergeReport", "mine", "mine_corpus", "merge_candidates"]
