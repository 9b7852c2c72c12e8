"""The parsed-file cache: used only for identical content, never trusted when broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqfin_glossary import parsecache, store, yamlio
from cqfin_glossary.errors import ValidationError


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("parsed although the cache holds this content")

    monkeypatch.setattr(yamlio, "parse", refuse)


def test_unchanged_files_load_from_the_cache(glossary_dir: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    first = store.load(glossary_dir)
    _no_parsing(monkeypatch)
    again = store.load(glossary_dir)
    assert [e.to_dict() for e in again] == [e.to_dict() for e in first]


def test_a_saved_file_is_cached_as_written(glossary_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = store.load(glossary_dir)
    entry = glossary.get("yujindun")
    assert entry is not None
    entry.note = "cached after save"
    store.save(glossary)
    _no_parsing(monkeypatch)
    assert store.load(glossary_dir).get("yujindun").note == "cached after save"  # type: ignore[union-attr]


def test_an_edited_file_is_validated_again(glossary_dir: Path) -> None:
    store.load(glossary_dir)
    path = glossary_dir / "chongqing-programmes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: approved", "status: done", 1),
                    encoding="utf-8")
    with pytest.raises(ValidationError, match="bad value 'done'"):
        store.load(glossary_dir)


def test_a_corrupt_cache_file_is_a_miss(glossary_dir: Path) -> None:
    expected = [e.to_dict() for e in store.load(glossary_dir)]
    for cached in parsecache._folder().glob("*.pickle"):
        cached.write_bytes(b"\x80\x05 not a pickle")
    assert [e.to_dict() for e in store.load(glossary_dir)] == expected


def test_cross_file_checks_run_again_when_any_file_changes(glossary_dir: Path) -> None:
    store.load(glossary_dir)  # valid: the marker for this set of contents is written
    store.load(glossary_dir)
    (glossary_dir / "twin.yaml").write_text(
        "- id: yujindun-twin\n  status: candidate\n  subject: digital finance\n"
        "  definition: Chongqing's digital platform for monitoring and preventing financial "
        "risk.\n  zh:\n  - term: 渝金盾\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="also in entry 'yujindun'"):
        store.load(glossary_dir)


def test_base_of_a_cached_file_is_unpacked_for_a_merge(glossary_dir: Path) -> None:
    store.load(glossary_dir)
    first, second = store.load(glossary_dir), store.load(glossary_dir)  # both from the cache
    first.get("yujindun").note = "first"  # type: ignore[union-attr]
    second.get("yujintong").note = "second"  # type: ignore[union-attr]
    store.save(first)
    assert store.save(second).merged == ["yujindun"]
    final = store.load(glossary_dir)
    assert final.get("yujindun").note == "first"  # type: ignore[union-attr]
    assert final.get("yujintong").note == "second"  # type: ignore[union-attr]


def test_one_cache_file_per_glossary_file_whatever_its_history(glossary_dir: Path) -> None:
    path = glossary_dir / "chongqing-programmes.yaml"
    for n in range(3):
        store.load(glossary_dir)
        path.write_text(path.read_text(encoding="utf-8") + f"# edit {n}\n", encoding="utf-8")
    store.load(glossary_dir)
    files = len(store.glossary_files(glossary_dir))
    assert len(list(parsecache._folder().glob("*.pickle"))) == files


def test_a_cache_file_cut_short_is_a_miss(glossary_dir: Path) -> None:
    expected = [e.to_dict() for e in store.load(glossary_dir)]
    for cached in parsecache._folder().glob("*.pickle"):
        data = cached.read_bytes()
        cached.write_bytes(data[: len(data) // 2])  # the right header, half the payload
    assert [e.to_dict() for e in store.load(glossary_dir)] == expected


def test_the_cache_folder_deleted_meanwhile_is_made_again(glossary_dir: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    store.load(glossary_dir)
    shutil.rmtree(parsecache._folder())
    store.load(glossary_dir)  # parses, and writes the cache again
    _no_parsing(monkeypatch)
    store.load(glossary_dir)
