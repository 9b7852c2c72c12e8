"""Score the miner against a gold list: recall/precision@K of Chinese terms, top-1/top-5 renderings.

usage: python bench/mine_eval.py GOLD.tsv CORPUS... [--k 10,20,50] [--glossary DIR]
                                 [--english GOLD-EN.tsv]

GOLD.tsv has a header 'zh<TAB>en' (lines starting with # are comments); en may be
empty. Only gold terms that occur in the corpus text count for recall.
Mining runs without the glossary as user dictionary unless --glossary is given.
--english scores the English policy terms (MineResult.english) against a list with
the header 'en<TAB>zh': precision@K and recall@K (terms compared case-, hyphen- and
plural-blind), and how many English terms were paired with their gold Chinese.
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
    parser.add_argument("--english", type=Path, help="gold list of English terms (en, zh)")
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
    if args.english:
        _english(args.english, result.english, text, [int(x) for x in args.k.split(",")])
    return 0


def en_key(text: str) -> str:
    """Case-, hyphen-, apostrophe- and plural-blind form of an English term."""
    words = text.replace("\u2019", "'").replace("-", " ").replace(",", " ").casefold().split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def _english(path: Path, candidates: list, text: str, ks: list[int]) -> None:
    gold: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("en\t"):
            continue
        en, _, zh = line.partition("\t")
        gold[en_key(en)] = zh.strip()
    flat = en_key(" ".join(text.split()))
    present = {k for k in gold if k in flat}
    keys = [en_key(c.en) for c in candidates]
    print(f"\nEnglish gold: {len(gold)} terms, {len(present)} occur in the corpus; "
          f"{len(keys)} English candidates")
    for k in ks:
        top = keys[:k]
        hits = sum(1 for t in top if t in gold)
        recall = len(present & set(top)) / max(1, len(present))
        print(f"K={k:<4} precision@K {hits / max(1, len(top)):.3f} ({hits}/{len(top)})   "
              f"recall@K {recall:.3f} ({len(present & set(top))}/{len(present)})")
    paired = [(c, gold[en_key(c.en)]) for c in candidates
              if c.suggestions and gold.get(en_key(c.en))]
    right = sum(1 for c, zh in paired if c.suggestions[0].term == zh)
    print(f"pairs: {len(paired)} gold English terms with a proposed Chinese original, "
          f"{right} with the gold one first")
    print("not in gold among the top 50:", " | ".join(c.en for c in candidates[:50]
                                                       if en_key(c.en) not in gold) or "-")
    print("gold not in the top 100:", " | ".join(sorted(present - set(keys[:100]))) or "-")


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
