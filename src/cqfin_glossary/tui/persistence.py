"""Persistence: loading, saving at once in a worker, and noticing changes made on disk by others."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from textual import work
from textual.app import App

from ..editing import DiskWatch
from ..errors import ConflictError, GlossaryError
from ..store import Glossary, load, save
from .messages import GlossaryLoaded, LoadFailed, SaveDone, SaveFailed

POLL_SECONDS = 1.5


class Persistence(App[None]):
    """Mixed into the editor app: the only code in the TUI that reads or writes the glossary."""

    root: Path
    glossary: Glossary | None
    startup_error: str | None = None

    def setup_persistence(self) -> None:
        # Held while a worker writes or restructures the glossary (save, merge, reload).
        self.write_lock = threading.Lock()
        self._pending: set[str] = set()
        self._pending_guard = threading.Lock()
        self.saving = False
        self.loading = False
        self.unsaved: set[str] = set()  # files whose last save failed (not by a conflict)
        self._forced = False
        self.watch_disk: DiskWatch | None = None
        self.poll_timer = self.set_interval(POLL_SECONDS, self.poll_disk, name="poll-disk")

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
        self.post_message(GlossaryLoaded(glossary, reason))

    def schedule_save(self, files: list[str]) -> None:
        """Write these files now, in the background, in the order edits were made."""
        with self._pending_guard:
            self._pending.update(files)
            if self.saving:
                return  # the running save loop picks them up
            self.saving = True
        self._save_worker()

    @work(thread=True, group="save")
    def _save_worker(self) -> None:
        while True:
            with self._pending_guard:
                files = sorted(self._pending)
                self._pending.clear()
                if not files:
                    self.saving = False
                    return
            self._save_files(files)

    def _save_files(self, files: list[str]) -> None:
        glossary = self.glossary
        if glossary is None:
            return
        try:
            with self.write_lock:
                report = save(glossary, files=files)
                if self.watch_disk is not None:
                    self.watch_disk.mark()
        except ConflictError as err:
            self.post_message(SaveFailed(files, str(err), conflict=True))
        except (GlossaryError, OSError) as err:
            self.post_message(SaveFailed(files, str(err), conflict=False))
        else:
            self.post_message(SaveDone(files, report.merged))

    def poll_disk(self) -> None:
        """Reload when another writer changed the files (never while our own save runs)."""
        if self.saving or self.loading or self.watch_disk is None:
            return
        try:
            changed = self.watch_disk.changed()
        except GlossaryError as err:  # the folder went away: say so once, keep the edits
            self.watch_disk = None
            self.notify(f"{err}; no longer watching it for other writers.", severity="error",
                        timeout=30)
            return
        if changed:
            self.start_load("changed on disk: " + ", ".join(changed[:3])
                            + (" …" if len(changed) > 3 else ""))

    def on_load_failed(self, message: LoadFailed) -> None:
        self.loading = False
        if self.glossary is None:  # nothing to edit: leave, and let the command report it
            self.startup_error = message.error
            self.exit(return_code=2)
            return
        if self.watch_disk is not None:
            self.watch_disk.mark()  # report a broken file once, not every poll
        self.notify(message.error, title="Cannot read the glossary", severity="error",
                    timeout=15)

    def on_save_failed(self, message: SaveFailed) -> None:
        if message.conflict:
            self.notify(f"{message.error}. Reloading from disk; your last change was not "
                        "saved, apply it again.", title="Conflict", severity="error", timeout=20)
            self.start_load("reloaded after a conflict")
        else:
            self.unsaved.update(message.files)
            self.notify(f"{message.error}. The change stays in memory; it is saved again with "
                        "the next change or on quit.", title="Not saved", severity="error",
                        timeout=20)

    def on_save_done(self, message: SaveDone) -> None:
        self.unsaved.difference_update(message.files)

    async def action_quit(self) -> None:
        """Quit once every change is on disk; a save that keeps failing needs a second quit."""
        for worker in list(self.workers):
            if worker.group == "save":
                await worker.wait()
        if self.unsaved and self.glossary is not None and not self._forced:
            try:
                with self.write_lock:
                    save(self.glossary, files=sorted(self.unsaved))
                self.unsaved.clear()
            except GlossaryError as err:
                self._forced = True
                self.notify(f"{err}. Press q again to quit without these changes.",
                            title="Not saved", severity="error", timeout=30)
                return
        self.exit()
