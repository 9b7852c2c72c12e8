"""Synthetic glossaries for the benches: realistic-looking entries, deterministic for a seed.

Chinese terms are compounds of real words of financial-policy prose (重庆 +
普惠金融 + 服务中心), as glossary terms are, so pypinyin and OpenCC see the
phrases they see in real use; every term is distinct, as in a real glossary.
"""

from __future__ import annotations

import random
from pathlib import Path

from cqfin_glossary import store
from cqfin_glossary.model import Entry, EntryStatus, Occurrence, Term, TermStatus

PLACES = ["重庆", "成渝", "西部", "两江新区", "渝中", "江北", "长江上游", "中新", "西南", ""]
WORDS_ZH = ["金融", "中心", "陆海", "新通道", "双城", "经济圈", "绿色", "信贷", "普惠", "小微",
    "企业", "科技", "创新", "数字", "人民币", "跨境", "结算", "再贷款", "再贴现", "稳岗",
    "贷款", "银发", "经济", "制造业", "集群", "产业链", "供应链", "保险", "基金", "债券",
    "股权", "投资", "服务", "改革", "开放", "试点", "示范", "平台", "体系", "监管", "风险",
    "防控", "乡村", "振兴", "扶贫", "开发", "消费", "升级", "外汇", "管理", "离岸", "贸易",
    "便利化", "担保", "融资", "租赁", "期货", "票据", "征信", "支付", "清算", "存款", "利率",
    "汇率", "资本", "市场", "上市", "债务", "农村", "养老", "专项", "政策", "工具", "机制",
    "示范区", "工程", "行动", "计划", "方案", "专项行动", "资金", "补贴", "财政", "税收"]
WORDS = [
    "finance", "financial", "center", "western", "corridor", "trade", "loan", "credit", "green",
    "inclusive", "small", "micro", "enterprise", "innovation", "digital", "yuan", "cross-border",
    "settlement", "relending", "rediscount", "employment", "stability", "silver", "economy",
    "manufacturing", "cluster", "industry", "chain", "supply", "insurance", "fund", "bond",
    "equity", "investment", "service", "reform", "opening", "pilot", "platform", "system",
    "supervision", "risk", "prevention", "rural", "revitalization", "poverty", "consumption",
    "foreign", "exchange",
]


def chinese_term(rng: random.Random) -> str:
    words = rng.sample(WORDS_ZH, rng.choice((2, 2, 3, 3, 4)))
    return rng.choice(PLACES) + "".join(words)


def entry(rng: random.Random, n: int, taken: set[str] | None = None) -> Entry:
    """Entry number ``n``; with ``taken``, its Chinese term differs from all in it."""
    zh = chinese_term(rng)
    while taken is not None and zh in taken:
        zh = chinese_term(rng)
    if taken is not None:
        taken.add(zh)
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
    taken: set[str] = set()
    for n in range(entries):
        glossary.add(entry(rng, n, taken), f"part-{n % files:03d}.yaml")
    store.save(glossary)
    return glossary
