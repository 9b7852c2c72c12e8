"""Score the miner against a gold list: recall/precision@K of Chinese terms, top-1/top-5 renderings.

usage: python bench/mine_eval.py GOLD.tsv CORPUS... [--k 10,20,50] [--glossary DIR]
                                 [--english GOLD-EN.tsv] [--judged JUDGED.tsv] [--json]
       python bench/mine_eval.py --dev [--json] [--verbose]

GOLD.tsv has a header 'zh<TAB>en' (lines starting with # are comments); en may be
empty or hold several renderings separated by '|'. Only gold terms that occur in
the corpus text count for recall; recall is also given for the gold terms seen at
least twice. P@N counts a candidate as right when it is a gold term or judged a
term in JUDGED.tsv (header 'zh<TAB>judgement', judgement 'term' or 'no'); the
candidates of the top N that nobody has judged yet are listed so that a person can
judge them (they count as wrong until then).
English top-1/top-5: share of the mined gold terms with a gold English whose first
(first five) suggestions hold a gold rendering, compared case-, hyphen- and
plural-blind; 'parallel' restricts this to the gold terms that occur in a Chinese
file of a parallel pair (NAME.zh.txt + NAME.en.txt, the only ones whose English
the miner can read from the text). The corpus paths are handed to the miner as
they are: how parallel files are paired and aligned is the miner's business.
--dev scores bench/gold/dev.tsv and dev-judged.tsv on the development corpus
(bench/devcorpus, or $CQFIN_DEVCORPUS, or shared/devcorpus beside the checkout).
Mining runs without the glossary as user dictionary unless --glossary is given.
--english scores the English policy terms (MineResult.english) against a list with
the header 'en<TAB>zh': precision@K and recall@K (terms compared case-, hyphen- and
plural-blind), and how many English terms were paired with their gold Chinese.
All figures are deterministic for a given miner and input; only the times vary.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RECALL_K = (100, 500, 1000)


def read_gold(path: Path) -> dict[str, set[str]]:
    """zh -> set of normalised acceptable English renderings (may be empty)."""
    gold: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("zh\t"):
            continue
        zh, _, en = line.partition("\t")
        renderings = gold.setdefault(zh.strip(), set())
        renderings.update(en_key(alt) for alt in en.split("|") if alt.strip())
    return gold


def read_judged(path: Path | None) -> dict[str, bool]:
    """zh -> True when judged a term, False when judged not a term."""
    judged: dict[str, bool] = {}
    if path is None or not path.exists():
        return judged
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("zh\t"):
            continue
        zh, _, verdict = line.partition("\t")
        if verdict.strip() not in ("term", "no"):
            sys.exit(f"{path}:{number}: judgement must be 'term' or 'no', not {verdict.strip()!r}")
        judged[zh.strip()] = verdict.strip() == "term"
    return judged


def norm(text: str) -> str:
    return " ".join(text.replace("-", " ").casefold().split())


def en_key(text: str) -> str:
    """Case-, hyphen-, apostrophe- and plural-blind form of an English term."""
    words = text.replace("\u2019", "'").replace("-", " ").replace(",", " ").casefold().split()
    if words and len(words[-1]) > 4 and words[-1].endswith("ies"):
        words[-1] = words[-1][:-3] + "y"  # companies -> company, not companie
    elif words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def forget_text() -> None:
    """Empty the miner's in-memory memos of words, sentences, phrases and dictionary look-ups,
    which a run over the same text would otherwise find full of the last run's answers: a
    user mines a corpus once per process. What loading leaves (segmenter, lexicon and
    part-of-speech tables, caches of one or two entries each) stays warm."""
    import functools

    import wordfreq

    from cqfin_glossary import mining, textnorm
    from cqfin_glossary.mining import glosses

    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith(mining.__name__ + "."):
            continue
        for value in vars(module).values():
            if isinstance(value, functools._lru_cache_wrapper):
                size = value.cache_info().maxsize
                if size is None or size > 2:
                    value.cache_clear()
    glosses._SENSES.clear()  # CC-CEDICT senses per headword, asked of the lexicon once each
    textnorm.syllables.cache_clear()  # a name's pinyin
    wordfreq._wf_cache.clear()  # English word frequencies (enwords.zipf)


def find_devcorpus() -> Path | None:
    """The development corpus folder (see the module docstring for where it is looked for),
    or None when it has not been built; the other benches look for it here too."""
    places = [HERE / "devcorpus", Path(os.environ.get("CQFIN_DEVCORPUS", HERE / "devcorpus")),
              HERE.parent.parent / "shared" / "devcorpus", Path("/work/shared/devcorpus")]
    return next((place for place in places if (place / "parallel").is_dir()), None)


def devcorpus() -> Path:
    found = find_devcorpus()
    if found is None:
        sys.exit("no development corpus: run python bench/devcorpus/build.py (see SOURCES.md)")
    return found


def corpus_text(paths: list[str]) -> str:
    from cqfin_glossary.corpus import iter_documents

    return "\n".join(s.text for d in iter_documents(paths, lambda e: None) for s in d.segments)


def parallel_text(paths: list[str]) -> str:
    """Chinese text of the NAME.zh.txt files that have a NAME.en.txt beside them."""
    return _pair_side(paths, ".zh.txt", ".en.txt")


def english_text(paths: list[str]) -> str:
    """The NAME.en.txt sides of parallel pairs (the corpus text holds only the Chinese side)."""
    return _pair_side(paths, ".en.txt", ".zh.txt")


def _pair_side(paths: list[str], side: str, other: str) -> str:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files.extend(sorted(path.rglob(f"*{side}")) if path.is_dir() else [path])
    return "\n".join(f.read_text(encoding="utf-8") for f in files
                     if f.name.endswith(side) and f.with_name(f.name[:-7] + other).exists())


def mine(paths: list[str], glossary: Any, limit: int) -> tuple[Any, float, float]:
    from cqfin_glossary.mining import mine_corpus

    wall, cpu = time.perf_counter(), time.process_time()
    result = mine_corpus(paths, glossary, limit=limit)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def recall_figures(ranked: list[str], gold: dict[str, set[str]], text: str) -> dict[str, Any]:
    present = sorted(t for t in gold if t in text)
    twice = [t for t in present if text.count(t) >= 2]
    position = {zh: i for i, zh in enumerate(ranked)}
    out: dict[str, Any] = {"gold": len(gold), "present": len(present), "present_twice": len(twice)}
    for k in RECALL_K:
        out[f"recall@{k}"] = _share(sum(1 for t in present if position.get(t, k) < k), len(present))
        out[f"recall2@{k}"] = _share(sum(1 for t in twice if position.get(t, k) < k), len(twice))
    out["missed_twice@500"] = [t for t in twice if position.get(t, 500) >= 500]
    return out


def precision_figures(ranked: list[str], gold: dict[str, set[str]], judged: dict[str, bool],
                      n: int) -> dict[str, Any]:
    top = ranked[:n]
    right = [c for c in top if c in gold or judged.get(c)]
    wrong = [c for c in top if c not in gold and judged.get(c) is False]
    unjudged = [c for c in top if c not in gold and c not in judged]
    return {f"p@{n}": _share(len(right), len(top)), f"p@{n}_judged_only": _share(
        len(right), len(right) + len(wrong)), "unjudged": unjudged, "not_terms": wrong}


def english_figures(candidates: list[Any], gold: dict[str, set[str]], scope: set[str] | None,
                    ) -> dict[str, Any]:
    """Top-1/top-5 over the mined gold terms that have a gold English (within ``scope``)."""
    scored = [(c, gold[c.zh]) for c in candidates
              if gold.get(c.zh) and (scope is None or c.zh in scope)]
    top1 = sum(1 for c, en in scored if _renders(c, en, 1))
    top5 = sum(1 for c, en in scored if _renders(c, en, 5))
    return {"terms": len(scored), "top1": _share(top1, len(scored)),
            "top5": _share(top5, len(scored)),
            "rows": [(c.zh, [s.term for s in c.suggestions[:3]], sorted(en), _renders(c, en, 5))
                     for c, en in scored]}


def _renders(candidate: Any, renderings: set[str], n: int) -> bool:
    return any(en_key(s.term) in renderings for s in candidate.suggestions[:n])


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, nargs="?")
    parser.add_argument("corpus", nargs="*")
    parser.add_argument("--dev", action="store_true", help="score the development corpus")
    parser.add_argument("--k", default="10,20,50", help="cut-offs for precision/recall@K")
    parser.add_argument("--p-at", type=int, default=50, help="N of P@N against gold and judged")
    parser.add_argument("--judged", type=Path, help="candidates judged term/no (zh, judgement)")
    parser.add_argument("--judge-k", type=int, default=0, metavar="K",
                        help="list the unjudged candidates of the top K (default: the P@N cut-off)")
    parser.add_argument("--glossary", help="load this glossary as the segmenter's user dictionary")
    parser.add_argument("--english", type=Path, help="gold list of English terms (en, zh)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--verbose", action="store_true", help="list every scored rendering")
    parser.add_argument("--determinism", type=int, default=0, metavar="N",
                        help="also mine N times more under other PYTHONHASHSEEDs and compare")
    parser.add_argument("--dump", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dev:
        args.gold = args.gold or HERE / "gold" / "dev.tsv"
        args.judged = args.judged or HERE / "gold" / "dev-judged.tsv"
        # only the texts: the folder also holds SOURCES.md and the build script
        args.corpus = args.corpus or [str(devcorpus() / part) for part in ("parallel", "mono")]
    if args.gold is None or not args.corpus:
        parser.error("give GOLD.tsv and CORPUS paths, or --dev")
    return args


def _glossary(args: argparse.Namespace) -> Any:
    from cqfin_glossary import store

    return store.load(Path(args.glossary)) if args.glossary else None


def _limit(args: argparse.Namespace) -> int:
    return max(RECALL_K + tuple(int(x) for x in args.k.split(",")))


def evaluate(args: argparse.Namespace) -> tuple[dict[str, Any], Any]:
    gold = read_gold(args.gold)
    judged = read_judged(args.judged)
    ks = [int(x) for x in args.k.split(",")]
    text = corpus_text(args.corpus)
    result, wall, cpu = mine(args.corpus, _glossary(args), _limit(args))
    ranked = [c.zh for c in result.chinese]
    parallel = parallel_text(args.corpus)
    figures: dict[str, Any] = {"candidates": len(ranked), "chars": len(text),
                               "parallel_chars": len(parallel)}
    figures.update(recall_figures(ranked, gold, text))
    figures.update(precision_figures(ranked, gold, judged, args.p_at))
    figures["unjudged_top_k"] = [c for c in ranked[:max(args.judge_k, args.p_at)]
                           if c not in gold and c not in judged]
    figures["at_k"] = {k: {"precision": _share(sum(1 for t in ranked[:k] if t in gold),
                                               len(ranked[:k])),
                           "recall": _share(sum(1 for t in ranked[:k] if t in gold and t in text),
                                            sum(1 for t in gold if t in text))} for k in ks}
    figures["english_all"] = english_figures(result.chinese, gold, None)
    scope = {t for t in gold if t in parallel} if parallel else None
    figures["english_parallel"] = english_figures(result.chinese, gold, scope)
    figures["seconds_wall"], figures["seconds_cpu"] = round(wall, 2), round(cpu, 2)
    return figures, result


def report(figures: dict[str, Any], args: argparse.Namespace) -> None:
    f = figures
    print(f"gold: {f['gold']} terms, {f['present']} occur in the corpus ({f['present_twice']} "
          f"at least twice); {f['chars']} characters, {f['parallel_chars']} of them in parallel "
          f"files; mined {f['candidates']} candidates in {f['seconds_wall']:.2f} s "
          f"({f['seconds_cpu']:.2f} s CPU)")
    for k in RECALL_K:
        print(f"recall@{k:<5} {f[f'recall@{k}']:.3f}   of those seen twice {f[f'recall2@{k}']:.3f}")
    for k, row in f["at_k"].items():
        print(f"K={k:<4} precision@K {row['precision']:.3f} (gold only)   "
              f"recall@K {row['recall']:.3f}")
    n = args.p_at
    print(f"P@{n} {f[f'p@{n}']:.3f} against gold and judged terms "
          f"({f[f'p@{n}_judged_only']:.3f} of the judged ones; {len(f['unjudged'])} unjudged)")
    print(f"  judged not terms: {' '.join(f['not_terms']) or '-'}")
    print(f"  unjudged in the top {max(args.judge_k, n)} (judge them in the judged list): "
          f"{' '.join(f['unjudged_top_k']) or '-'}")
    missed = f["missed_twice@500"]
    print(f"  gold seen twice but not in the top 500 ({len(missed)}): "
          f"{' '.join(missed[:80]) or '-'}{' ...' if len(missed) > 80 else ''}")
    for label in ("english_parallel", "english_all"):
        e = f[label]
        if label == "english_parallel" and not f["parallel_chars"]:
            print("English (parallel): no parallel NAME.zh.txt + NAME.en.txt files")
            continue
        print(f"English ({label[8:]}): {e['terms']} mined gold terms with a gold English; "
              f"top-1 {e['top1']:.3f}, top-5 {e['top5']:.3f}")
    if args.verbose:
        for zh, shown, gold, ok in f["english_all"]["rows"]:
            mark = "ok " if ok else "-- "
            print(f"  {mark}{zh}: {' | '.join(shown)}   (gold: {'; '.join(gold)})")


def snapshot(result: Any) -> list[list[Any]]:
    """What must not change between runs: ranking, scores and the first five suggestions."""
    return [[c.zh, round(c.score, 6), [s.term for s in c.suggestions[:5]]] for c in result.chinese]


def determinism(args: argparse.Namespace, result: Any) -> dict[str, Any]:
    """Mine again in fresh interpreters with other hash seeds; compare with this run."""
    here = snapshot(result)
    runs = []
    for seed in range(1, args.determinism + 1):
        env = dict(os.environ, PYTHONHASHSEED=str(seed * 7919))
        command = [sys.executable, __file__, str(args.gold), *args.corpus, "--dump"]
        if args.glossary:
            command += ["--glossary", args.glossary]
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        other = json.loads(out.stdout)
        pairs = enumerate(zip(here, other, strict=False))
        first = next((i for i, (a, b) in pairs if a[:2] != b[:2]),
                     None if len(here) == len(other) else min(len(here), len(other)))
        common = {row[0]: row[2] for row in other}
        same = sum(1 for zh, _, sugg in here if common.get(zh) == sugg)
        runs.append({"seed": seed * 7919, "ranking_identical": first is None,
                     "first_difference_at": first, "suggestions_same": same,
                     "candidates": len(here)})
    return {"runs": runs}


def main() -> int:
    args = _arguments()
    if args.dump:
        print(json.dumps(snapshot(mine(args.corpus, _glossary(args), _limit(args))[0]),
                         ensure_ascii=False))
        return 0
    figures, result = evaluate(args)
    if args.determinism:
        figures["determinism"] = determinism(args, result)
    if args.json:
        shown = {k: v for k, v in figures.items() if k not in ("english_all", "english_parallel")}
        for label in ("english_all", "english_parallel"):
            shown[label] = {k: v for k, v in figures[label].items() if k != "rows"}
        print(json.dumps(shown, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        report(figures, args)
        for run in figures.get("determinism", {}).get("runs", []):
            ranking = ("identical" if run["ranking_identical"]
                       else f"differ from rank {run['first_difference_at']}")
            print(f"determinism (PYTHONHASHSEED={run['seed']}): ranking and scores {ranking}; "
                  f"first five suggestions the same for {run['suggestions_same']} of "
                  f"{run['candidates']} candidates")
    if args.english:
        _english(args.english, result.english,
                 corpus_text(args.corpus) + "\n" + english_text(args.corpus),
                 [int(x) for x in args.k.split(",")])
    return 0


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


if __name__ == "__main__":
    sys.exit(main())
