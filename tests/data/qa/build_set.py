"""Regenerate segments.jsonl, the labelled QA set: sentence pairs with planted terminology problems.

Each label is what a reviewer would mark by hand for the pair, decided here
when the problem is planted, never by running the checker. Run from the
repository root: ``python tests/data/qa/build_set.py``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import opencc
import yaml

HERE = Path(__file__).resolve().parent
DOCS = 64
PER_DOC = 4

TEMPLATES = [
    ("{0}已在全市推广。", "The {0} has been rolled out across the city."),
    ("市政府发布了关于{0}的新措施。", "The municipal government issued new measures on the {0}."),
    ("{0}为小微企业提供了更多支持。",
     "The {0} has given more support to small and micro businesses."),
    ("今年上半年，{0}取得显著成效。",
     "In the first half of the year, the {0} achieved notable results."),
    ("专家认为{0}仍有很大发展空间。", "Experts believe the {0} still has much room to grow."),
    ("{0}和{1}是本次会议的重点。", "The {0} and the {1} were the focus of the meeting."),
    ("重庆将继续深化{0}建设。", "Chongqing will keep deepening work on the {0}."),
    ("报告详细介绍了{0}的进展。", "The report describes the progress of the {0} in detail."),
    ("多家银行参与了{0}。", "Several banks took part in the {0}."),
    ("{0}带动了{1}的发展。", "The {0} has driven the growth of the {1}."),
    ("据统计，{0}规模同比增长12%。", "According to statistics, the {0} grew 12% year on year."),
    ("企业普遍欢迎{0}。", "Enterprises have generally welcomed the {0}."),
]
FILLER = [
    ("会议由市政府办公厅主持。",
     "The meeting was chaired by the General Office of the city government."),
    ("记者从发布会上获悉上述消息。", "Reporters learned the news at the press conference."),
    ("全市经济运行总体平稳。", "The city's economy ran steadily overall."),
    ("相关部门将加强协调配合。", "The departments concerned will coordinate more closely."),
]
PARAPHRASES = ["new scheme", "programme", "measures", "arrangement", "city project"]
# Correct cases outnumber planted problems, as in real work.
CASES = (["pref"] * 5 + ["trad"] * 2 + ["short"] * 2 + ["admitted"] + ["missing"] * 2
         + ["deprecated"] * 2 + ["swap"] + ["unapproved"] + ["filler"])


def load_entries() -> list[dict]:
    return yaml.safe_load((HERE / "glossary" / "qa.yaml").read_text(encoding="utf-8"))


def renderings(entry: dict, statuses: tuple[str, ...], short: bool | None = None) -> list[str]:
    out = []
    for term in entry["en"]:
        is_short = term.get("type") in ("shortForm", "acronym", "abbreviation")
        if term["status"] in statuses and (short is None or short == is_short):
            out.append(term["term"])
    return out


def inflect(text: str, rng: random.Random) -> str:
    """A plural or a possessive now and then, and any case: the checker must not care."""
    words = text.split(" ")
    last = words[-1]
    if last.islower() and last.isalpha() and rng.random() < 0.5:
        words[-1] = last[:-1] + "ies" if last.endswith("y") else last + "s"
    elif last[:1].isupper() and rng.random() < 0.2:
        words[-1] = last + "'s"
    out = " ".join(words)
    return out.lower() if rng.random() < 0.15 and not out.isupper() else out


class Builder:
    """Plants one case per slot and records the label a reviewer would give it."""

    def __init__(self, entries: list[dict], rng: random.Random):
        self.rng = rng
        self.approved = [e for e in entries if e["status"] == "approved"]
        self.unapproved = [e for e in entries if e["status"] != "approved"]
        self.s2t = opencc.OpenCC("s2t.json")

    def fill(self, case: str, entry: dict, seg: int, labels: list,
             others: list[dict]) -> tuple[str, str]:
        rng = self.rng
        zh = entry["zh"][0]["term"]
        if case == "short" and renderings(entry, ("admitted",), short=True):
            return zh, rng.choice(renderings(entry, ("admitted",), short=True))
        if case == "admitted" and renderings(entry, ("admitted",), short=False):
            return zh, inflect(rng.choice(renderings(entry, ("admitted",), short=False)), rng)
        if case == "missing":
            labels.append([seg, "missing", entry["id"]])
            return zh, rng.choice(PARAPHRASES)
        if case == "deprecated" and renderings(entry, ("deprecated", "superseded")):
            labels.append([seg, "deprecated", entry["id"]])
            return zh, rng.choice(renderings(entry, ("deprecated", "superseded")))
        if case == "swap":
            other = rng.choice(others)
            alike = [o for o in others if _alike(entry, o)]
            if alike and seg % 2:  # half the time, a name that looks alike (渝金通, 渝金盾)
                other = alike[0]
            labels.append([seg, "same-rendering" if _alike(entry, other) else "missing",
                           entry["id"]])
            return zh, renderings(other, ("preferred",))[0]
        return zh, inflect(renderings(entry, ("preferred",))[0], rng)

    def segment(self, seg: int, case: str, pool: list[dict], labels: list) -> tuple[str, str, str]:
        rng = self.rng
        if case == "filler":
            zh, en = rng.choice(FILLER)
            return zh, en, case
        zh_t, en_t = rng.choice(TEMPLATES)
        slots = zh_t.count("{")
        chosen = [pool.pop() for _ in range(slots)]
        if case == "unapproved":
            chosen[0] = rng.choice(self.unapproved)
        outside = [e for e in self.approved if e not in chosen and not _related(e, chosen)]
        zh_parts, en_parts = [], []
        for i, entry in enumerate(chosen):
            slot_case = case if i == 0 else "pref"
            if entry["status"] != "approved":
                zh_parts.append(entry["zh"][0]["term"])
                en_parts.append(rng.choice(PARAPHRASES))
                continue
            zh, en = self.fill(slot_case, entry, seg, labels, outside)
            zh_parts.append(zh)
            en_parts.append(en)
        zh = zh_t.format(*zh_parts)
        if case == "trad":
            zh = self.s2t.convert(zh)
        return zh, en_t.format(*en_parts), case

    def doc(self, number: int) -> list[dict]:
        rng = self.rng
        pool = list(self.approved)
        rng.shuffle(pool)
        labels: list[list] = []
        cases = [rng.choice(CASES) for _ in range(PER_DOC)]
        rows = []
        planted = number % 4 == 0  # one document in four: a term rendered two ways
        if planted:
            entry = next(e for e in pool if renderings(e, ("admitted",), short=False))
            pool.remove(entry)
            first, second = sorted(rng.sample(range(PER_DOC), 2))
        for seg in range(1, PER_DOC + 1):
            if planted and seg - 1 in (first, second):
                form = (renderings(entry, ("preferred",))[0] if seg - 1 == first
                        else renderings(entry, ("admitted",), short=False)[0])
                zh_t, en_t = rng.choice([t for t in TEMPLATES if t[0].count("{") == 1])
                zh, en = zh_t.format(entry["zh"][0]["term"]), en_t.format(form)
                case = "inconsistent"
                if seg - 1 == second:
                    labels.append([seg, "inconsistent", entry["id"]])
            else:
                zh, en, case = self.segment(seg, cases[seg - 1], pool, labels)
            rows.append({"doc": number, "segment": seg, "case": case, "zh": zh, "en": en})
        for row in rows:
            row["expected"] = [[k, e] for s, k, e in labels if s == row["segment"]]
        return rows


def _alike(entry: dict, other: dict) -> bool:
    """Whether a reviewer would read ``other``'s English for ``entry`` as a confusion of the
    two: their Chinese headwords share two characters in a row (渝金通, 渝金盾). Between
    unrelated terms the English is just not the term's: missing, as in an official
    translation, where another term's English is most often the translator's addition."""
    a, b = entry["zh"][0]["term"], other["zh"][0]["term"]
    return bool({a[i:i + 2] for i in range(len(a) - 1)} & {b[i:i + 2] for i in range(len(b) - 1)})


def _related(entry: dict, chosen: list[dict]) -> bool:
    """Entries whose English nests in a chosen one's (loan in inclusive loan) are no fair swap."""
    every = ("preferred", "admitted", "deprecated", "superseded")
    mine = [t.lower() for t in renderings(entry, every)]
    theirs = [t.lower() for c in chosen for t in renderings(c, every)]
    return any(a in b or b in a for a in mine for b in theirs)


def main() -> None:
    rng = random.Random(6)
    builder = Builder(load_entries(), rng)
    rows = [row for n in range(1, DOCS + 1) for row in builder.doc(n)]
    with (HERE / "segments.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    planted = sum(len(r["expected"]) for r in rows)
    print(f"{len(rows)} segments, {planted} planted problems")


if __name__ == "__main__":
    main()
