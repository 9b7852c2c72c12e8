"""ExportScreen: pick a format, script, status and file, as `cqfin-glossary export` would."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

SCRIPTS = (("Simplified", "hans"), ("Traditional", "hant"), ("Hong Kong", "hk"), ("Taiwan", "tw"))
# DeepL's glossary is tab-separated; the import tells the CSV layouts apart by their header.
EXTENSIONS = {"po": "po", "tbx": "tbx", "tbx2": "tbx", "tsv": "tsv", "deepl": "tsv", "csv": "csv",
              "csv-terms": "csv", "json": "json", "md": "md"}


@dataclass
class ExportRequest:
    fmt: str
    script: str
    status: str
    path: str


class ExportScreen(ModalScreen[ExportRequest | None]):
    """A small form; Enter or the button exports, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, formats: tuple[str, ...], base: Path):
        super().__init__()
        self.formats = formats
        self.base = base  # the glossary's project folder: relative paths start here
        self._confirmed: Path | None = None

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
            yield Label("", id="target")
            with Horizontal(classes="row"):
                yield Button("Export", variant="primary", id="go")
                yield Button("Cancel", id="cancel")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "format":
            path = self.query_one("#path", Input)
            stem = path.value.rsplit(".", 1)[0] if "." in path.value else path.value
            path.value = f"{stem}.{EXTENSIONS.get(str(event.value), 'txt')}"

    def on_mount(self) -> None:
        self._show_target()

    def on_input_changed(self) -> None:
        self._confirmed = None
        self._show_target()

    def resolved(self) -> Path:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        return path if path.is_absolute() else self.base / path

    def _show_target(self) -> None:
        target = self.resolved()
        note = ("  (exists: Export again to overwrite)" if target == self._confirmed
                else "  (exists)" if target.exists() else "")
        self.query_one("#target", Label).update(f"writes {target}{note}")

    def on_input_submitted(self) -> None:
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "go":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        if not self.query_one("#path", Input).value.strip():
            self.notify("Give a file name to write.", severity="warning")
            return
        target = self.resolved()
        if not target.parent.is_dir():
            self.notify(f"No folder {target.parent}; create it first.", severity="error")
            return
        if target.is_dir():
            self.notify(f"{target} is a folder; give a file name.", severity="error")
            return
        if target.exists() and self._confirmed != target:
            self._confirmed = target  # the next Export overwrites
            self._show_target()
            self.notify(f"{target} exists; press Enter or Export again to overwrite it.",
                        severity="warning")
            return
        self.dismiss(ExportRequest(str(self.query_one("#format", Select).value),
                                   str(self.query_one("#script", Select).value),
                                   str(self.query_one("#which", Select).value), str(target)))
