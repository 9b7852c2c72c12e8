"""Synthetic glossaries for the benches: realistic-looking entries, deterministic for a seed."""

from __future__ import annotations

import random
from pathlib import Path

from cqfin_glossary import store
from cqfin_glossary.model import Entry, EntryStatus, Occurrence, Term, TermStatus

CHARS = ("金融中心西部陆海新通道重庆成渝地区双城经济圈绿色信贷普惠小微企业科技创新数字人民币"
         "跨境结算再贷款再贴现稳岗贷款银发经济制造业集群产业链供应链保险基金债券股权投资服务"
         "改革开放试点示范平台体系监管风险防控乡村振兴扶贫开发消费升级外汇管理离岸贸易便利化")
WORDS = [
    "finance", "financial", "center", "western", "corridor", "trade", "loan", "credit", "green",
    "inclusive", "small", "micro", "enterprise", "innovation", "digital", "yuan", "cross-border",
    "settlement", "relending", "rediscount", "employment", "stability", "silver", "economy",
    "manufacturing", "cluster", "industry", "chain", "supply", "insurance", "fund", "bond",
    "equity", "investment", "service", "reform", "opening", "pilot", "platform", "system",
    "supervision", "risk", "prevention", "rural", "revitalization", "poverty", "consumption",
    "foreign", "exchange",
]


def entry(rng: random.Random, n: int) -> Entry:
    zh = "".join(rng.choice(CHARS) for _ in range(rng.randint(3, 8))) + f"{n:x}"
    english = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize()
    en = [Term(f"{english} {n}")]
    if rng.random() < 0.3:
        en.append(Term(f"{rng.choice(WORDS)} {english.lower()} {n}", TermStatus.ADMITTED))
    status = rng.choice([EntryStatus.APPROVED, EntryStatus.CANDIDATE, EntryStatus.APPROVED])
    return Entry(
        id=f"synthetic-{n}", status=status, zh=[Term(zh)], en=en, subject="finance",
        definition=f"A synthetic concept number {n} about {english.lower()}.",
        occurrences=[Occurrence("corpus/doc.txt", n % 500 + 1, f"……{zh}……")],
    )


def build(root: Path, entries: int, files: int, seed: int = 7) -> store.Glossary:
    """Write ``entries`` entries spread evenly over ``files`` YAML files under ``root``."""
    rng = random.Random(seed)
    glossary = store.Glossary(root)
    root.mkdir(parents=True, exist_ok=True)
    for n in range(entries):
        glossary.add(entry(rng, n), f"part-{n % files:03d}.yaml")
    store.save(glossary)
    return glossary
