"""The shortcuts of the English side give what the long way gives."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cqfin_glossary.mining import enterms, glosses

SENSES = {"金融": ["finance", "banking"], "科技": ["science and technology"],
          "普惠": ["inclusive"], "贷款": ["loan", "to provide a loan"]}


@pytest.fixture
def senses(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Senses of a few words for this test alone (the caches built on them are emptied)."""
    for word, found in SENSES.items():
        monkeypatch.setitem(glosses._SENSES, word, found)
    glosses.word_stems.cache_clear()
    glosses._meets.cache_clear()
    yield
    glosses.word_stems.cache_clear()
    glosses._meets.cache_clear()


def _slow_masks(parts: list[str], words: tuple[str, ...]) -> list[int]:
    masks = []
    for word in words:
        mask = 0
        for bit, part in enumerate(parts):
            if glosses._meets(part, word):
                mask |= 1 << bit
        masks.append(mask)
    return masks


@pytest.mark.usefixtures("senses")
def test_cover_tells_words_that_meet_no_part_as_asking_each_part_does() -> None:
    parts = list(SENSES.items())
    cover = glosses.Cover(parts)
    for english in ["fintech", "financial technology", "inclusive loans", "biotechnology firms",
                    "technological finance", "the real economy", "microloans", "banking"]:
        words = glosses.content_stems(english)
        slow = _slow_masks([p for p, _ in parts], words)
        met = 0
        for mask in slow:
            met |= mask
        assert cover._tally(english) == (len(words), bin(met).count("1"),
                                         sum(1 for m in slow if m))
        assert cover.part_word(english) == _part_word(parts, english)
    assert cover.stems == glosses.part_stems(parts)


def test_phrases_of_a_recurring_chunk_are_those_of_its_first_place() -> None:
    """Each chunk's phrases, cached, are those worked out afresh (``__wrapped__`` skips the
    cache), chunk by chunk, and a recurring chunk keeps its phrases at every place."""
    line = ("Support green finance and inclusive finance; green finance reform pilot zones "
            "expand green finance products.")
    enterms._spans.cache_clear()
    found = enterms.phrases(line)
    fresh: list[str] = []
    for chunk in enterms._chunks(line):
        fresh += enterms._spans.__wrapped__(tuple(chunk))
    assert found == fresh
    assert found.count("green finance") == 3


def _part_word(parts: list[tuple[str, list[str]]], word: str) -> bool:
    """The long way: the English word's one content stem is a stem of one part's glosses."""
    stems = glosses.content_stems(word)
    return len(stems) == 1 and any(stems[0] in glosses.word_stems(p) for p, _ in parts)
