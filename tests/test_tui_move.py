"""Moving entries between glossary files from the editor: one save for all the files touched,
so an entry is never on disk twice or nowhere, even when the write fails midway."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import GLOSSARY
from filelock import FileLock
from test_tui_app import SIZE, goto, pilot_test, settle

from cqfin_glossary import journal, store, yamlio
from cqfin_glossary.model import Entry, EntryStatus, Term, TermStatus
from cqfin_glossary.tui import persistence
from cqfin_glossary.tui.app import GlossaryApp
from cqfin_glossary.tui.move_screen import MoveScreen

SOURCE, TARGET = "chongqing-programmes.yaml", "monetary-policy.yaml"


@pytest.fixture(autouse=True)
def _short_lock_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(persistence, "LOCK_WAIT", 0.2)


def files_holding(root: Path, entry_id: str) -> list[str]:
    """Every file whose YAML holds ``entry_id``, read straight from disk (no store, no
    recovery of an interrupted save)."""
    found = []
    for path in sorted(root.rglob("*.yaml")):
        data = yamlio.parse(path.read_text(encoding="utf-8"), path.name) or []
        found += [path.name for item in data if item.get("id") == entry_id]
    return found


def last_message(app: GlossaryApp) -> str:
    return str(list(app._notifications)[-1].message)


async def move(pilot, target: str) -> None:
    """Press w and type ``target`` as the file to move to."""
    await pilot.press("w")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MoveScreen)
    pilot.app.screen.query_one("#newfile").focus()
    await pilot.press(*target, "enter")
    await settle(pilot)


@pilot_test
async def test_marked_entries_move_in_one_save_and_undo_moves_them_back(
        glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for term in ("千里马", "智融惠畅", "普惠小微贷款"):  # two files; one already the target
            await goto(pilot, term)
            await pilot.press("space")
        await pilot.press("w")
        await pilot.pause()
        files = pilot.app.screen.query_one("#files")
        files.highlighted = app.glossary.files().index(TARGET)
        await pilot.press("enter")
        await settle(pilot)
        assert app.save_state_text() == "All changes saved."
        for entry_id in ("qianlima", "zhironghuichang", "inclusive-small-micro-loans"):
            assert files_holding(glossary_dir, entry_id) == [TARGET]
        assert not (glossary_dir / journal.JOURNAL).exists()
        glossary = store.load(glossary_dir)
        assert glossary.file_of("qianlima") == TARGET
        assert glossary.get("zhironghuichang").status is EntryStatus.APPROVED  # content kept
        await pilot.press("u")  # one step moves both back
        await settle(pilot)
        assert files_holding(glossary_dir, "qianlima") == [SOURCE]
        assert files_holding(glossary_dir, "zhironghuichang") == [SOURCE]
        assert files_holding(glossary_dir, "inclusive-small-micro-loans") == [TARGET]
        await pilot.press("r")
        await settle(pilot)
        assert files_holding(glossary_dir, "qianlima") == [TARGET]
    assert len(store.load(glossary_dir)) == len(store.load(GLOSSARY))


@pilot_test
async def test_a_new_file_is_made_inside_the_glossary_and_bad_names_are_refused(
        glossary_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in glossary_dir.glob("*.yaml")}
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        for bad, reason in (("../outside", "inside the glossary folder"),
                            (".hidden.yaml", "hidden"), ("no/such/folder.yaml", "no folder")):
            await move(pilot, bad)
            assert isinstance(app.screen, MoveScreen)
            assert reason in last_message(app)
            await pilot.press("escape")
            await settle(pilot)
        assert {p.name: p.read_bytes() for p in glossary_dir.glob("*.yaml")} == before
        assert not (glossary_dir.parent / "outside.yaml").exists()
        await move(pilot, "reviewed")  # .yaml is added
    assert files_holding(glossary_dir, "qianlima") == ["reviewed.yaml"]
    assert store.load(glossary_dir).file_of("qianlima") == "reviewed.yaml"


@pilot_test
async def test_a_move_that_would_put_one_term_twice_in_the_target_is_refused(
        glossary_dir: Path) -> None:
    glossary = store.load(glossary_dir)  # the same term, another subject: a valid homograph
    glossary.add(Entry("qianlima-horse", EntryStatus.CANDIDATE, subject="zoology",
                       zh=[Term("千里马", TermStatus.PREFERRED)]), TARGET)
    store.save(glossary)
    before = {p.name: p.read_bytes() for p in glossary_dir.glob("*.yaml")}
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "Qianlima initiative")
        assert app.current_entry().id == "qianlima"
        await move(pilot, TARGET)
        message = last_message(app)
        assert "Nothing was moved" in message
        assert "千里马" in message and "qianlima-horse" in message
        assert app.glossary.file_of("qianlima") == SOURCE
    assert {p.name: p.read_bytes() for p in glossary_dir.glob("*.yaml")} == before


@pilot_test
async def test_a_failure_midway_through_the_move_loses_nothing_and_doubles_nothing(
        glossary_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {p.name: p.read_bytes() for p in glossary_dir.glob("*.yaml")}
    real = journal._write_temp
    written: list[str] = []

    def disk_full(tmp, target, data, shown) -> None:
        written.append(Path(shown).name)
        if Path(shown).name == TARGET:  # written second: the first file's is on disk by now
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(shown))
        real(tmp, target, data, shown)

    monkeypatch.setattr(journal, "_write_temp", disk_full)
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        await goto(pilot, "千里马")
        await move(pilot, TARGET)
        assert written[:2] == [SOURCE, TARGET]
        assert {p.name: p.read_bytes() for p in glossary_dir.glob("*.yaml")} == before
        assert files_holding(glossary_dir, "qianlima") == [SOURCE]
        state = app.save_state_text()
        assert "unsaved" in state and "No space left" in state
        monkeypatch.setattr(journal, "_write_temp", real)  # the disk has room again
        app.poll_disk()  # the retry
        await settle(pilot)
        assert app.save_state_text() == "All changes saved."
    assert files_holding(glossary_dir, "qianlima") == [TARGET]
    assert not any(p.name.endswith(".tmp") for p in glossary_dir.iterdir())


@pilot_test
async def test_a_crash_between_the_renames_is_finished_by_the_next_start(
        glossary_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace
    renames: list[str] = []

    def crash_after_first(src, dst) -> None:
        if str(src).endswith(".tmp"):
            renames.append(str(dst))
            if len(renames) >= 2:  # the write stops here, as if the process died
                raise OSError(errno.EIO, os.strerror(errno.EIO), str(dst))
        real_replace(src, dst)

    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        await goto(pilot, "千里马")
        monkeypatch.setattr(journal.os, "replace", crash_after_first)
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#newfile").focus()
        await pilot.press(*TARGET, "enter")
        await settle(pilot)
        assert len(renames) >= 2
        monkeypatch.setattr(journal.os, "replace", real_replace)
        app.exit()  # no retry: the next start finds what the crash left
    # Straight after the crash one file has the move and the other not yet ...
    assert len(files_holding(glossary_dir, "qianlima")) != 1
    assert (glossary_dir / journal.JOURNAL).is_dir()
    # ... and the next start (the editor's load, or any command) finishes the committed save.
    again = GlossaryApp(glossary_dir)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.glossary.file_of("qianlima") == TARGET
    assert files_holding(glossary_dir, "qianlima") == [TARGET]
    assert not (glossary_dir / journal.JOURNAL).exists()


@pilot_test
async def test_a_merge_across_files_is_one_save_and_a_conflict_never_loses_its_source(
        glossary_dir: Path) -> None:
    other_writer = FileLock(str(glossary_dir / store.LOCK_NAME))
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        other_writer.acquire()  # our save waits: the merge is not on disk yet
        await goto(pilot, "七大体系")
        await pilot.press("g", *"relending", "enter")
        await settle(pilot)
        assert files_holding(glossary_dir, "seven-systems") == [SOURCE]
        other_writer.release()
        theirs = store.load(glossary_dir)  # meanwhile another writer changes the target,
        # in the term the merge brings (other fields, other terms would merge:
        # test_tui_no_loss, test_gitmerge)
        theirs.get("relending").zh.append(Term("七大体系", TermStatus.DEPRECATED))
        store.save(theirs)
        app.poll_disk()
        await settle(pilot)
        assert "relending" in app.conflicts
        assert files_holding(glossary_dir, "seven-systems") == [SOURCE]  # held back with it
        await pilot.press("H")  # would drop the merged entry: refused
        await settle(pilot)
        assert "would lose it" in last_message(app) and "relending" in app.conflicts
        await pilot.press("M")
        await settle(pilot)
        assert app.save_state_text() == "All changes saved."
    assert files_holding(glossary_dir, "seven-systems") == []
    target = store.load(glossary_dir).get("relending")
    assert "七大体系" in [t.term for t in target.zh]
