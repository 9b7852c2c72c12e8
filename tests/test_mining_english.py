"""English policy terms of English text: noun phrases of the seeds, names and headings left out."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cqfin_glossary.mining import mine_corpus
from cqfin_glossary.mining.english import english_terms, is_headline
from cqfin_glossary.mining.enterms import is_pinyin_name, phrases, rank

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seed_terms() -> list[str]:
    return [c.en for c in mine_corpus([SEEDS]).english]


def test_lowercase_policy_terms_of_the_seeds_are_found(seed_terms: list[str]) -> None:
    for term in ("job stability loans", "green finance", "silver economy",
                 "re-lending and re-discount", "low-altitude economy",
                 "inclusive loans for small and micro businesses",
                 "cross-border renminbi settlement", "new-quality productive forces"):
        assert term in seed_terms, term
    assert seed_terms.index("green finance") < 10  # four times, in three documents


def test_names_headings_and_fragments_are_not_terms(seed_terms: list[str]) -> None:
    for junk in ("Core Insights", "Market Development", "Gong Rongjie", "Yao Li", "Hou Wei",
                 "Chengdu and Chongqing", "Jiangbei District", "Western China", "alleviation",
                 "press conference", "Electrical Co"):
        assert junk not in seed_terms, junk


def test_phrases_stop_at_verbs_numbers_and_news_words() -> None:
    line = ("Banking institutions have issued over 1 trillion yuan in total credit, said Gong, "
            "and enterprises leveraged specialized financial application scenarios.")
    found = phrases(line)
    assert "banking institutions" in [p.lower() for p in found]
    assert "specialized financial application scenarios" in found
    assert not any("issued" in p or "yuan" in p or "leveraged" in p for p in found)
    assert not any(p.endswith(("financial", "specialized")) for p in found)


def test_joins_keep_tight_coordinations_and_drop_two_terms_joined() -> None:
    found = phrases("It will implement re-lending and re-discount and tax incentives and "
                    "benefits, and inclusive loans for small and micro businesses.")
    assert "re-lending and re-discount" in found
    assert "inclusive loans for small and micro businesses" in found
    assert "tax incentives" in found and "tax incentives and benefits" not in found


def test_pinyin_names_and_headings() -> None:
    assert is_pinyin_name("Gong Rongjie") and is_pinyin_name("Wen Jiangyong")
    assert not is_pinyin_name("Western Financial Center") and not is_pinyin_name("Chongqing")
    assert is_headline("Chongqing Unveils Financial Sector Action Plan, Promoting Modern Services")
    assert not is_headline("In the field of green finance, Chongqing has helped enterprises.")
    terms = english_terms("Core Insights - The \"Financial Empowerment and Channel Linkage\" "
                          "conference, said Yao Li, Secretary of the Party Committee")
    assert "Financial Empowerment and Channel Linkage" in terms and "Party Committee" in terms
    assert "Core Insights" not in terms and "Yao Li" not in terms


def test_rank_drops_parts_always_inside_one_longer_term_and_keeps_cues() -> None:
    found = Counter({"poverty alleviation": 5, "targeted poverty alleviation": 3,
                     "financial targeted poverty alleviation": 3, "alleviation": 5})
    ranked = [r[0] for r in rank(found, Counter({"silver economy": 1}), Counter(), 10)]
    assert "poverty alleviation" in ranked and "financial targeted poverty alleviation" in ranked
    assert "targeted poverty alleviation" not in ranked and "alleviation" not in ranked
    assert "silver economy" in ranked


def test_english_terms_are_paired_with_their_chinese_originals() -> None:
    result = mine_corpus([SEEDS])
    pairs = {c.en: [s.term for s in c.suggestions] for c in result.english if c.suggestions}
    assert pairs["Western Financial Center"][0] == "西部金融中心"
    assert pairs["Chongqing Vehicles Going Abroad"][0] == "渝车出海"
    assert "千里马" not in pairs.get("Belt and Road", [])  # only a quoted name 200 characters off
