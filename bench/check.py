"""Accuracy and speed of check and annotate against a bare Aho-Corasick scan.

Accuracy: recall and false positives on the labelled set. Speed, against a
100,000-entry glossary: ``check`` of 10,000 segment pairs and ``annotate`` of
5 MB of Chinese, each next to the floor run in the same process, interleaved
(bench/floor.py): the very pyahocorasick automatons the matcher holds, iterated
over the same texts (the target side as its word-key chain, built outside the
floor's clock), nothing else, with the collector held as check and annotate hold
it. The Chinese is made of the clauses of real Chinese policy prose
(bench/gold/zh-corpus) with glossary terms put into them, so no two sentences
are alike; the English of the renderings followed by a sentence of real English
policy prose (the development corpus's official translations when built, else
the seeds), and the renderings are made of that prose's words. Before each run
of ours the matcher's memos (words read into keys, concepts made) are emptied: a
file is checked once per process, and a memo full of the last run's text flatters.

    python bench/check.py                   # full sizes (10,000 pairs, 100,000 entries, 5 MB)
    python bench/check.py --small           # a quick run while developing
    python bench/check.py --accuracy-only
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QA_DATA = ROOT / "tests" / "data" / "qa"
PROSE = ROOT / "bench" / "gold" / "zh-corpus"
# Common characters of financial-policy prose, for synthetic terms and filler.
CHARS = ("金融市场银行贷款资本投资企业科技创新发展改革开放服务经济政策监管风险数字绿色产业园区"
         "重庆成都西部陆海通道跨境结算贸易物流制造汽车电子能源保险证券基金债券信用担保小微普惠"
         "农村城市建设项目平台中心体系机制示范试点工程规划行动方案计划协同合作区域国际人民政府")


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




@functools.cache
def english_prose() -> str:
    """Real English policy prose: the official translations of the development corpus when
    it is built (bench/devcorpus), else the seeds' English news (said, since the figures
    differ)."""
    from mine_eval import find_devcorpus

    folder = find_devcorpus()
    files = sorted((folder / "parallel").glob("*.en.txt")) if folder else []
    if not files:
        files = sorted((ROOT / "seeds").glob("*.txt"))
    print(f"English prose: {len(files)} files from {files[0].parent}")
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def synthetic_glossary(n: int, rng: random.Random) -> list[Any]:
    """``n`` approved entries with distinct Chinese terms and three-word English renderings
    made of the words of real English prose, so that a text's words are as varied as a
    translation's, neither all new (which empties any memo) nor a handful (which fills it).

    A fifth have a second approved rendering: check then has to keep their uses for
    the file-wide checks, which it can skip for a term with one approved English.
    """
    from cqfin_glossary.model import Entry, EntryStatus, Term, TermStatus

    vocabulary = sorted(set(re.findall(r"\b[a-z]{4,}\b", english_prose())))
    seen: set[str] = set()
    words: set[tuple[str, str]] = set()
    entries = []
    while len(entries) < n:
        zh = "".join(rng.choices(CHARS, k=rng.choice((3, 4, 4, 5, 6, 7))))
        pair = (rng.choice(vocabulary), rng.choice(vocabulary))
        if zh in seen or pair in words:
            continue
        seen.add(zh)
        words.add(pair)
        stem = " ".join(pair)
        en = [Term(f"{stem} {rng.choice(['fund', 'zone', 'plan', 'bond', 'loan'])}"),
              Term(f"{stem} scheme", TermStatus.DEPRECATED)]
        if rng.random() < 0.2:  # as in the shipped glossary, where 26 of 134 entries have one
            en.append(Term(f"{stem} programme", TermStatus.ADMITTED))
        entries.append(Entry(f"e{len(entries)}", EntryStatus.APPROVED, zh=[Term(zh)], en=en))
    return entries


def clauses() -> list[str]:
    """The clauses of real Chinese policy prose, the carrier of the synthetic terms."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(PROSE.glob("*.txt")))
    return [c for c in re.split(r"(?<=[，。；：！？])|\n", text) if len(c) > 4]


def sentence(carrier: list[str], entries: list[Any], k: int,
             rng: random.Random) -> tuple[str, list[Any]]:
    """``k`` real clauses, each with a glossary term put at a random place."""
    parts, used = [], []
    for _ in range(k):
        clause, entry = rng.choice(carrier), rng.choice(entries)
        at = rng.randrange(len(clause))
        parts.append(clause[:at] + entry.zh[0].term + clause[at:])
        used.append(entry)
    return "".join(parts), used


def _rendering(entry: Any, rng: random.Random) -> str:
    """What a draft translation gives a term: mostly its preferred rendering; one time in ten
    nothing of it, one in twenty its deprecated one, and the admitted one a third of the
    time where there is one (so the file-wide consistency check has work to do)."""
    draw = rng.random()
    if draw < 0.10:
        return "new plan"
    if draw < 0.15:
        return entry.en[1].term
    if len(entry.en) > 2 and draw < 0.45:
        return entry.en[2].term
    return entry.en[0].term


def pairs(entries: list[Any], n: int, rng: random.Random) -> list[Any]:
    """Three terms in real Chinese clauses; in English, their renderings as a draft gives
    them (see _rendering) ahead of a sentence of real English prose."""
    from cqfin_glossary.segments import Segment

    carrier = clauses()
    prose = [s for s in re.split(r"(?<=[.;!?])\s+|\n", english_prose()) if len(s.split()) > 4]
    out = []
    for i in range(n):
        zh, used = sentence(carrier, entries, 3, rng)
        en = " and ".join(f"the {_rendering(e, rng)}s" for e in used) + ": " + rng.choice(prose)
        out.append(Segment(i + 1, zh, en, "bench"))
    return out


def chinese_text(entries: list[Any], megabytes: float, rng: random.Random) -> str:
    carrier = clauses()
    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        piece = sentence(carrier, entries, rng.randint(1, 3), rng)[0]
        if rng.random() < 0.3:
            piece += "\n"
        parts.append(piece)
        size += len(piece.encode("utf-8"))
    return "".join(parts)


def _bare_check(matcher: Any, sources: list[str], chains: list[str]) -> None:
    """The floor of check: both automatons over the same texts, every raw match taken,
    with the collector held as check holds it (it made the floor 6% slower)."""
    from cqfin_glossary.gcpause import paused_gc

    zh, en = matcher._zh, matcher._en
    with paused_gc():
        for source, chain in zip(sources, chains, strict=True):
            list(zh.iter(source))
            list(en.iter(chain))


def _bare_scan(auto: Any, text: str) -> None:
    """The floor of annotate: the Chinese automaton over the text, with the collector
    held as annotate holds it."""
    from cqfin_glossary.gcpause import paused_gc

    with paused_gc():
        list(auto.iter(text))


def _forget(matcher: Any) -> None:
    """Empty the memos a run leaves behind (English words and runs of text read into keys,
    term chains, concepts made), which the next run over the same texts would find full:
    a file is checked once per process. The automatons stay loaded."""
    from cqfin_glossary import wordkeys

    for memo in (wordkeys._KEYS, wordkeys._KEYS.gaps, wordkeys._CHUNKS, matcher.concepts._made):
        memo.clear()
    wordkeys._last_chain = ("", "")
    for cached in (wordkeys.stem, wordkeys._word_key, wordkeys.term_chain):
        cached.cache_clear()


def speed(n_entries: int, n_pairs: int, megabytes: float, runs: int) -> None:
    from floor import compare, show

    from cqfin_glossary.cli.annotate_cmd import annotate
    from cqfin_glossary.match import Matcher
    from cqfin_glossary.qa import check
    from cqfin_glossary.wordkeys import english_chain

    rng = random.Random(6)
    entries = synthetic_glossary(n_entries, rng)
    matcher = Matcher.from_entries(entries)
    gc.freeze()  # as the annotate and check commands do once the glossary is loaded
    segments = pairs(entries, n_pairs, rng)
    sources = [s.source for s in segments]
    chains = [english_chain(s.target) for s in segments]
    got = compare(lambda: check(segments, matcher), lambda: _bare_check(matcher, sources, chains),
                  runs, before_ours=lambda: _forget(matcher))
    show(f"check {n_pairs:,} segment pairs, {n_entries:,}-entry glossary: "
         f"{n_pairs / got.median:,.0f} pairs/s (target >= 10,000 pairs/s)",
         got, "bare scan of both automatons", 2.0, limit=n_pairs / 10_000)
    text = chinese_text(entries, megabytes, rng)
    size = len(text.encode("utf-8")) / 1e6
    auto = matcher._zh
    got = compare(lambda: annotate(text, matcher), lambda: _bare_scan(auto, text), runs,
                  before_ours=lambda: _forget(matcher))
    show(f"annotate {size:.1f} MB of Chinese ({len(text):,} chars), all hits marked",
         got, "bare scan of the Chinese automaton", 2.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="small sizes for a quick run")
    parser.add_argument("--accuracy-only", action="store_true")
    parser.add_argument("--runs", type=int, default=5, help="interleaved pairs (at least 5)")
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
            speed(5_000, 1_000, 0.3, args.runs)
        else:
            speed(100_000, 10_000, 5.0, args.runs)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    sys.exit(main())
