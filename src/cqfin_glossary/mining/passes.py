"""Run the two passes over the corpus files, in this process or in worker processes.

The files are split into tasks by their sizes alone (in name order, tasks of
equal size up to TASK_BYTES, a multiple of four of them; a file is never
split, so a larger one makes a larger task), never by the number of jobs:
each task is counted on its own, pruned the same way, and the results are
added up in task order, whether one process runs the tasks one after the other
or several run them at once. So --jobs changes the speed, never the counts,
the shortlist or the ranking. Tasks are equal and a multiple of four so that
two or four workers share the corpus evenly (20 MB made five 4 MB tasks and a
sliver: one worker idled for a fifth of the pass). Each worker reads its own
files and returns one result per task (per pair of tasks in pass 1, see
``groups``), so the main process neither pickles text nor merges thousands of
small Counters; documents are read in batches and the n-gram table is pruned,
so memory stays bounded.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..corpus import Document, iter_documents
from ..errors import GlossaryError
from ..gcpause import paused_gc
from .candidates import CountStats, Locator, TermStats, count_unit, init_counting, init_locating

OnError = Callable[[GlossaryError], None]
Tick = Callable[[int], None]
BATCH_BYTES = 2 * 1024 * 1024   # documents counted together, between two prunings
TASK_BYTES = 4 * 1024 * 1024    # the most input of a task, unless one file is larger
SINGLETON_BYTES = 1024 * 1024   # a task this large sends back no n-gram seen only once
GRAM_CAP = 2_000_000            # distinct n-grams kept by each process (rarest dropped beyond)


def file_sizes(files: list[Path]) -> dict[Path, int]:
    sizes = {}
    for path in files:
        try:
            sizes[path] = path.stat().st_size
        except OSError:
            sizes[path] = 0  # reported when it is read
    return sizes


def plan(sizes: dict[Path, int]) -> list[list[Path]]:
    """The files, in name order, split into tasks of about equal size (see the module doc):
    the whole over TASK_BYTES, rounded up, and then up to a multiple of four so that two or
    four workers get as many tasks each; each file goes to the task its middle falls in."""
    files = sorted(sizes, key=str)
    total = sum(sizes.values())
    count = max(1, -(-total // TASK_BYTES))
    count = count if count == 1 else -(-count // 4) * 4
    tasks: dict[int, list[Path]] = {}
    start = 0
    for path in files:
        middle = start + sizes[path] / 2
        tasks.setdefault(min(count - 1, int(middle * count / max(1, total))), []).append(path)
        start += sizes[path]
    return [tasks[k] for k in sorted(tasks)] or [[]]


def batches(docs: Iterator[Document]) -> Iterator[list[Document]]:
    batch: list[Document] = []
    size = 0
    for doc in docs:
        batch.append(doc)
        size += doc.size
        if size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def count_files(files: list[Path], stats: CountStats, on_error: OnError, tick: Tick) -> None:
    """Pass 1 over ``files`` into ``stats``.

    The cyclic GC is held meanwhile (see gcpause.paused_gc): a document's lines are
    tens of thousands of new objects, and the collections they set off walked
    every young object again and the whole heap now and then, a twentieth of the
    miner's CPU; documents, words and counts make no cycles, and the GC runs
    again between tasks.
    """
    with paused_gc():
        for batch in batches(iter_documents(files, on_error)):
            count_unit(batch, stats)
            stats.files += sum(1 for doc in batch if doc.chunk == 0 and doc.record <= 1)
            stats.prune(GRAM_CAP)
            tick(sum(doc.size for doc in batch))


def locate_files(files: list[Path], tick: Tick) -> dict[str, TermStats]:
    """Pass 2 over ``files`` (their errors were reported in pass 1), the GC held as in pass 1."""
    locator = Locator()
    with paused_gc():
        for batch in batches(iter_documents(files, lambda err: None, english=False)):
            locator.add(batch)
            tick(sum(doc.size for doc in batch))
    return locator.finish()


def _count_task(files: list[Path]) -> tuple[CountStats, list[GlossaryError]]:
    stats = CountStats()
    errors: list[GlossaryError] = []
    count_files(files, stats, errors.append, lambda n: None)
    if stats.size >= SINGLETON_BYTES:  # a small corpus keeps exact counts
        stats.drop_singletons()
    return stats, errors


def _locate_task(files: list[Path]) -> dict[str, TermStats]:
    return locate_files(files, lambda n: None)


def _count_group(group: list[list[Path]]) -> tuple[CountStats, list[GlossaryError]]:
    """Consecutive tasks counted in one process and added up there, as ``counting`` adds
    them: in task order, pruned after each."""
    total = CountStats()
    errors: list[GlossaryError] = []
    for files in group:
        stats, found = _count_task(files)
        errors += found
        total.add(stats)
        total.prune(GRAM_CAP)
    return total, errors


def groups(tasks: list[list[Path]]) -> list[list[list[Path]]]:
    """The tasks in pairs when there are a multiple of eight (the pairs then still split
    evenly between two or four workers), else one by one; never by the number of jobs.
    A worker adds up its pair before sending it: the main process, which adds up every
    result itself while the workers count, then has half as many tables to merge (on 20 MB
    that merge was half a second of Python, and the workers waited for the last one)."""
    size = 2 if len(tasks) % 8 == 0 else 1
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def counting(tasks: list[list[Path]], sizes: dict[Path, int], jobs: int, backend: str,
             words: tuple[str, ...], on_error: OnError, tick: Tick) -> CountStats:
    """Pass 1: n-grams, cues and English terms of the whole corpus, added up in task order."""
    init_counting(backend, words)  # before forking: the workers inherit the loaded segmenter
    total = CountStats()
    for group, (stats, errors) in _run(_count_group, groups(tasks), jobs, init_counting,
                                       (backend, words)):
        for err in errors:
            on_error(err)
        total.add(stats)
        total.prune(GRAM_CAP)
        tick(sum(sizes[f] for files in group for f in files))
    return total


def locating(tasks: list[list[Path]], sizes: dict[Path, int], jobs: int, terms: list[str],
             tick: Tick) -> dict[str, TermStats]:
    """Pass 2: frequency, documents and neighbours of each of ``terms``."""
    init_locating(terms)
    merged: dict[str, TermStats] = {}
    for files, part in _run(_locate_task, tasks, jobs, init_locating, (terms,)):
        for term, stats in part.items():
            merged.setdefault(term, TermStats()).add(stats)
        tick(sum(sizes[f] for f in files))
    return merged


def _run(work: Callable[[Any], Any], tasks: list[Any], jobs: int,
         init: Callable[..., None], init_args: tuple) -> Iterator[tuple[Any, Any]]:
    """``work`` over every task, results in task order: here, or in worker processes."""
    if jobs <= 1 or len(tasks) <= 1:
        for files in tasks:
            yield files, work(files)
    else:
        yield from _parallel(work, tasks, jobs, init, init_args)


def _parallel(work: Callable[[Any], Any], tasks: list[Any], jobs: int,
              init: Callable[..., None], init_args: tuple) -> Iterator[tuple[Any, Any]]:
    """``work`` over every task in ``jobs`` worker processes, results in task order.

    Forked workers inherit the state ``init`` set up (it finds it cached);
    spawned ones (where fork is missing) build it.
    """
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(min(jobs, len(tasks)), initializer=init, initargs=init_args) as pool:
        yield from pool.imap(_Paired(work), tasks, chunksize=1)


class _Paired:
    """Picklable wrapper that returns a task with its result."""

    def __init__(self, work: Callable[[Any], Any]):
        self.work = work

    def __call__(self, task: Any) -> tuple[Any, Any]:
        return task, self.work(task)
