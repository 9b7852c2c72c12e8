"""Messages that workers post to the app (post_message is safe from a thread)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ..autosave import Theirs, Written
from ..store import Glossary


@dataclass
class GlossaryLoaded(Message):
    """The glossary was read from disk (first load or reload)."""

    glossary: Glossary
    reason: str


@dataclass
class LoadFailed(Message):
    """Reading the glossary failed; the text says where and why."""

    error: str


@dataclass
class SaveDone(Message):
    """Files were written with these changes (several at once when entries moved)."""

    written: list[Written]


@dataclass
class Merged(Message):
    """Another writer changed a file; its entries are ready to be merged with ours."""

    theirs: Theirs


@dataclass
class SaveFailed(Message):
    """A save was refused (conflict, lock, disk); nothing of it was written."""

    files: list[str]
    error: str
    conflict: bool


@dataclass
class MiningDone(Message):
    """Mining finished and its candidates were merged and saved (or it failed)."""

    glossary: Glossary
    summary: str
    error: str | None
