"""EntryList: a virtual list that renders only the visible rows of the review list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from ..model import Entry
from ..review import ReviewList

STATUS_WIDTH, NUM_WIDTH = 9, 6
_STATUS_STYLE = {"approved": Style(color="green"), "rejected": Style(color="red", dim=True),
                 "candidate": Style(color="yellow")}


def cell(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` terminal cells (wide characters count two)."""
    if width < 2:
        return " " * max(0, width)
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def columns(width: int) -> tuple[int, int, bool]:
    """Chinese and English column widths for a list ``width`` cells wide, and whether the
    numbers fit: in a narrow list they give way to the terms."""
    numbers = width >= 50
    rest = width - 2 - STATUS_WIDTH - (2 * NUM_WIDTH + 1 if numbers else 0)
    zh = max(10, min(28, rest * 2 // 5))
    return zh, max(6, rest - zh), numbers


def header_line(width: int) -> str:
    zh_width, en_width, numbers = columns(width)
    parts = [cell("Chinese", zh_width), cell("English", en_width), cell("status", STATUS_WIDTH)]
    if not numbers:
        return " ".join(parts)
    return " ".join([*parts,
                     "freq".rjust(NUM_WIDTH - 1), "score".rjust(NUM_WIDTH - 1)])


class ListHeader(Widget):
    """The column titles, drawn from the list's width at every paint, so they follow resizes."""

    def render(self) -> str:
        try:
            entries = self.app.query_one(EntryList)
        except NoMatches:
            return ""
        width = entries.scrollable_content_region.width
        return header_line(width) if width else ""


class EntryList(ScrollView, can_focus=True):
    """The entries in view; only rows on screen are ever turned into text."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"entry-list--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another entry (None when the list is empty)."""

        entry_id: str | None

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.review: ReviewList | None = None
        self.view: list[int] = []
        self.marked: set[str] = set()  # entries a bulk action will act on

    def show(self, review: ReviewList, view: list[int], keep: str | None = None) -> None:
        """Show ``view`` (row numbers of ``review``); keep the cursor on entry ``keep`` if there."""
        current = self.current
        same = view is self.view and current is not None and current.id == keep
        self.review, self.view = review, view
        self.virtual_size = Size(0, len(view))  # as wide as the widget: no sideways scrolling
        target = 0
        if same:  # the same result list, grown by a later slice: the cursor row has not moved
            target = self.cursor
        elif keep is not None and keep in review.position:
            row = review.position[keep]
            # One pass over the view only when the list changed, never per frame.
            target = next((n for n, i in enumerate(view) if i == row),
                          min(self.cursor, len(view) - 1))
        self.cursor = max(0, target)
        self.refresh()

    def drop(self, index: int) -> None:
        """Take row ``index`` out of the view; the cursor stays on its entry, or on the row
        that took the dropped one's place."""
        del self.view[index]
        self.virtual_size = Size(0, len(self.view))
        cursor = self.cursor - 1 if index < self.cursor else self.cursor
        self.cursor = max(0, min(cursor, len(self.view) - 1))
        self.refresh()

    @property
    def current(self) -> Entry | None:
        if self.review is None or not 0 <= self.cursor < len(self.view):
            return None
        return self.review.entries[self.view[self.cursor]]

    def on_resize(self) -> None:
        self.app.query_one(ListHeader).refresh()  # after our own size changed, not before

    def watch_cursor(self, old: int, new: int) -> None:
        if self.view:
            clamped = max(0, min(new, len(self.view) - 1))
            if clamped != new:
                self.cursor = clamped
                return
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        self.refresh()
        row = self.current
        self.post_message(self.Highlighted(row.id if row else None))

    def action_cursor(self, delta: int) -> None:
        self.cursor = self.cursor + delta

    def action_page(self, direction: int) -> None:
        self.cursor = self.cursor + direction * max(1, self.size.height - 1)

    def action_jump(self, where: int) -> None:
        self.cursor = where if where >= 0 else len(self.view) - 1

    def on_click(self, event: Click) -> None:
        self.cursor = self.scroll_offset.y + event.y

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width  # the scrollbar takes its own columns
        n = self.scroll_offset.y + y
        if self.review is None or n >= len(self.view):
            return Strip.blank(width, self.rich_style)
        entry = self.review.entries[self.view[n]]
        zh, en, status = entry.headword, entry.english or "", entry.status.value
        frequency, score = ((entry.mining.frequency, entry.mining.score) if entry.mining
                            else (0, 0.0))
        base = self.rich_style
        if n == self.cursor:
            base = base + self.get_component_rich_style("entry-list--cursor")
        zh_width, en_width, numbers = columns(width)
        mark = "●" if entry.id in self.marked else " "
        segments = [
            Segment(mark, base + Style(color="magenta", bold=True)),
            Segment(cell(zh, zh_width - 1) + " ", base),
            Segment(cell(en or "—", en_width) + " ", base if en else base + Style(dim=True)),
            Segment(cell(status, STATUS_WIDTH) + " ", base + _STATUS_STYLE[status]),
        ]
        if numbers:
            segments.append(Segment(f"{frequency:>{NUM_WIDTH - 1}} {score:>{NUM_WIDTH - 1}.3f}",
                                    base))
        return Strip(segments).adjust_cell_length(width, base).crop(0, width)
