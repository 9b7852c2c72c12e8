"""Hostile and malformed import files: XXE, entity expansion, syntax errors with lines, escapes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cqfin_glossary.cli import main
from cqfin_glossary.errors import EncodingError, FormatError, InputError, UsageError
from cqfin_glossary.formats import import_file
from cqfin_glossary.store import Glossary

DATA = Path(__file__).parent / "data" / "formats"


def empty(tmp_path: Path) -> Glossary:
    return Glossary(tmp_path / "g")


@pytest.mark.parametrize("name", ["xxe.tbx", "billion-laughs.tbx", "external-dtd.tbx"])
def test_hostile_xml_refused_before_anything_is_read(tmp_path: Path, name: str) -> None:
    glossary = empty(tmp_path)
    with pytest.raises(FormatError) as caught:
        import_file(glossary, DATA / name)
    message = str(caught.value)
    assert "refused" in message and "\n" not in message
    assert len(glossary) == 0
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    if hostname:
        assert hostname not in message


def test_hostile_xml_cli_is_one_line_exit_2(tmp_path: Path, glossary_dir: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.read_bytes() for p in glossary_dir.iterdir())
    assert main(["--glossary", str(glossary_dir), "import", str(DATA / "xxe.tbx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "xxe.tbx" in err and "entity" in err
    assert sorted(p.read_bytes() for p in glossary_dir.iterdir()) == before


@pytest.mark.parametrize("name", ["empty.csv", "empty.tsv", "empty.po", "empty.json",
                                  "empty.tbx", "blank.txt"])
def test_an_empty_file_is_refused_in_every_format(tmp_path: Path, glossary_dir: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  name: str) -> None:
    """An empty CSV, TSV or PO 'added 0 entries' with exit 0 where an empty JSON or TBX
    was an error: a failed download or export, said alike in every format."""
    path = tmp_path / name
    path.write_text("\n \n" if name == "blank.txt" else "", encoding="utf-8")
    before = sorted(p.read_bytes() for p in glossary_dir.iterdir())
    assert main(["--glossary", str(glossary_dir), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"cqfin-glossary: error: {path}: empty file, nothing to import\n"
    assert sorted(p.read_bytes() for p in glossary_dir.iterdir()) == before


@pytest.mark.parametrize(("name", "line"), [
    ("malformed.po", 6), ("malformed.tbx", 6), ("malformed.csv", 2), ("malformed.tsv", 2),
    ("malformed.json", 4),
])
def test_malformed_files_name_file_and_line(tmp_path: Path, name: str, line: int) -> None:
    with pytest.raises(FormatError) as caught:
        import_file(empty(tmp_path), DATA / name)
    assert caught.value.line == line, str(caught.value)
    assert str(caught.value).startswith(f"{DATA / name}:{line}: ")


def test_wrong_encoding_and_binary(tmp_path: Path) -> None:
    with pytest.raises(EncodingError) as caught:
        import_file(empty(tmp_path), DATA / "gbk.po")
    assert caught.value.line == 1
    binary = tmp_path / "blob.po"
    binary.write_bytes(b"msgid \"\"\x00\x01\x02")
    with pytest.raises(EncodingError):
        import_file(empty(tmp_path), binary)
    with pytest.raises(InputError):
        import_file(empty(tmp_path), tmp_path / "missing.po")


def test_po_content_naming_a_file_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.po"
    secret.write_text('msgid "秘密"\nmsgstr "secret"\n', encoding="utf-8")
    trap = tmp_path / "trap.po"
    trap.write_text(str(secret), encoding="utf-8")
    with pytest.raises(FormatError):
        import_file(empty(tmp_path), trap)


@pytest.mark.parametrize("name", ["escapes.tsv", "escapes.po"])
def test_control_characters_refused(tmp_path: Path, name: str) -> None:
    glossary = empty(tmp_path)
    report = import_file(glossary, DATA / name)
    assert report.refused and all("control character" in p.message
                                  or "invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)"
                                  in p.message for p in report.refused)
    kept = [t.term for e in glossary for t in e.en]
    assert kept and not any("\x1b" in t or "\u202e" in t for t in kept)


def test_cli_never_prints_escapes_raw(tmp_path: Path, glossary_dir: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--glossary", str(glossary_dir), "import", "--dry-run", str(DATA / "escapes.po")])
    out = capsys.readouterr().out
    assert code == 1 and "\x1b" not in out and "\u202e" not in out
    assert "\\x1b" in out and "refused" in out


def test_markdown_is_export_only(tmp_path: Path) -> None:
    path = tmp_path / "g.md"
    path.write_text("# Glossary\n", encoding="utf-8")
    with pytest.raises(UsageError):
        import_file(empty(tmp_path), path)


def test_csv_formula_cells_are_guarded(tmp_path: Path) -> None:
    from cqfin_glossary.formats import export_glossary
    from cqfin_glossary.model import Entry, EntryStatus, Term

    risky = Entry("f", EntryStatus.APPROVED, [Term("公式")], [Term("=HYPERLINK(\"x\")")])
    text = export_glossary([risky], "csv")
    assert "\"'=HYPERLINK" in text
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    glossary = empty(tmp_path)
    import_file(glossary, path)
    assert glossary.get("f").en[0].term == "=HYPERLINK(\"x\")"  # type: ignore[union-attr]


def test_huge_file_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cqfin_glossary.formats import common

    monkeypatch.setattr(common, "MAX_IMPORT_BYTES", 100)
    path = tmp_path / "big.tsv"
    path.write_text("渝\tyu\n" * 50, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_file(empty(tmp_path), path)
    assert "too large" in str(caught.value)


def test_symlinked_or_fifo_inputs_are_plain_errors(tmp_path: Path) -> None:
    folder = tmp_path / "dir.po"
    folder.mkdir()
    with pytest.raises(InputError):
        import_file(empty(tmp_path), folder)
    if hasattr(os, "symlink"):
        link = tmp_path / "dangling.po"
        link.symlink_to(tmp_path / "nowhere.po")
        with pytest.raises(InputError):
            import_file(empty(tmp_path), link)


def test_plain_doctype_is_read_without_fetching_the_dtd(tmp_path: Path) -> None:
    """Real TBX v2 files name their DTD; it is never loaded (the URL here points nowhere)."""
    glossary = empty(tmp_path)
    report = import_file(glossary, DATA / "doctype-system.tbx")
    assert report.added == ["yuxinou"]  # a foreign TBX id is replaced by the pinyin
    assert [(e.headword, e.english) for e in glossary] == [("渝新欧", "Yuxinou railway")]


def test_unterminated_po_string_is_refused_not_half_imported(tmp_path: Path) -> None:
    # polib reads this as msgid "a" with an empty msgstr and says nothing.
    path = tmp_path / "broken.po"
    path.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    glossary = Glossary(tmp_path / "g")
    with pytest.raises(FormatError, match="malformed string") as err:
        import_file(glossary, path)
    assert err.value.line == 2
    assert len(glossary) == 0
