"""Development corpus and gold lists agree: terms occur, the English is the translation's."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold" / "dev.tsv"
JUDGED = ROOT / "bench" / "gold" / "dev-judged.tsv"
SOURCES = ROOT / "bench" / "devcorpus" / "SOURCES.md"
FORBIDDEN = re.compile(
    r"hkma|hong kong monetary authority|香港金融管理局|金管局|wmt26|thucnews", re.I)


def _corpus() -> Path | None:
    """Where the texts are: built in place, named by $CQFIN_DEVCORPUS, or in shared/ beside us."""
    places = [ROOT / "bench" / "devcorpus", Path(os.environ.get("CQFIN_DEVCORPUS", "-")),
              ROOT.parent / "shared" / "devcorpus"]
    return next((p for p in places if (p / "parallel").is_dir()), None)


CORPUS = _corpus()
needs_corpus = pytest.mark.skipif(
    CORPUS is None, reason="texts not built: python bench/devcorpus/build.py (see SOURCES.md)")


def _rows(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith(("zh\t", "en\t")):
            zh, _, rest = line.partition("\t")
            rows.append((zh, rest))
    return rows


def _flat(text: str) -> str:
    """Case-, hyphen- and spacing-blind English, as bench/mine_eval.py compares it."""
    text = text.replace("\u2019", "'").replace("-", " ")
    return " ".join(text.casefold().split())


def _pairs() -> dict[str, tuple[str, str]]:
    assert CORPUS is not None
    out = {}
    for zh in sorted((CORPUS / "parallel").glob("*.zh.txt")):
        en = zh.with_name(zh.name[:-7] + ".en.txt")
        out[zh.name[:-7]] = (zh.read_text(encoding="utf-8"), en.read_text(encoding="utf-8"))
    return out


def test_gold_lists_are_well_formed() -> None:
    gold = _rows(GOLD)
    assert len(gold) >= 300
    zh = [z for z, _ in gold]
    assert len(zh) == len(set(zh)), "duplicate gold terms"
    assert all(z.strip() == z and z for z in zh)
    judged = _rows(JUDGED)
    assert {verdict for _, verdict in judged} <= {"term", "no"}
    assert not {z for z, _ in judged} & set(zh), "a judged candidate is already a gold term"


def test_sources_name_no_forbidden_material() -> None:
    rows = [line for line in SOURCES.read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and "/" in line]
    assert rows
    for row in rows:
        assert not FORBIDDEN.search(row), row


@needs_corpus
def test_every_text_file_is_listed_in_sources() -> None:
    assert CORPUS is not None
    listed = SOURCES.read_text(encoding="utf-8")
    files = sorted(CORPUS.glob("parallel/*.txt")) + sorted(CORPUS.glob("mono/*.txt"))
    assert files
    for path in files:
        assert f"| {path.parent.name}/{path.name} |" in listed, path.name
        assert not FORBIDDEN.search(path.read_text(encoding="utf-8")), path.name


@needs_corpus
def test_every_parallel_file_has_its_counterpart() -> None:
    assert CORPUS is not None
    names = {p.name for p in (CORPUS / "parallel").glob("*.txt")}
    for name in names:
        other = name.replace(".zh.", ".en.") if ".zh." in name else name.replace(".en.", ".zh.")
        assert other in names, name


@needs_corpus
def test_every_gold_term_occurs_and_its_english_is_the_translations() -> None:
    assert CORPUS is not None
    pairs = _pairs()
    text = "\n".join(z for z, _ in pairs.values()) + "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((CORPUS / "mono").glob("*.txt")))
    for zh, en in _rows(GOLD):
        assert zh in text, f"{zh} does not occur in the corpus"
        english = [alt for alt in en.split("|") if alt.strip()]
        places = _counterparts(zh, pairs)
        if places:
            assert english, f"{zh} occurs in a parallel chapter but has no English"
            if zh in PARAPHRASED:
                continue
            assert any(_flat(alt) in place for alt in english for place in places), \
                f"{zh}: none of {english} is in the English where it occurs"


# Gold terms whose every parallel occurrence is paraphrased by the translation, or part of a
# longer name, so the facing English holds no rendering of them: they keep the usual one.
PARAPHRASED = {
    "货物贸易": "货物贸易大国, 'largest trading nation in terms of goods' (2016)",
    "人民币国际化": "'its internationalization' (2018)",
    "企业债券": "only across 民营企业 + 债券融资, 'debt financing by private enterprises' (2022)",
    "期货交易": "only inside 广州期货交易所, 'Guangzhou Futures Exchange' (2022)",
}


def _counterparts(zh: str, pairs: dict[str, tuple[str, str]]) -> list[str]:
    """English paragraphs facing those that hold ``zh`` (whole chapters if paragraphs differ)."""
    places = []
    for z, e in pairs.values():
        zl, el = z.splitlines(), e.splitlines()
        if len(zl) == len(el):
            places += [_flat(en) for cn, en in zip(zl, el, strict=True) if zh in cn]
        elif zh in z:
            places.append(_flat(e))
    return places


@needs_corpus
def test_the_corpus_has_the_promised_size() -> None:
    assert CORPUS is not None
    cjk = re.compile("[\u4e00-\u9fff]")
    parallel = sum(len(cjk.findall(z)) for z, _ in _pairs().values())
    mono = sum(len(cjk.findall(p.read_text(encoding="utf-8")))
               for p in (CORPUS / "mono").glob("*.txt"))
    assert parallel + mono >= 250_000
    assert parallel >= 100_000


@needs_corpus
def test_english_gold_terms_occur_in_the_official_english() -> None:
    pairs = _pairs()
    english = _flat(" ".join(e for _, e in pairs.values()))
    chinese = "\n".join(z for z, _ in pairs.values())
    rows = _rows(ROOT / "bench" / "gold" / "dev-en.tsv")
    assert rows
    for en, zh in rows:
        assert _flat(en) in english, en
        assert zh in chinese, zh
