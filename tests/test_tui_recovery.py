"""Edits the editor could not save are kept outside the glossary and taken in by the next start."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from test_tui_app import SIZE, goto, on_disk, pilot_test, settle, their_save

from cqfin_glossary import autosave, recovery, store
from cqfin_glossary.model import EntryStatus
from cqfin_glossary.tui.app import GlossaryApp

GONE = 9_999_999  # a process id no process has (pid_max is at most 4,194,304)


def no_space(*args: object) -> None:
    """Any write, as on a full disk."""
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(args[0]))


def left_by_a_crash(root: Path, pid: int = GONE) -> None:
    """This process's recovery file, as a process that died would have left it (``pid``: its
    id, which may be ours again, as in a container started anew)."""
    host = recovery._me().split(".")[0]
    os.replace(recovery.path_for(root), recovery.path_for(root, f"{host}.{pid}.1-before"))


@pilot_test
async def test_an_edit_a_full_disk_held_back_survives_a_crash(
        glossary_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edit lived only in memory: killed meanwhile, the editor lost it, and the next start
    said 'All changes saved.'"""
    real = autosave.atomic_write_bytes
    monkeypatch.setattr(autosave, "atomic_write_bytes", no_space)
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
    # the same field, and another one
    their_save(glossary_dir, "qianlima", status=EntryStatus.APPROVED,
               definition="Their definition.")
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


@pilot_test
@pytest.mark.parametrize("target", ["aaa-first.yaml", "zzz-last.yaml"])
async def test_a_move_held_back_is_one_edit_when_taken_in(
        glossary_dir: Path, monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    """A move is a removal from one file and an addition to another. Taken in one at a time,
    the addition (its entry unchanged) read as saved already, and the removal then deleted
    the entry: with a target file named before the source, 千里马 was gone."""
    from cqfin_glossary import journal

    real = journal._write_temp
    (glossary_dir / target).write_text("[]\n", encoding="utf-8")
    before = store.load(glossary_dir).get("qianlima").to_dict()
    monkeypatch.setattr(journal, "_write_temp", no_space)
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        app.move_entries({"qianlima": target}, "move")
        await settle(pilot)
        assert "No space left" in app.save_state_text()
    left_by_a_crash(glossary_dir, os.getpid())  # our own id, in another run
    monkeypatch.setattr(journal, "_write_temp", real)
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert app.save_state_text() == "All changes saved."
    moved = store.load(glossary_dir)
    assert moved.file_of("qianlima") == target and moved.get("qianlima").to_dict() == before


@pilot_test
async def test_a_second_change_of_theirs_during_a_conflict_is_the_one_weighed(
        glossary_dir: Path) -> None:
    """With a conflict pending on the status (ours rejected, theirs approved), they then
    rejected it too and added a note. The conflict kept their first version, and H wrote
    'approved', which neither side held any more."""
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        their_save(glossary_dir, "qianlima", status=EntryStatus.APPROVED)
        await goto(pilot, "千里马")
        await pilot.press("x")
        await settle(pilot)
        assert "qianlima" in app.conflicts
        their_save(glossary_dir, "qianlima", status=EntryStatus.REJECTED, note="Their note.")
        app.poll_disk()
        await settle(pilot)
        await settle(pilot)
        assert not app.conflicts  # both sides reject it now: nothing to decide
        assert app.save_state_text() == "All changes saved."
    entry = on_disk(glossary_dir, "qianlima")
    assert (entry.status, entry.note) == (EntryStatus.REJECTED, "Their note.")


@pilot_test
async def test_h_keeps_a_note_made_while_a_rename_conflict_waited(glossary_dir: Path) -> None:
    """Both sides renamed the one preferred rendering: term by term that is two preferred
    renderings, which the store refuses, so H took their entry whole and the note made
    while the conflict waited was lost. The term lists are then decided as wholes."""
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.poll_timer.pause()
        other = store.load(glossary_dir)
        other.get("qianlima").en[0].term = "Qianlima theirs"
        store.save(other)
        await goto(pilot, "千里马")
        mine = app.glossary.get("qianlima")
        mine.en[0].term = "Qianlima mine"
        app.changed(mine)
        await settle(pilot)
        assert "qianlima" in app.conflicts
        mine = app.glossary.get("qianlima")
        mine.note = "My note."
        app.changed(mine)
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        assert not app.conflicts and app.save_state_text() == "All changes saved."
    entry = on_disk(glossary_dir, "qianlima")
    assert ([t.term for t in entry.en], entry.note) == (["Qianlima theirs"], "My note.")


@pilot_test
async def test_a_recovery_file_cut_short_is_named(glossary_dir: Path) -> None:
    host = recovery._me().split(".")[0]
    path = recovery.path_for(glossary_dir, f"{host}.{GONE}.1-before")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"version": 1, "edits": [{"file": "a.yaml", "entry_', encoding="utf-8")
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said = str(list(app._notifications)[-1].message)
        assert f"cannot be read: {path}" in said
    assert path.exists()  # left for the user to look at


@pilot_test
async def test_quit_does_not_wait_for_a_file_with_no_change_left(glossary_dir: Path) -> None:
    """A file left in the list of unsaved ones with no change in it (H drops an entry's change
    from every file) held a quit for ever: 'waiting for 0 change(s) to reach disk'."""
    from test_tui_no_loss import quits

    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.unsaved["chongqing-programmes.yaml"] = {}
        await pilot.press("q")
        assert await quits(app)


FILE = "chongqing-programmes.yaml"


@pilot_test
async def test_a_file_kept_for_an_edit_not_taken_in_holds_that_edit_alone(
        glossary_dir: Path) -> None:
    """A dead editor's file was kept whole when one of its edits could not be taken in, and
    at every later start its other edits, long saved, were applied again over later
    changes (a reviewer's repro: qianlima rejected again after it was set back)."""
    before = store.load(glossary_dir)
    qianlima, yujindun = before.get("qianlima").to_dict(), before.get("yujindun").to_dict()
    recovery.keep(glossary_dir, [
        recovery.Waiting(FILE, "qianlima", qianlima, dict(qianlima, status="rejected")),
        recovery.Waiting(FILE, "yujindun", yujindun, None)])  # removed there ...
    left_by_a_crash(glossary_dir)
    their_save(glossary_dir, "yujindun", definition="Their definition.")  # ... changed since
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert "Not taken in: yujindun" in str(list(app._notifications)[-1].message)
    assert on_disk(glossary_dir, "qianlima").status is EntryStatus.REJECTED
    (kept,) = recovery.folder().iterdir()
    assert [e["entry_id"] for e in json.loads(kept.read_text(encoding="utf-8"))["edits"]] == [
        "yujindun"]
    their_save(glossary_dir, "qianlima", status=EntryStatus.CANDIDATE)
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
    assert on_disk(glossary_dir, "qianlima").status is EntryStatus.CANDIDATE


@pilot_test
async def test_two_dead_editors_edits_of_one_entry_are_both_taken_in(glossary_dir: Path) -> None:
    """Grouped by entry over all the files, one editor's edit of an entry silently replaced
    the other's: a rejection was lost to a note."""
    base = store.load(glossary_dir).get("qianlima").to_dict()
    host = recovery._me().split(".")[0]
    for pid, mine in ((9_999_998, dict(base, status="rejected")),
                      (9_999_999, dict(base, note="B's note."))):
        recovery.keep(glossary_dir, [recovery.Waiting(FILE, "qianlima", base, mine)])
        os.replace(recovery.path_for(glossary_dir),
                   recovery.path_for(glossary_dir, f"{host}.{pid}.1-before"))
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert not app.conflicts and app.save_state_text() == "All changes saved."
    entry = on_disk(glossary_dir, "qianlima")
    assert (entry.status, entry.note) == (EntryStatus.REJECTED, "B's note.")
    assert not list(recovery.folder().iterdir())


@pilot_test
async def test_a_dead_editors_file_stays_when_ours_cannot_be_written(
        glossary_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = store.load(glossary_dir).get("qianlima").to_dict()
    recovery.keep(glossary_dir, [recovery.Waiting(FILE, "qianlima", base,
                                                  dict(base, status="rejected"))])
    left_by_a_crash(glossary_dir)
    monkeypatch.setattr(recovery, "keep", no_space)
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(list(recovery.folder().iterdir())) == 1  # the only copy of the edit


def test_files_named_by_pid_alone_are_read_and_another_hosts_are_named(
        glossary_dir: Path) -> None:
    recovery.keep(glossary_dir, [recovery.Waiting(FILE, "qianlima", None, None)])
    old = recovery.folder() / f"{recovery._prefix(glossary_dir)}{GONE}.json"
    os.replace(recovery.path_for(glossary_dir), old)
    recovery.keep(glossary_dir, [recovery.Waiting(FILE, "qianlima", None, None)])
    away = recovery.path_for(glossary_dir, f"otherhost.{GONE}.1-x")
    os.replace(recovery.path_for(glossary_dir), away)
    found = recovery.left_behind(glossary_dir)
    assert [p for p, _ in found.files] == [old] and found.elsewhere == [away]


HOLD = """
import sys, time
from pathlib import Path
from cqfin_glossary.store import lock
with lock(Path(sys.argv[1]), timeout=5):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


@pilot_test
async def test_the_last_edit_is_kept_while_another_writer_holds_the_lock(
        glossary_dir: Path) -> None:
    """The disk worker holds its lock while it waits for another writer's; the recovery file,
    which gave up after 50 ms, kept the first edit ('rejected') and not the one after it."""
    import subprocess
    import sys

    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        holder = subprocess.Popen([sys.executable, "-c", HOLD, str(glossary_dir), "8"],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            await pilot.press("x")
            await settle(pilot)
            assert "locked by another writer" in app.save_state_text()
            await pilot.press("c")
            app.poll_disk()  # the retry: the worker waits on the lock again
            await pilot.pause(0.3)
            assert app.keep_now()
            kept = json.loads(recovery.path_for(glossary_dir).read_text(encoding="utf-8"))
            assert [e["mine"]["status"] for e in kept["edits"]] == ["candidate"]
        finally:
            holder.kill()
            holder.wait()


@pilot_test
async def test_an_edit_waiting_for_another_writers_lock_is_kept_before_the_wait(
        glossary_dir: Path) -> None:
    """The recovery writer waited for the disk worker, which held its own lock while it
    waited up to 2 s for another writer's: a kill -9 inside that wait lost the edit."""
    import subprocess
    import sys

    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        holder = subprocess.Popen([sys.executable, "-c", HOLD, str(glossary_dir), "8"],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            await pilot.press("x")
            await pilot.pause(0.5)  # the save is still waiting for the lock
            assert "locked by another writer" not in app.save_state_text()
            kept = json.loads(recovery.path_for(glossary_dir).read_text(encoding="utf-8"))
            assert [(e["entry_id"], e["mine"]["status"]) for e in kept["edits"]] == \
                [("qianlima", "rejected")]
        finally:
            holder.kill()
            holder.wait()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_an_editor_killed_but_not_reaped_is_no_editor_running(glossary_dir: Path) -> None:
    """kill -9 under a parent that never waits (a container without an init) leaves a zombie
    with the editor's pid and start time: its file was taken for a running editor's, and
    the edits it held were never taken in (found under tmux)."""
    import signal
    import time

    pid = os.fork()
    if pid == 0:  # the editor to be killed
        time.sleep(30)
        os._exit(0)
    try:
        started = recovery._started(pid)
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.3)  # not waited for yet: a zombie
        recovery.keep(glossary_dir, [recovery.Waiting(FILE, "qianlima", None, None)])
        host = recovery._me().split(".")[0]
        path = recovery.path_for(glossary_dir, f"{host}.{pid}.{started}")
        os.replace(recovery.path_for(glossary_dir), path)
        assert [p for p, _ in recovery.left_behind(glossary_dir).files] == [path]
    finally:
        os.waitpid(pid, 0)


@pilot_test
async def test_the_status_line_says_first_when_edits_cannot_be_kept_either(
        glossary_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Said after the save error, whose path filled a 160-column line, the warning was cut."""
    monkeypatch.setattr(autosave, "atomic_write_bytes", no_space)
    monkeypatch.setattr(recovery, "keep", no_space)
    app = GlossaryApp(glossary_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, "千里马")
        await pilot.press("x")
        await settle(pilot)
        await settle(pilot)
        assert app.save_state_text().startswith(
            "unsaved edits not even kept for recovery (No space left on device) · 1 unsaved")
