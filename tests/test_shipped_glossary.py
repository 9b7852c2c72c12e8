"""The shipped glossary: valid, reviewed, and every occurrence true to the seeds it cites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqfin_glossary import store
from cqfin_glossary.cli import main
from cqfin_glossary.model import Entry, EntryStatus, TermStatus

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary"

PROGRAMME_TERMS = ("智融惠畅", "千里马", "渝金通", "渝金盾", "渝车出海", "西部金融中心")


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return list(store.load(GLOSSARY))


def approved(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.status is EntryStatus.APPROVED]


def by_zh(entries: list[Entry], term: str) -> Entry:
    [entry] = [e for e in entries if any(t.term == term for t in e.zh)]
    return entry


def test_shipped_glossary_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert store.check(GLOSSARY) == []
    assert main(["--glossary", str(GLOSSARY), "validate"]) == 0
    assert "no problems" in capsys.readouterr().out


def test_at_least_80_approved_entries(entries: list[Entry]) -> None:
    assert len(approved(entries)) >= 80


def test_every_approved_entry_is_complete(entries: list[Entry]) -> None:
    for entry in approved(entries):
        preferred = [t for t in entry.en if t.status is TermStatus.PREFERRED]
        assert len(preferred) == 1, entry.id
        assert entry.occurrences, entry.id
        assert entry.subject and entry.definition and entry.pos, entry.id


def test_every_candidate_says_why_it_is_not_approved(entries: list[Entry]) -> None:
    for entry in entries:
        if entry.status is EntryStatus.CANDIDATE:
            assert entry.note, entry.id


def test_every_occurrence_stands_in_its_seed_at_that_line(entries: list[Entry]) -> None:
    lines: dict[str, list[str]] = {}
    checked = 0
    for entry in entries:
        for occ in entry.occurrences:
            assert occ.source.startswith("seeds/"), (entry.id, occ.source)
            if occ.source not in lines:
                lines[occ.source] = (ROOT / occ.source).read_text(encoding="utf-8").splitlines()
            seed = lines[occ.source]
            assert 1 <= occ.line <= len(seed), (entry.id, occ.source, occ.line)
            assert occ.text in seed[occ.line - 1], (entry.id, occ.source, occ.line, occ.text)
            checked += 1
    assert checked >= len(approved(entries))


def test_the_six_programme_terms_are_present(entries: list[Entry]) -> None:
    ids = {term: by_zh(entries, term).id for term in PROGRAMME_TERMS}
    assert ids == {"智融惠畅": "zhironghuichang", "千里马": "qianlima", "渝金通": "yujintong",
                   "渝金盾": "yujindun", "渝车出海": "yucheshuhai",
                   "西部金融中心": "western-financial-center"}


def test_the_corridor_has_its_two_names_and_its_acronym(entries: list[Entry]) -> None:
    corridor = by_zh(entries, "西部陆海新通道")
    assert corridor.status is EntryStatus.APPROVED
    assert corridor.english == "New International Land-Sea Trade Corridor"
    others = {t.term: (t.status, t.type) for t in corridor.en
              if t.status is not TermStatus.PREFERRED}
    assert others["ILSTC"] == (TermStatus.ADMITTED, "acronym")
    assert {"Western Land-Sea New Corridor", "Land-Sea New Corridor"} <= set(others)


@pytest.mark.parametrize(("zh", "english"), [
    ("成渝地区双城经济圈", "Chengdu-Chongqing region"),
    ("稳岗贷", "job stability loans"),
    ("普惠小微贷款", "inclusive loans for small and micro businesses"),
    ("绿色金融", "green finance"),
    ("银发经济", "silver economy"),
    ("33618现代制造业集群体系", "33618 modern manufacturing cluster"),
    ("新质生产力", "new-quality productive forces"),
    ("数字人民币", "digital yuan"),
    ("精准扶贫", "targeted poverty alleviation"),
    ("再贷款再贴现", "re-lending and re-discount"),
    ("江北嘴中央商务区", "Jiangbeizui Central Business District"),
    ("跨境人民币结算", "cross-border renminbi settlement"),
])
def test_policy_terms_of_the_seeds_are_approved_with_the_seeds_english(
        entries: list[Entry], zh: str, english: str) -> None:
    entry = by_zh(entries, zh)
    assert entry.status is EntryStatus.APPROVED and entry.english == english


@pytest.mark.parametrize(("query", "expected"), [
    ("穩崗貸", "job-stability-loans"),           # Traditional
    ("xinzhishengchanli", "new-quality-productive-forces"),  # toneless pinyin
    ("zài dài kuǎn", "relending"),               # pinyin with tones
    ("ILSTC", "western-land-sea-corridor"),       # acronym
    ("Jiangbeizui CBD", "jiangbeizui-cbd"),       # admitted rendering
    ("33618現代製造業集群體系", "33618-manufacturing-cluster"),  # editor's Traditional form
])
def test_lookup_finds_shipped_terms_in_every_mode(
        capsys: pytest.CaptureFixture[str], query: str, expected: str) -> None:
    assert main(["--glossary", str(GLOSSARY), "lookup", "--json", query]) == 0
    first = json.loads(capsys.readouterr().out)["matches"][0]
    assert (first["id"], first["match"]) == (expected, "exact")
