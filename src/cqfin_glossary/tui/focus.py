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

from textual.events import Key
from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    widget.screen.set_focus(widget)


def note_target(event: Key, focused: Widget | None) -> None:
    """Remember which widget a key read from the terminal was handed to."""
    event.meant_for = focused  # type: ignore[attr-defined]


def moved_since(event: Key, focused: Widget | None) -> bool:
    """Whether the focus left the widget ``event`` was handed to before it came back up."""
    meant = getattr(event, "meant_for", None)
    return meant is not None and focused is not None and meant is not focused
