"""Import merge rules on the shipped glossary, and the export and import commands run by a user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqfin_glossary import store
from cqfin_glossary.cli import main
from cqfin_glossary.formats import export_glossary, import_file
from cqfin_glossary.model import Entry, EntryStatus, Term, TermStatus


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_new_concept_becomes_an_entry_with_the_files_status(glossary_dir: Path,
                                                             tmp_path: Path) -> None:
    glossary = store.load(glossary_dir)
    path = write(tmp_path, "new.tsv", "陆海新通道\tNew Western Land-Sea Corridor\tlogistics\n")
    report = import_file(glossary, path)
    assert report.added == ["luhaixintongdao"] and not report.conflicts
    added = glossary.get("luhaixintongdao")
    assert added is not None and added.status is EntryStatus.CANDIDATE
    assert added.note == "logistics"
    store.save(glossary)
    assert store.load(glossary_dir).get("luhaixintongdao") is not None
    assert (glossary_dir / "imported.yaml").exists()


def test_new_rendering_of_approved_entry_is_a_conflict(glossary_dir: Path,
                                                      tmp_path: Path) -> None:
    glossary = store.load(glossary_dir)
    before = glossary.get("yujindun").to_dict()  # type: ignore[union-attr]
    path = write(tmp_path, "r.tsv", "渝金盾\tYujindun shield\n")
    report = import_file(glossary, path)
    assert not report.added and not report.renderings
    [conflict] = report.conflicts
    assert conflict.line == 1 and conflict.file == str(path)
    assert "Yujindun shield" in conflict.message
    assert glossary.get("yujindun").to_dict() == before  # type: ignore[union-attr]


def test_new_rendering_of_candidate_becomes_admitted(glossary_dir: Path, tmp_path: Path) -> None:
    glossary = store.load(glossary_dir)
    path = write(tmp_path, "r.tsv", "千里马\tQianlima programme\n")
    report = import_file(glossary, path)
    assert report.renderings == [("qianlima", "Qianlima programme")]
    entry = glossary.get("qianlima")
    assert entry is not None and entry.en[-1].status is TermStatus.ADMITTED
    assert entry.english == "Qianlima initiative" and entry.changed is not None


def test_same_file_twice_is_unchanged(glossary_dir: Path, tmp_path: Path) -> None:
    glossary = store.load(glossary_dir)
    path = write(tmp_path, "all.po", export_glossary(glossary, "po", status="all"))
    report = import_file(glossary, path)
    assert len(report.unchanged) == len(glossary) and not report.conflicts
    assert store.save(glossary).written == []


def test_changed_status_or_field_is_left_for_the_editor(glossary_dir: Path,
                                                       tmp_path: Path) -> None:
    glossary = store.load(glossary_dir)
    data = json.loads(export_glossary(glossary, "json", status="all"))
    for item in data["entries"]:
        if item["id"] == "qianlima":
            item["status"] = "approved"
            item["definition"] = "Something else."
    path = write(tmp_path, "edit.json", json.dumps(data, ensure_ascii=False, indent=2))
    report = import_file(glossary, path)
    [conflict] = report.conflicts
    assert "status candidate -> approved" in conflict.message and "definition" in conflict.message
    assert conflict.line is not None and conflict.line > 1
    assert glossary.get("qianlima").status is EntryStatus.CANDIDATE  # type: ignore[union-attr]


def test_homograph_import_is_a_new_entry_or_ambiguous(glossary_dir: Path, tmp_path: Path) -> None:
    glossary = store.load(glossary_dir)
    csv_text = ("id,entry_status,subject,lang,term\n"
                "yujindun-game,candidate,gaming,zh,渝金盾\n"
                "yujindun-game,candidate,gaming,en,Golden Shield game\n")
    report = import_file(glossary, write(tmp_path, "h.csv", csv_text))
    assert report.added == ["yujindun-game"]
    again = import_file(glossary, write(tmp_path, "h.tsv", "渝金盾\tshield\n"))
    assert again.conflicts and "several entries" in again.conflicts[0].message
    store.save(glossary)
    assert store.check(glossary_dir) == []


def test_export_command_writes_atomically_and_to_stdout(glossary_dir: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "g.po"
    out.parent.mkdir()  # a missing folder is refused (test_cli), as the editor refuses it
    assert main(["--glossary", str(glossary_dir), "export", "--format", "po", "-o", str(out)]) == 0
    assert "entries as po" in capsys.readouterr().err
    assert 'msgid "渝金盾"' in out.read_text(encoding="utf-8")
    assert main(["--glossary", str(glossary_dir), "export", "-f", "tsv", "--script", "tw"]) == 0
    assert "渝車出海\tChongqing Vehicles Going Abroad" in capsys.readouterr().out


def test_a_two_column_export_says_which_entries_it_left_out(glossary_dir: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    """DeepL and OmegaT rows need a target: a candidate without English gets no row, and the
    count said so (it used to report every entry as exported)."""
    (glossary_dir / "mined.yaml").write_text(
        "- id: yujinbao\n  status: candidate\n  zh:\n  - term: 渝金宝\n    status: preferred\n",
        encoding="utf-8")
    entries = list(store.load(glossary_dir))
    bare = sum(1 for e in entries if not e.english)
    assert bare == 1
    out = tmp_path / "deepl.tsv"
    argv = ["--glossary", str(glossary_dir), "export", "-f", "deepl", "--status", "all"]
    assert main([*argv, "-o", str(out)]) == 0
    rows = out.read_text(encoding="utf-8").count("\n")
    assert f"{len(entries)} entries as deepl (hans), {rows} rows; {bare} without English " \
        "left out" in capsys.readouterr().err


def test_import_command_dry_run_writes_nothing(glossary_dir: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "n.tsv", "陆海新通道\tNew Western Land-Sea Corridor\n")
    before = {p.name: p.read_bytes() for p in glossary_dir.iterdir()}
    assert main(["--glossary", str(glossary_dir), "import", "--dry-run", str(path)]) == 0
    out = capsys.readouterr().out
    assert "would add 1 entries" in out and "luhaixintongdao" in out
    assert {p.name: p.read_bytes() for p in glossary_dir.iterdir()} == before
    assert main(["--glossary", str(glossary_dir), "import", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["added"] == ["luhaixintongdao"]
    assert store.load(glossary_dir).get("luhaixintongdao") is not None


def test_every_command_documented(capsys: pytest.CaptureFixture[str]) -> None:
    from cqfin_glossary.cli import export_cmd
    from cqfin_glossary.formats import FORMATS

    assert export_cmd.FORMATS == FORMATS
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "### export" in readme and "### import" in readme
    for command in ("export", "import"):
        with pytest.raises(SystemExit) as done:
            main([command, "-h"])
        assert done.value.code == 0
        assert "examples:" in capsys.readouterr().out


def test_our_deepl_export_reads_back_without_conflicts(glossary_dir: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    """A DeepL row states no status: an admitted synonym (稳岗贷款) written as a row of its own
    came back as 'admitted -> preferred', a conflict on each of four approved entries."""
    out = tmp_path / "g.deepl"
    assert main(["--glossary", str(glossary_dir), "export", "-f", "deepl", "-o", str(out)]) == 0
    assert main(["--glossary", str(glossary_dir), "import", "--dry-run", str(out)]) == 0
    assert "0 conflicts" in capsys.readouterr().out


def test_foreign_files_from_other_tools(tmp_path: Path) -> None:
    """A TBX from translate-toolkit and a bare PO without our comments import as plain data."""
    from translate.storage import tbx

    store_ = tbx.tbxfile(sourcelanguage="zh", targetlanguage="en")
    unit = store_.addsourceunit("跨境金融")
    unit.target = "cross-border finance"
    path = tmp_path / "ttk.tbx"
    path.write_bytes(bytes(store_))
    glossary = store.Glossary(tmp_path / "g")
    report = import_file(glossary, path)
    [added] = [glossary.get(i) for i in report.added]
    assert added is not None and added.headword == "跨境金融"
    assert added.english == "cross-border finance"
    assert added.status is EntryStatus.CANDIDATE  # the file says nothing about review
    po_text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
               "#. a translator's remark\nmsgid \"渝新欧\"\n"
               'msgstr "Chongqing-Xinjiang-Europe Railway"\n\n'
               '#, fuzzy\nmsgid "中欧班列"\nmsgstr "China-Europe Railway Express"\n')
    report = import_file(glossary, write(tmp_path, "weblate.po", po_text))
    new = {e.headword: e for e in (glossary.get(i) for i in report.added) if e is not None}
    # translated is not reviewed: a PO without our '#. status:' says nothing about review
    assert new["渝新欧"].status is EntryStatus.CANDIDATE
    assert new["渝新欧"].note == "a translator's remark"
    assert new["中欧班列"].status is EntryStatus.CANDIDATE


def test_a_term_stored_in_traditional_beside_its_simplified_synonym_imports(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """千里馬計劃 (preferred) and 千里马计划 (admitted) in one entry: validate passes it, but its
    CSV export came back as one term twice, refused as 'imported.yaml:3: term listed
    twice', naming a file that does not exist."""
    source = tmp_path / "g"
    source.mkdir()
    (source / "a.yaml").write_text(
        "- id: qianlima-plan\n  status: approved\n  zh:\n  - term: 千里馬計劃\n"
        "    status: preferred\n  - term: 千里马计划\n    status: admitted\n  en:\n"
        "  - term: Qianlima plan\n    status: preferred\n", encoding="utf-8")
    for fmt in ("csv", "po", "tbx"):
        path, back = tmp_path / f"x.{fmt}", tmp_path / f"back-{fmt}"
        back.mkdir()
        assert main(["--glossary", str(source), "export", "-f", fmt, "-o", str(path)]) == 0
        assert main(["--glossary", str(back), "import", str(path)]) == 0
        entry = store.load(back).get("qianlima-plan")
        assert entry is not None and "千里马计划" in [t.term for t in entry.zh]
        assert store.check(back) == []


@pytest.mark.parametrize("fmt", ["po", "tbx", "tsv", "csv"])
def test_a_taiwan_export_imports_back_as_the_glossary_it_came_from(
        glossary_dir: Path, tmp_path: Path, fmt: str) -> None:
    """OpenCC's way back from Taiwan Traditional reads 區域性 as 局部: our own tw export of
    区域性股权市场 came back as a conflict (PO, TBX) or a second entry (TSV, CSV)."""
    glossary = store.load(glossary_dir)
    path = write(tmp_path, f"tw.{fmt}", export_glossary(glossary, fmt, script="tw"))
    report = import_file(glossary, path)
    assert not report.added and not report.conflicts and not report.renderings


def test_another_regions_wording_is_the_glossarys_term(glossary_dir: Path,
                                                       tmp_path: Path) -> None:
    """空天資訊 is how Taiwan (and often Hong Kong) writes the glossary's 空天信息; read
    character by character it is 空天资讯, which was added beside the approved entry."""
    glossary = store.load(glossary_dir)
    path = write(tmp_path, "hk.csv", "zh-HK,en\n空天資訊,aerospace information\n"
                                     "區域性股權市場,regional equity market\n")
    report = import_file(glossary, path)
    assert not report.added and not report.conflicts, report
    assert [t.term for e in glossary for t in e.zh if t.term in ("空天资讯", "局部股权市场")] == []
    own = glossary.find_zh("空天信息")[0].zh[0]
    assert own.hant is None  # 空天資訊 is one of its own Traditional forms (Taiwan's)


def test_a_file_in_the_encoding_it_declares_is_read(glossary_dir: Path, tmp_path: Path) -> None:
    """A Big5 PO whose header says charset=Big5 passes msgfmt -c; import said 'not valid
    UTF-8'. The encoding a PO header or an XML declaration names is honoured; a file that
    names none must be UTF-8."""
    glossary = store.load(glossary_dir)
    po = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=Big5\\n"\n"Language: en\\n"'
          '\n\nmsgid "渝金橋"\nmsgstr "Yujinqiao bridge"\n')
    path = tmp_path / "big5.po"
    path.write_bytes(po.encode("big5"))
    report = import_file(glossary, path)
    assert [glossary.get(i).headword for i in report.added] == ["渝金桥"]
    tbx = export_glossary(glossary, "tbx").replace('encoding="UTF-8"', 'encoding="GB18030"')
    path = tmp_path / "gb.tbx"
    path.write_bytes(tbx.encode("gb18030"))
    assert not import_file(glossary, path).conflicts
    windows = po.replace("渝金橋", "恒生指數")  # 恒 is one of Windows' Big5 extensions (cp950)
    path = tmp_path / "cp950.po"
    path.write_bytes(windows.encode("cp950"))
    assert "恒生指数" in [glossary.get(i).headword for i in import_file(glossary, path).added]
    path = tmp_path / "gbk.po"
    path.write_bytes(po.replace("Big5", "GB2312").replace("渝金橋", "朱镕基").encode("gbk"))
    assert "朱镕基" in [glossary.get(i).headword for i in import_file(glossary, path).added]
    path = tmp_path / "odd.po"
    path.write_bytes(po.replace("Big5", "x-no-such").encode("big5"))
    with pytest.raises(Exception, match="declares the unknown encoding 'x-no-such'"):
        import_file(glossary, path)
    path = tmp_path / "plain.tsv"
    path.write_bytes("渝金橋\tbridge\n".encode("big5"))
    with pytest.raises(Exception, match=r"plain\.tsv:1: not valid UTF-8"):
        import_file(glossary, path)


def test_a_term_written_in_simplified_is_taken_as_written(glossary_dir: Path,
                                                          tmp_path: Path) -> None:
    """Only a term read from Traditional is read as another region writes it: a zh-CN
    智慧金融 was taken for Taiwan's way of writing 智能金融 and never added."""
    glossary = store.load(glossary_dir)
    glossary.add(Entry("zhinengjinrong", EntryStatus.APPROVED, zh=[Term("智能金融")],
                       en=[Term("intelligent finance")]), "imported.yaml")
    path = write(tmp_path, "cn.csv", "zh-CN,en\n智慧金融,smart finance\n")
    report = import_file(glossary, path)
    assert report.added == ["zhihuijinrong"] and not report.conflicts
