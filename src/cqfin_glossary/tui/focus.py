"""Keys go where the focus is when they are handled, not where it was when they were read.

Textual hands each key to the widget focused when the key is read; a binding
runs only once the key has bubbled back up to the app, and Widget.focus() only
queues the change. Keys read in the same burst (a fast typist, a paste, tmux
send-keys) so all went to the old focus: '/qian' typed quickly quit the editor
at 'q', and 'e' followed by text approved or rejected the entry instead of
editing it. Focus is therefore moved at once (focus_now), and the app passes a
key on to the new focus when the focus moved after the key was read (see
GlossaryApp._on_key).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.events import Key
from textual.widget import Widget
from textual.widgets import Input


def focus_now(widget: Widget) -> None:
    widget.screen.set_focus(widget)


def note_target(event: Key, focused: Widget | None) -> None:
    """Remember which widget a key read from the terminal was handed to."""
    event.meant_for = focused  # type: ignore[attr-defined]


def moved_since(event: Key, focused: Widget | None) -> bool:
    """Whether the focus left the widget ``event`` was handed to before it came back up."""
    meant = getattr(event, "meant_for", None)
    return meant is not None and focused is not None and meant is not focused


class HandOnInput(Input):
    """An Input that hands on the keys of a burst once Enter or a binding moved focus away.

    Enter is handled as soon as this Input reads it (not when it has bubbled back
    to the app), moving the focus to ``after_enter()``: the keys typed right after
    it are then commands again, not more text in a filter or a closed prompt.
    """

    def __init__(self, *args: Any, after_enter: Callable[[], Widget] | None = None,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.after_enter = after_enter

    async def _on_key(self, event: Key) -> None:
        event.prevent_default()  # Input._on_key runs only from here (also when called directly)
        if self.screen.focused is not self:
            return  # not typed here: it bubbles up and the app hands it to the new focus
        if event.key == "enter" and self.after_enter is not None:
            event.stop()
            target = self.after_enter()
            await self.action_submit()
            focus_now(target)
            return
        await super()._on_key(event)
