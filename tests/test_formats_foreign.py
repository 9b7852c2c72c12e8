"""Files made by other tools import with their meaning intact, or are refused with one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from consumers import ttk

from cqfin_glossary.errors import FormatError
from cqfin_glossary.formats import import_file, parse_file
from cqfin_glossary.formats.common import script_of_lang
from cqfin_glossary.model import EntryStatus
from cqfin_glossary.store import Glossary, load

PO_HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
             '"Language: {lang}\\n"\n\n')


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def imported(folder: Path, path: Path) -> tuple[Glossary, object]:
    glossary = Glossary(folder / "g")
    return glossary, import_file(glossary, path)


def test_gettext_po_with_chinese_msgstr_is_turned_the_right_way(tmp_path: Path) -> None:
    text = PO_HEADER.format(lang="zh_CN") + (
        '# Translator: the usual rendering\nmsgid "inclusive finance"\nmsgstr "普惠金融"\n\n'
        'msgid "untranslated"\nmsgstr ""\n')
    glossary, report = imported(tmp_path, write(tmp_path, "zh_CN.po", text))
    entry = glossary.get("puhuijinrong")
    assert entry is not None and entry.headword == "普惠金融"
    assert entry.english == "inclusive finance"
    assert entry.note == "Translator: the usual rendering"
    assert len(report.refused) == 1 and "untranslated" in report.refused[0].message


def test_a_translated_entry_of_a_foreign_po_is_a_candidate_not_approved(tmp_path: Path
                                                                        ) -> None:
    """gettext's 'translated' is no terminologist's approval: an entry of another tool's PO
    (no '#. status:' line) comes in as a candidate, as the README says of a file that states
    no status; an entry of our own export that a translator unfuzzied is approved."""
    foreign = PO_HEADER.format(lang="en") + 'msgid "陆海新通道"\nmsgstr "New Land-Sea Corridor"\n'
    glossary, _ = imported(tmp_path, write(tmp_path, "team.po", foreign))
    assert glossary.get("luhaixintongdao").status is EntryStatus.CANDIDATE  # type: ignore[union-attr]
    ours = PO_HEADER.format(lang="en") + ('#. id: puhui\n#. status: candidate\n'
                                          'msgid "普惠金融"\nmsgstr "inclusive finance"\n')
    glossary, _ = imported(tmp_path / "b", write(tmp_path, "ours.po", ours))
    assert glossary.get("puhui").status is EntryStatus.APPROVED  # type: ignore[union-attr]


def test_po_whose_header_contradicts_its_text_is_refused(tmp_path: Path) -> None:
    text = PO_HEADER.format(lang="zh_TW") + 'msgid "普惠金融"\nmsgstr "inclusive finance"\n'
    with pytest.raises(FormatError, match=r"Language 'zh_TW'.*fix the header") as err:
        parse_file(write(tmp_path, "wrong.po", text))
    assert err.value.line == 1 and str(err.value).startswith(f"{tmp_path}/wrong.po:1:")


def test_msgctxt_senses_become_homographs_not_conflicts(tmp_path: Path) -> None:
    text = PO_HEADER.format(lang="en") + (
        'msgctxt "finance"\nmsgid "银行"\nmsgstr "bank"\n\n'
        'msgctxt "logistics"\nmsgid "银行"\nmsgstr "row of shops"\n\n'
        'msgid "%d 家银行"\nmsgid_plural "%d 家银行"\nmsgstr[0] "%d bank"\nmsgstr[1] "%d banks"\n')
    glossary, report = imported(tmp_path, write(tmp_path, "senses.po", text))
    assert not report.conflicts
    assert sorted((e.subject, e.english) for e in glossary) == [
        ("finance", "bank"), ("logistics", "row of shops")]
    assert sorted(e.id for e in glossary) == ["yinhang-finance", "yinhang-logistics"]
    assert [p.line for p in report.refused] == [14]
    assert "plural" in report.refused[0].message


def test_omegat_glossary_with_header_line_and_extra_columns(tmp_path: Path) -> None:
    text = ("# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
            "渝金盾\tYujindun risk brain\tplatform\n"
            "千里马\tQianlima\tprogramme\tfrom the 2024 plan\n")
    path = write(tmp_path, "glossary.utf8", text)
    glossary, report = imported(tmp_path, path)
    assert report.format == "tsv" and not report.refused
    assert glossary.get("qianlima").note == "programme; from the 2024 plan"  # type: ignore[union-attr]


def test_tsv_with_header_row_in_the_other_direction(tmp_path: Path) -> None:
    text = "en\tzh-CN\nYujindun risk brain\t渝金盾\n"
    glossary, _ = imported(tmp_path, write(tmp_path, "terms.tab", text))
    assert [(e.headword, e.english) for e in glossary] == [("渝金盾", "Yujindun risk brain")]
    text = "source\ttarget\n渝金通\tYujintong financial brain\n"
    glossary, _report = imported(tmp_path, write(tmp_path, "terms.tsv", text))
    assert [e.headword for e in glossary] == ["渝金通"]


def test_csv2tbx_file_with_placeholder_languages(tmp_path: Path) -> None:
    source = write(tmp_path, "pairs.csv", "source,target\n普惠金融,inclusive finance\n"
                                         "渝金盾,Yujindun risk brain\n")
    ttk("csv2tbx", source, tmp_path / "pairs.tbx")
    glossary, report = imported(tmp_path, tmp_path / "pairs.tbx")
    assert not report.refused and not report.conflicts
    assert {(e.headword, e.english) for e in glossary} == {
        ("普惠金融", "inclusive finance"), ("渝金盾", "Yujindun risk brain")}


def test_semicolon_csv_without_header_as_excel_writes_it(tmp_path: Path) -> None:
    text = "\ufeff普惠金融;inclusive finance\r\n渝金盾;Yujindun risk brain\r\n"
    glossary, _report = imported(tmp_path, write(tmp_path, "excel.csv", text))
    assert {e.english for e in glossary} == {"inclusive finance", "Yujindun risk brain"}


def test_spreadsheet_with_language_columns(tmp_path: Path) -> None:
    text = "English,Chinese (zh-Hant-TW),Subject\nmortgage,房貸,banking\n"
    path = write(tmp_path, "sheet.csv", text.replace("English", "en").replace(
        "Chinese (zh-Hant-TW)", "zh-Hant-TW"))
    glossary, _ = imported(tmp_path, path)
    entry = next(iter(glossary))
    assert (entry.headword, entry.english, entry.subject) == ("房贷", "mortgage", "banking")


@pytest.mark.parametrize(("tag", "script"), [
    ("zh-CN", "hans"), ("zh_TW", "tw"), ("zh-Hant-HK", "hk"), ("cmn", "hans"),
    ("cmn-Hant-TW", "tw"), ("zh-Hant", "hant"), ("zh_HK.UTF-8", "hk"), ("en-US", None)])
def test_language_codes(tag: str, script: str | None) -> None:
    assert script_of_lang(tag) == script


def test_utf16_tbx_with_its_declaration(tmp_path: Path) -> None:
    text = ('<?xml version="1.0" encoding="UTF-16"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2" '
            'type="TBX-Basic" style="dca"><text><body><conceptEntry id="_33618">'
            '<langSec xml:lang="zh-CN"><termSec><term>33618集群</term></termSec></langSec>'
            '<langSec xml:lang="en"><termSec><term>33618 clusters</term>'
            '<termNote type="partOfSpeech">noun</termNote></termSec></langSec>'
            '</conceptEntry></body></text></tbx>\n')
    glossary, _report = imported(tmp_path, write(tmp_path, "u16.tbx", "\ufeff" + text, "utf-16-le"))
    assert [e.id for e in glossary] == ["33618jiqun"]  # a foreign id is not kept


@pytest.mark.parametrize(("name", "text", "line", "message"), [
    ("pos.csv", "source,target,pos\n普惠金融,inclusive finance,nounish\n", 2,
     "unknown part of speech 'nounish'"),
    ("type.json", '[{"id": "a", "zh": [{"term": "普惠"}],\n "en": [{"term": "x", "type": "odd"}]}]',
     2, "bad value 'odd'"),
    ("pos.po", PO_HEADER.format(lang="en") + '#. pos: nounish\nmsgid "普惠"\nmsgstr "x"\n', 6,
     "unknown part of speech"),
    ("type.tbx", '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n<conceptEntry id="a">'
     '<langSec xml:lang="zh"><termSec><term>普惠</term><termNote type="termType">odd'
     '</termNote></termSec></langSec></conceptEntry></body></text></tbx>', 2,
     "unknown term type 'odd'"),
    ("dup.po", PO_HEADER.format(lang="en") + 'msgid "普惠"\nmsgstr "x"\n\nmsgid "普惠"\n'
     'msgstr "y"\n', 9, "duplicate entry"),
    ("esc.po", PO_HEADER.format(lang="en") + '#. note: a\\u{110000}\nmsgid "普惠"\nmsgstr "x"\n',
     6, "not a Unicode character"),
    ("sur.po", PO_HEADER.format(lang="en") + '#. note: a\\u{d800}\nmsgid "普惠"\nmsgstr "x"\n',
     6, "not a Unicode character"),
])
def test_bad_values_name_file_and_line(tmp_path: Path, name: str, text: str, line: int,
                                       message: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(FormatError, match=message) as err:
        parse_file(path)
    assert (err.value.file, err.value.line) == (str(path), line)


def test_po_term_line_without_status(tmp_path: Path) -> None:
    text = PO_HEADER.format(lang="en") + ('#. zh: 普惠金融\n#. en: inclusive finance\n'
                                          'msgid "普惠金融"\nmsgstr "inclusive finance"\n')
    glossary, report = imported(tmp_path, write(tmp_path, "hand.po", text))
    assert next(iter(glossary)).english == "inclusive finance" and not report.refused


def test_deep_and_huge_json_are_one_line_errors(tmp_path: Path) -> None:
    deep = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    huge = write(tmp_path, "huge.json", '[{"id": "a",\n "line": ' + "7" * 5000 + "}]")
    with pytest.raises(FormatError, match="nested"):
        parse_file(deep)
    with pytest.raises(FormatError, match="number too large") as err:
        parse_file(huge)
    assert err.value.line == 2


def test_own_po_export_with_control_characters_imports_again(tmp_path: Path) -> None:
    # A glossary file cannot hold control characters (validate refuses them), but entries
    # made in memory by other code can: the PO export must still be one gettext accepts.
    from cqfin_glossary.formats import export_glossary
    from cqfin_glossary.model import Entry, Term

    entry = Entry("ceshi", EntryStatus.APPROVED, [Term("测试\x1b")], [Term("test\x07case")],
                  definition="a\x0bb\u2028c", note="n\x1b[2J")
    out = tmp_path / "out.po"
    out.write_text(export_glossary([entry], "po"), encoding="utf-8")
    assert not any(ord(c) < 32 and c != "\n" for c in out.read_text(encoding="utf-8"))
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(out)], check=True)
    glossary, report = imported(tmp_path, out)
    back = next(iter(glossary))
    assert not report.refused and (back.headword, back.english) == ("测试", "test case")
    assert back.status is EntryStatus.APPROVED


def test_glossary_file_with_control_characters_is_refused_by_line(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        '- id: ceshi\n  status: approved\n  zh:\n  - term: "测试\\e"\n  en:\n'
        '  - term: "test"\n', encoding="utf-8")
    cli = [sys.executable, "-m", "cqfin_glossary", "--glossary", str(folder)]
    done = subprocess.run([*cli, "export", "-f", "po"], capture_output=True, text=True)
    assert done.returncode == 2 and "a.yaml:4" in done.stderr and "control" in done.stderr


@pytest.mark.parametrize("text", [
    "English,Chinese\ninclusive finance,普惠金融\n",
    "source,target\ninclusive finance,普惠金融\n",  # titled the usual way, filled the other
    "Chinese (PRC);English (United States)\n普惠金融;inclusive finance\n",
    "中文术语,English term\n普惠金融,inclusive finance\n",
    "英文译名\t中文名称\ninclusive finance\t普惠金融\n",
])
@pytest.mark.parametrize("suffix", ["csv", "tsv"])
def test_csv_and_tsv_headers_by_language_name_or_content(tmp_path: Path, text: str,
                                                          suffix: str) -> None:
    """TSV read 'English<TAB>Chinese' or '中文术语<TAB>English term' as a data row (an entry
    'English', refused) where CSV knew them: both read headers through one table."""
    if suffix == "tsv":
        text = text.replace(",", "\t").replace(";", "\t")
    glossary, report = imported(tmp_path, write(tmp_path, f"named.{suffix}", text))
    assert [(e.headword, e.english) for e in glossary] == [("普惠金融", "inclusive finance")]
    assert not report.refused


def test_our_po_re_saved_by_polib_with_its_comments_wrapped_imports_as_exported(
        tmp_path: Path) -> None:
    """polib wraps '#.' lines at 78 columns when a script re-saves a file (to clear 'fuzzy',
    say): the rest of a definition became the note, the rest of an English term line a
    status ('admitted |', refused), with exit 0 or 2."""
    import polib

    from cqfin_glossary import store
    from cqfin_glossary.formats import export_glossary

    shipped = store.load(Path(__file__).resolve().parent.parent / "glossary")
    ours = export_glossary(shipped, "po", status="all")
    path = tmp_path / "ours.po"
    path.write_text(ours, encoding="utf-8")
    po = polib.pofile(str(path))
    po.save(str(path))  # the default wrapwidth, 78
    assert any(line.startswith("#. ") and ": " not in line
               for line in path.read_text(encoding="utf-8").splitlines())  # wrapped lines
    glossary, report = imported(tmp_path, path)
    assert not report.refused
    assert export_glossary(list(glossary), "po", status="all") == ours


def test_a_csv_cell_with_crlf_line_breaks_imports_with_lf(tmp_path: Path) -> None:
    """Our CSV's multi-line note after git's core.autocrlf or unix2dos: the CR was refused as
    a control character, and the whole entry with it."""
    from cqfin_glossary.formats import export_glossary
    from cqfin_glossary.model import Entry, Term

    entry = Entry("ceshi", EntryStatus.APPROVED, [Term("测试")], [Term("test")],
                  note="Line one.\nLine two.\rLine three.")
    text = export_glossary([entry], "csv").replace("\r\n", "\n").replace("\n", "\r\n")
    path = write(tmp_path, "win.csv", text)
    glossary, report = imported(tmp_path, path)
    assert not report.refused
    assert next(iter(glossary)).note == "Line one.\nLine two.\nLine three."


SYNONYMS_TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="c1">
  <langSet xml:lang="zh-CN"><tig><term>绿色信贷</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>green credit</term>{first}</tig>
    <tig><term>green lending</term>{second}</tig></langSet>
</termEntry>
</body></text></martif>
"""


def _admin(status: str) -> str:
    return f'<termNote type="administrativeStatus">{status}Term-admn-sts</termNote>'


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("", "", ["preferred", "admitted"]),  # administrativeStatus is optional in TBX-Basic
    ('<termNote type="normativeAuthorization">preferredTerm</termNote>',
     '<termNote type="normativeAuthorization">deprecatedTerm</termNote>',
     ["preferred", "deprecated"]),
])
def test_tbx_synonyms_without_administrative_status(tmp_path: Path, first: str, second: str,
                                                    expected: list[str]) -> None:
    """Two English terms with no status aborted the whole import, naming the glossary's
    imported.yaml (a file not yet written) for 'more than one preferred term'; a term
    TBX-Default marks deprecated by normativeAuthorization came in preferred."""
    path = write(tmp_path, "syn.tbx", SYNONYMS_TBX.format(first=first, second=second))
    glossary, report = imported(tmp_path, path)
    assert not report.refused
    assert [t.status.value for t in next(iter(glossary)).en] == expected


def test_two_terms_a_file_states_preferred_are_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "two.tbx", SYNONYMS_TBX.format(first=_admin("preferred"),
                                                          second=_admin("preferred")))
    glossary, report = imported(tmp_path, path)
    assert [(p.file, p.line) for p in report.refused] == [(str(path), 5)]
    assert "more than one preferred English term" in report.refused[0].message
    assert not list(glossary)


def test_csv_terms_synonyms_without_term_status(tmp_path: Path) -> None:
    path = write(tmp_path, "syn.csv",
                 "id,entry_status,subject,pos,definition,note,lang,term,term_status,term_type,"
                 "term_note,hant\nlusexindai,candidate,,,,,zh,绿色信贷,,,,\n"
                 "lusexindai,candidate,,,,,en,green credit,,,,\n"
                 "lusexindai,candidate,,,,,en,green lending,,,,\n")
    glossary, report = imported(tmp_path, path)
    assert not report.refused
    assert [t.status.value for t in next(iter(glossary)).en] == ["preferred", "admitted"]


def test_a_foreign_po_pair_the_glossary_holds_approved_is_unchanged(
        tmp_path: Path, glossary_dir: Path) -> None:
    """Another tool's PO states no status: a pair equal to an approved entry was a conflict
    'status approved -> candidate' (exit 1), as if the file had asked to reopen it."""
    text = PO_HEADER.format(lang="en") + (
        'msgid "渝金盾"\nmsgstr "Yujindun risk brain"\n\n'
        'msgid "金融创新"\nmsgstr "financial innovations"\n')
    report = import_file(load(glossary_dir), write(tmp_path, "team.po", text))
    assert report.unchanged == ["yujindun"]
    assert [c.message for c in report.conflicts] == [
        "approved entry left as it is; the file has: "
        "new English 'financial innovations'"]


@pytest.mark.parametrize(("text", "note"), [
    ("Chinese,English,Notes\n普惠金融,inclusive finance,PBOC usage\n", "PBOC usage"),
    ("中文,英文,备注,出处\n普惠金融,inclusive finance,常用,2024 report\n",
     "常用; 出处: 2024 report"),
    ("source,target,comment,definition\n普惠金融,inclusive finance,c,Finance for all\n", "c"),
    ("普惠金融,inclusive finance,first,second,third\n", "first; second; third"),
])
def test_csv_note_columns_and_columns_no_field_takes_are_kept(tmp_path: Path, text: str,
                                                              note: str) -> None:
    """A 'Notes' or '备注' column, a column of no known field and a headerless file's
    columns after the third were dropped without a word (TSV kept them in the note)."""
    glossary, _ = imported(tmp_path, write(tmp_path, "notes.csv", text))
    entry = next(iter(glossary))
    assert entry.note == note
    assert entry.definition == ("Finance for all" if "definition" in text else None)
