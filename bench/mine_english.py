"""Cost of the English side of the miner: a parallel corpus against its Chinese side alone.

usage: python bench/mine_english.py [FOLDER] [--pairs 5] [--limit 500]

FOLDER holds name.zh.txt + name.en.txt pairs (default: the parallel half of the
development corpus, bench/devcorpus/parallel, else $CQFIN_DEVCORPUS/parallel).
The floor is the same miner, in the same process, on the same Chinese text
without its English (the zh halves copied as plain .txt files). Both runs are
warmed once (dictionaries, lexicon cache), then interleaved A B A B, the miner's
in-memory memos of words and phrases emptied before every run; the figure
is the median over the pairs of (parallel CPU / Chinese-only CPU), with the
spread of the pairs. Target (issue 10): at most 3x. It also prints the CPU of
the English side's stages (alignment, pair counting, renderings) and how the
sentences were aligned (bead shapes, mean anchor similarity) for reading.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = 3.0


def chinese_only(folder: Path, target: Path) -> int:
    """Copy the Chinese halves of ``folder`` into ``target`` as plain text; their count."""
    count = 0
    for path in sorted(folder.glob("*.zh.txt")):
        if path.with_name(path.name[:-7] + ".en.txt").exists():
            shutil.copy(path, target / (path.name[:-7] + ".txt"))
            count += 1
    return count


def cpu(run) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    run()
    return time.process_time() - start


def stages(run, repeat: int = 3) -> str:  # type: ignore[no-untyped-def]
    """CPU of the English side's stages in ``run`` (median of ``repeat`` runs): sentence
    alignment, counting the aligned pairs, and weighing the renderings (which the
    Chinese-only run also does, on less evidence)."""
    from mine_eval import forget_text

    from cqfin_glossary.mining import cooccur, renderings

    spent: dict[str, list[float]] = {}
    timed = [(cooccur, "align", "alignment"), (cooccur, "_count_pair", "pair counting"),
             (renderings, "suggest_all", "renderings")]
    originals = [getattr(module, name) for module, name, _ in timed]

    def timer(work, label):  # type: ignore[no-untyped-def]
        def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.process_time()
            try:
                return work(*args, **kwargs)
            finally:
                spent[label][-1] += time.process_time() - start
        return wrapped

    for (module, name, label), work in zip(timed, originals, strict=True):
        setattr(module, name, timer(work, label))
    try:
        for _ in range(repeat):
            for _, _, label in timed:
                spent.setdefault(label, []).append(0.0)
            forget_text()
            run()
    finally:
        for (module, name, _), work in zip(timed, originals, strict=True):
            setattr(module, name, work)
    return f"English side by stage (CPU, median of {repeat} runs): " + ", ".join(
        f"{label} {statistics.median(times):.3f} s" for label, times in spent.items())


def alignment_report(folder: Path) -> str:
    from cqfin_glossary.corpus import iter_documents
    from cqfin_glossary.mining.align import align, split_en, split_zh
    from cqfin_glossary.mining.segment import segmenter

    cut = segmenter("rjieba", ()).cut
    shapes: Counter[tuple[int, int]] = Counter()
    similarity = []
    for doc in iter_documents([folder], lambda err: None):
        if not doc.english:
            continue
        for bead in align([(s.line, s.text) for s in doc.segments],
                          [(s.line, s.text) for s in doc.english], cut):
            shapes[len(split_zh(bead.zh)), len(split_en(bead.en))] += 1
            similarity.append(bead.similarity)
    total = sum(shapes.values()) or 1
    common = ", ".join(f"{a}-{b} {n / total:.0%}" for (a, b), n in shapes.most_common(5))
    return (f"alignment: {total} beads ({common}); mean anchor similarity "
            f"{statistics.mean(similarity or [0.0]):.2f}")


def _default_folder() -> Path:
    from mine_eval import find_devcorpus

    return (find_devcorpus() or HERE / "devcorpus") / "parallel"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=_default_folder())
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--limit", type=int, default=500)
    args = parser.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"{args.folder}: no such folder (run bench/devcorpus/build.py)")

    from mine_eval import forget_text

    from cqfin_glossary.mining import mine_corpus

    with tempfile.TemporaryDirectory() as tmp:
        floor = Path(tmp)
        if not chinese_only(args.folder, floor):
            sys.exit(f"{args.folder}: no name.zh.txt + name.en.txt pairs")
        both = lambda: mine_corpus([args.folder], limit=args.limit)  # noqa: E731
        alone = lambda: mine_corpus([floor], limit=args.limit)  # noqa: E731
        alone(), both()  # warm both sides: dictionaries loaded, lexicon cache built
        ratios, floors, fulls = [], [], []
        for _ in range(args.pairs):
            forget_text()
            a = cpu(alone)
            forget_text()
            b = cpu(both)
            floors.append(a)
            fulls.append(b)
            ratios.append(b / a)
    print(f"Chinese only {statistics.median(floors):.3f} s CPU, with the English "
          f"{statistics.median(fulls):.3f} s CPU (median of {args.pairs} interleaved pairs)")
    print(f"parallel / Chinese-only: {statistics.median(ratios):.2f}x "
          f"(spread {min(ratios):.2f}-{max(ratios):.2f}); target at most {TARGET:.0f}x")
    print(stages(both))
    print(alignment_report(args.folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
