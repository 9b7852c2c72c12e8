"""Persistence: loading, saving each change at once, and merging what other writers saved.

Edits change entries on the UI thread only. Each edit leaves its entry's new
dict and YAML chunk in ``unsaved``; one disk worker writes them (chunks, so a
one-entry change is fast at any size) and parses files another writer
changed; the merge of those files into the entries in memory runs back on the
UI thread, so it can never race an edit. Nothing in ``unsaved`` is dropped
until it is on disk, and its state is always on the status line.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections import deque
from pathlib import Path

from filelock import AcquireReturnProxy, Timeout
from textual import work
from textual.app import App
from textual.timer import Timer
from textual.widget import Widget

from .. import autosave, recovery
from ..autosave import Change, DiskChanged, FileImage, Theirs
from ..editing import DiskWatch
from ..errors import GlossaryError
from ..model import Entry
from ..store import Glossary, load, lock
from .messages import GlossaryLoaded, LoadFailed, Merged, SaveDone, SaveFailed

POLL_SECONDS = 1.5
LOCK_WAIT = 2.0  # then the save is retried at the next poll and the status line says why


class StatusLine(Widget):
    """One line saying whether every change is on disk; repainted, never re-laid out."""

    def __init__(self, text: str, *, id: str | None = None):
        super().__init__(id=id)
        self.text = text

    def say(self, text: str) -> None:
        if text != self.text:  # a save per keystroke must not repaint the line twice
            self.text = text
            self.refresh()

    def render(self) -> str:
        return self.text


class Persistence(App[None]):
    """Mixed into the editor app: the only code in the TUI that reads or writes the glossary."""

    root: Path
    glossary: Glossary | None
    startup_error: str | None = None

    def setup_persistence(self) -> None:
        self.write_lock = threading.Lock()  # held by a worker writing or restructuring
        self.unsaved: dict[str, dict[str, Change]] = {}  # file -> entry id -> change
        # Held while a change touching several files is recorded or read: a move must never
        # be seen half recorded (removed from one file, not yet added to the other).
        self._unsaved_guard = threading.Lock()
        self.conflicts: dict[str, Entry | None] = {}  # entry id -> the other writer's version
        self.conflict_files: dict[str, str] = {}  # entry id -> the file their version is in
        # entry id -> the entry both sides changed from, for M and H to merge field by field
        self.conflict_bases: dict[str, dict | None] = {}
        self._to_settle: set[str] = set()  # files written whose hash is still pending
        self._tied: dict[str, set[str]] = {}  # entry id -> ids whose changes are one (a merge)
        self.images: dict[str, FileImage] = {}
        self.save_errors: dict[str, str] = {}
        self.written: set[str] = set()  # files written by fast saves: parse cache to refresh
        self._jobs: deque[tuple[str, str]] = deque()
        self._jobs_guard = threading.Lock()
        self._disk_busy = False
        self._merging: set[str] = set()
        self._order: dict[str, list[str]] = {}  # file -> entry ids as loaded
        self.preparing = ""  # what the disk worker is doing besides saving, for the status
        self.loading = False
        self.quitting = ""
        self._forced = False
        self._quit_wanted = False
        self._quit_timer: Timer | None = None
        self._watch_lost = False  # the folder could not be read at the last poll
        self.watch_disk: DiskWatch | None = None
        self._kept = ""  # the waiting edits last written for recovery (see keep_waiting)
        self._keep_guard = threading.Lock()
        self._rewrites: list[tuple[Path, list[recovery.Waiting]]] = []  # see take_in_left_behind
        self.recovery_error = ""
        self.poll_timer = self.set_interval(POLL_SECONDS, self.poll_disk, name="poll-disk")

    # --- loading ---------------------------------------------------------------------------

    def start_load(self, reason: str) -> None:
        self.loading = True
        self._load_worker(reason)

    @work(thread=True, exclusive=True, group="load")
    def _load_worker(self, reason: str) -> None:
        try:
            with self.write_lock:
                glossary = load(self.root)
                self.watch_disk = DiskWatch(self.root)
            gc.freeze()  # the entries live as long as the app; spare the GC from walking them
        except GlossaryError as err:
            self.post_message(LoadFailed(str(err)))
            return
        self.remember_order(glossary)  # while nothing else can change the glossary yet
        self.post_message(GlossaryLoaded(glossary, reason))

    def remember_order(self, glossary: Glossary) -> None:
        """Each file's entry ids in order, as they are on disk after a load or a full save."""
        order: dict[str, list[str]] = {}
        for entry in glossary:
            order.setdefault(glossary.file_of(entry.id), []).append(entry.id)
        self._order = order

    def _prepare(self, file: str) -> None:
        """Make a file's image before the first edit needs it (in the disk worker)."""
        if file not in self.images and file not in self._merging:
            self.preparing = f"preparing {file} for fast saves…"
            self.call_from_thread(self.show_save_state)
            try:
                with self.write_lock:
                    self._image(file).parts_with({})  # joins its blocks ahead of the first save
            except GlossaryError:
                pass  # changed meanwhile: the first save merges it, then builds it
            finally:
                self.preparing = ""

    def _image(self, file: str) -> FileImage:
        """The file's chunks: split from its text when we wrote it, else one dump per entry."""
        image = self.images.get(file)
        if image is None:
            assert self.glossary is not None
            state = self.glossary._base.get(file)
            sha = state.sha256 if state is not None else None
            ids = self._order.get(file) if sha and autosave.is_canonical(self.root / file,
                                                                          sha) else None
            if ids is not None:
                with contextlib.suppress(GlossaryError):  # not as loaded: dump it below
                    image = autosave.build_image(self.root / file, sha, ids, None)
            if image is None:
                dicts = autosave.base_dicts(self.glossary, file)
                image = autosave.build_image(self.root / file, sha, list(dicts), dicts)
            self.images[file] = image
        return image

    # --- the disk worker -------------------------------------------------------------------

    def record(self, file: str, entry_id: str, change: Change) -> None:
        """Keep an edit until it is on disk, and have it written now."""
        self.record_many({file: {entry_id: change}})

    def record_many(self, changes: dict[str, dict[str, Change]]) -> None:
        """Keep changes to several files as one: written to all of them at once (see _group),
        whether an entry moved (one id in two files) or two entries were merged."""
        ids = {i for entries in changes.values() for i in entries}
        with self._unsaved_guard:
            for file, entries in changes.items():
                self.unsaved.setdefault(file, {}).update(entries)
            if len(ids) > 1 and len(changes) > 1:
                for entry_id in ids:
                    self._tied[entry_id] = self._tied.get(entry_id, set()) | ids
        self.schedule_save(list(changes))

    def prepare_images(self, files: list[str]) -> None:
        for file in files:
            self._queue("prepare", file)

    def schedule_save(self, files: list[str]) -> None:
        for file in files:
            self._queue("save", file)

    def _queue(self, kind: str, file: str) -> None:
        with self._jobs_guard:
            if (kind, file) not in self._jobs:
                self._jobs.append((kind, file))
            start, self._disk_busy = not self._disk_busy, True
        self.show_save_state()
        if start:
            self._disk_worker()

    @work(thread=True, group="save")
    def _disk_worker(self) -> None:
        while True:
            with self._jobs_guard:
                if not self._jobs and not self._to_settle:
                    self._disk_busy = False
                    break
                kind, file = self._jobs.popleft() if self._jobs else ("settle", "")
            if kind == "settle":  # after a burst of saves, not during one
                with self.write_lock:
                    self.settle_hashes()
            elif kind == "save":
                self._save_one(file)
            elif kind == "prepare":
                self._prepare(file)
            else:
                self._read_one(file)
        self.call_from_thread(self.show_save_state)

    def settle_hashes(self) -> None:
        """Hash the files saves left pending (the caller holds write_lock): before the store
        compares them (mining saves through it) and once typing pauses."""
        while self._to_settle:
            file = self._to_settle.pop()
            image = self.images.get(file)
            if image is not None:
                image.digest()
                if self.images.get(file) is image:  # not replaced by a merge meanwhile
                    autosave.settle(self.root, file, image, self.glossary)

    def _group(self, file: str) -> dict[str, dict[str, Change]]:
        """The changes to write with ``file``'s: those of every file sharing an entry with it
        (moved entries), so the removal and the addition reach disk together. A snapshot: the
        UI thread may record more edits while these are written."""
        with self._unsaved_guard:
            unsaved = {f: dict(c) for f, c in self.unsaved.items()}
            tied = {i: set(t) for i, t in self._tied.items()}
        group, todo = {file}, [file]
        while todo:
            ids = set(unsaved.get(todo.pop(), {}))
            ids.update(*(tied.get(i, ()) for i in list(ids)))
            for other, changes in unsaved.items():
                if other not in group and not ids.isdisjoint(changes):
                    group.add(other)
                    todo.append(other)
        # An entry waiting for the editor's choice holds back every change made with it.
        blocked = set(self.conflicts)
        blocked.update(*(tied.get(i, ()) for i in list(blocked)))
        out = {f: {i: c for i, c in unsaved.get(f, {}).items() if i not in blocked}
               for f in sorted(group)}
        return {f: c for f, c in out.items() if c}

    def _save_one(self, file: str) -> None:
        glossary = self.glossary
        group = self._group(file)
        if glossary is None or not group or self._merging & group.keys():
            return
        files = list(group)
        if not self.root.is_dir():
            # Gone (moved, unmounted): the lock and the file would be made afresh in a new
            # empty folder, and the other entries read as deleted there. The changes wait.
            self.post_message(SaveFailed(files, f"the glossary folder {self.root} is gone; the "
                                         "changes are kept and saved once it is back",
                                         conflict=False))
            return
        try:
            with self._glossary_lock(), self.write_lock:
                plan = {f: (self._image(f), c) for f, c in group.items()}
                written = autosave.write_files(self.root, plan)
                for one in written:
                    autosave.advance_base(glossary, one)
                self._to_settle.update(files)
                if self.watch_disk is not None:
                    self.watch_disk.mark(files)
        except DiskChanged as err:
            self._merging.add(err.name)
            self._read_one(err.name)
        except Timeout:
            self.post_message(SaveFailed(files, "the glossary is locked by another writer; "
                                         "retrying", conflict=False))
        except (GlossaryError, OSError) as err:
            self.post_message(SaveFailed(files, _reason(err), conflict=False))
        else:
            self.post_message(SaveDone(written))

    def _glossary_lock(self) -> AcquireReturnProxy:
        """The glossary's writer lock, taken before write_lock: while another writer holds it,
        the edits waiting for it are first written for recovery (which needs write_lock), so
        a crash during the wait loses none of them."""
        handle = lock(self.root)
        try:
            return handle.acquire(timeout=0)
        except Timeout:
            self.keep_now()
            self.call_from_thread(self.show_save_state)
            return handle.acquire(timeout=LOCK_WAIT)

    def _read_one(self, file: str) -> None:
        """Parse a file another writer changed; the UI thread merges it (see on_merged)."""
        glossary = self.glossary
        if glossary is None:
            return
        image = self.images.get(file)
        if image is not None and autosave.unchanged(self.root / file, image):
            return  # our own save, seen by the poll before it was marked as ours
        self._merging.add(file)
        self.preparing = f"reading {file} (changed by another writer)…"
        self.call_from_thread(self.show_save_state)
        try:
            with self.write_lock:
                theirs = autosave.read_theirs(self.root, file,
                                              autosave.base_dicts(glossary, file),
                                              self.images.get(file))
        except (GlossaryError, OSError) as err:
            self._merging.discard(file)
            self.post_message(SaveFailed([file], _reason(err), conflict=True))
            return
        finally:
            self.preparing = ""
        self.post_message(Merged(theirs))

    def poll_disk(self) -> None:
        """Merge files another writer changed; retry saves that failed."""
        if self.loading or self.watch_disk is None:
            return
        try:
            changed = self.watch_disk.changed()
        except (GlossaryError, OSError) as err:
            # The folder went away (or cannot be read): say so once, keep the edits, and keep
            # looking, so that saves go on once it is back. (Watching stopped for good here,
            # and no failed save was retried again.)
            if not self._watch_lost:
                self._watch_lost = True
                self.notify(f"{err}; edits are kept and saved once it can be read again.",
                            severity="error", timeout=30)
            self._retry_saves()
            return
        if self._watch_lost:
            self._watch_lost = False
            self.notify("The glossary folder can be read again.", timeout=10)
        self.watch_disk.mark(changed)
        for file in changed:
            self._queue("read", file)
        self._retry_saves()
        self.keep_waiting()

    def _retry_saves(self) -> None:
        for file in list(self.save_errors):
            if file in self.unsaved and file not in self._merging:
                self.schedule_save([file])

    # --- results, on the UI thread -----------------------------------------------------------

    def on_load_failed(self, message: LoadFailed) -> None:
        self.loading = False
        if self.glossary is None:  # nothing to edit: leave, and let the command report it
            self.startup_error = message.error
            self.exit(return_code=2)
            return
        self.notify(message.error, title="Cannot read the glossary", severity="error",
                    timeout=15)

    def on_save_failed(self, message: SaveFailed) -> None:
        for file in message.files:
            self.save_errors[file] = message.error
        self.keep_waiting()
        self.show_save_state()

    def take_in_left_behind(self) -> str:
        """Take in the waiting edits of editors on this glossary that ended before saving them
        (see recovery.py), as if made here: each on the entry as it is now when it is as they
        found it, merged field by field when another writer changed other fields, and a
        conflict to decide (M, H) when the same field; returns what to tell the user. Each
        file in turn (two dead editors may have edited one entry), each entry of it as one
        edit (a move is two records)."""
        glossary = self.glossary
        found = recovery.left_behind(self.root)
        notes = []
        if found.unreadable:
            notes.append("A recovery file left by an editor that ended cannot be read: "
                         f"{', '.join(map(str, found.unreadable))}; its edits are not taken in.")
        if found.elsewhere:
            notes.append("Recovery files of editors on another host are not taken in here: "
                         f"{', '.join(map(str, found.elsewhere))}.")
        if glossary is None or not found.files:
            return " ".join(notes)
        taken = conflicts = 0
        left: dict[Path, list[recovery.Waiting]] = {}
        for path, edits in found.files:
            by_id: dict[str, list[recovery.Waiting]] = {}
            for edit in edits:
                by_id.setdefault(edit.entry_id, []).append(edit)
            for entry_id, group in by_id.items():
                outcome = self._take_in(entry_id, group)
                if outcome == "left":
                    left.setdefault(path, []).extend(group)
                elif outcome:
                    taken += 1
                    conflicts += outcome == "conflict"
        # Their files keep only what was not taken in, once ours holds what was: a crash now
        # loses nothing, and a file kept whole re-applied its edits over later changes
        self._rewrites = [(path, left.get(path, [])) for path, _ in found.files]
        self.keep_now()
        said = (f"Took in {taken} change(s) an editor of this glossary could not save before it "
                "ended; they are being saved now." if taken else "")
        if conflicts:
            said += (f" {conflicts} of them conflict with a later change: M keeps yours, "
                     "H takes the file's.")
        if left:
            ids = sorted({e.entry_id for edits in left.values() for e in edits})
            said += (f" Not taken in: {', '.join(ids)} (changed or removed since in a way they "
                     f"cannot go with); they stay in {', '.join(map(str, left))}.")
        return " ".join([said.strip(), *notes]).strip()

    def _take_in(self, entry_id: str, group: list[recovery.Waiting]) -> str:
        """One entry's recovered edit: '' (nothing left to do), 'taken', 'conflict' or 'left'."""
        glossary = self.glossary
        assert glossary is not None
        placed = [e for e in group if e.mine is not None]
        mine = placed[-1].mine if placed else None
        file = placed[-1].file if placed else group[0].file
        base = next((e.base for e in group if e.base is not None), None)  # a move's removal
        now = glossary.get(entry_id)
        where = glossary.file_of(entry_id) if now is not None else None
        disk = now.to_dict() if now is not None else None
        if disk == mine and (mine is None or where == file):
            return ""  # saved after all
        if mine is None:  # removed here
            if now is None or disk != base:
                return "" if now is None else "left"  # they changed what was removed
            glossary.remove(entry_id)
            self.record_many({where or file: {entry_id: None}})
            return "taken"
        try:
            ours = _entry_of(mine, file)
            conflict = disk is None and base is not None  # they removed what was edited
            merged = None if disk in (base, None) else _both(base, (mine, ""), disk, file)
            conflict = conflict or (disk not in (base, None) and merged is None)
            entry = merged or ours
            if entry is None:
                return "left"
            chunk = autosave.entry_chunk(entry)
        except GlossaryError:
            return "left"
        if conflict:
            self.conflicts[entry_id] = now
            self.conflict_files[entry_id] = where or file  # where their version is
            self.conflict_bases[entry_id] = base
        changes: dict[str, dict[str, Change]] = {}
        if now is not None and where != file:
            changes[where or file] = {entry_id: None}
            glossary.remove(entry_id)
        if entry_id in glossary:
            glossary.replace(entry)
        else:
            glossary.add(entry, file)
        changes.setdefault(file, {})[entry_id] = chunk
        self.record_many(changes)
        return "conflict" if conflict else "taken"

    def keep_waiting(self) -> None:
        """Write the edits not yet on disk where the next start finds them after a crash (see
        recovery.py), or remove that file once none wait. Called when a save fails, a conflict
        holds one back, at each poll while any waits, and when all are saved; not on every
        edit, whose save takes a few milliseconds. In a thread: it waits for the disk
        worker, which may be waiting for another writer's lock."""
        if self.glossary is not None and (self.unsaved or self._kept):
            self._keep_worker()

    @work(thread=True, group="recovery")
    def _keep_worker(self) -> None:
        self.keep_now()
        self.call_from_thread(self.show_save_state)

    def keep_now(self) -> bool:
        """``keep_waiting`` in this thread; whether the file on disk holds what waits now."""
        glossary = self.glossary
        if glossary is None:
            return False
        with self._keep_guard:  # one writer at a time, so the last snapshot is the one kept
            # The bases are the disk worker's to advance: read under its lock (read meanwhile,
            # a base's dict changed size under us)
            with self.write_lock, self._unsaved_guard:
                waiting = []
                for file, changes in sorted(self.unsaved.items()):
                    base = autosave.base_dicts(glossary, file)
                    for entry_id, change in changes.items():
                        before = self.conflict_bases[entry_id] \
                            if entry_id in self.conflict_bases else base.get(entry_id)
                        waiting.append(recovery.Waiting(file, entry_id, before,
                                                        change[0] if change else None))
            snapshot = repr([vars(w) for w in waiting]) if waiting else ""
            if snapshot == self._kept and not self._rewrites:
                return not self.recovery_error
            try:
                recovery.keep(self.root, waiting)
            except OSError as err:
                self.recovery_error = ("unsaved edits not even kept for recovery "
                                       f"({err.strerror or err})")
                return False
            self._kept, self.recovery_error = snapshot, ""
            rewrites, self._rewrites = self._rewrites, []
            for path, edits in rewrites:
                with contextlib.suppress(OSError):  # what stays is said when taken in
                    recovery.rewrite(path, edits)
            return True

    def on_save_done(self, message: SaveDone) -> None:
        with self._unsaved_guard:
            for written in message.written:
                self.save_errors.pop(written.file, None)
                self.written.add(written.file)
                pending = self.unsaved.get(written.file, {})
                for entry_id, change in written.changes.items():
                    if pending.get(entry_id, 0) is change:  # not edited again meanwhile
                        del pending[entry_id]
                if not pending:
                    self.unsaved.pop(written.file, None)
            for entry_id in [i for i in self._tied
                             if not any(i in c for c in self.unsaved.values())]:
                del self._tied[entry_id]
        if self._kept:  # only once waiting edits were written for recovery
            self.keep_waiting()
        self.show_save_state()

    def merge_theirs(self, theirs: Theirs) -> tuple[set[str], set[str], bool]:
        """Take in another writer's file: (ids taken, ids in conflict, entries added/removed)."""
        glossary = self.glossary
        assert glossary is not None
        with self._unsaved_guard:
            taken, conflicted, structural = self._take(theirs)
            pending = self.unsaved.get(theirs.file, {})
            if not pending:
                self.unsaved.pop(theirs.file, None)
        autosave.adopt_theirs(glossary, theirs)
        self.images[theirs.file] = theirs.image
        self._to_settle.discard(theirs.file)
        self._merging.discard(theirs.file)
        self.save_errors.pop(theirs.file, None)
        if pending:
            self.schedule_save([theirs.file])
        if conflicted:
            self.keep_waiting()
        return taken, conflicted, structural

    def _take(self, theirs: Theirs) -> tuple[set[str], set[str], bool]:
        glossary = self.glossary
        assert glossary is not None
        pending = self.unsaved.get(theirs.file, {})
        base = autosave.base_dicts(glossary, theirs.file)
        taken, conflicted, structural = set(), set(), False
        for entry_id in theirs.changed:
            mine = theirs_entry = theirs.entries.get(entry_id)
            if entry_id in pending:
                change = pending[entry_id]
                # in conflict already: weighed against the entry both sides changed from, not
                # their first version (which a field changed both ways would read as ours)
                before = self.conflict_bases[entry_id] if entry_id in self.conflict_bases \
                    else base.get(entry_id)
                if (change[0] if change else None) == theirs.dicts.get(entry_id):
                    del pending[entry_id]  # both made the same change
                    self._settled(entry_id)
                    taken.add(entry_id)
                elif (merged := _both(before, change, theirs.dicts.get(entry_id),
                                      theirs.file)) is not None:
                    self._settled(entry_id)
                    # different fields of one entry: both kept, field by field as the git
                    # merge driver does ('M keeps mine' wrote over their fix of another
                    # field, which the conflict box did not even show)
                    glossary.replace(merged)
                    pending[entry_id] = autosave.entry_chunk(merged)
                    taken.add(entry_id)
                else:
                    self.conflicts[entry_id] = theirs_entry
                    self.conflict_files[entry_id] = theirs.file
                    self.conflict_bases.setdefault(entry_id, base.get(entry_id))
                    conflicted.add(entry_id)
                continue
            taken.add(entry_id)
            if mine is None:
                if entry_id in glossary:
                    glossary.remove(entry_id)
                    structural = True
            elif entry_id in glossary:
                glossary.replace(mine)
            else:
                glossary.add(mine, theirs.file)
                structural = True
        return taken, conflicted, structural

    def _settled(self, entry_id: str) -> None:
        """The conflict on an entry is over: another change of theirs agrees with ours."""
        self.conflicts.pop(entry_id, None)
        self.conflict_files.pop(entry_id, None)
        self.conflict_bases.pop(entry_id, None)

    def show_save_state(self) -> None:
        """The status line: what is saved, being saved, failing, or waiting for a choice."""
        try:
            line = self.query_one("#savestate", StatusLine)
        except Exception:
            return  # not mounted yet
        line.say(self.save_state_text())
        trouble = bool(self.save_errors or self.conflicts)
        line.set_class(trouble, "trouble")
        if not trouble:
            self._forced = False  # a later quit waits again instead of dropping changes

    def save_state_text(self) -> str:
        parts = []
        if self.quitting:
            parts.append(self.quitting)
        if self.preparing:
            parts.append(self.preparing)
        for file, changes in sorted(self.unsaved.items()):
            n = len([i for i in changes if i not in self.conflicts])
            if n and file in self.save_errors:
                parts.append(f"{n} unsaved change{'s' * (n != 1)} in {file}: "
                             f"{self.save_errors[file]}")
            elif n:
                parts.append(f"saving {n} change{'s' * (n != 1)} to {file}…")
        if self.conflicts:
            names = ", ".join(sorted(self.conflicts)[:3])
            parts.append(f"{len(self.conflicts)} conflict(s) with another writer ({names}): "
                         "M keeps mine, H takes theirs")
        for file, error in sorted(self.save_errors.items()):
            if file not in self.unsaved:
                parts.append(f"{file}: {error}")
        if self.recovery_error and self.unsaved:
            # first: the save error before it names a path that filled a 160-column line
            parts.insert(0, self.recovery_error)
        return " · ".join(parts) if parts else "All changes saved."

    # --- quitting ----------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit once every change is on disk, saying what it waits for. With changes that
        cannot be saved yet (an error, a conflict), a first press says so and keeps waiting,
        quitting by itself once they are saved; a second press quits without them.

        The waiting is a timer, not an await: awaited in the key binding, it held up the
        app's own messages, among them the one saying a save was done, so a quit pressed
        while a save was on its way waited for it forever (and the edit was lost when the
        editor was killed)."""
        if self.save_errors or self.conflicts:
            if self._forced:
                self.keep_now()  # for the next start, which takes them in
                self.exit(return_code=1)  # changes not saved: the command exits 1, not 0
                return
            self._forced = True
            self.notify("Some changes are not on disk (see the status line). The editor quits "
                        "once they are saved; press q again to quit without them (they are "
                        "kept, and the next start takes them in).",
                        title="Not saved", severity="error", timeout=30)
        self._quit_wanted = True
        self._quit_step()

    def _quit_step(self) -> None:
        if not self._quit_wanted:
            return
        if self._saving_left():
            waiting = sum(len(c) for c in self.unsaved.values())
            self.quitting = f"Quitting: waiting for {waiting} change(s) to reach disk…"
            if self.save_errors or self.conflicts:
                self._forced = True  # arisen while waiting: a second q drops them too
            if self._quit_timer is None:
                self._quit_timer = self.set_interval(0.1, self._quit_step)
            self.show_save_state()
            return
        if self._quit_timer is not None:
            self._quit_timer.stop()
            self._quit_timer = None
        self._quit_wanted = False
        if self.written:
            files = ", ".join(sorted(self.written))
            self.quitting = f"Quitting: writing the load cache of {files} for a fast next start…"
            self.show_save_state()
            self._cache_worker(then_exit=True)
        else:
            self.exit()

    def _saving_left(self) -> bool:
        """A change not yet on disk, a save or a disk check under way, an error or conflict.
        A file with no change left counts for nothing (an empty one held a quit forever,
        'waiting for 0 change(s)')."""
        return bool(any(self.unsaved.values()) or self._disk_busy or self.save_errors
                    or self.conflicts
                    or any(w.group == "save" and not w.is_finished for w in self.workers))

    @work(thread=True, group="cache")
    def _cache_worker(self, then_exit: bool = False) -> None:
        try:
            self._write_load_cache()
        finally:
            if then_exit:
                self.call_from_thread(self.exit)

    def _write_load_cache(self) -> None:
        glossary = self.glossary
        if glossary is None:
            return
        with self.write_lock:
            for file in sorted(self.written):
                image = self.images.get(file)
                if any(i not in self.conflicts for i in self.unsaved.get(file, {})):
                    continue  # memory is ahead of the file: caching it would be wrong
                disk = {i: e for i, e in self.conflicts.items() if e is not None}
                if image is not None and autosave.sha_of(self.root / file) == image.digest():
                    autosave.refresh_parse_cache(glossary, file, image, disk)


def _both(base: dict | None, change: Change, theirs: dict | None, file: str,
          prefer: str | None = None, by_term: bool = True) -> Entry | None:
    """One entry holding our change and theirs, when they changed different fields (None
    when a field was changed both ways, or either side removed the entry); with ``prefer``
    ("ours", "theirs"), a field changed both ways takes that side's value."""
    from ..gitmerge import merge_entry

    if change is None or theirs is None or base is None:
        return None
    merged = merge_entry(base, change[0], theirs, prefer, by_term)
    return None if merged is None else _entry_of(merged, file)


def settle(base: dict | None, mine: Entry, theirs: Entry, file: str, prefer: str) -> Entry:
    """The entry after the editor's M (``prefer`` "ours") or H ("theirs") on a conflict: the
    fields changed both ways as that side has them, every other change of either side kept.
    'M' wrote over their fix of a field only they had changed, and 'H' dropped a note only
    this editor had added. The chosen side whole when no merge holds (no base known)."""
    ours, their = (mine.to_dict(), ""), theirs.to_dict()
    # Term by term first; when that makes an entry the store refuses (both renamed the one
    # preferred rendering: two preferred), the term lists are decided as wholes, and the
    # other fields still merge (H dropped a note made while the conflict waited)
    merged = _both(base, ours, their, file, prefer) or _both(base, ours, their, file, prefer,
                                                            by_term=False)
    return merged if merged is not None else (mine if prefer == "ours" else theirs)


def _entry_of(data: dict, file: str) -> Entry | None:
    """The entry ``data`` reads as, None when the store would refuse it."""
    from ..schema import read_entries
    from ..yamlio import lined

    entries, problems = read_entries(lined([data]), file)
    return entries[0][0] if entries and not problems else None


def _reason(err: Exception) -> str:
    """Why a save failed, short enough for the status line (which already names the file)."""
    if isinstance(err, GlossaryError):
        return err.message
    return f"{type(err).__name__}: {err}"
