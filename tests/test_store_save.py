"""Saving reuses the chunks of unchanged entries: same bytes as a full dump, bad entries refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqfin_glossary import store, yamlio
from cqfin_glossary.errors import ValidationError
from cqfin_glossary.model import Entry, Term, TermStatus


def _entry(n: int) -> Entry:
    note = "first line\nsecond line" if n % 3 == 0 else None
    return Entry(id=f"e{n}", zh=[Term(f"金融术语{n}")], en=[Term(f"financial term {n}")],
                 note=note)


def _saved(root: Path, count: int) -> store.Glossary:
    glossary = store.Glossary(root)
    for n in range(count):
        glossary.add(_entry(n), "terms.yaml")
    store.save(glossary)
    return store.load(root)


def test_partial_save_is_byte_identical_to_a_full_dump(tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    glossary = _saved(root, 40)
    for n in (0, 7, 39):  # first, middle and last chunk change; one entry goes, one comes
        entry = glossary.get(f"e{n}")
        assert entry is not None
        entry.en.append(Term(f"another rendering {n}", TermStatus.ADMITTED))
    glossary.remove("e20")
    glossary.add(_entry(99), "terms.yaml")
    dicts = {e.id: e.to_dict() for e in glossary.entries_in("terms.yaml")}
    assert len(store._chunks_on_disk(glossary, "terms.yaml", dicts)) == 36  # 39 kept, 3 edited
    store.save(glossary)
    expected = yamlio.dump([e.to_dict() for e in glossary.entries_in("terms.yaml")])
    assert (root / "terms.yaml").read_bytes() == expected.encode()
    again = store.load(root)
    assert [e.to_dict() for e in again] == [e.to_dict() for e in glossary]


def test_bad_changed_entry_never_reaches_disk(tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    glossary = _saved(root, 12)
    before = (root / "terms.yaml").read_bytes()
    entry = glossary.get("e10")
    assert entry is not None
    entry.en.append(Term("bell\x07 in a term", TermStatus.ADMITTED))  # a control character
    with pytest.raises(ValidationError) as err:
        store.save(glossary)
    assert (root / "terms.yaml").read_bytes() == before
    assert "control character" in str(err.value)
    lines = yamlio.dump([e.to_dict() for e in glossary.entries_in("terms.yaml")]).splitlines()
    bad = err.value.problems[0].line
    assert bad is not None and "bell" in lines[bad - 1]  # the line it would have had in the file


def test_unchanged_chunks_come_only_from_a_canonical_file(tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    hand = "- id: e1\n  zh: [{term: 金融}]\n  en: [{term: finance}]\n- id: e2\n  zh:\n" \
           "  - term: 银行\n  en:\n  - term: bank\n"
    (root / "hand.yaml").write_text(hand, encoding="utf-8")
    glossary = store.load(root)
    entry = glossary.get("e2")
    assert entry is not None
    entry.en.append(Term("banks", TermStatus.ADMITTED))
    store.save(glossary)
    expected = yamlio.dump([e.to_dict() for e in glossary.entries_in("hand.yaml")])
    assert (root / "hand.yaml").read_text(encoding="utf-8") == expected


def test_chunks_are_matched_to_their_entries_by_id(tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    glossary = _saved(root, 5)
    state = glossary._base["terms.yaml"]
    loaded = state.entries
    swapped = dict(reversed(list(loaded.items())))  # a base in another order than the file
    state._entries = swapped
    dicts = {e.id: e.to_dict() for e in glossary.entries_in("terms.yaml")}
    assert store._chunks_on_disk(glossary, "terms.yaml", dicts) == {}
    state._entries = loaded
    assert len(store._chunks_on_disk(glossary, "terms.yaml", dicts)) == 5
    assert store._chunk_of("123", b"- id: '123'\n  status: candidate\n")


def test_a_file_past_the_size_the_loader_takes_is_never_written(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    """The loader refuses a file over yamlio.MAX_FILE_BYTES: saving one would leave a glossary
    that no longer opens. The save is refused, naming the file, and the disk is unchanged."""
    from cqfin_glossary.errors import InputError

    root = tmp_path / "g"
    root.mkdir()
    glossary = _saved(root, 12)
    before = (root / "terms.yaml").read_bytes()
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", len(before) + 10)
    entry = glossary.get("e3")
    assert entry is not None
    entry.definition = "a definition long enough to carry the file past the limit"
    with pytest.raises(InputError) as err:
        store.save(glossary)
    assert err.value.file == str(root / "terms.yaml")
    assert "nothing was written" in str(err.value)
    assert (root / "terms.yaml").read_bytes() == before
    assert [e.id for e in store.load(root)] == [f"e{n}" for n in range(12)]


def test_a_save_removes_the_temp_file_a_killed_save_left(glossary_dir: Path) -> None:
    """SIGKILL between a temp file's creation and its rename left '.NAME.x1y2.tmp' beside the
    file for good (git showed it untracked). The next save, under the writer lock, removes
    one older than a minute; a younger one may be another write under way and stays."""
    import os
    import time

    from cqfin_glossary import store

    stale = glossary_dir / ".chongqing-programmes.yaml.abc123.tmp"
    fresh = glossary_dir / ".chongqing-programmes.yaml.def456.tmp"
    stale.write_bytes(b"")
    fresh.write_bytes(b"")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    glossary = store.load(glossary_dir)
    glossary.get("qianlima").note = "saved"
    store.save(glossary)
    assert not stale.exists() and fresh.exists()
