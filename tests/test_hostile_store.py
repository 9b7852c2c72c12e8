"""Saving into unusual glossary files: links, read-only files, a crashed save's leftovers."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cqfin_glossary import journal, store, yamlio
from cqfin_glossary.errors import FormatError, InputError, ValidationError
from cqfin_glossary.model import Entry, EntryStatus, Term


def _glossary(root: Path, file: str = "a.yaml") -> store.Glossary:
    root.mkdir(parents=True, exist_ok=True)
    glossary = store.Glossary(root)
    glossary.add(Entry("jinrong", EntryStatus.CANDIDATE, [Term("金融")], [Term("finance")]), file)
    store.save(glossary)
    return store.load(root)


def test_a_symlinked_file_is_saved_through_the_link(tmp_path: Path) -> None:
    root = tmp_path / "g"
    _glossary(root, ".shared/terms.yaml")  # a hidden folder is not read as glossary files
    os.symlink(".shared/terms.yaml", root / "linked.yaml")
    glossary = store.load(root)
    assert glossary.file_of("jinrong") == "linked.yaml"
    glossary.get("jinrong").note = "through the link"  # type: ignore[union-attr]
    store.save(glossary)
    assert (root / "linked.yaml").is_symlink()
    assert "through the link" in (root / ".shared" / "terms.yaml").read_text()


def test_a_read_only_file_is_not_overwritten(tmp_path: Path) -> None:
    root = tmp_path / "g"
    glossary = _glossary(root)
    path = root / "a.yaml"
    before = path.read_bytes()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    glossary.get("jinrong").note = "changed"  # type: ignore[union-attr]
    with pytest.raises(InputError) as caught:
        store.save(glossary)
    assert "read-only" in str(caught.value) and str(path) in str(caught.value)
    assert path.read_bytes() == before


def test_a_link_out_of_the_folder_is_refused_like_a_malformed_file(tmp_path: Path) -> None:
    root = tmp_path / "g"
    _glossary(root)
    (tmp_path / "outside.yaml").write_text("[]\n")
    os.symlink("../outside.yaml", root / "b.yaml")
    with pytest.raises(ValidationError) as caught:
        store.load(root)
    assert "b.yaml" in str(caught.value) and "outside" in str(caught.value)


def test_a_crashed_save_is_finished_or_undone_by_the_next_load(tmp_path: Path) -> None:
    root = tmp_path / "g"
    _glossary(root)
    folder = root / journal.JOURNAL
    # Committed: the rename is still to be made.
    folder.mkdir()
    tmp = root / ".a.yaml.dead.tmp"
    tmp.write_text("- id: jinrong\n  status: approved\n  zh:\n  - term: 金融\n    status: "
                   "preferred\n  en:\n  - term: finance\n    status: preferred\n")
    (folder / "commit.json").write_text(f'[["{tmp}", "{root / "a.yaml"}"]]')
    assert store.load(root).get("jinrong").status is EntryStatus.APPROVED  # type: ignore
    assert not folder.exists() and not tmp.exists()
    # Only an intent: the temp file goes, the file stays.
    folder.mkdir()
    tmp.write_text("garbage")
    (folder / "intent.json").write_text(f'[["{tmp}", "{root / "a.yaml"}"]]')
    assert store.load(root).get("jinrong").status is EntryStatus.APPROVED  # type: ignore
    assert not folder.exists() and not tmp.exists()


@pytest.mark.parametrize("text", [
    "- id: &x a1\n  status: candidate\n  note: *x\n",
    "- &e {id: a1, status: candidate}\n- *e\n",
])
def test_yaml_aliases_are_refused_scalar_or_not(text: str) -> None:
    with pytest.raises(FormatError) as caught:
        yamlio.parse(text, "f.yaml")
    assert "aliases" in str(caught.value)
