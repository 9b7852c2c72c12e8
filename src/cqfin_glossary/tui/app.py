"""GlossaryApp: the editor's application: layout, workflow keys and the command palette."""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import events, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, ProgressBar, Tab, Tabs

from .. import editing
from ..model import Entry
from ..review import SORTS, STATUSES, ReviewList
from ..store import Glossary
from .edit_actions import EditActions
from .entry_list import EntryList, ListHeader
from .entry_pane import EntryPane
from .focus import HandOnInput, focus_now, moved_since, note_target
from .help_screen import HelpScreen
from .lookup_screen import LookupScreen
from .messages import GlossaryLoaded, MiningDone
from .persistence import StatusLine

KEYS_CHUNK = 500  # per hold of the list's lock: an edit never waits long for it
HEAD_ROWS = 200  # matches found before the list is painted; the rest right after,
COMPLETE_STEP = 6_000  # in slices of this many (~10 ms each), so typing is never kept waiting

# (action, key, footer label, palette title, palette help);
# one table feeds keys, footer, help, palette.
ACTIONS = [
    ("approve", "a", "Approve", "Approve entry", "Mark the entry approved (needs English)"),
    ("reject", "x", "Reject", "Reject entry", "Mark the entry rejected"),
    ("candidate", "c", "Cand.", "Back to candidate", "Return the entry to review"),
    ("next_candidate", "n", "Next", "Next candidate", "Move to the next candidate"),
    ("previous_candidate", "p", "Prev", "Previous candidate", "Move to the previous candidate"),
    ("edit_rendering", "e", "Edit", "Edit rendering", "Edit the highlighted English rendering"),
    ("add_variant", "v", "Variant", "Add variant", "Add an English rendering"),
    ("cycle_term", "s", "Term status", "Cycle rendering status",
     "preferred, admitted, deprecated, superseded"),
    ("undo", "u", "Undo", "Undo", "Undo the last change"),
    ("redo", "r", "Redo", "Redo", "Redo the last undone change"),
    ("filter", "slash", "Filter", "Filter", "Filter by Chinese, English or pinyin"),
    ("make_preferred", "f", "Preferred", "Make preferred",
     "Make the highlighted rendering preferred"),
    ("dismiss", "d", "Dismiss", "Dismiss suggestion", "Drop the highlighted suggestion"),
    ("add_chinese", "z", "Chinese", "Add Chinese variant", "Add a Chinese term to the entry"),
    ("edit_field('definition')", "D", "Definition", "Edit definition", "Edit the definition"),
    ("edit_field('note')", "N", "Note", "Edit note", "Edit the note"),
    ("edit_field('subject')", "S", "Subject", "Edit subject", "Edit the subject field"),
    ("edit_field('pos')", "P", "POS", "Edit part of speech", "noun, verb, adjective, ..."),
    ("edit_field('type')", "T", "Term type", "Edit term type",
     "Term type of the highlighted rendering (fullForm, acronym, ...)"),
    ("toggle_mark", "space", "Mark", "Mark entry",
     "Mark entries; a, x, c and w then act on every marked entry"),
    ("merge_into", "g", "Merge", "Merge into another entry",
     "Fold this entry into another one as a variant"),
    ("move_file", "w", "Move", "Move to another file",
     "Move the entry (or every marked entry) to another glossary file, or a new one"),
    ("keep_mine", "M", "Keep mine", "Keep my version",
     "In a conflict with another writer, keep the version edited here"),
    ("take_theirs", "H", "Take theirs", "Take their version",
     "In a conflict with another writer, take the version they saved"),
    ("hide_shorter", "h", "Hide shorter", "Hide shorter candidates",
     "Toggle: hide candidates that are part of a longer entry's Chinese term"),
    ("cycle_status", "t", "Status", "Switch status view", "candidate, approved, rejected, all"),
    ("cycle_sort", "o", "Sort", "Change sort", "score, frequency, pinyin, last change"),
    ("mine", "m", "Mine", "Mine the corpus",
     "Find new candidates in the corpus (in the background) and merge them"),
    ("export", "ctrl+e", "Export", "Export", "Write PO, TBX, TSV, CSV, JSON or Markdown"),
    ("lookup", "l", "Lookup", "Look up a term", "Search as the lookup command does, then jump"),
    ("help", "question_mark", "Help", "Help", "Show the keys"),
]
FOOTER = {"approve", "reject", "edit_rendering", "add_variant", "undo", "filter", "help"}


class GlossaryApp(EditActions):
    """Review candidates and pair them with English renderings; every change saved at once."""

    CSS_PATH = "app.tcss"
    TITLE = "cqfin-glossary"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, name, label, show=name in FOOTER) for name, key, label, _, _ in ACTIONS),
        Binding("ctrl+q", "quit", "Quit", show=False),
        *(Binding(str(n), f"accept({n - 1})", f"Accept {n}", show=False) for n in range(1, 10)),
        Binding("escape", "leave", "Back to list", show=False),
        Binding("q", "quit", "Quit", show=False),
    ]

    def __init__(self, root: Path, corpus: list[Path] | None = None,
                 glossary: Glossary | None = None):
        super().__init__()
        self.root = Path(root)
        self.corpus = list(corpus or [])
        self.glossary = glossary
        if glossary is not None:
            gc.freeze()  # see _use: long-lived entries need not be walked by every collection
        self.review: ReviewList | None = None
        self.history = editing.History()
        self.status_view = "candidate"
        self._view_token = 0
        self._view_done = False  # whether the list holds every match (see update_row)

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Tabs(*(Tab(s, id=s) for s in STATUSES), id="status")
            yield Label("sort: score", id="sort")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield HandOnInput(placeholder="filter: 中文 / 繁體 / English / pinyin", id="filter",
                                  after_enter=self._filter_entered)
                yield ListHeader(id="list-header")
                yield EntryList(id="list")
            yield EntryPane(id="pane")
        yield ProgressBar(id="progress", classes="hidden", show_eta=False)
        yield StatusLine("loading…", id="savestate")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.setup_persistence()
        self.query_one(EntryPane).related_of = self._related
        self.query_one(EntryPane).file_of = self._file_of
        self.query_one(EntryPane).base_of = self.conflict_bases.get
        focus_now(self.query_one(EntryList))
        if self.glossary is None:
            self.start_load("loaded")
        else:
            self.post_message(GlossaryLoaded(self.glossary, "loaded"))

    # --- keys --------------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:  # read from the terminal
            note_target(event, self.focused)
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        """A key that came back up unhandled from a widget the focus has since left (a key
        typed right after '/', 'e' or 'w') is the new focus's: typing, not a command."""
        focused = self.focused
        if not moved_since(event, focused) or focused is None:
            return  # App._on_key runs next, as for any key
        event.prevent_default()
        key = events.Key(event.key, event.character)
        # Handled here and now, so it keeps its place among the keys around it.
        if isinstance(focused, HandOnInput) and (key.is_printable or key.key == "enter"):
            await focused._on_key(key)  # typed into the prompt or the filter, or submitted
        elif not await self._check_bindings(key.key):  # the new focus's keys (Ctrl+U, Enter)
            focused._forward_event(key)

    # --- the list ------------------------------------------------------------------------

    def on_glossary_loaded(self, message: GlossaryLoaded) -> None:
        first = self.review is None
        self.loading = False
        if self.watch_disk is None:
            self.watch_disk = editing.DiskWatch(self.root)
        if not first:
            self.notify(f"Glossary {message.reason}.", title="Reloaded")
        self._use(message.glossary)
        if first:
            said = self.take_in_left_behind()
            if said:
                self._use(message.glossary)
                self.notify(said, title="Recovered", severity="warning", timeout=30)
        self.show_save_state()
        self.prepare_images(message.glossary.files())

    def _use(self, glossary: Glossary) -> None:
        keep = self._current_id()
        sort = self.review.sort if self.review is not None else "score"
        self.glossary = glossary
        self.review = ReviewList(list(glossary))
        self.review.sort = sort
        # The entries live as long as the app: keep the cyclic GC from re-walking a million
        # objects on every collection (it cost ~0.5 s of the first paint at 100k entries).
        gc.freeze()
        self._refresh_view(keep)
        # Keys are filled once the list is on screen, so the worker does not delay the paint.
        self.call_after_refresh(self._fill_keys, self.review)

    def on_mining_done(self, message: MiningDone) -> None:
        self.query_one("#progress").add_class("hidden")
        if message.error:
            self.notify(message.error, title="Mining failed", severity="error", timeout=15)
            return
        self.remember_order(message.glossary)
        self.images.clear()  # the mining save rewrote files: their chunks are made anew
        self._use(message.glossary)
        self.notify(message.summary, title="Mining done")

    def action_lookup(self) -> None:
        def chosen(entry_id: str | None) -> None:
            if entry_id:
                self.jump_to(entry_id)

        self.push_screen(LookupScreen(str(self.root)), chosen)

    def jump_to(self, entry_id: str) -> None:
        """Show one entry whatever the filter and status view were."""
        if self.review is None or entry_id not in self.review.position:
            self.notify(f"No entry {entry_id!r} in the editor (reload pending?).")
            return
        self.query_one("#filter", Input).value = ""
        self.status_view = "all"
        self.query_one("#status", Tabs).active = "all"
        self._refresh_view(entry_id)
        focus_now(self.query_one(EntryList))

    @work(thread=True, exclusive=True, group="keys")
    def _fill_keys(self, review: ReviewList) -> None:
        # Search keys and pinyin (up to 0.1 ms a term) are made after the first paint.
        while review is self.review and review.fill(KEYS_CHUNK):
            pass
        if review is self.review:  # 'inside it' and 'found in' can be shown now
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self.call_from_thread(self._reshow_entry)

    def _reshow_entry(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.query_one(EntryPane).show(entry, self.conflicts.get(entry.id, entry))

    def _file_of(self, entry: Entry) -> str | None:
        glossary = self.glossary
        return glossary.file_of(entry.id) if glossary is not None and entry.id in glossary \
            else None

    def _refresh_view(self, keep: str | None = None) -> None:
        if self.review is None:
            return
        query = self.query_one("#filter", Input).value
        entries = self.query_one(EntryList)
        head = max(HEAD_ROWS, 2 * entries.size.height)
        view, complete = self.review.select(query, self.status_view, limit=head)
        entries.show(self.review, view, keep)
        entries.border_title = f"{len(view):,} shown" if complete else f"{len(view):,}+ shown"
        self._view_token += 1
        self._view_done = complete
        if not complete:
            self.call_after_refresh(self._complete_view, self._view_token)
        self._show_counts()

    def update_row(self, entry_id: str) -> None:
        """After one entry changed: take it out of the view if it no longer belongs there.

        Re-selecting the view costs a pass over every entry (tens of ms at 100,000);
        only an entry that must appear, or move in the sort order, needs it.
        """
        review, entries = self.review, self.query_one(EntryList)
        row = review.position.get(entry_id) if review is not None else None
        if review is None or row is None or not self._view_done \
                or review.sort not in ("score", "frequency"):
            self._refresh_view(self._current_id())
            return
        belongs = review.matches(row, self.query_one("#filter", Input).value, self.status_view)
        view, cursor = entries.view, entries.cursor
        at = cursor if 0 <= cursor < len(view) and view[cursor] == row else None
        if at is None and row in view:  # C-speed scan: the edit was not on the cursor's row
            at = view.index(row)
        if belongs is None or (at is None and belongs):
            self._refresh_view(self._current_id())
            return
        if at is not None and not belongs:
            entries.drop(at)
            entries.border_title = f"{len(entries.view):,} shown"
        else:
            entries.refresh()
        self._show_counts()

    def _show_counts(self) -> None:
        assert self.review is not None
        counts = self.review.counts()
        tabs = self.query_one("#status", Tabs)
        for status in STATUSES:
            label = f"{status} {counts[status]:,}"
            tab = tabs.query_one(f"#{status}", Tab)
            if str(tab.label) != label:
                tab.label = label

    def _complete_view(self, token: int) -> None:
        """Find the remaining matches a slice at a time between frames, unless typed over."""
        if token != self._view_token or self.review is None:
            return
        view, complete = self.review.more(COMPLETE_STEP)
        entries = self.query_one(EntryList)
        if complete:  # one relayout (scrollbar) at the end, not one per slice
            entries.show(self.review, view, self._current_id())
            entries.border_title = f"{len(view):,} shown"
            self._view_done = True
        else:
            self.call_after_refresh(self._complete_view, token)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self._refresh_view(self._current_id())

    def _filter_entered(self) -> EntryList:
        """Enter in the filter: the list filtered now, so keys typed right after it act on
        the entries it shows (the filter's change events may still be on their way)."""
        self._refresh_view(self._current_id())
        return self.query_one(EntryList)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            focus_now(self.query_one(EntryList))

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab.id and event.tab.id != self.status_view:
            self.status_view = event.tab.id
            self._refresh_view(self._current_id())

    def on_entry_list_highlighted(self, message: EntryList.Highlighted) -> None:
        # The pane follows once the list has repainted, and only for where the cursor stopped:
        # holding a key down never queues a pane render per row passed.
        self.call_after_refresh(self._show_entry, message.entry_id)

    def _show_entry(self, entry_id: str | None) -> None:
        if entry_id != self._current_id():
            return
        entry = self.glossary.get(entry_id) if entry_id and self.glossary else None
        pane = self.query_one(EntryPane)
        if entry is not pane.entry or entry is None:
            pane.show(entry, self.conflicts.get(entry.id, entry) if entry else None)

    def _related(self, entry: Entry) -> tuple[list[Entry], list[Entry]]:
        return self.review.related(entry) if self.review is not None else ([], [])

    def _current_id(self) -> str | None:
        row = self.query_one(EntryList).current
        return row.id if row else None

    def current_entry(self) -> Entry | None:
        entry_id = self._current_id()
        return self.glossary.get(entry_id) if entry_id and self.glossary else None

    # --- moving around -------------------------------------------------------------------

    def focus_entry(self, entry_id: str) -> None:
        """Put the cursor on an entry, in the current view when it is there."""
        entries = self.query_one(EntryList)
        row = self.review.position.get(entry_id) if self.review else None
        if row is not None and row in entries.view:
            entries.cursor = entries.view.index(row)
        else:
            self.jump_to(entry_id)

    def _step_candidate(self, step: int) -> None:
        entries, review = self.query_one(EntryList), self.review
        if review is None:
            return
        n = entries.cursor + step
        while 0 <= n < len(entries.view):
            if review.statuses[entries.view[n]] == "candidate":
                entries.cursor = n
                return
            n += step
        self.notify("No more candidates this way.")

    def action_next_candidate(self) -> None:
        self._step_candidate(1)

    def action_previous_candidate(self) -> None:
        self._step_candidate(-1)

    def action_filter(self) -> None:
        focus_now(self.query_one("#filter", Input))

    def action_leave(self) -> None:
        self.query_one(EntryPane).close_prompt()
        focus_now(self.query_one(EntryList))

    def action_cycle_status(self) -> None:
        # From the tab already asked for, not the view: 't t' typed fast moves two tabs.
        tabs = self.query_one("#status", Tabs)
        current = tabs.active if tabs.active in STATUSES else self.status_view
        tabs.active = STATUSES[(STATUSES.index(current) + 1) % len(STATUSES)]

    def action_cycle_sort(self) -> None:
        if self.review is None:
            return
        sort = SORTS[(SORTS.index(self.review.sort) + 1) % len(SORTS)]
        if sort == "pinyin" and not self.review.pinyin_ready:
            self.notify("Pinyin keys are still being computed; pinyin order is partial.")
        self.review.sort = sort
        self.query_one("#sort", Label).update(f"sort: {sort}")
        self._refresh_view(self._current_id())

    def action_hide_shorter(self) -> None:
        if self.review is None:
            return
        hidden = self.review.hide_shorter(not self.review.hidden)
        self.notify(f"Hiding {hidden} shorter candidate(s) (h shows them again)." if hidden
                    else "Showing every candidate.")
        self._refresh_view(self._current_id())

    def action_help(self) -> None:
        self.push_screen(HelpScreen([(key, title, help_) for _, key, _, title, help_ in ACTIONS]))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for name, _, _, title, help_ in ACTIONS:
            yield SystemCommand(title, help_, functools.partial(self.run_action, name))
        entry = self.current_entry()
        for n, suggestion in enumerate(entry.suggestions[:9] if entry else []):
            yield SystemCommand(
                f"Accept suggestion {n + 1}: {suggestion.term}",
                f"Make it the preferred rendering of {entry.headword if entry else ''}",
                functools.partial(self.action_accept, n))
