"""Score the miner against a gold list: recall/precision@K of Chinese terms, top-1/top-5 renderings.

usage: python bench/mine_eval.py GOLD.tsv CORPUS... [--k 10,20,50] [--glossary DIR]

GOLD.tsv has a header 'zh<TAB>en' (lines starting with # are comments); en may be
empty. Only gold terms that occur in the corpus text count for recall.
Mining runs without the glossary as user dictionary unless --glossary is given.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def read_gold(path: Path) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip() or line.startswith("#") or line.startswith("zh\t"):
            continue
        zh, _, en = line.partition("\t")
        gold.setdefault(zh.strip(), set())
        if en.strip():
            gold[zh.strip()].add(norm(en))
    return gold


def norm(text: str) -> str:
    return " ".join(text.replace("-", " ").casefold().split())


def corpus_text(paths: list[str]) -> str:
    from cqfin_glossary.corpus import iter_documents

    return "\n".join(s.text for d in iter_documents(paths, lambda e: None) for s in d.segments)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--k", default="10,20,50")
    parser.add_argument("--glossary", help="load this glossary as the segmenter's user dictionary")
    args = parser.parse_args()

    from cqfin_glossary import store
    from cqfin_glossary.mining import mine_corpus

    gold = read_gold(args.gold)
    text = corpus_text(args.corpus)
    present = {t for t in gold if t in text}
    glossary = store.load(Path(args.glossary)) if args.glossary else None
    start = time.perf_counter()
    result = mine_corpus(args.corpus, glossary, limit=500)
    seconds = time.perf_counter() - start
    ranked = [c.zh for c in result.chinese]
    print(f"gold: {len(gold)} terms, {len(present)} occur in the corpus; mined {len(ranked)} "
          f"candidates in {seconds:.2f} s")
    for k in (int(x) for x in args.k.split(",")):
        top = ranked[:k]
        hits = sum(1 for t in top if t in gold)
        recall = sum(1 for t in present if t in top) / max(1, len(present))
        print(f"K={k:<4} precision@K {hits / max(1, len(top)):.3f} ({hits}/{len(top)})   "
              f"recall@K {recall:.3f}")
    misses = [t for t in ranked[:50] if t not in gold]
    print("not in gold among the top 50:", " ".join(misses) or "-")
    _renderings(gold, result.chinese)
    return 0


def _renderings(gold: dict[str, set[str]], candidates: list) -> None:
    scored = [(c, gold[c.zh]) for c in candidates if gold.get(c.zh)]
    top1 = sum(1 for c, en in scored if c.suggestions and norm(c.suggestions[0].term) in en)
    top5 = sum(1 for c, en in scored if any(norm(s.term) in en for s in c.suggestions[:5]))
    n = max(1, len(scored))
    print(f"renderings: {len(scored)} mined gold terms with a gold English; "
          f"top-1 {top1 / n:.3f} ({top1}), top-5 {top5 / n:.3f} ({top5})")
    for c, en in scored:
        mark = "ok " if any(norm(s.term) in en for s in c.suggestions[:5]) else "-- "
        shown = " | ".join(s.term for s in c.suggestions[:3])
        print(f"  {mark}{c.zh}: {shown}   (gold: {'; '.join(sorted(en))})")


if __name__ == "__main__":
    sys.exit(main())
