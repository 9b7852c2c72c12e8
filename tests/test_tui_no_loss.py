"""Pilot tests of the ways the editor used to lose work, each asserted on the files on disk."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from filelock import FileLock
from test_tui_app import SIZE, goto, on_disk, pilot_test, settle, their_save

from cqfin_glossary import store, yamlio
from cqfin_glossary.model import EntryStatus, Suggestion, Term, TermStatus
from cqfin_glossary.tui import persistence
from cqfin_glossary.tui.app import GlossaryApp
from cqfin_glossary.tui.entry_list import EntryList
from cqfin_glossary.tui.entry_pane import EntryPane


@pytest.fixture(autouse=True)
def _short_lock_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(persistence, "LOCK_WAIT", 0.2)


async def quits(app: GlossaryApp, seconds: float = 10.0) -> bool:
    """Whether the app stops running within ``seconds`` (a quit that waits goes on by itself,
    on a timer, so a test waits for it instead of pressing keys into an ended app)."""
    for _ in range(int(seconds / 0.05)):
        if not app.is_running:
            return True
        await asyncio.sleep(0.05)
    return not app.is_running


@pilot_test
async def test_invalid_edit_is_refused_and_later_saves_still_land(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "智融惠畅")
        await pilot.press("e", "ctrl+u", "enter")  # would leave an approved entry with no English
        await settle(pilot)
        assert app.glossary.get("zhironghuichang").en  # refused before it was applied
        assert any("Not changed" in str(n.message) for n in app._notifications)
        pane = app.query_one(EntryPane)  # asked again, with the text as typed
        assert pane.mode == "edit" and pane.label.startswith("Refused")
        await pilot.press("escape")
        await settle(pilot)
        assert not pane.mode
        await goto(pilot, "千里马")
        await pilot.press("x")
        await settle(pilot)
        assert app.save_state_text() == "All changes saved."
    assert on_disk(glossary_dir, "zhironghuichang").en[0].term.startswith("Financial")
    assert on_disk(glossary_dir, "qianlima").status is EntryStatus.REJECTED
    # Written from cached chunks, yet the same bytes as a full canonical dump.
    file = "chongqing-programmes.yaml"
    dump = yamlio.dump([e.to_dict() for e in store.load(glossary_dir).entries_in(file)])
    assert (glossary_dir / file).read_text(encoding="utf-8") == dump


@pilot_test
async def test_unsaved_edit_survives_another_writers_file_and_stays_undoable(
        glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        other_writer = FileLock(str(glossary_dir / store.LOCK_NAME))
        other_writer.acquire()  # our save cannot get the lock: the edit stays unsaved
        await goto(pilot, "稳岗贷")
        await pilot.press("v", *"job retention loans", "enter")
        await settle(pilot)
        assert "unsaved" in app.save_state_text() and "locked" in app.save_state_text()
        imported = store.load(glossary_dir)  # a hand edit of another file meanwhile
        (glossary_dir / "imported.yaml").write_text(yamlio.dump([{
            "id": "imported-term", "status": "candidate", "zh": [{"term": "绿色金融债",
                                                                   "status": "preferred"}],
            "en": []}]), encoding="utf-8")
        assert imported.get("job-stability-loans") is not None
        app.poll_disk()
        await settle(pilot)
        assert app.glossary.get("imported-term") is not None
        assert len(app.glossary.get("job-stability-loans").en) == 2  # still in memory
        other_writer.release()
        app.poll_disk()  # retries the failed save
        await settle(pilot)
        assert app.save_state_text() == "All changes saved."
        assert [t.term for t in on_disk(glossary_dir, "job-stability-loans").en] == [
            "job stability loans", "job retention loans"]
        await pilot.press("u")  # undo history survived the other writer's file
        await settle(pilot)
    assert [t.term for t in on_disk(glossary_dir, "job-stability-loans").en] == [
        "job stability loans"]
    assert on_disk(glossary_dir, "imported-term").zh[0].term == "绿色金融债"


@pilot_test
async def test_prompt_open_across_another_writers_change_is_cancelled(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        await goto(pilot, "普惠小微贷款")
        await pilot.press("e", "ctrl+u", *"small loans")
        other = store.load(glossary_dir)
        entry = other.get("inclusive-small-micro-loans")
        entry.en[0].status = TermStatus.ADMITTED
        entry.en.insert(0, Term("inclusive small and micro loans", TermStatus.PREFERRED))
        store.save(other)
        app.poll_disk()
        await settle(pilot)
        assert any("prompt was open" in str(n.message) for n in app._notifications)
        # Typing goes on into the prompt, which stays open: the keys never reach the list
        # as commands (a space marked the entry, 'x' would reject it); Enter applies nothing.
        await pilot.press("space", "x", "a", "enter")
        await settle(pilot)
        assert any("Not applied" in str(n.message) for n in app._notifications)
    entry = on_disk(glossary_dir, "inclusive-small-micro-loans")
    assert entry.status is EntryStatus.APPROVED
    assert entry.english == "inclusive small and micro loans"
    assert [t.term for t in entry.en] == ["inclusive small and micro loans",
                                          "inclusive loans for small and micro businesses"]


@pilot_test
async def test_a_prompt_survives_another_writers_change_to_something_else(
        glossary_dir: Path) -> None:
    """A helper typed a new rendering while another writer changed only the definition:
    Enter applied nothing, the text kept only in a notice. Their change is taken in and
    the prompt's value applies on top; a change to the very field edited still cancels."""
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        await goto(pilot, "千里马")
        await pilot.press("v", *"Qianlima programme")
        their_save(glossary_dir, "qianlima", definition="Their definition.")
        app.poll_disk()
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("N", "ctrl+u", *"My note.")
        their_save(glossary_dir, "qianlima", note="Their note.")
        app.poll_disk()
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any("Not applied" in str(n.message) for n in app._notifications)
    entry = on_disk(glossary_dir, "qianlima")
    assert entry.definition == "Their definition." and entry.note == "Their note."
    assert "Qianlima programme" in [t.term for t in entry.en]


@pilot_test
async def test_pressing_accept_twice_keeps_the_chosen_rendering(glossary_dir: Path) -> None:
    glossary = store.load(glossary_dir)
    glossary.get("zhironghuichang").suggestions = [
        Suggestion("Zhirong Huichang initiative", 0.9, ["pinyin + context"]),
        Suggestion("Zhironghuichang", 0.4, ["pinyin"])]
    store.save(glossary)
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "智融惠畅")
        await pilot.press("1", "1")
        await settle(pilot)
    entry = on_disk(glossary_dir, "zhironghuichang")
    assert entry.english == "Zhirong Huichang initiative"
    assert [s.term for s in entry.suggestions] == ["Zhirong Huichang initiative",
                                                   "Zhironghuichang"]  # evidence kept
    assert entry.suggestions[0].evidence == ["pinyin + context"]


@pilot_test
async def test_keys_typed_with_no_entry_are_swallowed(glossary_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in glossary_dir.glob("*.yaml")}
    app = GlossaryApp(glossary_dir, corpus=[glossary_dir])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "no such term at all")
        assert app.query_one(EntryList).current is None
        await pilot.press("v", *"lm?a", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ not in ("LookupScreen", "HelpScreen")
        assert not any(w.group == "mine" for w in app.workers)
        assert any("no entry was selected" in str(n.message) for n in app._notifications)
    assert {p.name: p.read_bytes() for p in glossary_dir.glob("*.yaml")} == before


@pilot_test
async def test_whole_entry_edits_reach_disk(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        await pilot.press("D", "ctrl+u", *"A listing programme.", "enter")
        await pilot.press("N", "ctrl+u", *"checked", "enter")
        await pilot.press("z", *"千里马计划", "enter")
        await pilot.press("v", *"Qianlima programme", "enter")
        await settle(pilot)
        app.query_one("#renderings").highlighted = 1
        await pilot.press("f")  # one key makes the highlighted rendering preferred
        await pilot.press("P", "ctrl+u", *"verb", "enter")
        await settle(pilot)
    entry = on_disk(glossary_dir, "qianlima")
    assert entry.definition == "A listing programme." and entry.note == "checked"
    assert entry.pos == "verb"
    assert [t.term for t in entry.zh][-1] == "千里马计划"
    assert entry.english == "Qianlima programme"
    assert sum(t.status is TermStatus.PREFERRED for t in entry.en) == 1


@pilot_test
async def test_marked_entries_are_rejected_at_once(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entries = app.query_one(EntryList)
        ids = []
        for _ in range(3):
            ids.append(entries.current.id)
            await pilot.press("space", "down")
        await pilot.press("x")
        await settle(pilot)
    assert all(on_disk(glossary_dir, i).status is EntryStatus.REJECTED for i in ids)


@pilot_test
async def test_export_is_relative_to_the_project_asks_before_overwriting_and_refuses_no_folder(
        glossary_dir: Path) -> None:
    project = glossary_dir.parent
    (project / "old.po").write_text("keep me", encoding="utf-8")
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#path").value = "nonexistent/dir/x.po"
        await pilot.pause()
        await pilot.click("#go")
        await settle(pilot)
        assert not (project / "nonexistent").exists() and app.screen is screen
        screen.query_one("#path").value = "old.po"
        await pilot.pause()
        assert str(project / "old.po") in str(screen.query_one("#target").render())
        screen.query_one("#path").focus()
        await pilot.press("enter")  # asks first
        await settle(pilot)
        assert (project / "old.po").read_text(encoding="utf-8") == "keep me"
        await pilot.press("enter")  # confirmed
        await settle(pilot)
    assert (project / "old.po").read_text(encoding="utf-8").startswith("#")


@pilot_test
async def test_at_80x24_the_prompt_opens_in_view_and_the_footer_fits(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, "智融惠畅")
        pane = app.query_one("#pane")
        pane.scroll_end(animate=False)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        prompt = app.query_one("#prompt")
        assert pane.region.y <= prompt.region.y and prompt.region.bottom <= pane.region.bottom
        footer = app.query_one("Footer")
        keys = [b for b in app.active_bindings.values() if b.binding.show]
        assert footer.region.width == 80 and len(keys) <= 8
        await pilot.press("escape")
        header = str(app.query_one("#list-header").render())
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        await pilot.pause()
        assert str(app.query_one("#list-header").render()) != header  # follows the resize


@pilot_test
async def test_two_quick_tab_presses_move_two_tabs(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", "t")
        await settle(pilot)
        assert app.status_view == "rejected"


@pilot_test
async def test_quit_waits_for_a_failing_save_and_says_so(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        other_writer = FileLock(str(glossary_dir / store.LOCK_NAME))
        other_writer.acquire()
        await goto(pilot, "千里马")
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("q")  # the change is not on disk: no quit, and the reason shown
        await settle(pilot)
        assert app.is_running
        assert any("q again" in str(n.message) for n in app._notifications)
        other_writer.release()
        app.poll_disk()  # the retry: saved, and the quit asked for goes on by itself
        await settle(pilot)
        assert await quits(app)
    assert on_disk(glossary_dir, "qianlima").status is EntryStatus.REJECTED


@pilot_test
async def test_quit_pressed_while_a_save_is_under_way_waits_for_it_and_quits(
        glossary_dir: Path) -> None:
    """A quit awaited in its key binding held up the app's own 'save done' message: the
    editor hung for good, and the edit was lost when it was killed."""
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other_writer = FileLock(str(glossary_dir / store.LOCK_NAME))
        other_writer.acquire()
        await goto(pilot, "千里马")
        await pilot.press("x", "q")
        await asyncio.sleep(0.3)
        assert app.is_running and "Quitting" in app.save_state_text()
        other_writer.release()
        app.poll_disk()
        assert await quits(app)
    assert on_disk(glossary_dir, "qianlima").status is EntryStatus.REJECTED


@pilot_test
async def test_merge_a_candidate_into_another_entry_as_a_variant(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "七大体系")
        await pilot.press("g", *"zhironghuichang", "enter")
        await settle(pilot)
        assert app.query_one(EntryList).current.id == "zhironghuichang"
    glossary = store.load(glossary_dir)
    assert glossary.get("seven-systems") is None
    target = glossary.get("zhironghuichang")
    assert [t.term for t in target.zh] == ["智融惠畅", "七大体系"]
    assert target.zh[1].status is TermStatus.ADMITTED
    assert "seven systems" in [t.term for t in target.en]


def type_fast(app: GlossaryApp, *keys: str) -> None:
    """Keys arriving in one read from the terminal (a fast typist, a paste, tmux send-keys):
    posted at once, as the driver does, with no pause for the app to catch up."""
    from textual.events import Key

    chars = {"slash": "/", "enter": "\r", "space": " "}
    for key in keys:
        app.post_message(Key(key, chars.get(key, key if len(key) == 1 else None)))


@pilot_test
async def test_keys_typed_fast_after_a_focus_change_reach_the_new_focus(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_entry().id != "seven-systems"
        type_fast(app, "slash", *"qidatixi")  # 七大体系 in pinyin: q must not quit, nor a approve
        await settle(pilot)
        assert app.is_running and app.query_one("#filter").value == "qidatixi"
        await pilot.press("ctrl+u")
        # After Enter the keys are commands again, on the entry the filter shows; in the
        # prompt t, a and x are text.
        type_fast(app, *"qidatixi", "enter", "e", "ctrl+u", *"tax", "enter")
        await settle(pilot)
        assert app.query_one("#filter").value == "qidatixi" and app.status_view == "candidate"
        assert [t.term for t in on_disk(glossary_dir, "seven-systems").en] == ["tax"]
        assert on_disk(glossary_dir, "seven-systems").status is EntryStatus.CANDIDATE
        type_fast(app, "v", *"levy", "enter", "x")  # the x after Enter rejects
        await settle(pilot)
    entry = on_disk(glossary_dir, "seven-systems")
    assert [t.term for t in entry.en] == ["tax", "levy"]
    assert entry.status is EntryStatus.REJECTED


@pilot_test
async def test_an_edit_made_while_the_folder_is_gone_is_saved_once_it_is_back(
        glossary_dir: Path) -> None:
    """Once the folder was gone, watching stopped for good: a save made meanwhile created a
    new, empty folder (and read the other entries as deleted), and a failed save was never
    tried again. A symlink loop in the folder crashed the editor with a traceback."""
    app = GlossaryApp(glossary_dir)
    away = glossary_dir.with_name("moved-away")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        (glossary_dir / "loop.yaml").symlink_to("loop.yaml")
        app.poll_disk()  # ELOOP on a stat: the file is passed over
        await settle(pilot)
        (glossary_dir / "loop.yaml").unlink()
        glossary_dir.rename(away)
        app.poll_disk()
        await settle(pilot)
        assert any("can be read again" in str(n.message) for n in app._notifications)
        await goto(pilot, "千里马")
        await pilot.press("x")
        await settle(pilot)
        assert not glossary_dir.exists()  # no empty folder made to save into
        assert "gone" in app.save_state_text() and "unsaved" in app.save_state_text()
        away.rename(glossary_dir)
        app.poll_disk()  # back: watched again, and the save retried
        await settle(pilot)
        app.poll_disk()
        await settle(pilot)
        assert app.save_state_text() == "All changes saved."
    assert on_disk(glossary_dir, "qianlima").status is EntryStatus.REJECTED


@pilot_test
async def test_the_editor_does_not_replace_a_file_its_owner_made_read_only(
        glossary_dir: Path) -> None:
    """store.save refused a read-only file; the editor's saves renamed over it, and the file
    kept its mode with new content."""
    path = glossary_dir / "chongqing-programmes.yaml"
    before = path.read_bytes()
    path.chmod(0o444)
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        await goto(pilot, "千里马")
        await pilot.press("x")
        await settle(pilot)
        assert "read-only file" in app.save_state_text()
        assert path.read_bytes() == before
        path.chmod(0o644)
        app.poll_disk()  # the retry, once the owner allows it
        await settle(pilot)
        assert app.save_state_text() == "All changes saved."
    assert on_disk(glossary_dir, "qianlima").status is EntryStatus.REJECTED


@pilot_test
async def test_changes_to_different_fields_of_one_entry_are_both_kept(glossary_dir: Path
                                                                      ) -> None:
    """Another writer fixed 千里马's definition while this editor added a variant: that was a
    conflict whose 'M keeps mine' wrote over their fix (the box did not show it). Changes to
    different fields now merge as the git merge driver merges them."""
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        other_writer = FileLock(str(glossary_dir / store.LOCK_NAME))
        other_writer.acquire()
        await goto(pilot, "千里马")
        await pilot.press("v", *"Qianlima programme", "enter")
        await settle(pilot)
        other_writer.release()
        theirs = store.load(glossary_dir)
        theirs.get("qianlima").definition = "Their corrected definition."
        store.save(theirs)
        app.poll_disk()
        await settle(pilot)
        app.poll_disk()
        await settle(pilot)
        assert not app.conflicts
        assert app.save_state_text() == "All changes saved."
    entry = on_disk(glossary_dir, "qianlima")
    assert entry.definition == "Their corrected definition."
    assert "Qianlima programme" in [t.term for t in entry.en]


@pilot_test
async def test_quitting_without_unsaved_changes_exits_1(glossary_dir: Path) -> None:
    """A second q drops the changes that cannot be saved: the exit status said 0, so a
    wrapper script could not tell that edits were lost."""
    app = GlossaryApp(glossary_dir)
    other_writer = FileLock(str(glossary_dir / store.LOCK_NAME))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        other_writer.acquire()
        await goto(pilot, "千里马")
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("q")
        await asyncio.sleep(0.3)
        await pilot.press("q")
        assert await quits(app)
    other_writer.release()
    assert app.return_code == 1


@pilot_test
async def test_the_concordance_is_cut_again_when_the_window_grows(glossary_dir: Path) -> None:
    from textual.widgets import Static

    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=(70, 30)) as pilot:
        await settle(pilot)
        await goto(pilot, "两不愁三保障")
        narrow = str(app.query_one("#concordance", Static).render())
        await pilot.resize_terminal(220, 60)
        await settle(pilot)
        wide = str(app.query_one("#concordance", Static).render())
    assert len(max(wide.splitlines(), key=len)) > len(max(narrow.splitlines(), key=len))


@pilot_test
async def test_a_refused_value_stays_in_the_prompt_to_be_fixed(glossary_dir: Path) -> None:
    """A pasted rendering one character too long was refused and the prompt closed: the text
    was gone, to be pasted again and fixed blind."""
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        await pilot.press("v")
        await settle(pilot)
        long = "x" * 1001
        prompt = app.query_one("#prompt")
        prompt.value = long
        await pilot.press("enter")
        await settle(pilot)
        assert prompt.value == long and app.query_one(EntryPane).mode == "add"
        await pilot.press("backspace", "enter")  # one character less: taken
        await settle(pilot)
        assert not app.query_one(EntryPane).mode
        assert app.save_state_text() == "All changes saved."
    assert "x" * 1000 in [t.term for t in on_disk(glossary_dir, "qianlima").en]
