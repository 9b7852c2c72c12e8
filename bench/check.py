"""Accuracy and speed of check and annotate: recall and false positives on the labelled set,
segment pairs per second against a 100,000-entry glossary, and annotate throughput as a
ratio to jieba.lcut over the same text.

    python bench/check.py                   # full sizes (10,000 pairs, 100,000 entries, 5 MB)
    python bench/check.py --small           # a quick run while developing
    python bench/check.py --accuracy-only
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QA_DATA = ROOT / "tests" / "data" / "qa"
# Common characters of financial-policy prose, for synthetic terms and filler.
CHARS = ("金融市场银行贷款资本投资企业科技创新发展改革开放服务经济政策监管风险数字绿色产业园区"
         "重庆成都西部陆海通道跨境结算贸易物流制造汽车电子能源保险证券基金债券信用担保小微普惠"
         "农村城市建设项目平台中心体系机制示范试点工程规划行动方案计划协同合作区域国际人民政府")
FILLER = ["今年以来，全市{}规模稳步扩大，", "市政府发布了关于{}的新措施。", "多家机构参与了{}，",
          "报告详细介绍了{}的进展情况。", "专家认为，{}仍有很大发展空间；",
          "据统计，{}同比增长百分之十二。", "相关部门将加强协调配合，推动{}落地见效。",
          "企业普遍欢迎{}带来的便利。"]


def accuracy(paths: tuple[Path, ...] = (QA_DATA / "segments.jsonl", QA_DATA / "handwritten.jsonl"),
             glossary: Path = QA_DATA / "glossary") -> dict[str, Any]:
    """Recall and false positives of ``check`` on the labelled sets, one document at a time."""
    from cqfin_glossary import store
    from cqfin_glossary.match import Matcher
    from cqfin_glossary.qa import check
    from cqfin_glossary.segments import Segment

    matcher = Matcher.from_entries(store.load(glossary))
    docs: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            docs[row["doc"]].append(row)
    expected, found = set(), set()
    for doc, rows in docs.items():
        segments = [Segment(r["segment"], r["zh"], r["en"], f"doc{doc}") for r in rows]
        expected |= {(doc, r["segment"], kind, entry)
                     for r in rows for kind, entry in r["expected"]}
        found |= {(doc, p.segment, p.kind, p.entry) for p in check(segments, matcher).problems}
    total = sum(len(rows) for rows in docs.values())
    hits = expected & found
    return {
        "segments": total, "planted": len(expected), "caught": len(hits),
        "recall": len(hits) / len(expected) if expected else 1.0,
        "false_positives": len(found - expected),
        "fp_per_1000": (len(found - expected)) * 1000 / total,
        "missed": sorted(expected - found), "spurious": sorted(found - expected),
    }


def synthetic_glossary(n: int, rng: random.Random) -> list[Any]:
    """``n`` approved entries with distinct Chinese terms and two-word English renderings."""
    from cqfin_glossary.model import Entry, EntryStatus, Term, TermStatus

    syll = ["ba", "chen", "dao", "fu", "gang", "hui", "jin", "kai", "lu", "ming", "nan", "qiao",
            "rong", "shan", "tong", "wei", "xin", "yu", "zhi", "zhou"]
    seen: set[str] = set()
    words: set[str] = set()
    entries = []
    while len(entries) < n:
        zh = "".join(rng.choices(CHARS, k=rng.choice((3, 4, 4, 5, 6, 7))))
        word = "".join(rng.choices(syll, k=4))
        if zh in seen or word in words:
            continue
        seen.add(zh)
        words.add(word)
        en = [Term(f"{word} {rng.choice(['fund', 'zone', 'plan', 'bond', 'loan'])}"),
              Term(f"{word} scheme", TermStatus.DEPRECATED)]
        entries.append(Entry(f"e{len(entries)}", EntryStatus.APPROVED, zh=[Term(zh)], en=en))
    return entries


def pairs(entries: list[Any], n: int, rng: random.Random) -> list[Any]:
    from cqfin_glossary.segments import Segment

    out = []
    for i in range(n):
        chosen = rng.sample(entries, 3)
        zh = "".join(rng.choice(FILLER).format(e.zh[0].term) for e in chosen)
        en = " and ".join(f"the {e.en[0].term if rng.random() < 0.9 else 'new plan'}s"
                          for e in chosen) + " grew steadily in the first half of the year."
        out.append(Segment(i + 1, zh, en, "bench"))
    return out


def chinese_text(entries: list[Any], megabytes: float, rng: random.Random) -> str:
    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        piece = rng.choice(FILLER).format(rng.choice(entries).zh[0].term)
        if rng.random() < 0.3:
            piece += "\n"
        parts.append(piece)
        size += len(piece.encode("utf-8"))
    return "".join(parts)


def timed(func: Any, *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


def speed(n_entries: int, n_pairs: int, megabytes: float) -> None:
    import jieba

    from cqfin_glossary.cli.annotate_cmd import render
    from cqfin_glossary.match import Matcher
    from cqfin_glossary.qa import check

    rng = random.Random(6)
    entries = synthetic_glossary(n_entries, rng)
    matcher, compile_s = timed(Matcher.from_entries, entries)
    gc.freeze()  # as the annotate and check commands do once the glossary is loaded
    blob = pickle.dumps(matcher, protocol=4)
    _, reload_s = timed(pickle.loads, blob)
    print(f"compile {n_entries:,} entries: {compile_s:.2f} s; reload from cache: {reload_s:.2f} s "
          f"({compile_s / reload_s:.1f}x faster)")
    segments = pairs(entries, n_pairs, rng)
    report, check_s = timed(check, segments, matcher)
    print(f"check {n_pairs:,} segment pairs: {check_s:.2f} s = {n_pairs / check_s:,.0f} pairs/s "
          f"(target >= 2,000); {len(report.problems):,} problems, {report.terms:,} terms")
    text = chinese_text(entries, megabytes, rng)
    gc.freeze()
    size = len(text.encode("utf-8")) / 1e6
    # Best of two runs each, as timeit does: jieba's dictionary load and the first walk over
    # a freshly built automaton (page faults) are one-off costs, not throughput.
    def annotate(t: str) -> str:
        return render(t, matcher.find(t), matcher)

    jieba.initialize()
    jieba_s = min(timed(jieba.lcut, text)[1] for _ in range(2))
    annotate_s = min(timed(annotate, text)[1] for _ in range(2))
    print(f"annotate {size:.1f} MB ({len(text):,} chars): {annotate_s:.2f} s; jieba.lcut: "
          f"{jieba_s:.2f} s; annotate is {jieba_s / annotate_s:.1f}x faster (target >= 3x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="small sizes for a quick run")
    parser.add_argument("--accuracy-only", action="store_true")
    args = parser.parse_args()
    acc = accuracy()
    print(f"accuracy on {acc['segments']} labelled segments: recall {acc['recall']:.3f} "
          f"({acc['caught']}/{acc['planted']}, target >= 0.95); false positives "
          f"{acc['false_positives']} = {acc['fp_per_1000']:.1f} per 1,000 segments (target <= 2)")
    for item in acc["missed"]:
        print("  missed:", item)
    for item in acc["spurious"]:
        print("  spurious:", item)
    if not args.accuracy_only:
        if args.small:
            speed(5_000, 1_000, 0.3)
        else:
            speed(100_000, 10_000, 5.0)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
