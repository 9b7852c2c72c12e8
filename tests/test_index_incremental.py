"""Re-indexing by entry: after any edit the index holds exactly what a fresh build would."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cqfin_glossary import chunks, index, indexrows
from cqfin_glossary.lookup import lookup


def _entry(n: int, definition: str = "a concept") -> str:
    return (f"- id: e{n}\n  status: approved\n  zh:\n  - term: 金融{n}号\n    status: preferred\n"
            f"  en:\n  - term: finance plan {n}\n    status: preferred\n"
            f"  definition: {definition} {n}\n")


def _snapshot(conn: sqlite3.Connection) -> dict[str, tuple[object, ...]]:
    out = {}
    for row_id, eid, data in conn.execute("SELECT id, eid, data FROM entries"):
        span = (row_id << index.KEY_BITS, (row_id + 1) << index.KEY_BITS)
        keys = sorted(conn.execute("SELECT kind, key FROM keys WHERE id>=? AND id<?", span))
        chinese = sorted(conn.execute("SELECT text FROM chinese WHERE rowid>=? AND rowid<?",
                                      span))
        pinyin = conn.execute("SELECT text FROM pinyin WHERE rowid=?", (row_id,)).fetchall()
        english = sorted(r[0] for r in conn.execute(
            "SELECT text FROM english WHERE rowid>=? AND rowid<?",
            (row_id * index.EN_SLOTS, (row_id + 1) * index.EN_SLOTS)))
        out[eid] = (data, tuple(keys), tuple(chinese), tuple(pinyin), tuple(english))
    return out


def _fresh(root: Path, tmp_path: Path, name: str) -> dict[str, tuple[object, ...]]:
    return _snapshot(index.connect(str(root), str(tmp_path / name)))


# Entries enough for a file past indexrows.BY_ENTRY_MIN, which is re-indexed by entry.
COUNT = indexrows.BY_ENTRY_MIN // len(_entry(0)) + 20


@pytest.fixture
def big(tmp_path: Path) -> Path:
    root = tmp_path / "g"
    root.mkdir()
    (root / "all.yaml").write_text("# a comment\n" + "".join(_entry(n) for n in range(COUNT)),
                                   encoding="utf-8")
    return root


EDITS = [
    ("edit in the middle", lambda t: t.replace("a concept 17\n", "an edited concept 17\n")),
    ("edit the first entry", lambda t: t.replace("a concept 0\n", "first changed 0\n")),
    ("edit the last entry", lambda t: t.replace(f"a concept {COUNT - 1}\n",
                                                f"last changed {COUNT - 1}\n")),
    ("insert an entry", lambda t: t.replace(_entry(20), _entry(20) + _entry(COUNT + 9))),
    ("delete an entry", lambda t: t.replace(_entry(5), "")),
    ("change a term", lambda t: t.replace("金融8号", "信贷8号").replace("plan 8\n", "loan 8\n")),
    ("two edits far apart", lambda t: t.replace("a concept 2\n", "x 2\n")
     .replace("a concept 33\n", "y 33\n")),
]


@pytest.mark.parametrize(("what", "edit"), EDITS, ids=[e[0] for e in EDITS])
def test_an_edit_is_applied_by_entry_as_a_fresh_build_would(
        big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str,
        edit: object) -> None:
    conn = index.connect(str(big), str(tmp_path / "live.sqlite"))
    path = big / "all.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]

    def whole_file(*_: object) -> None:
        raise AssertionError(f"{what}: the whole file was re-read")

    monkeypatch.setattr(indexrows, "_rebuild", whole_file)
    assert index.refresh(conn, str(big)).indexed == ["all.yaml"]
    monkeypatch.undo()
    assert _snapshot(conn) == _fresh(big, tmp_path, "fresh.sqlite")


def test_a_small_file_is_read_again_whole_and_no_copy_is_kept(tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    path = root / "small.yaml"
    path.write_text("".join(_entry(n) for n in range(30)), encoding="utf-8")
    db = tmp_path / "live.sqlite"
    conn = index.connect(str(root), str(db))
    assert not list(Path(f"{db}.files").glob("*"))
    path.write_text(path.read_text(encoding="utf-8").replace("a concept 12\n", "edited 12\n"),
                    encoding="utf-8")
    assert index.refresh(conn, str(root)).indexed == ["small.yaml"]
    assert _snapshot(conn) == _fresh(root, tmp_path, "fresh.sqlite")
    assert lookup(conn, "金融12号").matches[0].entry["definition"] == "edited 12"


def test_edits_in_a_row_stay_exact(big: Path, tmp_path: Path) -> None:
    conn = index.connect(str(big), str(tmp_path / "live.sqlite"))
    path = big / "all.yaml"
    for _, edit in EDITS:
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
        index.refresh(conn, str(big))
    assert _snapshot(conn) == _fresh(big, tmp_path, "fresh.sqlite")
    assert lookup(conn, "信贷8号").matches[0].entry["id"] == "e8"


def test_a_duplicate_id_made_by_an_edit_goes_through_the_whole_file(
        big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conn = index.connect(str(big), str(tmp_path / "live.sqlite"))
    path = big / "all.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: e7\n", "id: e6\n"),
                    encoding="utf-8")
    whole = []
    rebuild = indexrows._rebuild
    monkeypatch.setattr(indexrows, "_rebuild", lambda *a: whole.append(1) or rebuild(*a))
    index.refresh(conn, str(big))
    assert whole and _snapshot(conn) == _fresh(big, tmp_path, "fresh.sqlite")


def test_a_broken_edit_is_reported_then_repaired(big: Path, tmp_path: Path) -> None:
    conn = index.connect(str(big), str(tmp_path / "live.sqlite"))
    path = big / "all.yaml"
    good = path.read_text(encoding="utf-8")
    broken = good.replace("status: approved\n  zh:\n  - term: 金融3号",
                          "status: approved\n  zh: [oops\n  - term: 金融3号")
    path.write_text(broken, encoding="utf-8")
    assert "malformed YAML" in index.refresh(conn, str(big)).errors[0]
    path.write_text(good, encoding="utf-8")
    assert index.refresh(conn, str(big)).errors == []
    assert _snapshot(conn) == _fresh(big, tmp_path, "fresh.sqlite")


@pytest.mark.parametrize("text", [
    "[]\n",
    "- id: a\n---\n- id: b\n",
    "key: value\n- id: a\n",
    "\ufeff- id: a\n",
    "- id: a\n-b: x\n",
])
def test_files_of_another_shape_are_not_cut(text: str) -> None:
    assert chunks.split(text.encode("utf-8")) is None


def test_a_plain_list_is_cut_at_each_entry() -> None:
    data = ("# head\n\n" + _entry(1) + _entry(2)).encode("utf-8")
    starts = chunks.split(data)
    assert starts is not None and len(starts) == 2
    assert chunks.lines_of(data, starts) == [3, 12]
    assert data[starts[1]:].startswith(b"- id: e2")


def test_english_words_match_by_stem(tmp_path: Path) -> None:
    """'inclusive finance' finds 'inclusive financial services' (FTS5's Porter stemmer)."""
    root = tmp_path / "g"
    root.mkdir()
    (root / "a.yaml").write_text(
        "- id: puhui\n  status: approved\n  zh:\n  - term: 普惠金融服务\n  en:\n"
        "  - term: inclusive financial services\n", encoding="utf-8")
    conn = index.connect(str(root), str(tmp_path / "i.sqlite"))
    found = lookup(conn, "inclusive finance")
    assert [(m.entry["id"], m.tier) for m in found.matches] == [("puhui", "partial")]
    assert lookup(conn, "financial service").found


def test_an_edit_that_keeps_the_terms_loads_neither_opencc_nor_pypinyin(
        big: Path, tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite"
    index.connect(str(big), str(db)).close()
    path = big / "all.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("a concept 9\n", "edited 9\n"),
                    encoding="utf-8")
    code = ("import sys; from cqfin_glossary import index; "
            f"c = index.connect({str(big)!r}, {str(db)!r}); "
            "print(sorted(m for m in ('opencc', 'pypinyin') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
    conn = index.connect(str(big), str(db))
    assert lookup(conn, "金融9号").matches[0].entry["definition"] == "edited 9"
