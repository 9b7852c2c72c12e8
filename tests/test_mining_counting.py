"""Pass 1 counts the same whatever the block size it segments and counts at once, and reads
Chinese, mixed and English lines of one document as a line-by-line reading does."""

from __future__ import annotations

from cqfin_glossary.corpus import Document, Segment
from cqfin_glossary.mining import candidates

LINES = [
    "推动西部陆海新通道建设，加快建设西部金融中心。",
    "“渝金盾”平台上线，稳健的货币政策要灵活适度；绿色债券发行规模扩大。",
    "The Yujindun (渝金盾) platform went live in Chongqing this year.",
    "Green bonds and the Western Land-Sea Corridor were discussed.",
    "2024年末，普惠小微贷款余额同比增长“33618”户。",
    "人民银行重庆营业管理部发布《重庆市金融运行报告》",
]


def _documents() -> list[Document]:
    segs = [Segment(n, text) for n, text in enumerate(LINES * 3, 1)]
    paired = [Segment(1, "跨境结算便利化", en="cross-border settlement facilitation")]
    return [Document("a.txt", "utf-8", segs, size=4000), Document("b.tsv", "utf-8", paired)]


def _count(size: int, monkeypatch) -> candidates.CountStats:
    monkeypatch.setattr(candidates, "BLOCK_CHARS", size)
    monkeypatch.setattr(candidates.blocks, "__defaults__", (size,))
    candidates.init_counting("rjieba", ())
    stats = candidates.CountStats()
    candidates.count_unit(_documents(), stats)
    return stats


def test_blocks_keep_every_run_in_order_and_within_size() -> None:
    runs = ["金融" * n for n in range(1, 40)] + ["长" * 300, "短"]
    found = list(candidates.blocks(runs, 50))
    assert [r for block in found for r in block] == runs
    assert all(sum(map(len, b)) <= 50 or len(b) == 1 for b in found)
    assert len(found) > 10 and list(candidates.blocks([], 50)) == []


def test_counts_do_not_depend_on_the_block_size(monkeypatch) -> None:
    whole = _count(10**9, monkeypatch)
    for size in (1, 7, 64):
        part = _count(size, monkeypatch)
        assert part.grams == whole.grams and part.words == whole.words
        assert part.chars == whole.chars
    assert whole.grams["西部陆海新通道"] == 3 and whole.grams["稳健的货币政策"] == 3


def test_line_kinds_are_read_as_line_by_line(monkeypatch) -> None:
    stats = _count(2048, monkeypatch)
    # quoted names and quoted numbers, each as often as its line
    assert stats.cues["渝金盾"] == 3 and stats.cues["33618"] == 3
    assert stats.cues["重庆市金融运行报告"] == 3
    # a short Chinese run inside English is a name; the English lines and the paired English
    # are read for English terms
    assert stats.runs["渝金盾"] == 3
    assert stats.en_terms or stats.en_phrases
    assert any("settlement" in k for k in stats.en_docs)


def test_a_term_cut_across_by_the_segmenter_counts_its_hidden_uses_a_word_head_does_not(
) -> None:
    """普惠金融 inside 普惠/金融服务 was cut across: its uses there count. 高质 is only the
    head of 高质量, a word the segmenter keeps whole: with a long list asked for (mine -n
    100000 on the development corpus) it took 252 uses of 高质量发展 and ranked 15th."""
    from cqfin_glossary.mining.ranking import hidden_counts

    counts = {"普惠金融服务": 5, "普惠金融": 3, "高质量发展": 252, "高质": 2}
    words = {"普惠金融服务": ["普惠", "金融服务"], "普惠金融": ["普惠", "金融"],
             "高质量发展": ["高质量", "发展"], "高质": ["高质"]}
    hidden = hidden_counts(counts, words)
    assert hidden["普惠金融"] == 5
    assert hidden["高质"] == 0
