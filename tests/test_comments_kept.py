"""A person's YAML comments survive every writer: the store's saves (mine, import) and the
editor's one-entry saves, across changes, moves, removals and another writer's edits."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from cqfin_glossary import autosave, comments, store, yamlio
from cqfin_glossary.model import EntryStatus, Term

ANNOTATED = """\
---
# Chongqing programmes: kept by the Chongqing desk.
# Ask before changing an approved rendering.

# 渝金通 is the platform, not the loan product.
- id: yujintong
  status: candidate   # agreed with the PBoC Chongqing branch, 2025-03
  zh:
  # the name as the platform writes it
  - term: 渝金通
    status: preferred
  en:
  - term: Yujintong platform
    status: preferred
  note: |
    Line one of a note # which is text, not a comment.
    # Nor is this line.
  # pos is open
  pos: properNoun
- id: yujindun
  status: candidate
  zh:
  - term: 渝金盾
    status: preferred
  en:
  - term: Yujindun
    status: preferred   # pinyin until an official rendering
# the last entry below is a placeholder
- id: qianlima
  status: candidate
  zh:
  - term: 千里马
    status: preferred
  en:
  - term: Qianlima initiative
    status: preferred
# end of the Chongqing programmes
"""


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "g"
    root.mkdir()
    (root / "programmes.yaml").write_text(ANNOTATED, encoding="utf-8")
    (root / "other.yaml").write_text(yamlio.dump([{
        "id": "lpr", "status": "approved",
        "zh": [{"term": "贷款市场报价利率", "status": "preferred"}],
        "en": [{"term": "Loan Prime Rate", "status": "preferred"}]}]), encoding="utf-8")
    return root


def _comments(text: str) -> list[str]:
    spans = comments.comment_spans(text)
    assert spans is not None
    return [text[s:e].lstrip("# ").rstrip() for s, e in spans]


def _reads_as(path: Path) -> list[dict[str, object]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_store_save_keeps_every_comment_and_the_untouched_entries_bytes(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    glossary = store.load(root)
    entry = glossary.get("yujintong")
    assert entry is not None
    entry.status = EntryStatus.APPROVED
    entry.en = [Term("Yujintong Platform")]
    glossary.replace(entry)
    store.save(glossary)
    text = (root / "programmes.yaml").read_text(encoding="utf-8")
    assert sorted(_comments(text)) == sorted(_comments(ANNOTATED))  # the dump orders fields
    # the comment on the changed value stays on its key; the one above a line above it
    assert "status: approved   # agreed with the PBoC Chongqing branch, 2025-03" in text
    assert "  # the name as the platform writes it\n  - term: 渝金通" in text
    assert "  # pos is open\n  pos: properNoun" in text
    # the entries left alone are the very bytes the person wrote
    assert ANNOTATED[ANNOTATED.index("- id: yujindun"):] in text
    assert text.startswith("# Chongqing programmes")  # the --- marker is left out
    assert store.load(root).get("yujintong").en[0].term == "Yujintong Platform"  # type: ignore
    assert len(_reads_as(root / "programmes.yaml")) == 3
    # the lines the save noted for each entry (the parse cache's) are those of its '- ' line
    _, cached, _, _ = store._read_file(root / "programmes.yaml", "programmes.yaml", root)
    parsed = yamlio.parse(text, "programmes.yaml")
    assert [line for _, line in cached] == parsed.item_lines


def test_no_edit_no_byte_changed_and_a_reload_reads_the_same(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    glossary = store.load(root)
    entry = glossary.get("qianlima")
    assert entry is not None
    entry.note = "Pinyin until the city names it."
    glossary.replace(entry)
    store.save(glossary)
    first = (root / "programmes.yaml").read_bytes()
    again = store.load(root)
    store.save(again)  # nothing changed: nothing written
    assert (root / "programmes.yaml").read_bytes() == first
    assert first.decode().rstrip().endswith("# end of the Chongqing programmes")
    assert again.get("qianlima").note == "Pinyin until the city names it."  # type: ignore


def test_a_move_takes_the_comments_above_and_inside_the_entry(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    glossary = store.load(root)
    entry = glossary.remove("yujintong")
    glossary.add(entry, "other.yaml")
    store.save(glossary)
    here = (root / "programmes.yaml").read_text(encoding="utf-8")
    there = (root / "other.yaml").read_text(encoding="utf-8")
    # the file's head stays where it was; the comment on the entry went with it
    assert here.startswith("# Chongqing programmes: kept by the Chongqing desk.")
    assert "渝金通 is the platform" not in here and "# 渝金通 is the platform" in there
    assert "agreed with the PBoC" in there and "the name as the platform writes it" in there
    assert [e["id"] for e in _reads_as(root / "other.yaml")] == ["lpr", "yujintong"]
    assert [e["id"] for e in _reads_as(root / "programmes.yaml")] == ["yujindun", "qianlima"]


def test_a_removed_entry_leaves_the_comments_above_it(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    glossary = store.load(root)
    glossary.remove("qianlima")
    store.save(glossary)
    text = (root / "programmes.yaml").read_text(encoding="utf-8")
    assert "# the last entry below is a placeholder" in text
    assert text.endswith("# end of the Chongqing programmes\n")  # the file's, not the entry's
    assert [e["id"] for e in _reads_as(root / "programmes.yaml")] == ["yujintong", "yujindun"]


def test_a_hash_inside_text_is_no_comment_and_such_a_file_is_written_canonically(
        tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "a.yaml").write_text("- id: csharp\n  status: candidate\n  zh:\n  - term: 渝金通\n"
                                 "    status: preferred\n  note: 'C# and F#'\n", encoding="utf-8")
    glossary = store.load(root)
    entry = glossary.get("csharp")
    assert entry is not None
    entry.note = "C#, F# and Q#"
    glossary.replace(entry)
    store.save(glossary)
    assert (root / "a.yaml").read_text(encoding="utf-8") == yamlio.dump(
        [store.load(root).get("csharp").to_dict()])  # type: ignore[union-attr]


def test_a_comment_with_no_safe_place_goes_above_the_entry() -> None:
    old = b"- id: a\n  status: candidate\n  note: |\n    one\n  # about the note's end\n"
    new = yamlio.dump([{"id": "a", "status": "candidate", "note": "one\ntwo\n"}]).encode()
    out = comments.carry(old, new).decode()
    assert "about the note's end" in out
    assert yaml.safe_load(out) == yaml.safe_load(new.decode())


@pytest.mark.parametrize("value", ["x # y", "a: b", "- c", "#d", "'q' # r"])
def test_carried_comments_never_change_the_data(value: str) -> None:
    old = (f"# above\n- id: a  # on the id\n  status: candidate\n  note: {value!r}  # trailing\n"
           "  # before zh\n  zh:\n  - term: 渝金盾  # name\n    status: preferred\n").encode()
    new = yamlio.dump([{"id": "a", "status": "approved", "note": value + "!",
                        "zh": [{"term": "渝金盾", "status": "preferred"}]}]).encode()
    out = comments.carry(old, new).decode()
    assert yaml.safe_load(out) == yaml.safe_load(new.decode())
    assert _comments(out) == ["above", "on the id", "trailing", "before zh", "name"]


def _image(root: Path, file: str) -> autosave.FileImage:
    glossary = store.load(root)
    dicts = autosave.base_dicts(glossary, file)
    return autosave.build_image(root / file, autosave.sha_of(root / file), list(dicts), dicts)


def test_the_editors_saves_keep_comments_and_take_in_comments_added_meanwhile(
        tmp_path: Path) -> None:
    root = _folder(tmp_path)
    file = "programmes.yaml"
    image = _image(root, file)
    assert not image.plain and image.data() == ANNOTATED.removeprefix("---\n").encode()
    glossary = store.load(root)
    entry = glossary.get("yujindun")
    assert entry is not None
    entry.status = EntryStatus.APPROVED
    autosave.write_file(root, file, image, {"yujindun": autosave.entry_chunk(entry)})
    text = (root / file).read_text(encoding="utf-8")
    assert _comments(text) == _comments(ANNOTATED)
    assert "status: preferred   # pinyin until an official rendering" in text
    # a file holding comments is never noted as a canonical dump, which is split blindly
    assert not autosave.is_canonical(root / file, autosave.sha_of(root / file) or "")
    # someone adds a comment in another editor; the next save of ours keeps it
    added = text.replace("- id: qianlima", "# check with the desk\n- id: qianlima")
    (root / file).write_text(added, encoding="utf-8")
    base = {e.id: e.to_dict() for e in store.load(root).entries_in(file)}
    theirs = autosave.read_theirs(root, file, base, image)
    entry = theirs.entries["qianlima"]
    entry.status = EntryStatus.APPROVED
    autosave.write_file(root, file, theirs.image, {"qianlima": autosave.entry_chunk(entry)})
    text = (root / file).read_text(encoding="utf-8")
    assert "# the last entry below is a placeholder\n# check with the desk\n- id: qianlima" in text
    assert [e.status for e in store.load(root).entries_in(file)][-1] == EntryStatus.APPROVED


def test_the_editors_move_takes_the_comments_along(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    glossary = store.load(root)
    entry = glossary.get("yujintong")
    assert entry is not None
    plan = {"programmes.yaml": (_image(root, "programmes.yaml"), {"yujintong": None}),
            "other.yaml": (_image(root, "other.yaml"),
                           {"yujintong": autosave.entry_chunk(entry)})}
    autosave.write_files(root, plan)  # type: ignore[arg-type]
    there = (root / "other.yaml").read_text(encoding="utf-8")
    here = (root / "programmes.yaml").read_text(encoding="utf-8")
    assert "# 渝金通 is the platform" in there and "# pos is open" in there
    assert here.startswith("# Chongqing programmes")
    assert [e.id for e in store.load(root).entries_in("other.yaml")] == ["lpr", "yujintong"]


def _merged(base: str, ours: str, theirs: str) -> str:
    from cqfin_glossary.gitmerge import merge_texts

    text = merge_texts(base, ours, theirs, "programmes.yaml").text
    yaml.safe_load(text)  # one valid document whatever happened
    return text


def test_the_merge_driver_keeps_both_branches_comments() -> None:
    theirs = ANNOTATED.replace("- id: yujindun\n", "# 渝金盾: the anti-fraud campaign\n"
                               "- id: yujindun\n")
    ours = ANNOTATED.replace("  - term: Qianlima initiative\n",
                             "  - term: Qianlima Initiative  # capitalised as the city does\n")
    text = _merged(ANNOTATED, ours, theirs)
    added = ["渝金盾: the anti-fraud campaign", "capitalised as the city does"]
    assert sorted(_comments(text)) == sorted([*_comments(ANNOTATED), *added])
    assert [e["en"][0]["term"] for e in yaml.safe_load(text)][2] == "Qianlima Initiative"


def test_the_merge_driver_combines_fields_under_our_comments_and_keeps_a_deleted_entrys_lead(
        ) -> None:
    ours = ANNOTATED.replace("  pos: properNoun\n", "  pos: noun\n")
    theirs = ANNOTATED.replace("  status: candidate   # agreed", "  status: approved   # agreed")
    theirs = theirs[:theirs.index("- id: qianlima")] + "# end of the Chongqing programmes\n"
    text = _merged(ANNOTATED, ours, theirs)
    entries = yaml.safe_load(text)
    assert [e["id"] for e in entries] == ["yujintong", "yujindun"]
    assert entries[0]["status"] == "approved" and entries[0]["pos"] == "noun"
    assert "status: approved   # agreed with the PBoC Chongqing branch" in text
    assert "# the last entry below is a placeholder" in text
    assert text.startswith("# Chongqing programmes")  # the --- marker is left out


def test_a_conflict_on_the_first_entry_opens_no_second_document() -> None:
    ours = ANNOTATED.replace("  pos: properNoun\n", "  pos: noun\n")
    theirs = ANNOTATED.replace("  pos: properNoun\n", "  pos: verb\n")
    text = _merged(ANNOTATED, ours, theirs)
    assert "---" not in text and text.startswith("# Chongqing programmes")
    assert "# merge conflict: entry yujintong" in text
    assert [e["id"] for e in yaml.safe_load(text)][:2] == ["yujintong", "yujintong"]


def test_comments_written_on_both_branches_of_one_entry_are_all_kept() -> None:
    ours = ANNOTATED.replace("  pos: properNoun\n", "  pos: properNoun  # ours\n")
    theirs = ANNOTATED.replace("  - term: Yujintong platform\n",
                               "  - term: Yujintong Platform  # theirs\n")
    text = _merged(ANNOTATED, ours, theirs)
    assert sorted(_comments(text)) == sorted([*_comments(ANNOTATED), "ours", "theirs"])
    assert yaml.safe_load(text)[0]["en"][0]["term"] == "Yujintong Platform"


_VALUES = ["x", "a # b", "C#", "多行\n第二行", "'q'", "k: v", "- d", "#h", "line\n# not\n",
           "tail\n\n", "", "3", "yes", "x  y"]


def _random_entry(rng: random.Random, n: int) -> dict[str, object]:
    entry: dict[str, object] = {"id": f"e{n}", "status": rng.choice(["candidate", "approved"]),
                                "zh": [{"term": f"词{n}", "status": "preferred"}]}
    for key in ("note", "definition", "pos"):
        if rng.random() < 0.5:
            entry[key] = rng.choice(_VALUES)
    if rng.random() < 0.5:
        entry["en"] = [{"term": rng.choice(_VALUES) or "z", "status": "preferred"}]
    return entry


def _annotated(rng: random.Random, text: str) -> str:
    """``text`` with comments put on lines and between them at random indentations."""
    out: list[str] = []
    for line in text.split("\n"):
        if line and rng.random() < 0.15:
            out.append(" " * rng.choice([0, 2, 4, 6]) + f"# c{len(out)}")
        out.append(line)
        if line and rng.random() < 0.15 and not line.rstrip().endswith(("|", "|-", "|+")):
            out[-1] += f"  # t{len(out)}"
    return "\n".join(out)


def test_random_files_edited_at_random_keep_their_data_and_comments() -> None:
    """Random entries (texts with '#', block scalars, kept blank lines), comments put
    anywhere that leaves the data as it was, random changes and removals: the written
    file reads as the new entries, and no comment but those inside a removed entry goes."""
    rng = random.Random(7)
    tried = 0
    while tried < 300:
        entries = [_random_entry(rng, n) for n in range(rng.randint(1, 5))]
        base = yamlio.dump(entries)
        text = ("---\n" if rng.random() < 0.3 else "") + _annotated(rng, base)
        try:
            if yaml.safe_load(text) != entries:
                continue  # a comment put inside a block scalar: text, not a comment
        except yaml.YAMLError:
            continue
        ids = [str(e["id"]) for e in entries]
        found = comments.pieces(text.encode(), ids)
        assert found is not None
        changes: dict[str, bytes | None] = {}
        kept = []
        for entry in entries:
            draw = rng.random()
            if draw < 0.2:
                changes[str(entry["id"])] = None
                continue
            if draw < 0.6:
                entry = _random_entry(rng, int(str(entry["id"])[1:]))
                changes[str(entry["id"])] = yamlio.dump([entry]).encode()
            kept.append(entry)
        if not kept:
            continue  # an empty file holds no comments (see the README)
        tried += 1
        out = comments.rewrite(ids, found, changes, {}, set())
        data = b"".join(out.get(i) or found[i] for i in ids if changes.get(i, b"") is not None)
        assert yaml.safe_load(data.decode()) == kept, (text, data.decode())
        inside = {c for i in ids if changes.get(i, b"") is None
                  for c in _comments(comments.split_lead(found[i])[1].decode())}
        assert set(_comments(text)) - set(_comments(data.decode())) <= inside, text


BASE = """\
# header comment
- id: qianlima
  status: candidate  # trailing
  zh:
  - term: 千里马
    status: preferred
  en:
  - term: Qianlima initiative
    status: preferred
# above other
- id: other
  status: approved
  zh:
  - term: 渝金通
    status: preferred
  en:
  - term: Yujintong
    status: preferred
"""


def _approve_qianlima(root: Path) -> str:
    glossary = store.load(root)
    entry = glossary.get("qianlima")
    assert entry is not None
    entry.status = EntryStatus.APPROVED
    glossary.replace(entry)
    store.save(glossary)
    assert store.load(root).get("qianlima").status == EntryStatus.APPROVED  # type: ignore
    return (root / "a.yaml").read_bytes().decode("utf-8")


@pytest.mark.parametrize("text", [
    BASE.replace("# header comment\n", "# header comment\n\n").replace("\n", "\r\n"),
    "\ufeff" + BASE,
    "--- # a document\n" + BASE,
    "--- \n" + BASE,
    BASE + "...\n# after the end\n",
    BASE.replace("status: candidate  # trailing", "status: candidate\t# trailing"),
], ids=["crlf-blank-header", "bom", "document-start-comment", "document-start-space",
        "end-marker-then-comment", "tab-before-comment"])
def test_files_of_every_plain_shape_keep_their_comments(tmp_path: Path, text: str) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "a.yaml").write_bytes(text.encode("utf-8"))
    written = _approve_qianlima(root)
    for comment in ("header comment", "trailing", "above other"):
        assert f"# {comment}" in written, written
    assert "# after the end" in written or "after the end" not in text
    assert "\r" not in written  # one kind of line end, not a mix (CRLF files become LF)


def test_a_comment_on_a_block_texts_opening_line_is_kept(tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "a.yaml").write_text(BASE.replace(
        "    status: preferred\n# above other",
        "    status: preferred\n  note: |  # from the 2025 white paper\n    Line one.\n"
        "    Line two.\n# above other"), encoding="utf-8")
    written = _approve_qianlima(root)
    assert "# from the 2025 white paper" in written
    assert store.load(root).get("qianlima").note == "Line one.\nLine two.\n"  # type: ignore


def test_moving_the_last_entry_leaves_the_files_closing_comment_once(tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "a.yaml").write_text(BASE + "# closing comment\n", encoding="utf-8")
    (root / "b.yaml").write_text(yamlio.dump([{
        "id": "lpr", "status": "approved",
        "zh": [{"term": "贷款市场报价利率", "status": "preferred"}],
        "en": [{"term": "Loan Prime Rate", "status": "preferred"}]}]), encoding="utf-8")
    plan = {"a.yaml": (_image(root, "a.yaml"), {"other": None}),
            "b.yaml": (_image(root, "b.yaml"),
                       {"other": autosave.entry_chunk(store.load(root).get("other"))})}
    autosave.write_files(root, plan)  # type: ignore[arg-type]
    both = (root / "a.yaml").read_text(encoding="utf-8") + (root / "b.yaml").read_text(
        encoding="utf-8")
    assert both.count("# closing comment") == 1 and both.count("# above other") == 1
    assert (root / "a.yaml").read_text(encoding="utf-8").endswith("# closing comment\n")


def test_the_merge_driver_repeats_no_comment() -> None:
    base = BASE + "# closing comment\n"
    ours = base.replace("status: candidate  # trailing", "status: approved  # trailing")
    theirs = base + "# new entry from theirs\n" + yamlio.dump([{"id": "b", "status": "candidate",
                                                                "zh": [{"term": "渝金盾"}]}])
    text = _merged(base, ours, theirs)
    assert text.count("# closing comment") == 1 and "# new entry from theirs" in text
    # they removed an entry and left the comment above it; ours kept it: once
    three = BASE + "# about c\n" + yamlio.dump([{"id": "c", "status": "candidate",
                                                  "zh": [{"term": "渝车出海"}]}])
    theirs = three[:three.index("- id: other")] + three[three.index("# about c"):]
    ours = three.replace("status: candidate  # trailing", "status: approved  # trailing")
    text = _merged(three, ours, theirs)
    assert text.count("# above other") == 1 and text.count("# about c") == 1
    assert [e["id"] for e in yaml.safe_load(text)] == ["qianlima", "c"]


def test_a_merged_entry_keeps_both_branches_comments() -> None:
    ours = BASE.replace("status: approved\n  zh:\n  - term: 渝金通",
                        "status: approved\n  subject: finance  # OURS\n  zh:\n  - term: 渝金通")
    theirs = BASE.replace("  - term: Yujintong\n", "  - term: Yujintong\n    note: x  # THEIRS\n")
    text = _merged(BASE, ours, theirs)
    assert "# OURS" in text and "# THEIRS" in text


def test_an_empty_file_keeps_its_comments_and_gives_them_to_its_first_entry(
        tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "a.yaml").write_text(BASE, encoding="utf-8")
    glossary = store.load(root)
    for entry_id in ("qianlima", "other"):
        glossary.remove(entry_id)
    store.save(glossary)
    emptied = (root / "a.yaml").read_text(encoding="utf-8")
    assert "# header comment" in emptied and "# above other" in emptied
    assert yaml.safe_load(emptied) == []
    glossary = store.load(root)
    glossary.add(_new_entry(), "a.yaml")  # type: ignore[arg-type]
    store.save(glossary)
    text = (root / "a.yaml").read_text(encoding="utf-8")
    assert text.startswith("# header comment\n") and "# above other" in text
    assert [e["id"] for e in yaml.safe_load(text)] == ["yuxinou"]


def _new_entry() -> object:
    from cqfin_glossary.model import Entry

    return Entry("yuxinou", EntryStatus.CANDIDATE, zh=[Term("渝新欧")],
                 en=[Term("Chongqing-Xinjiang-Europe Railway")])


def _entry_text(entry_id: str, zh: str, **extra: object) -> str:
    return yamlio.dump([{"id": entry_id, "status": "candidate",
                         "zh": [{"term": zh, "status": "preferred"}], **extra}])


def _uncached_load(root: Path) -> store.Glossary:
    """What the files hold, not what the parse cache remembers of the last save."""
    import os
    import shutil

    shutil.rmtree(os.environ["CQFIN_GLOSSARY_CACHE"], ignore_errors=True)
    return store.load(root)


def test_moved_comments_never_become_text_of_the_entry_before_them(tmp_path: Path) -> None:
    """An indented comment heading a file went with its entry to the end of a file whose last
    entry ends in a | text, and was read as more of that text."""
    root = tmp_path / "g"
    root.mkdir()
    head = "    # about a\n"
    (root / "y.yaml").write_text(head + _entry_text("a", "甲") + _entry_text("b", "乙"),
                                 encoding="utf-8")
    (root / "x.yaml").write_text(_entry_text("x", "丙", note="line1\nline2"), encoding="utf-8")
    glossary = store.load(root)
    glossary.add(glossary.remove("a"), "x.yaml")
    store.save(glossary)
    assert _uncached_load(root).get("x").note == "line1\nline2"  # type: ignore[union-attr]
    assert "# about a" in (root / "x.yaml").read_text(encoding="utf-8")


def test_a_file_ending_in_a_block_text_without_a_line_break_keeps_its_text(
        tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "f.yaml").write_text("# about a\n" + _entry_text("a", "甲")
                                 + _entry_text("b", "乙") + "  note: |\n    last line",
                                 encoding="utf-8")
    glossary = store.load(root)
    entry = glossary.get("a")
    assert entry is not None
    entry.subject = "banking"
    glossary.replace(entry)
    store.save(glossary)
    assert _uncached_load(root).get("b").note == "last line"  # type: ignore[union-attr]


def test_a_quoted_text_going_on_over_a_hash_line_is_no_comment(tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "y.yaml").write_text('# y\n- id: a\n  status: candidate\n  zh:\n  - term: 甲\n'
                                 '    status: preferred\n  note: "see the rule\n# 12 of the PBoC"\n'
                                 + _entry_text("b", "乙"), encoding="utf-8")
    (root / "x.yaml").write_text(_entry_text("x", "丙"), encoding="utf-8")
    glossary = store.load(root)
    glossary.add(glossary.remove("b"), "x.yaml")
    store.save(glossary)
    assert _uncached_load(root).get("a").note == "see the rule # 12 of the PBoC"  # type: ignore


def test_a_file_a_commented_entry_moved_into_keeps_its_comments_later(tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "y.yaml").write_text(_entry_text("a", "甲").replace(
        "status: candidate", "status: candidate   # agreed with the desk") + _entry_text("b", "乙"),
        encoding="utf-8")
    (root / "x.yaml").write_text(_entry_text("x", "丙"), encoding="utf-8")
    glossary = store.load(root)
    glossary.add(glossary.remove("a"), "x.yaml")
    store.save(glossary)
    glossary = store.load(root)
    entry = glossary.get("a")
    assert entry is not None
    entry.subject = "banking"
    glossary.replace(entry)
    store.save(glossary)
    assert "# agreed with the desk" in (root / "x.yaml").read_text(encoding="utf-8")


def test_the_merge_driver_merges_the_files_head_once() -> None:
    a, n = _entry_text("a", "甲"), _entry_text("n", "新")
    base = "---\n# head of file\n" + a
    text = _merged(base, "---\n# head of file\n" + n + a, "---\n# head, by the desk\n" + a)
    assert text.startswith("# head, by the desk\n") and text.count("# head") == 1
    x = _entry_text("x", "甲")
    base = "# head of file\n" + x + a
    text = _merged(base, base.replace("candidate", "approved", 1),
                   "# head of file\n" + a.replace("candidate", "approved"))
    assert text.count("# head of file") == 1


def test_the_editor_moves_an_entry_under_the_comments_of_an_empty_file(tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "a.yaml").write_text(BASE, encoding="utf-8")
    (root / "imported.yaml").write_text("# imported terms land here\n[]\n", encoding="utf-8")
    glossary = store.load(root)
    plan = {"a.yaml": (_image(root, "a.yaml"), {"other": None}),
            "imported.yaml": (_image(root, "imported.yaml"),
                              {"other": autosave.entry_chunk(glossary.get("other"))})}
    autosave.write_files(root, plan)  # type: ignore[arg-type]
    text = (root / "imported.yaml").read_text(encoding="utf-8")
    assert text.startswith("# imported terms land here\n# above other\n- id: other")
    assert [e.id for e in _uncached_load(root).entries_in("imported.yaml")] == ["other"]


def test_the_editor_emptying_a_file_leaves_its_comments_over_the_empty_list(
        tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "f.yaml").write_text("# HEAD of f\n\n" + _entry_text("q", "乙") + "# TRAIL after q\n",
                                 encoding="utf-8")
    (root / "g.yaml").write_text(_entry_text("r", "丙"), encoding="utf-8")
    glossary = store.load(root)
    plan = {"f.yaml": (_image(root, "f.yaml"), {"q": None}),
            "g.yaml": (_image(root, "g.yaml"), {"q": autosave.entry_chunk(glossary.get("q"))})}
    autosave.write_files(root, plan)  # type: ignore[arg-type]
    emptied = (root / "f.yaml").read_text(encoding="utf-8")
    assert "# HEAD of f" in emptied and "# TRAIL after q" in emptied
    assert yaml.safe_load(emptied) == []
    # and they stay over the entry moved back in
    image = plan["f.yaml"][0]
    autosave.write_file(root, "f.yaml", image, {"q": autosave.entry_chunk(glossary.get("q"))})
    text = (root / "f.yaml").read_text(encoding="utf-8")
    assert text.startswith("# HEAD of f") and [e["id"] for e in yaml.safe_load(text)] == ["q"]


def test_the_comments_closing_a_file_stay_when_its_last_entry_moves(tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "f.yaml").write_text(_entry_text("p", "甲") + _entry_text("q", "乙", note="block end\n")
                                 + "# TRAILER1 end\n    # TRAILER2 indented\n", encoding="utf-8")
    (root / "g.yaml").write_text(_entry_text("r", "丙"), encoding="utf-8")
    glossary = store.load(root)
    plan = {"f.yaml": (_image(root, "f.yaml"), {"q": None}),
            "g.yaml": (_image(root, "g.yaml"), {"q": autosave.entry_chunk(glossary.get("q"))})}
    autosave.write_files(root, plan)  # type: ignore[arg-type]
    assert "TRAILER2" in (root / "f.yaml").read_text(encoding="utf-8")
    assert "TRAILER" not in (root / "g.yaml").read_text(encoding="utf-8")
    assert _uncached_load(root).get("q").note == "block end\n"  # type: ignore[union-attr]
