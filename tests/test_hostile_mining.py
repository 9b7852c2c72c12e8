"""Corpus text that tries to drive a terminal, and HTML built to make a parser backtrack."""

from __future__ import annotations

from pathlib import Path

from cqfin_glossary.corpus import clean, read_documents
from cqfin_glossary.htmltext import html_text
from cqfin_glossary.mining import mine_corpus
from cqfin_glossary.textnorm import UNSAFE

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TRAPS = ("\x1b[31m", "\u202e", "\x1b]0;owned\x07", "\u200b", "\x07", "\x1b[0m")


def test_escapes_and_bidi_controls_never_reach_terms_or_snippets(tmp_path: Path) -> None:
    corpus = tmp_path / "c.txt"
    lines = []
    for n, line in enumerate((SEEDS / "002_2f8e5327de94c482.txt").read_text().splitlines()):
        cut = len(line) // 2  # a trap in the middle of every line, terms included
        lines.append(line[:cut] + TRAPS[n % len(TRAPS)] + line[cut:])
    corpus.write_text("\n".join(lines))
    result = mine_corpus([corpus], None, limit=50, min_freq=1)
    assert result.chinese
    for cand in result.chinese + result.english:
        texts = [cand.term, *(o.text for o in cand.occurrences),
                 *(s.term for s in cand.suggestions)]
        assert not any(UNSAFE.search(t) or "\u200b" in t for t in texts), texts


def test_clean_drops_sequences_and_invisible_marks_and_spaces_controls() -> None:
    assert clean("a\x1b[1;31mb\x1b[0m\tc\x00d\u2066e\u2069\ufeff") == "ab\tc de"


def test_html_text_keeps_line_numbers_and_joins_inline_tags() -> None:
    page = "<p>渝金<b>盾</b></p><p>下一段</p>\n<!-- a\nb -->x<script>\n1<2\n</script>y &amp; z"
    text = html_text(page)
    assert text.count("\n") == page.count("\n")
    assert "渝金盾" in text and "下一段" in text and "1<2" not in text and "y & z" in text


def test_unclosed_markup_ends_the_scan_instead_of_rescanning() -> None:
    # Each of these rescanned the rest of the page for every opening with the old pattern.
    assert html_text("<" * 100_000) == "<" * 100_000
    assert html_text("text<!--" + "<!--" * 50_000) == "text"
    assert html_text("a<script>" + " <a" * 50_000) == "a"
    assert html_text("<a " + 'b="' * 50_000).startswith("<a ")


def test_html_page_of_only_markup_is_refused_as_empty(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<p></p>" * 100)
    try:
        list(read_documents(page))
    except Exception as err:
        assert "p.html" in str(err) and "no text" in str(err)
    else:
        raise AssertionError("an HTML page with no text was read")
