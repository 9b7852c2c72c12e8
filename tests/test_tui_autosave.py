"""Fast saves from cached YAML chunks: byte-identical to a full dump, never over another writer."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqfin_glossary import autosave, store, yamlio
from cqfin_glossary.errors import UsageError
from cqfin_glossary.model import Entry, EntryStatus, Term


def _full_dump(root: Path, file: str) -> str:
    return yamlio.dump([e.to_dict() for e in store.load(root).entries_in(file)])


def test_chunks_join_to_the_full_dump(glossary_dir: Path) -> None:
    for path in sorted(glossary_dir.glob("*.yaml")):
        data = path.read_bytes()
        assert b"".join(autosave.split_chunks(data)) == data
        # The shipped files are canonical: load then dump gives the same bytes.
        assert data.decode("utf-8") == _full_dump(glossary_dir, path.name)


@pytest.mark.parametrize("block", [3, 1000])
def test_one_change_rewrites_the_file_as_a_full_dump_would(glossary_dir: Path, block: int,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(autosave, "BLOCK", block)  # several pre-joined blocks, or one
    glossary = store.load(glossary_dir)
    file = "monetary-policy.yaml"
    ids = [e.id for e in glossary.entries_in(file)]
    sha = autosave.sha_of(glossary_dir / file)
    image = autosave.build_image(glossary_dir / file, sha, ids,
                                 {i: glossary.get(i).to_dict() for i in ids})
    entry = glossary.get("relending")
    entry.note = "line one\nline two"  # a block scalar in the middle of the file
    new = Entry("brand-new", EntryStatus.CANDIDATE, zh=[Term("新词")])
    autosave.write_file(glossary_dir, file, image, {"relending": autosave.entry_chunk(entry)})
    assert (glossary_dir / file).read_text(encoding="utf-8") == _full_dump(glossary_dir, file)
    entry.note = "again"  # a second change reuses the blocks the first one left
    changes = {"relending": autosave.entry_chunk(entry), "brand-new": autosave.entry_chunk(new),
               "rediscount": None}
    autosave.write_file(glossary_dir, file, image, changes)
    text = (glossary_dir / file).read_text(encoding="utf-8")
    assert text == _full_dump(glossary_dir, file)
    entry.note = "line one\nline two"
    autosave.write_file(glossary_dir, file, image, {"relending": autosave.entry_chunk(entry)})
    text = (glossary_dir / file).read_text(encoding="utf-8")
    assert text == _full_dump(glossary_dir, file)
    again = store.load(glossary_dir)
    assert again.get("relending").note == "line one\nline two"
    assert again.get("rediscount") is None and again.get("brand-new") is not None
    assert autosave.is_canonical(glossary_dir / file, autosave.sha_of(glossary_dir / file))


def test_a_file_changed_by_another_writer_is_never_overwritten(glossary_dir: Path) -> None:
    glossary = store.load(glossary_dir)
    file = "monetary-policy.yaml"
    ids = [e.id for e in glossary.entries_in(file)]
    image = autosave.build_image(glossary_dir / file, autosave.sha_of(glossary_dir / file), ids,
                                 {i: glossary.get(i).to_dict() for i in ids})
    other = store.load(glossary_dir)
    other.get("rediscount").note = "theirs"
    store.save(other)
    before = (glossary_dir / file).read_bytes()
    entry = glossary.get("relending")
    entry.note = "ours"
    with pytest.raises(autosave.DiskChanged):
        autosave.write_file(glossary_dir, file, image, {"relending": autosave.entry_chunk(entry)})
    assert (glossary_dir / file).read_bytes() == before
    base = {i: d for i, d in store.load(glossary_dir)._base[file].entries.items()}
    theirs = autosave.read_theirs(glossary_dir, file, {**base, "rediscount": {}}, image)
    assert theirs.changed == {"rediscount"}
    assert theirs.image.text() == before.decode("utf-8")


def test_an_entry_that_would_not_load_is_refused() -> None:
    entry = Entry("x", EntryStatus.APPROVED, zh=[Term("稳岗贷")])
    with pytest.raises(UsageError, match="needs a preferred or admitted English"):
        autosave.entry_chunk(entry)
