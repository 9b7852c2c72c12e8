"""Time the miner's Chinese side against its segmenter alone, and report peak memory and --jobs.

usage: python bench/mine_speed.py [--mb 5] [--pairs 5] [--jobs-mb 20] [--memory-mb 50]
                                 [--source DIR] [--skip jobs,memory]

The text is real Chinese policy text (--source, or the development corpus
bench/devcorpus or $CQFIN_DEVCORPUS, else bench/gold/zh-corpus) recombined by
a word-level Markov chain (given the last two words, or now and then the last
one): every word pair of it occurs in the real text, but the sentences are
new, so the miner meets new n-grams at the rate real text brings them instead
of the same few hundred clauses. The share of distinct clauses is printed
(real reports repeat few: above 0.95).

Figures, each the median of --pairs interleaved runs (A B A B ...; the machine is
shared, so a single run says little), with the spread and the target:
- CPU of ``mine_corpus`` (jobs 1, no parallel text) over the CPU of ``rjieba.cut`` alone
  on every line of the same files (target <= 4), and of ``jieba.lcut`` alone over the
  miner's (target >= 2). Both run in this process, after a first run that loads both
  dictionaries and builds the lexicon cache, with the collector held as the miner
  holds it through its passes.
- wall time of --jobs 1 over --jobs 2 on --jobs-mb of text (target >= 1.6), beside what
  pure CPU work gains from two processes on this machine now, the share of the cores each
  run kept busy, the parallel efficiency, and an estimate for an idle machine from the CPU
  the main process and the workers took;
- peak resident memory of a whole run on --memory-mb of text, its workers included
  (target <= 1.5 GB), in a child process of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILE_CHARS = 90_000
ORDER_TWO = 0.5  # the share of words drawn given two words of context
_CLAUSE = re.compile("[，。；：！？、]")


def source_text(folder: Path | None) -> str:
    """The real Chinese text the corpus is recombined from (English halves left out)."""
    from mine_eval import find_devcorpus

    places = (folder, find_devcorpus(), HERE / "gold" / "zh-corpus")
    for candidate in places:
        if candidate is not None and candidate.is_dir():
            files = sorted(p for p in candidate.rglob("*.txt") if not p.name.endswith(".en.txt"))
            if files:
                return "\n".join(p.read_text("utf-8") for p in files)
    raise SystemExit("no source text: give --source DIR")


def chain(text: str) -> dict[tuple[str, ...], list[str]]:
    """Word-level Markov chain over the sentences of ``text``: the words that follow each
    word pair (order two) and each word (order one)."""
    import rjieba

    follow: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for line in text.splitlines():
        for sentence in re.split("(?<=[。！？])", line):
            words = ["", "", *rjieba.cut(sentence.strip()), "\n"]
            if len(words) > 4:
                for a, b, c in zip(words, words[1:], words[2:], strict=False):
                    follow[(a, b)].append(c)
                    follow[(b,)].append(c)
    return follow


def build(folder: Path, megabytes: float, text: str, seed: int = 7) -> tuple[int, float]:
    """Write the corpus (one file per ~FILE_CHARS characters); return its size in bytes and
    its share of distinct clauses."""
    rng = random.Random(seed)
    follow = chain(text)
    target, size, n, parts, chars = int(megabytes * 1024 * 1024), 0, 0, [], 0
    clauses: set[str] = set()
    total = 0
    while size < target:
        words, state = [], ("", "")
        while len(words) < 400:
            # order two keeps phrases whole; order one now and then makes the sentence new
            context = state if rng.random() < ORDER_TWO or not state[1] else state[1:]
            word = rng.choice(follow[context])
            if word == "\n":
                break
            words.append(word)
            state = (state[1], word)
        line = "".join(words) + "\n"
        for clause in _CLAUSE.split(line):
            if len(clause) > 4:
                total += 1
                clauses.add(clause)
        parts.append(line)
        chars += len(line)
        size += len(line.encode())
        if chars > FILE_CHARS or size >= target:
            (folder / f"doc{n:05d}.txt").write_text("".join(parts), encoding="utf-8")
            parts, chars, n = [], 0, n + 1
    return size, len(clauses) / max(1, total)


def _lines(folder: Path) -> list[str]:
    return [line for path in sorted(folder.glob("*.txt"))
            for line in path.read_text("utf-8").splitlines()]


def _cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def _wall(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _report(name: str, ratios: list[float], target: str) -> None:
    print(f"{name}: median {statistics.median(ratios):.2f}x "
          f"(spread {min(ratios):.2f}-{max(ratios):.2f} over {len(ratios)} pairs; target {target})")


def cpu_ratios(folder: Path, pairs: int) -> None:
    """Miner CPU against rjieba.cut and jieba.lcut alone, interleaved."""
    import jieba
    import rjieba
    from mine_eval import forget_text

    from cqfin_glossary.gcpause import paused_gc
    from cqfin_glossary.mining import mine_corpus

    jieba.setLogLevel(60)
    lines = _lines(folder)
    jieba.lcut("预热")
    rjieba.cut("预热")
    mine_corpus([folder])  # loads the segmenter, builds and opens the lexicon cache
    to_cut, to_lcut, mined = [], [], []

    def held(cut: Callable[[str], list[str]]) -> Callable[[], object]:
        """A segmenter over the lines with the collector held, as the miner holds it through
        its passes: the same GC setting on both sides."""
        def run() -> object:
            with paused_gc():
                return [cut(line) for line in lines]
        return run

    for _ in range(pairs):
        to_cut.append(_cpu(held(rjieba.cut)))
        forget_text()  # a user mines a corpus once per process: no memo of the last run
        mined.append(_cpu(lambda: mine_corpus([folder])))
        to_lcut.append(_cpu(held(jieba.lcut)))
    print(f"rjieba.cut {statistics.median(to_cut):.2f} s, miner {statistics.median(mined):.2f} s, "
          f"jieba.lcut {statistics.median(to_lcut):.2f} s CPU (medians)")
    _report("miner CPU / rjieba.cut CPU", [m / c for m, c in zip(mined, to_cut, strict=True)],
            "<= 4")
    _report("jieba.lcut CPU / miner CPU", [j / m for j, m in zip(to_lcut, mined, strict=True)],
            ">= 2")


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def ceiling(n: int = 6_000_000) -> float:
    """How much faster two processes run pure CPU work than one, on this machine right now."""
    import multiprocessing

    serial = _wall(lambda: [_burn(n) for _ in range(2)])
    with multiprocessing.get_context("fork").Pool(2) as pool:
        parallel = _wall(lambda: pool.map(_burn, [n, n]))
    return serial / parallel


def _cpu_all() -> float:
    """CPU seconds of this process and of its finished children (the pool's workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def jobs_ratio(folder: Path, pairs: int) -> None:
    """--jobs 1 against --jobs 2, interleaved, with the CPU each took: on a shared machine
    the wall ratio is capped by the cores the other processes leave free, which the CPU
    utilisation and the pure-CPU ceiling show."""
    from cqfin_glossary.corpus import iter_files
    from cqfin_glossary.mining import mine_corpus, passes

    sizes = passes.file_sizes(list(iter_files([folder], lambda err: None)))
    loads = [sum(sizes[f] for f in task) / 2**20 for task in passes.plan(sizes)]
    print(f"{len(loads)} tasks of {min(loads):.2f}-{max(loads):.2f} MB")
    mine_corpus([folder], jobs=2)
    ratios, one_busy, two_busy, estimates = [], [], [], []
    for _ in range(pairs):
        cpu, one = _cpu_all(), _wall(lambda: mine_corpus([folder], jobs=1))
        one_cpu = _cpu_all() - cpu
        main, cpu = time.process_time(), _cpu_all()
        two = _wall(lambda: mine_corpus([folder], jobs=2))
        two_cpu, main = _cpu_all() - cpu, time.process_time() - main
        ratios.append(one / two)
        one_busy.append(one_cpu / one)
        two_busy.append(two_cpu / (2 * two))
        # what an idle machine would give if the workers' CPU split evenly between two
        estimates.append(one_cpu / (main + (two_cpu - main) / 2))
    print(f"--jobs 1 {statistics.median(one_busy):.2f} of a core busy; --jobs 2 "
          f"{statistics.median(two_busy):.2f} of two cores (CPU of all processes over wall)")
    pure = ceiling()
    _report("--jobs 1 wall / --jobs 2 wall", ratios, f">= 1.6; pure CPU gets {pure:.2f}x now")
    print(f"parallel efficiency (wall ratio / 2): {statistics.median(ratios) / 2:.2f}, "
          f"{statistics.median(ratios) / pure:.2f} of what pure CPU gets now; estimate on an "
          f"idle machine, jobs-1 CPU / (main CPU + workers' CPU / 2): "
          f"{statistics.median(estimates):.2f}x")


def child(folder: str, jobs: int) -> None:
    """One mining run in a process of its own; prints its peak memory as JSON."""
    from cqfin_glossary.mining import mine_corpus

    seconds = _wall(lambda: mine_corpus([folder], jobs=jobs))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "own_mb": own, "worker_mb": workers}))


def memory(folder: Path, jobs: int) -> None:
    out = subprocess.run([sys.executable, __file__, "--child", str(folder), "--jobs", str(jobs)],
                         capture_output=True, text=True, check=True)
    run = json.loads(out.stdout.strip().splitlines()[-1])
    peak = run["own_mb"] + (jobs * run["worker_mb"] if jobs > 1 else 0.0)
    print(f"peak memory, --jobs {jobs}: main {run['own_mb']:.0f} MB, largest worker "
          f"{run['worker_mb']:.0f} MB, all processes <= {peak:.0f} MB (target <= 1536 MB); "
          f"{run['seconds']:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size for the CPU ratios")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--jobs-mb", type=float, default=20.0)
    parser.add_argument("--memory-mb", type=float, default=50.0)
    parser.add_argument("--source", type=Path)
    parser.add_argument("--skip", default="", help="comma-separated: cpu, jobs, memory")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.jobs)
        return 0
    skip = set(args.skip.split(","))
    text = source_text(args.source)
    for name, mb in (("cpu", args.mb), ("jobs", args.jobs_mb), ("memory", args.memory_mb)):
        if name in skip:
            continue
        with tempfile.TemporaryDirectory(prefix="mine-speed-") as tmp:
            folder = Path(tmp)
            size, distinct = build(folder, mb, text)
            print(f"\n[{name}] corpus: {size / 2**20:.1f} MB in {len(list(folder.glob('*.txt')))} "
                  f"files, {distinct:.3f} of its clauses distinct")
            if name == "cpu":
                cpu_ratios(folder, args.pairs)
            elif name == "jobs":
                jobs_ratio(folder, args.pairs)
            else:
                memory(folder, 1)
                memory(folder, 2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
