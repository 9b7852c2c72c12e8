"""HelpScreen: every key of the editor, with what it does."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

_KEY_NAMES = {"slash": "/", "question_mark": "?"}
EXTRA = [
    ("1-9", "Accept suggestion",
     "Make suggestion N the preferred rendering (pressing it again changes nothing)"),
    ("↑ ↓ PgUp PgDn", "Move", "Move in the entry list"),
    ("Tab", "Focus", "Move between the filter, the list and the renderings (highlight a "
                     "rendering there for e, f, s and T)"),
    ("Esc", "Back", "Close a prompt and return to the list"),
    ("Ctrl+P", "Command palette", "Every action by name"),
    ("q", "Quit", "Waits for every change to reach disk, showing what it waits for"),
]


class HelpScreen(ModalScreen[None]):
    """A table of keys; any of Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, keys: list[tuple[str, str, str]]):
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Table(title="cqfin-glossary editor keys", expand=True, box=None)
        table.add_column("key", style="bold cyan", no_wrap=True)
        table.add_column("action", style="bold")
        table.add_column("what it does")
        for key, title, help_ in [*self.keys, *EXTRA]:
            table.add_row(_KEY_NAMES.get(key, key), title, help_)
        with VerticalScroll(id="help"):
            yield Static(table)
            yield Static("Every change is checked, then written to the glossary at once; the "
                         "line above the keys says whether everything is saved, and why not. "
                         "Entries other writers change are merged in, field by field; an entry "
                         "whose same field both of you changed shows both versions until you "
                         "press M or H.", classes="hint")
