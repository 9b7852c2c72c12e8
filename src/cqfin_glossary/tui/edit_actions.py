"""EditActions: every change to entries, checked before it is applied, then saved and undoable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import autosave, editing
from ..errors import GlossaryError, UsageError
from ..model import Entry, EntryStatus, TermStatus
from ..review import ReviewList
from ..store import Glossary
from .entry_list import EntryList
from .entry_pane import EntryPane
from .focus import focus_now
from .messages import Merged
from .move_screen import MoveScreen
from .persistence import settle
from .tools import Tools

FIELD_PROMPTS = {"definition": "Definition", "note": "Note", "subject": "Subject",
                 "pos": "Part of speech (noun, verb, adjective, adverb, properNoun, other)",
                 "type": "Term type (fullForm, acronym, abbreviation, shortForm, variant, "
                         "phrase)"}


_REFUSED = "Refused (fix it, or Esc): "  # ahead of the label, which a narrow pane cuts


class EditActions(Tools):
    """Mixed into the editor app: the actions that change entries."""

    review: ReviewList | None
    history: editing.History

    # Provided by the app.
    def current_entry(self) -> Entry | None: ...
    def _current_id(self) -> str | None: ...
    def _refresh_view(self, keep: str | None = None) -> None: ...
    def update_row(self, entry_id: str) -> None: ...
    def jump_to(self, entry_id: str) -> None: ...
    def focus_entry(self, entry_id: str) -> None: ...
    def _use(self, glossary: Glossary) -> None: ...
    def _reshow_entry(self) -> None: ...
    def action_leave(self) -> None: ...

    # --- one change ----------------------------------------------------------------------

    def edit(self, label: str, change: Callable[[Entry], object],
             entry: Entry | None = None) -> bool:
        """Apply one change to an entry (the current one by default), refusing an invalid one.

        The change is tried on a copy and the copy checked as the loader would: an
        edit that could not be saved never reaches the entry.
        """
        entry = entry or self.current_entry()
        if entry is None:
            self.notify("No entry selected.", severity="warning")
            return False
        if self.loading or self.glossary is None:
            self.notify("The glossary is still loading; try again in a moment.",
                        severity="warning")
            return False
        trial = editing.snapshot(entry)
        try:
            change(trial)
            chunk = autosave.entry_chunk(trial)
        except GlossaryError as err:
            self.notify(f"Not changed: {err.message}", severity="warning", timeout=8)
            return False
        before = editing.snapshot(entry)
        editing.restore(entry, trial)
        self.history.record(label, before, entry)
        self.changed(entry, chunk)
        return True

    def changed(self, entry: Entry, chunk: autosave.Change | None = None) -> None:
        assert self.review is not None and self.glossary is not None
        self.review.update(entry)
        self.record(self.glossary.file_of(entry.id), entry.id,
                    chunk or autosave.entry_chunk(entry))
        self.update_row(entry.id)
        if self._current_id() == entry.id:
            self.query_one(EntryPane).show(entry, self.conflicts.get(entry.id, entry))

    def on_merged(self, message: Merged) -> None:
        """Another writer's file: take their entries we did not touch, flag the ones we both did."""
        if self.glossary is None or self.review is None:
            return
        pane = self.query_one(EntryPane)
        prompted = self.glossary.get(pane.target_id) if pane.mode else None
        before = prompted.to_dict() if prompted is not None else None
        taken, conflicted, structural = self.merge_theirs(message.theirs)
        dropped = self.history.forget(taken)
        if pane.mode and pane.target_id in taken | conflicted:
            changed = pane.target_id
            target = self.glossary.get(changed)
            name = target.headword if target else changed
            if changed in conflicted or not _prompt_holds(pane.mode, pane.target, before,
                                                          target):
                pane.mark_stale(f"another writer changed {name}")
                self.notify(f"Another writer changed {name} while the prompt was open: what "
                            "you type there will not be applied (Esc closes it).",
                            severity="warning", timeout=20)
            else:
                self.notify(f"Another writer changed {name} while the prompt was open, not "
                            "in what it edits: their change is taken in, and Enter applies "
                            "yours on top.", timeout=10)
        if structural:
            self._use(self.glossary)
        else:
            for entry_id in taken | conflicted:
                entry = self.glossary.get(entry_id)
                if entry is not None:
                    self.review.update(entry)
            self._refresh_view(self._current_id())
        current = self.current_entry()
        if current is not None:
            pane.show(current, self.conflicts.get(current.id, current))
        if taken or conflicted:
            self.notify(f"Took in {len(taken)} entr{'y' if len(taken) == 1 else 'ies'} another "
                        f"writer saved in {message.theirs.file}"
                        + (f"; {len(conflicted)} conflict(s) kept both versions"
                           if conflicted else "")
                        + (f"; {dropped} undo step(s) of those entries dropped" if dropped else "")
                        + ".", title="Merged")
        self.show_save_state()

    # --- conflicts -----------------------------------------------------------------------

    def _to_conflict(self) -> None:
        """M or H pressed away from any conflict: show the first entry in conflict (the cursor
        has often moved on, or the entry left the view when its status changed), and let
        the next key decide once both versions are in view."""
        if not self.conflicts:
            self.notify("No entry is in conflict with another writer.")
            return
        first = min(self.conflicts)
        self.jump_to(first)
        entry = self.current_entry()
        name = entry.headword if entry is not None else first
        self.notify(f"{name} conflicts with another writer's version (both shown at the "
                    "right): M keeps yours, H takes theirs.", timeout=10)

    def action_keep_mine(self) -> None:
        entry = self.current_entry()
        if entry is None or entry.id not in self.conflicts:
            self._to_conflict()
            return
        twin = self._renamed_to(entry) if self.conflicts[entry.id] is None else None
        if twin is not None:
            # they gave it another id: keeping ours saved two entries of one term, which
            # validate then refused ("Chinese term ... is also in entry ...")
            self.notify(f"{twin} now holds {entry.headword} (the other writer renamed it?): "
                        "keeping yours would make two entries of one term. Press H, then make "
                        f"your change in {twin}.", severity="warning", timeout=20)
            return
        theirs = self.conflicts.pop(entry.id)
        file = self.conflict_files.pop(entry.id, None)
        base = self.conflict_bases.pop(entry.id, None)
        if theirs is not None and self.glossary is not None:
            entry = settle(base, entry, theirs, file or self.glossary.file_of(entry.id), "ours")
            self.glossary.replace(entry)
        self.changed(entry)
        self.notify(f"Kept your version of {entry.headword} where you both changed it.")

    def _renamed_to(self, entry: Entry) -> str | None:
        """The id of another entry that holds this one's headword with its subject and
        definition, as an entry renamed by another writer does."""
        if self.glossary is None:
            return None
        return next((other.id for other in self.glossary.find_zh(entry.headword)
                     if other.id != entry.id and other.subject == entry.subject
                     and other.definition == entry.definition), None)

    def action_take_theirs(self) -> None:
        entry = self.current_entry()
        if self.glossary is None:
            return
        if entry is None or entry.id not in self.conflicts:
            self._to_conflict()
            return
        merged = sorted(i for i in self._tied.get(entry.id, ()) if i not in self.glossary)
        if merged:  # their version lacks what was merged in, and the source is gone from memory
            self.notify(f"{', '.join(merged)} was merged into {entry.headword} and is not saved "
                        "yet: taking their version would lose it. Press M to keep yours (then "
                        "edit it as you like).", severity="warning", timeout=20)
            return
        theirs = self.conflicts.pop(entry.id)
        file = self.conflict_files.pop(entry.id, self.glossary.file_of(entry.id))
        base = self.conflict_bases.pop(entry.id, None)
        with self._unsaved_guard:  # in every file: a move of it is dropped too
            for file_of_change, changes in list(self.unsaved.items()):
                changes.pop(entry.id, None)
                if not changes:
                    del self.unsaved[file_of_change]
        self.history.forget({entry.id})
        if theirs is None:  # they removed it
            self.glossary.remove(entry.id)
            self._use(self.glossary)
        else:
            # the fields only this editor changed stay changed: they are saved again
            kept = settle(base, entry, theirs, file, "theirs")
            if self.glossary.file_of(entry.id) != file:  # moved here, kept there by them
                self.glossary.remove(entry.id)
                self.glossary.add(theirs, file)
            self.glossary.replace(kept)
            self.review.update(kept)  # type: ignore[union-attr]
            self._refresh_view(kept.id)
            if kept.to_dict() != theirs.to_dict():
                self.changed(kept)
            self.query_one(EntryPane).show(kept)  # no conflict now
        self.schedule_save(list(self.unsaved))  # what was held back with it (see _group)
        self.show_save_state()

    # --- workflow keys -------------------------------------------------------------------

    def _set_status(self, status: EntryStatus, label: str) -> None:
        marked = self.query_one(EntryList).marked
        if not marked:
            self.edit(label, lambda e: editing.set_status(e, status))
            return
        done, refused = 0, []
        for entry_id in sorted(marked):
            entry = self.glossary.get(entry_id) if self.glossary else None
            if entry is None:
                continue
            trial = editing.snapshot(entry)
            try:
                editing.set_status(trial, status)
                autosave.entry_chunk(trial)
            except GlossaryError:
                refused.append(entry.headword)
                continue
            done += self.edit(label, lambda e: editing.set_status(e, status), entry)
        marked.clear()
        self.query_one(EntryList).refresh()
        self.notify(f"{label}: {done} entries" + (f"; not {', '.join(refused[:5])} (no English "
                                                   "rendering)" if refused else ""))

    def action_approve(self) -> None:
        self._set_status(EntryStatus.APPROVED, "approve")

    def action_reject(self) -> None:
        self._set_status(EntryStatus.REJECTED, "reject")

    def action_candidate(self) -> None:
        self._set_status(EntryStatus.CANDIDATE, "back to candidate")

    def action_accept(self, index: int) -> None:
        entry = self.current_entry()
        if entry is None or index >= len(entry.suggestions):
            self.notify(f"No suggestion {index + 1} here.", severity="warning")
            return
        term = entry.suggestions[index].term
        preferred = entry.preferred("en")
        if preferred is not None and preferred.status is TermStatus.PREFERRED \
                and preferred.term == term:
            self.notify(f"{term!r} is already the preferred rendering.")
            return
        self.edit(f"accept {term!r}", lambda e: editing.accept_suggestion(e, term))

    def action_dismiss(self) -> None:
        entry, pane = self.current_entry(), self.query_one(EntryPane)
        if entry is None or not entry.suggestions:
            self.notify("No suggestion to dismiss.", severity="warning")
            return
        term = entry.suggestions[min(pane.suggestion_index, len(entry.suggestions) - 1)].term
        self.edit(f"dismiss {term!r}", lambda e: editing.dismiss_suggestion(e, term))

    def action_make_preferred(self) -> None:
        pane = self.query_one(EntryPane)
        self.edit("make preferred", lambda e: editing.make_preferred(e, pane.rendering_index))

    def action_cycle_term(self) -> None:
        pane = self.query_one(EntryPane)
        self.edit("rendering status", lambda e: editing.cycle_term_status(e, pane.rendering_index))

    def action_toggle_mark(self) -> None:
        entries = self.query_one(EntryList)
        entry = entries.current
        if entry is None:
            return
        entries.marked ^= {entry.id}
        entries.refresh()
        entries.border_subtitle = f"{len(entries.marked)} marked" if entries.marked else ""

    # --- prompts -------------------------------------------------------------------------

    def _ask(self, mode: str, label: str, value: str = "", target: str = "") -> None:
        """Open the prompt for the current entry; with none, a prompt that swallows the typing."""
        entry, pane = self.current_entry(), self.query_one(EntryPane)
        if entry is None:
            pane.ask("none", "No entry selected: what you type is ignored (Esc)", "", "", "")
            return
        pane.ask(mode, label, value, entry.id, target)

    def action_edit_rendering(self) -> None:
        entry, pane = self.current_entry(), self.query_one(EntryPane)
        if entry is None or not entry.en:
            self._ask("add", "New English rendering (Enter to save, Esc to cancel)")
            return
        term = entry.en[min(pane.rendering_index, len(entry.en) - 1)].term
        self._ask("edit", f"Rendering {term!r} (empty removes it)", term, term)

    def action_add_variant(self) -> None:
        self._ask("add", "Add an English rendering")

    def action_add_chinese(self) -> None:
        self._ask("zh", "Add a Chinese variant")

    def action_merge_into(self) -> None:
        self._ask("merge", "Merge this entry into (Chinese term or entry id)")

    def action_edit_field(self, name: str) -> None:
        entry, pane = self.current_entry(), self.query_one(EntryPane)
        if name == "type" and entry is not None:
            if not entry.en:
                self.notify("No English rendering to give a term type.", severity="warning")
                return
            term = entry.en[min(pane.rendering_index, len(entry.en) - 1)]
            self._ask("field:type", FIELD_PROMPTS["type"], term.type or "", term.term)
            return
        value = getattr(entry, name) if entry is not None else ""
        self._ask(f"field:{name}", FIELD_PROMPTS[name], value or "", name)

    def on_entry_pane_prompt_done(self, message: EntryPane.PromptDone) -> None:
        focus_now(self.query_one(EntryList))
        if message.stale:
            self.notify(f"Not applied ({message.stale} while the prompt was open): "
                        f"{message.value!r}.", severity="warning", timeout=20)
            return
        entry = self.glossary.get(message.entry_id) if self.glossary else None
        if message.mode == "none" or entry is None:
            self.notify("Nothing changed: no entry was selected.", severity="warning")
            return
        value, target = message.value, message.target
        done = True
        if message.mode == "add":
            done = self.edit("add variant", lambda e: editing.add_variant(e, value), entry)
        elif message.mode == "zh":
            done = self.edit("add Chinese variant", lambda e: editing.add_chinese(e, value),
                             entry)
        elif message.mode == "edit":
            done = self.edit("edit rendering", lambda e: editing.set_rendering(
                e, _rendering_at(e, target), value), entry)
        elif message.mode == "field:type":
            done = self.edit("term type", lambda e: editing.set_field(
                e, "type", value, _rendering_at(e, target)), entry)
        elif message.mode.startswith("field:"):
            name = message.mode[6:]
            done = self.edit(name, lambda e: editing.set_field(e, name, value), entry)
        elif message.mode == "merge":
            self._merge(entry, value)
        if not done and self._current_id() == entry.id:
            # Asked again with the text as typed: closing the prompt threw away a pasted
            # rendering that was one character too long, to be pasted and fixed blind.
            label = message.label.removeprefix(_REFUSED)
            self.query_one(EntryPane).ask(message.mode, _REFUSED + label, value, entry.id,
                                          target)

    def _merge(self, source: Entry, query: str) -> None:
        glossary = self.glossary
        assert glossary is not None
        query = query.strip()
        found = glossary.get(query) or next(iter(glossary.find_zh(query)), None)
        if found is None or found is source:
            self.notify(f"No other entry {query!r} to merge into.", severity="warning")
            return
        if {found.id, source.id} & self.conflicts.keys():
            self.notify("Not merged: resolve the conflict with the other writer first (M or H).",
                        severity="warning")
            return
        trial = editing.snapshot(found)
        try:
            editing.merge_into(trial, source)
            chunk = autosave.entry_chunk(trial)
        except GlossaryError as err:
            self.notify(f"Not merged: {err.message}", severity="warning", timeout=8)
            return
        before = editing.snapshot(found)
        editing.restore(found, trial)
        self.history.record(f"merge {source.headword}", before, found)
        file = glossary.file_of(source.id)
        glossary.remove(source.id)
        # One save for both: never the merged entry written while the source is still on disk.
        changes: dict[str, dict[str, autosave.Change]] = {file: {source.id: None}}
        changes.setdefault(glossary.file_of(found.id), {})[found.id] = chunk
        self.record_many(changes)
        self._use(glossary)
        self.jump_to(found.id)
        self.notify(f"Merged {source.headword} into {found.headword} (the merge itself is not "
                    "undoable: undo restores the target entry only).")

    # --- moving entries to another file ----------------------------------------------------

    def action_move_file(self) -> None:
        entries = self.query_one(EntryList)
        current = entries.current
        ids = sorted(entries.marked) or ([current.id] if current is not None else [])
        glossary = self.glossary
        if not ids:
            self.notify("No entry selected.", severity="warning")
            return
        if self.loading or glossary is None:
            self.notify("The glossary is still loading; try again in a moment.",
                        severity="warning")
            return
        what = (f"{len(ids)} marked entries" if entries.marked
                else current.headword if current is not None else ids[0])

        def chosen(target: str | None) -> None:
            if target and self.move_entries({i: target for i in ids}, f"move to {target}"):
                entries.marked.clear()
                entries.border_subtitle = ""
                entries.refresh()

        self.push_screen(MoveScreen(self.root, glossary.files(), what,
                                    {glossary.file_of(i) for i in ids if i in glossary}), chosen)

    def move_entries(self, moves: dict[str, str], label: str, undoable: bool = True) -> bool:
        """Move entries (id -> glossary file) as one change: removed from their files and
        added to the targets in one save, so no entry is ever on disk twice or nowhere."""
        glossary = self.glossary
        assert glossary is not None
        moves = {i: t for i, t in moves.items() if i in glossary and glossary.file_of(i) != t}
        if not moves:
            self.notify("Nothing moved: already in that file.", severity="warning")
            return False
        held = sorted(moves.keys() & self.conflicts.keys())
        reasons = ([f"{', '.join(held[:3])} conflicts with another writer's version (M or H "
                    "first)"] if held else editing.move_refusals(glossary, moves))
        if reasons:
            self.notify("Nothing was moved: " + "; ".join(reasons[:3])
                        + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "") + ".",
                        title="Not moved", severity="error", timeout=20)
            return False
        try:
            chunks = {i: autosave.entry_chunk(glossary.get(i)) for i in moves}  # type: ignore
        except GlossaryError as err:
            self.notify(f"Nothing was moved: {err.message}", severity="error", timeout=20)
            return False
        changes: dict[str, dict[str, autosave.Change]] = {}
        files = {}
        for entry_id, target in moves.items():
            source = glossary.file_of(entry_id)
            entry = glossary.remove(entry_id)
            glossary.add(entry, target)
            changes.setdefault(source, {})[entry_id] = None
            changes.setdefault(target, {})[entry_id] = chunks[entry_id]
            files[entry_id] = (source, target)
        self.record_many(changes)
        if undoable:
            self.history.record_move(label, files)
        self._reshow_entry()
        targets = sorted(set(moves.values()))
        self.notify(f"Moved {len(moves)} entr{'y' if len(moves) == 1 else 'ies'} to "
                    f"{', '.join(targets)}.")
        return True

    # --- undo ------------------------------------------------------------------------------

    def _restore(self, state: Entry | None, verb: str, label: str) -> None:
        entry = self.glossary.get(state.id) if state and self.glossary else None
        if state is None or entry is None:
            self.notify(f"Nothing to {verb}.")
            return
        self.focus_entry(entry.id)  # show what the undo changes
        trial = editing.snapshot(state)
        try:
            chunk = autosave.entry_chunk(trial)
        except GlossaryError as err:
            self.notify(f"Cannot {verb}: {err.message}", severity="warning")
            return
        editing.restore(entry, trial)
        self.changed(entry, chunk)
        self.notify(f"{verb.capitalize()}: {label} ({entry.headword})")

    def action_undo(self) -> None:
        change = self.history.undo()
        if isinstance(change, editing.Move):
            if not self._move_again(change.back(), "undo", change.label):
                self.history.redo()  # refused: it stays the step to undo
            return
        self._restore(change.before if change else None, "undo", change.label if change else "")

    def action_redo(self) -> None:
        change = self.history.redo()
        if isinstance(change, editing.Move):
            if not self._move_again(change.again(), "redo", change.label):
                self.history.undo()
            return
        self._restore(change.after if change else None, "redo", change.label if change else "")

    def _move_again(self, moves: dict[str, str], verb: str, label: str) -> bool:
        if self.glossary is None or not self.move_entries(moves, label, undoable=False):
            return False
        self.focus_entry(next(iter(moves)))
        self.notify(f"{verb.capitalize()}: {label}")
        return True


def _prompt_holds(mode: str, term: str, before: dict[str, Any] | None,
                  after: Entry | None) -> bool:
    """Whether a prompt's value still applies once another writer's version of its entry is
    taken in: a new term or variant always does; an edited rendering (``term``) or field
    does unless they changed that very rendering or field. A helper's new rendering, typed
    while the other writer changed only the definition, was refused, the text kept only
    in a notice."""
    if after is None or before is None or mode == "merge":
        return False
    now = after.to_dict()
    if mode in ("edit", "field:type"):
        def rendering(data: dict[str, Any]) -> object:
            return next((t for t in data.get("en", []) if t.get("term") == term), None)
        return rendering(before) is not None and rendering(before) == rendering(now)
    if mode.startswith("field:"):
        return before.get(mode[6:]) == now.get(mode[6:])
    return mode in ("add", "zh")


def _rendering_at(entry: Entry, term: str) -> int:
    """Where the rendering the prompt was opened on is now; gone means the change is refused."""
    for i, t in enumerate(entry.en):
        if t.term == term:
            return i
    raise UsageError(f"the rendering {term!r} of {entry.headword} changed meanwhile; "
                             "nothing was changed")
