"""LookupScreen: the lookup command inside the editor; Enter on a match jumps to its entry."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option


class LookupScreen(ModalScreen[str | None]):
    """Type a term (Chinese in either script, English, pinyin); dismissed with an entry id."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, root: str):
        super().__init__()
        self.root = root

    def compose(self) -> ComposeResult:
        with Vertical(id="lookup"):
            yield Label("Look up (as `cqfin-glossary lookup`): Enter searches, ↓ and Enter jump",
                        classes="title")
            yield Input(placeholder="渝金盾 / 千里馬 / risk brain / yujindun", id="query")
            yield OptionList(id="matches")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self._lookup(event.value.strip())

    @work(thread=True, exclusive=True)
    def _lookup(self, query: str) -> None:
        from ..errors import GlossaryError
        from ..index import connect
        from ..lookup import lookup

        try:
            conn = connect(self.root)  # refreshed from the YAML the editor just saved
            try:
                result = lookup(conn, query)
            finally:
                conn.close()
        except GlossaryError as err:
            self.app.call_from_thread(self.notify, str(err), severity="error")
            return
        self.app.call_from_thread(self._show, query, result.matches, result.suggestions)

    def _show(self, query: str, matches: list[Any], suggestions: list[dict[str, Any]]) -> None:
        options = self.query_one("#matches", OptionList)
        options.clear_options()
        for match in matches:
            options.add_option(Option(_line(match.entry, match.tier), id=match.entry["id"]))
        if not matches:
            options.add_option(Option(Text(f"no match for {query!r}", "dim"), disabled=True))
            for s in suggestions:
                options.add_option(Option(_line(s, "did you mean"), id=s["id"]))
        options.focus()
        if options.option_count and not options.get_option_at_index(0).disabled:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def _line(record: dict[str, Any], tier: str) -> Text:
    text = Text()
    text.append(record.get("zh") or "", "bold")
    text.append(f"  {record.get('pinyin') or ''}  ", "italic")
    text.append(record.get("en") or "(no English)")
    text.append(f"  [{record.get('status')}, {tier}]", "dim")
    return text
