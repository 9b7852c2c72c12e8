"""Encoding detection of corpus files: BOMs, UTF-8, UTF-16 without BOM, GB18030, Big5, binaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqfin_glossary.errors import EncodingError, InputError
from cqfin_glossary.textio import decode_bytes, read_text

SIMPLIFIED = "西部陆海新通道建设取得积极进展，重庆市金融机构加大信贷投放。\n2025年一季度"
TRADITIONAL = "西部陸海新通道建設取得積極進展，重慶市金融機構加大信貸投放。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (SIMPLIFIED.encode("utf-8-sig"), "utf-8-sig"),
        (SIMPLIFIED.encode("utf-16"), "utf-16"),
        (SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
        (SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
        ("重庆".encode("gb18030"), "gb18030"),
        ("重慶".encode("big5"), "big5"),
        ("Chongqing report 2025 重庆金融".encode("gb18030"), "gb18030"),
    ],
)
def test_encoding_is_detected_and_named(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data, "doc.txt")
    assert decoded.encoding == encoding
    assert decoded.text.lstrip("\ufeff") in (SIMPLIFIED, TRADITIONAL, "重庆", "重慶",
                                             "Chongqing report 2025 重庆金融")


def test_binary_and_undecodable_files_are_refused_with_their_name(tmp_path: Path) -> None:
    with pytest.raises(EncodingError, match="binary"):
        decode_bytes(bytes(range(256)) * 4, "blob.bin")
    with pytest.raises(EncodingError, match=r"cannot decode") as err:
        decode_bytes(b"line one\nabc\xff\xfe\xfa zzz", "junk.txt")
    assert err.value.file == "junk.txt" and err.value.line == 2
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.txt")


def test_hong_kong_text_with_cantonese_characters_is_read_as_big5_hkscs() -> None:
    """嘅, 喺 and 啲 are in Big5-HKSCS, not Big5: the file was read as GB18030, which decodes
    any bytes, and check called its mojibake 'clean'."""
    text = "重慶嘅綠色金融喺香港啲銀行好受歡迎，渝金盾都有用。\n"
    decoded = decode_bytes(text.encode("big5hkscs"), "cant.txt")
    assert (decoded.encoding, decoded.text) == ("big5hkscs", text)


def test_lines_in_two_legacy_encodings_are_refused_naming_the_line() -> None:
    """Big5 lines pasted into a GB18030 file: whichever the file is read as, some lines were
    mojibake, and check passed them."""
    gb_line = "「渝金通」與『渝金盾』兩大平台已接入全市主要銀行。\n".encode("gb18030")
    big5_line = "中國人民銀行重慶市分行表示，數字人民幣試點擴大。\n".encode("big5")
    data = TRADITIONAL.encode("big5") + gb_line + big5_line
    with pytest.raises(EncodingError) as err:
        decode_bytes(data, "mixed.txt")
    assert str(err.value) == ("mixed.txt:1: mixed encodings: line 1 reads as big5, the file as "
                              "gb18030; save it in one encoding (UTF-8)")
    # Traditional characters written in GBK are rare there, but no other reading is common
    gbk = (TRADITIONAL * 3 + SIMPLIFIED).encode("gb18030")
    assert decode_bytes(gbk, "gbk.txt").encoding == "gb18030"
