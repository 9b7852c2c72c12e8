"""Time the miner against plain jieba.lcut on the same Chinese text, and report peak memory.

usage: python bench/mine_speed.py [--mb 5] [--backend rjieba|jieba] [--jobs 1,2] [--repeat 1]
                                 [--no-baseline]

The text is built from the clauses of bench/gold/zh-corpus, recombined at
random and with about one word in six replaced by a word drawn from jieba's
dictionary (by frequency), so the corpus keeps growing new n-grams as real
text does instead of repeating the same few hundred sentences. It is written
to one file per ~270 KB in a temporary folder. jieba.lcut runs over every line
of the same files in this process; each mining run is a fresh child process
(so its time includes the miner's start-up and its memory is its own) that
reports its peak resident memory and its workers'. With --repeat N every
timing is the best of N runs (the machine is shared: other users' load only
ever slows a run down).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from bisect import bisect
from itertools import accumulate
from pathlib import Path

CORPUS = Path(__file__).parent / "gold" / "zh-corpus"
FILE_CHARS = 90_000


def _vocabulary() -> tuple[list[str], list[int]]:
    """Words of two to four characters from jieba's dictionary, with cumulative frequencies."""
    import jieba

    words, freqs = [], []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as handle:
        for line in handle:
            word, freq, *_ = line.split(" ")
            if 2 <= len(word) <= 4 and int(freq) >= 20:
                words.append(word)
                freqs.append(int(freq))
    return words, list(accumulate(freqs))


def build(folder: Path, megabytes: float, seed: int = 7) -> int:
    """Write the corpus; return its size in bytes."""
    import rjieba

    from cqfin_glossary.corpus import sentences

    rng = random.Random(seed)
    text = "".join(p.read_text("utf-8") for p in sorted(CORPUS.glob("*.txt")))
    clauses = [rjieba.cut(c) for s in sentences(text) for c in re.split("(?<=[，、；：])", s) if c]
    words, cumulative = _vocabulary()
    target, size, n, parts, chars = int(megabytes * 1024 * 1024), 0, 0, [], 0
    while size < target:
        sentence = []
        for _ in range(rng.randint(2, 5)):
            tokens = list(rng.choice(clauses))
            for i in range(len(tokens)):
                if len(tokens[i]) >= 2 and rng.random() < 0.17:
                    tokens[i] = words[bisect(cumulative, rng.random() * cumulative[-1])]
            sentence.append("".join(tokens))
        line = "".join(sentence).rstrip("，、；：") + "。\n"
        parts.append(line)
        chars += len(line)
        size += len(line.encode())
        if chars > FILE_CHARS or size >= target:
            (folder / f"doc{n:05d}.txt").write_text("".join(parts), encoding="utf-8")
            parts, chars, n = [], 0, n + 1
    return size


def baseline(folder: Path) -> float:
    """Seconds jieba.lcut takes over every line of the corpus (dictionary loaded beforehand)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.lcut("预热")
    seconds = 0.0
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text("utf-8").splitlines()
        start = time.perf_counter()
        for line in lines:
            jieba.lcut(line)
        seconds += time.perf_counter() - start
    return seconds


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def ceiling(jobs: int, n: int = 8_000_000) -> float:
    """How much faster ``jobs`` processes run pure CPU work than one, on this machine right now
    (other users' load lowers it): the most any --jobs speed-up can show."""
    import multiprocessing

    start = time.perf_counter()
    for _ in range(jobs):
        _burn(n)
    serial = time.perf_counter() - start
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(_burn, [n] * jobs)
    return serial / (time.perf_counter() - start)


def child(folder: str, jobs: int, backend: str) -> None:
    """One mining run; prints its time and peak memory as JSON."""
    from cqfin_glossary.mining import mine_corpus

    start = time.perf_counter()
    result = mine_corpus([folder], jobs=jobs, backend=backend)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "candidates": len(result.chinese),
                      "top": [c.zh for c in result.chinese[:10]], "own_mb": own,
                      "worker_mb": workers if jobs > 1 else 0.0}))


def mine_run(folder: Path, jobs: int, backend: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(folder), "--jobs", str(jobs),
                          "--backend", backend], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--backend", default="rjieba", choices=("rjieba", "jieba"))
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs for each timing")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip jieba.lcut (for a memory run on a large corpus)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, int(args.jobs), args.backend)
        return 0
    with tempfile.TemporaryDirectory(prefix="mine-speed-") as tmp:
        folder = Path(tmp)
        size = build(folder, args.mb)
        print(f"corpus: {size / 2**20:.1f} MB in {len(list(folder.glob('*.txt')))} files")
        base = None if args.no_baseline else min(baseline(folder) for _ in range(args.repeat))
        if base is not None:
            print(f"jieba.lcut: {base:.2f} s ({size / 2**20 / base:.2f} MB/s)")
        times = {}
        for jobs in (int(j) for j in args.jobs.split(",")):
            run = min((mine_run(folder, jobs, args.backend) for _ in range(args.repeat)),
                      key=lambda r: r["seconds"])
            times[jobs] = run["seconds"]
            ratio = f"; throughput {base / run['seconds']:.2f}x jieba.lcut" if base else ""
            peak = run["own_mb"] + jobs * run["worker_mb"]
            print(f"mine --backend {args.backend} --jobs {jobs}: {run['seconds']:.2f} s, "
                  f"{run['candidates']} candidates{ratio}; "
                  f"peak memory: main {run['own_mb']:.0f} MB, "
                  f"largest worker {run['worker_mb']:.0f} MB, all processes <= {peak:.0f} MB")
            print(f"  top 10: {' '.join(run['top'])}")
        if 1 in times and 2 in times:
            print(f"--jobs 2 speed-up over --jobs 1: {times[1] / times[2]:.2f}x "
                  f"(pure CPU work in 2 processes gets {ceiling(2):.2f}x on this machine now)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
