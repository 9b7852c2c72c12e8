"""ExportScreen: pick a format, script, status and file, as `cqfin-glossary export` would."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

SCRIPTS = (("Simplified", "hans"), ("Traditional", "hant"), ("Hong Kong", "hk"), ("Taiwan", "tw"))
EXTENSIONS = {"po": "po", "tbx": "tbx", "tbx2": "tbx", "tsv": "tsv", "csv": "csv", "json": "json",
              "md": "md"}


@dataclass
class ExportRequest:
    fmt: str
    script: str
    status: str
    path: str


class ExportScreen(ModalScreen[ExportRequest | None]):
    """A small form; Enter or the button exports, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, formats: tuple[str, ...]):
        super().__init__()
        self.formats = formats

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Label("Export the glossary", classes="title")
            with Horizontal(classes="row"):
                yield Select([(f, f) for f in self.formats], value=self.formats[0],
                             allow_blank=False, id="format")
                yield Select(SCRIPTS, value="hans", allow_blank=False, id="script")
                yield Select([("approved only", "approved"), ("all entries", "all")],
                             value="approved", allow_blank=False, id="which")
            yield Input(value=f"glossary.{EXTENSIONS.get(self.formats[0], 'txt')}", id="path")
            with Horizontal(classes="row"):
                yield Button("Export", variant="primary", id="go")
                yield Button("Cancel", id="cancel")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "format":
            path = self.query_one("#path", Input)
            stem = path.value.rsplit(".", 1)[0] if "." in path.value else path.value
            path.value = f"{stem}.{EXTENSIONS.get(str(event.value), 'txt')}"

    def on_input_submitted(self) -> None:
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "go":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.notify("Give a file name to write.", severity="warning")
            return
        self.dismiss(ExportRequest(str(self.query_one("#format", Select).value),
                                   str(self.query_one("#script", Select).value),
                                   str(self.query_one("#which", Select).value), path))
