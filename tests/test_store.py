"""The YAML store: canonical round trip, schema errors with lines, atomic saves, merge and lock."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cqfin_glossary import store, yamlio
from cqfin_glossary.errors import ConflictError, ValidationError
from cqfin_glossary.model import Entry, EntryStatus, Term, TermStatus


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
- id: yujindun
  status: approved
  zh:
    - term: 渝金盾
  en:
    - term: risk brain
"""


def test_shipped_glossary_round_trips_byte_identical(glossary_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in glossary_dir.glob("*.yaml")}
    glossary = store.load(glossary_dir)
    assert store.save(glossary).written == []
    for path in glossary_dir.glob("*.yaml"):
        entries = [e.to_dict() for e in glossary.entries_in(path.name)]
        assert yamlio.dump(entries).encode() == before[path.name]


def test_saved_edit_reads_back_and_writes_chinese_as_itself(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    glossary = store.load(tmp_path)
    entry = glossary.get("yujindun")
    assert entry is not None
    entry.en.append(Term("渝金盾 shield", TermStatus.ADMITTED))
    entry.note = "first line\nsecond line\n"
    assert store.save(glossary).written == ["a.yaml"]
    text = (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert "渝金盾" in text and "\\u" not in text and "note: |" in text
    again = store.load(tmp_path)
    assert [e.to_dict() for e in again] == [e.to_dict() for e in glossary]
    assert store.save(again).written == []
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("name", "content", "line", "needle"),
    [
        ("malformed.yaml", "- id: a\n  zh: [\n    - term: x\n", 3, "malformed YAML"),
        ("unknown.yaml", GOOD + "  colour: red\n", 7, "unknown key"),
        ("status.yaml", GOOD.replace("approved", "done"), 2, "bad value 'done'"),
        ("type.yaml", GOOD.replace("  en:\n    - term: risk brain\n", "  en: risk brain\n"), 5,
         "expected a list"),
        ("termstatus.yaml", GOOD.replace("- term: 渝金盾", "- term: 渝金盾\n      status: best"),
         5, "bad value 'best'"),
        ("empty.yaml", "", 1, "file is empty"),
        ("latin1.yaml", "- id: caf\xe9\n".encode("latin-1"), 1, "not valid UTF-8"),
        ("binary.yaml", b"\x00\x01\x02yaml", None, "binary file"),
        ("tag.yaml", "- !!python/object/apply:os.system ['echo hi']\n", 1, "is not allowed"),
        ("scalar.yaml", "just text\n", 1, "expected a list of entries"),
        ("noenglish.yaml", GOOD.replace("  en:\n    - term: risk brain\n", ""), 1,
         "needs a preferred or admitted English"),
        ("badid.yaml", GOOD.replace("yujindun", "Yu Jin Dun"), 1, "bad id"),
    ],
)
def test_each_bad_input_is_reported_with_file_and_line(
    tmp_path: Path, name: str, content: str | bytes, line: int | None, needle: str
) -> None:
    write(tmp_path, name, content)
    problems = store.check(tmp_path)
    assert problems, "expected a problem"
    first = problems[0]
    assert first.file.endswith(name)
    assert first.line == line
    assert needle in first.message
    with pytest.raises(ValidationError):
        store.load(tmp_path)


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    write(tmp_path / "g", "a.yaml", f"- !!python/object/apply:os.system ['touch {marker}']\n")
    assert store.check(tmp_path / "g")
    assert not marker.exists()


def test_duplicate_id_across_files_names_both_places(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", "# second copy\n" + GOOD)
    [problem] = store.check(tmp_path)
    assert problem.file.endswith("b.yaml") and problem.line == 2
    assert "duplicate id" in problem.message and "a.yaml:1" in problem.message


def test_homographs_need_something_to_tell_them_apart(tmp_path: Path) -> None:
    twin = GOOD.replace("yujindun", "yujindun-2")
    write(tmp_path, "a.yaml", GOOD + twin)
    [problem] = store.check(tmp_path)
    assert "also in entry 'yujindun'" in problem.message and problem.line == 7
    write(tmp_path, "a.yaml", GOOD + twin.replace("  zh:", "  subject: insurance\n  zh:"))
    assert store.check(tmp_path) == []


def test_huge_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 100)
    write(tmp_path, "big.yaml", GOOD * 10)
    [problem] = store.check(tmp_path)
    assert "file too large" in problem.message


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="glossary folder not found"):
        store.load(tmp_path / "nowhere")


def _entry(entry_id: str, zh: str, en: str) -> Entry:
    return Entry(entry_id, EntryStatus.APPROVED, [Term(zh)], [Term(en)])


def test_concurrent_edits_of_different_entries_are_merged(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    first, second = store.load(tmp_path), store.load(tmp_path)
    first.add(_entry("yujintong", "渝金通", "financial brain"), "a.yaml")
    store.save(first)
    entry = second.get("yujindun")
    assert entry is not None
    entry.note = "edited by the second writer"
    report = store.save(second)
    assert report.merged == ["yujintong"]
    final = store.load(tmp_path)
    assert {e.id for e in final} == {"yujindun", "yujintong"}
    assert final.get("yujindun").note == "edited by the second writer"  # type: ignore[union-attr]


def test_concurrent_edits_of_the_same_entry_conflict_and_keep_the_first(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    first, second = store.load(tmp_path), store.load(tmp_path)
    first.get("yujindun").note = "first"  # type: ignore[union-attr]
    second.get("yujindun").note = "second"  # type: ignore[union-attr]
    store.save(first)
    with pytest.raises(ConflictError, match="changed by another writer"):
        store.save(second)
    assert store.load(tmp_path).get("yujindun").note == "first"  # type: ignore[union-attr]


def test_new_entries_go_to_the_candidates_file(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD)
    glossary = store.load(tmp_path)
    glossary.add(_entry("qianlima", "千里马", "Qianlima initiative"))
    assert store.save(glossary).written == [store.DEFAULT_FILE]
    assert len(store.load(tmp_path)) == 2


def test_temp_files_of_an_interrupted_save_are_ignored(tmp_path: Path) -> None:
    shutil.copy(write(tmp_path, "a.yaml", GOOD), tmp_path / ".a.yaml.x1.tmp")
    (tmp_path / ".a.yaml.x2.tmp").write_text("- id: [half", encoding="utf-8")
    assert len(store.load(tmp_path)) == 1
