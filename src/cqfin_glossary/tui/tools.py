"""Tools: mining, export and lookup from inside the editor, each through the core functions."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.widgets import ProgressBar

from ..errors import GlossaryError
from ..outputs import write_output
from ..store import save
from .export_screen import ExportRequest, ExportScreen
from .messages import MiningDone
from .persistence import Persistence


class Tools(Persistence):
    """Mixed into the editor app after Persistence: the slow jobs, all in workers."""

    corpus: list[Path]

    def action_mine(self) -> None:
        if self.glossary is None or self.loading:
            self.notify("The glossary is still loading.", severity="warning")
            return
        if not self.corpus:
            self.notify("No corpus given (start with --corpus PATH ...).", severity="warning")
            return
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.remove_class("hidden")
        self.notify(f"Mining {', '.join(str(p) for p in self.corpus)} …")
        self._mine_worker()

    @work(thread=True, exclusive=True, group="mine")
    def _mine_worker(self) -> None:
        glossary = self.glossary
        assert glossary is not None
        bar = self.query_one("#progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            self.call_from_thread(bar.update, total=max(total, 1), progress=done)

        try:
            from ..mining import merge_candidates, mine

            candidates = mine(self.corpus, glossary, progress=progress)
            with self.write_lock:
                self.settle_hashes()  # the store compares the files with their hashes
                report = merge_candidates(glossary, candidates, corpus=self.corpus)
                saved = save(glossary)
                if self.watch_disk is not None:
                    self.watch_disk.mark(saved.written)
        except Exception as err:
            self.post_message(MiningDone(glossary, "", f"{type(err).__name__}: {err}"))
            return
        self.post_message(MiningDone(glossary, report.summary(), None))

    def action_export(self) -> None:
        from ..formats import FORMATS

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self._export_worker(request)

        self.push_screen(ExportScreen(tuple(FORMATS), self.root.resolve().parent), chosen)

    @work(thread=True, exclusive=True, group="export")
    def _export_worker(self, request: ExportRequest) -> None:
        from ..formats import export_glossary

        glossary = self.glossary
        if glossary is None:
            return
        try:
            with self.write_lock:  # a consistent picture while a merge may be running
                text = export_glossary(glossary, request.fmt, script=request.script,
                                       status=request.status)
            write_output(Path(request.path), text.encode("utf-8"), self.root)
        except (GlossaryError, OSError) as err:
            self.call_from_thread(self.notify, str(err), title="Export failed", severity="error")
            return
        self.call_from_thread(self.notify, f"Wrote {request.path} ({request.fmt}, "
                              f"{request.script}, {request.status}).", title="Exported")
