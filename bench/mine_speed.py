"""Time the miner against plain jieba.lcut on the same Chinese text, and report peak memory.

usage: python bench/mine_speed.py [--mb 5] [--backend rjieba|jieba] [--jobs 1,2]

The text is the sentences of bench/gold/zh-corpus shuffled and repeated to
--mb megabytes (UTF-8), written to one file per ~256 KB in a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).parent / "gold" / "zh-corpus"


def build(folder: Path, megabytes: float) -> str:
    from cqfin_glossary.corpus import sentences

    pool = [s for p in sorted(CORPUS.glob("*.txt")) for s in sentences(p.read_text("utf-8"))]
    rng, parts, size, n = random.Random(7), [], 0, 0
    target = int(megabytes * 1024 * 1024)
    while size < target:
        para = "".join(rng.sample(pool, 8)) + "\n"
        parts.append(para)
        size += len(para.encode())
        if sum(len(p) for p in parts) > 90_000 or size >= target:
            (folder / f"doc{n:05d}.txt").write_text("".join(parts), encoding="utf-8")
            parts, n = [], n + 1
    return "".join(p.read_text("utf-8") for p in sorted(folder.glob("*.txt")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--backend", default="rjieba", choices=("rjieba", "jieba"))
    parser.add_argument("--jobs", default="1,2")
    args = parser.parse_args()
    from cqfin_glossary.mining import mine_corpus

    with tempfile.TemporaryDirectory() as tmp:
        text = build(Path(tmp), args.mb)
        import jieba

        jieba.setLogLevel(60)
        jieba.lcut("预热")
        start = time.perf_counter()
        for line in text.splitlines():
            jieba.lcut(line)
        base = time.perf_counter() - start
        del text
        print(f"text {args.mb} MB; jieba.lcut: {base:.2f} s")
        times = {}
        for jobs in (int(j) for j in args.jobs.split(",")):
            start = time.perf_counter()
            result = mine_corpus([tmp], jobs=jobs, backend=args.backend)
            times[jobs] = time.perf_counter() - start
            print(f"mine --backend {args.backend} --jobs {jobs}: {times[jobs]:.2f} s, "
                  f"{len(result.chinese)} candidates; throughput {base / times[jobs]:.2f}x jieba.lcut")
        if 1 in times and 2 in times:
            print(f"--jobs 2 speed-up over --jobs 1: {times[1] / times[2]:.2f}x")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {own:.0f} MB, largest worker {kids:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
