"""Pilot tests of the editor: every workflow asserted on the glossary written to disk."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from cqfin_glossary import store
from cqfin_glossary.model import EntryStatus, Suggestion, Term, TermStatus
from cqfin_glossary.tui.app import GlossaryApp
from cqfin_glossary.tui.entry_list import EntryList
from cqfin_glossary.tui.entry_pane import EntryPane

SIZE = (120, 36)


def pilot_test(test: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async Pilot test on its own event loop (no asyncio plugin is installed)."""

    @functools.wraps(test)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def on_disk(root: Path, entry_id: str):
    entry = store.load(root).get(entry_id)
    assert entry is not None
    return entry


def their_save(root: Path, entry_id: str, **fields: object) -> None:
    """Another writer's save of one entry, with ``fields`` set."""
    other = store.load(root)
    entry = other.get(entry_id)
    for name, value in fields.items():
        setattr(entry, name, value)
    store.save(other)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def goto(pilot, query: str, status: str = "all") -> None:
    """Show ``status`` entries, type ``query`` into the filter and return to the list."""
    pilot.app.query_one("#status").active = status
    await pilot.press("slash", *query, "enter")
    await settle(pilot)


@pytest.fixture
def with_suggestions(glossary_dir: Path) -> Path:
    glossary = store.load(glossary_dir)
    entry = glossary.get("qianlima")
    entry.suggestions = [Suggestion("Thousand-Li Horse programme", 0.8, ["CC-CEDICT gloss"]),
                         Suggestion("Qianlima programme", 0.6, ["pinyin"])]
    store.save(glossary)
    return glossary_dir


@pilot_test
async def test_opens_on_candidates_and_shows_the_entry(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entries = app.query_one(EntryList)
        statuses = {entries.review.statuses[i] for i in entries.view}
        assert statuses == {"candidate"}
        assert app.query_one(EntryPane).entry.id == entries.current.id


@pytest.mark.parametrize("query", ["渝金盾", "千里馬", "risk brain", "yujindun", "jin dun"])
@pilot_test
async def test_filter_by_chinese_traditional_english_pinyin(glossary_dir: Path, query: str) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, query)
        shown = [app.review.entries[i].id for i in app.query_one(EntryList).view]
        expected = "qianlima" if query == "千里馬" else "yujindun"
        assert expected in shown
        assert len(shown) < len(app.review)


@pilot_test
async def test_approve_saves_at_once(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        await pilot.press("a")
        await settle(pilot)
    entry = on_disk(glossary_dir, "qianlima")
    assert entry.status is EntryStatus.APPROVED
    assert entry.changed is not None


@pilot_test
async def test_approve_without_english_is_refused(glossary_dir: Path) -> None:
    glossary = store.load(glossary_dir)
    glossary.get("qianlima").en = []
    store.save(glossary)
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        await pilot.press("a")
        await settle(pilot)
        assert any("no preferred or admitted English" in n.message for n in app._notifications)
    assert on_disk(glossary_dir, "qianlima").status is EntryStatus.CANDIDATE


@pilot_test
async def test_reject_then_back_to_candidate_then_undo_redo(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "渝金盾")
        await pilot.press("x")
        await settle(pilot)
        assert on_disk(glossary_dir, "yujindun").status is EntryStatus.REJECTED
        await pilot.press("c")
        await settle(pilot)
        assert on_disk(glossary_dir, "yujindun").status is EntryStatus.CANDIDATE
        await pilot.press("u", "u")
        await settle(pilot)
        assert on_disk(glossary_dir, "yujindun").status is EntryStatus.APPROVED
        await pilot.press("r")
        await settle(pilot)
        assert on_disk(glossary_dir, "yujindun").status is EntryStatus.REJECTED


@pilot_test
async def test_edit_rendering_in_place_and_add_variant(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        await pilot.press("e", *" scheme", "enter")
        await settle(pilot)
        assert on_disk(glossary_dir, "qianlima").english == "Qianlima initiative scheme"
        await pilot.press("v", *"Thousand-Li Horse", "enter")
        await settle(pilot)
        entry = on_disk(glossary_dir, "qianlima")
        assert [(t.term, t.status) for t in entry.en] == [
            ("Qianlima initiative scheme", TermStatus.PREFERRED),
            ("Thousand-Li Horse", TermStatus.ADMITTED)]
        await pilot.press("u")
        await settle(pilot)
        assert len(on_disk(glossary_dir, "qianlima").en) == 1


@pilot_test
async def test_escape_cancels_an_edit(glossary_dir: Path) -> None:
    before = (glossary_dir / "chongqing-programmes.yaml").read_bytes()
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        await pilot.press("e", *"xyz", "escape")
        await settle(pilot)
    assert (glossary_dir / "chongqing-programmes.yaml").read_bytes() == before


@pilot_test
async def test_accept_a_suggestion_with_one_key(with_suggestions: Path) -> None:
    app = GlossaryApp(with_suggestions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        await pilot.press("1")
        await settle(pilot)
    entry = on_disk(with_suggestions, "qianlima")
    assert entry.english == "Thousand-Li Horse programme"
    assert [t.status for t in entry.en] == [TermStatus.PREFERRED, TermStatus.ADMITTED]
    # The suggestion and its evidence stay on record, marked as taken.
    assert [s.term for s in entry.suggestions] == ["Thousand-Li Horse programme",
                                                   "Qianlima programme"]


@pilot_test
async def test_next_candidate_moves_past_approved_entries(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one("#status").active = "all"
        await settle(pilot)
        entries = app.query_one(EntryList)
        entries.cursor = 0
        await pilot.press("n")
        assert entries.current.status is EntryStatus.CANDIDATE


@pilot_test
async def test_external_change_on_disk_is_reloaded(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = store.load(glossary_dir)
        other.get("qianlima").en.append(Term("Qianlima listing programme", TermStatus.ADMITTED))
        store.save(other)
        app.poll_disk()
        await settle(pilot)
        assert len(app.glossary.get("qianlima").en) == 2
        await goto(pilot, "千里马")
        await pilot.press("a")
        await settle(pilot)
    entry = on_disk(glossary_dir, "qianlima")
    assert entry.status is EntryStatus.APPROVED
    assert len(entry.en) == 2  # the other writer's rendering survived our save


@pilot_test
async def test_conflicting_edit_keeps_both_versions_until_chosen(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()  # the other writer's save must land unnoticed, as in a race
        other = store.load(glossary_dir)
        # the same field both ways (different fields merge: test_tui_no_loss)
        other.get("qianlima").status = EntryStatus.APPROVED
        store.save(other)
        await goto(pilot, "千里马")
        await pilot.press("x")  # before the poll noticed: the save must not overwrite
        await settle(pilot)
        assert "qianlima" in app.conflicts
        assert "conflict" in app.save_state_text()
        entry = on_disk(glossary_dir, "qianlima")
        assert entry.status is EntryStatus.APPROVED  # theirs stays on disk meanwhile
        assert app.glossary.get("qianlima").status is EntryStatus.REJECTED  # ours in memory
        await pilot.press("M")  # keep mine
        await settle(pilot)
        assert not app.conflicts
    entry = on_disk(glossary_dir, "qianlima")
    assert entry.status is EntryStatus.REJECTED


@pilot_test
async def test_m_or_h_away_from_the_conflict_shows_it_first(glossary_dir: Path) -> None:
    """Approving moves the entry out of the candidates' view: M or H pressed elsewhere shows
    the entry in conflict (both versions) and decides nothing; the next M decides."""
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        other = store.load(glossary_dir)
        other.get("qianlima").status = EntryStatus.REJECTED  # the field 'a' changes too
        store.save(other)
        await goto(pilot, "千里马")
        await pilot.press("a")
        await settle(pilot)
        assert "qianlima" in app.conflicts
        app.query_one("#filter").value = ""  # the candidates' view, which it has left
        app.query_one("#status").active = "candidate"
        await settle(pilot)
        assert app._current_id() != "qianlima"
        await pilot.press("H")
        await settle(pilot)
        assert app._current_id() == "qianlima" and "qianlima" in app.conflicts
        assert "conflicts with another writer" in str(list(app._notifications)[-1].message)
        await pilot.press("M")
        await settle(pilot)
        assert not app.conflicts
    entry = on_disk(glossary_dir, "qianlima")
    assert entry.status is EntryStatus.APPROVED


@pilot_test
async def test_sort_cycles_and_help_opens(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o", "o")
        assert app.review.sort == "pinyin"
        app.query_one("#status").active = "all"
        await settle(pilot)
        keys = [app.review.pinyin[i] for i in app.query_one(EntryList).view]
        assert len(keys) == len(app.review) and keys == sorted(keys)
        assert "qianlima" in keys
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"


@pilot_test
async def test_every_action_is_in_the_command_palette(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
    for wanted in ("Approve entry", "Reject entry", "Back to candidate", "Next candidate",
                   "Previous candidate", "Edit rendering", "Add variant", "Undo", "Redo",
                   "Filter", "Help", "Mine the corpus", "Export", "Look up a term"):
        assert wanted in titles


@pilot_test
async def test_footer_shows_the_workflow_keys(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = {b.binding.key for b in app.active_bindings.values() if b.binding.show}
    assert {"a", "x", "e", "v", "u", "slash", "question_mark"} <= shown


@pilot_test
async def test_palette_accepts_a_suggestion(with_suggestions: Path) -> None:
    app = GlossaryApp(with_suggestions)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        command = next(c for c in app.get_system_commands(app.screen)
                       if c.title.startswith("Accept suggestion 2"))
        command.callback()
        await settle(pilot)
    assert on_disk(with_suggestions, "qianlima").english == "Qianlima programme"


@pilot_test
async def test_mining_worker_merges_and_saves(glossary_dir: Path, seeds_dir: Path) -> None:
    glossary = store.load(glossary_dir)
    glossary.get("qianlima").mining = None
    store.save(glossary)
    reviewed = on_disk(glossary_dir, "yujindun").to_dict()
    app = GlossaryApp(glossary_dir, corpus=[seeds_dir])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert any(n.title == "Mining done" for n in app._notifications)
        assert app.query_one("#progress").has_class("hidden")
        assert len(app.review) == len(app.glossary)
    candidate = on_disk(glossary_dir, "qianlima")  # a candidate: the miner refreshes it
    assert candidate.mining is not None and candidate.mining.frequency > 0
    assert on_disk(glossary_dir, "yujindun").to_dict() == reviewed  # approved: left alone


@pilot_test
async def test_mining_into_an_empty_glossary(tmp_path: Path, seeds_dir: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    app = GlossaryApp(root, corpus=[seeds_dir])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        shown = {app.review.entries[i].headword for i in app.query_one(EntryList).view}
    on_file = store.load(root)
    assert "渝金盾" in {e.headword for e in on_file}
    assert all(e.status is EntryStatus.CANDIDATE for e in on_file)
    assert shown == {e.headword for e in on_file}


@pilot_test
async def test_export_from_the_app(glossary_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.tsv"
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#format").value = "tsv"
        await pilot.pause()
        screen.query_one("#path").value = str(target)
        await pilot.click("#go")
        await settle(pilot)
    from cqfin_glossary.formats import export_glossary

    assert target.read_text(encoding="utf-8") == export_glossary(store.load(glossary_dir), "tsv")


@pilot_test
async def test_lookup_jumps_to_the_entry(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", *"risk brain", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one(EntryList).current.id == "yujindun"
        assert app.query_one(EntryPane).entry.id == "yujindun"


@pilot_test
async def test_quit_waits_for_the_save(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        await pilot.press("x", "q")
    assert on_disk(glossary_dir, "qianlima").status is EntryStatus.REJECTED


@pilot_test
async def test_a_malformed_glossary_closes_with_the_error(tmp_path: Path) -> None:
    root = tmp_path / "bad"
    root.mkdir()
    (root / "terms.yaml").write_text("- id: x\n  zh: [\n", encoding="utf-8")
    app = GlossaryApp(root)
    async with app.run_test(size=SIZE) as pilot:
        while app.return_code is None:  # the load worker fails and the app exits by itself
            await pilot.pause()
    assert app.return_code == 2
    assert app.startup_error is not None and "terms.yaml:" in app.startup_error


@pilot_test
async def test_an_edit_updates_the_view_as_a_fresh_filter_would(glossary_dir: Path) -> None:
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entries = app.query_one(EntryList)
        for keys, query in ((("x", "x", "down", "x"), ""), (("down", "x", "x"), "financ")):
            await pilot.press("slash", *query, "enter")
            await settle(pilot)
            for key in keys:
                before = entries.current.id
                after_row = entries.view[entries.cursor + 1] if key == "x" else None
                await pilot.press(key)
                await settle(pilot)
                if key == "x":  # the rejected entry leaves the candidate view; the next is shown
                    assert on_disk(glossary_dir, before).status is EntryStatus.REJECTED
                    assert entries.current is app.review.entries[after_row]
                    assert app.query_one(EntryPane).entry is entries.current
            fresh, _ = app.review.select(query, "candidate")
            assert entries.view == fresh
            counts = app.review.counts()
            assert str(app.query_one("#candidate").label) == f"candidate {counts['candidate']:,}"
            await pilot.press("slash", "ctrl+u", "enter")


@pilot_test
async def test_a_conflict_shows_term_statuses_and_closes_once_theirs_is_taken(
        glossary_dir: Path) -> None:
    """A helper under tmux: a term made deprecated here and superseded there showed two
    versions word for word alike; after H the box stayed, saying 'They removed it'."""
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        other = store.load(glossary_dir)
        other.get("qianlima").status = EntryStatus.APPROVED
        other.get("qianlima").en.append(Term("Qianlima scheme", TermStatus.SUPERSEDED))
        store.save(other)
        await goto(pilot, "千里马")
        await pilot.press("x")
        await settle(pilot)
        box = str(app.query_one("#conflict").render())
        assert "Qianlima scheme (superseded)" in box
        # which fields the keys decide, and which change is kept whatever is pressed
        assert "Changed both ways: status: M keeps yours, H theirs." in box
        assert "Kept whichever you press: theirs to en." in box
        await pilot.press("H")
        await settle(pilot)
        assert not app.conflicts and app.query_one("#conflict").has_class("hidden")


@pilot_test
async def test_keeping_an_entry_another_writer_renamed_is_refused(glossary_dir: Path) -> None:
    """Renamed outside while an edit waited, the entry read as removed; M then saved it
    beside its renamed twin, two entries of one term that validate refused."""
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        other = store.load(glossary_dir)
        renamed = other.get("qianlima")
        other.remove("qianlima")
        renamed.id = "qianlima-programme"
        other.add(renamed, "chongqing-programmes.yaml")
        store.save(other)
        await goto(pilot, "千里马")
        await pilot.press("x")
        await settle(pilot)
        assert app.conflicts.get("qianlima", "absent") is None
        await pilot.press("M")
        await settle(pilot)
        assert "qianlima" in app.conflicts
        assert "qianlima-programme now holds 千里马" in str(list(app._notifications)[-1].message)
        await pilot.press("H")
        await settle(pilot)
        assert not app.conflicts
    assert store.check(glossary_dir) == []


@pilot_test
@pytest.mark.parametrize("key", ["M", "H"])
async def test_m_and_h_decide_only_the_fields_changed_both_ways(glossary_dir: Path,
                                                                 key: str) -> None:
    """A conflict on the status, where they also fixed the definition and this editor added a
    note: M wrote the whole of this editor's entry over their definition, H dropped the note.
    Each key decides the status; both other changes stay."""
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        their_save(glossary_dir, "qianlima", status=EntryStatus.APPROVED,
                   definition="Their fixed definition.")
        await goto(pilot, "千里马")
        mine = app.glossary.get("qianlima")
        mine.note = "My note."  # both changes in one save: a save of the note alone would
        mine.status = EntryStatus.REJECTED  # merge theirs before the status is changed
        app.changed(mine)
        await settle(pilot)
        assert "qianlima" in app.conflicts
        await pilot.press(key)
        await settle(pilot)
        assert not app.conflicts and not app.unsaved
    entry = on_disk(glossary_dir, "qianlima")
    assert entry.status is (EntryStatus.REJECTED if key == "M" else EntryStatus.APPROVED)
    assert (entry.definition, entry.note) == ("Their fixed definition.", "My note.")
