"""Edits the editor could not save are kept outside the glossary and taken in by the next start."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from test_tui_app import SIZE, goto, on_disk, pilot_test, settle

from cqfin_glossary import autosave, recovery, store
from cqfin_glossary.model import EntryStatus
from cqfin_glossary.tui.app import GlossaryApp

GONE = 9_999_999  # a process id no process has (pid_max is at most 4,194,304)


def left_by_a_crash(root: Path) -> None:
    """This process's recovery file, as a process that died would have left it."""
    os.replace(recovery.path_for(root), recovery.path_for(root, GONE))


@pilot_test
async def test_an_edit_a_full_disk_held_back_survives_a_crash(
        glossary_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edit lived only in memory: killed meanwhile, the editor lost it, and the next start
    said 'All changes saved.'"""
    real = autosave.atomic_write_bytes

    def disk_full(path, data) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(autosave, "atomic_write_bytes", disk_full)
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        await pilot.press("x")
        await settle(pilot)
        assert "No space left" in app.save_state_text()
        kept = json.loads(recovery.path_for(glossary_dir).read_text(encoding="utf-8"))
        assert [(e["entry_id"], e["mine"]["status"], e["base"]["status"])
                for e in kept["edits"]] == [("qianlima", "rejected", "candidate")]
    assert on_disk(glossary_dir, "qianlima").status is EntryStatus.CANDIDATE
    left_by_a_crash(glossary_dir)
    monkeypatch.setattr(autosave, "atomic_write_bytes", real)  # room on the disk again
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert "could not save before it ended" in str(list(app._notifications)[-1].message)
        assert app.save_state_text() == "All changes saved."
    assert on_disk(glossary_dir, "qianlima").status is EntryStatus.REJECTED
    assert not list(recovery.folder().iterdir())


@pilot_test
async def test_a_recovered_edit_meets_a_later_change_as_any_other_writer(
        glossary_dir: Path) -> None:
    """Recovered edits are merged with what changed on disk since: another field is kept,
    the same field is a conflict to decide, and an edit already saved is nothing to do."""
    before = store.load(glossary_dir)
    base = before.get("qianlima").to_dict()
    mine = dict(base, status="rejected", note="My note.")
    saved = before.get("yujindun").to_dict()
    recovery.keep(glossary_dir, [recovery.Waiting("chongqing-programmes.yaml", "qianlima",
                                                  base, mine),
                                 recovery.Waiting("chongqing-programmes.yaml", "yujindun",
                                                  saved, saved)])
    left_by_a_crash(glossary_dir)
    other = store.load(glossary_dir)
    other.get("qianlima").status = EntryStatus.APPROVED  # the same field
    other.get("qianlima").definition = "Their definition."  # another one
    store.save(other)
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert list(app.conflicts) == ["qianlima"]
        assert "1 of them conflict" in str(list(app._notifications)[-1].message)
        await goto(pilot, "千里马")
        await pilot.press("M")
        await settle(pilot)
        assert not app.conflicts and app.save_state_text() == "All changes saved."
    entry = on_disk(glossary_dir, "qianlima")
    assert (entry.status, entry.note, entry.definition) == (
        EntryStatus.REJECTED, "My note.", "Their definition.")
