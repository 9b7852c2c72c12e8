"""MoveScreen: choose the glossary file that marked entries move to, or name a new one."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ..editing import new_file_name
from ..errors import UsageError


class MoveScreen(ModalScreen[str | None]):
    """The glossary's files (Enter picks one) and a box for a new file name; Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, root: Path, files: list[str], what: str, current: set[str]):
        super().__init__()
        self.root = root
        self.files = files
        self.what = what
        self.current = current  # the files the entries are in now

    def compose(self) -> ComposeResult:
        with Vertical(id="move"):
            yield Label(f"Move {self.what} to another file of {self.root.resolve()}: Enter "
                        "on one, or type a new name below (Esc cancels)", classes="title")
            yield OptionList(*(Option(f + ("  (where it is now)" if f in self.current else ""),
                                      id=f) for f in self.files), id="files")
            yield Input(placeholder="new file, e.g. reviewed.yaml", id="newfile")

    def on_mount(self) -> None:
        self.query_one("#files", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            name = new_file_name(self.root, event.value)
        except UsageError as err:
            self.notify(err.message, title="Not moved", severity="error")
            return
        self.dismiss(name)
