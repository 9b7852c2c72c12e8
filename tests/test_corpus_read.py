"""Corpus reading: formats, encodings, Traditional text, aligned pairs and streamed large files."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqfin_glossary import corpus
from cqfin_glossary.errors import GlossaryError


def _docs(path: Path) -> list[corpus.Document]:
    errors: list[GlossaryError] = []
    docs = list(corpus.iter_documents([path], errors.append))
    assert not errors, errors
    return docs


def test_encodings_are_detected_and_named(tmp_path: Path) -> None:
    gb_text = "渝金盾风险大脑平台上线运行，重庆金融机构推动数字金融发展。\n" * 20
    for name, data, expected in [("a.txt", gb_text.encode("gb18030"), "gb18030"),
                                 ("b.txt", "\ufeff渝金通".encode("utf-8"), "utf-8-sig"),
                                 ("c.txt", "渝金通平台".encode("utf-16"), "utf-16")]:
        (tmp_path / name).write_bytes(data)
        (doc,) = _docs(tmp_path / name)
        assert doc.encoding == expected
        assert doc.segments[0].text.startswith("渝金")


def test_traditional_is_mined_as_simplified_but_kept(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("重慶金融機構推動綠色金融發展。", encoding="big5")
    (doc,) = _docs(tmp_path / "t.txt")
    assert doc.segments[0].text == "重庆金融机构推动绿色金融发展。"
    assert doc.segments[0].original == "重慶金融機構推動綠色金融發展。"


def test_aligned_files_html_and_po(tmp_path: Path) -> None:
    (tmp_path / "r.zh.txt").write_text("绿色金融\n普惠金融\n", encoding="utf-8")
    (tmp_path / "r.en.txt").write_text("green finance\ninclusive finance\n", encoding="utf-8")
    (tmp_path / "p.html").write_text("<html><script>x</script>\n<p>渝金盾</p></html>",
                                     encoding="utf-8")
    (tmp_path / "m.po").write_text('msgid ""\nmsgstr ""\n\n'
                                   'msgid "渝金通"\nmsgstr "financial brain"\n', encoding="utf-8")
    docs = {Path(d.source).name: d for d in _docs(tmp_path)}
    assert set(docs) == {"r.zh.txt", "p.html", "m.po"}
    assert docs["r.zh.txt"].parallel and docs["r.zh.txt"].english[1].text == "inclusive finance"
    assert docs["p.html"].segments[0].text == "渝金盾" and docs["p.html"].segments[0].line == 2
    assert docs["m.po"].segments[0].en == "financial brain"


def test_pair_with_other_lines_is_one_document_aligned_later(tmp_path: Path) -> None:
    (tmp_path / "r.zh.txt").write_text("绿色金融\n普惠金融\n", encoding="utf-8")
    (tmp_path / "r.en.txt").write_text("green finance and inclusive finance\n", encoding="utf-8")
    [doc] = corpus.read_documents(tmp_path / "r.zh.txt")
    assert [s.text for s in doc.segments] == ["绿色金融", "普惠金融"] and not doc.notes
    assert [s.text for s in doc.english] == ["green finance and inclusive finance"]
    # a pass over the Chinese alone gets the same segments without opening the English
    (tmp_path / "r.en.txt").write_bytes(b"\xff\xfe\x00 not text")
    [alone] = corpus.read_documents(tmp_path / "r.zh.txt", english=False)
    assert alone.segments == doc.segments and not alone.english and not alone.notes


def test_only_files_that_can_hold_english_are_read_for_it(tmp_path: Path) -> None:
    files = {"r.zh.txt": "绿色金融\n", "r.en.txt": "green finance\n", "alone.zh.txt": "普惠金融\n",
             "plain.txt": "普惠金融\n", "notes.md": "普惠金融\n", "page.html": "<p>普惠金融</p>\n",
             "pairs.tsv": "绿色金融\tgreen finance\n", "pairs.jsonl": "{}\n", "messages.po": ""}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    readable = corpus.iter_files([tmp_path], lambda err: None)
    assert sorted(p.name for p in readable if corpus.may_be_parallel(p)) == \
        ["messages.po", "pairs.jsonl", "pairs.tsv", "r.zh.txt"]
    # whatever may_be_parallel leaves out holds no document with English
    others = [p for p in tmp_path.iterdir() if not corpus.may_be_parallel(p)]
    docs = list(corpus.iter_documents(others, lambda err: None))
    assert docs and not any(d.parallel or d.english or any(s.en for s in d.segments)
                            for d in docs)


def test_large_single_line_is_streamed_in_chunks(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus, "STREAM_BYTES", 1000)
    monkeypatch.setattr(corpus, "CHUNK_CHARS", 500)
    (tmp_path / "big.txt").write_text("重庆推动普惠金融发展。" * 300, encoding="utf-8")
    docs = _docs(tmp_path / "big.txt")
    assert len(docs) > 5
    assert all(len(s.text) <= 500 for d in docs for s in d.segments)
    assert "".join(s.text for d in docs for s in d.segments) == "重庆推动普惠金融发展。" * 300


def test_a_broken_record_of_a_jsonl_corpus_is_named_by_its_line(tmp_path: Path) -> None:
    """A bad record on line 6 was reported at line 1, its reason cut short ('Unterminated
    string starting at')."""
    path = tmp_path / "c.jsonl"
    good = '{"zh": "稳岗扩岗政策落地。", "en": "Job policies took effect."}\n'
    path.write_text(good * 5 + '{"zh": "稳岗扩岗\n', encoding="utf-8")
    errors: list[GlossaryError] = []
    assert list(corpus.iter_documents([path], errors.append)) == []
    assert [str(e) for e in errors] == [f"{corpus.display_name(path)}:6: invalid JSON: "
                                        "Unterminated string starting at (column 8)"]


def test_a_ragged_row_of_a_tsv_corpus_is_named_by_its_line(tmp_path: Path) -> None:
    """A row with a cell more than the header (a tab inside the English) kept the English
    before the tab and dropped the rest without a word; a row cut short was dropped."""
    path = tmp_path / "c.tsv"
    path.write_text("zh\ten\n绿色金融\tgreen finance\t\n只有中文的一行\n"
                    "普惠金融\tinclusive\tfinance\n", encoding="utf-8")
    errors: list[GlossaryError] = []
    assert list(corpus.iter_documents([path], errors.append)) == []
    assert [str(e) for e in errors] == [f"{corpus.display_name(path)}:4: 3 tab-separated cells "
                                        "where a row has the header's 2 (zh and en)"]
    path.write_text("en\tnote\tzh\ngreen finance\t\t绿色金融\n", encoding="utf-8")
    assert [s.text for d in _docs(path) for s in d.segments] == ["绿色金融"]
    path.write_text("en\tnote\tzh\ngreen finance\tx\n", encoding="utf-8")
    errors.clear()
    assert list(corpus.iter_documents([path], errors.append)) == []
    assert "c.tsv:2: 2 tab-separated cells where a row has the header's 3" in str(errors[0])


def test_a_file_named_twice_or_linked_beside_itself_is_read_once(tmp_path: Path) -> None:
    """a/x.txt and a/../a/x.txt, or a link to x.txt beside it, doubled every count."""
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "x.txt").write_text("稳岗扩岗政策落地。\n", encoding="utf-8")
    (folder / "y.txt").symlink_to("x.txt")
    again = folder / ".." / "a" / "x.txt"
    assert list(corpus.iter_files([folder / "x.txt", again, folder], print)) == [
        folder / "x.txt"]


def test_traditional_lines_after_many_simplified_ones_are_read_as_simplified(
        tmp_path: Path) -> None:
    """Whether a file was Traditional was judged on its first 50 segments: Traditional lines
    after 60 Simplified ones were mined as they stood (數字人民幣試點擴大)."""
    path = tmp_path / "mixed.txt"
    path.write_text("重庆金融机构加强风险防范。\n" * 60 + "數字人民幣試點擴大。\n",
                    encoding="utf-8")
    last = _docs(path)[-1].segments[-1]
    assert (last.text, last.original) == ("数字人民币试点扩大。", "數字人民幣試點擴大。")
