"""EntryPane: one entry in full: terms, renderings, suggestions, concordance and notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..editing import fit, kwic
from ..gitmerge import merge_terms
from ..model import Entry, TermStatus
from ..searchkeys import zh_forms
from ..textnorm import pinyin
from .focus import HandOnInput, focus_now

_STATUS_COLOUR = {"approved": "green", "candidate": "yellow", "rejected": "red"}
_TERM_COLOUR = {"preferred": "bold green", "admitted": "cyan", "deprecated": "red",
                "superseded": "dim"}
MAX_OCCURRENCES = 30
SAME = object()  # EntryPane.show's default: no other version, no conflict


class EntryPane(VerticalScroll):
    """Shows the entry under the cursor; holds the in-place prompt for renderings."""

    @dataclass
    class PromptDone(Message):
        """The editor typed a value into the prompt (``mode`` says what it is for)."""

        mode: str
        value: str
        entry_id: str
        target: str  # the rendering or field the prompt was opened on
        stale: str = ""  # why the value must not be applied (another writer changed the entry)
        label: str = ""  # what the prompt asked, to ask again when the value is refused

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.entry: Entry | None = None
        self.mode = ""
        self.target_id = ""  # the entry the open prompt belongs to
        self.target = ""
        self.stale = ""  # why the open prompt's value will not be applied, if it will not
        self.label = ""
        # Set by the app: entries inside this one's Chinese term, and entries containing it.
        self.related_of: Callable[[Entry], tuple[list[Entry], list[Entry]]] | None = None
        self.file_of: Callable[[Entry], str | None] | None = None  # the glossary file it is in
        # the entry both sides of a conflict changed from, by id (None: not known)
        self.base_of: Callable[[str], dict | None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="conflict", classes="hidden")
        yield Static(id="head")
        yield Label("English (e edit, f prefer, s status)", classes="section")
        yield OptionList(id="renderings")
        yield HandOnInput(id="prompt", classes="hidden", select_on_focus=False,
                          after_enter=lambda: self.app.query_one("#list"))
        yield Label("Suggestions (1-9 accept, d dismiss)", classes="section")
        yield OptionList(id="suggestions")
        yield Label("Concordance", classes="section")
        yield Static(id="concordance")
        yield Static(id="details")

    @property
    def rendering_index(self) -> int:
        """The rendering the editor picked in the list (the first one by default)."""
        highlighted = self.query_one("#renderings", OptionList).highlighted
        return highlighted if highlighted is not None else 0

    @property
    def suggestion_index(self) -> int:
        highlighted = self.query_one("#suggestions", OptionList).highlighted
        return highlighted if highlighted is not None else 0

    def show(self, entry: Entry | None, theirs: Entry | object | None = SAME) -> None:
        """Show ``entry``; ``theirs`` is another writer's version when the two conflict (None:
        they removed it). Without it there is no conflict: a pane shown after H took their
        version said 'They removed it' of the entry just taken."""
        if theirs is SAME:
            theirs = entry
        self.entry = entry
        conflict = self.query_one("#conflict", Static)
        conflict.set_class(entry is None or theirs is entry, "hidden")
        if entry is not None and theirs is not entry:
            base = self.base_of(entry.id) if self.base_of is not None else None
            conflict.update(_conflict(entry, theirs, base))  # type: ignore[arg-type]
        head, renderings, suggestions = (self.query_one("#head", Static),
                                         self.query_one("#renderings", OptionList),
                                         self.query_one("#suggestions", OptionList))
        keep = renderings.highlighted
        renderings.clear_options()
        suggestions.clear_options()
        if entry is None:
            head.update("No entry matches the filter.")
            self.query_one("#concordance", Static).update("")
            self.query_one("#details", Static).update("")
            return
        head.update(_head(entry, self.file_of(entry) if self.file_of is not None else None))
        current = min(keep or 0, len(entry.en) - 1) if entry.en else -1
        renderings.add_options(Option(_rendering(i, t.term, t.status.value, t.type,
                                                 i == current))
                               for i, t in enumerate(entry.en))
        if entry.en:
            renderings.highlighted = min(keep or 0, len(entry.en) - 1)
        else:
            renderings.add_option(Option(Text("(none yet: press e or v to add one)", "dim"),
                                         disabled=True))
        taken = {t.term.casefold(): t.status.value for t in entry.en}
        suggestions.add_options(Option(_suggestion(i, s.term, s.score, s.evidence,
                                                   taken.get(s.term.casefold())))
                                for i, s in enumerate(entry.suggestions))
        if not entry.suggestions:
            suggestions.add_option(Option(Text("(no suggestions from the miner)", "dim"),
                                          disabled=True))
        self._fit_concordance()
        details = _details(entry)
        if self.related_of is not None:
            inside, containing = self.related_of(entry)
            _related(details, "inside it", inside)
            _related(details, "found in", containing)
        self.query_one("#details", Static).update(details)

    def _fit_concordance(self) -> None:
        if self.entry is not None:
            width = max(30, self.scrollable_content_region.width - 2)
            self.query_one("#concordance", Static).update(_concordance(self.entry, width))

    def on_resize(self) -> None:
        """The lines are cut to the pane: cut again when it grows or shrinks (a window made
        wider kept the lines of the narrow one until another entry was shown)."""
        self._fit_concordance()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "renderings" or self.entry is None:
            return
        for i, t in enumerate(self.entry.en[:event.option_list.option_count]):
            event.option_list.replace_option_prompt_at_index(
                i, _rendering(i, t.term, t.status.value, t.type, i == event.option_index))

    def ask(self, mode: str, label: str, value: str, entry_id: str, target: str) -> None:
        """Open the prompt under the renderings, pre-filled with ``value``, for one entry."""
        self.mode, self.target_id, self.target = mode, entry_id, target
        self.stale, self.label = "", label
        prompt = self.query_one("#prompt", Input)
        prompt.placeholder = label
        prompt.border_title = label
        prompt.value = value
        prompt.cursor_position = len(value)
        prompt.remove_class("hidden")
        focus_now(prompt)
        self.call_after_refresh(prompt.scroll_visible, animate=False)  # in view at 80x24 too

    def close_prompt(self) -> None:
        self.query_one("#prompt", Input).add_class("hidden").remove_class("stale")
        self.mode = self.target_id = self.target = self.stale = self.label = ""

    def mark_stale(self, why: str) -> None:
        """Keep the prompt open, but say that its value will not be applied. Closing it under
        the editor's hands sent the keys typed next to the list as commands (a space marked
        the entry, 'a' approved it)."""
        self.stale = why
        prompt = self.query_one("#prompt", Input)
        prompt.border_title = f"{why}: Enter will not apply this, Esc closes"
        prompt.add_class("stale")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "prompt":
            event.stop()
            done = self.PromptDone(self.mode, event.value, self.target_id, self.target,
                                   self.stale, self.label)
            self.close_prompt()
            self.post_message(done)


def _head(entry: Entry, file: str | None) -> Text:
    text = Text()
    text.append(entry.headword, "bold")
    forms = [f for f in zh_forms(entry) if f != entry.headword]
    if forms:
        text.append("  " + " ".join(forms))
    text.append("  " + pinyin(entry.headword), "italic")
    text.append(f"\n{entry.status.value}", _STATUS_COLOUR[entry.status.value])
    text.append(f"  id {entry.id}" + (f"  in {file}" if file else ""), "dim")
    if entry.mining:
        text.append(f"  score {entry.mining.score:.3f}  freq {entry.mining.frequency}"
                    f"  docs {entry.mining.doc_frequency}", "dim")
    for term in entry.zh[1:]:
        text.append(f"\nalso  {term.term}  {term.status.value}")
    return text


def _rendering(i: int, term: str, status: str, kind: str | None, current: bool) -> Text:
    # The arrow shows which rendering e, f, s and T act on, whichever widget has focus.
    text = Text("▸" if current else " ", "bold magenta")
    text.append(f"{i + 1} ")
    text.append(term, _TERM_COLOUR.get(status, ""))
    text.append(f"  {status}" + (f", {kind}" if kind else ""), "dim")
    return text


def _suggestion(i: int, term: str, score: float, evidence: list[str],
                taken: str | None) -> Text:
    text = Text(f"{i + 1} ")
    text.append(term, "dim" if taken else "bold")
    text.append(f"  {score:.2f}", "dim")
    if taken:
        text.append(f"  ✓ {taken}", "green")
    for item in evidence[:3]:
        text.append(f"\n    {item}", "dim")
    return text


def _concordance(entry: Entry, width: int) -> Text:
    forms = zh_forms(entry) + [t.term for t in entry.en]
    english = [t.term for t in entry.en]
    text = Text()
    for n, occ in enumerate(entry.occurrences[:MAX_OCCURRENCES]):
        where = f"{occ.source.rsplit('/', 1)[-1]}:{occ.line}  "
        if n:
            text.append("\n")
        if width < 3 * cell_len(where):  # a narrow pane: the source on a line of its own
            text.append(where.rstrip() + "\n", "dim")
            room = width
        else:
            text.append(where, "dim")
            room = width - cell_len(where)
        snippet = " ".join(occ.text.split())  # no-break spaces would hide an English match
        parts = kwic(snippet, forms, room)  # one line: each side gets half the term leaves
        if parts is None:
            text.append(fit(snippet, room))
            continue
        left, match, right = parts
        text.append(left)
        text.append(match, "bold reverse")
        text.append(right)
        rendering = next((e for e in english if e != match and e in right + left), None)
        if rendering:
            text.highlight_words([rendering], "bold cyan")
    if len(entry.occurrences) > MAX_OCCURRENCES:
        text.append(f"\n… and {len(entry.occurrences) - MAX_OCCURRENCES} more", "dim")
    if not entry.occurrences:
        text.append("(no occurrences recorded)", "dim")
    return text


def _details(entry: Entry) -> Text:
    text = Text()
    for key in ("definition", "note", "subject", "pos"):
        value = getattr(entry, key)
        text.append(f"{key}: ", "bold")
        text.append(f"{value}\n" if value else "—\n", "" if value else "dim")
    return text


def _conflict(mine: Entry, theirs: Entry | None, base: dict | None = None) -> Text:
    text = Text("Conflict: another writer saved a different version of this entry.\n",
                "bold red")
    if theirs is None:
        text.append("They removed it (or gave it another id). ")
        text.append(f"Yours:  {_version(mine)}\nM keeps yours, H takes theirs (removed).")
        return text
    text.append(f"Theirs: {_version(theirs)}\n")
    text.append(f"Yours:  {_version(mine)}\n")
    ours, other = mine.to_dict(), theirs.to_dict()
    differ = _fields_apart(ours, other)
    if base is None:
        if differ:
            text.append(f"They differ in: {', '.join(differ)}\n")
        text.append("M keeps yours, H takes theirs.")
        return text
    # term lists each side changed in other terms merge whatever is pressed: not decided
    both = [k for k in differ if ours.get(k) != base.get(k) and other.get(k) != base.get(k)
            and not (k in ("zh", "en") and merge_terms(base.get(k), ours.get(k), other.get(k))
                     is not None)]
    merged = [k for k in differ if k in ("zh", "en") and k not in both
              and ours.get(k) != base.get(k) and other.get(k) != base.get(k)]
    only_theirs = [k for k in differ if ours.get(k) == base.get(k)]
    only_yours = [k for k in differ if other.get(k) == base.get(k)]
    text.append(f"Changed both ways: {', '.join(both) or 'none'}: M keeps yours, H theirs.\n")
    if only_theirs or only_yours or merged:
        kept = [f"theirs to {', '.join(only_theirs)}"] if only_theirs else []
        kept += [f"yours to {', '.join(only_yours)}"] if only_yours else []
        kept += [f"both sides' terms in {', '.join(merged)}"] if merged else []
        text.append(f"Kept whichever you press: {'; '.join(kept)}.")
    return text


def _version(entry: Entry) -> str:
    """Status and English, each term's status beside it unless preferred: two versions
    apart only in a term's status (deprecated, superseded) read word for word alike."""
    terms = [t.term if t.status is TermStatus.PREFERRED else f"{t.term} ({t.status.value})"
             for t in entry.en]
    return f"{entry.status.value}, {', '.join(terms) or 'no English'}"


def _fields_apart(ours: dict, other: dict) -> list[str]:
    return [key for key in dict.fromkeys([*ours, *other])
            if key != "changed" and ours.get(key) != other.get(key)]


def _related(text: Text, label: str, entries: list[Entry]) -> None:
    if not entries:
        return
    text.append(f"{label}: ", "bold")
    for n, entry in enumerate(entries):
        text.append(", " if n else "")
        text.append(entry.headword)
        text.append(f" ({entry.status.value})", _STATUS_COLOUR[entry.status.value])
    text.append("\n")
